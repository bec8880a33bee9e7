//! A whole meeting from an agenda, as a facilitator would run it: the
//! starter written and edited, checked, run with one clock through every
//! item in a real terminal, a decision recorded in logistics, the record
//! read back per item, and the report counting the whole meeting.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use support::tmux::Tmux;
use support::{plg, records, stderr, stdout};

const GROUP: &str = "id: g
name: Grade 7 Science PLG
facilitator: Ana Ruiz
members: [Ana Ruiz, Ben Okafor, Chen Li]
norms:
  - Start and end on time
  - Share airtime
";

/// `plg new agenda weekly`, edited to the meeting: connection 5
/// min, Consultancy, logistics 5 min, plus/delta 5 min with the check-in.
fn weekly(home: &std::path::Path) -> std::path::PathBuf {
    let o = plg(&["new", "agenda", "weekly"], home);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = home.join("agendas/weekly.yaml");
    let starter = std::fs::read_to_string(&file).unwrap();
    assert!(starter.contains("  - protocol: choose"), "{starter}");
    assert!(starter.contains("checkin: true"), "{starter}");
    let edited = starter
        .replace("name: Weekly", "name: Weekly PLG meeting")
        .replace("  - protocol: choose", "  - protocol: consultancy");
    std::fs::write(&file, edited).unwrap();
    file
}

#[test]
fn a_facilitator_writes_a_weekly_agenda_and_runs_the_whole_meeting_on_one_clock() {
    let home = tempfile::tempdir().unwrap();
    let file = weekly(home.path());
    let o = plg(&["check", file.to_str().unwrap()], home.path());
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    std::fs::create_dir_all(home.path().join("groups")).unwrap();
    std::fs::write(home.path().join("groups/g.yaml"), GROUP).unwrap();

    let t = Tmux::start(
        home.path(),
        &["run", "weekly", "--group", "g", "--speed", "30"],
        100,
        30,
    );
    let s = t.wait_for("Who is here (0)");
    assert!(s.contains("Agenda · 65 min"), "{s}");
    t.keys(&["a"]);
    t.wait_for("Who is here (3)");
    t.keys(&["Enter"]);

    // One clock for the whole meeting: the timeline counts its 65 minutes.
    // A capture can catch a frame half drawn: each thing is waited for.
    t.wait_for("ITEM 1 OF 4");
    t.wait_for("CONNECTION");
    t.wait_for(" of 65 min");
    // Thirty times faster: two real seconds are a meeting minute. The
    // connection and logistics take their time; the protocol a minute.
    t.wait_for("Elapsed 2:");
    t.keys(&["n"]);
    t.wait_for("ITEM 2 OF 4  ·  PHASE 1 OF 8");
    t.wait_for("Consultancy · THE DILEMMA");
    t.wait_for("✓ Connection");
    t.wait_for("Elapsed 3:");
    t.keys(&["n", "n", "n", "n", "n", "n", "n", "n"]);
    t.wait_for("ITEM 3 OF 4");
    t.wait_for("LOGISTICS AND NEXT STEPS");
    // Still the one clock.
    t.wait_for(" of 65 min");

    // A decision, noted in logistics.
    t.keys(&["d"]);
    t.wait_for("New note · Decision");
    t.type_text("Move the meeting to Thursdays");
    t.keys(&["Enter"]);
    t.wait_for("Decision: Move the meeting to Thursdays");
    t.wait_for("Elapsed 5:");

    // The plus/delta holds the check-in; then the meeting ends.
    t.keys(&["n"]);
    let s = t.wait_for("Norm check-in");
    assert!(s.contains("PLUS/DELTA") || s.contains("Plus/delta"), "{s}");
    t.keys(&["n"]);
    t.wait_for("End the meeting?");
    t.keys(&["y"]);
    let s = t.wait_for("The meeting has ended");
    for item in [
        "Connection",
        "Consultancy",
        "  The dilemma",
        "Logistics and next steps",
        "Plus/delta",
    ] {
        assert!(s.contains(item), "{item}:\n{s}");
    }
    t.keys(&["q"]);
    t.wait_exit();

    let files = records(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("_g_weekly.yaml"), "{name}");
    let r = plg::record::read_file(&files[0]).unwrap();
    assert_eq!(r.status, plg::record::Status::Completed);
    assert_eq!(r.speed, 30);
    assert_eq!(r.agenda.as_ref().map(|a| a.id.as_str()), Some("weekly"));
    // The items as they ran: planned from the agenda, actual from the clock.
    let items: Vec<(&str, Option<&str>, i64)> = r
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.protocol.as_deref(), i.planned_seconds))
        .collect();
    assert_eq!(
        items,
        [
            ("Connection", None, 300),
            ("Consultancy", Some("consultancy"), 3000),
            ("Logistics and next steps", None, 300),
            ("Plus/delta", None, 300),
        ]
    );
    // Every item ran; the three the test waited in ran for some time (the
    // plus/delta is left at once, which on a loaded machine can be under
    // a rehearsal second).
    assert!(
        r.items
            .iter()
            .all(|i| i.actual_seconds >= 0 && i.started_at.is_some() && i.ended_at.is_some()),
        "{:#?}",
        r.items
    );
    assert!(
        r.items[..3].iter().all(|i| i.actual_seconds > 0),
        "{:#?}",
        r.items
    );
    // One clock: each step starts where the one before ended.
    for pair in r.steps.windows(2) {
        assert_eq!(pair[1].started_at, pair[0].ended_at, "{pair:#?}");
    }
    // The decision, in logistics.
    let decisions: Vec<(&str, &str)> = r
        .notes
        .iter()
        .filter(|n| n.kind == "decision")
        .map(|n| (n.phase.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        decisions,
        [("Logistics and next steps", "Move the meeting to Thursdays")]
    );

    // The report counts the whole meeting, not its protocol: a rehearsal,
    // so only with --rehearsals.
    let whole = (r.ended_at.unwrap() - r.started_at).num_seconds() as f64 / 60.0;
    let protocol_only = r.items[1].actual_seconds as f64 / 60.0;
    assert!(
        whole >= 5.0 && protocol_only < 2.0,
        "{whole} vs {protocol_only}"
    );
    let average = |args: &[&str]| -> Option<f64> {
        let o = plg(args, home.path());
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        find(&json, "average_minutes").and_then(serde_json::Value::as_f64)
    };
    let counted = average(&["report", "--group", "g", "--rehearsals", "--json"]).unwrap();
    assert!(
        (counted - whole).abs() < 0.1,
        "the report's length {counted} is the whole meeting's {whole}"
    );
    assert_eq!(
        average(&["report", "--group", "g", "--json"]),
        None,
        "a rehearsal counts only with --rehearsals"
    );
}

/// The first value under `key`, anywhere in `v`.
fn find<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m
            .get(key)
            .filter(|x| !x.is_null())
            .or_else(|| m.values().find_map(|x| find(x, key))),
        serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, key)),
        _ => None,
    }
}

/// A group file naming `agenda` as its default.
fn group_with_agenda(home: &std::path::Path, agenda: Option<&str>) -> std::path::PathBuf {
    std::fs::create_dir_all(home.join("groups")).unwrap();
    let file = home.join("groups/g.yaml");
    let line = agenda.map_or(String::new(), |a| format!("agenda: {a}\n"));
    std::fs::write(&file, format!("{GROUP}{line}")).unwrap();
    file
}

#[test]
fn run_group_without_an_id_runs_the_groups_agenda_or_says_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let file = group_with_agenda(home.path(), None);
    let o = plg(&["run", "--group", "g"], home.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("the group `g` names no agenda; add `agenda: weekly`")
            && e.contains(&file.display().to_string()),
        "{e}"
    );

    // A name no agenda has: at its line and column, with a did-you-mean.
    weekly(home.path());
    let file = group_with_agenda(home.path(), Some("weeky"));
    let o = plg(&["run", "--group", "g"], home.path());
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "{}:8:9: the group `g` names the agenda `weeky`, which plg cannot find; did you mean `weekly`?",
            file.display()
        )),
        "{e}"
    );
    let o = plg(&["groups", "--json"], home.path());
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(json[0]["agenda"], "weeky");

    // A protocol's id is not an agenda's: said so, with how to run it alone.
    let file = group_with_agenda(home.path(), Some("tuning"));
    let o = plg(&["run", "--group", "g"], home.path());
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "{}:8:9: the group `g` names `tuning` as its agenda, but `tuning` is a protocol",
            file.display()
        )) && e.contains("`plg run tuning --group g`"),
        "{e}"
    );
    group_with_agenda(home.path(), Some("weeky"));

    // --choose is for an agenda's `protocol: choose` item, and takes a protocol.
    let o = plg(&["run", "tuning", "--choose", "consultancy"], home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`tuning` is a protocol"),
        "{}",
        stderr(&o)
    );
    let o = plg(&["run", "weekly", "--choose", "consultancy"], home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("has no `protocol: choose` item"),
        "{}",
        stderr(&o)
    );
    let o = plg(&["run", "plg-meeting", "--choose", "weekly"], home.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`weekly` is an agenda"),
        "{}",
        stderr(&o)
    );
    let o = plg(
        &["run", "plg-meeting", "--choose", "consultancy"],
        home.path(),
    );
    assert!(
        stderr(&o).contains("needs a terminal"),
        "a good command line gets as far as the terminal: {}",
        stderr(&o)
    );
}

#[test]
fn the_groups_agenda_asks_for_its_protocol_at_setup_unless_chosen_on_the_command_line() {
    let home = tempfile::tempdir().unwrap();
    group_with_agenda(home.path(), Some("plg-meeting"));
    let t = Tmux::start(home.path(), &["run", "--group", "g"], 100, 30);
    let s = t.wait_for("Choose the protocol for item 2");
    assert!(s.contains("PLG Meeting · Grade 7 Science PLG"), "{s}");
    // The last in the list, Tuning: the list says what the meeting comes to.
    t.keys(&["End"]);
    t.wait_for("The whole meeting: 72 min");
    t.keys(&["Enter"]);
    let s = t.wait_for("Protocol: Tuning Protocol (60 min)");
    assert!(s.contains("Agenda · 72 min"), "{s}");
    t.keys(&["Escape"]);
    t.wait_for("Leave without starting?");
    t.keys(&["y"]);
    t.wait_exit();
    assert!(records(home.path()).is_empty());

    let t = Tmux::start(
        home.path(),
        &["run", "--group", "g", "--choose", "consultancy"],
        100,
        30,
    );
    let s = t.wait_for("Protocol: Consultancy (50 min)");
    assert!(!s.contains("Choose the protocol"), "{s}");
    assert!(s.contains("Agenda · 62 min"), "{s}");
    t.keys(&["a", "Enter"]);
    let s = t.wait_for("ITEM 1 OF 4");
    assert!(s.contains("CONNECTION AND NORMS"), "{s}");
    t.keys(&["n"]);
    t.wait_for("Consultancy · THE DILEMMA");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    let s = t.wait_exit();
    assert!(s.contains("plg resume"), "{s}");
    let r = plg::record::read_file(&records(home.path())[0]).unwrap();
    let consultancy = &r.protocol.agenda.as_ref().unwrap().items[1];
    assert_eq!(consultancy.protocol.as_deref(), Some("consultancy"));
    assert!(consultancy.chosen, "the record says it was picked at setup");

    // Resumed, the meeting comes back in the item it left, on the same plan.
    let t = Tmux::start(home.path(), &["resume"], 100, 30);
    let s = t.wait_for("Consultancy · THE DILEMMA");
    assert!(
        s.contains("ITEM 2 OF 4") && s.contains("PAUSED") && s.contains(" of 62 min"),
        "{s}"
    );
    t.keys(&["Space", "n"]);
    t.wait_for("Consultancy · LOOK AT ARTIFACTS");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    t.wait_exit();
    let r = plg::record::read_file(&records(home.path())[0]).unwrap();
    assert_eq!(r.clock.unwrap().current_step, 2);
    assert_eq!(r.items.len(), 4);
}
