use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::*;
use crate::protocol::{self, Protocol};

fn builtin(id: &str) -> Protocol {
    protocol::builtin(id).unwrap()
}

/// Tuning as these tests were written for: the published plan before the
/// library took ranges, protection and a 10-minute reflection (the
/// arithmetic below depends on these minutes, not on the library's).
fn tuning() -> Protocol {
    let mut p = builtin("tuning");
    for (phase, minutes) in p
        .phases
        .iter_mut()
        .zip([5.0, 12.0, 5.0, 12.0, 3.0, 12.0, 5.0, 6.0])
    {
        phase.minutes = minutes;
        phase.protect = false;
        phase.range = None;
    }
    p
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 15, 15, 0).unwrap()
}

/// `m:ss` after the start.
fn at(m: i64, s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(m) + TimeDelta::seconds(s)
}

fn secs(d: TimeDelta) -> i64 {
    d.num_seconds()
}

#[test]
fn a_whole_tuning_meeting_with_pauses_adjustments_rebalance_and_overtime() {
    let tuning = tuning();
    let planned: Vec<f64> = tuning.phases.iter().map(|p| p.minutes).collect();
    assert_eq!(planned, [5.0, 12.0, 5.0, 12.0, 3.0, 12.0, 5.0, 6.0]);
    let mut m = Meeting::start(tuning, &Rounds::default(), t0());
    assert_eq!(m.planned_end, at(60, 0));
    assert_eq!(m.projected_end(t0()), at(60, 0));

    // 1. Introduction, exactly to plan.
    assert!(!m.update(Command::Tick, at(4, 59)).bell);
    assert_eq!(secs(m.remaining(at(4, 59))), 1);
    m.update(Command::Next, at(5, 0));

    // 2. Presentation: a two-minute pause, then thirty seconds of overtime.
    m.update(Command::TogglePause, at(8, 0));
    assert!(m.is_paused());
    assert_eq!(
        secs(m.remaining(at(9, 0))),
        9 * 60,
        "the clock is frozen while paused"
    );
    assert_eq!(
        m.projected_end(at(9, 0)),
        at(61, 0),
        "the projected end moves with the pause"
    );
    m.update(Command::TogglePause, at(10, 0));
    assert!(m.is_last_minute(at(18, 0)));
    assert!(!m.is_last_minute(at(17, 59)));
    assert!(!m.update(Command::Tick, at(18, 59)).bell);
    assert!(
        m.update(Command::Tick, at(19, 0)).bell,
        "the bell rings at zero"
    );
    assert!(m.is_overtime(at(19, 0)));
    assert!(!m.update(Command::Tick, at(19, 10)).bell, "and only once");
    assert_eq!(secs(m.remaining(at(19, 30))), -30, "overtime counts up");
    m.update(Command::Next, at(19, 30));

    // 3. Clarifying questions: one more minute, used in full.
    m.update(Command::AddMinute, at(19, 30));
    m.update(Command::Next, at(25, 30));

    // 4. Examine the work: one minute fewer, used in full.
    m.update(Command::RemoveMinute, at(25, 30));
    m.update(Command::Next, at(36, 30));

    // 5. Prepare feedback.
    m.update(Command::Next, at(39, 30));
    assert_eq!(
        m.drift(at(39, 30)),
        TimeDelta::seconds(150),
        "2:30 late: pause, overtime, +1, -1"
    );

    // 6. Feedback: rebalance so the meeting still ends at 60:00.
    let fx = m.update(Command::Rebalance, at(39, 30));
    assert!(fx.notice.unwrap().starts_with("Rebalanced"));
    assert_eq!(m.projected_end(at(39, 30)), at(60, 0));
    // 510 s for 5 + 6 min: 3.9 and 4.6 min in proportion, on the grid
    // 3.5 and 4.5, and the half-minute left goes to the last phase.
    assert_eq!(secs(m.steps[6].planned), 210);
    assert_eq!(secs(m.steps[7].planned), 300);
    m.update(Command::Next, at(51, 30));
    m.update(Command::Next, at(55, 0));
    m.update(Command::End, at(60, 0));

    assert!(m.is_ended());
    assert_eq!(m.meeting_elapsed(at(70, 0)), TimeDelta::minutes(60));
    assert_eq!(m.paused_total(at(70, 0)), TimeDelta::minutes(2));
    assert_eq!(m.drift(at(70, 0)), TimeDelta::zero());

    // Every step's plan, running time and entry/exit times.
    // (planned s, spent s, entered m:s, left m:s)
    type Row = (i64, i64, (i64, i64), (i64, i64));
    let expect: [Row; 8] = [
        (300, 300, (0, 0), (5, 0)),
        (720, 750, (5, 0), (19, 30)),
        (360, 360, (19, 30), (25, 30)),
        (660, 660, (25, 30), (36, 30)),
        (180, 180, (36, 30), (39, 30)),
        (720, 720, (39, 30), (51, 30)),
        (210, 210, (51, 30), (55, 0)),
        (300, 300, (55, 0), (60, 0)),
    ];
    for (i, (plan, spent, entered, left)) in expect.iter().enumerate() {
        let s = &m.steps[i];
        assert_eq!(secs(s.planned), *plan, "step {i} planned");
        assert_eq!(secs(s.spent), *spent, "step {i} spent");
        assert_eq!(
            s.first_entered,
            Some(at(entered.0, entered.1)),
            "step {i} entered"
        );
        assert_eq!(s.last_left, Some(at(left.0, left.1)), "step {i} left");
    }
    let kinds: Vec<AdjustmentKind> = m.adjustments.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds,
        [
            AdjustmentKind::AddMinute,
            AdjustmentKind::RemoveMinute,
            AdjustmentKind::Rebalance
        ]
    );
    assert_eq!(m.adjustments[2].seconds, 510 - 660);
    assert_eq!(
        m.pauses,
        vec![Pause {
            step: 1,
            from: at(8, 0),
            to: Some(at(10, 0)),
            away: false
        }]
    );
}

#[test]
fn going_back_resumes_the_earlier_phase_clock() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::Next, at(3, 0));
    m.update(Command::Previous, at(4, 0));
    assert_eq!(m.current, 0);
    assert_eq!(secs(m.remaining(at(5, 0))), 300 - 240);
    assert_eq!(m.steps[0].first_entered, Some(t0()));
    assert_eq!(secs(m.steps[1].spent), 60);
}

#[test]
fn moving_while_paused_keeps_the_meeting_paused() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::TogglePause, at(1, 0));
    m.update(Command::Next, at(2, 0));
    assert!(m.is_paused());
    assert_eq!(secs(m.elapsed(1, at(5, 0))), 0);
    m.update(Command::TogglePause, at(3, 0));
    assert_eq!(secs(m.elapsed(1, at(4, 0))), 60);
    let steps: Vec<usize> = m.pauses.iter().map(|p| p.step).collect();
    assert_eq!(steps, [0, 1]);
    assert_eq!(m.paused_total(at(4, 0)), TimeDelta::minutes(2));
}

#[test]
fn no_bell_while_paused_and_a_bell_after_resuming_past_zero() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::TogglePause, at(4, 0));
    assert!(!m.update(Command::Tick, at(30, 0)).bell);
    m.update(Command::TogglePause, at(30, 0));
    assert!(m.update(Command::Tick, at(31, 0)).bell);
}

#[test]
fn adding_a_minute_in_overtime_rearms_the_bell() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    assert!(m.update(Command::Tick, at(5, 10)).bell);
    m.update(Command::AddMinute, at(5, 20));
    assert!(!m.is_overtime(at(5, 20)));
    assert!(!m.update(Command::Tick, at(5, 59)).bell);
    assert!(m.update(Command::Tick, at(6, 0)).bell);
}

#[test]
fn removing_minutes_stops_at_one_minute() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    // 5 min, then half-minutes below five: 4.5, 4, ... 1.
    for _ in 0..8 {
        m.update(Command::RemoveMinute, t0());
    }
    assert_eq!(m.steps[0].planned, MIN_STEP);
    let fx = m.update(Command::RemoveMinute, t0());
    assert!(fx.notice.is_some());
    assert!(!fx.save);
    assert_eq!(m.adjustments.len(), 8);
}

#[test]
fn removing_time_below_the_elapsed_time_rings_at_once() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::Next, at(5, 0));
    let mut rang = false;
    for _ in 0..20 {
        rang |= m.update(Command::RemoveMinute, at(7, 0)).bell;
    }
    assert!(rang);
    assert!(m.is_overtime(at(7, 0)));
}

#[test]
fn rebalancing_on_time_changes_nothing() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    let before: Vec<TimeDelta> = m.steps.iter().map(|s| s.planned).collect();
    let fx = m.update(Command::Rebalance, at(1, 0));
    assert!(fx.notice.unwrap().starts_with("On time"));
    let after: Vec<TimeDelta> = m.steps.iter().map(|s| s.planned).collect();
    assert_eq!(before, after);
}

#[test]
fn rebalancing_far_behind_gives_each_phase_one_minute() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    let fx = m.update(Command::Rebalance, at(58, 0));
    assert!(fx.notice.unwrap().contains("over"));
    assert!(m.steps[1..].iter().all(|s| s.planned == MIN_STEP));
}

#[test]
fn rounds_follow_the_people_present() {
    let people: Vec<String> = ["Ana", "Ben", "Chen", "Dana"].map(String::from).to_vec();
    let m = Meeting::start(builtin("final-word"), &Rounds::for_people(people), t0());
    let labels: Vec<String> = m
        .steps
        .iter()
        .filter_map(|s| s.round.as_ref().map(Round::label))
        .collect();
    assert!(labels[0].starts_with("Round 1 of 4: Ana"), "{}", labels[0]);
    assert!(
        labels.last().unwrap().starts_with("Round 4 of 4: Dana"),
        "{labels:?}"
    );
}

#[test]
fn notes_belong_to_the_step_they_were_written_in() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::Next, at(5, 0));
    let fx = m.update(
        Command::AddNote {
            kind: "question".into(),
            text: "Which students?".into(),
        },
        at(6, 0),
    );
    assert!(fx.save);
    assert!(
        !m.update(
            Command::AddNote {
                kind: "warm".into(),
                text: "   ".into()
            },
            at(6, 0)
        )
        .save
    );
    assert_eq!(
        m.notes,
        vec![Note {
            at: at(6, 0),
            step: 1,
            kind: "question".into(),
            text: "Which students?".into(),
            edited: None,
        }]
    );
}

#[test]
fn an_edited_note_keeps_only_its_new_text_and_a_removed_one_only_when() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    for text in ["Ask Sam Lee about the graph", "Second"] {
        m.update(
            Command::AddNote {
                kind: "note".into(),
                text: text.into(),
            },
            at(1, 0),
        );
    }
    m.update(Command::Next, at(2, 0));
    let fx = m.update(
        Command::EditNote {
            index: 0,
            text: "Ask the student about the graph".into(),
        },
        at(3, 0),
    );
    assert!(fx.save);
    assert_eq!(m.notes[0].text, "Ask the student about the graph");
    assert_eq!(m.notes[0].edited, Some(at(3, 0)));
    assert_eq!(
        m.notes[0].step, 0,
        "an edit keeps the note where it was written"
    );
    // The same text again is no change.
    let same = m.update(
        Command::EditNote {
            index: 0,
            text: "Ask the student about the graph".into(),
        },
        at(4, 0),
    );
    assert!(!same.save);
    assert_eq!(m.notes[0].edited, Some(at(3, 0)));
    assert!(m.update(Command::RemoveNote { index: 1 }, at(5, 0)).save);
    assert_eq!(m.notes.len(), 1);
    assert_eq!(
        m.removed_notes,
        [NoteRemoval {
            at: at(5, 0),
            step: 0
        }]
    );
    // Emptying a note removes it.
    assert!(
        m.update(
            Command::EditNote {
                index: 0,
                text: "  ".into()
            },
            at(6, 0)
        )
        .save
    );
    assert!(m.notes.is_empty());
    assert_eq!(m.removed_notes.len(), 2);
    assert!(!m.update(Command::RemoveNote { index: 0 }, at(7, 0)).save);
    assert!(
        !m.update(
            Command::EditNote {
                index: 3,
                text: "x".into()
            },
            at(7, 0)
        )
        .save
    );
}

#[test]
fn the_shell_wakes_on_the_next_whole_second() {
    let m = Meeting::start(tuning(), &Rounds::default(), t0());
    let now = t0() + TimeDelta::milliseconds(2300);
    assert_eq!(m.next_change(now), t0() + TimeDelta::seconds(3));
}

#[test]
fn nothing_changes_after_the_end() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    m.update(Command::End, at(10, 0));
    let before = m.clone();
    m.update(Command::Next, at(11, 0));
    m.update(
        Command::AddNote {
            kind: "warm".into(),
            text: "late".into(),
        },
        at(11, 0),
    );
    assert_eq!(m, before);
}

/// A moment `micros` microseconds after the start: the clock the room runs
/// on is never a whole second.
fn at_us(micros: i64) -> DateTime<Utc> {
    t0() + TimeDelta::microseconds(micros)
}

fn on_grid(secs: i64) -> bool {
    if secs < 300 {
        secs % 30 == 0
    } else {
        secs % 60 == 0
    }
}

#[test]
fn rebalancing_a_60_minute_meeting_gives_whole_minutes_and_still_ends_on_time() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    assert_eq!(m.planned_end, at(60, 0));
    // Introduction to plan; the presentation runs 3 min 17.3 s over.
    m.update(Command::Next, at_us(300_000_000));
    m.update(Command::Next, at_us(1_217_300_042));
    let fx = m.update(Command::Rebalance, at_us(1_217_300_042));
    assert!(
        fx.notice.unwrap().starts_with("Rebalanced"),
        "{:?}",
        m.steps
    );
    let rest: Vec<i64> = m.steps[3..].iter().map(|s| secs(s.planned)).collect();
    for s in &rest {
        assert!(
            on_grid(*s),
            "{s} s is not a whole minute (or half under 5): {rest:?}"
        );
    }
    // The meeting ends on time, or early by less than the smallest grid step.
    let end = m.projected_end(at_us(1_217_300_042));
    assert!(end <= at(60, 0) + TimeDelta::seconds(1), "{end}");
    assert!(at(60, 0) - end < TimeDelta::seconds(30), "{end}");
}

#[test]
fn rebalance_leaves_protected_phases_and_stays_inside_ranges() {
    let mut p = tuning();
    p.phases[7].protect = true;
    p.phases[5].range = Some(crate::protocol::model::MinutesRange {
        low: 10.0,
        high: 15.0,
    });
    let mut m = Meeting::start(p, &Rounds::default(), t0());
    m.update(Command::Next, at_us(300_000_000));
    m.update(Command::Next, at_us(1_380_123_456));
    m.update(Command::Rebalance, at_us(1_380_123_456));
    assert_eq!(secs(m.steps[7].planned), 360, "protected");
    assert!(secs(m.steps[5].planned) >= 600, "inside its range");
    for s in &m.steps[2..] {
        assert!(on_grid(secs(s.planned)), "{:?}", m.steps);
    }
    let end = m.projected_end(at_us(1_380_123_456));
    assert!(end <= at(60, 0) + TimeDelta::seconds(1), "{end}");
    assert!(at(60, 0) - end < TimeDelta::seconds(60), "{end}");
}

#[test]
fn plus_and_minus_land_on_whole_minutes_and_half_minutes_under_five() {
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0());
    // A rebalanced plan of 4.7 min (282 s): + gives 5 min, then 6.
    m.steps[0].planned = TimeDelta::seconds(282);
    m.update(Command::AddMinute, t0());
    assert_eq!(secs(m.steps[0].planned), 300);
    m.update(Command::AddMinute, t0());
    assert_eq!(secs(m.steps[0].planned), 360);
    // 11.3 min: - gives 11, then 10.
    m.steps[0].planned = TimeDelta::seconds(678);
    m.update(Command::RemoveMinute, t0());
    assert_eq!(secs(m.steps[0].planned), 660);
    // From 5 min down in half-minutes.
    m.steps[0].planned = TimeDelta::seconds(300);
    m.update(Command::RemoveMinute, t0());
    assert_eq!(secs(m.steps[0].planned), 270);
    let changes: Vec<i64> = m.adjustments.iter().map(|a| a.seconds).collect();
    assert_eq!(changes, [18, 60, -18, -30]);
}
