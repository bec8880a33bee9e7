//! What a group's earlier sessions tell the setup screen of the next one:
//! open action items, the last deltas, and this school year's presenters.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use chrono::NaiveDate;
use plg::meeting::session::GroupRef;
use plg::record::Status;
use plg::record::history::{OpenKind, group_history};
use support::sessions::{Plan, QUIET, math9, save};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn presenters_this_school_year_longest_ago_first_and_what_is_still_open() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let meeting = |start: &'static str, presenter: &'static str| Plan {
        start,
        group: math9(),
        present: &["Ana Ruiz", "Ben Okafor", "Chen Li"],
        presenter: Some(presenter),
        ..QUIET
    };
    save(&dir, &meeting("2026-06-09T15:30:00-04:00", "Chen Li"));
    save(
        &dir,
        &Plan {
            actions: &[
                ("Share the revised rubric", "Ben Okafor", None, false),
                ("Book the library", "Chen Li", None, true),
            ],
            delta: &[("An older delta", None)],
            ..meeting("2026-09-15T15:30:00-04:00", "Ana Ruiz")
        },
    );
    save(&dir, &meeting("2026-10-06T15:30:00-04:00", "Ben Okafor"));
    save(
        &dir,
        &Plan {
            delta: &[("Send the work out earlier", Some("Ana Ruiz"))],
            ..meeting("2026-11-10T15:30:00-05:00", "Ana Ruiz")
        },
    );
    // A rehearsal, a meeting still in progress and another group's meeting do not count.
    save(
        &dir,
        &Plan {
            end: None,
            status: Status::InProgress,
            ..meeting("2026-11-11T15:30:00-05:00", "Chen Li")
        },
    );
    save(
        &dir,
        &Plan {
            speed: 20,
            ..meeting("2026-11-12T15:30:00-05:00", "Dana Wright")
        },
    );
    save(
        &dir,
        &Plan {
            group: GroupRef {
                id: "sci7".into(),
                name: "Grade 7 Science".into(),
                focus: None,
            },
            ..meeting("2026-11-13T15:30:00-05:00", "Farah Haddad")
        },
    );
    // A damaged file is skipped, not fatal.
    std::fs::write(
        dir.join("2026-11-14T1530_math9_tuning.yaml"),
        "version: [oops\n",
    )
    .unwrap();

    let h = group_history(&dir, "math9", day("2026-08-01"));
    assert_eq!(
        h.presented,
        [
            ("Ben Okafor".to_string(), day("2026-10-06")),
            ("Ana Ruiz".to_string(), day("2026-11-10")),
        ],
        "Chen presented last school year"
    );
    let open: Vec<(OpenKind, &str)> = h
        .open
        .iter()
        .map(|i| (i.kind.clone(), i.text.as_str()))
        .collect();
    assert_eq!(
        open,
        [
            (OpenKind::Delta, "Send the work out earlier"),
            (OpenKind::Action, "Share the revised rubric"),
        ],
        "deltas of the last meeting only; done actions are not open"
    );

    // A school year that started in June counts Chen too.
    let h = group_history(&dir, "math9", day("2026-06-01"));
    assert_eq!(h.presented[0], ("Chen Li".to_string(), day("2026-06-09")));
}

#[test]
fn everyone_who_held_a_success_analysis_round_counts_as_having_presented() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    // Success Analysis, three present: writing, then Ana's, Ben's and
    // Chen's rounds of three turns each; the meeting ends in Ben's round.
    let path = save(
        &dir,
        &Plan {
            protocol: "success-analysis",
            start: "2026-10-20T15:30:00-04:00",
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor", "Chen Li"],
            nexts: &[7, 10, 12, 16, 19],
            end: Some(21),
            ..QUIET
        },
    );
    let rec = plg::record::read_file(&path).unwrap();
    assert_eq!(
        rec.presented,
        ["Ana Ruiz", "Ben Okafor"],
        "Chen's round never came"
    );
    let h = group_history(&dir, "math9", day("2026-08-01"));
    let names: Vec<&str> = h.presented.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Ana Ruiz", "Ben Okafor"]);
    assert_eq!(
        plg::record::history::not_yet_presented(
            ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Wright"],
            &h.presented
        ),
        ["Chen Li", "Dana Wright"]
    );
}

/// Adds changes to earlier action items to the record at `path`, as a
/// later meeting saves them.
fn add_changes(path: &std::path::Path, changes: Vec<plg::meeting::session::ActionChange>) {
    let mut rec = plg::record::read_file(path).unwrap();
    rec.action_changes.extend(changes);
    plg::record::store::save(path, &rec).unwrap();
}

fn change(
    session: &std::path::Path,
    item: usize,
    text: &str,
    field: plg::meeting::session::ActionField,
    to: Option<&str>,
    at: &str,
) -> plg::meeting::session::ActionChange {
    plg::meeting::session::ActionChange {
        at: support::sessions::at(at),
        session: session.file_stem().unwrap().to_string_lossy().into_owned(),
        item,
        text: text.into(),
        field,
        from: None,
        to: to.map(String::from),
    }
}

#[test]
fn open_items_are_as_they_stand_after_later_meetings_and_follow_ups() {
    use plg::meeting::session::{ActionField, ItemState};
    use plg::record::followup::{self, FollowUp};
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let meeting = |start: &'static str| Plan {
        start,
        group: math9(),
        present: &["Ana Ruiz", "Ben Okafor", "Chen Li"],
        ..QUIET
    };
    let first = save(
        &dir,
        &Plan {
            actions: &[
                ("Share the revised rubric", "Ben Okafor", None, false),
                ("Book the library", "Chen Li", Some("2026-10-01"), false),
                ("Call the district office", "Ana Ruiz", None, false),
                ("Send the agenda", "Ana Ruiz", None, true),
            ],
            ..meeting("2026-09-15T15:30:00-04:00")
        },
    );
    let second = save(&dir, &meeting("2026-10-06T15:30:00-04:00"));
    let rehearsal = save(
        &dir,
        &Plan {
            speed: 20,
            ..meeting("2026-10-07T15:30:00-04:00")
        },
    );
    // The second meeting closes the rubric, hands the library on and
    // moves its date; the send-out is reopened.
    add_changes(
        &second,
        vec![
            change(
                &first,
                0,
                "Share the revised rubric",
                ActionField::State,
                Some("done"),
                "2026-10-06T16:20:00-04:00",
            ),
            change(
                &first,
                1,
                "Book the library",
                ActionField::Owner,
                Some("Dana Wright"),
                "2026-10-06T16:21:00-04:00",
            ),
            change(
                &first,
                1,
                "Book the library",
                ActionField::Due,
                Some("2026-10-20"),
                "2026-10-06T16:22:00-04:00",
            ),
            change(
                &first,
                3,
                "Send the agenda",
                ActionField::State,
                Some("open"),
                "2026-10-06T16:23:00-04:00",
            ),
        ],
    );
    // A rehearsal's change never closes a real meeting's item.
    add_changes(
        &rehearsal,
        vec![change(
            &first,
            1,
            "Book the library",
            ActionField::State,
            Some("done"),
            "2026-10-07T16:00:00-04:00",
        )],
    );
    // From the logs browser, later: the district call is dropped.
    let at = support::sessions::at("2026-10-08T09:00:00-04:00");
    followup::save(
        &followup::new_path(&dir, at, Some("math9")),
        &FollowUp {
            saved_at: at,
            group: Some(math9()),
            action_changes: vec![change(
                &first,
                2,
                "Call the district office",
                ActionField::State,
                Some("dropped"),
                "2026-10-08T09:00:00-04:00",
            )],
        },
    )
    .unwrap();

    let h = group_history(&dir, "math9", day("2026-08-01"));
    let open: Vec<&str> = h.open.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(open, ["Book the library", "Send the agenda"]);
    let library = &h.open[0];
    assert_eq!(library.kind, OpenKind::Action);
    assert_eq!(library.owner.as_deref(), Some("Dana Wright"));
    assert_eq!(library.due, Some(day("2026-10-20")));
    assert_eq!(library.from, day("2026-09-15"));
    let tracked = library.tracked.as_ref().expect("an action is tracked");
    assert_eq!(
        tracked.session,
        first.file_stem().unwrap().to_string_lossy()
    );
    assert_eq!(tracked.index, 1);
    assert_eq!(tracked.state, ItemState::Open);
    assert_eq!(
        tracked.history.len(),
        2,
        "the rehearsal's change is not applied"
    );
    // What a screen needs to close it from here.
    let closing = tracked
        .change(
            ActionField::State,
            Some("done".into()),
            support::sessions::at("2026-10-13T15:50:00-04:00"),
        )
        .unwrap();
    assert_eq!((closing.item, closing.from.as_deref()), (1, Some("open")));
    assert_eq!(h.open[1].tracked.as_ref().unwrap().index, 3);
}

#[test]
fn an_item_written_again_in_a_later_meeting_is_shown_once_from_the_later_one() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let meeting = |start: &'static str| Plan {
        start,
        group: math9(),
        present: &["Ana Ruiz", "Ben Okafor"],
        actions: &[("Bring three samples", "Ben Okafor", None, false)],
        ..QUIET
    };
    save(&dir, &meeting("2026-10-06T15:30:00-04:00"));
    let later = save(&dir, &meeting("2026-10-13T15:30:00-04:00"));
    let h = group_history(&dir, "math9", day("2026-08-01"));
    assert_eq!(h.open.len(), 1, "{:?}", h.open);
    assert_eq!(h.open[0].from, day("2026-10-13"));
    assert_eq!(
        h.open[0].tracked.as_ref().unwrap().session,
        later.file_stem().unwrap().to_string_lossy()
    );
}

#[test]
fn the_deltas_follow_the_actions_of_the_meeting_they_came_from() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    save(
        &dir,
        &Plan {
            start: "2026-10-06T15:30:00-04:00",
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor"],
            actions: &[("From the finished meeting", "Ben Okafor", None, false)],
            delta: &[("Start on time", None)],
            ..QUIET
        },
    );
    // The newest meeting is still running: its items count, its deltas
    // (none yet) do not, and the finished meeting's deltas come after
    // that meeting's own items.
    save(
        &dir,
        &Plan {
            start: "2026-10-13T15:30:00-04:00",
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor"],
            actions: &[("From the running meeting", "Ana Ruiz", None, false)],
            end: None,
            status: Status::InProgress,
            ..QUIET
        },
    );
    let h = group_history(&dir, "math9", day("2026-08-01"));
    let open: Vec<(OpenKind, &str)> = h
        .open
        .iter()
        .map(|i| (i.kind.clone(), i.text.as_str()))
        .collect();
    assert_eq!(
        open,
        [
            (OpenKind::Action, "From the running meeting"),
            (OpenKind::Action, "From the finished meeting"),
            (OpenKind::Delta, "Start on time"),
        ]
    );
}
