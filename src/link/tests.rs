#![allow(clippy::unwrap_used)]

use super::*;
use chrono::TimeZone;

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).unwrap()
}

fn announcement(id: &str) -> Announcement {
    Announcement {
        version: LINK_VERSION,
        id: id.into(),
        record: PathBuf::from(format!("/h/sessions/{id}.yaml")),
        protocol: "Tuning Protocol".into(),
        group: Some("Math 9".into()),
        pid: std::process::id(),
        show_notes: false,
        clock: ClockAnchor::real_time(at(15, 30, 0)),
    }
}

/// The runtime folder of a test, inside a temporary folder (as --home puts it).
fn run_dir() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("cache/run");
    (home, dir)
}

/// Leaves `KIND.PID.json` and an unlocked lock beside it: what a killed process leaves.
fn leave_stale(dir: &Path, kind: &str, pid: u32, json: &str) {
    files::ensure_owner_dir(dir).unwrap();
    fs::write(dir.join(format!("{kind}.{pid}.json")), json).unwrap();
    fs::write(dir.join(format!("{kind}.{pid}.lock")), "").unwrap();
}

#[test]
fn an_announced_meeting_is_found_and_gone_once_withdrawn() {
    let (_home, dir) = run_dir();
    let mut console = ConsoleLink::new(&dir);
    let a = announcement("2026-11-23T1530_math9_tuning");
    console.announce(a.clone()).unwrap();
    assert_eq!(meetings(&dir), vec![a.clone()]);
    assert!(still_running(&dir, &a));

    // A change the room must see is written again; the anchor alone is not.
    let shown = Announcement {
        show_notes: true,
        ..a.clone()
    };
    console.announce(shown.clone()).unwrap();
    assert_eq!(meetings(&dir), vec![shown.clone()]);
    let later = Announcement {
        clock: ClockAnchor::real_time(at(15, 31, 0)),
        ..shown.clone()
    };
    console.announce(later).unwrap();
    assert_eq!(meetings(&dir)[0].clock, shown.clock);
    // The laptop slept for ten minutes: the console's (monotonic) clock
    // stood still while the real one went on; the anchor is told again.
    let slept = Announcement {
        clock: ClockAnchor {
            real: at(15, 41, 0),
            meeting: at(15, 31, 0),
            speed: 1,
        },
        ..shown.clone()
    };
    console.announce(slept.clone()).unwrap();
    assert_eq!(meetings(&dir)[0].clock, slept.clock);

    console.withdraw();
    assert!(meetings(&dir).is_empty());
    assert!(!still_running(&dir, &a));
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing left behind"
    );
}

#[test]
fn a_room_screen_is_counted_only_by_the_meeting_it_follows() {
    let (_home, dir) = run_dir();
    let mut room = RoomLink::start(&dir).unwrap();
    assert_eq!(
        rooms_following(&dir, "m1"),
        0,
        "waiting, it follows nothing"
    );
    room.follow(Some("m1")).unwrap();
    assert_eq!(rooms_following(&dir, "m1"), 1);
    assert_eq!(rooms_following(&dir, "m2"), 0);
    let mut console = ConsoleLink::new(&dir);
    console.announce(announcement("m1")).unwrap();
    assert_eq!(console.rooms(), 1);
    drop(room);
    assert_eq!(console.rooms(), 0, "a room screen that closed is gone");
}

#[test]
fn a_killed_room_screen_no_longer_counts_and_its_files_go() {
    let (_home, dir) = run_dir();
    let json = r#"{"version":1,"pid":4242,"following":"m1"}"#;
    leave_stale(&dir, ROOM, 4242, json);
    assert_eq!(rooms_following(&dir, "m1"), 0);
    assert!(!dir.join("room.4242.json").exists());
    assert!(!dir.join("room.4242.lock").exists());
}

#[test]
fn a_killed_console_does_not_fool_the_room() {
    let (_home, dir) = run_dir();
    let json = serde_json::to_string(&Announcement {
        pid: 4243,
        ..announcement("m1")
    })
    .unwrap();
    leave_stale(&dir, MEETING, 4243, &json);
    assert!(meetings(&dir).is_empty());
    assert!(!dir.join("meeting.4243.json").exists());
}

#[test]
fn a_newer_shape_is_passed_over() {
    let (_home, dir) = run_dir();
    let console_lock = Held::take(&dir, "meeting").unwrap();
    console_lock
        .write(&Announcement {
            version: LINK_VERSION + 1,
            ..announcement("m1")
        })
        .unwrap();
    assert!(meetings(&dir).is_empty());
}

/// An announcement by this process naming `record` as the meeting `id`'s.
fn announce_record(dir: &Path, id: &str, record: &Path) -> Held {
    let held = Held::take(dir, MEETING).unwrap();
    held.write(&Announcement {
        record: record.to_path_buf(),
        ..announcement(id)
    })
    .unwrap();
    held
}

#[test]
fn a_room_reads_only_records_in_its_own_sessions_folder() {
    let (home, dir) = run_dir();
    let sessions = home.path().join("sessions");
    fs::create_dir_all(&sessions).unwrap();
    let own = sessions.join("m1.yaml");

    let held = announce_record(&dir, "m1", &own);
    let found = meetings_in(&dir, &sessions);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record, own);
    drop(held);

    // Planted: any other file, a same-named record elsewhere, a name that
    // is not the id's, a relative path, an id that is a path.
    let elsewhere = home.path().join("secret");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("m1.yaml"), "version: 6").unwrap();
    for (id, record) in [
        ("m1", elsewhere.join("m1.yaml")),
        ("m1", sessions.join("../secret/m1.yaml")),
        ("m1", sessions.join("other.yaml")),
        ("m1", PathBuf::from("sessions/m1.yaml")),
        ("../secret/m1", sessions.join("../secret/m1.yaml")),
        (".m1", sessions.join(".m1.yaml")),
        ("", sessions.join(".yaml")),
    ] {
        let held = announce_record(&dir, id, &record);
        assert_eq!(meetings(&dir).len(), 1, "announced: {id} {record:?}");
        assert!(
            meetings_in(&dir, &sessions).is_empty(),
            "followed {id} at {record:?}"
        );
        drop(held);
    }
}

#[cfg(unix)]
#[test]
fn a_record_announced_through_a_link_is_read_at_the_rooms_own_path() {
    let (home, dir) = run_dir();
    let sessions = home.path().join("sessions");
    fs::create_dir_all(&sessions).unwrap();
    // A colleague's link inside the shared folder, pointing back at it for
    // now (and anywhere later): the room reads its own path, not the link's.
    std::os::unix::fs::symlink(&sessions, sessions.join("via")).unwrap();
    let _held = announce_record(&dir, "m1", &sessions.join("via/m1.yaml"));
    let found = meetings_in(&dir, &sessions);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].record, sessions.join("m1.yaml"));
    // A home reached through a link is the same folder.
    let alias = home.path().join("alias");
    std::os::unix::fs::symlink(home.path(), &alias).unwrap();
    assert_eq!(meetings_in(&dir, &alias.join("sessions")).len(), 1);
}

#[test]
fn a_rehearsal_runs_fast_from_its_anchor() {
    let anchor = ClockAnchor {
        real: at(15, 0, 0),
        meeting: at(15, 10, 0),
        speed: 20,
    };
    assert_eq!(anchor.at(at(15, 0, 3)), at(15, 11, 0));
    assert_eq!(
        anchor.until(at(15, 11, 0), at(15, 0, 0)),
        std::time::Duration::from_secs(3)
    );
    let real = ClockAnchor::real_time(at(15, 0, 0));
    assert_eq!(real.at(at(15, 0, 7)), at(15, 0, 7));
}

#[test]
fn meeting_ids_are_record_names() {
    assert_eq!(
        meeting_id(Path::new("/h/sessions/2026-11-23T1530_math9_tuning.yaml")),
        "2026-11-23T1530_math9_tuning"
    );
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::{PermissionsExt, symlink};

    fn mode(p: &Path) -> u32 {
        fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn the_runtime_folder_and_its_files_are_the_users_alone() {
        let (_home, dir) = run_dir();
        let mut console = ConsoleLink::new(&dir);
        console.announce(announcement("m1")).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let pid = std::process::id();
        assert_eq!(mode(&dir.join(format!("meeting.{pid}.json"))), 0o600);
        assert_eq!(mode(&dir.join(format!("meeting.{pid}.lock"))), 0o600);
    }

    #[test]
    fn a_runtime_folder_left_open_is_closed_again() {
        let (_home, dir) = run_dir();
        fs::create_dir_all(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        RoomLink::start(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
    }

    #[test]
    fn a_runtime_folder_that_is_a_link_is_refused() {
        let (home, dir) = run_dir();
        let elsewhere = home.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::create_dir_all(dir.parent().unwrap()).unwrap();
        symlink(&elsewhere, &dir).unwrap();
        let e = RoomLink::start(&dir).unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
    }

    #[test]
    fn links_inside_the_runtime_folder_are_neither_read_nor_removed() {
        let (home, dir) = run_dir();
        files::ensure_owner_dir(&dir).unwrap();
        // A planted announcement: its JSON a link to a file elsewhere, its lock held.
        let planted = home.path().join("planted.json");
        fs::write(
            &planted,
            serde_json::to_string(&announcement("planted")).unwrap(),
        )
        .unwrap();
        symlink(&planted, dir.join("meeting.777.json")).unwrap();
        let lock = File::create(dir.join("meeting.777.lock")).unwrap();
        lock.try_lock().unwrap();
        // Another: a real JSON whose lock is a link.
        let target = home.path().join("lock-target");
        fs::write(&target, "").unwrap();
        fs::write(
            dir.join("meeting.778.json"),
            serde_json::to_string(&announcement("other")).unwrap(),
        )
        .unwrap();
        symlink(&target, dir.join("meeting.778.lock")).unwrap();

        assert!(meetings(&dir).is_empty());
        assert!(fs::symlink_metadata(dir.join("meeting.777.json")).is_ok());
        assert!(dir.join("meeting.778.json").exists());
        assert!(target.exists());
    }

    #[test]
    fn a_presence_name_taken_by_a_link_is_never_written_through() {
        let (home, dir) = run_dir();
        files::ensure_owner_dir(&dir).unwrap();
        let target = home.path().join("victim");
        fs::write(&target, "keep").unwrap();
        let pid = std::process::id();
        symlink(&target, dir.join(format!("room.{pid}.json"))).unwrap();
        assert!(RoomLink::start(&dir).is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
    }
}
