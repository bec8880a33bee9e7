//! The review side through the real binary: `plg logs`, `plg export` and
//! `plg report` on a folder of sessions built the way plg builds them (real
//! meetings of the built-in protocols), plus a format-v1 record and a
//! damaged file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;
use std::process::{Command, Output};

mod support;

use support::sessions::*;

fn plg(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plg"))
        .args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env("NO_COLOR", "1")
        .output()
        .expect("plg runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ids_in(table: &str) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

#[test]
fn the_list_is_newest_first_and_names_damaged_files_on_stderr() {
    let h = home();
    let out = plg(&["logs", "list"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    // The rehearsal is left out (see rehearsals_are_left_out_unless_asked_for).
    assert_eq!(ids_in(&t), [ESW, CONSULT, TUNING, V1], "{t}");
    let header = t.lines().next().unwrap();
    for col in [
        "DATE",
        "GROUP",
        "PROTOCOL",
        "PRESENTER",
        "LENGTH",
        "NOTES",
        "STATUS",
    ] {
        assert!(header.contains(col), "{header}");
    }
    let tuning = t.lines().find(|l| l.starts_with(TUNING)).unwrap();
    for cell in [
        "2026-09-15 15:30",
        "math9",
        "tuning",
        "Ben Okafor",
        "55 min",
        "completed",
    ] {
        assert!(tuning.contains(cell), "{cell} missing: {tuning}");
    }
    assert!(
        t.lines()
            .any(|l| l.starts_with(CONSULT) && l.contains("ended early"))
    );
    assert!(
        t.lines()
            .any(|l| l.starts_with(ESW) && l.contains("in progress"))
    );
    let err = stderr(&out);
    let damaged = h.path().join("sessions").join(DAMAGED);
    assert!(
        err.contains(&format!("warning: {}:2: ", damaged.display())),
        "{err}"
    );
}

#[test]
fn plg_logs_alone_lists_like_plg_logs_list() {
    let h = home();
    let alone = plg(&["logs"], h.path());
    let list = plg(&["logs", "list"], h.path());
    assert!(alone.status.success());
    assert_eq!(stdout(&alone), stdout(&list));
}

#[test]
fn filters_narrow_the_list_by_group_protocol_and_date() {
    let h = home();
    let by_group = stdout(&plg(&["logs", "list", "--group", "sci7"], h.path()));
    assert_eq!(ids_in(&by_group), [ESW]);
    let by_name = stdout(&plg(
        &["logs", "list", "--group", "grade 9 math plg"],
        h.path(),
    ));
    // The format-1 record knew only the group's id.
    assert_eq!(ids_in(&by_name), [CONSULT, TUNING]);
    let by_protocol = stdout(&plg(
        &["logs", "list", "--group", "math9", "--protocol", "tuning"],
        h.path(),
    ));
    assert_eq!(ids_in(&by_protocol), [TUNING, V1]);
    let since = stdout(&plg(&["logs", "list", "--since", "2026-10-06"], h.path()));
    assert_eq!(ids_in(&since), [ESW, CONSULT]);
    let none = stdout(&plg(&["logs", "list", "--group", "nobody"], h.path()));
    assert_eq!(none.trim(), "No sessions match.");
}

#[test]
fn json_lists_the_same_sessions_with_id_and_path() {
    let h = home();
    let out = plg(&["logs", "list", "--json"], h.path());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 4, "the rehearsal is left out");
    let t = rows.iter().find(|r| r["id"] == TUNING).unwrap();
    assert_eq!(t["group"], "math9");
    assert_eq!(t["group_name"], "Grade 9 Math PLG");
    assert_eq!(t["protocol"], "tuning");
    assert_eq!(t["presenter"], "Ben Okafor");
    assert_eq!(t["duration_minutes"], 55);
    assert_eq!(t["notes"], 4);
    assert_eq!(t["status"], "completed");
    assert_eq!(t["date"], "2026-09-15 15:30");
    assert!(
        t["path"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{TUNING}.yaml"))
    );
    assert!(stderr(&out).contains(DAMAGED), "warnings stay on stderr");
    let all = plg(&["logs", "list", "--json", "--rehearsals"], h.path());
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let r = rows.iter().find(|r| r["id"] == REHEARSAL).unwrap();
    assert_eq!(
        (r["speed"].as_u64(), r["rehearsal"].as_bool()),
        (Some(20), Some(true))
    );
}

#[test]
fn search_keeps_sessions_whose_text_matches_and_marks_the_match() {
    let h = home();
    // Quoted, the words must stand together, as written.
    let out = plg(
        &["logs", "list", "--search", "\"SENTENCE frames\""],
        h.path(),
    );
    assert!(out.status.success());
    let t = stdout(&out);
    assert_eq!(ids_in(t.split("\n\n").next().unwrap()), [TUNING, V1]);
    assert!(t.contains("«sentence frames» clearly helped"), "{t}");
    // Unquoted, each word is marked where it is found.
    let words = stdout(&plg(
        &["logs", "list", "--search", "frames SENTENCE"],
        h.path(),
    ));
    assert_eq!(ids_in(words.split("\n\n").next().unwrap()), [TUNING, V1]);
    assert!(
        words.contains("«sentence» «frames» clearly helped"),
        "{words}"
    );
    let json = plg(
        &["logs", "list", "--search", "\"send the work\"", "--json"],
        h.path(),
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["id"], TUNING);
    assert_eq!(v[0]["matches"][0]["field"], "delta");
    assert_eq!(
        v[0]["matches"][0]["highlights"][0],
        serde_json::json!([0, 13])
    );
    let nothing = plg(&["logs", "list", "--search", "no such words"], h.path());
    assert_eq!(stdout(&nothing).trim(), "No sessions match.");
}

#[test]
fn show_prints_the_whole_session_from_a_unique_prefix() {
    let h = home();
    let out = plg(&["logs", "show", "2026-09-15"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    for expected in [
        "Tuning Protocol — Grade 9 Math PLG (math9)",
        "2026-09-15 15:30–16:25 · 55 min · completed",
        "Focusing question\n  How do I get students to justify each step?",
        "Present (3): Ana Ruiz, Ben Okafor, Chen Li",
        "Absent (1):  Dana Wright",
        "Guests (1):  Eve Sample",
        "Presenter    Ben Okafor",
        // Planned and actual start, planned and actual time.
        "Presentation            15:35 / 15:35   12:00 / 12:00",
        "Prepare feedback        16:02 / 16:04    3:00 / 3:00",
        "  Examine the work\n    Warm feedback\n      15:55  The sentence frames clearly helped.\n    Cool feedback\n      15:56  Line one\n             line two",
        "Start and end on time  ●●●○○ avg 3.0 (one room rating)  “We ran over, again”",
        "+ Great clarifying questions",
        "Δ Send the work out earlier (Ana Ruiz)",
        "[ ] Share the revised rubric — Ben Okafor, due 2026-09-29",
        "[x] Book the library — Chen Li",
    ] {
        assert!(t.contains(expected), "missing {expected:?} in:\n{t}");
    }
}

#[test]
fn late_arrivals_and_early_leavers_show_with_their_times_everywhere() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let path = save(
        &dir,
        &Plan {
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor"],
            absent: &["Chen Li"],
            ..QUIET
        },
    );
    let mut record = plg::record::read_file(&path).unwrap();
    let a = &mut record.attendance;
    a.set_here("Chen Li", true, at("2026-09-15T15:42:00-04:00"));
    a.set_here("Ben Okafor", false, at("2026-09-15T16:10:00-04:00"));
    plg::record::store::save(&path, &record).unwrap();

    let id = path.file_stem().unwrap().to_str().unwrap();
    let shown = stdout(&plg(&["logs", "show", id], home.path()));
    assert!(
        shown.contains("Present (3): Ana Ruiz, Ben Okafor, Chen Li"),
        "{shown}"
    );
    assert!(
        shown.contains("Came and went: 15:42 Chen Li arrived, 16:10 Ben Okafor left"),
        "{shown}"
    );
    let md = stdout(&plg(&["export", id], home.path()));
    assert!(
        md.contains("- Came and went: 15:42 Chen Li arrived, 16:10 Ben Okafor left\n"),
        "{md}"
    );
    let html = stdout(&plg(&["export", id, "--format", "html"], home.path()));
    assert!(
        html.contains(
            "<li>Came and went: 15:42 Chen Li arrived, 16:10 Ben Okafor left</li>\n</ul>"
        ),
        "{html}"
    );
}

#[test]
fn show_reads_a_format_1_record() {
    let h = home();
    let t = stdout(&plg(&["logs", "show", V1], h.path()));
    assert!(t.contains("Tuning Protocol — math9"), "{t}");
    assert!(
        t.contains("2026-09-08 15:15–16:14 · 60 min · completed"),
        "{t}"
    );
    assert!(t.contains("record format 1"), "{t}");
    assert!(
        t.contains("15:50  The sentence frames clearly helped."),
        "{t}"
    );
}

#[test]
fn an_ambiguous_prefix_lists_candidates_and_exits_2() {
    let h = home();
    let out = plg(&["logs", "show", "2026-09"], h.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(V1) && err.contains(TUNING), "{err}");
}

#[test]
fn an_unknown_id_suggests_the_nearest_and_exits_1() {
    let h = home();
    let out = plg(&["logs", "show", "2026-09-16T1530_math9_tuning"], h.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("did you mean `{TUNING}`")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn showing_a_damaged_record_names_its_file_and_line() {
    let h = home();
    let out = plg(&["logs", "show", "2026-10-01"], h.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{DAMAGED}:2: ")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn markdown_export_escapes_markup_and_keeps_every_part() {
    let h = home();
    let out = plg(&["export", TUNING], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.starts_with("## Tuning Protocol — Grade 9 Math PLG (math9)\n"),
        "{md}"
    );
    for expected in [
        "### Attendance",
        "| Presentation | 15:35 | 15:35 | 12:00 | 12:00 |",
        "\\*Really\\* strong \\| work",
        "\\<script\\>alert(1)\\</script\\>",
        "| Start and end on time | avg 3.0 (one room rating) | — | We ran over, again |",
        "- [ ] Share the revised rubric — Ben Okafor, due 2026-09-29",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    let two = stdout(&plg(&["export", TUNING, CONSULT], h.path()));
    assert!(two.starts_with("# Grade 9 Math PLG: 2 sessions\n"), "{two}");
    assert_eq!(two.matches("\n---\n").count(), 1);
}

#[test]
fn html_export_is_one_self_contained_page_with_text_escaped() {
    let h = home();
    let html = stdout(&plg(
        &["export", "--group", "math9", "--format", "html"],
        h.path(),
    ));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@media print"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"), "no script, not even from a note");
    for external in ["<link", "src=", "@import", "url(", "http://", "https://"] {
        // The SVG namespace is an identifier, not a fetch; charts are only in reports.
        assert!(!html.contains(external), "{external} in an export");
    }
    assert_eq!(
        html.matches("<article").count(),
        3,
        "every math9 session, damaged and rehearsal aside"
    );
    let first = html.find(V1).unwrap();
    let last = html.find(CONSULT).unwrap();
    assert!(first < last, "oldest first");
}

#[test]
fn rehearsals_are_left_out_unless_asked_for() {
    let h = home();
    // The list: only with --rehearsals, marked as one.
    let t = stdout(&plg(&["logs", "list"], h.path()));
    assert!(!t.contains(REHEARSAL), "{t}");
    let t = stdout(&plg(&["logs", "list", "--rehearsals"], h.path()));
    assert_eq!(ids_in(&t), [REHEARSAL, ESW, CONSULT, TUNING, V1], "{t}");
    let rehearsal = t.lines().find(|l| l.starts_with(REHEARSAL)).unwrap();
    assert!(rehearsal.contains("rehearsal ×20"), "{rehearsal}");

    // A group's export: only with --rehearsals.
    let json = |args: &[&str]| -> Vec<String> {
        let out = plg(args, h.path());
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let group = json(&["export", "--group", "math9", "--format", "json"]);
    assert_eq!(group, [V1, TUNING, CONSULT]);
    let with = json(&[
        "export",
        "--group",
        "math9",
        "--format",
        "json",
        "--rehearsals",
    ]);
    assert_eq!(with, [V1, TUNING, CONSULT, REHEARSAL]);

    // Named by ID: exported, and stderr says a rehearsal was asked for.
    let out = plg(&["export", REHEARSAL, TUNING, "--format", "json"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "note: {REHEARSAL} is a rehearsal (×20); included because it was asked for by ID"
        )),
        "{err}"
    );
    assert!(
        !err.contains(TUNING),
        "only the rehearsal is pointed out: {err}"
    );

    // The report: left out of the figures (and counted as left out) unless --rehearsals.
    let t = stdout(&plg(&["report", "--group", "math9"], h.path()));
    assert!(
        t.contains("3 meetings counted, 2026-09-08 to 2026-10-06 (left out: 1 rehearsal)"),
        "{t}"
    );
    let t = stdout(&plg(
        &["report", "--group", "math9", "--rehearsals"],
        h.path(),
    ));
    assert!(
        t.contains("4 meetings counted, 2026-09-08 to 2026-11-23\n"),
        "{t}"
    );
    assert!(
        t.starts_with("Rehearsals (speed > 1) count like meetings (--rehearsals)"),
        "{t}"
    );
}

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

#[test]
fn csv_notes_quote_commas_quotes_and_line_breaks() {
    let h = home();
    let out = plg(&["export", TUNING, "--format", "csv"], h.path());
    let text = stdout(&out);
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "session_id",
            "date",
            "group",
            "protocol",
            "phase",
            "kind",
            "time",
            "text",
            "item"
        ]
    );
    assert_eq!(rows.len(), 5, "a header and four notes:\n{text}");
    assert_eq!(
        rows[1],
        [
            TUNING,
            "2026-09-15",
            "math9",
            "tuning",
            "Presentation",
            "question",
            "15:36",
            TUNING_NOTE_COMMA,
            "Tuning Protocol"
        ]
    );
    assert_eq!(rows[3][7], NOTE_MULTILINE);
    assert!(text.contains("\"Which students had \"\"extra time\"\", and why?\""));
}

#[test]
fn csv_attendance_has_a_row_per_person_per_session() {
    let h = home();
    let out = plg(
        &[
            "export",
            "--group",
            "math9",
            "--since",
            "2026-09-10",
            "--format",
            "csv",
            "--attendance",
        ],
        h.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = parse_csv(&stdout(&out));
    assert_eq!(
        rows[0],
        [
            "session_id",
            "date",
            "group",
            "protocol",
            "person",
            "status"
        ]
    );
    let of = |id: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r[0] == id)
            .map(|r| (r[4].clone(), r[5].clone()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        of(TUNING),
        pairs(&[
            ("Ana Ruiz", "present"),
            ("Ben Okafor", "present"),
            ("Chen Li", "present"),
            ("Dana Wright", "absent"),
            ("Eve Sample", "guest"),
        ])
    );
    assert_eq!(of(CONSULT).len(), 4);
    assert!(of(V1).is_empty(), "--since leaves out earlier sessions");
}

#[test]
fn json_export_holds_the_records_with_their_ids() {
    let h = home();
    let out = plg(&["export", TUNING, V1, "--format", "json"], h.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["id"], TUNING);
    assert_eq!(v[0]["version"], plg::record::FORMAT_VERSION);
    assert_eq!(v[0]["notes"].as_array().unwrap().len(), 4);
    assert_eq!(v[0]["actions"][0]["due"], "2026-09-29");
    assert_eq!(v[1]["id"], V1);
    assert_eq!(v[1]["version"], 1);
}

#[test]
fn export_to_a_file_refuses_to_overwrite_without_force() {
    let h = home();
    let file = h.path().join("out.md");
    let f = file.to_str().unwrap();
    let first = plg(&["export", TUNING, "-o", f], h.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Tuning Protocol")
    );
    let again = plg(&["export", CONSULT, "-o", f], h.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Tuning Protocol")
    );
    let forced = plg(&["export", CONSULT, "-o", f, "--force"], h.path());
    assert!(forced.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("Consultancy")
    );
}

#[test]
fn export_without_ids_or_group_is_a_usage_error() {
    let h = home();
    let out = plg(&["export"], h.path());
    assert_eq!(out.status.code(), Some(2));
    let unknown = plg(&["export", "--group", "nobody"], h.path());
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("math9, sci7"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn the_report_checks_each_group_against_the_guidelines() {
    let h = home();
    let out = plg(&["report"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    assert!(stderr(&out).contains(DAMAGED));
    let science = t.find("Grade 7 Science (sci7)").unwrap();
    let math = t.find("Grade 9 Math PLG (math9)").unwrap();
    assert!(science < math, "groups in order of name");
    let math = &t[math..];
    for expected in [
        // v1 + tuning + consultancy; the rehearsal is left out.
        "3 meetings counted, 2026-09-08 to 2026-10-06 (left out: 1 rehearsal)",
        "          Aug  Sep  Oct  Nov  Dec  Jan  Feb  Mar  Apr  May  Jun  Jul\n  2026-27        2    1!\n",
        "1 of 2 months below the guideline",
        // (59.5 + 55 + 30) / 3
        "average 48 min (below the guideline); 1 of 3 meetings shorter than 50 min",
        "Ana Ruiz       3/3    100%",
        "Ben Okafor     2/3     67%",
        "Dana Wright    1/2     50%",
        "Presenters since the school year began (2026-08-01)",
        "presented: Ben Okafor, Chen Li",
        "not yet:   Ana Ruiz, Dana Wright",
        // September 3, October 5.
        "Start and end on time  ▅█  average 4.0, latest 5.0",
        "Open action items (1)\n  2026-09-15  Share the revised rubric — Ben Okafor, due 2026-09-29",
        "2026-09-15  Send the work out earlier (Ana Ruiz)",
    ] {
        assert!(math.contains(expected), "missing {expected:?} in:\n{math}");
    }
    assert!(
        t.contains("0 meetings counted (left out: 1 in progress)"),
        "{t}"
    );
    assert!(t.contains("left out of every figure"));
}

#[test]
fn the_report_can_be_markdown_or_a_page_with_charts() {
    let h = home();
    let md = stdout(&plg(
        &["report", "--group", "math9", "--format", "md"],
        h.path(),
    ));
    assert!(md.contains("## Grade 9 Math PLG (math9)"), "{md}");
    assert!(md.contains("| 2026-27 |  | 2 | **1** |"), "{md}");
    assert!(
        md.contains("| Start and end on time | ▅█ | 4.0 | 5.0 |"),
        "{md}"
    );
    assert!(!md.contains("Grade 7 Science"));
    let html = stdout(&plg(&["report", "--format", "html"], h.path()));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg"), "a chart per norm");
    assert!(
        html.contains("class=\"num flag\""),
        "the month below the guideline is marked"
    );
    assert!(!html.contains("<script"));
    assert!(html.contains("@media print"));
}

#[test]
fn the_report_note_names_the_configured_school_year() {
    let h = home();
    std::fs::write(
        h.path().join("config.yaml"),
        "school_year_starts: \"09-01\"\n",
    )
    .unwrap();
    let out = plg(&["report", "--group", "math9"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    assert!(
        t.contains("at least 2 meetings a month, at least 50 minutes each; everyone presents at least once a school year (from September 1)."),
        "{t}"
    );
    assert!(
        t.contains("Presenters since the school year began (2026-09-01)"),
        "{t}"
    );
}

/// The math9 home with the tuning meeting's check-in counted as a show of
/// hands (format 4): six people on the first norm, one of them left out
/// the second; the consultancy keeps one number for the room.
fn home_with_hands() -> tempfile::TempDir {
    let h = home();
    let path = h.path().join("sessions").join(format!("{TUNING}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("  rating: 3\n") && text.contains("  rating: 4\n"));
    let text = text
        .replace("  rating: 3\n", "  votes: [0, 1, 0, 2, 2, 1]\n")
        .replace("  rating: 4\n", "  skipped: true\n");
    std::fs::write(&path, text).unwrap();
    h
}

#[test]
fn the_report_trend_uses_room_averages_and_shows_the_spread() {
    let h = home_with_hands();
    let t = stdout(&plg(&["report", "--group", "math9"], h.path()));
    // September: the room's 20/6; October: the consultancy's one number, 5.
    assert!(
        t.contains("average 4.2, latest 5.0; spread 1–5; last meeting avg 5.0 (one room rating)"),
        "{t}"
    );
    assert!(t.contains("each meeting's room average"), "{t}");
    let md = stdout(&plg(
        &["report", "--group", "math9", "--format", "md"],
        h.path(),
    ));
    assert!(
        md.contains("| 4.2 | 5.0 | 1–5 | avg 5.0 (one room rating) |"),
        "{md}"
    );
    let html = stdout(&plg(
        &["report", "--group", "math9", "--format", "html"],
        h.path(),
    ));
    assert!(
        html.contains(
            "average 4.2, latest 5.0; spread 1–5; last meeting avg 5.0 (one room rating)"
        ),
        "{html}"
    );
}

#[test]
fn logs_show_and_the_exports_show_the_hands() {
    let h = home_with_hands();
    let show = stdout(&plg(&["logs", "show", TUNING], h.path()));
    assert!(
        show.contains(
            "Start and end on time  ●●●○○ 6 votes · avg 3.3 · 1–5 · hands 0 1 0 2 2 1  “We ran over, again”"
        ),
        "{show}"
    );
    assert!(
        show.contains("Share airtime          not checked this meeting"),
        "{show}"
    );
    let md = stdout(&plg(&["export", TUNING, "--format", "md"], h.path()));
    assert!(
        md.contains(
            "| Start and end on time | 6 votes · avg 3.3 · 1–5 | 0 1 0 2 2 1 | We ran over, again |"
        ),
        "{md}"
    );
    assert!(md.contains("| Share airtime | not checked | — |"), "{md}");
    let html = stdout(&plg(&["export", TUNING, "--format", "html"], h.path()));
    assert!(
        html.contains("<td>6 votes · avg 3.3 · 1–5 <span class=\"marks\">●●●○○</span></td><td class=\"num\">0 1 0 2 2 1</td>"),
        "{html}"
    );
    let json = stdout(&plg(&["export", TUNING, "--format", "json"], h.path()));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v[0]["checkin"][0]["votes"],
        serde_json::json!([0, 1, 0, 2, 2, 1])
    );
}
