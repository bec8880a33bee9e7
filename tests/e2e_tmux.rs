//! The real binary in a real terminal: a facilitator's session typed key by key.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::time::Duration;

use support::tmux::Tmux;

/// The timeline row of the current phase, which carries the time left as text.
fn current_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_facilitator_runs_tuning_writes_a_note_pauses_moves_on_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "20"], 100, 30);

    t.wait_for("Enter starts the clock.");
    t.keys(&["Enter"]);
    let s = t.wait_for("INTRODUCTION AND NORMS");
    assert!(
        s.contains("TIME LEFT") && s.contains("Facilitator has the floor"),
        "{s}"
    );
    assert!(
        s.contains("w warm feedback"),
        "the footer offers the note keys:\n{s}"
    );

    // A warm-feedback note, typed while the clock runs.
    t.keys(&["w"]);
    t.wait_for("New note · Warm feedback");
    t.type_text("Clear steps and timings");
    t.keys(&["Enter"]);
    let s = t.wait_for("Warm feedback: Clear steps and timings");
    assert!(!s.contains("New note"), "the editor closed:\n{s}");

    // Pausing freezes every clock and says so in large letters.
    t.keys(&["Space"]);
    let paused = t.wait_for("PAUSED");
    let frozen = current_row(&paused);
    // Twenty times faster: a real second is twenty meeting seconds, so a
    // running clock would visibly move in this time.
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        current_row(&t.screen()),
        frozen,
        "the clock moved while paused"
    );

    t.keys(&["Space"]);
    t.wait_until("the clock to run again", |s| {
        s.contains("TIME LEFT") || s.contains("OVERTIME")
    });
    t.wait_until("the clock to move", |s| current_row(s) != frozen);

    // On to the presentation.
    t.keys(&["n"]);
    let s = t.wait_for("PRESENTATION");
    assert!(s.contains("✓ Introduction"), "{s}");
    assert!(s.contains("Presenter has the floor"), "{s}");

    // Quitting asks first, then leaves the meeting to resume later.
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    let s = t.wait_exit();
    assert!(s.contains("Saved to") && s.contains("plg resume"), "{s}");

    let sessions: Vec<_> = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(sessions.len(), 1);
    let record = plg::record::read_file(&sessions[0]).unwrap();
    assert_eq!(record.status, plg::record::Status::InProgress);
    assert_eq!(record.notes.len(), 1);
    assert_eq!(record.notes[0].kind, "warm");
    assert_eq!(record.notes[0].text, "Clear steps and timings");
    assert_eq!(record.notes[0].phase, "Introduction and norms");
    assert_eq!(record.pauses.len(), 1);
    assert_eq!(record.clock.unwrap().current_step, 1);
}
