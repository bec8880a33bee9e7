//! Exports people share, through the real binary: every CSV table, the JSON
//! export without the record's local path, and text that Markdown or HTML
//! would otherwise read as markup (a note holding `&lt;` stays `&lt;`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;

mod support;

use support::sessions::*;
use support::{plg, stderr, stdout};

/// Splits CSV the way a spreadsheet does (quotes, doubled quotes, line breaks in cells).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let (mut row, mut cell, mut quoted) = (vec![], String::new(), false);
    let mut chars = text.chars().peekable();
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

/// The test home, with the Tuning meeting's first norm counted hand by hand
/// (one fist, … one five), its second left out of the check-in, and a note
/// that holds character references.
fn home_with_hands() -> tempfile::TempDir {
    let h = home();
    let path = h.path().join("sessions").join(format!("{TUNING}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("  rating: 3\n") && text.contains("  rating: 4\n"));
    assert!(text.contains("The sentence frames clearly helped."));
    let text = text
        .replace("  rating: 3\n", "  votes: [0, 1, 0, 2, 2, 1]\n")
        .replace("  rating: 4\n", "  skipped: true\n")
        .replace(
            "The sentence frames clearly helped.",
            "Use &lt;b&gt; & R&amp;D",
        );
    std::fs::write(&path, text).unwrap();
    h
}

fn csv(args: &[&str], home: &Path) -> Vec<Vec<String>> {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "csv"]);
    let out = plg(&all, home);
    assert!(out.status.success(), "{}", stderr(&out));
    parse_csv(&stdout(&out))
}

#[test]
fn the_checkin_table_has_a_row_per_norm_with_the_hands() {
    let h = home_with_hands();
    let rows = csv(&[TUNING, CONSULT, "--table", "checkin"], h.path());
    assert_eq!(
        rows[0],
        [
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
            "comment"
        ]
    );
    assert_eq!(rows.len(), 5, "{rows:?}");
    // 1·1 + 3·2 + 4·2 + 5·1 = 20 fingers over 6 people.
    assert_eq!(
        rows[1],
        [
            TUNING,
            "2026-09-15",
            "math9",
            "tuning",
            "Start and end on time",
            "rated",
            "6",
            "3.33",
            "1",
            "5",
            "0",
            "1",
            "0",
            "2",
            "2",
            "1",
            "We ran over, again"
        ]
    );
    assert_eq!(rows[2][4..7], ["Share airtime", "left out", ""]);
    assert!(rows[2][7..16].iter().all(String::is_empty), "{:?}", rows[2]);
    // The Consultancy's record keeps one number for the room, count unknown.
    assert_eq!(
        rows[3][4..16],
        [
            "Start and end on time",
            "rated",
            "",
            "5",
            "5",
            "5",
            "",
            "",
            "",
            "",
            "",
            ""
        ]
    );
}

#[test]
fn a_skipped_checkin_says_so_on_every_norm() {
    let h = home();
    let path = h.path().join("sessions").join(format!("{CONSULT}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}checkin_skipped: true\n")).unwrap();
    let rows = csv(&[CONSULT, "--table", "checkin"], h.path());
    assert_eq!(rows.len(), 3, "{rows:?}");
    for r in &rows[1..] {
        assert_eq!(r[5], "check-in skipped");
        assert!(r[6..16].iter().all(String::is_empty), "{r:?}");
    }
}

#[test]
fn the_plus_delta_table_has_a_row_per_plus_and_per_delta() {
    let h = home();
    let rows = csv(&["--group", "math9", "--table", "plus-delta"], h.path());
    assert_eq!(
        rows[0],
        [
            "session_id",
            "date",
            "group",
            "protocol",
            "kind",
            "text",
            "owner"
        ]
    );
    assert_eq!(
        rows[1..],
        [
            vec![
                TUNING.to_string(),
                "2026-09-15".into(),
                "math9".into(),
                "tuning".into(),
                "plus".into(),
                "Great clarifying questions".into(),
                String::new()
            ],
            vec![
                TUNING.to_string(),
                "2026-09-15".into(),
                "math9".into(),
                "tuning".into(),
                "delta".into(),
                "Send the work out earlier".into(),
                "Ana Ruiz".into()
            ],
        ]
    );
}

#[test]
fn the_actions_table_has_owner_due_and_state() {
    let h = home();
    let rows = csv(&[TUNING, "--table", "actions"], h.path());
    assert_eq!(
        rows,
        [
            vec![
                "session_id",
                "date",
                "group",
                "protocol",
                "text",
                "owner",
                "due",
                "state",
                "state_note"
            ],
            vec![
                TUNING,
                "2026-09-15",
                "math9",
                "tuning",
                "Share the revised rubric",
                "Ben Okafor",
                "2026-09-29",
                "open",
                ""
            ],
            vec![
                TUNING,
                "2026-09-15",
                "math9",
                "tuning",
                "Book the library",
                "Chen Li",
                "",
                "done",
                ""
            ],
        ]
    );
}

#[test]
fn notes_stay_the_default_table_and_attendance_has_two_spellings() {
    let h = home();
    let default = csv(&[TUNING], h.path());
    assert_eq!(default, csv(&[TUNING, "--table", "notes"], h.path()));
    assert_eq!(default[0][7], "text");
    let old = csv(&[TUNING, "--attendance"], h.path());
    assert_eq!(old, csv(&[TUNING, "--table", "attendance"], h.path()));
    assert_eq!(old[0][4..], ["person", "status"]);
}

#[test]
fn a_table_without_csv_is_a_usage_error() {
    let h = home();
    let out = plg(&["export", TUNING, "--table", "checkin"], h.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--table picks a CSV table; add --format csv"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let both = plg(
        &[
            "export",
            TUNING,
            "--format",
            "csv",
            "--attendance",
            "--table",
            "notes",
        ],
        h.path(),
    );
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
}

#[test]
fn the_json_export_keeps_ids_and_leaves_out_where_files_lie() {
    let h = home();
    for args in [
        vec!["export", TUNING, V1, "--format", "json"],
        vec!["export", "--group", "math9", "--format", "json"],
    ] {
        let out = plg(&args, h.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let records = v.as_array().unwrap();
        assert!(!records.is_empty());
        for r in records {
            assert!(r["id"].is_string(), "{r}");
            assert!(r.get("path").is_none(), "{r}");
        }
        let home = h.path().to_string_lossy();
        assert!(
            !text.contains(home.as_ref()),
            "the home folder leaks:\n{text}"
        );
    }
}

#[test]
fn character_references_in_notes_are_shown_as_typed() {
    let h = home_with_hands();
    let md = stdout(&plg(&["export", TUNING, "--format", "md"], h.path()));
    assert!(md.contains("Use \\&lt;b\\&gt; \\& R\\&amp;D"), "{md}");
    assert!(!md.contains(" &lt;"), "{md}");
    let html = stdout(&plg(&["export", TUNING, "--format", "html"], h.path()));
    assert!(
        html.contains("Use &amp;lt;b&amp;gt; &amp; R&amp;amp;D"),
        "{html}"
    );
    let rows = csv(&[TUNING], h.path());
    assert!(
        rows.iter().any(|r| r[7] == "Use &lt;b&gt; & R&amp;D"),
        "CSV keeps the text as typed: {rows:?}"
    );
}
