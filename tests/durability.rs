//! Records that survive: resuming after a kill, one plg per record, a
//! folder that cannot be written, private files.

// Driven through tmux, with Unix modes and signals.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use support::records;
use support::tmux::{Tmux, kill, running};

/// The time left shown in the current timeline row ("▶ Presentation   9:27").
fn shown_time(screen: &str) -> String {
    let row = screen.lines().find(|l| l.contains('▶')).unwrap_or_default();
    row.trim_end_matches(['│', ' '])
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn resuming_after_a_kill_brings_the_clock_back_where_it_stopped() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "20"], 100, 30);
    t.wait_for("Who is here");
    t.keys(&["Enter"]);
    t.wait_for("INTRODUCTION AND NORMS");
    t.keys(&["n"]);
    t.wait_for("PRESENTATION");
    // Let the presentation clock run, then pause: the pause is saved at once.
    t.wait_until("the clock to run a little", |s| {
        shown_time(s) != "12:00" && shown_time(s) != "11:59"
    });
    t.keys(&["Space"]);
    let paused = t.wait_for("PAUSED");
    let left = shown_time(&paused);
    kill(t.pid(), "KILL");
    t.wait_exit();
    drop(t);

    let files = records(home.path());
    assert_eq!(files.len(), 1);
    let rec = plg::record::read_file(&files[0]).unwrap();
    assert_eq!(rec.status, plg::record::Status::InProgress);
    assert_eq!(rec.clock.as_ref().unwrap().current_step, 1);

    let t = Tmux::start(home.path(), &["resume"], 100, 30);
    // The whole first frame, not a partial one caught while tmux redraws.
    let s = t.wait_until("the resumed meeting", |s| {
        s.contains("PRESENTATION") && s.contains("PAUSED") && s.contains("resumed after")
    });
    assert!(
        s.contains("PAUSED"),
        "a resumed meeting waits for the facilitator:\n{s}"
    );
    assert!(s.contains("resumed after"), "the time away is shown:\n{s}");
    assert!(s.contains("✓ Introduction"), "{s}");
    assert_eq!(shown_time(&s), left, "the clock is where it stopped:\n{s}");
    t.keys(&["Space"]);
    t.wait_until("the clock to run again", |s| shown_time(s) != left);
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    t.wait_exit();
    let rec = plg::record::read_file(&files[0]).unwrap();
    let away: Vec<_> = rec.pauses.iter().filter(|p| p.away).collect();
    assert_eq!(
        away.len(),
        0,
        "the away time joined the open pause: {:?}",
        rec.pauses
    );
    assert_eq!(rec.pauses.len(), 1);
    assert!(
        rec.pauses[0].to.is_some(),
        "the pause ended when the clock restarted"
    );
}

/// `plg run tuning` past the setup screen, in its first phase.
fn meeting_started(home: &Path) -> Tmux {
    let t = Tmux::start(home, &["run", "tuning"], 100, 30);
    t.wait_for("Who is here");
    t.keys(&["Enter"]);
    t.wait_for("INTRODUCTION AND NORMS");
    t
}

#[test]
fn a_second_plg_cannot_open_a_record_in_use() {
    let home = tempfile::tempdir().unwrap();
    let t = meeting_started(home.path());
    let file = records(home.path()).pop().unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();

    let out = support::plg(&["resume", &stem], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is open in another plg"), "{err}");
    assert!(
        err.contains(&format!("process {}", t.pid())),
        "the message names the holder: {err}"
    );

    // The first plg still saves normally.
    t.keys(&["w"]);
    t.type_text("still mine");
    t.keys(&["Enter"]);
    t.wait_for("Warm feedback: still mine");
    assert_eq!(
        plg::record::read_file(&file).unwrap().notes[0].text,
        "still mine"
    );
}

#[test]
fn records_are_created_private() {
    let home = tempfile::tempdir().unwrap();
    let _meeting = meeting_started(home.path());
    let file = records(home.path()).pop().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&home.path().join("sessions")), 0o700);
    assert_eq!(mode(&file), 0o600);
}

/// Runs plg as `nobody` when the tests run as root, since root may write
/// anywhere and a read-only folder would not be read-only to it.
fn as_unprivileged() -> Vec<&'static str> {
    let uid = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ]
    } else {
        Vec::new()
    }
}

#[test]
fn a_read_only_folder_keeps_everything_in_memory_retries_and_asks_before_quitting() {
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let sessions = home.path().join("sessions");
    std::fs::create_dir(&sessions).unwrap();
    std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o555)).unwrap();

    let t = Tmux::start_with(home.path(), &as_unprivileged(), &["run", "tuning"], 110, 30);
    t.wait_for("Who is here");
    t.keys(&["Enter"]);
    let s = t.wait_for("NOT SAVED");
    assert!(
        s.contains("no permission to write the sessions folder"),
        "{s}"
    );
    t.keys(&["w"]);
    t.type_text("kept in memory");
    t.keys(&["Enter"]);
    let s = t.wait_for("Warm feedback: kept in memory");
    assert!(s.contains("NOT SAVED"), "{s}");
    assert!(records(home.path()).is_empty());

    // Quitting now would lose the note: plg says so.
    t.keys(&["q"]);
    let s = t.wait_for("Quit plg?");
    assert!(s.contains("could NOT be saved"), "{s}");
    t.keys(&["Escape"]);

    // The folder becomes writable: the next retry saves everything.
    std::fs::set_permissions(&sessions, std::fs::Permissions::from_mode(0o777)).unwrap();
    t.wait_until("the warning to clear", |s| !s.contains("NOT SAVED"));
    let files = records(home.path());
    assert_eq!(files.len(), 1);
    let rec = plg::record::read_file(&files[0]).unwrap();
    assert_eq!(rec.notes[0].text, "kept in memory");
}

#[test]
fn closing_the_terminal_window_saves_the_draft_and_ends_plg() {
    let home = tempfile::tempdir().unwrap();
    let t = meeting_started(home.path());
    t.keys(&["w"]);
    t.wait_for("New note · Warm feedback");
    t.type_text("typed just before the window closed");
    t.wait_for("typed just before the window closed");
    let pid = t.pid();
    t.close_terminal();
    let start = std::time::Instant::now();
    while running(pid) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "plg kept running without its terminal"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let rec = plg::record::read_file(&records(home.path())[0]).unwrap();
    let draft = rec.draft.expect("the draft was saved on hangup");
    assert_eq!(draft.text, "typed just before the window closed");
    assert_eq!(rec.status, plg::record::Status::InProgress);
}
