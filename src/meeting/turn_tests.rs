//! Rounds with whose they are, circles, timed turns, passes, order and
//! rebalancing that honours `protect` and `range`: meetings of an hour,
//! run in microseconds.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};

use super::floor::floor;
use super::session::RoleAssignment;
use super::*;
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

fn role(role: &str, person: &str) -> RoleAssignment {
    RoleAssignment {
        role: role.into(),
        person: person.into(),
    }
}

const FINAL_WORD: &str = r#"
id: fw
name: Final Word
summary: s
roles:
  - {id: facilitator, name: Facilitator}
  - {id: participants, name: Participants}
phases:
  - {name: Read, minutes: 10, mode: silent}
  - name: Rounds
    repeat: each
    round:
      who: participants
      circles: 5
      turns:
        - {name: Share, speaker: round_person, minutes: 3}
        - {name: Respond, speaker: others, minutes: 1, each: true, silent: [round_person]}
        - {name: Final word, speaker: round_person, minutes: 1, silent: [others]}
  - {name: Debrief, minutes: 5, protect: true}
"#;

fn nine() -> Rounds {
    let people: Vec<String> = [
        "Fay", "Ana", "Ben", "Chen", "Dana", "Eve", "Gus", "Hal", "Ivy",
    ]
    .map(String::from)
    .to_vec();
    Rounds {
        roles: vec![role("facilitator", "Fay")],
        ..Rounds::for_people(people)
    }
}

#[test]
fn circles_are_even_and_round_half_up() {
    // The checker's rule, which the plan follows.
    use crate::protocol::model::circle_sizes;
    assert_eq!(circle_sizes(8, 5), vec![4, 4]);
    assert_eq!(circle_sizes(11, 5), vec![6, 5]);
    assert_eq!(circle_sizes(4, 5), vec![4]);
}

#[test]
fn final_word_with_nine_present_runs_two_circles_of_four_turn_by_turn() {
    let p = protocol(FINAL_WORD);
    let m = Meeting::start(p.clone(), &nine(), t0());
    // Read, 4 rounds × (Share + 3 Respond + Final word), Debrief.
    assert_eq!(m.steps.len(), 1 + 4 * 5 + 1);
    assert_eq!(plan::step_count(&p, &nine()), m.steps.len());
    let planned: Vec<i64> = m.steps[1..6]
        .iter()
        .map(|s| s.planned.num_seconds())
        .collect();
    assert_eq!(planned, [180, 60, 60, 60, 60]);
    // Timed for the largest circle: 10 + 4 × 7 + 5 minutes.
    assert_eq!(m.planned_end, at(43, 0));

    let share = m.steps[1].round.as_ref().unwrap();
    assert_eq!(share.of, 4);
    assert_eq!(share.circles.len(), 2);
    assert_eq!(share.circles[0].members, ["Ana", "Ben", "Chen", "Dana"]);
    assert_eq!(share.circles[1].members, ["Eve", "Gus", "Hal", "Ivy"]);
    assert_eq!(share.circles[0].person.as_deref(), Some("Ana"));
    assert_eq!(share.circles[1].holder.as_deref(), Some("Eve"));
    assert!(
        !share.circles[0].members.contains(&"Fay".to_string()),
        "the facilitator has no round"
    );

    // Round 2, the second Respond: Ben's round, Dana responds (after Chen).
    let respond = m.steps[6 + 2].round.as_ref().unwrap();
    let turn = respond.turn.as_ref().unwrap();
    assert_eq!(
        (respond.number, turn.label()),
        (2, "Respond 2 of 3".to_string())
    );
    assert_eq!(respond.circles[0].person.as_deref(), Some("Ben"));
    assert_eq!(respond.circles[0].holder.as_deref(), Some("Dana"));
    assert_eq!(respond.circles[1].holder.as_deref(), Some("Ivy"));

    let f = floor(&m.protocol, &m.steps[8], &[role("facilitator", "Fay")]);
    assert_eq!(
        f.speaking.as_deref(),
        Some("In each circle, the next person responds")
    );
    assert_eq!(
        f.silent.as_deref(),
        Some("The round's person listens without answering")
    );
    assert_eq!(
        f.circles[0],
        "Circle 1: Ana, Ben, Chen, Dana · Ben's round · Dana has the turn"
    );
    let last = floor(&m.protocol, &m.steps[5], &[]);
    assert_eq!(
        last.silent.as_deref(),
        Some("The others listen without answering")
    );
}

#[test]
fn uneven_circles_say_the_smaller_may_finish_early() {
    let p = protocol(FINAL_WORD);
    let mut r = nine();
    r.people.push("Jo".into());
    r.people.push("Kim".into());
    r.people.push("Lu".into());
    // 11 participants: circles of 6 and 5; six rounds of 1 + 5 + 1 turns.
    let m = Meeting::start(p, &r, t0());
    assert_eq!(m.steps.len(), 1 + 6 * 7 + 1);
    let last_round = m.steps.len() - 2;
    let f = floor(&m.protocol, &m.steps[last_round], &[]);
    assert!(f.circles[1].ends_with("done"), "{:?}", f.circles);
    assert!(f.circles_note.unwrap().contains("may finish early"));
}

#[test]
fn one_circle_names_the_person_and_the_holder_in_the_label() {
    let p = protocol(FINAL_WORD);
    let r = Rounds {
        roles: vec![role("facilitator", "Fay")],
        ..Rounds::for_people(["Fay", "Ana", "Ben", "Chen"].map(String::from).to_vec())
    };
    let m = Meeting::start(p, &r, t0());
    assert_eq!(m.steps.len(), 1 + 3 * 4 + 1);
    assert_eq!(
        m.step_label(&m.steps[2]),
        "Rounds (Round 1 of 3: Ana · Respond 1 of 2: Ben)"
    );
    let f = floor(&m.protocol, &m.steps[2], &[]);
    assert_eq!(f.speaking.as_deref(), Some("Ben has the floor"));
    assert_eq!(f.silent.as_deref(), Some("Ana listens without answering"));
    assert!(f.circles.is_empty());
}

const SUCCESS: &str = r#"
id: sa
name: Success Analysis
summary: s
roles:
  - {id: facilitator, name: Facilitator}
  - {id: presenter, name: Presenter}
phases:
  - {name: Write, minutes: 10, range: [5, 10], mode: written}
  - name: Analysis
    repeat: each
    round:
      who: participants
      presents: true
      pass: true
      order: chosen
      turns:
        - {name: Describe, speaker: round_person, minutes: 3}
        - {name: Clarify, speaker: others, minutes: 2}
        - {name: Analyse, speaker: others, minutes: 5, silent: [round_person]}
  - {name: Debrief, minutes: 10, protect: true}
"#;

fn four() -> Rounds {
    Rounds {
        roles: vec![role("facilitator", "Fay")],
        ..Rounds::for_people(["Fay", "Ana", "Ben", "Chen"].map(String::from).to_vec())
    }
}

#[test]
fn a_success_analysis_round_has_three_parts_and_the_person_is_silent_in_the_analysis() {
    let m = Meeting::start(protocol(SUCCESS), &four(), t0());
    assert_eq!(m.steps.len(), 1 + 3 * 3 + 1);
    // 10 + 3 × 10 + 10: an hour is 50 minutes here.
    assert_eq!(m.planned_end, at(50, 0));
    let analyse = floor(&m.protocol, &m.steps[3], &[]);
    assert_eq!(
        analyse.speaking.as_deref(),
        Some("The others have the floor")
    );
    assert_eq!(
        analyse.silent.as_deref(),
        Some("Ana listens without answering")
    );
    let write = floor(&m.protocol, &m.steps[0], &[]);
    assert!(write.speaking.unwrap().contains("on paper"));
}

#[test]
fn a_pass_skips_the_rest_of_the_round_and_gives_its_time_back() {
    let mut m = Meeting::start(protocol(SUCCESS), &four(), t0());
    m.update(Command::Next, at(10, 0));
    let fx = m.update(Command::Pass, at(10, 30));
    assert_eq!(fx.notice.as_deref(), Some("Ana passed"));
    assert!(fx.save);
    assert_eq!(m.current, 4, "on to Ben's Describe");
    assert!((1..=3).all(|i| m.steps[i].round.as_ref().unwrap().passed));
    assert_eq!(m.steps[1].planned, TimeDelta::seconds(30));
    assert_eq!(m.steps[2].planned, TimeDelta::zero());
    // 9½ minutes of Ana's round come back.
    assert_eq!(m.drift(at(10, 30)), TimeDelta::seconds(-570));
    // Going back to a passed turn rings no bell.
    let fx = m.update(Command::Previous, at(10, 40));
    assert!(!fx.bell && m.steps[m.current].round.as_ref().unwrap().passed);
    m.update(Command::Next, at(10, 41));
    // Nobody passes outside the rounds.
    m.update(Command::Goto(0), at(11, 0));
    assert_eq!(
        m.update(Command::Pass, at(11, 0)).notice.as_deref(),
        Some("Nobody passes in this phase")
    );
}

#[test]
fn chosen_order_turns_the_waiting_rounds() {
    let mut m = Meeting::start(protocol(SUCCESS), &four(), t0());
    let person = |m: &Meeting, i: usize| m.steps[i].round.as_ref().unwrap().person.clone();
    assert_eq!(person(&m, 1).as_deref(), Some("Ana"));
    let fx = m.update(Command::ChooseNext, at(1, 0));
    assert_eq!(fx.notice.as_deref(), Some("Next round: Ben"));
    assert_eq!(person(&m, 1).as_deref(), Some("Ben"));
    assert_eq!(person(&m, 7).as_deref(), Some("Ana"));
    assert_eq!(m.steps[7].round.as_ref().unwrap().number, 3);
    m.update(Command::ChooseNext, at(1, 0));
    assert_eq!(person(&m, 1).as_deref(), Some("Chen"));
    // Chen's round runs; Ana and Ben wait, and the next goes to Ben.
    assert_eq!(person(&m, 4).as_deref(), Some("Ana"));
    m.update(Command::Next, at(10, 0));
    m.update(Command::ChooseNext, at(10, 10));
    assert_eq!(person(&m, 4).as_deref(), Some("Ben"));
    assert_eq!(person(&m, 1).as_deref(), Some("Chen"));
}

#[test]
fn shuffle_follows_the_seed() {
    let yaml = SUCCESS.replace("order: chosen", "order: shuffle");
    let p = protocol(&yaml);
    let people = ["Fay", "Ana", "Ben", "Chen", "Dana", "Eve", "Gus"]
        .map(String::from)
        .to_vec();
    let order = |seed: u64| {
        let r = Rounds {
            seed,
            ..Rounds::for_people(people.clone())
        };
        let m = Meeting::start(p.clone(), &r, t0());
        m.steps
            .iter()
            .filter(|s| {
                s.round
                    .as_ref()
                    .is_some_and(|r| r.turn.as_ref().unwrap().index == 0)
            })
            .map(|s| s.round.as_ref().unwrap().person.clone().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(order(7), order(7));
    let mut sorted = order(7);
    sorted.sort();
    let mut all = people.clone();
    all.sort();
    assert_eq!(sorted, all, "everyone once");
    assert!(
        (0..20).any(|s| order(s) != people),
        "some seed changes the order"
    );
}

#[test]
fn rebalance_leaves_protected_phases_alone_and_stops_at_the_published_range() {
    let yaml = r#"
id: t
name: T
summary: s
phases:
  - {name: Open, minutes: 10}
  - {name: Feedback, minutes: 15, range: [10, 20]}
  - {name: Discuss, minutes: 20}
  - {name: Debrief, minutes: 15, protect: true}
"#;
    let mut m = Meeting::start(protocol(yaml), &Rounds::default(), t0());
    assert_eq!(m.planned_end, at(60, 0));
    // Twenty minutes late out of the opening.
    m.update(Command::Next, at(30, 0));
    m.update(Command::Rebalance, at(30, 0));
    let plan: Vec<i64> = m.steps.iter().map(|s| s.planned.num_minutes()).collect();
    // Debrief keeps 15; Feedback (the current step) is not touched; Discuss shrinks.
    assert_eq!(plan, [10, 15, 1, 15]);
    assert_eq!(m.steps[3].planned, TimeDelta::minutes(15));
    assert_eq!(
        m.steps[2].planned,
        TimeDelta::minutes(1),
        "the budget left: 15 − 15 = 0, so the floor"
    );
    // From the opening, Feedback would stop at 10 minutes, not below.
    let mut m = Meeting::start(protocol(yaml), &Rounds::default(), t0());
    m.update(Command::AddMinute, at(0, 0));
    let fx = m.update(Command::Rebalance, at(25, 0));
    assert!(fx.notice.unwrap().starts_with("Rebalanced"));
    assert_eq!(m.steps[1].planned, TimeDelta::minutes(10));
    assert_eq!(m.steps[3].planned, TimeDelta::minutes(15));
    assert_eq!(m.projected_end(at(25, 0)), at(60, 0));
    // + and - may leave the range; the screen is told.
    m.update(Command::Next, at(25, 0));
    assert_eq!(m.outside_range(1), None);
    m.update(Command::RemoveMinute, at(25, 1));
    let r = m.outside_range(1).unwrap();
    assert_eq!((r.low, r.high), (10.0, 20.0));
}

#[test]
fn turns_count_toward_the_step_cap_before_anything_is_built() {
    let p = protocol(&FINAL_WORD.replace("circles: 5", "circles: 500"));
    let people: Vec<String> = (0..40).map(|i| format!("P{i}")).collect();
    // One circle of 40: 40 rounds of 1 + 39 + 1 turns.
    let err = Meeting::try_start(p, &Rounds::for_people(people), t0()).unwrap_err();
    assert_eq!(err.steps, 2 + 40 * 41);
}

#[test]
fn optional_phases_left_out_are_not_planned() {
    let r = Rounds {
        left_out: vec![0],
        ..four()
    };
    let m = Meeting::start(protocol(SUCCESS), &r, t0());
    assert_eq!(m.steps.len(), 3 * 3 + 1);
    assert_eq!(m.steps[0].phase, 1);
}

#[test]
fn the_floor_of_a_talk_phase_says_who_listens_as_plainly_as_who_speaks() {
    let yaml = r#"
id: tn
name: Tuning
summary: s
roles:
  - {id: presenter, name: Presenter}
  - {id: participants, name: Participants}
  - {id: facilitator, name: Facilitator}
phases:
  - {name: Feedback, minutes: 12, speaker: participants, silent: [presenter]}
  - {name: Examine, minutes: 10, mode: silent, speaker: everyone}
  - {name: Open, minutes: 5, speaker: [presenter, facilitator]}
  - {name: All, minutes: 5, speaker: everyone}
"#;
    let m = Meeting::start(protocol(yaml), &Rounds::default(), t0());
    let roles = [role("presenter", "Ana")];
    let f = floor(&m.protocol, &m.steps[0], &roles);
    assert_eq!(f.speaking.as_deref(), Some("Participants have the floor"));
    assert_eq!(
        f.silent.as_deref(),
        Some("Ana (Presenter) listens without answering")
    );
    let f = floor(&m.protocol, &m.steps[1], &roles);
    assert_eq!(
        f.speaking.as_deref(),
        Some("Nobody talks: read and look in silence")
    );
    let f = floor(&m.protocol, &m.steps[2], &roles);
    assert_eq!(
        f.speaking.as_deref(),
        Some("Ana (Presenter) and Facilitator have the floor")
    );
    let f = floor(&m.protocol, &m.steps[3], &roles);
    assert_eq!(f.speaking.as_deref(), Some("Everyone speaks"));
    let f = floor(&m.protocol, &m.steps[0], &[]);
    assert_eq!(
        f.silent.as_deref(),
        Some("Presenter listens without answering")
    );
}

#[test]
fn a_role_s_rounds_are_answered_by_the_whole_room_and_counts_leave_the_facilitator_out() {
    let yaml = r#"
id: c
name: C
summary: s
roles:
  - {id: facilitator, name: Facilitator}
  - {id: presenter, name: Presenter}
phases:
  - name: Hot seat
    repeat: each
    round:
      who: presenter
      turns:
        - {name: Present, speaker: round_person, minutes: 5}
        - {name: Ask, speaker: others, minutes: 1, each: true, silent: [round_person]}
"#;
    let r = Rounds {
        roles: vec![role("facilitator", "Fay"), role("presenter", "Ben")],
        ..Rounds::for_people(["Fay", "Ana", "Ben", "Chen"].map(String::from).to_vec())
    };
    let m = Meeting::start(protocol(yaml), &r, t0());
    // One round (Ben's): Present, then each of the other three asks.
    assert_eq!(m.steps.len(), 1 + 3);
    let holders: Vec<String> = m.steps[1..]
        .iter()
        .map(|s| {
            s.round
                .as_ref()
                .unwrap()
                .turn
                .as_ref()
                .unwrap()
                .holder
                .clone()
                .unwrap()
        })
        .collect();
    assert_eq!(holders, ["Chen", "Fay", "Ana"]);
    assert_eq!(
        m.steps[0].round.as_ref().unwrap().person.as_deref(),
        Some("Ben")
    );
    // Counted without a roster, participants leave the facilitator out, as `plg check` counts.
    let yaml = FINAL_WORD.replace("circles: 5", "circles: 8");
    let m = Meeting::start(protocol(&yaml), &Rounds::count(9), t0());
    assert_eq!(m.steps.len(), 1 + 8 * (1 + 7 + 1) + 1);
}

#[test]
fn the_plan_counts_steps_and_minutes_as_plg_check_and_plg_show_do() {
    let all: Vec<Protocol> = crate::protocol::BUILTIN
        .iter()
        .filter_map(|(_, src)| crate::protocol::check(src).value)
        .collect();
    assert!(all.len() >= 9);
    for p in all {
        for people in 1..=20 {
            let rounds = Rounds::count(people);
            let m = Meeting::start(p.clone(), &rounds, t0());
            assert_eq!(
                plan::step_count(&p, &rounds),
                p.step_count(people),
                "{} for {people}",
                p.id
            );
            assert_eq!(m.steps.len(), p.step_count(people), "{} for {people}", p.id);
            let total: i64 = m.steps.iter().map(|s| s.planned.num_seconds()).sum();
            assert_eq!(total as u64, p.total_secs(people), "{} for {people}", p.id);
        }
    }
}
