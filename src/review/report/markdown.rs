//! The report as Markdown, for a shared document.

use std::fmt::Write as _;

use crate::config::SchoolYear;
use crate::review::markdown::inline;

use super::{
    GroupReport, MIN_MEETINGS_PER_MONTH, MIN_MINUTES, by_school_year, counted_line,
    guidelines_note, heading, items_line, length_line, months_summary, owner_due, percent,
    sparkline,
};

/// The report as Markdown.
pub(crate) fn render_md(reports: &[GroupReport], year: SchoolYear) -> String {
    let mut o = String::from("# PLG report\n\n");
    let _ = writeln!(o, "{}\n", guidelines_note(year, reports));
    for r in reports {
        let _ = writeln!(o, "## {}\n\n{}\n", inline(&heading(r)), counted_line(r));
        if r.counted == 0 {
            continue;
        }
        let _ = writeln!(
            o,
            "### Meetings per month\n\nGuideline: at least {MIN_MEETINGS_PER_MONTH} a month; **bold** months are below it.\n"
        );
        let _ = writeln!(
            o,
            "| School year | {} |",
            r.school_year.month_labels().join(" | ")
        );
        let _ = writeln!(o, "| --- |{}", " ---: |".repeat(12));
        for (label, cells) in by_school_year(&r.months, r.school_year) {
            let row: Vec<String> = cells
                .iter()
                .map(|c| match c {
                    Some(m) if m.flagged => format!("**{}**", m.meetings),
                    Some(m) if m.meetings == 0 => "·".into(),
                    Some(m) => m.meetings.to_string(),
                    None => String::new(),
                })
                .collect();
            let _ = writeln!(o, "| {label} | {} |", row.join(" | "));
        }
        let _ = writeln!(o, "\n{}.\n", months_summary(r));
        if let Some(note) = &r.grid_note {
            let _ = writeln!(o, "_Note: {note}._\n");
        }
        let _ = writeln!(
            o,
            "### Meeting length\n\nGuideline: at least {MIN_MINUTES:.0} minutes. {}.\n",
            length_line(r)
        );
        if !r.items.is_empty() {
            let _ = writeln!(
                o,
                "### Time per agenda item\n\nSince the school year began ({}); running time, pauses left out.\n",
                r.school_year_start
            );
            let _ = writeln!(
                o,
                "| Item | Kind | Minutes | Share | Meetings |\n| --- | --- | ---: | ---: | ---: |"
            );
            for i in &r.items {
                let _ = writeln!(
                    o,
                    "| {} | {} | {:.0} | {} | {} |",
                    inline(&i.name.replace(['\n', '\r'], " ")),
                    i.kind(),
                    i.minutes(),
                    percent(i.share),
                    i.meetings
                );
            }
            if let Some(line) = items_line(r) {
                let _ = writeln!(o, "\n{line}");
            }
            o.push('\n');
        }
        let _ = writeln!(
            o,
            "### Attendance\n\n| Member | Present | Listed | Rate |\n| --- | ---: | ---: | ---: |"
        );
        for m in &r.attendance {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                inline(&m.name),
                m.present,
                m.present + m.absent,
                percent(m.rate())
            );
        }
        let _ = writeln!(o, "\n### Presenters since {}\n", r.school_year_start);
        let presented: Vec<String> = r
            .presented
            .iter()
            .map(|(p, n)| {
                if *n > 1 {
                    format!("{} ({n}×)", inline(p))
                } else {
                    inline(p)
                }
            })
            .collect();
        let _ = writeln!(
            o,
            "- Presented: {}\n- Not yet: {}\n",
            if presented.is_empty() {
                "nobody yet".into()
            } else {
                presented.join(", ")
            },
            if r.not_presented.is_empty() {
                "everyone has presented".into()
            } else {
                r.not_presented
                    .iter()
                    .map(|p| inline(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        if !r.norms.is_empty() {
            let _ = writeln!(
                o,
                "### Norm check-ins\n\nFist to five (0–5): each meeting's room average, averaged per month; the spread is the fewest and most fingers shown.\n\n| Norm | Trend | Average | Latest | Spread | Last meeting |\n| --- | --- | ---: | ---: | :---: | --- |"
            );
            for n in &r.norms {
                let _ = writeln!(
                    o,
                    "| {} | {} | {:.1} | {:.1} | {} | {} |",
                    inline(&n.norm),
                    sparkline(n.months.iter().map(|m| m.1)),
                    n.average,
                    n.months.last().map_or(0.0, |m| m.1),
                    n.spread
                        .map_or("—".to_string(), |(lo, hi)| format!("{lo}–{hi}")),
                    n.last.map_or("—".to_string(), |room| {
                        let dist = room.distribution();
                        if dist.is_empty() {
                            room.label()
                        } else {
                            format!("{} ({dist})", room.label())
                        }
                    })
                );
            }
            o.push('\n');
        }
        let _ = writeln!(o, "### Open action items ({})\n", r.open_actions.len());
        for a in &r.open_actions {
            let who = owner_due(a);
            let _ = writeln!(
                o,
                "- {} {}{}",
                a.date,
                inline(&a.text),
                if who.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", inline(&who))
                }
            );
        }
        let _ = writeln!(o, "\n### Deltas ({})\n", r.deltas.len());
        for d in &r.deltas {
            let _ = writeln!(
                o,
                "- {} {}{}",
                d.date,
                inline(&d.text),
                d.owner
                    .as_ref()
                    .map(|w| format!(" ({})", inline(w)))
                    .unwrap_or_default()
            );
        }
        o.push('\n');
    }
    o
}
