//! No command panics when the reader of its output has gone away:
//! `plg completions bash | true`, `plg protocols | head -c1`, or an error
//! message written to a stderr that is already closed. Each command runs
//! with pipes whose read ends are closed before plg starts, so every write
//! fails at once, deterministically.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::io::Read;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

/// A pipe nobody reads: its read end is closed before the child starts.
fn closed() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

fn plg(args: &[&str], home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plg"));
    c.args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env_remove("PLG_THEMES")
        .env_remove("PLG_GROUPS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// Runs with stdout closed and stderr read: the exit status and what stderr said.
fn stdout_closed(args: &[&str], home: &Path) -> (ExitStatus, String) {
    let mut child = plg(args, home)
        .stdout(closed())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap(), err)
}

/// Runs with both stdout and stderr closed.
fn both_closed(args: &[&str], home: &Path) -> ExitStatus {
    plg(args, home)
        .stdout(closed())
        .stderr(closed())
        .status()
        .unwrap()
}

fn assert_no_panic(args: &[&str]) {
    let home = tempfile::tempdir().unwrap();
    let (status, err) = stdout_closed(args, home.path());
    assert_ne!(
        status.code(),
        Some(101),
        "plg {args:?} with stdout closed: {err}"
    );
    assert!(!err.contains("panicked"), "plg {args:?}: {err}");
    let status = both_closed(args, home.path());
    assert_ne!(
        status.code(),
        Some(101),
        "plg {args:?} with stdout and stderr closed"
    );
}

#[test]
fn listing_commands_survive_closed_pipes() {
    for args in [
        &["protocols"][..],
        &["show", "tuning"],
        &["schema"],
        &["logs", "list"],
        &["themes"],
        &["groups"],
        &["report"],
    ] {
        assert_no_panic(args);
    }
}

#[test]
fn completions_survive_closed_pipes() {
    // clap_complete panics on a failing writer unless the script is
    // generated into memory first (`plg::cli::write_completions`).
    assert_no_panic(&["completions", "bash"]);
}

#[test]
fn errors_written_to_a_closed_stderr_do_not_panic() {
    // Each fails, so its last act is an error message on stderr.
    for args in [
        &["show", "/nonexistent/protocol.yaml"][..],
        &["resume", "no-such-session"],
        &["logs", "show", "no-such-session"],
    ] {
        assert_no_panic(args);
    }
}
