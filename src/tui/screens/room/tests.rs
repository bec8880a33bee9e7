#![allow(clippy::unwrap_used)]

use chrono::TimeZone;

use super::*;
use crate::meeting::{Command, Rounds};
use crate::record::format::SessionView;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

fn at(s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::seconds(s)
}

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

/// A meeting of three phases (Open 2 min, Talk 3 min, Debrief 2 min with the check-in).
fn meeting() -> Meeting {
    let p = crate::protocol::check(
        "id: r\nname: R\nsummary: s\nphases:\n  - {name: Open, minutes: 2}\n  - {name: Talk, minutes: 3}\n  - {name: Debrief, minutes: 2, checkin: true}\n",
    )
    .value
    .unwrap();
    Meeting::start(p, &Rounds::default(), t0())
}

fn record(m: &Meeting, status: Status, now: DateTime<Utc>) -> SessionRecord {
    let setup = Setup::default();
    let closing = Closing::default();
    SessionRecord::from_session(
        &SessionView {
            meeting: m,
            setup: &setup,
            closing: &closing,
            status,
            draft: Some(("note", "typed but not saved")),
            speed: 1,
        },
        now,
        offset(),
    )
}

fn room(m: &Meeting, saved: DateTime<Utc>, show_notes: bool) -> RoomScreen {
    RoomScreen::from_record(&record(m, Status::InProgress, saved), show_notes, saved).unwrap()
}

#[test]
fn the_preview_says_the_step_the_clock_and_its_state() {
    let mut m = meeting();
    let r = room(&m, at(10), false);
    assert_eq!(r.preview(at(10)), "Room: Open · 1:50");
    assert_eq!(r.preview(at(70)), "Room: Open · 0:50 · LAST MINUTE");
    assert_eq!(r.preview(at(125)), "Room: Open · +0:05 · OVERTIME");
    m.update(Command::TogglePause, at(30));
    let r = room(&m, at(31), true);
    assert_eq!(
        r.preview(at(90)),
        "Room: Open · 1:30 · PAUSED · notes shown"
    );
    m.update(Command::TogglePause, at(40));
    m.update(Command::Next, at(50));
    m.update(Command::Next, at(60));
    let r = room(&m, at(60), false);
    assert_eq!(
        r.preview(at(60)),
        "Room: Debrief · 2:00 · norms and tallies"
    );
    assert_eq!(
        RoomScreen::waiting("").preview(at(0)),
        "Room: waiting for a meeting"
    );
}

#[test]
fn an_ended_record_shows_the_end_and_a_running_one_the_meeting() {
    let mut m = meeting();
    let running = RoomScreen::from_record(&record(&m, Status::InProgress, at(5)), false, at(5));
    assert!(matches!(
        running.unwrap().following(),
        Following::Meeting(_)
    ));
    m.update(Command::End, at(200));
    for status in [Status::Completed, Status::EndedEarly] {
        let r = RoomScreen::from_record(&record(&m, status, at(200)), false, at(300)).unwrap();
        match r.following() {
            Following::Ended(e) => {
                assert_eq!(e.status, status);
                assert_eq!(e.length, TimeDelta::seconds(200));
                assert_eq!(e.planned, TimeDelta::minutes(7));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.preview(at(300)), "Room: the meeting has ended");
    }
}

#[test]
fn a_clock_saved_running_keeps_running_and_one_saved_paused_stays_paused() {
    let mut m = meeting();
    // Saved at 0:20, running: the room counts on from the save.
    let r = room(&m, at(20), false);
    let Following::Meeting(live) = r.following() else {
        panic!()
    };
    assert!(!live.meeting.is_paused());
    assert_eq!(live.meeting.remaining(at(80)), TimeDelta::seconds(40));
    m.update(Command::TogglePause, at(30));
    let r = room(&m, at(31), false);
    let Following::Meeting(live) = r.following() else {
        panic!()
    };
    assert!(live.meeting.is_paused());
    assert_eq!(live.meeting.remaining(at(500)), TimeDelta::seconds(90));
}

#[test]
fn next_change_is_the_next_whole_second_while_a_meeting_runs_and_never_otherwise() {
    let m = meeting();
    let r = room(&m, at(10), false);
    let now = at(12) + TimeDelta::milliseconds(300);
    assert_eq!(
        r.next_change(now),
        Some(at(13)),
        "the shown second changes at the next whole second of the step"
    );
    assert_eq!(r.next_change(at(12)), Some(at(13)));
    assert_eq!(RoomScreen::waiting("x").next_change(now), None);
    let mut ended = m.clone();
    ended.update(Command::End, at(20));
    let r =
        RoomScreen::from_record(&record(&ended, Status::Completed, at(20)), false, at(20)).unwrap();
    assert_eq!(r.next_change(at(30)), None);
}

#[test]
fn the_draft_is_not_kept_by_the_room() {
    let m = meeting();
    let rec = record(&m, Status::InProgress, at(5));
    assert!(rec.draft.is_some());
    let r = RoomScreen::from_record(&rec, true, at(5)).unwrap();
    assert!(!format!("{r:?}").contains("typed but not saved"));
}

#[test]
fn the_phase_heading_is_the_phase_name() {
    let m = meeting();
    assert_eq!(draw::phase_heading(&m), "Open");
}

#[test]
fn in_an_agenda_the_heading_names_the_item_with_the_phase() {
    let plan = crate::agenda::expand(
        &crate::agenda::builtin("plg-meeting").unwrap(),
        &crate::protocol::builtin,
        crate::protocol::builtin("consultancy"),
    )
    .unwrap();
    let mut m = Meeting::start(plan, &Rounds::default(), t0());
    // An item of one phase named as the item is named once.
    assert_eq!(draw::phase_heading(&m), "Connection and norms");
    m.update(Command::Next, at(60));
    assert_eq!(draw::phase_heading(&m), "Consultancy · The dilemma");
    // The console's preview names what the wall names.
    let rec = record(&m, Status::InProgress, at(60));
    let r = RoomScreen::from_record(&rec, false, at(60)).unwrap();
    assert!(
        r.preview(at(60))
            .starts_with("Room: Consultancy · The dilemma · "),
        "{}",
        r.preview(at(60))
    );
}

#[test]
fn only_text_the_big_font_knows_is_drawn_big() {
    assert!(draw::in_big_font("Zoë (Presenter) has the floor"));
    assert!(!draw::in_big_font("李华 has the floor"));
    assert!(!draw::in_big_font("Ana\u{7}"));
}

/// A protocol without a check-in phase, ended: its record reads
/// "completed" while the group may still be closing it at the console.
fn ended_without_checkin_phase() -> SessionRecord {
    let p = crate::protocol::check(
        "id: q\nname: Q\nsummary: s\nphases:\n  - {name: Open, minutes: 2}\n  - {name: Talk, minutes: 3}\n",
    )
    .value
    .unwrap();
    assert!(p.checkin_phase().is_none());
    let mut m = Meeting::start(p, &Rounds::default(), t0());
    m.update(Command::Next, at(60));
    m.update(Command::End, at(120));
    record(&m, Status::Completed, at(120))
}

#[test]
fn a_check_in_after_the_last_phase_is_the_closing_while_the_console_has_it() {
    let rec = ended_without_checkin_phase();
    let open = RoomScreen::from_record(&rec, false, at(130))
        .unwrap()
        .at_console(true);
    let Following::Ended(e) = open.following() else {
        panic!("a completed record is followed as ended");
    };
    assert!(e.closing_at_console());
    assert_eq!(open.preview(at(130)), "Room: check-in and plus/delta");
    let gone = open.clone().at_console(false);
    let Following::Ended(e) = gone.following() else {
        panic!("still ended");
    };
    assert!(!e.closing_at_console());
    assert_eq!(gone.preview(at(130)), "Room: the meeting has ended");

    // A protocol that held its check-in in a phase has ended at the end,
    // console or not; so has a meeting ended early.
    let mut m = meeting();
    m.update(Command::End, at(20));
    let with_phase = RoomScreen::from_record(&record(&m, Status::Completed, at(20)), false, at(20))
        .unwrap()
        .at_console(true);
    assert_eq!(with_phase.preview(at(20)), "Room: the meeting has ended");
    let mut early = rec.clone();
    early.status = Status::EndedEarly;
    let early = RoomScreen::from_record(&early, false, at(130))
        .unwrap()
        .at_console(true);
    assert_eq!(early.preview(at(130)), "Room: the meeting has ended");
}
