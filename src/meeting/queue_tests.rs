//! Rounds that follow the room: arrivals, leavers, moving a round, and
//! every step index carried along.

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};

use super::Room;
use crate::meeting::session::RoleAssignment;
use crate::meeting::{Command, Effects, Meeting, Rounds};
use crate::protocol::Protocol;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 15, 15, 0).unwrap()
}

fn at(m: i64, s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(m) + TimeDelta::seconds(s)
}

fn protocol(yaml: &str) -> Protocol {
    serde_yaml::from_str(yaml).unwrap()
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn fac() -> Vec<RoleAssignment> {
    vec![RoleAssignment {
        role: "facilitator".into(),
        person: "Fay".into(),
    }]
}

const GO_ROUND: &str = r#"
id: go
name: Go-round
summary: s
roles:
  - {id: facilitator, name: Facilitator}
phases:
  - {name: Open, minutes: 5}
  - name: Go-round
    minutes: 2
    repeat: each
    round: {who: participants, pass: true}
  - {name: Debrief, minutes: 5}
"#;

fn go_round() -> Meeting {
    let rounds = Rounds {
        roles: fac(),
        ..Rounds::for_people(names(&["Fay", "Ana", "Ben", "Chen"]))
    };
    Meeting::start(protocol(GO_ROUND), &rounds, t0())
}

fn room(people: &[&str]) -> Room {
    Room {
        people: names(people),
        roles: fac(),
    }
}

fn arrive(m: &mut Meeting, who: &str, people: &[&str], now: DateTime<Utc>) -> Effects {
    m.update(
        Command::Arrived {
            person: who.into(),
            room: room(people),
        },
        now,
    )
}

fn leave(m: &mut Meeting, who: &str, now: DateTime<Utc>) -> Effects {
    m.update(
        Command::Left {
            person: who.into(),
            roles: fac(),
        },
        now,
    )
}

/// Each step as the record names it.
fn labels(m: &Meeting) -> Vec<String> {
    m.steps.iter().map(|s| m.step_label(s)).collect()
}

#[test]
fn a_late_arrival_gets_a_round_at_the_end_and_the_meeting_its_time() {
    let mut m = go_round();
    assert_eq!(m.planned_end, at(16, 0));
    let fx = arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(1, 0),
    );
    assert!(fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("+2 min: Dana's round (Go-round)")
    );
    assert_eq!(
        labels(&m),
        [
            "Open",
            "Go-round (Round 1 of 4: Ana)",
            "Go-round (Round 2 of 4: Ben)",
            "Go-round (Round 3 of 4: Chen)",
            "Go-round (Round 4 of 4: Dana)",
            "Debrief",
        ]
    );
    let dana = &m.steps[4];
    assert_eq!(dana.planned, TimeDelta::minutes(2));
    assert_eq!(dana.original, TimeDelta::minutes(2));
    assert!(dana.first_entered.is_none() && !dana.belled);
    assert_eq!(m.planned_end, at(18, 0));
    assert_eq!(m.projected_end(at(1, 0)), at(18, 0));
    assert_eq!(m.current, 0);

    // Marked here twice, or the facilitator coming in: nothing more.
    let again = arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(1, 5),
    );
    assert_eq!((again.save, again.notice), (false, None));
    let fay = arrive(
        &mut m,
        "Fay",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(1, 6),
    );
    assert_eq!((fay.save, fay.notice), (false, None));
    assert_eq!(m.steps.len(), 6);
}

#[test]
fn a_leaver_loses_the_rounds_not_begun_and_the_meeting_their_time() {
    let mut m = go_round();
    let fx = leave(&mut m, "Ben", at(1, 0));
    assert!(fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("−2 min: Ben's round (Go-round) dropped")
    );
    assert_eq!(
        labels(&m),
        [
            "Open",
            "Go-round (Round 1 of 2: Ana)",
            "Go-round (Round 2 of 2: Chen)",
            "Debrief",
        ]
    );
    assert_eq!(m.planned_end, at(14, 0));
    // Someone without a round leaving changes nothing.
    let fx = leave(&mut m, "Fay", at(1, 10));
    assert_eq!((fx.save, fx.notice), (false, None));
    // Coming back, Ben joins the end of the queue again.
    let fx = arrive(&mut m, "Ben", &["Fay", "Ana", "Ben", "Chen"], at(1, 20));
    assert!(fx.save);
    assert_eq!(m.step_label(&m.steps[3]), "Go-round (Round 3 of 3: Ben)");
    assert_eq!(m.planned_end, at(16, 0));
}

#[test]
fn a_round_under_way_stays_and_so_does_a_phase_already_finished() {
    let mut m = go_round();
    m.update(Command::Next, at(5, 0));
    assert_eq!(m.current, 1);
    let fx = leave(&mut m, "Ana", at(6, 0));
    assert_eq!((fx.save, fx.notice), (false, None));
    assert_eq!(m.steps.len(), 5);
    assert_eq!(m.step_label(m.step()), "Go-round (Round 1 of 3: Ana)");

    // Into the debrief: the rounds are behind, a newcomer gets none.
    for t in [7, 9, 11] {
        m.update(Command::Next, at(t, 0));
    }
    assert_eq!(m.phase().name, "Debrief");
    let fx = arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(12, 0),
    );
    assert_eq!((fx.save, fx.notice), (false, None));
    let fx = leave(&mut m, "Chen", at(12, 30));
    assert_eq!((fx.save, fx.notice), (false, None));
    assert_eq!(m.steps.len(), 5);
    assert_eq!(m.planned_end, at(16, 0));
}

#[test]
fn the_last_round_in_a_phase_stays_when_everyone_else_has_gone() {
    let rounds = Rounds {
        roles: fac(),
        ..Rounds::for_people(names(&["Fay", "Ana"]))
    };
    let mut m = Meeting::start(protocol(GO_ROUND), &rounds, t0());
    let fx = leave(&mut m, "Ana", at(1, 0));
    assert!(!fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("Ana's round (Go-round) stays: nobody else has a round left there")
    );
    assert_eq!(m.steps.len(), 3);
}

#[test]
fn notes_pauses_adjustments_and_the_bell_follow_their_steps() {
    let mut m = go_round();
    // Jump ahead to the debrief, work there, then come back to the rounds.
    m.update(Command::Goto(4), at(1, 0));
    m.update(
        Command::AddNote {
            kind: "note".into(),
            text: "Parking lot: grading policy".into(),
        },
        at(2, 0),
    );
    m.update(
        Command::AddNote {
            kind: "note".into(),
            text: "typo".into(),
        },
        at(2, 10),
    );
    m.update(Command::RemoveNote { index: 1 }, at(2, 20));
    m.update(Command::TogglePause, at(3, 0));
    m.update(Command::TogglePause, at(3, 30));
    m.update(Command::AddMinute, at(4, 0));
    // The debrief (6 min now) runs out at 1:00 + 6:30 with the pause.
    assert!(m.update(Command::Tick, at(7, 30)).bell);
    m.update(Command::Goto(1), at(8, 0));
    assert_eq!(m.current, 1);
    // Ana's round is under way; Ben's and Chen's never began.
    let fx = arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(8, 30),
    );
    assert!(fx.save);
    assert_eq!(m.steps.len(), 6);
    assert_eq!(m.current, 1);
    assert_eq!(m.phase_of(5).name, "Debrief");
    assert_eq!(m.notes[0].step, 5);
    assert_eq!(m.removed_notes[0].step, 5);
    assert!(m.pauses.iter().all(|p| p.step == 5), "{:?}", m.pauses);
    assert_eq!(m.adjustments[0].step, 5);
    assert!(m.steps[5].belled);
    assert!(!m.steps[4].belled);
    assert_eq!(m.steps[5].planned, TimeDelta::minutes(6));

    let fx = leave(&mut m, "Ben", at(9, 0));
    assert!(fx.save);
    assert_eq!(m.current, 1);
    assert_eq!(
        labels(&m)[1..5],
        [
            "Go-round (Round 1 of 3: Ana)",
            "Go-round (Round 2 of 3: Chen)",
            "Go-round (Round 3 of 3: Dana)",
            "Debrief",
        ]
    );
    assert_eq!(m.notes[0].step, 4);
    assert_eq!(m.removed_notes[0].step, 4);
    assert!(m.pauses.iter().all(|p| p.step == 4));
    assert_eq!(m.adjustments[0].step, 4);
    assert!(m.steps[4].belled);
    // The pause at the jump back to the rounds, and the current step, still line up.
    assert_eq!(m.step_label(m.step()), "Go-round (Round 1 of 3: Ana)");
}

#[test]
fn a_dropped_round_before_an_entered_step_carries_its_notes_along() {
    let mut m = go_round();
    // Forward to Chen's round and back to the opening: Ben's is entered,
    // so the rounds after the current step are not all waiting.
    m.update(Command::Goto(3), at(1, 0));
    m.update(
        Command::AddNote {
            kind: "note".into(),
            text: "Chen: started early".into(),
        },
        at(1, 30),
    );
    m.update(Command::Goto(0), at(2, 0));
    let fx = leave(&mut m, "Ben", at(2, 10));
    assert!(fx.save);
    // Ben's round was never entered: it goes, and Chen's note follows Chen.
    assert_eq!(m.notes[0].step, 2);
    assert_eq!(m.step_label(&m.steps[2]), "Go-round (Round 2 of 2: Chen)");
    // Chen's round was entered: it is not dropped.
    let fx = leave(&mut m, "Chen", at(2, 20));
    assert_eq!((fx.save, fx.notice), (false, None));
}

#[test]
fn a_waiting_round_moves_up_and_down_within_its_phase() {
    let mut m = go_round();
    arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(0, 30),
    );
    m.update(Command::Next, at(5, 0));
    assert_eq!(m.movable_rounds(), vec![2..3, 3..4, 4..5]);
    let fx = m.update(Command::MoveRound { step: 4, by: -1 }, at(5, 10));
    assert!(fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("Dana's round moved earlier: now round 3 of 4")
    );
    assert_eq!(
        labels(&m)[1..5],
        [
            "Go-round (Round 1 of 4: Ana)",
            "Go-round (Round 2 of 4: Ben)",
            "Go-round (Round 3 of 4: Dana)",
            "Go-round (Round 4 of 4: Chen)",
        ]
    );
    // As far as it goes: past the first waiting round is clamped to it.
    let fx = m.update(Command::MoveRound { step: 3, by: -5 }, at(5, 20));
    assert_eq!(
        fx.notice.as_deref(),
        Some("Dana's round moved earlier: now round 2 of 4")
    );
    let fx = m.update(Command::MoveRound { step: 2, by: -1 }, at(5, 30));
    assert!(!fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("Already the first round waiting")
    );
    let fx = m.update(Command::MoveRound { step: 4, by: 1 }, at(5, 40));
    assert!(!fx.save);
    assert_eq!(fx.notice.as_deref(), Some("Already the last round waiting"));
    // Ana's round is under way; the opening and debrief are no rounds.
    let fx = m.update(Command::MoveRound { step: 1, by: 1 }, at(5, 50));
    assert_eq!(
        (fx.save, fx.notice.as_deref()),
        (
            false,
            Some("This round has begun; only rounds still waiting move")
        )
    );
    let fx = m.update(Command::MoveRound { step: 5, by: -1 }, at(5, 55));
    assert!(!fx.save);
    assert_eq!(m.planned_end, at(18, 0));
    let fx = m.update(Command::MoveRound { step: 2, by: 2 }, at(6, 0));
    assert_eq!(
        fx.notice.as_deref(),
        Some("Dana's round moved later: now round 4 of 4")
    );
    assert_eq!(m.step_label(&m.steps[4]), "Go-round (Round 4 of 4: Dana)");
}

#[test]
fn a_round_past_the_step_cap_is_refused_with_a_notice() {
    // Open, 498 rounds and a debrief: 500 steps, the most a meeting has.
    let mut people = vec!["Fay".to_string()];
    people.extend((0..498).map(|i| format!("P{i}")));
    let rounds = Rounds {
        roles: fac(),
        ..Rounds::for_people(people.clone())
    };
    let mut m = Meeting::start(protocol(GO_ROUND), &rounds, t0());
    assert_eq!(m.steps.len(), 500);
    people.push("Zoe".into());
    let fx = m.update(
        Command::Arrived {
            person: "Zoe".into(),
            room: Room {
                people: people.clone(),
                roles: fac(),
            },
        },
        at(1, 0),
    );
    assert!(!fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("No round for Zoe: the meeting would have 501 steps, and plg runs at most 500")
    );
    assert_eq!(m.steps.len(), 500);
    assert_eq!(m.planned_end, t0() + TimeDelta::minutes(5 + 2 * 498 + 5));
    // One leaves: the next arrival fits again, up to the cap exactly.
    leave(&mut m, "P3", at(1, 10));
    assert_eq!(m.steps.len(), 499);
    let mut here = people.clone();
    here.retain(|p| p != "P3");
    let fx = m.update(
        Command::Arrived {
            person: "Zoe".into(),
            room: Room {
                people: here,
                roles: fac(),
            },
        },
        at(1, 20),
    );
    assert!(fx.save);
    assert_eq!(m.steps.len(), 500);
    assert_eq!(
        m.step_label(&m.steps[498]),
        "Go-round (Round 498 of 498: Zoe)"
    );
}

#[test]
fn a_newcomer_during_the_last_round_still_gets_one_after_it() {
    let mut m = go_round();
    for t in [5, 7, 9] {
        m.update(Command::Next, at(t, 0));
    }
    assert_eq!(m.step_label(m.step()), "Go-round (Round 3 of 3: Chen)");
    let fx = arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(10, 0),
    );
    assert!(fx.save);
    assert_eq!(m.current, 3);
    assert_eq!(m.step_label(&m.steps[4]), "Go-round (Round 4 of 4: Dana)");
    assert_eq!(m.step_label(m.step()), "Go-round (Round 3 of 4: Chen)");
}

const TURNS: &str = r#"
id: sa
name: Success
summary: s
phases:
  - name: Rounds
    repeat: each
    round:
      turns:
        - {name: Share, speaker: round_person, minutes: 2}
        - {name: Respond, speaker: others, minutes: 1, each: true}
  - {name: Debrief, minutes: 5}
"#;

#[test]
fn with_turns_a_newcomer_responds_in_the_waiting_rounds_and_a_leaver_does_not() {
    let mut m = Meeting::start(
        protocol(TURNS),
        &Rounds::for_people(names(&["Ana", "Ben", "Chen"])),
        t0(),
    );
    // 3 rounds of Share + 2 Respond, then the debrief.
    assert_eq!(m.steps.len(), 10);
    assert_eq!(m.planned_end, at(17, 0));
    let fx = arrive(&mut m, "Dana", &["Ana", "Ben", "Chen", "Dana"], at(0, 30));
    // Ana's round is under way: Ben's and Chen's get Dana's response (2 × 1
    // min); Dana's round is a share and three responses (5 min).
    assert_eq!(fx.notice.as_deref(), Some("+7 min: Dana's round (Rounds)"));
    assert_eq!(m.planned_end, at(24, 0));
    assert_eq!(
        labels(&m),
        [
            "Rounds (Round 1 of 4: Ana · Share: Ana)",
            "Rounds (Round 1 of 4: Ana · Respond 1 of 2: Ben)",
            "Rounds (Round 1 of 4: Ana · Respond 2 of 2: Chen)",
            "Rounds (Round 2 of 4: Ben · Share: Ben)",
            "Rounds (Round 2 of 4: Ben · Respond 1 of 3: Chen)",
            "Rounds (Round 2 of 4: Ben · Respond 2 of 3: Ana)",
            "Rounds (Round 2 of 4: Ben · Respond 3 of 3: Dana)",
            "Rounds (Round 3 of 4: Chen · Share: Chen)",
            "Rounds (Round 3 of 4: Chen · Respond 1 of 3: Ana)",
            "Rounds (Round 3 of 4: Chen · Respond 2 of 3: Ben)",
            "Rounds (Round 3 of 4: Chen · Respond 3 of 3: Dana)",
            "Rounds (Round 4 of 4: Dana · Share: Dana)",
            "Rounds (Round 4 of 4: Dana · Respond 1 of 3: Ana)",
            "Rounds (Round 4 of 4: Dana · Respond 2 of 3: Ben)",
            "Rounds (Round 4 of 4: Dana · Respond 3 of 3: Chen)",
            "Debrief",
        ]
    );
    let fx = leave(&mut m, "Ben", at(1, 0));
    // Ben's round (2 + 3 × 1) and his responses to Chen and Dana go; his
    // response in Ana's round under way stays.
    assert_eq!(
        fx.notice.as_deref(),
        Some("−7 min: Ben's round (Rounds) dropped")
    );
    assert_eq!(m.planned_end, at(17, 0));
    assert_eq!(
        labels(&m),
        [
            "Rounds (Round 1 of 3: Ana · Share: Ana)",
            "Rounds (Round 1 of 3: Ana · Respond 1 of 2: Ben)",
            "Rounds (Round 1 of 3: Ana · Respond 2 of 2: Chen)",
            "Rounds (Round 2 of 3: Chen · Share: Chen)",
            "Rounds (Round 2 of 3: Chen · Respond 1 of 2: Ana)",
            "Rounds (Round 2 of 3: Chen · Respond 2 of 2: Dana)",
            "Rounds (Round 3 of 3: Dana · Share: Dana)",
            "Rounds (Round 3 of 3: Dana · Respond 1 of 2: Ana)",
            "Rounds (Round 3 of 3: Dana · Respond 2 of 2: Chen)",
            "Debrief",
        ]
    );
}

const FINAL_WORD: &str = r#"
id: fw
name: Final Word
summary: s
roles:
  - {id: facilitator, name: Facilitator}
phases:
  - {name: Read, minutes: 10, mode: silent}
  - name: Rounds
    repeat: each
    round:
      who: participants
      circles: 5
      turns:
        - {name: Share, speaker: round_person, minutes: 3}
        - {name: Respond, speaker: others, minutes: 1, each: true}
        - {name: Final word, speaker: round_person, minutes: 1}
  - {name: Debrief, minutes: 5, protect: true}
"#;

const NINE: [&str; 9] = [
    "Fay", "Ana", "Ben", "Chen", "Dana", "Eve", "Gus", "Hal", "Ivy",
];

fn final_word() -> Meeting {
    let rounds = Rounds {
        roles: fac(),
        ..Rounds::for_people(names(&NINE))
    };
    Meeting::start(protocol(FINAL_WORD), &rounds, t0())
}

/// Each circle's round person at the first step of each round, and the members.
fn circle_people(m: &Meeting) -> Vec<Vec<Option<String>>> {
    m.steps
        .iter()
        .filter_map(|s| s.round.as_ref())
        .filter(|r| r.turn.as_ref().is_some_and(|t| t.index == 0))
        .map(|r| r.circles.iter().map(|c| c.person.clone()).collect())
        .collect()
}

fn some(v: &[&str]) -> Vec<Option<String>> {
    v.iter()
        .map(|s| (!s.is_empty()).then(|| s.to_string()))
        .collect()
}

#[test]
fn in_circles_a_newcomer_sits_in_the_smallest_and_takes_its_next_free_round() {
    let mut m = final_word();
    // Read, 4 rounds of Share + 3 Respond + Final word, Debrief.
    assert_eq!(m.steps.len(), 22);
    assert_eq!(m.planned_end, at(10 + 4 * 7 + 5, 0));
    let mut here: Vec<&str> = NINE.to_vec();
    here.push("Jo");
    let fx = arrive(&mut m, "Jo", &here, at(1, 0));
    // Both circles are full: a fifth round for circle 1, timed for five
    // (Share, 4 Respond, Final word), that circle 2 waits through.
    assert_eq!(fx.notice.as_deref(), Some("+8 min: Jo's round (Rounds)"));
    assert_eq!(m.steps.len(), 28);
    assert_eq!(m.planned_end, at(10 + 4 * 7 + 8 + 5, 0));
    assert_eq!(
        circle_people(&m),
        [
            some(&["Ana", "Eve"]),
            some(&["Ben", "Gus"]),
            some(&["Chen", "Hal"]),
            some(&["Dana", "Ivy"]),
            some(&["Jo", ""]),
        ]
    );
    let first = m.steps[1].round.as_ref().unwrap();
    assert_eq!(
        first.circles[0].members,
        names(&["Ana", "Ben", "Chen", "Dana", "Jo"])
    );
    assert_eq!(first.label(), "Round 1 of 5 · Share");
    // The rounds planned for four keep three responses; Jo's has four.
    let jo: Vec<_> = m.steps[21..27]
        .iter()
        .map(|s| s.round.as_ref().unwrap().circles[0].holder.clone())
        .collect();
    assert_eq!(jo, some(&["Jo", "Ana", "Ben", "Chen", "Dana", "Jo"]));
    assert_eq!(m.phase_of(27).name, "Debrief");

    // The next newcomer sits in circle 2, now the smaller, and takes the
    // round it had free: no time added.
    here.push("Kim");
    let fx = arrive(&mut m, "Kim", &here, at(1, 30));
    assert_eq!(
        fx.notice.as_deref(),
        Some("Kim's round (Rounds): a circle's free round, no time added")
    );
    assert_eq!(m.steps.len(), 28);
    assert_eq!(circle_people(&m)[4], some(&["Jo", "Kim"]));
    assert_eq!(
        m.steps[22].round.as_ref().unwrap().circles[1]
            .holder
            .as_deref(),
        Some("Eve")
    );
}

#[test]
fn in_circles_a_leaver_frees_their_round_and_an_empty_round_goes() {
    let mut m = final_word();
    m.update(Command::Next, at(10, 0));
    // Ana's and Eve's rounds are under way.
    let fx = leave(&mut m, "Ben", at(11, 0));
    assert!(fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("Ben's round (Rounds) dropped: the circle's later rounds move up")
    );
    assert_eq!(m.steps.len(), 22);
    assert_eq!(
        circle_people(&m),
        [
            some(&["Ana", "Eve"]),
            some(&["Chen", "Gus"]),
            some(&["Dana", "Hal"]),
            some(&["", "Ivy"]),
        ]
    );
    // Rounds not begun lose him as a member and as a responder; the round
    // under way keeps both.
    assert_eq!(
        m.steps[6].round.as_ref().unwrap().circles[0].members,
        names(&["Ana", "Chen", "Dana"])
    );
    assert!(
        m.steps[2].round.as_ref().unwrap().circles[0]
            .members
            .contains(&"Ben".to_string())
    );
    let chen: Vec<_> = m.steps[6..11]
        .iter()
        .map(|s| s.round.as_ref().unwrap().circles[0].holder.clone())
        .collect();
    assert_eq!(chen, some(&["Chen", "Dana", "Ana", "", "Chen"]));
    assert_eq!(m.planned_end, at(10 + 4 * 7 + 5, 0));

    // Ivy leaves too: the fourth round has nobody left, and goes.
    let fx = leave(&mut m, "Ivy", at(11, 30));
    assert_eq!(
        fx.notice.as_deref(),
        Some("−7 min: Ivy's round (Rounds) dropped")
    );
    assert_eq!(m.steps.len(), 17);
    assert_eq!(m.planned_end, at(10 + 3 * 7 + 5, 0));
    assert_eq!(m.step_label(&m.steps[11]), "Rounds (Round 3 of 3 · Share)");
    // Circles run side by side; their rounds do not move.
    let fx = m.update(Command::MoveRound { step: 11, by: -1 }, at(12, 0));
    assert!(!fx.save);
    assert!(m.movable_rounds().is_empty());
}

#[test]
fn a_meeting_changed_by_arrivals_resumes_with_the_same_steps() {
    use crate::record::format::SessionRecord;
    let mut m = go_round();
    m.update(Command::Next, at(5, 0));
    arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(5, 30),
    );
    leave(&mut m, "Ben", at(6, 0));
    m.update(Command::MoveRound { step: 3, by: -1 }, at(6, 10));
    m.update(
        Command::AddNote {
            kind: "note".into(),
            text: "Dana goes before Chen".into(),
        },
        at(6, 20),
    );
    let saved = at(6, 30);
    let offset = FixedOffset::east_opt(0).unwrap();
    let rec = SessionRecord::in_progress(&m, saved, offset);
    let yaml = crate::record::store::to_yaml(&rec).unwrap();
    let back = crate::record::parse(&yaml).unwrap();
    let resumed = back.to_meeting(protocol(GO_ROUND), saved).unwrap();
    assert_eq!(labels(&resumed), labels(&m));
    assert_eq!(
        labels(&resumed)[1..4],
        [
            "Go-round (Round 1 of 3: Ana)",
            "Go-round (Round 2 of 3: Dana)",
            "Go-round (Round 3 of 3: Chen)",
        ]
    );
    for (a, b) in resumed.steps.iter().zip(&m.steps) {
        assert_eq!(
            (a.planned, a.original, a.round.clone()),
            (b.planned, b.original, b.round.clone())
        );
    }
    assert_eq!(resumed.planned_end, m.planned_end);
    assert_eq!(resumed.current, m.current);
    assert_eq!(resumed.notes, m.notes);
}

#[test]
fn rebalancing_after_an_arrival_aims_at_the_new_planned_end() {
    let mut m = go_round();
    arrive(
        &mut m,
        "Dana",
        &["Fay", "Ana", "Ben", "Chen", "Dana"],
        at(1, 0),
    );
    assert_eq!(m.planned_end, at(18, 0));
    // Two minutes over in the opening: the rounds and debrief give them back.
    let fx = m.update(Command::Rebalance, at(7, 0));
    assert_eq!(
        fx.notice.as_deref(),
        Some("Rebalanced: 2 min taken from the remaining phases")
    );
    assert_eq!(m.projected_end(at(7, 0)), at(18, 0));
    let rest: i64 = m.steps[1..].iter().map(|s| s.planned.num_seconds()).sum();
    assert_eq!(rest, 11 * 60);
    // Dana leaves: her round's plan as the protocol gave it comes off the end.
    leave(&mut m, "Dana", at(7, 10));
    assert_eq!(m.planned_end, at(16, 0));
}

#[test]
fn a_plain_repeat_each_phase_follows_the_room_and_a_counted_one_does_not() {
    const PLAIN: &str = "id: r\nname: R\nsummary: s\nphases:\n  - {name: Open, minutes: 2}\n  - {name: Final word, minutes: 4, repeat: each}\n";
    let mut m = Meeting::start(
        protocol(PLAIN),
        &Rounds::for_people(names(&["Ana", "Ben"])),
        t0(),
    );
    assert_eq!(m.movable_rounds(), vec![1..2, 2..3]);
    let fx = m.update(
        Command::Arrived {
            person: "Chen".into(),
            room: Room {
                people: names(&["Ana", "Ben", "Chen"]),
                roles: Vec::new(),
            },
        },
        at(0, 30),
    );
    assert_eq!(
        fx.notice.as_deref(),
        Some("+4 min: Chen's round (Final word)")
    );
    assert_eq!(m.step_label(&m.steps[3]), "Final word (Round 3 of 3: Chen)");

    // Rounds counted (no roster) stay as asked.
    let mut counted = Meeting::start(protocol(PLAIN), &Rounds::count(3), t0());
    let fx = arrive(&mut counted, "Dana", &["Dana"], at(0, 30));
    assert_eq!((fx.save, fx.notice), (false, None));
    assert_eq!(counted.steps.len(), 4);
    // An ended meeting changes no more.
    m.update(Command::End, at(1, 0));
    let fx = arrive(&mut m, "Dana", &["Ana", "Ben", "Chen", "Dana"], at(1, 10));
    assert_eq!((fx.save, fx.notice), (false, None));
    let fx = leave(&mut m, "Ben", at(1, 20));
    assert_eq!((fx.save, fx.notice), (false, None));
    assert_eq!(m.steps.len(), 4);
}

#[test]
fn a_role_s_rounds_take_only_its_holders() {
    const ROLE: &str = r#"
id: r
name: R
summary: s
roles:
  - {id: presenter, name: Presenter}
phases:
  - {name: Open, minutes: 2}
  - name: Cases
    repeat: each
    round:
      who: presenter
      turns:
        - {name: Present, speaker: round_person, minutes: 5}
        - {name: Respond, speaker: others, minutes: 1, each: true}
"#;
    let roles = vec![
        RoleAssignment {
            role: "presenter".into(),
            person: "Ana".into(),
        },
        RoleAssignment {
            role: "presenter".into(),
            person: "Ben".into(),
        },
    ];
    let mut m = Meeting::start(
        protocol(ROLE),
        &Rounds {
            roles: roles.clone(),
            ..Rounds::for_people(names(&["Ana", "Ben", "Chen"]))
        },
        t0(),
    );
    // Two presenters' rounds, each answered by the two others.
    assert_eq!(m.steps.len(), 1 + 2 * 3);
    let fx = m.update(
        Command::Arrived {
            person: "Dana".into(),
            room: Room {
                people: names(&["Ana", "Ben", "Chen", "Dana"]),
                roles: roles.clone(),
            },
        },
        at(0, 30),
    );
    // No round of her own, but a response in each presenter's round.
    assert_eq!(fx.notice.as_deref(), Some("+2 min: Dana's turns (Cases)"));
    assert!(fx.save);
    assert_eq!(m.steps.len(), 1 + 2 * 4);
    assert_eq!(
        m.step_label(&m.steps[4]),
        "Cases (Round 1 of 2: Ana · Respond 3 of 3: Dana)"
    );
    assert_eq!(m.planned_end, at(2 + 2 * 8, 0));
}

#[test]
fn the_rounds_that_move_are_those_waiting_now_or_next() {
    let mut m = go_round();
    // From the opening, the next phase's rounds.
    assert_eq!(m.movable_rounds(), vec![1..2, 2..3, 3..4]);
    m.update(Command::Next, at(5, 0));
    assert_eq!(m.movable_rounds(), vec![2..3, 3..4]);
    m.update(Command::Next, at(7, 0));
    // One round waiting has nothing to swap with.
    assert!(m.movable_rounds().is_empty());
    let fx = m.update(Command::MoveRound { step: 3, by: -1 }, at(7, 10));
    assert_eq!(
        (fx.save, fx.notice.as_deref()),
        (false, Some("Already the first round waiting"))
    );
    let fx = m.update(Command::MoveRound { step: 99, by: 1 }, at(7, 20));
    assert_eq!(
        (fx.save, fx.notice.as_deref()),
        (false, Some("No such round"))
    );
}

#[test]
fn in_circles_someone_back_after_their_round_gets_no_second_one() {
    let mut m = final_word();
    m.update(Command::Next, at(10, 0));
    // Ana's round is under way; she steps out and comes back.
    leave(&mut m, "Ana", at(11, 0));
    let steps = m.steps.len();
    assert_eq!(
        m.steps[6].round.as_ref().unwrap().circles[0].members,
        names(&["Ben", "Chen", "Dana"])
    );
    let fx = arrive(&mut m, "Ana", &NINE, at(12, 0));
    assert!(fx.save);
    assert_eq!(
        fx.notice.as_deref(),
        Some("Ana is back in their circle (Rounds)")
    );
    assert_eq!(m.steps.len(), steps);
    // In the rounds not begun she is a member, and responds, again.
    let ben = &m.steps[6].round.as_ref().unwrap().circles[0];
    assert_eq!(ben.members, names(&["Ben", "Chen", "Dana", "Ana"]));
    let holders: Vec<_> = m.steps[6..11]
        .iter()
        .map(|s| s.round.as_ref().unwrap().circles[0].holder.clone())
        .collect();
    assert_eq!(holders, some(&["Ben", "Chen", "Dana", "Ana", "Ben"]));
    let fx = arrive(&mut m, "Ana", &NINE, at(12, 5));
    assert_eq!((fx.save, fx.notice), (false, None));
    // Ben, whose round had not begun, gets one again: circle 1 lost him
    // and is the smaller, so he takes its free fourth round.
    leave(&mut m, "Ben", at(12, 10));
    assert_eq!(circle_people(&m)[3], some(&["", "Ivy"]));
    let fx = arrive(&mut m, "Ben", &NINE, at(12, 20));
    assert!(fx.save);
    assert_eq!(circle_people(&m)[3], some(&["Ben", "Ivy"]));
    assert_eq!(m.planned_end, at(10 + 4 * 7 + 5, 0));
}

/// What stays of a step whatever happens around it once it was entered:
/// its phase, whose round, which turn and who held it, and the circles' people.
fn identity(m: &Meeting, i: usize) -> String {
    let s = &m.steps[i];
    let r = s.round.as_ref();
    format!(
        "{} {:?} {:?} {:?}",
        s.phase,
        r.and_then(|r| r.person.clone()),
        r.and_then(|r| r.turn.as_ref().map(|t| (t.index, t.holder.clone()))),
        r.map(|r| r
            .circles
            .iter()
            .map(|c| c.person.clone())
            .collect::<Vec<_>>())
    )
}

fn check_invariants(m: &Meeting, written: &[(usize, String)]) {
    use crate::protocol::Repeat;
    assert!(m.steps.len() <= crate::protocol::model::MAX_STEPS);
    let total: TimeDelta = m.steps.iter().map(|s| s.original).sum();
    assert_eq!(m.planned_end, m.started_at + total, "planned end");
    let entered = |i: usize| m.steps.get(i).is_some_and(|s| s.first_entered.is_some());
    assert!(entered(m.current), "current {}", m.current);
    assert!(m.notes.iter().all(|n| entered(n.step)));
    assert!(m.removed_notes.iter().all(|n| entered(n.step)));
    assert!(m.pauses.iter().all(|p| entered(p.step)));
    assert!(m.adjustments.iter().all(|a| entered(a.step)));
    // Every note is still in the step it was written in.
    for (n, (_, id)) in m.notes.iter().zip(written) {
        assert_eq!(&identity(m, n.step), id, "note {:?}", n.text);
    }
    // A circle's round person and turn holder sit in that circle.
    for s in &m.steps {
        for c in s.round.iter().flat_map(|r| &r.circles) {
            for p in c.person.iter().chain(&c.holder) {
                assert!(c.members.contains(p), "{p} not in {:?}", c.members);
            }
        }
    }
    // Each phase of rounds counts its rounds 1..=n, in order, "of n", and
    // nobody has two rounds in one phase.
    for span in m.phase_spans() {
        if m.protocol.phases[span.phase].repeat != Some(Repeat::Each) {
            continue;
        }
        let blocks = m.blocks_from(span.first);
        let mut whose: Vec<&String> = blocks
            .iter()
            .filter_map(|b| m.steps[b.start].round.as_ref())
            .flat_map(|r| {
                r.person
                    .iter()
                    .chain(r.circles.iter().filter_map(|c| c.person.as_ref()))
            })
            .collect();
        let all = whose.len();
        whose.sort();
        whose.dedup();
        assert_eq!(whose.len(), all, "a second round in {}", span.phase);
        for (k, b) in blocks.iter().enumerate() {
            for s in &m.steps[b.clone()] {
                let r = s.round.as_ref().unwrap();
                assert_eq!((r.number, r.of), (k + 1, blocks.len()));
                if let Some(t) = &r.turn {
                    assert!(t.number >= 1 && t.number <= t.of, "{t:?}");
                }
            }
        }
    }
}

/// A small deterministic generator, so a failure can be run again.
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn any_mix_of_arrivals_leavers_moves_and_steps_keeps_every_index_and_resumes() {
    use crate::record::format::SessionRecord;
    let pool = [
        "Ana", "Ben", "Chen", "Dana", "Eve", "Gus", "Hal", "Ivy", "Jo", "Kim",
    ];
    // Final Word with seven people runs one circle; with nine, two.
    let seven = &NINE[..7];
    for (yaml, seed, people) in [
        (GO_ROUND, 1u64, seven),
        (TURNS, 2, seven),
        (FINAL_WORD, 3, seven),
        (GO_ROUND, 4, seven),
        (FINAL_WORD, 5, &NINE[..]),
        (FINAL_WORD, 6, &NINE[..]),
        // Someone moves up, in a circle, into a round that was behind the
        // current step when a newcomer joined the circle.
        (FINAL_WORD, 26, &NINE[..]),
    ] {
        let mut state = seed;
        let mut here: Vec<String> = names(people);
        let mut m = Meeting::start(
            protocol(yaml),
            &Rounds {
                roles: fac(),
                ..Rounds::for_people(here.clone())
            },
            t0(),
        );
        let mut written: Vec<(usize, String)> = Vec::new();
        // How many arrivals, leavers and moves changed the steps.
        let mut changed = [0usize; 3];
        for k in 0..400i64 {
            let now = t0() + TimeDelta::seconds(20 * (k + 1));
            let len = m.steps.len() as u64;
            match next(&mut state) % 12 {
                0 => {
                    m.update(Command::Next, now);
                }
                1 => {
                    m.update(Command::Previous, now);
                }
                2 => {
                    let to = (next(&mut state) % len) as usize;
                    m.update(Command::Goto(to), now);
                }
                3 => {
                    m.update(
                        Command::AddNote {
                            kind: "note".into(),
                            text: format!("n{k}"),
                        },
                        now,
                    );
                    written.push((m.current, identity(&m, m.current)));
                }
                4 => {
                    m.update(Command::TogglePause, now);
                }
                5 => {
                    m.update(Command::AddMinute, now);
                }
                6 => {
                    m.update(Command::Rebalance, now);
                }
                7 | 8 => {
                    let who = pool[(next(&mut state) % pool.len() as u64) as usize].to_string();
                    if !here.contains(&who) {
                        here.push(who.clone());
                    }
                    let fx = m.update(
                        Command::Arrived {
                            person: who,
                            room: Room {
                                people: here.clone(),
                                roles: fac(),
                            },
                        },
                        now,
                    );
                    changed[0] += usize::from(fx.save);
                }
                9 | 10 => {
                    let who = pool[(next(&mut state) % pool.len() as u64) as usize].to_string();
                    here.retain(|p| *p != who);
                    let fx = m.update(
                        Command::Left {
                            person: who,
                            roles: fac(),
                        },
                        now,
                    );
                    changed[1] += usize::from(fx.save);
                }
                _ => {
                    // Mostly a round that can move, sometimes any step.
                    let movable = m.movable_rounds();
                    let step = match next(&mut state) % 4 {
                        0 => (next(&mut state) % len) as usize,
                        _ if movable.is_empty() => (next(&mut state) % len) as usize,
                        _ => movable[(next(&mut state) % movable.len() as u64) as usize].start,
                    };
                    let by = [-2, -1, 1, 2][(next(&mut state) % 4) as usize];
                    let fx = m.update(Command::MoveRound { step, by }, now);
                    changed[2] += usize::from(fx.save);
                }
            }
            if next(&mut state).is_multiple_of(9) && !m.notes.is_empty() {
                let index = (next(&mut state) % m.notes.len() as u64) as usize;
                m.update(Command::RemoveNote { index }, now);
                written.remove(index);
            }
            check_invariants(&m, &written);
        }
        eprintln!("seed {seed}: {changed:?} changes, {} steps", m.steps.len());
        // Rounds in circles run side by side and do not move.
        let split = people.len() == 9;
        assert!(
            changed[0] > 0 && changed[1] > 0 && (changed[2] > 0) != split,
            "seed {seed}: {changed:?}"
        );
        let saved = t0() + TimeDelta::hours(3);
        let rec = SessionRecord::in_progress(&m, saved, FixedOffset::east_opt(0).unwrap());
        let back = crate::record::parse(&crate::record::store::to_yaml(&rec).unwrap()).unwrap();
        let resumed = back.to_meeting(protocol(yaml), saved).unwrap();
        assert_eq!(labels(&resumed), labels(&m), "seed {seed}");
        assert_eq!(resumed.planned_end, m.planned_end, "seed {seed}");
        assert_eq!(resumed.notes, m.notes, "seed {seed}");
    }
}
