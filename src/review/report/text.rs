//! The report as terminal text, with sparklines.

use std::fmt::Write as _;

use crate::config::SchoolYear;
use crate::term_text::one_line;
use crate::text;

use super::{
    GroupReport, MIN_MEETINGS_PER_MONTH, MIN_MINUTES, by_school_year, counted_line,
    guidelines_note, heading, items_line, length_line, months_summary, owner_due, percent,
    sparkline,
};

/// The report as terminal text.
/// Names, norms and texts come from records: each is kept to one line with
/// control characters shown (see [`crate::term_text`]), and widths count that.
pub(crate) fn render_text(reports: &[GroupReport], year: SchoolYear) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", guidelines_note(year, reports));
    for r in reports {
        let title = one_line(&heading(r)).into_owned();
        let _ = writeln!(o, "\n{title}\n{}", "=".repeat(text::width(&title)));
        let _ = writeln!(o, "{}", counted_line(r));
        if r.counted == 0 {
            continue;
        }
        let _ = writeln!(
            o,
            "\nMeetings per month (guideline: at least {MIN_MEETINGS_PER_MONTH}; ! = below)"
        );
        let _ = writeln!(
            o,
            "  {:<7}{}",
            "",
            r.school_year
                .month_labels()
                .map(|m| format!("{m:>4} "))
                .concat()
                .trim_end()
        );
        for (label, cells) in by_school_year(&r.months, r.school_year) {
            let row: String = cells
                .iter()
                .map(|c| match c {
                    // The mark goes after the number so digits stay under their month.
                    Some(m) if m.flagged => format!("{:>4}!", m.meetings),
                    Some(m) if m.meetings == 0 => format!("{:>4} ", "·"),
                    Some(m) => format!("{:>4} ", m.meetings),
                    None => "     ".into(),
                })
                .collect();
            let _ = writeln!(o, "  {label:<7}{}", row.trim_end());
        }
        let _ = writeln!(o, "  {}", months_summary(r));
        if let Some(note) = &r.grid_note {
            let _ = writeln!(o, "  ({note})");
        }

        let _ = writeln!(
            o,
            "\nMeeting length (guideline: at least {MIN_MINUTES:.0} min)\n  {}",
            length_line(r)
        );

        if !r.items.is_empty() {
            let _ = writeln!(
                o,
                "\nTime per agenda item since the school year began ({}; running time, pauses left out)",
                r.school_year_start
            );
            let width = r
                .items
                .iter()
                .map(|i| text::width(&one_line(&i.name)))
                .max()
                .unwrap_or(0);
            for i in &r.items {
                let _ = writeln!(
                    o,
                    "  {}  {:<8} {:>5} min {:>5}  in {} meeting{}",
                    text::pad(&one_line(&i.name), width),
                    i.kind(),
                    format!("{:.0}", i.minutes()),
                    percent(i.share),
                    i.meetings,
                    if i.meetings == 1 { "" } else { "s" }
                );
            }
            if let Some(line) = items_line(r) {
                let _ = writeln!(o, "  {line}");
            }
        }

        let _ = writeln!(o, "\nAttendance (present / meetings listed)");
        let width = r
            .attendance
            .iter()
            .map(|m| text::width(&one_line(&m.name)))
            .max()
            .unwrap_or(0);
        for m in &r.attendance {
            let _ = writeln!(
                o,
                "  {}  {:>3}/{:<3} {:>5}",
                text::pad(&one_line(&m.name), width),
                m.present,
                m.present + m.absent,
                percent(m.rate())
            );
        }

        let _ = writeln!(
            o,
            "\nPresenters since the school year began ({})",
            r.school_year_start
        );
        let presented: Vec<String> = r
            .presented
            .iter()
            .map(|(p, n)| {
                if *n > 1 {
                    format!("{} ({n}×)", one_line(p))
                } else {
                    one_line(p).into_owned()
                }
            })
            .collect();
        let _ = writeln!(
            o,
            "  presented: {}",
            if presented.is_empty() {
                "nobody yet".into()
            } else {
                presented.join(", ")
            }
        );
        let _ = writeln!(
            o,
            "  not yet:   {}",
            if r.not_presented.is_empty() {
                "everyone has presented".into()
            } else {
                r.not_presented
                    .iter()
                    .map(|p| one_line(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );

        if !r.norms.is_empty() {
            let _ = writeln!(
                o,
                "\nNorm check-ins (fist to five: each meeting's room average, averaged per month; ▁ = 0 … █ = 5)"
            );
            let width = r
                .norms
                .iter()
                .map(|n| text::width(&one_line(&n.norm)))
                .max()
                .unwrap_or(0);
            for n in &r.norms {
                let latest = n.months.last().map_or(0.0, |m| m.1);
                let spread = n.spread_text();
                let _ = writeln!(
                    o,
                    "  {}  {}  average {:.1}, latest {:.1}{}{spread}",
                    text::pad(&one_line(&n.norm), width),
                    sparkline(n.months.iter().map(|m| m.1)),
                    n.average,
                    latest,
                    if spread.is_empty() { "" } else { "; " },
                );
            }
        }

        let _ = writeln!(o, "\nOpen action items ({})", r.open_actions.len());
        for a in &r.open_actions {
            let who = owner_due(a);
            let _ = writeln!(
                o,
                "  {}  {}{}",
                a.date,
                one_line(&a.text.replace('\n', " ")),
                if who.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", one_line(&who))
                }
            );
        }
        let _ = writeln!(o, "\nDeltas ({})", r.deltas.len());
        for d in &r.deltas {
            let _ = writeln!(
                o,
                "  {}  {}{}",
                d.date,
                one_line(&d.text.replace('\n', " ")),
                d.owner
                    .as_ref()
                    .map(|w| format!(" ({})", one_line(w)))
                    .unwrap_or_default()
            );
        }
    }
    o
}
