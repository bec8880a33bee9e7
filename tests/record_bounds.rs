//! Records with numbers and dates plg cannot compute with, through the real
//! binary: `plg resume`, `plg logs`, `plg export` and `plg report` answer
//! with an error naming the file and the field, or carry on, and never panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use plg::meeting::session::{Closing, Setup};
use plg::meeting::{Command as Cmd, Meeting, Rounds};
use plg::record::SessionRecord;
use plg::record::format::{SessionView, Status};

fn plg(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plg"))
        .args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env("NO_COLOR", "1")
        .output()
        .expect("plg runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A record of a Tuning meeting started at `start` (RFC 3339), as plg writes it.
fn record_text(start: &str, status: Status) -> String {
    let start: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(start).unwrap();
    let t0 = start.with_timezone(&Utc);
    let mut m = Meeting::start(
        plg::protocol::builtin("tuning").unwrap(),
        &Rounds::default(),
        t0,
    );
    m.update(Cmd::Next, t0 + TimeDelta::minutes(5));
    m.update(
        Cmd::AddNote {
            kind: "warm".into(),
            text: "the rubric helped".into(),
        },
        t0 + TimeDelta::minutes(6),
    );
    let end = t0 + TimeDelta::minutes(55);
    if status != Status::InProgress {
        m.update(Cmd::End, end);
    }
    let rec = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &Setup::default(),
            closing: &Closing::default(),
            status,
            draft: None,
            speed: 1,
        },
        end,
        *start.offset(),
    );
    serde_yaml::to_string(&rec).unwrap()
}

/// Writes a record into `home`'s sessions folder, private as plg keeps them.
fn write(home: &Path, name: &str, text: &str) -> PathBuf {
    let dir = home.join("sessions");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.yaml"));
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    path
}

fn assert_no_panic(o: &Output, what: &str) {
    let err = text(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{what}: {err}");
    assert!(!err.contains("panicked"), "{what}: {err}");
}

#[test]
fn a_resumed_record_with_out_of_range_seconds_is_refused_naming_file_and_field() {
    let home = tempfile::tempdir().unwrap();
    let good = record_text("2026-11-23T15:30:00+01:00", Status::InProgress);
    let at = good.find("planned_seconds: ").unwrap();
    let end = at + good[at..].find('\n').unwrap();
    let bad = format!(
        "{}planned_seconds: 9223372036854775807{}",
        &good[..at],
        &good[end..]
    );
    let path = write(home.path(), "2026-11-23T1530_tuning", &bad);

    let o = plg(&["resume"], home.path());
    assert_no_panic(&o, "plg resume");
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("planned_seconds"), "{err}");
    assert!(err.contains("9223372036854775807"), "{err}");

    for args in [
        &["logs", "list"][..],
        &["logs", "show", "2026-11-23T1530_tuning"],
        &["export", "2026-11-23T1530_tuning"],
        &["export", "2026-11-23T1530_tuning", "--format", "html"],
        &["export", "2026-11-23T1530_tuning", "--format", "csv"],
        &["report"],
    ] {
        assert_no_panic(&plg(args, home.path()), &args.join(" "));
    }
}

#[test]
fn far_dates_and_huge_numbers_anywhere_do_not_panic_any_review_command() {
    let home = tempfile::tempdir().unwrap();
    let good = record_text("2026-11-23T15:30:00+01:00", Status::Completed);
    write(home.path(), "2026-11-23T1530_tuning", &good);
    let far = record_text("9999-12-01T15:30:00+01:00", Status::Completed);
    write(home.path(), "9999-12-01T1530_tuning", &far);
    for (i, (key, value)) in [
        ("actual_seconds", "-9223372036854775808"),
        ("original_seconds", "9223372036854775807"),
        ("minutes", "1e308"),
        ("step", "18446744073709551615"),
    ]
    .iter()
    .enumerate()
    {
        let at = good.find(&format!("{key}: ")).unwrap();
        let end = at + good[at..].find('\n').unwrap();
        let bad = format!("{}{key}: {value}{}", &good[..at], &good[end..]);
        write(
            home.path(),
            &format!("2026-10-0{}T1530_tuning", i + 1),
            &bad,
        );
    }
    for args in [
        &["logs", "list"][..],
        &["logs", "list", "--json"],
        &["logs", "list", "--search", "rubric"],
        &["logs", "show", "2026-10-01T1530_tuning"],
        &["logs", "show", "2026-10-03T1530_tuning"],
        &["export", "--format", "md"],
        &["export", "--format", "csv", "--attendance"],
        &["export", "--format", "json"],
        &["report", "--format", "html"],
        &["resume", "2026-10-01T1530_tuning"],
    ] {
        assert_no_panic(&plg(args, home.path()), &args.join(" "));
    }

    // The year-9999 meeting does not stretch the month grid over 8,000 years.
    let o = plg(&["report"], home.path());
    assert_no_panic(&o, "plg report");
    let out = text(&o.stdout);
    assert!(
        out.lines().count() < 100,
        "{} lines:\n{out}",
        out.lines().count()
    );
}
