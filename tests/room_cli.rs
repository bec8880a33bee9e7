//! `plg room` from the command line, where no terminal is needed to tell.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use support::{plg, stderr, stdout};

#[test]
fn the_room_screen_without_a_terminal_says_it_needs_one_and_touches_nothing() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["room"], home.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the room screen needs a terminal"), "{err}");
    assert!(stdout(&out).is_empty());
    assert!(
        !home.path().join("cache/run").exists(),
        "no runtime folder made for a screen that never opened"
    );
    assert!(!home.path().join("sessions").exists());
}

#[test]
fn the_room_screen_takes_a_theme_but_no_speed() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["--speed", "5", "room"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--speed does nothing here"),
        "{}",
        stderr(&out)
    );
    // A theme given before the command is the room's own (still no terminal here).
    let out = plg(&["--theme", "projector", "room"], home.path());
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
    let out = plg(&["room", "--theme", "no-such-theme"], home.path());
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_room_screens_help_says_how_the_two_screens_work() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["room", "--help"], home.path());
    let help = stdout(&out);
    assert!(help.contains("Ctrl-W"), "{help}");
    assert!(help.contains("closes this screen only"), "{help}");
    assert!(help.contains("plg room --theme projector"), "{help}");
}
