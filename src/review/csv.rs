//! A small, correct CSV writer (RFC 4180 quoting) and the two CSV exports:
//! notes, and attendance.

use std::borrow::Cow;

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

/// One row per note: session, date, group, protocol, phase, kind, time, text.
/// Ids (not display names) for group, protocol and kind, so a spreadsheet can
/// pivot on them even after a group or note kind is renamed.
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
    ]);
    for (id, r) in records {
        let date = r.started_at.format("%Y-%m-%d").to_string();
        for n in &r.notes {
            out.push_str(&row(&[
                id,
                date.as_str(),
                group_id(r),
                r.protocol_id.as_str(),
                n.phase.as_str(),
                n.kind.as_str(),
                n.at.format("%H:%M").to_string().as_str(),
                n.text.as_str(),
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
