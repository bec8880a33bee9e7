//! Self-contained HTML pages: one file with inline CSS (and inline SVG for
//! charts), no scripts, no fonts or images from anywhere else, so a record
//! can be opened, printed or mailed without anything leaving the machine.

use std::fmt::Write as _;

use crate::record::SessionRecord;
use crate::text;

use super::actions::{ItemStates, changes_made, own_items};
use super::detail::{
    PhaseNotes, by_item, group_label, grouped_notes, item_outcomes, phase_groups, rating_marks,
    role_label, span_label,
};
use super::{status_label, time_label};
use crate::meeting::session::ItemState;
use crate::record::format::NoteRecord;

/// Text safe to place in HTML content and in quoted attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept.
fn text(s: &str) -> String {
    escape(s).replace('\n', "<br>")
}

/// Notes by phase (a heading `tag`) and kind.
fn write_phase_notes(o: &mut String, phases: &[PhaseNotes<'_>], tag: &str) {
    for phase in phases {
        let _ = writeln!(o, "<{tag}>{}</{tag}>", escape(&phase.phase));
        for kind in &phase.kinds {
            let _ = writeln!(o, "<p class=\"kind\">{}</p>\n<ul>", escape(&kind.label));
            for n in &kind.notes {
                write_note(o, n);
            }
            let _ = writeln!(o, "</ul>");
        }
    }
}

fn write_note(o: &mut String, n: &NoteRecord) {
    let _ = writeln!(
        o,
        "<li><span class=\"time\">{}</span>{}</li>",
        time_label(&n.at),
        text(&n.text)
    );
}

const CSS: &str = r#"
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --accent: #1f5fa8; --warn: #a8431f; --ok: #2f7d4a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 58rem; padding: 2rem 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; color: var(--accent); }
h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
h5 { font-size: .9rem; margin: .8rem 0 .2rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.kind { font-style: italic; color: var(--muted); margin: .4rem 0 .1rem; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f3f5f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th.item { background: none; border-bottom: none; padding-top: .6rem; }
td.sub { padding-left: 1.5rem; }
ul { margin: .2rem 0 .8rem; padding-left: 1.3rem; }
li { margin: .1rem 0; }
.time { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: .4rem; }
.over, .flag { color: var(--warn); font-weight: 600; }
.good { color: var(--ok); }
.done { color: var(--muted); text-decoration: line-through; }
.marks { letter-spacing: .1em; color: var(--accent); }
.note { color: var(--muted); font-size: .9rem; }
article + article { margin-top: 3rem; }
svg { max-width: 100%; height: auto; }
svg text { font: 11px system-ui, sans-serif; fill: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  table, li, figure { break-inside: avoid; }
  article + article { break-before: page; margin-top: 0; }
  section.group + section.group { break-before: page; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 1.6cm; }
}
"#;

/// A complete page around `body` (already HTML).
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"plg {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

fn people(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        escape(&v.join(", "))
    }
}

/// Action items as written, for tests of everything else.
#[cfg(test)]
pub(crate) fn render_session(id: &str, record: &SessionRecord) -> String {
    render_session_with(id, record, &ItemStates::default())
}

/// One session as an `<article>`, its action items as they stand in `states`.
pub(crate) fn render_session_with(id: &str, record: &SessionRecord, states: &ItemStates) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<article id=\"{}\">\n<h2>{} — {}</h2>",
        escape(id),
        escape(&record.protocol_name),
        escape(&group_label(record))
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">{} · {} · {}<br>Session {}{}</p>",
        escape(&span_label(record)),
        text::rounded_minutes(record.duration().num_seconds()),
        escape(&status_label(record.status, record.speed)),
        escape(id),
        record
            .group
            .as_ref()
            .and_then(|g| g.focus.as_ref())
            .map(|f| format!("<br>Group focus: {}", text(f)))
            .unwrap_or_default()
    );
    for (label, v) in super::detail::setup_answers(record) {
        let _ = writeln!(o, "<p><strong>{label}:</strong> {}</p>", text(v));
    }
    if !record.presented.is_empty() {
        let names: Vec<String> = record.presented.iter().map(|n| text(n)).collect();
        let _ = writeln!(o, "<p><strong>Presented:</strong> {}</p>", names.join(", "));
    }
    let left_out = super::detail::left_out_names(record);
    if !left_out.is_empty() {
        let names: Vec<String> = left_out.iter().map(|n| text(n)).collect();
        let _ = writeln!(
            o,
            "<p><strong>Left out (optional):</strong> {}</p>",
            names.join(", ")
        );
    }

    let a = &record.attendance;
    let _ = writeln!(
        o,
        "<h3>Attendance</h3>\n<ul>\n<li>Present ({}): {}</li>\n<li>Absent ({}): {}</li>\n<li>Guests ({}): {}</li>",
        a.present.len(),
        people(&a.present),
        a.absent.len(),
        people(&a.absent),
        a.guests.len(),
        people(&a.guests)
    );
    if !a.changes.is_empty() {
        let _ = writeln!(o, "<li>Came and went: {}</li>", people(&a.change_texts()));
    }
    let _ = writeln!(o, "</ul>");

    if !record.roles.is_empty() {
        let _ = writeln!(o, "<h3>Roles</h3>\n<ul>");
        for r in &record.roles {
            let _ = writeln!(
                o,
                "<li>{}: {}</li>",
                escape(&role_label(record, &r.role)),
                escape(&r.person)
            );
        }
        let _ = writeln!(o, "</ul>");
    }

    if !record.steps.is_empty() {
        let _ = writeln!(
            o,
            "<h3>Phases</h3>\n<table>\n<thead><tr><th>Phase</th><th>Planned start</th><th>Actual start</th><th class=\"num\">Planned</th><th class=\"num\">Actual</th></tr></thead>\n<tbody>"
        );
        for g in phase_groups(record) {
            // An agenda item's phases follow a row that names it, indented.
            if let Some(name) = &g.heading {
                let _ = writeln!(
                    o,
                    "<tr><th colspan=\"5\" class=\"item\">{}</th></tr>",
                    escape(name)
                );
            }
            let class = if g.heading.is_some() {
                " class=\"sub\""
            } else {
                ""
            };
            for r in g.rows {
                let _ = writeln!(
                    o,
                    "<tr><td{class}>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num{}\">{}</td></tr>",
                    escape(&r.phase),
                    r.planned_start,
                    r.actual_start,
                    r.planned,
                    if r.over { " over" } else { "" },
                    r.actual
                );
            }
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    if by_item(record) {
        let items = item_outcomes(record);
        let _ = writeln!(
            o,
            "<h3>Agenda items</h3>\n<table>\n<thead><tr><th class=\"num\">#</th><th>Item</th><th>Protocol</th><th class=\"num\">Planned</th><th class=\"num\">Actual</th></tr></thead>\n<tbody>"
        );
        for item in &items {
            let (planned, actual) = item
                .times_label()
                .split_once(" / ")
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{planned}</td><td class=\"num{}\">{actual}</td></tr>",
                item.number,
                escape(&item.times.span.name),
                item.times
                    .span
                    .protocol
                    .as_deref()
                    .map_or("—".into(), escape),
                if item.over() { " over" } else { "" },
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
        let _ = writeln!(o, "<h3>Outcomes by agenda item</h3>");
        for item in &items {
            let _ = writeln!(
                o,
                "<h4>{}. {} <span class=\"note\">{}</span></h4>",
                item.number,
                escape(&item.title()),
                item.times_label()
            );
            if item.is_empty() {
                let _ = writeln!(o, "<p class=\"note\">Nothing recorded.</p>");
            }
            if !item.decisions.is_empty() {
                let _ = writeln!(o, "<p class=\"kind\">Decisions</p>\n<ul>");
                for n in &item.decisions {
                    write_note(&mut o, n);
                }
                let _ = writeln!(o, "</ul>");
            }
            write_phase_notes(&mut o, &item.notes, "h5");
        }
    } else {
        let _ = writeln!(o, "<h3>Notes ({})</h3>", record.notes.len());
        if record.notes.is_empty() {
            let _ = writeln!(o, "<p class=\"note\">No notes.</p>");
        }
        write_phase_notes(&mut o, &grouped_notes(record), "h4");
    }

    if !record.checkin.is_empty() {
        let _ = writeln!(
            o,
            "<h3>Norm check-in <span class=\"note\">(fist to five, 0–5){}</span></h3>\n<table>\n<thead><tr><th>Norm</th><th>Room</th><th class=\"num\">Hands (0 1 2 3 4 5)</th><th>Comment</th></tr></thead>\n<tbody>",
            if record.checkin_skipped {
                "; skipped this meeting"
            } else {
                ""
            }
        );
        for c in &record.checkin {
            let (room, hands) = super::markdown::room_cells(c, record.checkin_skipped);
            let marks = c
                .room()
                .filter(|_| !c.skipped && !record.checkin_skipped)
                .map(|r| {
                    format!(
                        " <span class=\"marks\">{}</span>",
                        rating_marks(r.average.round().clamp(0.0, 5.0) as u8)
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}{marks}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(&c.norm),
                escape(&room),
                escape(&hands),
                c.comment.as_deref().map(text).unwrap_or_default()
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    if !record.plus.is_empty() || !record.delta.is_empty() {
        let _ = writeln!(o, "<h3>Plus / delta</h3>\n<ul>");
        for p in &record.plus {
            let _ = writeln!(o, "<li><strong class=\"good\">+</strong> {}</li>", text(p));
        }
        for d in &record.delta {
            let owner = d
                .owner
                .as_ref()
                .map(|w| format!(" <span class=\"note\">({})</span>", escape(w)))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "<li><strong class=\"flag\">Δ</strong> {}{owner}</li>",
                text(&d.text)
            );
        }
        let _ = writeln!(o, "</ul>");
    }

    if !record.actions.is_empty() {
        let _ = writeln!(o, "<h3>Action items</h3>\n<ul>");
        for a in own_items(id, record, states) {
            let who = super::owner_and_due(&a.as_item(), escape)
                .map(|w| format!(" <span class=\"note\">— {w}</span>"))
                .unwrap_or_default();
            let note = a
                .note
                .as_ref()
                .map(|n| format!(" <span class=\"note\">— {}</span>", escape(n)))
                .unwrap_or_default();
            let (mark, class) = match a.state {
                ItemState::Open => ("☐", ""),
                ItemState::Done => ("☑", " class=\"done\""),
                ItemState::Dropped => ("☒", " class=\"done\""),
            };
            let _ = writeln!(
                o,
                "<li>{mark} <span{class}>{}</span>{who}{note}</li>",
                text(&a.text)
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let changes = changes_made(record);
    if !changes.is_empty() {
        let _ = writeln!(o, "<h3>Changes to earlier action items</h3>\n<ul>");
        for c in changes {
            let _ = writeln!(
                o,
                "<li>{} <span class=\"note\">— {} {} → {} (written in {})</span></li>",
                text(c.text),
                c.field,
                escape(c.from),
                escape(c.to),
                escape(c.session)
            );
        }
        let _ = writeln!(o, "</ul>");
    }
    let _ = writeln!(o, "</article>");
    o
}

/// Several sessions as one printable page.
pub(crate) fn render_sessions(
    title: &str,
    sessions: &[(&str, &SessionRecord)],
    states: &ItemStates,
) -> String {
    // One session needs no title above its own heading.
    let mut body = if sessions.len() == 1 {
        String::new()
    } else {
        format!("<h1>{}</h1>\n", escape(title))
    };
    for (id, r) in sessions {
        body.push_str(&render_session_with(id, r, states));
    }
    page(title, &body)
}

/// A small line chart of values on a fixed 0–5 scale (fist to five), with
/// a label under the first and last point. Points are (label, value).
pub(crate) fn line_chart(title: &str, points: &[(String, f64)]) -> String {
    const W: f64 = 480.0;
    const H: f64 = 120.0;
    const LEFT: f64 = 28.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| {
        if points.len() <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (points.len() - 1) as f64
        }
    };
    let y = |v: f64| TOP + plot_h * (1.0 - v.clamp(0.0, 5.0) / 5.0);
    let mut o = format!(
        "<svg viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        escape(title)
    );
    for v in [0.0, 2.5, 5.0] {
        let _ = writeln!(
            o,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#d9dde5\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            W - RIGHT,
            y(v),
            y(v),
            LEFT - 4.0,
            y(v) + 4.0
        );
    }
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    if points.len() > 1 {
        let _ = writeln!(
            o,
            "<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"{}\"/>",
            path.join(" ")
        );
    }
    for (i, (label, v)) in points.iter().enumerate() {
        let _ = writeln!(
            o,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#1f5fa8\"><title>{}: {v:.1}</title></circle>",
            x(i),
            y(*v),
            escape(label)
        );
    }
    if let (Some((first, _)), Some((last, _))) = (points.first(), points.last()) {
        let _ = writeln!(
            o,
            "<text x=\"{LEFT}\" y=\"{}\">{}</text>",
            H - 6.0,
            escape(first)
        );
        if points.len() > 1 {
            let _ = writeln!(
                o,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                W - RIGHT,
                H - 6.0,
                escape(last)
            );
        }
    }
    o.push_str("</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_user_text_is_escaped() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn pages_are_self_contained_and_printable() {
        let p = page("A <b> title", "<p>x</p>\n");
        assert!(p.starts_with("<!DOCTYPE html>"));
        assert!(p.contains("<title>A &lt;b&gt; title</title>"));
        assert!(p.contains("@media print"));
        for external in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!p.contains(external), "{external} in page");
        }
    }

    #[test]
    fn the_chart_scales_fist_to_five_and_escapes_labels() {
        let svg = line_chart(
            "Share <airtime>",
            &[("2026-09".into(), 0.0), ("2026-10".into(), 5.0)],
        );
        assert!(svg.contains("aria-label=\"Share &lt;airtime&gt;\""));
        // 0 sits on the bottom of the plot, 5 on the top.
        assert!(svg.contains("points=\"28.0,96.0 468.0,10.0\""), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
