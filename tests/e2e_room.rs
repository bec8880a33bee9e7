//! Two screens in two terminal windows, as a facilitator sets them up: the
//! console (`plg run`) on the laptop and the room's screen (`plg room`) on
//! the projector, the real binary in tmux, one PLG_HOME for both.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a screen may take to show what a step expects (behaviour, not
/// speed: `scripts/room-latency.sh` measures how fast).
const PATIENCE: Duration = Duration::from_secs(10);
/// How long a frame may take to be written out whole.
const SETTLE: Duration = Duration::from_millis(80);

/// One tmux server with two windows, `console` and `room`.
struct TwoScreens {
    socket: PathBuf,
    home: PathBuf,
    _dir: tempfile::TempDir,
}

impl TwoScreens {
    fn new(home: &Path) -> TwoScreens {
        let dir = tempfile::tempdir().unwrap();
        let t = TwoScreens {
            socket: dir.path().join("tmux.sock"),
            home: home.to_path_buf(),
            _dir: dir,
        };
        // A session with a shell-less placeholder window, so both screens open the same way.
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "plg",
            "-n",
            "idle",
            "-x",
            "120",
            "-y",
            "35",
            "sleep 600",
        ]);
        t.tmux(&["set-option", "-g", "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .env_remove("NO_COLOR")
            .output()
            .expect("tmux is installed (.ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn command(&self, args: &[&str]) -> String {
        let mut cmd = format!(
            "env PLG_HOME={} TERM=xterm-256color {}",
            self.home.display(),
            env!("CARGO_BIN_EXE_plg")
        );
        for a in args {
            cmd.push(' ');
            cmd.push_str(a);
        }
        cmd
    }

    /// Opens (or reopens) window `name` running plg with `args`.
    fn open(&self, name: &str, args: &[&str]) {
        let target = format!("plg:{name}");
        let cmd = self.command(args);
        if self
            .tmux(&["list-windows", "-F", "#{window_name}"])
            .lines()
            .any(|w| w == name)
        {
            self.tmux(&["respawn-pane", "-k", "-t", &target, &cmd]);
        } else {
            self.tmux(&["new-window", "-d", "-t", "plg", "-n", name, &cmd]);
            self.tmux(&["resize-window", "-t", &target, "-x", "120", "-y", "35"]);
        }
    }

    fn keys(&self, window: &str, keys: &[&str]) {
        let target = format!("plg:{window}");
        let mut args = vec!["send-keys", "-t", target.as_str()];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn type_text(&self, window: &str, text: &str) {
        self.tmux(&["send-keys", "-t", &format!("plg:{window}"), "-l", text]);
    }

    fn screen(&self, window: &str) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &format!("plg:{window}")])
    }

    fn wait_until(&self, window: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(window);
            // A capture can catch a frame half drawn: return a second
            // capture a moment later that still holds.
            if ok(&s) {
                std::thread::sleep(SETTLE);
                let settled = self.screen(window);
                if ok(&settled) {
                    return settled;
                }
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what:?} on the {window} screen, which shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, window: &str, needle: &str) -> String {
        self.wait_until(window, needle, |s| s.contains(needle))
    }

    fn dead(&self, window: &str) -> bool {
        self.tmux(&[
            "display-message",
            "-p",
            "-t",
            &format!("plg:{window}"),
            "#{pane_dead}",
        ])
        .trim()
            == "1"
    }
}

impl Drop for TwoScreens {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// From tuning's first phase: its facilitator notes, which stay on the laptop.
const FACILITATOR_NOTE: &str = "A short, calm start";

/// Starts tuning on the console and waits for its first phase.
fn start_tuning(t: &TwoScreens) {
    t.open("console", &["run", "tuning"]);
    t.wait_for("console", "Who is here (0)");
    t.keys("console", &["Enter"]);
    t.wait_for("console", "PHASE 1 OF 8");
}

#[test]
fn a_room_screen_started_first_waits_then_follows_the_console_and_shows_only_what_the_room_needs() {
    let home = tempfile::tempdir().unwrap();
    let t = TwoScreens::new(home.path());

    t.open("room", &["room"]);
    t.wait_for("room", "Waiting for a meeting on this machine");

    start_tuning(&t);
    let room = t.wait_for("room", "PHASE 1 OF 8");
    assert!(room.contains("Facilitator has the floor"), "{room}");
    // The console is the facilitator's now, and says so.
    let console = t.wait_for("console", "ROOM SCREEN ATTACHED");
    assert!(console.contains("FACILITATOR NOTES"), "{console}");
    // Its flash takes the bottom line: the header keeps the clock whole
    // and the phase stays in view.
    let head = console.lines().next().unwrap_or_default();
    assert!(
        head.contains("Elapsed") && head.contains("Ends"),
        "{console}"
    );
    assert!(console.contains("PHASE 1 OF 8"), "{console}");
    assert!(
        console.contains("Room: Introduction and norms"),
        "{console}"
    );
    assert!(!room.contains(FACILITATOR_NOTE), "{room}");

    // Space pauses both; the room says so in words.
    t.keys("console", &["Space"]);
    t.wait_for("room", "PAUSED");
    t.wait_for("console", "· PAUSED");
    t.keys("console", &["Space"]);
    t.wait_until("room", "the clock to run again", |s| !s.contains("PAUSED"));

    // n moves both on.
    t.keys("console", &["n"]);
    t.wait_for("console", "PHASE 2 OF 8");
    let room = t.wait_for("room", "PHASE 2 OF 8");
    assert!(room.contains("Presenter has the floor"), "{room}");

    // A note being typed stays on the laptop, even once its draft is saved.
    t.keys("console", &["Enter"]);
    t.type_text("console", "Draft for the laptop only");
    t.wait_for("console", "Draft for the laptop only");
    let start = Instant::now();
    let record = loop {
        let found = support::records(home.path());
        let text = found
            .first()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        if text.contains("Draft for the laptop only") {
            break text;
        }
        assert!(start.elapsed() < PATIENCE, "the draft was never saved");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(record.contains("draft:"), "{record}");
    // The room has read the record with the draft in it by now.
    std::thread::sleep(Duration::from_millis(500));
    let room = t.screen("room");
    assert!(!room.contains("Draft for the laptop only"), "{room}");

    // Saved, the note stays off the wall until the facilitator shows notes.
    t.keys("console", &["Enter"]);
    t.wait_for("console", "saved");
    std::thread::sleep(Duration::from_millis(500));
    let room = t.screen("room");
    assert!(!room.contains("Draft for the laptop only"), "{room}");
    t.keys("console", &["C-w"]);
    t.wait_for("room", "Draft for the laptop only");
    t.wait_for("console", "notes shown");
    t.keys("console", &["C-w"]);
    t.wait_until("room", "the notes to go", |s| {
        !s.contains("Draft for the laptop only")
    });
    assert!(!t.screen("room").contains(FACILITATOR_NOTE));

    // The meeting ends: the room shows its end, then waits for the next.
    t.keys("console", &["q"]);
    t.wait_for("console", "Quit plg?");
    t.keys("console", &["e"]);
    t.wait_for("room", "Waiting for the next meeting");
    assert!(
        !t.dead("room"),
        "the room screen stays up for the next meeting"
    );
}

#[test]
fn a_room_screen_closed_and_reopened_mid_meeting_picks_up_and_the_console_follows() {
    let home = tempfile::tempdir().unwrap();
    let t = TwoScreens::new(home.path());

    // A meeting already under way, on the wall alone (single-screen mode).
    start_tuning(&t);
    t.keys("console", &["n", "n"]);
    t.wait_for("console", "PHASE 3 OF 8");
    let console = t.screen("console");
    assert!(console.contains("PROJECTING"), "{console}");
    assert!(!console.contains(FACILITATOR_NOTE), "{console}");

    // A room screen opened mid-meeting starts where the meeting is.
    t.open("room", &["room"]);
    t.wait_for("room", "PHASE 3 OF 8");
    t.wait_for("console", "ROOM SCREEN ATTACHED");

    // q closes the room screen only; the console goes back to projecting.
    t.keys("room", &["q"]);
    t.wait_until("room", "the room screen to close", |_| t.dead("room"));
    let console = t.wait_until("console", "single-screen mode", |s| {
        s.contains("PROJECTING") && !s.contains("ROOM SCREEN ATTACHED")
    });
    assert!(!console.contains("Room: "), "{console}");
    assert!(!t.dead("console"), "the meeting goes on");

    // Reopened, it picks up where the meeting is now.
    t.keys("console", &["n"]);
    t.wait_for("console", "PHASE 4 OF 8");
    t.open("room", &["room"]);
    t.wait_for("room", "PHASE 4 OF 8");
    t.wait_for("console", "ROOM SCREEN ATTACHED");

    // Ctrl-C closes the room screen too, and still never the meeting.
    t.keys("room", &["C-c"]);
    t.wait_until("room", "the room screen to close", |_| t.dead("room"));
    t.wait_for("console", "PROJECTING");
    assert!(!t.dead("console"));

    // Left to resume later: a room screen says so, and follows the resume.
    t.open("room", &["room"]);
    t.wait_for("room", "PHASE 4 OF 8");
    t.keys("console", &["q"]);
    t.wait_for("console", "Quit plg?");
    t.keys("console", &["l"]);
    t.wait_for("room", "left to be resumed");
    t.open("console", &["resume"]);
    t.wait_for("room", "PHASE 4 OF 8");
    t.wait_for("console", "ROOM SCREEN ATTACHED");
}

#[test]
fn a_console_killed_mid_meeting_does_not_fool_the_room_screen() {
    let home = tempfile::tempdir().unwrap();
    let t = TwoScreens::new(home.path());
    t.open("room", &["room"]);
    start_tuning(&t);
    t.keys("console", &["n"]);
    t.wait_for("room", "PHASE 2 OF 8");

    // Killed: it removes nothing, but the system drops its lock.
    let pid = t
        .tmux(&["display-message", "-p", "-t", "plg:console", "#{pane_pid}"])
        .trim()
        .to_string();
    let status = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    assert!(status.success());
    t.wait_for("room", "left to be resumed");
    let run = home.path().join("cache/run");
    let left: Vec<String> = std::fs::read_dir(&run)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("meeting."))
        .collect();
    assert!(
        left.is_empty(),
        "the dead console's files are gone: {left:?}"
    );

    t.open("console", &["resume"]);
    t.wait_for("room", "PHASE 2 OF 8");
}

/// A protocol without a check-in phase: its check-in and plus/delta are
/// taken on the console after the last phase.
const HUDDLE: &str = "id: huddle\nname: Team Huddle\nsummary: A short stand-up.\nphases:\n  - name: Wins\n    minutes: 5\n  - name: Next steps\n    minutes: 10\n";

#[test]
fn a_check_in_after_the_last_phase_is_on_the_wall_as_the_meeting_closes_and_only_then_it_ends() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("protocols")).unwrap();
    std::fs::write(home.path().join("protocols/huddle.yaml"), HUDDLE).unwrap();
    let t = TwoScreens::new(home.path());
    t.open("room", &["room"]);
    t.open("console", &["run", "huddle"]);
    t.wait_for("console", "Who is here (0)");
    t.keys("console", &["Enter"]);
    t.wait_for("room", "PHASE 1 OF 2");
    t.keys("console", &["n"]);
    t.wait_for("room", "PHASE 2 OF 2");
    t.keys("console", &["n"]);
    t.wait_for("console", "End the meeting?");
    t.keys("console", &["y"]);

    // The record reads completed now, but the group is closing the meeting
    // at the console: the wall says so, and nothing about the next meeting.
    let room = t.wait_for("room", "CHECK-IN AND PLUS/DELTA");
    assert!(room.contains("Closing the meeting"), "{room}");
    assert!(!room.contains("Waiting for the next"), "{room}");
    // The end's length line (its heading is drawn large at this size).
    assert!(!room.contains("Length "), "{room}");

    // Hands go up on the wall as they are counted on the console, and the
    // plus as it is written: each is saved as it is entered.
    t.keys("console", &["4", "5", "3"]);
    t.wait_for("room", "3 votes · avg 4.0 · 3–5");
    let rows = t.screen("console");
    let norms = rows.matches("no hands yet").count() + 1;
    for _ in 0..norms {
        t.keys("console", &["Down"]);
    }
    t.keys("console", &["Enter"]);
    t.type_text("console", "Everyone named one win");
    t.keys("console", &["Enter"]);
    let room = t.wait_for("room", "+ Everyone named one win");
    assert!(!room.contains("Waiting for the next"), "{room}");
    let record = std::fs::read_to_string(support::records(home.path()).first().unwrap()).unwrap();
    assert!(record.contains("Everyone named one win"), "{record}");

    // The facilitator closes the console: only now has the meeting ended.
    t.keys("console", &["n"]);
    t.wait_for("console", "The meeting has ended");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen("room").contains("Waiting for the next"));
    t.keys("console", &["q"]);
    let room = t.wait_for("room", "Waiting for the next meeting");
    assert!(room.contains("Length "), "{room}");
    assert!(room.contains("+ Everyone named one win"), "{room}");
}
