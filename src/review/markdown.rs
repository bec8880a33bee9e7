//! Sessions as Markdown, for pasting into a shared document.

use std::fmt::Write as _;

use crate::record::SessionRecord;
use crate::text;

use super::actions::{ItemStates, changes_made, own_items};
use super::detail::{
    PhaseNotes, by_item, group_label, grouped_notes, item_outcomes, phase_groups, role_label,
    span_label,
};
use super::{status_label, time_label};
use crate::meeting::session::ItemState;

/// Text that Markdown shows as written: characters that would start
/// emphasis, links, code, HTML, table cells or character references (`&lt;`
/// would show as `<`) are backslash-escaped.
pub(crate) fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            // A hard line break that stays inside the list item or paragraph.
            out.push_str("  \n  ");
        }
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let rest: Vec<char> = line.chars().skip(lead).collect();
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        // Where a backslash keeps a line from reading as a list item or rule.
        let escape_at = match rest.first() {
            Some('-' | '+' | '=') => Some(lead),
            Some(c) if c.is_ascii_digit() && matches!(rest.get(digits), Some('.' | ')')) => {
                Some(lead + digits)
            }
            _ => None,
        };
        for (j, c) in line.chars().enumerate() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
            ) || escape_at == Some(j)
            {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// One table cell: inline text on a single line.
fn cell(s: &str) -> String {
    inline(&s.replace(['\n', '\r'], " "))
}

/// Action items as written, for tests of everything else.
#[cfg(test)]
pub(crate) fn render_session(id: &str, record: &SessionRecord) -> String {
    render_session_with(id, record, &ItemStates::default())
}

/// One session as a Markdown section (`##` heading, `###` parts), its
/// action items as they stand in `states`.
pub(crate) fn render_session_with(id: &str, record: &SessionRecord, states: &ItemStates) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "## {} — {}\n",
        inline(&record.protocol_name),
        inline(&group_label(record))
    );
    let _ = writeln!(
        o,
        "**{}** · {} · {}  \nSession `{}`\n",
        span_label(record),
        text::rounded_minutes(record.duration().num_seconds()),
        status_label(record.status, record.speed),
        id.replace('`', "'")
    );
    if let Some(focus) = record.group.as_ref().and_then(|g| g.focus.as_ref()) {
        let _ = writeln!(o, "Group focus: {}\n", inline(focus));
    }
    for (label, v) in super::detail::setup_answers(record) {
        let _ = writeln!(o, "**{label}:** {}\n", inline(v));
    }
    if !record.presented.is_empty() {
        let names: Vec<String> = record.presented.iter().map(|n| inline(n)).collect();
        let _ = writeln!(o, "**Presented:** {}\n", names.join(", "));
    }
    let left_out = super::detail::left_out_names(record);
    if !left_out.is_empty() {
        let names: Vec<String> = left_out.iter().map(|n| inline(n)).collect();
        let _ = writeln!(o, "**Left out (optional):** {}\n", names.join(", "));
    }

    let a = &record.attendance;
    let names = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.iter().map(|n| inline(n)).collect::<Vec<_>>().join(", ")
        }
    };
    let _ = writeln!(o, "### Attendance\n");
    let _ = writeln!(o, "- Present ({}): {}", a.present.len(), names(&a.present));
    let _ = writeln!(o, "- Absent ({}): {}", a.absent.len(), names(&a.absent));
    let _ = writeln!(o, "- Guests ({}): {}", a.guests.len(), names(&a.guests));
    if !a.changes.is_empty() {
        let _ = writeln!(o, "- Came and went: {}", names(&a.change_texts()));
    }
    let _ = writeln!(o);

    if !record.roles.is_empty() {
        let _ = writeln!(o, "### Roles\n");
        for r in &record.roles {
            let _ = writeln!(
                o,
                "- {}: {}",
                inline(&role_label(record, &r.role)),
                inline(&r.person)
            );
        }
        o.push('\n');
    }

    if !record.steps.is_empty() {
        let _ = writeln!(o, "### Phases\n");
        let _ = writeln!(
            o,
            "| Phase | Planned start | Actual start | Planned | Actual |\n| --- | --- | --- | ---: | ---: |"
        );
        for g in phase_groups(record) {
            // An agenda item's phases follow a row that names it.
            if let Some(name) = &g.heading {
                let _ = writeln!(o, "| **{}** | | | | |", cell(name));
            }
            let lead = if g.heading.is_some() { "↳ " } else { "" };
            for r in g.rows {
                let _ = writeln!(
                    o,
                    "| {lead}{} | {} | {} | {} | {}{} |",
                    cell(&r.phase),
                    r.planned_start,
                    r.actual_start,
                    r.planned,
                    r.actual,
                    if r.over { " (over)" } else { "" }
                );
            }
        }
        o.push('\n');
    }

    if by_item(record) {
        let items = item_outcomes(record);
        let _ = writeln!(o, "### Agenda items\n");
        let _ = writeln!(
            o,
            "| # | Item | Protocol | Planned | Actual |\n| ---: | --- | --- | ---: | ---: |"
        );
        for item in &items {
            let (planned, actual) = item
                .times_label()
                .split_once(" / ")
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {planned} | {actual}{} |",
                item.number,
                cell(&item.times.span.name),
                item.times.span.protocol.as_deref().map_or("—".into(), cell),
                if item.over() { " (over)" } else { "" }
            );
        }
        o.push('\n');
        let _ = writeln!(o, "### Outcomes by agenda item\n");
        for item in &items {
            let _ = writeln!(
                o,
                "#### {}. {} ({})\n",
                item.number,
                inline(&item.title()),
                item.times_label()
            );
            if item.is_empty() {
                let _ = writeln!(o, "Nothing recorded.\n");
            }
            if !item.decisions.is_empty() {
                let _ = writeln!(o, "**Decisions**\n");
                for n in &item.decisions {
                    let _ = writeln!(o, "- {} {}", time_label(&n.at), inline(&n.text));
                }
                o.push('\n');
            }
            write_phase_notes(&mut o, &item.notes, "#####");
        }
    } else {
        let _ = writeln!(o, "### Notes\n");
        if record.notes.is_empty() {
            let _ = writeln!(o, "No notes.\n");
        }
        write_phase_notes(&mut o, &grouped_notes(record), "####");
    }

    if !record.checkin.is_empty() {
        let _ = writeln!(
            o,
            "### Norm check-in (fist to five, 0–5){}\n",
            if record.checkin_skipped {
                ": skipped this meeting"
            } else {
                ""
            }
        );
        let _ = writeln!(
            o,
            "| Norm | Room | Hands (0 1 2 3 4 5) | Comment |\n| --- | --- | :---: | --- |"
        );
        for c in &record.checkin {
            let (room, hands) = room_cells(c, record.checkin_skipped);
            let _ = writeln!(
                o,
                "| {} | {room} | {hands} | {} |",
                cell(&c.norm),
                c.comment.as_deref().map(cell).unwrap_or_default()
            );
        }
        o.push('\n');
    }

    if !record.plus.is_empty() || !record.delta.is_empty() {
        let _ = writeln!(o, "### Plus / delta\n");
        for p in &record.plus {
            let _ = writeln!(o, "- **+** {}", inline(p));
        }
        for d in &record.delta {
            let owner = d
                .owner
                .as_ref()
                .map(|w| format!(" ({})", inline(w)))
                .unwrap_or_default();
            let _ = writeln!(o, "- **Δ** {}{owner}", inline(&d.text));
        }
        o.push('\n');
    }

    if !record.actions.is_empty() {
        let _ = writeln!(o, "### Action items\n");
        for a in own_items(id, record, states) {
            let who = super::owner_and_due(&a.as_item(), inline)
                .map(|w| format!(" — {w}"))
                .unwrap_or_default();
            let note = a
                .note
                .as_ref()
                .map(|n| format!(" — *{}*", inline(n)))
                .unwrap_or_default();
            // A task list has no box for "dropped": it is struck through instead.
            let item = match a.state {
                ItemState::Open => format!("[ ] {}", inline(&a.text)),
                ItemState::Done => format!("[x] {}", inline(&a.text)),
                ItemState::Dropped => format!("~~{}~~", inline(&a.text)),
            };
            let _ = writeln!(o, "- {item}{who}{note}");
        }
        o.push('\n');
    }
    let changes = changes_made(record);
    if !changes.is_empty() {
        let _ = writeln!(o, "### Changes to earlier action items\n");
        for c in changes {
            let _ = writeln!(
                o,
                "- {} — {} {} → {} (written in {})",
                inline(c.text),
                c.field,
                inline(c.from),
                inline(c.to),
                inline(c.session)
            );
        }
        o.push('\n');
    }
    o
}

/// Notes by phase (a heading of `level`) and kind.
fn write_phase_notes(o: &mut String, phases: &[PhaseNotes<'_>], level: &str) {
    for phase in phases {
        let _ = writeln!(o, "{level} {}\n", inline(&phase.phase));
        for kind in &phase.kinds {
            let _ = writeln!(o, "*{}*\n", inline(&kind.label));
            for n in &kind.notes {
                let _ = writeln!(o, "- {} {}", time_label(&n.at), inline(&n.text));
            }
            o.push('\n');
        }
    }
}

/// Several sessions, one after another, under a title.
pub(crate) fn render_sessions(
    title: &str,
    sessions: &[(&str, &SessionRecord)],
    states: &ItemStates,
) -> String {
    // One session needs no title above its own heading.
    let mut o = if sessions.len() == 1 {
        String::new()
    } else {
        format!("# {}\n\n", inline(title))
    };
    for (i, (id, r)) in sessions.iter().enumerate() {
        if i > 0 {
            o.push_str("---\n\n");
        }
        o.push_str(&render_session_with(id, r, states));
    }
    o
}

/// A norm's check-in as two cells: the room (count, average, spread) and
/// the hands shown, fist to five; `—` for what is not known.
pub(crate) fn room_cells(
    c: &crate::meeting::session::NormRating,
    checkin_skipped: bool,
) -> (String, String) {
    if c.skipped || checkin_skipped {
        return ("not checked".into(), "—".into());
    }
    match c.room() {
        None => ("—".into(), "—".into()),
        Some(room) => {
            let dist = room.distribution();
            (
                room.label(),
                if dist.is_empty() { "—".into() } else { dist },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_syntax_in_notes_is_shown_as_written() {
        assert_eq!(inline("2*3 and a_b"), "2\\*3 and a\\_b");
        assert_eq!(inline("[link](x) <b>"), "\\[link\\](x) \\<b\\>");
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("&lt; &amp; R&D"), "\\&lt; \\&amp; R\\&D");
    }

    #[test]
    fn lines_that_would_start_a_list_or_heading_are_escaped() {
        assert_eq!(inline("- not a list"), "\\- not a list");
        assert_eq!(inline("# not a heading"), "\\# not a heading");
        assert_eq!(inline("1. not numbered"), "1\\. not numbered");
        assert_eq!(inline("12) nor this"), "12\\) nor this");
        assert_eq!(inline("ok - fine"), "ok - fine");
    }

    #[test]
    fn line_breaks_stay_inside_the_item() {
        assert_eq!(inline("one\ntwo"), "one  \n  two");
    }
}
