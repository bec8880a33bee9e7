//! Signals from outside: SIGTERM, SIGHUP and SIGINT save the meeting, draft included,
//! and leave the terminal as it was; SIGKILL before a meeting starts leaves
//! nothing behind that could trouble the next run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use plg::record::Status;
use support::records;
use support::tmux::{Tmux, kill, running};

/// Signals are noticed at least twice a second; the save itself takes milliseconds.
const PROMPTLY: Duration = Duration::from_secs(2);

const NOTE: &str = "Clear steps — the café example works";
const DRAFT: &str = "Half a thought about é and — still typing";

/// Starts a meeting, saves one warm note and leaves a cool one half typed.
fn meeting_with_a_note_and_a_draft(home: &Path) -> Tmux {
    let t = Tmux::start(home, &["run", "tuning", "--speed", "10"], 100, 40);
    note_and_draft(&t);
    t
}

/// In a plg just started: starts the meeting, saves a note, half types another.
fn note_and_draft(t: &Tmux) {
    t.wait_for("Who is here (0)");
    t.keys(&["Enter"]);
    t.wait_for("PHASE 1 OF 8");
    t.keys(&["w"]);
    t.wait_for("New note · Warm feedback");
    t.type_text(NOTE);
    t.keys(&["Enter"]);
    t.wait_for(&format!("Warm feedback: {NOTE}"));
    t.keys(&["c"]);
    t.wait_for("New note · Cool feedback");
    t.type_text(DRAFT);
    // On screen means plg has it in memory; whether it reached the disk yet is up to the signal.
    t.wait_for(DRAFT);
}

fn a_signal_saves_the_note_and_the_draft(signal: &str) {
    let home = tempfile::tempdir().unwrap();
    let t = meeting_with_a_note_and_a_draft(home.path());
    let pid = t.pid();

    let sent = Instant::now();
    kill(pid, signal);
    let out = t.wait_exit();
    let took = sent.elapsed();
    assert!(
        took < PROMPTLY,
        "plg took {took:?} to leave after SIG{signal}"
    );
    assert!(!running(pid), "plg still runs after SIG{signal}");

    // Back at a normal screen: plg left the full screen and printed where the record went.
    assert!(
        !t.alternate_screen(),
        "the terminal was left in full-screen mode:\n{out}"
    );
    assert!(
        out.contains("Saved to") && out.contains("plg resume"),
        "after SIG{signal} the terminal shows:\n{out}"
    );

    let found = records(home.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let record = plg::record::read_file(&found[0]).unwrap();
    assert_eq!(record.status, Status::InProgress);
    assert_eq!(record.notes.len(), 1, "{:?}", record.notes);
    assert_eq!(record.notes[0].kind, "warm");
    assert_eq!(record.notes[0].text, NOTE);
    let draft = record
        .draft
        .expect("the half-typed note is kept as a draft");
    assert_eq!(draft.kind, "cool");
    assert_eq!(draft.text, DRAFT);
    // The lock goes with the process that held it.
    let names: Vec<String> = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.ends_with(".lock") && !n.ends_with(".tmp")),
        "left behind: {names:?}"
    );
    eprintln!("SIG{signal}: plg saved and left in {took:?}");
}

#[test]
fn sigterm_saves_the_note_and_the_draft_and_restores_the_terminal() {
    a_signal_saves_the_note_and_the_draft("TERM");
}

#[test]
fn sighup_saves_the_note_and_the_draft_and_restores_the_terminal() {
    a_signal_saves_the_note_and_the_draft("HUP");
}

/// Another program's SIGINT (Ctrl-C at the keyboard is a key, not a signal,
/// while the meeting screen is up); on Windows the same as SIGTERM.
#[test]
fn sigint_saves_the_note_and_the_draft_and_restores_the_terminal() {
    a_signal_saves_the_note_and_the_draft("INT");
}

#[test]
fn sigkill_on_the_setup_screen_leaves_nothing_and_the_next_run_starts_cleanly() {
    let home = tempfile::tempdir().unwrap();
    {
        let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "10"], 100, 40);
        t.wait_for("Who is here (0)");
        let pid = t.pid();
        kill(pid, "KILL");
        t.wait_exit();
        assert!(!running(pid));
    }
    let sessions = home.path().join("sessions");
    let left: Vec<_> = std::fs::read_dir(&sessions)
        .map(|rd| rd.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "nothing was started, yet: {left:?}");

    // The next run in the same home starts as if nothing happened.
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "10"], 100, 40);
    t.wait_for("Who is here (0)");
    t.keys(&["Enter"]);
    t.wait_for("PHASE 1 OF 8");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    let out = t.wait_exit();
    assert!(out.contains("Saved to"), "{out}");
    let found = records(home.path());
    assert_eq!(found.len(), 1, "{found:?}");
    let record = plg::record::read_file(&found[0]).unwrap();
    assert_eq!(record.status, Status::InProgress);
    assert!(record.notes.is_empty());
}

#[test]
fn sigkill_mid_meeting_keeps_the_record_and_the_next_meeting_gets_its_own() {
    let home = tempfile::tempdir().unwrap();
    {
        let t = meeting_with_a_note_and_a_draft(home.path());
        let pid = t.pid();
        kill(pid, "KILL");
        t.wait_exit();
        assert!(!running(pid));
    }
    let first = records(home.path());
    assert_eq!(first.len(), 1, "{first:?}");
    let before = std::fs::read_to_string(&first[0]).unwrap();
    let record = plg::record::read_file(&first[0]).unwrap();
    assert_eq!(record.notes.len(), 1);
    assert_eq!(record.notes[0].text, NOTE);

    // The dead plg's lock file is still there; a new meeting must neither be
    // refused for it nor write over the first record.
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "10"], 100, 40);
    t.wait_for("Resume it?");
    t.keys(&["n", "Enter"]);
    t.wait_for("Who is here (0)");
    t.keys(&["Enter"]);
    let s = t.wait_for("PHASE 1 OF 8");
    assert!(!s.contains("NOT SAVED"), "{s}");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    let out = t.wait_exit();
    assert!(out.contains("Saved to"), "{out}");
    let both = records(home.path());
    assert_eq!(both.len(), 2, "{both:?}");
    assert_eq!(std::fs::read_to_string(&first[0]).unwrap(), before);
}

#[test]
fn sigterm_while_saves_fail_says_what_was_not_saved_and_exits_with_failure() {
    const LOST: &str = "Noted after the disk filled";
    let home = tempfile::tempdir().unwrap();
    // Under a shell that reports plg's exit status (tmux's own report of a
    // dead pane's status is not always there).
    let t = Tmux::start_with(
        home.path(),
        &["sh", "-c", "\"$@\"; echo \"plg exit status: $?\"", "sh"],
        &["run", "tuning", "--speed", "10"],
        100,
        40,
    );
    note_and_draft(&t);
    let first = records(home.path());
    assert_eq!(first.len(), 1, "{first:?}");
    let tried = first[0].clone();

    // Saves fail from here on, even for root: the folder is now a file.
    let sessions = home.path().join("sessions");
    let moved = home.path().join("sessions-moved");
    std::fs::rename(&sessions, &moved).unwrap();
    std::fs::write(&sessions, "not a folder").unwrap();

    // Finish the draft into a note; its save fails.
    t.type_text(LOST);
    t.keys(&["Enter"]);
    t.wait_for("NOT SAVED");
    // plg is the shell's only child (`env` execs it).
    let shell = t.pid();
    let children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
    let pid: u32 = children.split_whitespace().next().unwrap().parse().unwrap();
    kill(pid, "TERM");
    let out = t.wait_exit();

    assert!(!out.contains("Saved to"), "{out}");
    assert!(
        out.contains(&format!("NOT SAVED: the last save to {}", tried.display())),
        "{out}"
    );
    assert!(
        out.contains(LOST),
        "the unsaved note is shown to copy:\n{out}"
    );
    assert!(out.contains("plg exit status: 1"), "{out}");

    // The file keeps what the last good save wrote.
    let kept = moved.join(tried.file_name().unwrap());
    let record = plg::record::read_file(&kept).unwrap();
    assert_eq!(record.notes.len(), 1);
    assert_eq!(record.notes[0].text, NOTE);
}

#[test]
fn closing_the_window_ends_plg_with_an_error_status_not_an_abort() {
    let home = tempfile::tempdir().unwrap();
    let status_file = home.path().join("status");
    // The shell ignores the hangup so that it outlives the window and can
    // write plg's exit status down; plg installs its own handler.
    let script = format!("trap '' HUP; \"$@\"; echo $? > {}", status_file.display());
    let t = Tmux::start_with(
        home.path(),
        &["sh", "-c", &script, "sh"],
        &["run", "tuning", "--speed", "10"],
        100,
        40,
    );
    note_and_draft(&t);
    t.close_terminal();
    let status = support::tmux::wait_for_file(&status_file);
    // 101 is a panic; 134 an abort (a panic while panicking), which is what
    // ratatui's Terminal used to cause by reporting on the dead terminal.
    assert_eq!(status.trim(), "1", "plg's exit status");
    let found = records(home.path());
    let record = plg::record::read_file(&found[0]).unwrap();
    assert_eq!(record.draft.map(|d| d.text).as_deref(), Some(DRAFT));
}
