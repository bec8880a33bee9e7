//! `plg actions` through the real binary, on sessions built the way plg
//! builds them (tests/support/sessions.rs) plus a few more with action items.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;
use std::process::{Command, Output};

mod support;

use plg::meeting::session::{ActionChange, ActionField, GroupRef};
use plg::record::followup::FollowUp;
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
            "state": "open",
            "done": false,
            "rehearsal": false,
            "index": 0,
            "changes": []
        })
    );
    assert_eq!(rows[1]["index"], 1);
    assert_eq!(rows[1]["state"], "done");
    // Every key is there, null when the record has no value, in the documented order.
    assert_eq!(rows[3].as_object().unwrap().len(), 14);
    let raw = stdout(&plg(&["actions", "--json"], h.path()));
    let first = &raw[..raw.find('}').unwrap()];
    let at = |k: &str| first.find(&format!("\"{k}\":")).unwrap();
    let order = [
        "session",
        "index",
        "date",
        "started_at",
        "group",
        "group_name",
        "protocol",
        "text",
        "owner",
        "due",
        "state",
        "done",
        "rehearsal",
        "changes",
    ];
    assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{first}");
    assert_eq!(rows[3]["due"], serde_json::Value::Null);
    assert_eq!(rows[3]["session"], TUNING);
    let open = json(&["actions", "--json", "--open"], h.path());
    assert!(open.iter().all(|r| r["done"] == false));
    assert_eq!(open.len(), 2);
}

/// Adds changes to earlier action items to the record `id`, as the
/// meeting that made them saves them.
fn add_changes(dir: &Path, id: &str, changes: Vec<ActionChange>) {
    let path = dir.join(format!("{id}.yaml"));
    let mut rec = plg::record::read_file(&path).unwrap();
    rec.action_changes.extend(changes);
    plg::record::store::save(&path, &rec).unwrap();
}

fn change(
    session: &str,
    item: usize,
    text: &str,
    field: ActionField,
    from: Option<&str>,
    to: Option<&str>,
    when: &str,
) -> ActionChange {
    ActionChange {
        at: at(when),
        session: session.into(),
        item,
        text: text.into(),
        field,
        from: from.map(String::from),
        to: to.map(String::from),
    }
}

/// `home()` where later meetings and a follow-up closed, reopened, handed
/// on and dropped items; a rehearsal closed one too.
fn home_with_changes() -> tempfile::TempDir {
    let h = home();
    let dir = h.path().join("sessions");
    add_changes(
        &dir,
        CONSULT,
        vec![
            change(
                TUNING,
                0,
                "Share the revised rubric",
                ActionField::State,
                Some("open"),
                Some("done"),
                "2026-10-06T15:55:00-04:00",
            ),
            change(
                TUNING,
                1,
                "Book the library",
                ActionField::State,
                Some("done"),
                Some("open"),
                "2026-10-06T15:56:00-04:00",
            ),
        ],
    );
    add_changes(
        &dir,
        REHEARSAL_NOV,
        vec![change(
            TUNING,
            1,
            "Book the library",
            ActionField::State,
            Some("open"),
            Some("done"),
            "2026-11-30T10:05:00-05:00",
        )],
    );
    let when = at("2026-11-05T08:00:00-05:00");
    plg::record::followup::save(
        &plg::record::followup::new_path(&dir, when, None),
        &FollowUp {
            saved_at: when,
            group: None,
            action_changes: vec![
                change(
                    TUNING,
                    1,
                    "Book the library",
                    ActionField::Owner,
                    Some("Chen Li"),
                    Some("Dana Wright"),
                    "2026-11-05T08:00:00-05:00",
                ),
                change(
                    TUNING,
                    1,
                    "Book the library",
                    ActionField::Due,
                    None,
                    Some("2026-11-20"),
                    "2026-11-05T08:00:10-05:00",
                ),
                change(
                    SCI7_NOV,
                    0,
                    "Bring lab notebooks, names removed",
                    ActionField::State,
                    Some("open"),
                    Some("dropped"),
                    "2026-11-05T08:01:00-05:00",
                ),
                change(
                    "2026-01-05T1530_math9_tuning",
                    0,
                    "Long gone",
                    ActionField::State,
                    Some("open"),
                    Some("done"),
                    "2026-11-05T08:02:00-05:00",
                ),
                change(
                    DAMAGED.trim_end_matches(".yaml"),
                    0,
                    "Whatever it said",
                    ActionField::State,
                    Some("open"),
                    Some("done"),
                    "2026-11-05T08:03:00-05:00",
                ),
            ],
        },
    )
    .unwrap();
    h
}

const FOLLOW: &str = "2026-11-05T0800_follow-up";

#[test]
fn items_show_as_they_stand_after_later_meetings_and_follow_ups() {
    let h = home_with_changes();
    let out = plg(&["actions"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    assert_eq!(
        t.lines().skip(1).collect::<Vec<_>>(),
        [
            "2026-11-03  sci7   dropped  2026-11-10  Farah Haddad    Bring lab notebooks, names removed",
            "2026-11-03  sci7   done     —           Gabriel Moreau  Ask for the microscopes",
            "2026-09-15  math9  done     2026-09-29  Ben Okafor      Share the revised rubric",
            "2026-09-15  math9  open     2026-11-20  Dana Wright     Book the library",
        ],
        "{t}"
    );
    let e = stderr(&out);
    assert!(
        e.contains(&format!("warning: {FOLLOW}: a change to action item 0 (\"Long gone\") of 2026-01-05T1530_math9_tuning is left out: there is no such record")),
        "{e}"
    );
    assert!(
        !e.contains("Whatever it said"),
        "the damaged record is warned about once: {e}"
    );
    assert!(e.contains(DAMAGED), "{e}");
    assert!(!e.contains("Practise"), "{e}");

    let open = stdout(&plg(&["actions", "--open"], h.path()));
    assert_eq!(open.lines().count(), 2, "{open}");
    assert!(open.contains("Book the library"), "{open}");

    // With rehearsals, the rehearsal's change applies too.
    let t = stdout(&plg(&["actions", "--rehearsals", "--open"], h.path()));
    assert!(!t.contains("Book the library"), "{t}");
    assert!(t.contains("Practise the timing (rehearsal)"), "{t}");
}

#[test]
fn json_gives_state_index_and_every_change_with_where_it_is_kept() {
    let h = home_with_changes();
    let rows = json(&["actions", "--json", "--group", "math9"], h.path());
    assert_eq!(
        texts(&rows),
        ["Share the revised rubric", "Book the library"]
    );
    assert_eq!(rows[0]["state"], "done");
    assert_eq!(rows[0]["done"], true);
    assert_eq!(rows[1]["state"], "open");
    assert_eq!(rows[1]["done"], false);
    assert_eq!(rows[1]["index"], 1);
    assert_eq!(rows[1]["owner"], "Dana Wright");
    assert_eq!(rows[1]["due"], "2026-11-20");
    assert_eq!(
        rows[1]["changes"],
        serde_json::json!([
            {"at": "2026-10-06T15:56:00-04:00", "source": CONSULT, "field": "state", "from": "done", "to": "open"},
            {"at": "2026-11-05T08:00:00-05:00", "source": FOLLOW, "field": "owner", "from": "Chen Li", "to": "Dana Wright"},
            {"at": "2026-11-05T08:00:10-05:00", "source": FOLLOW, "field": "due", "from": null, "to": "2026-11-20"}
        ])
    );
    let open = json(&["actions", "--json", "--open"], h.path());
    assert_eq!(texts(&open), ["Book the library"]);
    let sci7 = json(&["actions", "--json", "-g", "sci7"], h.path());
    assert_eq!(sci7[0]["state"], "dropped");
    assert_eq!(sci7[0]["done"], false);
}

#[test]
fn a_damaged_follow_up_is_named_and_the_rest_still_listed() {
    let h = home_with_changes();
    let bad = h
        .path()
        .join("sessions/follow-ups/2026-11-06T0900_follow-up.yaml");
    std::fs::write(&bad, "version: 7\nkind: follow-up\n").unwrap();
    let out = plg(&["actions"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2026-11-06T0900_follow-up.yaml:1: column 10: written by a newer plg (follow-up format version 7; this plg reads up to 1)"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("dropped"));
}

#[test]
fn logs_show_gives_each_item_as_it_stands_and_the_changes_a_meeting_made() {
    let h = home_with_changes();
    let out = plg(&["logs", "show", TUNING], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    let items = &t[t.find("\nAction items\n").expect("an action items section")..];
    assert!(
        items.contains(&format!(
            "  [x] Share the revised rubric — Ben Okafor, due 2026-09-29 — done 2026-10-06 (in {CONSULT})\n"
        )),
        "{t}"
    );
    assert!(
        items.contains(&format!(
            "  [ ] Book the library — Dana Wright, due 2026-11-20 — open 2026-10-06 (in {CONSULT})\n"
        )),
        "{t}"
    );
    assert!(!t.contains("Changes to earlier action items"), "{t}");

    let t = stdout(&plg(&["logs", "show", CONSULT], h.path()));
    let changes = &t[t
        .find("\nChanges to earlier action items\n")
        .expect("a changes section")..];
    assert!(
        changes.contains(&format!(
            "  Share the revised rubric — state open → done (written in {TUNING})\n  Book the library — state done → open (written in {TUNING})\n"
        )),
        "{t}"
    );

    let sci7 = stdout(&plg(&["logs", "show", SCI7_NOV], h.path()));
    assert!(
        sci7.contains("  [-] Bring lab notebooks, names removed — Farah Haddad, due 2026-11-10 — dropped 2026-11-05 (in 2026-11-05T0800_follow-up)\n"),
        "{sci7}"
    );
}

#[test]
fn exports_give_each_item_as_it_stands() {
    let h = home_with_changes();
    let md = stdout(&plg(
        &["export", TUNING, SCI7_NOV, CONSULT, "--format", "md"],
        h.path(),
    ));
    assert!(
        md.contains(&format!(
            "- [x] Share the revised rubric — Ben Okafor, due 2026-09-29 — *done 2026-10-06 (in {})*\n",
            CONSULT.replace('_', "\\_")
        )),
        "{md}"
    );
    assert!(
        md.contains("- ~~Bring lab notebooks, names removed~~ — Farah Haddad, due 2026-11-10 — *dropped 2026-11-05 (in 2026-11-05T0800\\_follow-up)*\n"),
        "{md}"
    );
    assert!(md.contains("### Changes to earlier action items\n\n- Share the revised rubric — state open → done (written in 2026-09-15T1530\\_math9\\_tuning)\n"), "{md}");

    let html = stdout(&plg(
        &["export", SCI7_NOV, CONSULT, "--format", "html"],
        h.path(),
    ));
    assert!(
        html.contains("<li>☒ <span class=\"done\">Bring lab notebooks, names removed</span> <span class=\"note\">— Farah Haddad, due 2026-11-10</span> <span class=\"note\">— dropped 2026-11-05 (in 2026-11-05T0800_follow-up)</span></li>"),
        "{html}"
    );
    assert!(
        html.contains("<h3>Changes to earlier action items</h3>"),
        "{html}"
    );
    assert!(html.contains("<li>Book the library <span class=\"note\">— state done → open (written in 2026-09-15T1530_math9_tuning)</span></li>"), "{html}");

    let csv = stdout(&plg(
        &["export", TUNING, "--format", "csv", "--table", "actions"],
        h.path(),
    ));
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "session_id,date,group,protocol,text,owner,due,state,state_note",
            &format!(
                "{TUNING},2026-09-15,math9,tuning,Share the revised rubric,Ben Okafor,2026-09-29,done,done 2026-10-06 (in {CONSULT})"
            ),
            &format!(
                "{TUNING},2026-09-15,math9,tuning,Book the library,Dana Wright,2026-11-20,open,open 2026-10-06 (in {CONSULT})"
            ),
        ],
        "{csv}"
    );
}

#[test]
fn a_rehearsal_shown_or_exported_counts_rehearsals_changes_a_real_meeting_does_not() {
    let h = home_with_changes();
    // The rehearsal closed the library booking; a real meeting's record
    // does not take that in.
    let t = stdout(&plg(&["logs", "show", TUNING], h.path()));
    assert!(t.contains("  [ ] Book the library"), "{t}");
    let t = stdout(&plg(
        &[
            "export",
            TUNING,
            REHEARSAL_NOV,
            "--format",
            "csv",
            "--table",
            "actions",
        ],
        h.path(),
    ));
    assert!(
        t.contains(&format!(
            "Book the library,Dana Wright,2026-11-20,done,done 2026-11-30 (in {REHEARSAL_NOV})"
        )),
        "{t}"
    );
}

#[test]
fn the_report_lists_items_open_as_they_stand() {
    let h = home_with_changes();
    let out = plg(&["report", "--group", "math9"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    let open = &t[t
        .find("Open action items (1)")
        .unwrap_or_else(|| panic!("{t}"))..];
    assert!(
        open.contains("Book the library — Dana Wright, due 2026-11-20"),
        "{t}"
    );
    assert!(
        !t.contains("Share the revised rubric"),
        "closed in a later meeting: {t}"
    );
}

#[test]
fn the_json_export_adds_each_item_as_it_stands() {
    let h = home_with_changes();
    let out = plg(&["export", TUNING, CONSULT, "--format", "json"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v[0]["actions_now"],
        serde_json::json!([
            {"state": "done", "owner": "Ben Okafor", "due": "2026-09-29", "note": format!("done 2026-10-06 (in {CONSULT})")},
            {"state": "open", "owner": "Dana Wright", "due": "2026-11-20", "note": format!("open 2026-10-06 (in {CONSULT})")}
        ])
    );
    assert_eq!(
        v[0]["actions"][1]["done"], true,
        "the record as written is kept"
    );
    assert!(v[1].get("actions_now").is_none(), "no items, no key");
    assert_eq!(v[1]["action_changes"][0]["to"], "done");
}

#[test]
fn a_change_to_a_rehearsals_item_waits_for_rehearsals_and_a_missing_item_is_named() {
    let h = home();
    let dir = h.path().join("sessions");
    let when = at("2026-12-01T09:00:00-05:00");
    plg::record::followup::save(
        &plg::record::followup::new_path(&dir, when, Some("math9")),
        &FollowUp {
            saved_at: when,
            group: Some(math9()),
            action_changes: vec![
                change(
                    REHEARSAL_NOV,
                    0,
                    "Practise the timing",
                    ActionField::State,
                    Some("open"),
                    Some("done"),
                    "2026-12-01T09:00:00-05:00",
                ),
                change(
                    TUNING,
                    5,
                    "Nothing like it was written",
                    ActionField::Owner,
                    None,
                    Some("Ana Ruiz"),
                    "2026-12-01T09:01:00-05:00",
                ),
            ],
        },
    )
    .unwrap();
    let out = plg(&["actions"], h.path());
    let e = stderr(&out);
    assert!(
        e.contains(&format!("warning: 2026-12-01T0900_math9_follow-up: a change to action item 5 (\"Nothing like it was written\") of {TUNING} is left out: that record has no such item")),
        "{e}"
    );
    assert!(
        !e.contains("Practise the timing"),
        "a rehearsal left out is no surprise: {e}"
    );
    let rows = json(&["actions", "--json", "--rehearsals"], h.path());
    assert_eq!(rows[0]["text"], "Practise the timing");
    assert_eq!(rows[0]["state"], "done");
    assert_eq!(
        rows[0]["changes"][0]["source"],
        "2026-12-01T0900_math9_follow-up"
    );
}

#[test]
fn control_characters_from_a_follow_up_never_reach_the_terminal() {
    let h = home();
    let dir = h.path().join("sessions/follow-ups");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2026-12-01T0900_follow-up.yaml"),
        "version: 1\nkind: follow-up\nsaved_at: 2026-12-01T09:00:00-05:00\naction_changes:\n- at: 2026-12-01T09:00:00-05:00\n  session: \"gone\\e[2J\"\n  item: 0\n  text: \"red\\e[31m \\u202e text\"\n  field: owner\n  to: \"x\\e[0m\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("2026-12-02T0900_follow-up.yaml"),
        "version: 1\nkind: \"\\e[2Jnope\"\nsaved_at: 2026-12-01T09:00:00-05:00\n",
    )
    .unwrap();
    let out = plg(&["actions"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(!out.stderr.contains(&0x1b), "{e}");
    assert!(!e.contains('\u{202e}'), "{e}");
    assert!(
        e.contains("(\"red\\u{1b}[31m \\u{202e} text\") of gone\\u{1b}[2J is left out"),
        "{e}"
    );
    assert!(e.contains("2026-12-02T0900_follow-up.yaml:2: "), "{e}");
}

#[test]
fn the_report_names_a_damaged_follow_up_and_goes_on() {
    let h = home_with_changes();
    let bad = h
        .path()
        .join("sessions/follow-ups/2026-11-06T0900_follow-up.yaml");
    std::fs::write(&bad, "version: 1\nkind: follow-up\nsaved_at: soon\n").unwrap();
    let out = plg(&["report", "--group", "math9"], h.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2026-11-06T0900_follow-up.yaml:3: column 11: "),
        "{}",
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("Open action items (1)"),
        "{}",
        stdout(&out)
    );
}
