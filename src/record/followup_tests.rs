use std::fs;

use chrono::TimeZone;

use super::*;
use crate::meeting::session::ActionField;

fn at(minute: u32) -> DateTime<FixedOffset> {
    FixedOffset::west_opt(5 * 3600)
        .and_then(|o| o.with_ymd_and_hms(2026, 12, 1, 16, minute, 0).single())
        .expect("a valid time")
}

fn math9() -> GroupRef {
    GroupRef {
        id: "math9".into(),
        name: "Grade 9 Math PLG".into(),
        focus: None,
    }
}

fn done(item: usize, text: &str) -> ActionChange {
    ActionChange {
        at: at(2),
        session: "2026-11-24T1530_math9_tuning".into(),
        item,
        text: text.into(),
        field: ActionField::State,
        from: Some("open".into()),
        to: Some("done".into()),
    }
}

fn sample() -> FollowUp {
    FollowUp {
        saved_at: at(2),
        group: Some(math9()),
        action_changes: vec![done(0, "Share the rubric")],
    }
}

#[test]
fn a_follow_up_is_named_by_time_and_group_in_its_own_folder() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_path(dir.path(), at(2), Some("math9"));
    assert_eq!(
        p,
        dir.path()
            .join("follow-ups")
            .join("2026-12-01T1602_math9_follow-up.yaml")
    );
    assert_eq!(
        new_path(dir.path(), at(2), None),
        dir.path().join("follow-ups/2026-12-01T1602_follow-up.yaml")
    );
    save(&p, &sample()).unwrap();
    assert_eq!(
        new_path(dir.path(), at(2), Some("math9")),
        dir.path()
            .join("follow-ups/2026-12-01T1602_math9_follow-up-2.yaml"),
        "a name taken gets a number, as session records do"
    );
}

#[test]
fn saved_and_read_back_as_written_with_version_and_kind_first() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_path(dir.path(), at(2), Some("math9"));
    save(&p, &sample()).unwrap();
    let text = fs::read_to_string(&p).unwrap();
    assert!(
        text.starts_with("version: 1\nkind: follow-up\nsaved_at: 2026-12-01T16:02:00-05:00\n"),
        "{text}"
    );
    assert!(
        text.contains("group:\n  id: math9\n  name: Grade 9 Math PLG\n"),
        "{text}"
    );
    let (read, damaged) = read_all(dir.path());
    assert!(damaged.is_empty(), "{damaged:?}");
    assert_eq!(
        read,
        [("2026-12-01T1602_math9_follow-up".to_string(), sample())]
    );
}

#[cfg(unix)]
#[test]
fn follow_ups_are_private_like_records() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = new_path(dir.path(), at(2), None);
    save(&p, &sample()).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&p), 0o600);
    assert_eq!(mode(&folder(dir.path())), 0o700);
}

#[test]
fn later_saves_replace_only_the_file_this_process_created() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_path(dir.path(), at(2), Some("math9"));
    save(&p, &sample()).unwrap();
    let mut more = sample();
    more.action_changes.push(done(1, "Book the lab"));
    more.saved_at = at(5);
    save(&p, &more).unwrap();
    let (read, _) = read_all(dir.path());
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].1, more);

    // A file someone else put at that name is never written over.
    let theirs = folder(dir.path()).join("2026-12-01T1700_math9_follow-up.yaml");
    fs::write(&theirs, "not mine").unwrap();
    let e = save(&theirs, &sample()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "not mine");
}

#[test]
fn a_first_save_clears_what_a_killed_save_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let f = folder(dir.path());
    fs::create_dir_all(&f).unwrap();
    // A process id no process has (above Linux's pid_max).
    let stale = f.join(".2026-12-01T1500_follow-up.yaml.4194305.AbCdEfGh.tmp");
    let live = f.join(format!(
        ".2026-12-01T1500_follow-up.yaml.{}.AbCdEfGh.tmp",
        std::process::id()
    ));
    fs::write(&stale, "half").unwrap();
    fs::write(&live, "being written").unwrap();
    save(&new_path(dir.path(), at(2), None), &sample()).unwrap();
    if cfg!(target_os = "linux") {
        assert!(!stale.exists());
    }
    assert!(live.exists(), "this process's own temporary is left alone");
}

#[test]
fn no_folder_no_follow_ups() {
    let dir = tempfile::tempdir().unwrap();
    let (read, damaged) = read_all(dir.path());
    assert!(read.is_empty());
    assert!(damaged.is_empty());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let f = folder(dir);
    fs::create_dir_all(&f).unwrap();
    let p = f.join(name);
    fs::write(&p, text).unwrap();
    p
}

const GOOD: &str = "version: 1
kind: follow-up
saved_at: 2026-12-01T16:02:00-05:00
action_changes:
- at: 2026-12-01T16:02:00-05:00
  session: 2026-11-24T1530_math9_tuning
  item: 0
  text: Share the rubric
  field: state
  from: open
  to: done
";

#[test]
fn a_damaged_follow_up_is_reported_with_its_line_and_the_rest_still_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a_follow-up.yaml", GOOD);
    let bad = write(
        dir.path(),
        "b_follow-up.yaml",
        &GOOD.replace("to: done", "to: finished"),
    );
    let (read, damaged) = read_all(dir.path());
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].0, "a_follow-up");
    assert_eq!(read[0].1.group, None);
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].id, "b_follow-up");
    assert_eq!(damaged[0].path, bad);
    assert_eq!(damaged[0].line, Some(11));
    assert!(
        damaged[0]
            .message
            .starts_with("column 7: `action_changes[0].to` is `finished`"),
        "{}",
        damaged[0].message
    );
    assert!(
        damaged[0].to_string().ends_with(":11: column 7: `action_changes[0].to` is `finished`; an action item's state is `open`, `done` or `dropped`; the file was damaged or edited by hand; correct the value, or restore the file from a backup"),
        "{}",
        damaged[0]
    );
}

#[test]
fn a_newer_version_or_another_kind_of_file_is_refused_with_a_clear_message() {
    let e = parse(&GOOD.replace("version: 1", "version: 2")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 10: written by a newer plg (follow-up format version 2; this plg reads up to 1)"
    );
    let e = parse(&GOOD.replace("version: 1", "version: 0")).unwrap_err();
    assert!(
        e.to_string().contains("unknown follow-up format version 0"),
        "{e}"
    );
    let e = parse(&GOOD.replace("kind: follow-up", "kind: meeting")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2, column 7: `kind` is `meeting`; a follow-up record says `kind: follow-up`"
    );
    let e = parse("kind: follow-up\n").unwrap_err();
    assert!(e.to_string().contains("not a plg follow-up record"), "{e}");
    let e = parse(&GOOD.replace("saved_at: 2026", "saved_at: 0001")).unwrap_err();
    assert!(
        e.to_string().starts_with("line 3, column 11: `saved_at`"),
        "{e}"
    );
    // A version further down, as a person might write it, is found too.
    let moved = format!("# written by hand\n{GOOD}");
    assert!(parse(&moved).is_ok());
    // Keys a newer plg may add are let through.
    assert!(parse(&format!("{GOOD}reviewed_by: Ana Ruiz\n")).is_ok());
    assert!(
        parse(&format!("\u{feff}{GOOD}")).is_ok(),
        "a byte-order mark"
    );
}

#[test]
fn hostile_yaml_is_refused_before_serde_builds_it() {
    let bomb = "version: 1\nkind: follow-up\nsaved_at: 2026-12-01T16:02:00-05:00\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    let e = parse(bomb).unwrap_err().to_string();
    assert!(e.contains("expands to more than"), "{e}");
    let deep = format!("{GOOD}x: {}{}\n", "[".repeat(200), "]".repeat(200));
    let e = parse(&deep).unwrap_err().to_string();
    assert!(e.contains("nests more than"), "{e}");
}

#[test]
fn too_large_or_not_utf8_files_are_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = format!("{GOOD}#{}\n", "x".repeat(MAX_FOLLOWUP_BYTES as usize));
    write(dir.path(), "big.yaml", &big);
    let f = folder(dir.path());
    fs::write(f.join("latin1.yaml"), b"version: 1\nkind: caf\xe9\n").unwrap();
    let (read, damaged) = read_all(dir.path());
    assert!(read.is_empty());
    let messages: Vec<String> = damaged.iter().map(ToString::to_string).collect();
    assert_eq!(damaged.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("big.yaml: larger than 1024 KiB"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("latin1.yaml:2: column 10: not UTF-8 text"),
        "{messages:?}"
    );
}

#[cfg(unix)]
#[test]
fn links_and_other_files_are_never_followed_or_read() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside.yaml");
    fs::write(&outside, GOOD).unwrap();
    write(dir.path(), "notes.txt", GOOD);
    write(dir.path(), ".hidden.yaml", GOOD);
    let f = folder(dir.path());
    std::os::unix::fs::symlink(&outside, f.join("linked.yaml")).unwrap();
    fs::create_dir(f.join("folder.yaml")).unwrap();
    let (read, damaged) = read_all(dir.path());
    assert!(read.is_empty(), "{read:?}");
    assert_eq!(damaged.len(), 1);
    assert_eq!(damaged[0].id, "linked");
    assert!(damaged[0].message.contains("a link, not a file"));
}

#[test]
fn meeting_readers_pass_the_follow_ups_folder_by() {
    let dir = tempfile::tempdir().unwrap();
    save(&new_path(dir.path(), at(2), None), &sample()).unwrap();
    let index = crate::record::index::SessionIndex::load_uncached(dir.path()).unwrap();
    assert!(index.sessions.is_empty());
    assert!(index.damaged.is_empty());
    assert!(crate::record::store::unfinished(dir.path()).is_empty());
}

#[test]
fn a_mangled_follow_up_is_refused_with_a_line_never_a_panic() {
    // Seeded byte edits of a good file: each reads, or is refused with a
    // line inside the text.
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    const BYTES: &[u8] = b" :-\n\"'[]{}&*!|>%@`#,?0123456789abcdefT\t\\";
    let (mut read, mut refused) = (0, 0);
    for _ in 0..3_000 {
        let mut bytes = GOOD.as_bytes().to_vec();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            let b = BYTES[(next() % BYTES.len() as u64) as usize];
            match next() % 3 {
                0 => bytes[at] = b,
                1 => bytes.insert(at, b),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        match parse(&text) {
            Ok(_) => read += 1,
            Err(e) => {
                refused += 1;
                let lines = text.lines().count().max(1) + 1;
                let line = e.line().unwrap_or(0);
                assert!(
                    (1..=lines).contains(&line),
                    "line {line} of {lines}: {e}\n{text}"
                );
            }
        }
    }
    assert!(
        read > 100 && refused > 100,
        "read {read}, refused {refused}"
    );
}
