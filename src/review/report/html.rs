//! The report as one self-contained HTML page, with a chart per norm.

use std::fmt::Write as _;

use crate::config::SchoolYear;
use crate::review::html::{escape, line_chart, page};

use super::{
    GroupReport, MIN_MEETINGS_PER_MONTH, MIN_MINUTES, by_school_year, counted_line,
    guidelines_note, heading, items_line, length_line, months_summary, owner_due, percent,
};

/// The report as one self-contained HTML page, with a chart per norm.
pub(crate) fn render_html(reports: &[GroupReport], year: SchoolYear) -> String {
    let mut b = String::from("<h1>PLG report</h1>\n");
    let _ = writeln!(
        b,
        "<p class=\"meta\">{}</p>",
        escape(&guidelines_note(year, reports))
    );
    for r in reports {
        let _ = writeln!(
            b,
            "<section class=\"group\">\n<h2>{}</h2>\n<p class=\"meta\">{}</p>",
            escape(&heading(r)),
            escape(&counted_line(r))
        );
        if r.counted == 0 {
            let _ = writeln!(b, "</section>");
            continue;
        }
        let _ = writeln!(
            b,
            "<h3>Meetings per month</h3>\n<p class=\"note\">Guideline: at least {MIN_MEETINGS_PER_MONTH} a month; months below it are marked.</p>\n<table>\n<thead><tr><th>School year</th>{}</tr></thead>\n<tbody>",
            r.school_year
                .month_labels()
                .map(|m| format!("<th class=\"num\">{m}</th>"))
                .concat()
        );
        for (label, cells) in by_school_year(&r.months, r.school_year) {
            let row: String = cells
                .iter()
                .map(|c| match c {
                    Some(m) if m.flagged => {
                        format!(
                            "<td class=\"num flag\" title=\"below the guideline\">{}</td>",
                            m.meetings
                        )
                    }
                    Some(m) if m.meetings == 0 => "<td class=\"num note\">·</td>".into(),
                    Some(m) => format!("<td class=\"num\">{}</td>", m.meetings),
                    None => "<td></td>".into(),
                })
                .collect();
            let _ = writeln!(b, "<tr><th>{label}</th>{row}</tr>");
        }
        let _ = writeln!(
            b,
            "</tbody>\n</table>\n<p>{}.</p>",
            escape(&months_summary(r))
        );
        if let Some(note) = &r.grid_note {
            let _ = writeln!(b, "<p class=\"note\">Note: {}.</p>", escape(note));
        }
        let _ = writeln!(
            b,
            "<h3>Meeting length</h3>\n<p>Guideline: at least {MIN_MINUTES:.0} minutes. <span class=\"{}\">{}</span>.</p>",
            if r.average_minutes.is_some_and(|a| a < MIN_MINUTES) {
                "flag"
            } else {
                "good"
            },
            escape(&length_line(r))
        );
        if !r.items.is_empty() {
            let _ = writeln!(
                b,
                "<h3>Time per agenda item</h3>\n<p class=\"note\">Since the school year began ({}); running time, pauses left out.</p>\n<table>\n<thead><tr><th>Item</th><th>Kind</th><th class=\"num\">Minutes</th><th class=\"num\">Share</th><th class=\"num\">Meetings</th></tr></thead>\n<tbody>",
                r.school_year_start
            );
            for i in &r.items {
                let _ = writeln!(
                    b,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.0}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(&i.name),
                    i.kind(),
                    i.minutes(),
                    percent(i.share),
                    i.meetings
                );
            }
            let _ = writeln!(b, "</tbody>\n</table>");
            if let Some(line) = items_line(r) {
                let _ = writeln!(b, "<p>{}</p>", escape(&line));
            }
        }
        let _ = writeln!(
            b,
            "<h3>Attendance</h3>\n<table>\n<thead><tr><th>Member</th><th class=\"num\">Present</th><th class=\"num\">Listed</th><th class=\"num\">Rate</th></tr></thead>\n<tbody>"
        );
        for m in &r.attendance {
            let _ = writeln!(
                b,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&m.name),
                m.present,
                m.present + m.absent,
                percent(m.rate())
            );
        }
        let _ = writeln!(b, "</tbody>\n</table>");
        let presented: Vec<String> = r
            .presented
            .iter()
            .map(|(p, n)| {
                if *n > 1 {
                    format!("{} ({n}×)", escape(p))
                } else {
                    escape(p)
                }
            })
            .collect();
        let _ = writeln!(
            b,
            "<h3>Presenters since {}</h3>\n<ul>\n<li>Presented: {}</li>\n<li>Not yet: <span class=\"{}\">{}</span></li>\n</ul>",
            r.school_year_start,
            if presented.is_empty() {
                "nobody yet".into()
            } else {
                presented.join(", ")
            },
            if r.not_presented.is_empty() {
                "good"
            } else {
                "flag"
            },
            if r.not_presented.is_empty() {
                "everyone has presented".into()
            } else {
                escape(&r.not_presented.join(", "))
            }
        );
        if !r.norms.is_empty() {
            let _ = writeln!(
                b,
                "<h3>Norm check-ins</h3>\n<p class=\"note\">Fist to five (0–5): each meeting's room average, averaged per month; the spread is the fewest and most fingers shown.</p>"
            );
            for n in &r.norms {
                let _ = writeln!(
                    b,
                    "<figure>\n<h4>{} <span class=\"note\">average {:.1}, latest {:.1}{}</span></h4>\n{}</figure>",
                    escape(&n.norm),
                    n.average,
                    n.months.last().map_or(0.0, |m| m.1),
                    {
                        let spread = n.spread_text();
                        if spread.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", escape(&spread))
                        }
                    },
                    line_chart(&n.norm, &n.months)
                );
            }
        }
        let _ = writeln!(
            b,
            "<h3>Open action items ({})</h3>\n<ul>",
            r.open_actions.len()
        );
        for a in &r.open_actions {
            let who = owner_due(a);
            let _ = writeln!(
                b,
                "<li><span class=\"time\">{}</span>{}{}</li>",
                a.date,
                escape(&a.text),
                if who.is_empty() {
                    String::new()
                } else {
                    format!(" <span class=\"note\">— {}</span>", escape(&who))
                }
            );
        }
        let _ = writeln!(b, "</ul>\n<h3>Deltas ({})</h3>\n<ul>", r.deltas.len());
        for d in &r.deltas {
            let _ = writeln!(
                b,
                "<li><span class=\"time\">{}</span>{}{}</li>",
                d.date,
                escape(&d.text),
                d.owner
                    .as_ref()
                    .map(|w| format!(" <span class=\"note\">({})</span>", escape(w)))
                    .unwrap_or_default()
            );
        }
        let _ = writeln!(b, "</ul>\n</section>");
    }
    page("PLG report", &b)
}
