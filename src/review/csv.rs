//! A small, correct CSV writer (RFC 4180 quoting) and the CSV exports, one
//! table each: notes, attendance, the norm check-in, plus/delta and action
//! items.

use std::borrow::Cow;

use super::actions::{ItemStates, own_items};
use crate::record::SessionRecord;

/// A field as CSV needs it: quoted when it holds a comma, a quote, or a
/// line break (quotes doubled inside), as-is otherwise.
///
/// Text that a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`: these files are
/// opened by colleagues, and a note must never become a command.
pub(crate) fn field(s: &str) -> Cow<'_, str> {
    let s: Cow<'_, str> = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s
    }
}

/// One CSV line, ending in CRLF as RFC 4180 asks (every spreadsheet accepts it).
pub(crate) fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|c| field(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// A record with the ID it is known by.
pub(crate) type Named<'a> = (&'a str, &'a SessionRecord);

fn group_id(r: &SessionRecord) -> &str {
    r.group.as_ref().map_or("", |g| g.id.as_str())
}

/// One row per note: session, date, group, protocol, phase, kind, time,
/// text, agenda item (last, so the columns before keep their places).
/// Ids (not display names) for group, protocol and kind, so a spreadsheet
/// can pivot on them even after a group or note kind is renamed. `protocol` is the record's (an agenda meeting's is the agenda's
/// id); `item` is the agenda item the note was written in, by name (the
/// protocol's name for a meeting that ran one protocol alone).
pub(crate) fn notes(records: &[Named<'_>]) -> String {
    let mut out = row(&[
        "session_id",
        "date",
        "group",
        "protocol",
        "phase",
        "kind",
        "time",
        "text",
        "item",
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        let items = r.item_times();
        for n in &r.notes {
            let item = items
                .get(r.item_of_step(n.step))
                .map_or("", |i| i.span.name.as_str());
            out.push_str(&row(&[
                id,
                date.as_str(),
                group_id(r),
                r.protocol_id.as_str(),
                n.phase.as_str(),
                n.kind.as_str(),
                n.at.format("%H:%M").to_string().as_str(),
                n.text.as_str(),
                item,
            ]));
        }
    }
    out
}

/// One row per person per session: present, absent or guest.
pub(crate) fn attendance(records: &[Named<'_>]) -> String {
    let mut out = row(&[
        "session_id",
        "date",
        "group",
        "protocol",
        "person",
        "status",
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        let a = &r.attendance;
        for (people, status) in [
            (&a.present, "present"),
            (&a.absent, "absent"),
            (&a.guests, "guest"),
        ] {
            for p in people {
                out.push_str(&row(&[
                    id,
                    date.as_str(),
                    group_id(r),
                    r.protocol_id.as_str(),
                    p.as_str(),
                    status,
                ]));
            }
        }
    }
    out
}

/// One row per norm per session: the room's fist-to-five. `status` says
/// whether the norm was rated, left out of that meeting's check-in, or the
/// whole check-in was skipped; `hands_0`..`hands_5` count the people who
/// showed that many fingers (empty for a record before the hands were
/// counted, which kept one number for the room: `average` then holds it).
pub(crate) fn checkin(records: &[Named<'_>]) -> String {
    let mut out = row(&[
        "session_id",
        "date",
        "group",
        "protocol",
        "norm",
        "status",
        "votes",
        "average",
        "low",
        "high",
        "hands_0",
        "hands_1",
        "hands_2",
        "hands_3",
        "hands_4",
        "hands_5",
        "comment",
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        for c in &r.checkin {
            let room = if r.checkin_skipped { None } else { c.room() };
            let status = if r.checkin_skipped {
                "check-in skipped"
            } else if c.skipped {
                "left out"
            } else if room.is_some() {
                "rated"
            } else {
                "not rated"
            };
            let mut cells: Vec<String> = vec![
                id.to_string(),
                date.clone(),
                group_id(r).to_string(),
                r.protocol_id.clone(),
                c.norm.clone(),
                status.to_string(),
            ];
            match room {
                Some(room) => {
                    cells.push(room.votes().map(|n| n.to_string()).unwrap_or_default());
                    cells.push(average(room.average));
                    cells.push(room.low.to_string());
                    cells.push(room.high.to_string());
                    match room.counts {
                        Some(counts) => cells.extend(counts.iter().map(u32::to_string)),
                        None => cells.extend(std::iter::repeat_n(String::new(), 6)),
                    }
                }
                None => cells.extend(std::iter::repeat_n(String::new(), 10)),
            }
            cells.push(c.comment.clone().unwrap_or_default());
            out.push_str(&row(&cells));
        }
    }
    out
}

/// An average as a spreadsheet reads it: a dot, at most two decimals, no
/// trailing zeros (`3.67`, `4.5`, `4`).
fn average(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// One row per plus and per delta: `kind` is `plus` or `delta`; `owner` is
/// who will see to a delta, when the group named someone.
pub(crate) fn plus_delta(records: &[Named<'_>]) -> String {
    let mut out = row(&[
        "session_id",
        "date",
        "group",
        "protocol",
        "kind",
        "text",
        "owner",
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        let lead = [*id, date.as_str(), group_id(r), r.protocol_id.as_str()];
        for p in &r.plus {
            out.push_str(&row(&[&lead[..], &["plus", p.as_str(), ""]].concat()));
        }
        for d in &r.delta {
            let owner = d.owner.as_deref().unwrap_or("");
            out.push_str(&row(
                &[&lead[..], &["delta", d.text.as_str(), owner]].concat()
            ));
        }
    }
    out
}

/// One row per action item of the meeting that wrote it, as it stands now:
/// `owner`, `due` (YYYY-MM-DD) and `state` (`open`, `done` or `dropped`)
/// with every later meeting's and follow-up's changes applied, and
/// `state_note` saying where its state last changed
/// (`done 2026-12-11 (in 2026-12-11T1530_math9_tuning)`), empty when it
/// stands as written.
pub(crate) fn actions(records: &[Named<'_>], states: &ItemStates) -> String {
    let mut out = row(&[
        "session_id",
        "date",
        "group",
        "protocol",
        "text",
        "owner",
        "due",
        "state",
        "state_note",
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        for a in own_items(id, r, states) {
            let due = a.due.map(|d| d.to_string()).unwrap_or_default();
            out.push_str(&row(&[
                *id,
                date.as_str(),
                group_id(r),
                r.protocol_id.as_str(),
                a.text.as_str(),
                a.owner.as_deref().unwrap_or(""),
                due.as_str(),
                a.state.label(),
                a.note.as_deref().unwrap_or(""),
            ]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_are_left_alone() {
        assert_eq!(field("Ana Ruiz"), "Ana Ruiz");
        assert_eq!(field(""), "");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(field("warm, specific"), "\"warm, specific\"");
        assert_eq!(field("she said \"yes\""), "\"she said \"\"yes\"\"\"");
        assert_eq!(field("line one\nline two"), "\"line one\nline two\"");
        assert_eq!(field("cr\r"), "\"cr\r\"");
        assert_eq!(field(" padded "), "\" padded \"");
    }

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1 for the rubric"), "'+1 for the rubric");
        assert_eq!(field("- a list item"), "'- a list item");
        assert_eq!(field("@mention"), "'@mention");
        assert_eq!(field("\tindented"), "'\tindented");
        assert_eq!(field("a = b"), "a = b", "only a leading sign matters");
    }

    #[test]
    fn averages_read_as_numbers() {
        assert_eq!(average(11.0 / 3.0), "3.67");
        assert_eq!(average(4.5), "4.5");
        assert_eq!(average(4.0), "4");
        assert_eq!(average(0.0), "0");
    }

    #[test]
    fn a_row_joins_quoted_fields_and_ends_in_crlf() {
        assert_eq!(row(&["a", "b,c", "d\"e"]), "a,\"b,c\",\"d\"\"e\"\r\n");
    }

    /// Reads back what `row` writes, the way a spreadsheet would.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = vec![];
        let mut row = vec![];
        let mut cell = String::new();
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => cell.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut cell)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut cell));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => cell.push(c),
            }
        }
        rows
    }

    #[test]
    fn any_text_survives_a_round_trip() {
        let nasty = [
            "plain",
            "a,b",
            "\"quoted\"",
            "multi\nline, with \"all\"",
            "",
            "trailing ",
            "é, ünïcode",
        ];
        assert_eq!(parse(&row(&nasty)), vec![nasty.map(String::from).to_vec()]);
    }
}
