//! A meeting run from an agenda: one clock across the items, `+`/`-` and
//! rebalancing over the rest of the whole meeting, decisions in every item,
//! and resuming from the record's expanded plan.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::{Command, Meeting, Rounds};
use crate::agenda::{Agenda, DECISION, Item, ProtocolItem, ProtocolRef, expand};
use crate::protocol::{self, Phase, Protocol};

fn simple(name: &str, minutes: f64, checkin: bool) -> Item {
    Item::Simple(Box::new(Phase {
        name: name.into(),
        minutes,
        checkin,
        ..Phase::default()
    }))
}

/// Connection 5, Consultancy (chosen), Logistics 5, Plus/delta 5 with the check-in.
fn weekly() -> Protocol {
    let agenda = Agenda {
        id: "weekly".into(),
        name: "Weekly PLG meeting".into(),
        summary: "Connection, one protocol, logistics, plus/delta.".into(),
        items: vec![
            simple("Connection", 5.0, false),
            Item::Protocol(ProtocolItem {
                protocol: ProtocolRef::Choose,
                name: None,
            }),
            simple("Logistics", 5.0, false),
            simple("Plus/delta", 5.0, true),
        ],
        ..Agenda::default()
    };
    expand(
        &agenda,
        &protocol::builtin,
        protocol::builtin("consultancy"),
    )
    .unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 15, 15, 0).unwrap()
}

fn min(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn people() -> Rounds {
    Rounds::for_people(["Ana", "Ben", "Chen", "Dana"].map(String::from).to_vec())
}

/// Moves on (or ends the meeting, after the last step) once the step's
/// planned time has run.
fn step_on(m: &mut Meeting, now: &mut DateTime<Utc>) {
    *now += m.step().planned;
    let last = m.current + 1 == m.steps.len();
    m.update(if last { Command::End } else { Command::Next }, *now);
}

/// The item each step belongs to.
fn item_of_step(m: &Meeting, step: usize) -> usize {
    m.protocol.item_of(m.steps[step].phase)
}

#[test]
fn one_clock_runs_through_every_item_in_order() {
    let plan = weekly();
    let consultancy = protocol::builtin("consultancy").unwrap();
    let mut m = Meeting::start(plan, &people(), t0());
    assert_eq!(
        m.planned_end - m.started_at,
        TimeDelta::seconds(i64::try_from(consultancy.total_secs(4)).unwrap()) + min(15),
        "the whole meeting is one plan"
    );
    let mut now = t0();
    let mut items = Vec::new();
    while !m.is_ended() {
        let at = m.item_at().unwrap();
        if items.last() != Some(&at.number) {
            items.push(at.number);
        }
        assert_eq!(at.items, 4);
        step_on(&mut m, &mut now);
    }
    assert_eq!(items, [1, 2, 3, 4]);
    assert_eq!(
        m.ended_at,
        Some(m.planned_end),
        "every step to plan ends on time"
    );
}

#[test]
fn rebalancing_after_an_overrun_takes_time_from_the_items_still_to_come() {
    let mut m = Meeting::start(weekly(), &people(), t0());
    let planned_end = m.planned_end;
    // The connection runs 15 minutes over.
    m.update(Command::Next, t0() + min(20));
    assert_eq!(item_of_step(&m, m.current), 1);
    let now = t0() + min(20);
    assert!(m.projected_end(now) - planned_end >= min(15));
    let before: Vec<TimeDelta> = m.steps.iter().map(|s| s.planned).collect();
    let fx = m.update(Command::Rebalance, now);
    assert!(fx.save);
    let cut_in = |item: usize| -> TimeDelta {
        (m.current..m.steps.len())
            .filter(|i| item_of_step(&m, *i) == item)
            .map(|i| before[i] - m.steps[i].planned)
            .sum()
    };
    // The protocol and the items after it give time; the past item is untouched.
    assert!(cut_in(1) > TimeDelta::zero(), "the protocol gives time");
    assert!(
        cut_in(2) + cut_in(3) > TimeDelta::zero(),
        "logistics or the plus/delta give time too: the rest of the meeting, not the item"
    );
    assert_eq!(m.steps[0].planned, before[0], "the connection is past");
    let drift = m.projected_end(now) - planned_end;
    assert!(drift < min(1), "back on time, or nearly: {drift}");
}

#[test]
fn a_minute_added_in_one_item_moves_the_whole_meetings_end() {
    let mut m = Meeting::start(weekly(), &people(), t0());
    let end = m.projected_end(t0());
    m.update(Command::AddMinute, t0());
    assert_eq!(m.projected_end(t0()), end + min(1));
    m.update(Command::RemoveMinute, t0());
    assert_eq!(m.projected_end(t0()), end);
    m.update(Command::RemoveMinute, t0());
    assert!(m.projected_end(t0()) < end);
}

#[test]
fn a_decision_can_be_noted_in_every_item() {
    let mut m = Meeting::start(weekly(), &people(), t0());
    let mut now = t0();
    let mut decided_in = Vec::new();
    while !m.is_ended() {
        let kinds: Vec<String> = m
            .protocol
            .kinds_for(m.phase())
            .into_iter()
            .map(|k| k.id.clone())
            .collect();
        assert!(
            kinds.iter().any(|k| k == DECISION),
            "{}: {kinds:?}",
            m.phase().name
        );
        if m.phase().name == "Logistics" {
            m.update(
                Command::AddNote {
                    kind: DECISION.into(),
                    text: "Move the meeting to Thursdays".into(),
                },
                now,
            );
            decided_in.push(item_of_step(&m, m.current));
        }
        step_on(&mut m, &mut now);
    }
    assert_eq!(decided_in, [2]);
    let note = &m.notes[0];
    assert_eq!(note.kind, DECISION);
    assert_eq!(item_of_step(&m, note.step), 2);
}

#[test]
fn the_timeline_groups_phases_under_their_items() {
    let m = Meeting::start(weekly(), &people(), t0());
    let groups = m.item_groups();
    let names: Vec<(&str, bool, usize)> = groups
        .iter()
        .map(|g| (g.name.as_str(), g.heading, g.spans.len()))
        .collect();
    let consultancy = protocol::builtin("consultancy").unwrap();
    assert_eq!(
        names,
        [
            ("Connection", false, 1),
            (consultancy.name.as_str(), true, consultancy.phases.len()),
            ("Logistics", false, 1),
            ("Plus/delta", false, 1),
        ]
    );
    // A protocol alone is one group without a heading, and no item.
    let alone = Meeting::start(consultancy, &people(), t0());
    let groups = alone.item_groups();
    assert_eq!(groups.len(), 1);
    assert!(!groups[0].heading);
    assert_eq!(alone.item_at(), None);
}

#[test]
fn an_agenda_meeting_resumes_from_its_record_in_the_item_it_left() {
    use crate::record::format::SessionRecord;

    let dir = tempfile::tempdir().unwrap();
    let mut m = Meeting::start(weekly(), &people(), t0());
    let mut now = t0();
    // Into Logistics, with a decision noted there.
    while m.phase().name != "Logistics" {
        now += m.step().planned;
        m.update(Command::Next, now);
    }
    m.update(
        Command::AddNote {
            kind: DECISION.into(),
            text: "Move the meeting to Thursdays".into(),
        },
        now,
    );
    now += min(2);
    let offset = chrono::FixedOffset::east_opt(3600).unwrap();
    let rec = SessionRecord::in_progress(&m, now, offset);
    let path = crate::record::store::session_path(dir.path(), rec.started_at, None, "weekly");
    crate::record::store::save(&path, &rec).unwrap();

    let back = crate::record::read_file(&path).unwrap();
    assert!(
        back.protocol.is_agenda(),
        "the snapshot is the expanded plan"
    );
    let later = now + min(30);
    let mut resumed = back.to_meeting(back.protocol.clone(), later).unwrap();
    assert_eq!(resumed.current, m.current);
    assert_eq!(resumed.item_at(), m.item_at());
    assert_eq!(resumed.planned_end, m.planned_end, "one plan, one end");
    assert_eq!(resumed.notes.len(), 1);
    assert_eq!(item_of_step(&resumed, resumed.notes[0].step), 2);
    // It carries on to the last item and ends.
    resumed.update(Command::TogglePause, later);
    let mut at = later;
    while !resumed.is_ended() {
        step_on(&mut resumed, &mut at);
    }
    assert_eq!(
        item_of_step(&resumed, resumed.steps.len() - 1),
        3,
        "the plus/delta is last"
    );
}

#[test]
fn the_bar_names_the_item_before_the_phase() {
    let mut now = t0();
    let mut m = Meeting::start(weekly(), &people(), now);
    assert_eq!(m.where_label(), "ITEM 1 OF 4 · Connection");
    step_on(&mut m, &mut now);
    let first = m.protocol.phases[m.step().phase].name.clone();
    assert_eq!(
        m.where_label(),
        format!("ITEM 2 OF 4 · Consultancy · {first}")
    );
    while m.ended_at.is_none() && m.protocol.item_of(m.step().phase) < 3 {
        step_on(&mut m, &mut now);
    }
    assert_eq!(m.where_label(), "ITEM 4 OF 4 · Plus/delta");
    // A protocol run alone is named as before.
    let t = Meeting::start(protocol::builtin("tuning").unwrap(), &people(), t0());
    assert_eq!(t.where_label(), t.step_label(t.step()));
}
