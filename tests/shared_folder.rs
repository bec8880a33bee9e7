//! A shared folder is hostile ground: anyone who can write to it can plant
//! links, FIFOs and records built to explode. These tests plant them (see
//! support/hostile.rs) and check that plg writes through no link, hangs on
//! no file, reads within its caps and reports what it refused.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::hostile::{self, Victim, link};
use support::sessions;

const QUICK: Duration = Duration::from_secs(30);

fn sessions_dir(home: &Path) -> PathBuf {
    home.join("sessions")
}

/// The in-progress record of the shared fixture folder.
fn in_progress(home: &Path) -> PathBuf {
    support::records(home)
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains("status: in-progress")
        })
        .expect("the fixtures hold a meeting in progress")
}

fn lock_of(record: &Path) -> PathBuf {
    let name = record.file_name().unwrap().to_string_lossy().into_owned();
    record.with_file_name(format!(".{name}.lock"))
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

// ---- Writing: a link where plg writes is never written through ----

#[test]
fn a_planted_lock_link_is_refused_not_truncated_nor_removed() {
    let home = sessions::home();
    let victim = Victim::new(home.path());
    let lock = lock_of(&in_progress(home.path()));
    link(&lock, &victim.path);
    let out = hostile::run(&["resume"], home.path(), QUICK).finished("resume");
    victim.assert_untouched("plg resume");
    assert!(
        std::fs::symlink_metadata(&lock).is_ok_and(|m| m.file_type().is_symlink()),
        "someone else's link is left where it was"
    );
    assert!(!out.status.success(), "{}", text(&out));
}

#[test]
fn a_lock_that_is_a_fifo_is_an_error_not_a_hang() {
    let home = sessions::home();
    let lock = lock_of(&in_progress(home.path()));
    hostile::fifo(&lock);
    let out = hostile::run(&["resume"], home.path(), QUICK).finished("resume");
    assert!(!out.status.success());
}

#[test]
fn a_stale_lock_of_a_killed_plg_is_replaced_by_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("s.yaml");
    let lock = lock_of(&record);
    hostile::file(&lock, "process 4000000000\n");
    // Held open, the old file keeps its identity and shows what was done to it.
    let mut old = std::fs::File::open(&lock).unwrap();
    let held = plg::record::store::SessionLock::acquire(&record).unwrap();
    let now = std::fs::read_to_string(&lock).unwrap();
    assert_eq!(now.trim(), format!("process {}", std::process::id()));
    let mut was = String::new();
    std::io::Read::read_to_string(&mut old, &mut was).unwrap();
    assert_eq!(
        was, "process 4000000000\n",
        "the old file was not written into"
    );
    drop(held);
    assert!(!lock.exists());
}

#[test]
fn planted_temporary_names_are_never_written_through() {
    // The old temporary name was predictable: `.NAME.PID.tmp`.
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let sessions = dir.path().join("sessions");
    let record = sessions.join("s.yaml");
    link(
        &sessions.join(format!(".s.yaml.{}.tmp", std::process::id())),
        &victim.path,
    );
    plg::record::store::write_atomic(&record, b"version: 2\n").unwrap();
    victim.assert_untouched("a save");
    assert_eq!(std::fs::read_to_string(&record).unwrap(), "version: 2\n");
}

#[test]
fn a_record_replaced_by_a_link_is_not_saved_over() {
    let dir = tempfile::tempdir().unwrap();
    let victim = Victim::new(dir.path());
    let record = dir.path().join("s.yaml");
    link(&record, &victim.path);
    let e = plg::record::store::write_atomic(&record, b"version: 2\n").unwrap_err();
    assert!(e.to_string().contains("a link"), "{e}");
    victim.assert_untouched("a save");
}

/// Every file plg writes on a command, with a link planted in its place.
#[test]
fn every_file_plg_writes_refuses_a_planted_link() {
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "schema",
            &["new", "protocol", "p"],
            "protocols/.schemas/protocol.schema.json",
        ),
        (
            "new protocol",
            &["new", "protocol", "q"],
            "protocols/q.yaml",
        ),
        ("new group", &["new", "group", "g"], "groups/g.yaml"),
        (
            "export",
            &["export", "--group", "math9", "-o", "out.md"],
            "out.md",
        ),
        (
            "export --force",
            &["export", "--group", "math9", "-o", "out.md", "--force"],
            "out.md",
        ),
    ];
    for (what, args, target) in cases {
        let home = sessions::home();
        let victim = Victim::new(home.path());
        let at = home.path().join(target);
        link(&at, &victim.path);
        // Relative output paths are taken from the current folder: name it in full.
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if *a == "out.md" {
                    at.display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hostile::run(&args, home.path(), QUICK).finished(what);
        victim.assert_untouched(what);
        assert!(
            std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()),
            "{what}: the link is left as it was"
        );
    }
}

#[test]
fn export_force_never_replaces_a_fifo_or_device() {
    let home = sessions::home();
    let out = home.path().join("out.md");
    hostile::fifo(&out);
    let o = hostile::run(
        &[
            "export",
            "--group",
            "math9",
            "-o",
            out.to_str().unwrap(),
            "--force",
        ],
        home.path(),
        QUICK,
    )
    .finished("export");
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("a FIFO"), "{}", text(&o));
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&out)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn the_index_cache_is_not_written_through_a_link() {
    let home = sessions::home();
    let victim = Victim::new(home.path());
    let sessions = sessions_dir(home.path());
    let cache = plg::record::index::cache_path(&sessions, &home.path().join("cache"));
    link(&cache, &victim.path);
    let name = cache.file_name().unwrap().to_string_lossy().into_owned();
    link(
        &cache.with_file_name(format!(".{name}.{}.tmp", std::process::id())),
        &victim.path,
    );
    let out = hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list");
    assert!(out.status.success(), "{}", text(&out));
    victim.assert_untouched("the index cache");
}

// ---- Reading: only regular files, never through a link, within caps ----

/// Every place plg reads a file from, with a FIFO there: nothing hangs.
#[test]
fn a_fifo_wherever_plg_reads_never_hangs() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "record",
            "sessions/2026-01-01T0000_x.yaml",
            &["logs", "list"],
        ),
        (
            "record on resume",
            "sessions/2026-01-01T0000_x.yaml",
            &["resume"],
        ),
        (
            "record on run",
            "sessions/2026-01-01T0000_math9_x.yaml",
            &["run", "tuning", "--group", "math9"],
        ),
        ("protocol", "protocols/x.yaml", &["protocols"]),
        ("group", "groups/x.yaml", &["groups"]),
        ("theme", "themes/x.yaml", &["themes"]),
        ("config", "config.yaml", &["report"]),
        (
            "check a folder",
            "protocols/x.yaml",
            &["check", "protocols"],
        ),
    ];
    for (what, at, args) in cases {
        let home = sessions::home();
        hostile::file(
            &home.path().join("groups/math9.yaml"),
            "id: math9\nname: Grade 9 Math\nmembers: [Ana Ruiz, Ben Okafor]\n",
        );
        hostile::fifo(&home.path().join(at));
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if *a == "protocols" && args[0] == "check" {
                    home.path().join("protocols").display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        hostile::run(&args, home.path(), QUICK).finished(what);
    }
}

#[test]
fn a_fifo_record_is_listed_as_damaged() {
    let home = sessions::home();
    hostile::fifo(&sessions_dir(home.path()).join("2026-01-01T0000_x.yaml"));
    let out = hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list");
    let all = text(&out);
    assert!(all.contains("2026-01-01T0000_x.yaml"), "{all}");
    assert!(all.contains("not a regular file (a FIFO)"), "{all}");
    // The others are still listed.
    assert!(all.contains("math9"), "{all}");
}

#[test]
fn a_record_linked_to_dev_zero_is_a_link_not_a_read() {
    let home = sessions::home();
    link(
        &sessions_dir(home.path()).join("z.yaml"),
        Path::new("/dev/zero"),
    );
    link(
        &sessions_dir(home.path()).join("q.yaml"),
        Path::new("/etc/passwd"),
    );
    for args in [&["logs", "list"][..], &["resume"], &["report"]] {
        let out = hostile::run(args, home.path(), QUICK).finished("a linked record");
        let all = text(&out);
        assert!(!all.contains("root:"), "passwd is not quoted: {all}");
        if args[0] == "logs" {
            assert!(
                all.contains("z.yaml") && all.contains("a link, not a file"),
                "{all}"
            );
        }
    }
}

#[test]
fn an_alias_bomb_record_is_damaged_at_once() {
    let home = sessions::home();
    hostile::file(
        &sessions_dir(home.path()).join("2026-01-02T0000_bomb.yaml"),
        &hostile::alias_bomb(1000),
    );
    let run = hostile::run(&["logs", "list"], home.path(), QUICK);
    let out = run.finished("logs list");
    let all = text(&out);
    assert!(
        all.contains("bomb.yaml") && all.contains("expands"),
        "{all}"
    );
    let cache = std::fs::read_dir(home.path().join("cache"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum::<u64>();
    assert!(
        cache < 1024 * 1024,
        "the cache holds no expansion: {cache} bytes"
    );
    let show = hostile::run(
        &["logs", "show", "2026-01-02T0000_bomb"],
        home.path(),
        QUICK,
    )
    .finished("logs show");
    assert!(show.stdout.len() < 10_000);
}

#[test]
fn an_alias_bomb_behind_a_syntax_error_is_damaged_at_once() {
    // serde accepts the flow list that the strict reader stops at; nothing
    // past such a point may reach serde if it could expand.
    let home = sessions::home();
    let bomb = hostile::alias_bomb(3000).replacen("notes:\n", "extra: [\nx]\nnotes:\n", 1);
    let bomb = bomb.replace("&big", "&_a").replace("*big", "*_a");
    hostile::file(
        &sessions_dir(home.path()).join("2026-01-02T0000_bomb.yaml"),
        &bomb,
    );
    let out = hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list");
    let all = text(&out);
    assert!(out.status.success(), "{all}");
    assert!(all.contains("bomb.yaml"), "{all}");
    assert!(
        all.contains("math9"),
        "the other records are still listed: {all}"
    );
}

#[test]
fn a_format_1_record_of_thousands_of_phases_is_refused_before_any_work() {
    let home = sessions::home();
    let mut v1 = String::from(
        "version: 1\nprotocol: tuning\nstarted_at: 2026-09-08T15:15:00-04:00\nphases:\n",
    );
    for i in 0..20_000 {
        v1.push_str(&format!("- {{name: p{i}, planned_minutes: 1}}\n"));
    }
    hostile::file(
        &sessions_dir(home.path()).join("2026-01-03T0000_v1.yaml"),
        &v1,
    );
    let all = text(&hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list"));
    assert!(
        all.contains("v1.yaml") && all.contains("at most 500"),
        "{all}"
    );
}

#[test]
fn deep_nesting_in_a_record_is_damaged_at_once() {
    let home = sessions::home();
    hostile::file(
        &sessions_dir(home.path()).join("2026-01-03T0000_deep.yaml"),
        &hostile::deep(100_000),
    );
    let all = text(&hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list"));
    assert!(
        all.contains("deep.yaml") && all.contains("nests more than 64"),
        "{all}"
    );
}

#[test]
fn an_oversized_record_is_damaged_without_being_read_whole() {
    let home = sessions::home();
    let big = sessions_dir(home.path()).join("2026-01-04T0000_big.yaml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(plg::files::MAX_RECORD_BYTES + 1).unwrap();
    let all = text(&hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list"));
    assert!(
        all.contains("big.yaml") && all.contains("larger than"),
        "{all}"
    );
}

#[test]
fn a_record_with_a_byte_order_mark_reads() {
    let home = sessions::home();
    let rec = support::records(home.path())
        .into_iter()
        .find(|p| p.to_string_lossy().contains("consultancy"))
        .unwrap();
    let text = std::fs::read_to_string(&rec).unwrap();
    std::fs::write(&rec, format!("\u{feff}{text}")).unwrap();
    let out = hostile::run(&["logs", "list", "--json"], home.path(), QUICK).finished("list");
    let all = String::from_utf8_lossy(&out.stdout).into_owned();
    let stem = rec.file_stem().unwrap().to_string_lossy().into_owned();
    assert!(all.contains(&stem), "{all}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&stem));
}

#[test]
fn warnings_quote_a_short_excerpt_only() {
    let home = sessions::home();
    let long = "y".repeat(20_000);
    hostile::file(
        &sessions_dir(home.path()).join("2026-01-05T0000_long.yaml"),
        &format!("version: 2\nstatus: \"{long}\"\n"),
    );
    let out = hostile::run(&["logs", "list"], home.path(), QUICK).finished("logs list");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let line = err.lines().find(|l| l.contains("long.yaml")).unwrap_or("");
    assert!(!line.is_empty(), "{err}");
    assert!(line.len() < 500, "{} bytes: {line}", line.len());
}

#[test]
fn an_edited_index_cache_is_rebuilt_not_believed() {
    let home = sessions::home();
    let first = hostile::run(&["logs", "list", "--json"], home.path(), QUICK).finished("list");
    let sessions = sessions_dir(home.path());
    let cache = plg::record::index::cache_path(&sessions, &home.path().join("cache"));
    let mut bytes = std::fs::read(&cache).unwrap();
    let needle = b"Consultancy";
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the cache holds the protocol's name");
    bytes[at] = b'K';
    std::fs::write(&cache, &bytes).unwrap();
    let again = hostile::run(&["logs", "list", "--json"], home.path(), QUICK).finished("list");
    assert_eq!(
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&again.stdout)
    );
}

// ---- Modes: whatever the umask ----

#[test]
fn what_plg_writes_is_private_whatever_the_umask() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = hostile::run_with_umask(&["new", "group", "g"], h, "000");
    assert!(o.status.success(), "{o:?}");
    assert_eq!(hostile::mode(&h.join("groups")), 0o700);
    assert_eq!(hostile::mode(&h.join("groups/g.yaml")), 0o600);
    let o = hostile::run_with_umask(&["new", "protocol", "p"], h, "000");
    assert!(o.status.success(), "{o:?}");
    assert_eq!(hostile::mode(&h.join("protocols")), 0o755);
    assert_eq!(hostile::mode(&h.join("protocols/p.yaml")), 0o644);
    assert_eq!(
        hostile::mode(&h.join("protocols/.schemas/protocol.schema.json")),
        0o644
    );
    std::fs::create_dir_all(h.join("sessions")).unwrap();
    let o = hostile::run_with_umask(&["logs", "list"], h, "000");
    assert!(o.status.success(), "{o:?}");
    assert_eq!(hostile::mode(&h.join("cache")), 0o700);
    // An export needs sessions to export: the shared fixture folder has them.
    let sessions = sessions::home();
    let out = sessions.path().join("x.md");
    let o = hostile::run_with_umask(
        &["export", "--group", "math9", "-o", out.to_str().unwrap()],
        sessions.path(),
        "000",
    );
    assert!(o.status.success(), "{o:?}");
    assert_eq!(hostile::mode(&out), 0o600);
}

#[test]
fn share_group_in_the_config_opens_files_to_the_group() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    hostile::file(&h.join("config.yaml"), "share: group\n");
    let o = hostile::run_with_umask(&["new", "group", "g"], h, "077");
    assert!(o.status.success(), "{o:?}");
    assert_eq!(hostile::mode(&h.join("groups")), 0o750);
    assert_eq!(hostile::mode(&h.join("groups/g.yaml")), 0o640);
}
