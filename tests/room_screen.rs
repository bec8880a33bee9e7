//! Snapshots of the room's screen (`plg room`): what the wall shows while
//! the facilitator keeps the console. Each meeting is run through the pure
//! core with explicit times, saved to a record as the runner saves it, and
//! the room screen is built from that record, as `plg room` builds it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};

use plg::meeting::session::{
    ActionItem, Closing, Delta, GroupRef, NormRating, RoleAssignment, Setup, starter_norms,
};
use plg::meeting::{Command, Meeting, Rounds};
use plg::protocol;
use plg::record::format::Draft;
use plg::record::{SessionRecord, Status};
use plg::theme::Theme;
use plg::tui::buffer_text;
use plg::tui::screens::meeting::MeetingScreen;
use plg::tui::screens::room::{self, RoomScreen};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

fn at(m: i64, s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(m) + TimeDelta::seconds(s)
}

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

/// The sizes the issue asks for: a laptop, a projector, a large wall, the smallest.
const SIZES: [(u16, u16); 4] = [(80, 24), (160, 45), (240, 70), (20, 6)];

fn setup() -> Setup {
    Setup {
        group: Some(GroupRef {
            id: "math9".into(),
            name: "Grade 9 Math PLG".into(),
            focus: None,
        }),
        norms: starter_norms(),
        roles: vec![
            RoleAssignment {
                role: "facilitator".into(),
                person: "Chen".into(),
            },
            RoleAssignment {
                role: "presenter".into(),
                person: "Ana".into(),
            },
        ],
        focusing_question: Some("How do I get every student to explain their reasoning?".into()),
        ..Setup::default()
    }
}

/// Tuning, started at t0, moved on `steps` times at one minute each after
/// the introduction's five.
fn tuning(steps: usize) -> MeetingScreen {
    let meeting = Meeting::start(
        protocol::builtin("tuning").unwrap(),
        &Rounds::default(),
        t0(),
    );
    let mut ms = MeetingScreen::new(meeting, setup());
    for i in 0..steps {
        ms.meeting.update(Command::Next, at(5 + i as i64, 0));
    }
    ms
}

/// The record the runner would save at `now`.
fn record(ms: &MeetingScreen, now: DateTime<Utc>) -> SessionRecord {
    ms.record(now, offset(), 1)
}

fn room_of(rec: &SessionRecord, show_notes: bool, now: DateTime<Utc>) -> RoomScreen {
    RoomScreen::from_record(rec, show_notes, now).unwrap()
}

fn screen(room: &RoomScreen, now: DateTime<Utc>, w: u16, h: u16) -> String {
    buffer_text(&room::render(room, &Theme::fallback(), now, offset(), w, h))
}

/// Tuning in its presentation: Ana has the floor, the participants listen
/// without answering; two notes saved; the record saved at 6:30, the room
/// drawn at 6:40 (the clock ran on without a save).
fn presentation() -> (SessionRecord, DateTime<Utc>) {
    let mut ms = tuning(1);
    ms.meeting.update(
        Command::AddNote {
            kind: "question".into(),
            text: "Which students wrote these?".into(),
        },
        at(6, 10),
    );
    ms.meeting.update(
        Command::AddNote {
            kind: "question".into(),
            text: "Was the rubric shared before the task?".into(),
        },
        at(6, 20),
    );
    (record(&ms, at(6, 30)), at(6, 40))
}

#[test]
fn a_running_phase_shows_the_floor_the_clock_and_the_norms() {
    let (rec, now) = presentation();
    let room = room_of(&rec, false, now);
    for (w, h) in SIZES {
        let s = screen(&room, now, w, h);
        insta::assert_snapshot!(format!("running_{w}x{h}"), s);
    }
    let s = screen(&room, now, 160, 45);
    // 12 minutes planned, 1:40 run (5:00 → 6:40, the last 10 s after the save).
    assert!(s.contains("PRESENTATION") || s.contains("▀"), "{s}");
    assert!(s.contains("Ana (Presenter) has the floor"), "{s}");
    assert!(s.contains("listen without answering"), "{s}");
    assert!(s.contains("Hard on ideas, soft on people"), "{s}");
    assert!(s.contains("Next: Clarifying questions"), "{s}");
    let small = screen(&room, now, 80, 24);
    assert!(small.contains("Ana (Presenter) has the floor"), "{small}");
    assert!(
        !small.contains("Which students wrote these?"),
        "notes stay on the laptop unless shown: {small}"
    );
}

#[test]
fn the_room_clock_runs_on_between_saves() {
    let (rec, _) = presentation();
    let a = room_of(&rec, false, at(6, 30));
    let b = room_of(&rec, false, at(6, 40));
    assert_eq!(
        a.preview(at(6, 30)),
        "Room: Presentation · 10:30".to_string()
    );
    assert_eq!(b.preview(at(6, 40)), "Room: Presentation · 10:20");
    // The same screen drawn later shows the later time: it is not frozen at the save.
    assert_eq!(a.preview(at(7, 0)), "Room: Presentation · 10:00");
}

#[test]
fn paused_is_said_in_words() {
    let mut ms = tuning(1);
    ms.meeting.update(Command::TogglePause, at(7, 0));
    let rec = record(&ms, at(7, 5));
    let now = at(9, 0);
    let room = room_of(&rec, false, now);
    assert_eq!(room.preview(now), "Room: Presentation · 10:00 · PAUSED");
    for (w, h) in SIZES {
        let s = screen(&room, now, w, h);
        assert!(s.contains("PAUSED"), "{w}x{h}: {s}");
        insta::assert_snapshot!(format!("paused_{w}x{h}"), s);
    }
}

#[test]
fn the_last_minute_and_overtime_are_said_in_words() {
    // Clarifying questions: 5 minutes from 6:00.
    let ms = tuning(2);
    let rec = record(&ms, at(6, 0));
    let last = at(10, 30);
    let room = room_of(&rec, false, last);
    assert_eq!(
        room.preview(last),
        "Room: Clarifying questions · 0:30 · LAST MINUTE"
    );
    for (w, h) in SIZES {
        let s = screen(&room, last, w, h);
        assert!(s.contains("LAST MINUTE"), "{w}x{h}: {s}");
        insta::assert_snapshot!(format!("last_minute_{w}x{h}"), s);
    }
    let over = at(12, 15);
    assert_eq!(
        room.preview(over),
        "Room: Clarifying questions · +1:15 · OVERTIME"
    );
    for (w, h) in SIZES {
        let s = screen(&room, over, w, h);
        assert!(s.contains("OVERTIME"), "{w}x{h}: {s}");
        insta::assert_snapshot!(format!("overtime_{w}x{h}"), s);
    }
}

/// Tuning's debrief, with the check-in under way: hands counted for two
/// norms, one left out today, a plus, a delta and an action item written.
fn debrief() -> (SessionRecord, DateTime<Utc>) {
    let mut ms = tuning(7);
    let mut closing = Closing::for_norms(&ms.setup.norms);
    closing.checkin[0].votes = Some([0, 0, 1, 1, 3, 1]);
    closing.checkin[1].votes = Some([0, 1, 0, 2, 2, 1]);
    closing.checkin[1].comment = Some("phones came out during feedback".into());
    closing.checkin[2].skipped = true;
    closing
        .plus
        .push("The focusing question kept feedback on track".into());
    closing.delta.push(Delta {
        text: "Start the presentation on time".into(),
        owner: Some("Chen".into()),
    });
    closing.actions.push(ActionItem {
        text: "Try the reasoning prompts in period 3".into(),
        owner: Some("Ana".into()),
        due: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
        done: false,
    });
    ms.closing = closing;
    (record(&ms, at(13, 0)), at(13, 30))
}

#[test]
fn the_check_in_shows_the_tallies_and_the_plus_delta_as_written() {
    let (rec, now) = debrief();
    let room = room_of(&rec, false, now);
    assert_eq!(
        room.preview(now),
        "Room: Debrief · 2:30 · norms and tallies"
    );
    for (w, h) in SIZES {
        let s = screen(&room, now, w, h);
        insta::assert_snapshot!(format!("checkin_{w}x{h}"), s);
    }
    let s = screen(&room, now, 160, 45);
    for want in [
        "Start and end on time",
        "6 votes · avg 3.7 · 2–5",
        "0 0 1 1 3 1",
        "“phones came out during feedback”",
        "not checked today",
        "no hands yet",
        "+ The focusing question kept feedback on track",
        "Δ Start the presentation on time (Chen)",
        "☐ Try the reasoning prompts in period 3 (Ana, due 2026-11-30)",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
}

#[test]
fn saved_notes_show_only_when_the_facilitator_shows_them() {
    let (rec, now) = presentation();
    let hidden = room_of(&rec, false, now);
    let shown = room_of(&rec, true, now);
    assert!(shown.preview(now).ends_with("· notes shown"));
    for (w, h) in [(60, 20), (80, 24), (160, 45)] {
        let off = screen(&hidden, now, w, h);
        let on = screen(&shown, now, w, h);
        assert!(!off.contains("Which students"), "{off}");
        // Wrapped to the column: the start of each.
        assert!(on.contains("Question: Which students"), "{on}");
        assert!(on.contains("Question: Was the rubric"), "{on}");
        insta::assert_snapshot!(format!("notes_shown_{w}x{h}"), on);
    }
}

#[test]
fn waiting_is_a_calm_message() {
    let room = RoomScreen::waiting("No meeting is running on this machine yet.");
    assert_eq!(room.preview(t0()), "Room: waiting for a meeting");
    assert_eq!(room.next_change(t0()), None);
    for (w, h) in SIZES {
        let s = screen(&room, t0(), w, h);
        insta::assert_snapshot!(format!("waiting_{w}x{h}"), s);
    }
    let s = screen(&room, t0(), 80, 24);
    assert!(s.contains("Waiting for a meeting on this machine…"), "{s}");
    assert!(
        s.contains("No meeting is running on this machine yet."),
        "{s}"
    );
    assert!(s.contains("plg run"), "{s}");
}

#[test]
fn the_end_shows_the_length_and_what_was_written_then_waits() {
    let (mut rec, _) = debrief();
    rec.status = Status::Completed;
    rec.ended_at = Some(at(62, 30).with_timezone(&offset()));
    rec.clock = None;
    let now = at(63, 0);
    let room = room_of(&rec, false, now);
    assert_eq!(room.preview(now), "Room: the meeting has ended");
    assert_eq!(room.next_change(now), None);
    for (w, h) in SIZES {
        let s = screen(&room, now, w, h);
        insta::assert_snapshot!(format!("ended_{w}x{h}"), s);
    }
    let s = screen(&room, now, 80, 24);
    for want in [
        "THE MEETING HAS ENDED",
        "Length 1:02:30 (pauses included) · 60 min planned",
        "+ The focusing question kept feedback on track",
        "Δ Start the presentation on time (Chen)",
        "Waiting for the next meeting…",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    rec.status = Status::EndedEarly;
    let early = screen(&room_of(&rec, false, now), now, 80, 24);
    assert!(early.contains("THE MEETING ENDED EARLY"), "{early}");
}

/// A protocol without a check-in phase, its phases done: the group holds
/// its check-in at the console after the end, into a record that already
/// reads "completed". Hands counted for two norms so far, a plus written.
fn closing_after_the_end() -> (SessionRecord, DateTime<Utc>) {
    let p = protocol::check(
        "id: huddle\nname: Team Huddle\nsummary: A short stand-up.\nphases:\n  - {name: Wins, minutes: 5}\n  - {name: Next steps, minutes: 10}\n",
    )
    .value
    .unwrap();
    let mut ms = MeetingScreen::new(Meeting::start(p, &Rounds::default(), t0()), setup());
    ms.meeting.update(Command::Next, at(5, 0));
    ms.meeting.update(Command::End, at(15, 0));
    ms.status = Status::Completed;
    ms.closing.checkin[0].votes = Some([0, 0, 1, 1, 3, 1]);
    ms.closing.checkin[1].votes = Some([0, 1, 0, 2, 2, 1]);
    ms.closing
        .plus
        .push("Everyone named one win from the week".into());
    (record(&ms, at(16, 0)), at(16, 10))
}

#[test]
fn a_check_in_after_the_last_phase_is_the_closing_until_the_console_lets_go() {
    let (rec, now) = closing_after_the_end();
    assert_eq!(rec.status, Status::Completed);
    let closing = room_of(&rec, false, now).at_console(true);
    for (w, h) in [(80, 24), (20, 6)] {
        let s = screen(&closing, now, w, h);
        assert!(!s.contains("Waiting for the next"), "{w}x{h}: {s}");
        assert!(!s.contains("ENDED"), "{w}x{h}: {s}");
        insta::assert_snapshot!(format!("closing_{w}x{h}"), s);
    }
    let s = screen(&closing, now, 80, 24);
    for want in [
        "CHECK-IN AND PLUS/DELTA",
        "Closing the meeting",
        "Start and end on time",
        "6 votes · avg 3.7 · 2–5",
        "no hands yet",
        "+ Everyone named one win from the week",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    // The console has let go: now it has ended, and the room waits.
    let s = screen(&room_of(&rec, false, now).at_console(false), now, 80, 24);
    assert!(s.contains("THE MEETING HAS ENDED"), "{s}");
    assert!(s.contains("Waiting for the next meeting…"), "{s}");
}

/// How many rows the big clock's digits take: the longest run of rows
/// holding full blocks (the phase's name, drawn large, is shorter and apart).
fn clock_rows(s: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    for l in s.lines() {
        run = if l.contains("██") { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[test]
fn the_clock_grows_with_the_screen() {
    let (rec, now) = presentation();
    let room = room_of(&rec, false, now);
    let rows: Vec<usize> = [(80, 24), (160, 45), (240, 70)]
        .iter()
        .map(|(w, h)| clock_rows(&screen(&room, now, *w, *h)))
        .collect();
    assert!(rows[0] >= 7, "{rows:?}");
    assert!(
        rows[1] > 7 * 2,
        "a projector gets digits far taller than 7 rows: {rows:?}"
    );
    assert!(rows[2] > rows[1] && rows[1] > rows[0], "{rows:?}");
}

#[test]
fn facilitator_notes_and_the_draft_never_reach_the_room() {
    let secrets = [
        "SECRET-PROTOCOL-NOTE",
        "SECRET-PHASE-NOTE",
        "SECRET-DRAFT",
        "SECRET-CHECKIN-NOTE",
    ];
    let (mut running, now) = presentation();
    let (mut checkin, later) = debrief();
    for rec in [&mut running, &mut checkin] {
        rec.protocol.facilitator_notes = Some(secrets[0].into());
        for p in &mut rec.protocol.phases {
            p.facilitator_notes = Some(format!("{} {}", secrets[1], secrets[3]));
        }
        rec.draft = Some(Draft {
            at: rec.saved_at,
            kind: "question".into(),
            text: secrets[2].into(),
        });
    }
    let cases = [
        (room_of(&running, false, now), now),
        (room_of(&running, true, now), now),
        (room_of(&checkin, true, later), later),
    ];
    for (room, when) in &cases {
        for (w, h) in SIZES.iter().chain(&[(120, 60), (300, 90)]) {
            let s = screen(room, *when, *w, *h);
            for secret in secrets {
                // Cut text would show a prefix: look for one too.
                assert!(!s.contains(&secret[..10]), "{secret} at {w}x{h}: {s}");
            }
        }
    }
}

#[test]
fn no_size_panics() {
    let (rec, now) = presentation();
    let (check, later) = debrief();
    let mut paused = tuning(1);
    paused.meeting.update(Command::TogglePause, at(7, 0));
    let paused = record(&paused, at(7, 0));
    let mut ended = check.clone();
    ended.status = Status::EndedEarly;
    let rooms = [
        (room_of(&rec, false, now), now),
        (room_of(&rec, true, now), now),
        (room_of(&paused, true, now), now),
        (room_of(&check, false, later), later),
        (room_of(&ended, false, later), later),
        (RoomScreen::waiting("Nothing yet"), now),
    ];
    for (room, when) in &rooms {
        for w in 1..=30 {
            for h in 1..=10 {
                let _ = screen(room, *when, w, h);
            }
        }
        let _ = screen(room, *when, 0, 0);
    }
}

#[test]
fn record_text_reaches_the_wall_without_control_characters() {
    let (mut rec, now) = presentation();
    rec.norms = vec!["Be \u{1b}[2Jkind\u{202e}".into()];
    rec.protocol.phases[1].name = "Pres\u{7}entation".into();
    rec.notes[0].text = "evil \u{1b}]52;c;x\u{7} note".into();
    let room = room_of(&rec, true, now);
    for (w, h) in SIZES {
        let buf = room::render(&room, &Theme::fallback(), now, offset(), w, h);
        for cell in &buf.content {
            assert!(
                !cell.symbol().chars().any(plg::term_text::is_unsafe_char),
                "{w}x{h}: {:?}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn a_damaged_record_is_a_message_not_a_panic() {
    let (mut rec, now) = presentation();
    rec.steps.clear();
    let err = RoomScreen::from_record(&rec, false, now).unwrap_err();
    assert!(!err.is_empty());
    let (mut rec, _) = presentation();
    rec.steps[0].phase_index = 99;
    assert!(RoomScreen::from_record(&rec, false, now).is_err());
}

#[test]
fn a_meeting_without_norms_or_rounds_still_draws() {
    let mut rec = presentation().0;
    rec.norms.clear();
    rec.roles.clear();
    rec.checkin = vec![NormRating::new("Only one")];
    let room = room_of(&rec, false, at(6, 40));
    let s = screen(&room, at(6, 40), 160, 45);
    assert!(
        s.contains("Presenter has the floor") || s.contains("has the floor"),
        "{s}"
    );
}

/// Final Word with `people`, moved on `steps` times a minute apart.
fn final_word(people: &[&str], steps: usize) -> (SessionRecord, DateTime<Utc>) {
    let rounds = Rounds::for_people(people.iter().map(|p| p.to_string()).collect());
    let meeting = Meeting::start(protocol::builtin("final-word").unwrap(), &rounds, t0());
    let mut ms = MeetingScreen::new(
        meeting,
        Setup {
            norms: starter_norms(),
            ..Setup::default()
        },
    );
    for i in 0..steps {
        ms.meeting.update(Command::Next, at(i as i64, 0));
    }
    // Twenty seconds into the last step.
    let now = at(steps as i64 - 1, 20);
    (record(&ms, now), now)
}

#[test]
fn a_turn_says_whose_round_and_turn_it_is_and_who_listens() {
    let (rec, now) = final_word(&["Ana", "Ben", "Chen", "Dee"], 3);
    let room = room_of(&rec, false, now);
    assert!(
        room.preview(now)
            .starts_with("Room: Final word rounds (Round 1 of 4: Ana · Respond 1 of 3: Ben)"),
        "{}",
        room.preview(now)
    );
    for (w, h) in [(80, 24), (160, 45)] {
        let s = screen(&room, now, w, h);
        assert!(s.contains("Round 1 of 4: Ana · Respond 1 of 3: Ben"), "{s}");
        assert!(s.contains("Ben has the floor"), "{s}");
        assert!(s.contains("Ana listens without answering"), "{s}");
        insta::assert_snapshot!(format!("turn_{w}x{h}"), s);
    }
}

#[test]
fn circles_are_each_on_the_wall() {
    let people = ["Ana", "Ben", "Chen", "Dee", "Eli", "Fay", "Gus", "Hal"];
    let (rec, now) = final_word(&people, 2);
    let room = room_of(&rec, false, now);
    let s = screen(&room, now, 160, 45);
    assert!(s.contains("Circle 1: "), "{s}");
    assert!(s.contains("Circle 2: "), "{s}");
    insta::assert_snapshot!("circles_160x45", s);
}

/// The style of the first cell of the first `word` on the screen.
fn style_of(buf: &ratatui::buffer::Buffer, word: &str) -> ratatui::style::Style {
    let text = buffer_text(buf);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(word))
        .unwrap_or_else(|| panic!("{word} not on screen: {text}"));
    let x = line[..line.find(word).unwrap()].chars().count();
    buf[(x as u16, y as u16)].style()
}

#[test]
fn the_clock_s_state_is_in_the_theme_s_colour_as_well_as_in_words() {
    let projector = plg::theme::check(include_str!("../themes/projector.yaml"))
        .value
        .unwrap();
    let mut paused = tuning(1);
    paused.meeting.update(Command::TogglePause, at(7, 0));
    let paused = room_of(&record(&paused, at(7, 0)), false, at(8, 0));
    let clarifying = room_of(&record(&tuning(2), at(6, 0)), false, at(6, 0));
    let cases = [
        (&paused, at(8, 0), "PAUSED", projector.palette.paused),
        (
            &clarifying,
            at(10, 30),
            "LAST MINUTE",
            projector.palette.clock_warning,
        ),
        (
            &clarifying,
            at(12, 0),
            "OVERTIME",
            projector.palette.clock_overtime,
        ),
    ];
    for (room, now, word, colour) in cases {
        for (w, h) in [(80, 24), (160, 45)] {
            let buf = room::render(room, &projector, now, offset(), w, h);
            assert_eq!(style_of(&buf, word).fg, Some(colour), "{word} at {w}x{h}");
        }
    }
    // Without colour, the words stay and the mono theme marks them.
    let buf = room::render(&paused, &Theme::mono(), at(8, 0), offset(), 80, 24);
    let style = style_of(&buf, "PAUSED");
    assert!(
        style
            .add_modifier
            .contains(ratatui::style::Modifier::REVERSED),
        "{style:?}"
    );
}

#[test]
fn a_check_in_longer_than_the_screen_keeps_what_is_being_added_in_view() {
    let (mut rec, now) = debrief();
    for i in 1..=12 {
        rec.plus.push(format!("Plus number {i}"));
    }
    let room = room_of(&rec, false, now);
    let s = screen(&room, now, 80, 24);
    assert!(s.contains("Plus number 12"), "{s}");
    assert!(s.contains("Try the reasoning prompts"), "{s}");
    let tall = screen(&room, now, 80, 60);
    assert!(
        tall.contains("Start and end on time") && tall.contains("Plus number 12"),
        "{tall}"
    );
}
