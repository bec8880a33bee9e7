use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Timelike, Utc};

use super::format::{SessionRecord, SessionView, Status};
use super::{RecordError, parse};
use crate::meeting::session::{
    Attendance, AttendanceChange, Closing, Delta, GroupRef, Movement, NormRating, RoleAssignment,
    Setup,
};
use crate::meeting::{Command, Meeting, Rounds};
use crate::protocol;

fn tuning() -> protocol::Protocol {
    protocol::builtin("tuning").unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

fn setup() -> Setup {
    Setup {
        group: Some(GroupRef {
            id: "math9".into(),
            name: "Grade 9 Math PLG".into(),
            focus: Some("Written explanations".into()),
        }),
        norms: vec!["Start and end on time".into()],
        attendance: Attendance {
            present: vec!["Ana Ruiz".into(), "Ben Okafor".into()],
            absent: vec!["Dana Wright".into()],
            guests: vec!["Eve Sample".into()],
            changes: vec![AttendanceChange {
                at: (t0() + TimeDelta::minutes(12)).with_timezone(&offset()),
                person: "Ben Okafor".into(),
                change: Movement::Arrived,
            }],
        },
        roles: vec![RoleAssignment {
            role: "presenter".into(),
            person: "Ben Okafor".into(),
        }],
        focusing_question: Some("How do I get students to justify each step?".into()),
        work: Some("Lab reports, names removed".into()),
        ..Setup::default()
    }
}

fn record_at(m: &Meeting, closing: &Closing, status: Status, now: DateTime<Utc>) -> SessionRecord {
    let setup = setup();
    SessionRecord::from_session(
        &SessionView {
            meeting: m,
            setup: &setup,
            closing,
            status,
            draft: Some(("warm", "half a thought")),
            speed: 1,
        },
        now,
        offset(),
    )
}

#[test]
fn a_record_round_trips_through_yaml() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::Next, t0() + TimeDelta::minutes(5));
    m.update(
        Command::AddNote {
            kind: "question".into(),
            text: "Which students?".into(),
        },
        t0() + TimeDelta::minutes(6),
    );
    let mut closing = Closing::for_norms(&["Start and end on time".to_string()]);
    for digit in [2, 3, 4, 4, 4, 5] {
        crate::meeting::closing::rate(&mut closing, 0, digit).unwrap();
    }
    closing.delta.push(Delta {
        text: "Shorter presentation".into(),
        owner: Some("Ana Ruiz".into()),
    });
    let rec = record_at(
        &m,
        &closing,
        Status::InProgress,
        t0() + TimeDelta::minutes(7),
    );
    let yaml = super::store::to_yaml(&rec).unwrap();
    assert!(
        yaml.starts_with(
            "version: 6\nstatus: in-progress\nstarted_at: 2026-11-23T15:30:00+01:00\n"
        ),
        "{yaml}"
    );
    assert!(
        yaml.contains("  phase: Presentation\n  kind: question\n  text: Which students?\n"),
        "{yaml}"
    );
    let back = parse(&yaml).unwrap();
    assert_eq!(back, rec);
    assert_eq!(
        back.checkin,
        vec![NormRating {
            norm: "Start and end on time".into(),
            votes: Some([0, 0, 1, 1, 3, 1]),
            ..NormRating::default()
        }]
    );
    assert!(
        yaml.contains("  votes:\n  - 0\n  - 0\n  - 1\n")
            || yaml.contains("votes: [0, 0, 1, 1, 3, 1]"),
        "{yaml}"
    );
    assert_eq!(back.draft.unwrap().text, "half a thought");
    assert_eq!(back.steps[1].actual_seconds, 120);
    assert_eq!(
        back.steps[1].ended_at, None,
        "the current step has not ended"
    );
    assert_eq!(back.steps[0].actual_seconds, 300);
}

#[test]
fn resuming_restores_the_clock_as_it_was_at_the_last_save_and_counts_the_time_away() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::Next, t0() + TimeDelta::minutes(5));
    m.update(Command::AddMinute, t0() + TimeDelta::minutes(6));
    let saved = t0() + TimeDelta::minutes(8);
    let rec = record_at(&m, &Closing::default(), Status::InProgress, saved);
    let back = parse(&super::store::to_yaml(&rec).unwrap()).unwrap();

    let now = saved + TimeDelta::minutes(3);
    let resumed = back.to_meeting(tuning(), now).unwrap();
    assert_eq!(resumed.current, 1);
    assert!(
        resumed.is_paused(),
        "a resumed meeting waits for the facilitator"
    );
    let planned = resumed.steps[1].original.num_minutes();
    assert_eq!(
        resumed.remaining(now),
        TimeDelta::minutes(planned + 1 - 3),
        "the presentation's plan + 1 added − 3 used"
    );
    let away = resumed.pauses.last().unwrap();
    assert!(away.away && away.from == saved && away.to.is_none());
    assert_eq!(resumed.paused_total(now), TimeDelta::minutes(3));
    assert_eq!(resumed.planned_end, m.planned_end);
    assert_eq!(resumed.adjustments, m.adjustments);
}

#[test]
fn version_1_records_are_upgraded() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-09-08T1515_math9_tuning.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    assert_eq!(rec.version, 1);
    assert_eq!(rec.status, Status::Completed);
    assert_eq!(rec.protocol_name, "Tuning Protocol");
    assert_eq!(rec.group.unwrap().id, "math9");
    assert_eq!(rec.attendance.present.len(), 3);
    assert_eq!(rec.steps.len(), 3);
    assert_eq!(rec.steps[1].actual_seconds, 690);
    assert_eq!(
        rec.steps[2].planned_start.to_rfc3339(),
        "2026-09-08T15:32:00-04:00"
    );
    assert_eq!(rec.notes[1].step, 2);
    assert_eq!(rec.notes[1].kind, "warm");
    assert!(rec.protocol.note_kinds.iter().any(|k| k.id == "warm"));
}

#[test]
fn a_newer_version_is_refused_with_its_line() {
    let err = parse("# comment\nversion: 9\nstatus: completed\n").unwrap_err();
    assert!(
        matches!(
            err,
            RecordError::FutureVersion {
                version: 9,
                line: 2
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer plg"));
}

#[test]
fn damaged_records_report_a_line() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::End, t0() + TimeDelta::minutes(1));
    let yaml = super::store::to_yaml(&record_at(
        &m,
        &Closing::default(),
        Status::EndedEarly,
        t0(),
    ))
    .unwrap();
    let truncated = &yaml[..yaml.len() / 3];
    let err = parse(truncated).unwrap_err();
    assert!(err.line().is_some(), "{err}");
    let edited = yaml.replace("status: ended-early", "status: [oops");
    let err = parse(&edited).unwrap_err();
    assert_eq!(err.line(), Some(2), "{err}");
}

#[test]
fn version_2_records_read_as_they_are() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-10-06T1530_math9_tuning-v2.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    assert_eq!(rec.version, 2);
    assert_eq!(rec.status, Status::Completed);
    assert_eq!(rec.steps.len(), 3);
    let round = rec.steps[2].round.as_ref().unwrap();
    assert_eq!(round.label(), "Round 2 of 2: Dana Wright");
    assert!(round.turn.is_none() && round.circles.is_empty() && !round.passed);
    assert!(rec.presented.is_empty() && rec.left_out.is_empty() && rec.dilemma.is_none());
    // Version 2 knew one presenter: the role.
    assert_eq!(rec.presenters(), ["Ben Okafor"]);
    assert_eq!(rec.actions[0].owner.as_deref(), Some("Ben Okafor"));
    let resumed = rec.to_meeting(rec.protocol.clone(), t0()).unwrap();
    assert_eq!(resumed.steps.len(), 3);
}

#[test]
fn version_3_ratings_read_as_one_room_rating_of_unknown_count() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-11-03T1530_math9_tuning-v3.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    assert_eq!(rec.version, 3);
    assert_eq!(rec.presenters(), ["Ben Okafor"]);
    assert!(!rec.checkin_skipped);
    let room = rec.checkin[1].room().unwrap();
    assert_eq!((room.average, room.counts, room.votes()), (2.0, None, None));
    assert_eq!(room.label(), "avg 2.0 (one room rating)");
    assert_eq!(room.distribution(), "");
    assert_eq!(
        rec.checkin[1].comment.as_deref(),
        Some("Two voices carried the rounds")
    );
    let resumed = rec.to_meeting(rec.protocol.clone(), t0()).unwrap();
    assert_eq!(resumed.steps.len(), 3);
}

#[test]
fn version_2_ratings_read_as_one_room_rating_too() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-10-06T1530_math9_tuning-v2.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    let room = rec.checkin[0].room().unwrap();
    assert_eq!(
        (room.average, room.low, room.high, room.counts),
        (4.0, 4, 4, None)
    );
}

#[test]
fn version_4_records_read_as_they_are_with_no_edits_or_changes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-11-17T1530_math9_tuning-v4.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    assert_eq!(rec.version, 4);
    let room = rec.checkin[0].room().unwrap();
    assert_eq!(room.votes(), Some(3));
    assert!(rec.checkin[1].room().is_none(), "left out");
    assert!(rec.removed_notes.is_empty() && rec.action_changes.is_empty());
    assert!(rec.notes.iter().all(|n| n.edited_at.is_none()));
    assert_eq!(rec.actions.len(), 2);
    assert!(!rec.actions[0].done && rec.actions[1].done);
    let resumed = rec.to_meeting(rec.protocol.clone(), t0()).unwrap();
    assert_eq!(resumed.notes.len(), 1);
    assert!(resumed.removed_notes.is_empty());
}

#[test]
fn version_5_keeps_edits_removals_and_action_changes_without_removed_text() {
    use crate::meeting::session::{ActionChange, ActionField};
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    for text in ["Sam Lee froze at the board", "Graph scales differ"] {
        m.update(
            Command::AddNote {
                kind: "note".into(),
                text: text.into(),
            },
            t0() + TimeDelta::minutes(1),
        );
    }
    m.update(
        Command::RemoveNote { index: 0 },
        t0() + TimeDelta::minutes(2),
    );
    m.update(
        Command::EditNote {
            index: 0,
            text: "Graph scales differ by class".into(),
        },
        t0() + TimeDelta::minutes(3),
    );
    let mut closing = Closing::default();
    let at = (t0() + TimeDelta::minutes(4)).fixed_offset();
    closing.action_changes.push(ActionChange {
        at,
        session: "2026-11-17T1530_math9_tuning".into(),
        item: 0,
        text: "Share the revised rubric".into(),
        field: ActionField::State,
        from: Some("open".into()),
        to: Some("done".into()),
    });
    let rec = record_at(
        &m,
        &closing,
        Status::InProgress,
        t0() + TimeDelta::minutes(5),
    );
    assert_eq!(rec.version, 6);
    let yaml = super::store::to_yaml(&rec).unwrap();
    assert!(!yaml.contains("Sam Lee"), "{yaml}");
    assert!(!yaml.contains("Graph scales differ\n"), "{yaml}");
    let back = parse(&yaml).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.removed_notes.len(), 1);
    assert_eq!(back.notes[0].text, "Graph scales differ by class");
    assert!(back.notes[0].edited_at.is_some());
    assert_eq!(back.action_changes, closing.action_changes);
    assert_eq!(back.closing().action_changes, closing.action_changes);
    let resumed = back
        .to_meeting(back.protocol.clone(), t0() + TimeDelta::minutes(6))
        .unwrap();
    assert_eq!(resumed.removed_notes, m.removed_notes);
    assert_eq!(resumed.notes, m.notes);
}

#[test]
fn version_1_records_have_no_check_in() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sessions/2026-09-08T1515_math9_tuning.yaml"
    ))
    .unwrap();
    let rec = parse(&text).unwrap();
    assert!(rec.checkin.is_empty() && !rec.checkin_skipped);
}

#[test]
fn version_4_keeps_votes_left_out_norms_and_a_skipped_check_in() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::End, t0() + TimeDelta::minutes(1));
    let mut closing = Closing::for_norms(&["Share airtime".to_string(), "Be present".to_string()]);
    closing.checkin[0].votes = Some([0, 1, 0, 2, 0, 0]);
    closing.checkin[1].skipped = true;
    closing.checkin_skipped = true;
    let rec = record_at(
        &m,
        &closing,
        Status::Completed,
        t0() + TimeDelta::minutes(2),
    );
    let yaml = super::store::to_yaml(&rec).unwrap();
    assert!(yaml.contains("checkin_skipped: true"), "{yaml}");
    assert!(yaml.contains("skipped: true"), "{yaml}");
    let back = parse(&yaml).unwrap();
    assert_eq!(back.closing(), closing);
    assert_eq!(
        back.checkin[1].room(),
        None,
        "a norm left out has no rating"
    );
    let too_many = yaml.replace("- 2\n", "- 20000\n");
    assert!(parse(&too_many).is_err(), "{too_many}");
}

#[test]
fn version_3_keeps_turns_circles_passes_the_setup_answers_and_who_presented() {
    let p: protocol::Protocol = serde_yaml::from_str(
        r#"
id: sa
name: Success Analysis
summary: s
asks: [dilemma, text, data]
roles:
  - {id: facilitator, name: Facilitator}
phases:
  - {name: Write, minutes: 10, optional: true}
  - name: Analysis
    repeat: each
    round:
      who: participants
      presents: true
      pass: true
      turns:
        - {name: Describe, speaker: round_person, minutes: 3}
        - {name: Analyse, speaker: others, minutes: 5, silent: [round_person]}
  - {name: Debrief, minutes: 10}
"#,
    )
    .unwrap();
    let people: Vec<String> = ["Ana Ruiz", "Ben Okafor", "Eve Sample"]
        .map(String::from)
        .to_vec();
    let mut s = setup();
    s.roles = vec![RoleAssignment {
        role: "facilitator".into(),
        person: "Ana Ruiz".into(),
    }];
    s.dilemma = Some("Grading late work".into());
    s.text = Some("Chapter 3".into());
    s.data = Some("Unit test results".into());
    s.left_out = vec![0];
    s.seed = Some(42);
    let rounds = Rounds {
        roles: s.roles.clone(),
        left_out: s.left_out.clone(),
        ..Rounds::for_people(people)
    };
    let mut m = Meeting::start(p.clone(), &rounds, t0());
    assert_eq!(m.steps.len(), 2 * 2 + 1);
    // Ben describes, then Eve passes.
    m.update(Command::Next, t0() + TimeDelta::minutes(3));
    m.update(Command::Next, t0() + TimeDelta::minutes(8));
    m.update(Command::Pass, t0() + TimeDelta::minutes(9));
    m.update(Command::End, t0() + TimeDelta::minutes(20));
    let rec = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &s,
            closing: &Closing::default(),
            status: Status::Completed,
            draft: None,
            speed: 1,
        },
        t0() + TimeDelta::minutes(20),
        offset(),
    );
    assert_eq!(rec.presented, ["Ben Okafor"], "Eve passed");
    let yaml = super::store::to_yaml(&rec).unwrap();
    assert!(yaml.starts_with("version: 6\n"), "{yaml}");
    for key in [
        "dilemma: Grading late work",
        "text: Chapter 3",
        "data: Unit test results",
        "seed: 42",
        "passed: true",
        "name: Analyse",
        "holder: Eve Sample",
        "presented:\n- Ben Okafor",
    ] {
        assert!(yaml.contains(key), "{key} in {yaml}");
    }
    let back = parse(&yaml).unwrap();
    assert_eq!(back, rec);
    assert_eq!(back.setup(), s);
    // What the record gained shows when it is read back.
    let shown = crate::review::detail::render_text("x", &back);
    for line in [
        "Dilemma\n  Grading late work",
        "Text\n  Chapter 3",
        "Data\n  Unit test results",
        "Presented: Ben Okafor",
        "Left out (optional): Write",
        "Analysis (Round 2 of 2: Eve Sample · Describe: Eve Sample (passed))",
    ] {
        assert!(shown.contains(line), "{line} in {shown}");
    }
    let md = crate::review::markdown::render_session("x", &back);
    assert!(md.contains("**Presented:** Ben Okafor"), "{md}");
    let html = crate::review::html::render_session("x", &back);
    assert!(
        html.contains("<strong>Dilemma:</strong> Grading late work"),
        "{html}"
    );
    // A phase left out that the protocol does not have is damage.
    let bad = yaml.replace("left_out:\n- 0", "left_out:\n- 7");
    let err = parse(&bad).unwrap_err().to_string();
    assert!(err.contains("left_out[0]") || err.contains("is 7"), "{err}");
}

#[test]
fn a_meeting_in_circles_resumes_on_the_same_turn_with_the_same_circles() {
    let p: protocol::Protocol = serde_yaml::from_str(
        r#"
id: fw
name: Final Word
summary: s
phases:
  - name: Rounds
    repeat: each
    round:
      circles: 3
      turns:
        - {name: Share, speaker: round_person, minutes: 3}
        - {name: Respond, speaker: others, minutes: 1, each: true}
"#,
    )
    .unwrap();
    let people: Vec<String> = ["A", "B", "C", "D", "E", "F"].map(String::from).to_vec();
    let mut m = Meeting::start(p.clone(), &Rounds::for_people(people), t0());
    // Two circles of three: 3 rounds of Share + 2 Respond.
    assert_eq!(m.steps.len(), 9);
    m.update(Command::Next, t0() + TimeDelta::minutes(3));
    let saved = t0() + TimeDelta::minutes(4);
    let rec = record_at(&m, &Closing::default(), Status::InProgress, saved);
    let back = parse(&super::store::to_yaml(&rec).unwrap()).unwrap();
    let resumed = back.to_meeting(p, saved).unwrap();
    assert_eq!(resumed.current, 1);
    assert_eq!(resumed.steps.len(), 9);
    for (a, b) in resumed.steps.iter().zip(&m.steps) {
        assert_eq!(a.round, b.round);
    }
    let circles = &resumed.steps[1].round.as_ref().unwrap().circles;
    assert_eq!(circles[1].members, ["D", "E", "F"]);
    assert_eq!(circles[1].holder.as_deref(), Some("E"));
}

fn fixture(name: &str) -> SessionRecord {
    let path = format!(
        "{}/tests/fixtures/sessions/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A record from before agendas is one item: its protocol, spanning every
/// step, with the steps' times.
fn reads_as_one_item(rec: &SessionRecord, version: u32) {
    assert_eq!(rec.version, version);
    assert!(rec.agenda.is_none() && rec.items.is_empty());
    let items = rec.item_times();
    assert_eq!(items.len(), 1, "version {version}");
    let item = &items[0];
    assert!(!item.agenda && item.is_protocol());
    assert_eq!(item.span.name, rec.protocol_name);
    assert_eq!(
        item.span.protocol.as_deref(),
        Some(rec.protocol_id.as_str())
    );
    assert_eq!(item.steps, (0..rec.steps.len()).collect::<Vec<_>>());
    let actual: i64 = rec.steps.iter().map(|s| s.actual_seconds).sum();
    assert!(actual > 0);
    assert_eq!(item.actual_seconds, actual);
    assert_eq!(item.started_at, rec.steps[0].started_at);
}

#[test]
fn version_1_records_are_one_item_agendas() {
    reads_as_one_item(&fixture("2026-09-08T1515_math9_tuning.yaml"), 1);
}

#[test]
fn version_2_records_are_one_item_agendas() {
    reads_as_one_item(&fixture("2026-10-06T1530_math9_tuning-v2.yaml"), 2);
}

#[test]
fn version_3_records_are_one_item_agendas() {
    reads_as_one_item(&fixture("2026-11-03T1530_math9_tuning-v3.yaml"), 3);
}

#[test]
fn version_4_records_are_one_item_agendas() {
    reads_as_one_item(&fixture("2026-11-17T1530_math9_tuning-v4.yaml"), 4);
}

#[test]
fn version_5_records_are_one_item_agendas_and_keep_what_version_5_added() {
    let rec = fixture("2026-12-01T1530_math9_tuning-v5.yaml");
    reads_as_one_item(&rec, 5);
    assert!(rec.notes[1].edited_at.is_some());
    assert_eq!(rec.removed_notes.len(), 1);
    let item = &rec.item_times()[0];
    // 55 minutes ran, to the second, from 15:30 to 16:25.
    assert_eq!(item.actual_seconds, 55 * 60);
    assert_eq!(item.ended_at, rec.ended_at);
}

#[test]
fn an_agenda_meeting_lists_its_items_with_their_times_near_the_top() {
    use super::agenda_meeting::{DECIDED, record};
    let rec = record(1);
    let text = serde_yaml::to_string(&rec).unwrap();
    assert!(text.starts_with("version: 6\n"), "{}", &text[..40]);
    let agenda = text.find("\nagenda:\n  id: weekly\n  name: Weekly PLG meeting\n");
    let items = text.find("\nitems:\n- name: Connection\n");
    let steps = text.find("\nsteps:\n");
    assert!(
        agenda < items && items < steps && agenda.is_some(),
        "{text}"
    );
    assert_eq!(
        rec.protocol_id, "weekly",
        "files and resuming go by the agenda"
    );

    let names: Vec<&str> = rec.items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        ["Connection", "Consultancy", "Logistics", "Plus/delta"]
    );
    assert_eq!(rec.items[1].protocol.as_deref(), Some("consultancy"));
    assert_eq!(rec.items[0].protocol, None);
    // Connection ran 2 minutes over its 5.
    assert_eq!(rec.items[0].original_seconds, 300);
    assert_eq!(rec.items[0].actual_seconds, 420);
    assert_eq!(rec.items[2].actual_seconds, 300);
    // Items follow one another, and the last ends with the meeting.
    for pair in rec.items.windows(2) {
        assert_eq!(pair[0].ended_at, pair[1].started_at);
    }
    assert_eq!(rec.items[3].ended_at, rec.ended_at);
    let whole: i64 = rec.items.iter().map(|i| i.actual_seconds).sum();
    assert_eq!(whole, rec.duration().num_seconds());

    // What is written is what readers derive, and it reads back the same.
    let derived: Vec<_> = rec
        .item_times()
        .iter()
        .map(|t| t.record(None))
        .map(|mut r| {
            r.chosen = false;
            r
        })
        .collect();
    assert_eq!(derived, rec.items);
    assert_eq!(parse(&text).unwrap(), rec);

    // The decision belongs to Logistics, through its step.
    let decision = rec.notes.iter().find(|n| n.text == DECIDED).unwrap();
    assert_eq!(decision.kind, "decision");
    assert_eq!(rec.item_of_step(decision.step), 2);
}

#[test]
fn an_agenda_meeting_in_progress_leaves_the_running_item_open() {
    use super::agenda_meeting::{t0, weekly};
    let plan = crate::agenda::expand(&weekly(), &protocol::builtin, None).unwrap();
    let mut m = Meeting::start(plan, &Rounds::default(), t0());
    m.update(Command::Next, t0() + TimeDelta::minutes(5));
    let rec = record_at(
        &m,
        &Closing::default(),
        Status::InProgress,
        t0() + TimeDelta::minutes(6),
    );
    assert!(rec.items[0].ended_at.is_some());
    assert!(rec.items[1].started_at.is_some() && rec.items[1].ended_at.is_none());
    assert_eq!(rec.items[1].actual_seconds, 60);
    assert_eq!(rec.items[2].started_at, None);
    assert_eq!(rec.items[2].actual_seconds, 0);
    assert_eq!(rec.items[2].original_seconds, 300);
    // It resumes like any meeting.
    let resumed = rec.to_meeting(rec.protocol.clone(), t0() + TimeDelta::minutes(7));
    assert_eq!(resumed.unwrap().current, 1);
}

#[test]
fn a_meetings_length_leaves_out_the_time_plg_was_not_running() {
    use super::format::PauseRecord;
    let mut rec = fixture("2026-12-01T1530_math9_tuning-v5.yaml");
    let whole = rec.duration();
    assert_eq!(whole, TimeDelta::minutes(55));
    let at = |h: u32, m: u32| {
        rec.started_at
            .with_hour(h)
            .and_then(|t| t.with_minute(m))
            .unwrap()
    };
    // A facilitator's pause counts: the room sat through it.
    rec.pauses.push(PauseRecord {
        step: 1,
        from: at(15, 40),
        to: Some(at(15, 45)),
        away: false,
    });
    assert_eq!(rec.duration(), whole);
    // Ten minutes away (a closed laptop) do not, nor the part of an away
    // pause past the end.
    rec.pauses.push(PauseRecord {
        step: 2,
        from: at(15, 50),
        to: Some(at(16, 0)),
        away: true,
    });
    assert_eq!(rec.duration(), whole - TimeDelta::minutes(10));
    rec.pauses.push(PauseRecord {
        step: 3,
        from: at(16, 20),
        to: None,
        away: true,
    });
    assert_eq!(rec.duration(), whole - TimeDelta::minutes(15));
}
