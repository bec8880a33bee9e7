//! `plg actions` through the real binary, on sessions built the way plg
//! builds them (tests/support/sessions.rs) plus a few more with action items.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;
use std::process::{Command, Output};

mod support;

use plg::meeting::session::GroupRef;
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

const SCI7_NOV: &str = "2026-11-03T1530_sci7_tuning";
const REHEARSAL_NOV: &str = "2026-11-30T1000_math9_tuning";

/// The shared fixtures (a Tuning with one open and one done item, a damaged
/// file, a rehearsal without items) plus a sci7 meeting with two items and a
/// rehearsal with one.
fn home() -> tempfile::TempDir {
    let home = support::sessions::home();
    let dir = home.path().join("sessions");
    save(
        &dir,
        &Plan {
            start: "2026-11-03T15:30:00-05:00",
            group: GroupRef {
                id: "sci7".into(),
                name: "Grade 7 Science".into(),
                focus: None,
            },
            present: &["Farah Haddad", "Gabriel Moreau"],
            actions: &[
                (
                    "Bring lab notebooks, names removed",
                    "Farah Haddad",
                    Some("2026-11-10"),
                    false,
                ),
                ("Ask for the microscopes", "Gabriel Moreau", None, true),
            ],
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            start: "2026-11-30T10:00:00-05:00",
            group: math9(),
            present: &["Ana Ruiz"],
            speed: 20,
            actions: &[("Practise the timing", "Ana Ruiz", None, false)],
            ..QUIET
        },
    );
    home
}

fn json(args: &[&str], home: &Path) -> Vec<serde_json::Value> {
    let out = plg(args, home);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array().unwrap().clone()
}

fn texts(rows: &[serde_json::Value]) -> Vec<&str> {
    rows.iter().map(|r| r["text"].as_str().unwrap()).collect()
}

#[test]
fn every_item_newest_meeting_first_with_its_meeting_owner_due_and_state() {
    let h = home();
    let out = plg(&["actions"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(
        lines[0], "MEETING     GROUP  STATUS  DUE         OWNER           ACTION",
        "{t}"
    );
    assert_eq!(
        &lines[1..],
        [
            "2026-11-03  sci7   open    2026-11-10  Farah Haddad    Bring lab notebooks, names removed",
            "2026-11-03  sci7   done    —           Gabriel Moreau  Ask for the microscopes",
            "2026-09-15  math9  open    2026-09-29  Ben Okafor      Share the revised rubric",
            "2026-09-15  math9  done    —           Chen Li         Book the library",
        ],
        "{t}"
    );
    assert!(
        !t.contains("Practise the timing"),
        "rehearsals are left out"
    );
    assert!(
        stderr(&out).contains(DAMAGED),
        "a damaged record is named on stderr"
    );
}

#[test]
fn open_and_group_narrow_the_list() {
    let h = home();
    let t = stdout(&plg(&["actions", "--open"], h.path()));
    assert!(t.contains("Bring lab notebooks") && t.contains("Share the revised rubric"));
    assert!(!t.contains("done"), "{t}");
    let t = stdout(&plg(&["actions", "--group", "math9", "--open"], h.path()));
    assert_eq!(t.lines().count(), 2, "{t}");
    assert!(t.contains("Share the revised rubric"), "{t}");
    // By name, ignoring case, as elsewhere.
    let by_name = stdout(&plg(&["actions", "-g", "grade 7 science"], h.path()));
    assert_eq!(by_name.lines().count(), 3, "{by_name}");

    let unknown = plg(&["actions", "--group", "nobody"], h.path());
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no sessions of group `nobody`"),
        "{}",
        stderr(&unknown)
    );
    let empty = tempfile::tempdir().unwrap();
    let t = stdout(&plg(&["actions"], empty.path()));
    assert!(t.starts_with("No sessions yet in "), "{t}");
}

#[test]
fn rehearsals_only_when_asked_and_marked() {
    let h = home();
    let t = stdout(&plg(&["actions", "--rehearsals"], h.path()));
    let first = t.lines().nth(1).unwrap();
    assert!(
        first.starts_with("2026-11-30  math9  open")
            && first.ends_with("Practise the timing (rehearsal)"),
        "{t}"
    );
    let rows = json(&["actions", "--json", "--rehearsals"], h.path());
    assert_eq!(rows[0]["rehearsal"], true);
    assert_eq!(rows[0]["session"], REHEARSAL_NOV);
    assert!(rows[1..].iter().all(|r| r["rehearsal"] == false));
}

#[test]
fn json_has_a_stable_shape() {
    let h = home();
    let rows = json(&["actions", "--json"], h.path());
    assert_eq!(
        texts(&rows),
        [
            "Bring lab notebooks, names removed",
            "Ask for the microscopes",
            "Share the revised rubric",
            "Book the library"
        ]
    );
    assert_eq!(
        rows[0],
        serde_json::json!({
            "session": SCI7_NOV,
            "date": "2026-11-03",
            "started_at": "2026-11-03T15:30:00-05:00",
            "group": "sci7",
            "group_name": "Grade 7 Science",
            "protocol": "tuning",
            "text": "Bring lab notebooks, names removed",
            "owner": "Farah Haddad",
            "due": "2026-11-10",
            "done": false,
            "rehearsal": false
        })
    );
    // Every key is there, null when the record has no value, in the documented order.
    assert_eq!(rows[3].as_object().unwrap().len(), 11);
    let raw = stdout(&plg(&["actions", "--json"], h.path()));
    let first = &raw[..raw.find('}').unwrap()];
    let at = |k: &str| first.find(&format!("\"{k}\":")).unwrap();
    let order = [
        "session",
        "date",
        "started_at",
        "group",
        "group_name",
        "protocol",
        "text",
        "owner",
        "due",
        "done",
        "rehearsal",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{first}");
    assert_eq!(rows[3]["due"], serde_json::Value::Null);
    assert_eq!(rows[3]["session"], TUNING);
    let open = json(&["actions", "--json", "--open"], h.path());
    assert!(open.iter().all(|r| r["done"] == false));
    assert_eq!(open.len(), 2);
}
