//! An agenda meeting read back through the real binary: a weekly agenda of
//! built-in protocols (connection, Consultancy, logistics, plus/delta)
//! expanded, run step by step with given times, saved with the store; then
//! `plg logs show`, `plg export` (Markdown, CSV, JSON) and `plg report`
//! show its items, their planned and actual times and the decision taken in
//! logistics. A sped-up rehearsal counts in the report only with
//! `--rehearsals`, as a whole meeting.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;

mod support;

use support::agenda::{DECIDED, home};
use support::{plg, stderr, stdout};

const ID: &str = "2026-11-23T1530_g_weekly";

fn ok(args: &[&str], home: &Path) -> String {
    let out = plg(args, home);
    assert!(out.status.success(), "plg {args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_record_file_lists_the_agenda_and_its_items_near_the_top() {
    let h = home(false);
    let text = std::fs::read_to_string(h.path().join(format!("sessions/{ID}.yaml"))).unwrap();
    assert!(text.starts_with("version: 6\n"));
    let items = &text[text.find("\nitems:\n").expect("items") + 1..];
    assert!(text.find("\nagenda:\n  id: weekly\n") < text.find("\nitems:\n"));
    assert!(text.find("\nitems:\n") < text.find("\nsteps:\n"));
    assert!(
        items.starts_with(
            "items:\n- name: Connection\n  planned_seconds: 300\n  original_seconds: 300\n  actual_seconds: 480\n  started_at: 2026-11-23T15:30:00-05:00\n  ended_at: 2026-11-23T15:38:00-05:00\n- name: Consultancy\n  protocol: consultancy\n"
        ),
        "{items}"
    );
}

#[test]
fn logs_show_lists_the_items_their_times_and_the_decision_in_logistics() {
    let h = home(false);
    let t = ok(&["logs", "show", ID], h.path());
    assert!(
        t.starts_with("Weekly PLG meeting — Grade 9 Math PLG (g)\n"),
        "{t}"
    );
    assert!(
        t.contains("2026-11-23 15:30–16:38 · 68 min · completed"),
        "{t}"
    );
    let items = &t[t.find("Agenda items and their outcomes").expect("items")..];
    assert!(
        items.contains("\n  1. Connection  5:00 / 8:00  over\n"),
        "{t}"
    );
    assert!(items.contains("\n  2. Consultancy  50:00 / 50:00\n"), "{t}");
    assert!(
        items.contains(&format!(
            "\n  3. Logistics and next steps  5:00 / 5:00\n       Decisions\n         16:30  {DECIDED}\n"
        )),
        "{t}"
    );
    assert!(items.contains("\n  4. Plus/delta  5:00 / 5:00\n       nothing recorded\n"));

    // The list names the agenda and the protocol it ran; a filter on the
    // protocol finds the agenda meeting.
    let list = ok(&["logs", "list"], h.path());
    assert!(list.contains("weekly: consultancy"), "{list}");
    let found = ok(&["logs", "list", "--protocol", "consultancy"], h.path());
    assert!(found.contains(ID), "{found}");
    let json = ok(&["logs", "list", "--json"], h.path());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = v.as_array().and_then(|a| a.first()).expect("one row");
    assert_eq!(row["protocol"], "weekly");
    assert_eq!(row["agenda"], true);
    assert_eq!(row["protocols"], serde_json::json!(["consultancy"]));
}

#[test]
fn exports_show_the_items_their_times_and_the_decision() {
    let h = home(false);
    let md = ok(&["export", ID], h.path());
    assert!(
        md.contains("| 1 | Connection | — | 5:00 | 8:00 (over) |"),
        "{md}"
    );
    assert!(md.contains("| 2 | Consultancy | consultancy | 50:00 | 50:00 |"));
    assert!(md.contains(&format!(
        "#### 3. Logistics and next steps (5:00 / 5:00)\n\n**Decisions**\n\n- 16:30 {DECIDED}\n"
    )));

    let csv = ok(&["export", ID, "--format", "csv"], h.path());
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("session_id,date,group,protocol,phase,kind,time,text,item")
    );
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "{ID},2026-11-23,g,weekly,Logistics and next steps,decision,16:30,{DECIDED},Logistics and next steps"
            )
            .as_str()
        ),
        "{csv}"
    );

    let json = ok(&["export", ID, "--format", "json"], h.path());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let items = v[0]["item_outcomes"].as_array().expect("items");
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "Connection",
            "Consultancy",
            "Logistics and next steps",
            "Plus/delta"
        ]
    );
    assert_eq!(items[0]["planned_seconds"], 300);
    assert_eq!(items[0]["actual_seconds"], 480);
    assert_eq!(items[1]["protocol"], "consultancy");
    let note = items[2]["notes"][0].as_u64().unwrap() as usize;
    assert_eq!(v[0]["notes"][note]["kind"], "decision");
    assert_eq!(v[0]["notes"][note]["text"], DECIDED);
}

#[test]
fn the_report_counts_whole_meetings_and_the_time_per_item() {
    let h = home(true);
    let t = ok(&["report", "--group", "g"], h.path());
    assert!(t.contains("1 meeting counted"), "{t}");
    assert!(t.contains("(left out: 1 rehearsal)"), "{t}");
    // The whole meeting's 68 minutes, not the protocol's 50.
    assert!(
        t.contains("average 68 min; 0 of 1 meeting shorter than 50 min"),
        "{t}"
    );
    let table = &t[t.find("Time per agenda item").expect("the table")..];
    assert!(
        table.contains("Consultancy               protocol    50 min   74%  in 1 meeting"),
        "{table}"
    );
    assert!(
        table.contains("Connection                item         8 min   12%  in 1 meeting"),
        "{table}"
    );
    assert!(table.contains("Protocols took 74% of the time items ran; other items 26%."));

    // With --rehearsals the sped-up run counts too, as a whole meeting.
    let t = ok(&["report", "--group", "g", "--rehearsals"], h.path());
    assert!(t.contains("2 meetings counted"), "{t}");
    assert!(
        t.contains("average 68 min; 0 of 2 meetings shorter than 50 min"),
        "{t}"
    );
    assert!(t.contains("in 2 meetings"), "{t}");

    let json = ok(&["report", "--group", "g", "--json"], h.path());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let g = &v["groups"][0];
    assert_eq!(g["average_minutes"], 68.0);
    assert_eq!(g["items"][0]["name"], "Consultancy");
    assert_eq!(g["items"][0]["kind"], "protocol");
    assert_eq!(g["items"][0]["seconds"], 3000);
    assert_eq!(g["items"][0]["meetings"], 1);
    let md = ok(&["report", "--group", "g", "--format", "md"], h.path());
    assert!(
        md.contains("| Logistics and next steps | item | 5 | 7% | 1 |"),
        "{md}"
    );
}
