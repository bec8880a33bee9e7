//! What people expect of a command line, through the real binary on real
//! files: columns that line up whatever script a name is written in, a
//! search that ignores accents and finds every word, `--json` where a script
//! would want it, flags only where they act, and `--color`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;

use plg::meeting::session::GroupRef;
use std::process::Output;
use support::sessions::{Plan, QUIET, save};

use support::{plg, plg_env, stderr, stdout};
use unicode_width::UnicodeWidthStr;

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}{}", stdout(o), stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// The display column at which each of `cells` starts in `line`, looking
/// for each after the one before.
fn columns(line: &str, cells: &[&str]) -> Vec<usize> {
    let mut from = 0;
    cells
        .iter()
        .map(|cell| {
            let at = from
                + line[from..]
                    .find(cell)
                    .unwrap_or_else(|| panic!("{cell:?} not in {line:?}"));
            from = at + cell.len();
            UnicodeWidthStr::width(&line[..at])
        })
        .collect()
}

/// Asserts that in `table` the row starting with each row's first cell has
/// its cells at the same display columns as the header's.
fn assert_aligned(table: &str, header: &[&str], rows: &[Vec<&str>]) {
    let head = table.lines().next().unwrap();
    let want = columns(head, header);
    for row in rows {
        let line = table
            .lines()
            .find(|l| l.starts_with(row[0]))
            .unwrap_or_else(|| panic!("no row {:?} in\n{table}", row[0]));
        assert_eq!(columns(line, row), want, "{line:?} under {head:?}\n{table}");
    }
}

const ZHANG: &str = "id: zhang\nname: 張偉の会\nfacilitator: 張偉\nmembers: [張偉, 佐藤花子]\nmeets: 월요일 15:00\n";
const ZOE: &str = "id: bronte\nname: Zoë Brontë's group\nfacilitator: Zoë Brontë\nmembers: [Zoë Brontë, Ana Ruiz, 김민준]\nmeets: Tuesdays\n";
const KIM: &str =
    "id: kim\nname: 김민준 팀\nfacilitator: 김민준\nmembers: [김민준]\nmeets: 水曜日\n";

fn groups_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("groups");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [("zhang", ZHANG), ("bronte", ZOE), ("kim", KIM)] {
        std::fs::write(dir.join(format!("{name}.yaml")), text).unwrap();
    }
    home
}

#[test]
fn groups_line_up_by_display_width() {
    let home = groups_home();
    let out = plg(&["groups"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert_aligned(
        &table,
        &["ID", "NAME", "MEMBERS", "FACILITATOR", "MEETS", "FROM"],
        &[
            vec!["zhang", "張偉の会", "2", "張偉", "월요일 15:00", "/"],
            vec![
                "bronte",
                "Zoë Brontë's group",
                "3",
                "Zoë Brontë",
                "Tuesdays",
                "/",
            ],
            vec!["kim", "김민준 팀", "1", "김민준", "水曜日", "/"],
        ],
    );
}

fn group(id: &str, name: &str) -> GroupRef {
    GroupRef {
        id: id.into(),
        name: name.into(),
        focus: None,
    }
}

/// Three meetings whose people are named in Chinese, Japanese, Korean and
/// with accents.
fn sessions_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    std::fs::create_dir_all(&dir).unwrap();
    save(
        &dir,
        &Plan {
            start: "2026-09-15T15:30:00-04:00",
            group: group("zhang", "張偉の会"),
            present: &["張偉", "佐藤花子"],
            presenter: Some("張偉"),
            nexts: &[5],
            notes: &[(6, "question", "Why these sentence frames?")],
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            start: "2026-10-06T15:30:00-04:00",
            group: group("bronte", "Zoë Brontë's group"),
            present: &["Zoë Brontë", "Ana Ruiz"],
            absent: &["김민준"],
            presenter: Some("Zoë Brontë"),
            nexts: &[5],
            notes: &[(6, "warm", "Exit tickets showed the frames worked")],
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            start: "2026-11-03T15:30:00-05:00",
            group: group("kim", "김민준 팀"),
            present: &["김민준", "Ana Ruiz"],
            presenter: Some("김민준"),
            nexts: &[5],
            notes: &[(6, "cool", "Exit tickets took too long")],
            ..QUIET
        },
    );
    home
}

#[test]
fn session_lists_line_up_by_display_width() {
    let home = sessions_home();
    let out = plg(&["logs", "list"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    let header = [
        "ID",
        "DATE",
        "GROUP",
        "PROTOCOL",
        "PRESENTER",
        "LENGTH",
        "NOTES",
        "STATUS",
    ];
    assert_aligned(
        &table,
        &header,
        &[
            vec![
                "2026-09-15T1530_zhang_tuning",
                "2026-09-15",
                "zhang",
                "tuning",
                "張偉",
                "55 min",
                "1",
                "completed",
            ],
            vec![
                "2026-10-06T1530_bronte_tuning",
                "2026-10-06",
                "bronte",
                "tuning",
                "Zoë Brontë",
                "55 min",
                "1",
                "completed",
            ],
            vec![
                "2026-11-03T1530_kim_tuning",
                "2026-11-03",
                "kim",
                "tuning",
                "김민준",
                "55 min",
                "1",
                "completed",
            ],
        ],
    );
}

#[test]
fn the_report_lines_up_attendance_by_display_width() {
    let home = sessions_home();
    let out = plg(&["report", "--group", "bronte"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Attendance"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(section.len(), 3, "{text}");
    let slash: Vec<usize> = section
        .iter()
        .map(|l| UnicodeWidthStr::width(&l[..l.find('/').unwrap()]))
        .collect();
    assert!(slash.iter().all(|c| *c == slash[0]), "{section:#?}");
    assert!(section.iter().any(|l| l.contains("김민준")));
}

#[test]
fn a_protocol_outline_lines_up_by_display_width() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("protocols");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("kata.yaml"),
        "id: kata\nname: 型\nsummary: Practice.\nphases:\n  - name: 導入\n    minutes: 5\n  - name: Zoë's round\n    minutes: 10\n  - name: Debrief\n    minutes: 5\n",
    )
    .unwrap();
    let out = plg(&["show", "kata"], home.path());
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    let head = text.lines().find(|l| l.contains("minutes")).unwrap();
    let want = columns(head, &["phase", "minutes"]);
    for (name, minutes) in [("導入", "5"), ("Zoë's round", "10"), ("Debrief", "5")] {
        let line = text.lines().find(|l| l.contains(name)).unwrap();
        let cols = columns(line, &[name, minutes]);
        assert_eq!(cols[0], want[0], "{line:?}\n{text}");
        // Minutes are right-aligned under the end of their heading.
        assert_eq!(
            cols[1] + minutes.len(),
            want[1] + "minutes".len(),
            "{line:?}\n{text}"
        );
    }
}

fn listed(o: &Output) -> Vec<String> {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn search_ignores_accents_and_case() {
    let home = sessions_home();
    let ids = |q: &str| listed(&plg(&["logs", "list", "--search", q], home.path()));
    assert_eq!(ids("zoe"), ["2026-10-06T1530_bronte_tuning"]);
    assert_eq!(ids("BRONTE"), ["2026-10-06T1530_bronte_tuning"]);
    assert_eq!(ids("Zoë"), ["2026-10-06T1530_bronte_tuning"]);
}

#[test]
fn search_needs_every_word_somewhere_in_the_session() {
    let home = sessions_home();
    let ids = |q: &str| listed(&plg(&["logs", "list", "--search", q], home.path()));
    // One word in a note, the other in a name: both in the session.
    assert_eq!(
        ids("exit ana"),
        [
            "2026-11-03T1530_kim_tuning",
            "2026-10-06T1530_bronte_tuning"
        ]
    );
    assert_eq!(ids("exit frames"), ["2026-10-06T1530_bronte_tuning"]);
    assert_eq!(ids("frames tickets"), ["2026-10-06T1530_bronte_tuning"]);
    // A quoted phrase must appear as written.
    assert!(ids("\"frames tickets\"").is_empty());
    assert_eq!(ids("\"exit tickets took\""), ["2026-11-03T1530_kim_tuning"]);
}

#[test]
fn search_finds_presenters_members_and_groups() {
    let home = sessions_home();
    let out = plg(&["logs", "list", "--search", "김민준"], home.path());
    assert_eq!(
        listed(&out),
        [
            "2026-11-03T1530_kim_tuning",
            "2026-10-06T1530_bronte_tuning"
        ]
    );
    let text = stdout(&out);
    assert!(text.contains("  presenter: «김민준»"), "{text}");
    assert!(text.contains("  absent: «김민준»"), "{text}");
    let by_group = plg(
        &["logs", "list", "--search", "張偉の会", "--json"],
        home.path(),
    );
    let rows = json(&by_group);
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["matches"][0]["field"], "group");
}

#[test]
fn check_json_gives_every_diagnostic_of_the_invalid_fixtures() {
    let home = tempfile::tempdir().unwrap();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocols/invalid");
    let out = plg(&["check", "--json", folder.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = all.as_array().unwrap();
    // The same problems, in the same order, as the text a person reads.
    let plain = stdout(&plg(&["check", folder.to_str().unwrap()], home.path()));
    let headers: Vec<&str> = plain
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect();
    assert_eq!(all.len(), headers.len(), "{plain}");
    for (d, header) in all.iter().zip(&headers) {
        let severity = d["severity"].as_str().unwrap();
        assert!(matches!(severity, "error" | "warning"), "{d}");
        let line = d["line"].as_u64().unwrap();
        let column = d["column"].as_u64().unwrap();
        assert!(line >= 1 && column >= 1, "{d}");
        let first_line = d["message"].as_str().unwrap().lines().next().unwrap_or("");
        let expected = format!(
            "{}:{line}:{column}: {severity}: {first_line}",
            d["file"].as_str().unwrap()
        );
        assert_eq!(*header, expected);
        assert!(d["hint"].is_null() || d["hint"].is_string(), "{d}");
    }
    // A few, in full.
    let find = |file: &str, message: &str| {
        all.iter()
            .find(|d| {
                d["file"].as_str().unwrap().ends_with(file)
                    && d["message"].as_str().unwrap().contains(message)
            })
            .unwrap_or_else(|| panic!("no {message:?} in {file}"))
    };
    let tab = find("yaml-tab.yaml", "a tab character");
    assert_eq!(
        (tab["line"].as_u64(), tab["column"].as_u64()),
        (Some(5), Some(1))
    );
    assert_eq!(tab["severity"], "error");
    assert!(
        tab["hint"]
            .as_str()
            .unwrap()
            .contains("replace the tab with spaces")
    );
    let quote = find("yaml-unclosed-quote.yaml", "is not closed");
    assert_eq!(
        (quote["line"].as_u64(), quote["column"].as_u64()),
        (Some(2), Some(7))
    );
    let empty = find("empty.yaml", "the file is empty");
    assert_eq!(
        (empty["line"].as_u64(), empty["column"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn check_json_on_a_valid_file_is_an_empty_array() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("groups");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kim.yaml"), KIM).unwrap();
    let out = plg(&["check", "--json", dir.to_str().unwrap()], home.path());
    assert_eq!(json(&out), serde_json::json!([]));
}

#[test]
fn groups_themes_and_protocols_as_json() {
    let home = groups_home();
    let groups = json(&plg(&["groups", "--json"], home.path()));
    let zoe = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "bronte")
        .unwrap();
    assert_eq!(zoe["name"], "Zoë Brontë's group");
    assert_eq!(zoe["facilitator"], "Zoë Brontë");
    assert_eq!(
        zoe["members"],
        serde_json::json!(["Zoë Brontë", "Ana Ruiz", "김민준"])
    );
    assert!(zoe["from"].as_str().unwrap().ends_with("bronte.yaml"));

    let themes = json(&plg(&["themes", "--json"], home.path()));
    let default = themes
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "default")
        .unwrap();
    assert_eq!(default["default"], true);
    assert_eq!(default["from"], "built-in");
    assert!(themes.as_array().unwrap().iter().any(|t| t["id"] == "mono"));

    let protocols = json(&plg(&["protocols", "--json"], home.path()));
    let tuning = protocols
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "tuning")
        .unwrap();
    assert_eq!(tuning["name"], "Tuning Protocol");
    assert_eq!(tuning["from"], "built-in");
    assert!(tuning["phases"].as_u64().unwrap() > 1);
    assert!(tuning["minutes"].as_f64().unwrap() > 0.0);
}

#[test]
fn the_report_as_json() {
    let home = sessions_home();
    let report = json(&plg(
        &["report", "--json", "--group", "bronte"],
        home.path(),
    ));
    assert_eq!(report["guidelines"]["meetings_per_month"], 2);
    let g = &report["groups"][0];
    assert_eq!(g["id"], "bronte");
    assert_eq!(g["name"], "Zoë Brontë's group");
    assert_eq!(g["meetings"], 1);
    let kim = g["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "김민준")
        .unwrap();
    assert_eq!(
        (kim["present"].as_u64(), kim["absent"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(g["presented"][0]["name"], "Zoë Brontë");
    // --format json is the same thing.
    let same = json(&plg(
        &["report", "--format", "json", "--group", "bronte"],
        home.path(),
    ));
    assert_eq!(same, report);
}

fn help(args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let out = plg(args, home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn runner_flags_appear_only_where_they_act() {
    for args in [
        &["logs", "list", "--help"][..],
        &["protocols", "--help"],
        &["check", "--help"],
        &["report", "--help"],
        &["export", "--help"],
        &["resume", "--help"],
    ] {
        let text = help(args);
        assert!(!text.contains("--speed <"), "{args:?}:\n{text}");
        if args[0] != "resume" {
            assert!(!text.contains("--theme <"), "{args:?}:\n{text}");
        }
    }
    let run = help(&["run", "--help"]);
    assert!(
        run.contains("--speed <N>") && run.contains("--theme <ID>"),
        "{run}"
    );
    assert!(help(&["logs", "--help"]).contains("--theme <ID>"));
    assert!(help(&["resume", "--help"]).contains("--theme <ID>"));
    // `--color` acts everywhere something is printed.
    assert!(help(&["logs", "list", "--help"]).contains("--color <WHEN>"));
}

#[test]
fn runner_flags_before_a_command_that_ignores_them_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["--speed", "20", "logs", "list"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--speed does nothing here"),
        "{}",
        stderr(&out)
    );
    let out = plg(&["logs", "list", "--theme", "mono"], home.path());
    assert_eq!(out.status.code(), Some(2));
    // Still accepted where they act: the runner then asks for a terminal.
    for args in [
        &["--speed", "20", "run", "tuning"][..],
        &["run", "tuning", "--speed", "20", "--theme", "mono"],
    ] {
        let out = plg(args, home.path());
        assert!(
            stderr(&out).contains("needs a terminal"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn logs_help_says_it_opens_the_browser() {
    let text = help(&["logs", "--help"]);
    assert!(text.contains("at a terminal, opens the browser"), "{text}");
    assert!(
        text.contains("When output goes to a pipe or a file, it lists"),
        "{text}"
    );
}

#[test]
fn color_flag_beats_no_color_which_beats_the_terminal() {
    let home = sessions_home();
    let search = ["logs", "list", "--search", "zoe"];
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let args: Vec<&str> = search.iter().chain(extra).copied().collect();
        stdout(&plg_env(&args, home.path(), env))
    };
    let reverse = "\u{1b}[7m";
    // auto: not a terminal here, so no colour.
    assert!(!run(&[], &[]).contains(reverse));
    assert!(run(&[], &[]).contains("«Zoë»"));
    assert!(run(&["--color", "always"], &[]).contains(reverse));
    assert!(run(&["--color", "always"], &[("NO_COLOR", "1")]).contains(reverse));
    assert!(!run(&["--color", "never"], &[]).contains(reverse));
    assert!(!run(&["--color", "auto"], &[("NO_COLOR", "1")]).contains(reverse));
    let home2 = tempfile::tempdir().unwrap();
    let bad = plg(&["--color", "sometimes", "protocols"], home2.path());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn check_colours_into_a_pipe_only_when_asked() {
    let home = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/protocols/invalid/yaml-tab.yaml");
    let file = file.to_str().unwrap();
    let check = |args: &[&str], env: &[(&str, &str)]| {
        let args: Vec<&str> = ["check", file].iter().chain(args).copied().collect();
        let out = plg_env(&args, home.path(), env);
        assert_eq!(out.status.code(), Some(1));
        stdout(&out)
    };
    assert!(!check(&[], &[]).contains('\u{1b}'));
    assert!(!check(&["--color", "never"], &[]).contains('\u{1b}'));
    let always = check(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(always.contains("\u{1b}["), "{always}");
    assert!(always.contains("replace the tab with spaces"), "{always}");
}
