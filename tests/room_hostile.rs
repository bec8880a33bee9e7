//! The room's screen (`plg room`, the real binary in tmux) against what a
//! hostile colleague or a damaged machine leaves in its way: announcements
//! naming files outside the sessions folder, records rewritten under it.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::fs::{self, File};
use std::path::Path;
use std::time::Duration;

use support::tmux::Tmux;

/// Announces a meeting in `home`'s runtime folder as a live console would
/// (its lock held by this test process), naming `record` as its record.
fn plant_announcement(home: &Path, id: &str, record: &Path) -> File {
    let run = home.join("cache/run");
    fs::create_dir_all(&run).unwrap();
    let pid = std::process::id();
    let lock = File::create(run.join(format!("meeting.{pid}.lock"))).unwrap();
    lock.try_lock().unwrap();
    let json = serde_json::json!({
        "version": 1,
        "id": id,
        "record": record,
        "protocol": "Tuning Protocol",
        "pid": pid,
        "show_notes": true,
        "clock": {"real": "2026-11-27T22:00:00Z", "meeting": "2026-11-27T22:00:00Z", "speed": 1},
    });
    fs::write(run.join(format!("meeting.{pid}.json")), json.to_string()).unwrap();
    lock
}

#[test]
fn an_announcement_naming_a_file_outside_the_sessions_folder_is_never_read_onto_the_wall() {
    let home = tempfile::tempdir().unwrap();
    fs::create_dir_all(home.path().join("sessions")).unwrap();
    // Private notes elsewhere, shaped so that a parse error would quote them.
    let secret_dir = home.path().join("private");
    fs::create_dir_all(&secret_dir).unwrap();
    let secret = secret_dir.join("notes.yaml");
    fs::write(&secret, "version: 6\nstatus: \"TOPSECRET hunter2\"\n").unwrap();
    let _held = plant_announcement(home.path(), "notes", &secret);

    let room = Tmux::start(home.path(), &["room"], 100, 30);
    room.wait_for("Waiting for a meeting");
    // Long enough for a look at the runtime folder (at most a second).
    std::thread::sleep(Duration::from_millis(1500));
    let screen = room.screen();
    assert!(!screen.contains("TOPSECRET"), "{screen}");
    assert!(!screen.contains("hunter2"), "{screen}");
    assert!(!screen.contains("cannot be"), "{screen}");

    // Named on the command line, it is still not followed.
    let named = Tmux::start(home.path(), &["room", "notes"], 100, 30);
    named.wait_for("Waiting for the meeting notes");
    std::thread::sleep(Duration::from_millis(1500));
    let screen = named.screen();
    assert!(!screen.contains("TOPSECRET"), "{screen}");
}
