//! Turning a protocol into the steps of one meeting: each phase once, or
//! once per round for repeated phases.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::protocol::model::MAX_STEPS;
use crate::protocol::{Protocol, Repeat};

/// One round of a repeated phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// 1-based, as the room reads it: "Round 2 of 6".
    pub number: usize,
    pub of: usize,
    /// Whose round it is, when rounds come from the people present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

impl Round {
    pub fn label(&self) -> String {
        match &self.person {
            Some(p) => format!("Round {} of {}: {p}", self.number, self.of),
            None => format!("Round {} of {}", self.number, self.of),
        }
    }
}

/// How many people are in the room and who they are; rounds of `repeat: each`
/// phases follow it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rounds {
    /// Names of the people present, in order; may be empty.
    pub people: Vec<String>,
    /// Round count when there is no roster (the facilitator was asked).
    pub count: Option<usize>,
}

impl Rounds {
    pub fn for_people(people: Vec<String>) -> Rounds {
        Rounds {
            people,
            count: None,
        }
    }

    pub fn count(n: usize) -> Rounds {
        Rounds {
            people: Vec::new(),
            count: Some(n),
        }
    }

    /// How many rounds a `repeat: each` phase runs.
    pub fn each(&self) -> usize {
        if self.people.is_empty() {
            self.count.unwrap_or(1).max(1)
        } else {
            self.people.len()
        }
    }
}

/// A planned step: a phase, or one round of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedStep {
    pub phase: usize,
    pub round: Option<Round>,
    pub planned: TimeDelta,
}

/// A meeting that would expand past [`MAX_STEPS`]; nothing was built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "this meeting would have {steps} steps with {people} {}; plg runs at most {MAX_STEPS} \
     (each phase is a step, and each round of a repeated phase one more). \
     Run it with fewer people, or shorten the protocol (fewer phases or rounds) \
     and check it with `plg check`",
    if *people == 1 { "person" } else { "people" }
)]
pub struct TooManySteps {
    pub steps: usize,
    /// The people the rounds of `repeat: each` phases were counted for.
    pub people: usize,
}

/// Expands phases into steps. `repeat: each` uses the people present (one
/// round each, labelled with their name) or the asked-for count. Refuses,
/// before allocating anything, a meeting of more than [`MAX_STEPS`] steps.
pub fn plan(protocol: &Protocol, rounds: &Rounds) -> Result<Vec<PlannedStep>, TooManySteps> {
    let people = rounds.each();
    let count = protocol.step_count(people);
    if count > MAX_STEPS {
        return Err(TooManySteps {
            steps: count,
            people,
        });
    }
    Ok(expand(protocol, rounds).collect())
}

/// The first [`MAX_STEPS`] steps of a meeting, whatever the protocol asks
/// for: for callers that cannot refuse (see [`crate::meeting::Meeting::start`]).
pub fn plan_within_cap(protocol: &Protocol, rounds: &Rounds) -> Vec<PlannedStep> {
    expand(protocol, rounds).take(MAX_STEPS).collect()
}

/// The steps one by one, built only as they are taken.
fn expand<'a>(
    protocol: &'a Protocol,
    rounds: &'a Rounds,
) -> impl Iterator<Item = PlannedStep> + 'a {
    let people = rounds.each();
    protocol
        .phases
        .iter()
        .enumerate()
        .flat_map(move |(i, phase)| {
            let secs = i64::try_from(phase.round_secs()).unwrap_or(i64::MAX);
            let planned = TimeDelta::try_seconds(secs).unwrap_or(TimeDelta::MAX);
            let n = phase.rounds(people);
            (1..=n).map(move |k| PlannedStep {
                phase: i,
                round: match phase.repeat {
                    None => None,
                    Some(Repeat::Times(_)) => Some(Round {
                        number: k,
                        of: n,
                        person: None,
                    }),
                    Some(Repeat::Each) => Some(Round {
                        number: k,
                        of: n,
                        person: rounds.people.get(k - 1).cloned(),
                    }),
                },
                planned,
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::check;

    const SRC: &str = "id: r\nname: R\nsummary: s\nphases:\n  - {name: Open, minutes: 2}\n  - {name: Pairs, minutes: 3, repeat: 2}\n  - {name: Final word, minutes: 4, repeat: each}\n";

    #[test]
    fn repeated_phases_become_labelled_rounds() {
        let p = check(SRC).value.unwrap();
        let steps = plan(
            &p,
            &Rounds::for_people(vec!["Ana".into(), "Ben".into(), "Chen".into()]),
        )
        .unwrap();
        assert_eq!(steps.len(), 1 + 2 + 3);
        assert_eq!(steps[2].round.as_ref().unwrap().label(), "Round 2 of 2");
        assert_eq!(
            steps[5].round.as_ref().unwrap().label(),
            "Round 3 of 3: Chen"
        );
        assert_eq!(steps[5].planned, TimeDelta::minutes(4));
    }

    #[test]
    fn without_a_roster_the_asked_count_is_used() {
        let p = check(SRC).value.unwrap();
        assert_eq!(plan(&p, &Rounds::count(6)).unwrap().len(), 1 + 2 + 6);
        // Nobody told us: one round rather than none, so the phase is not skipped.
        assert_eq!(plan(&p, &Rounds::default()).unwrap().len(), 1 + 2 + 1);
    }

    #[test]
    fn a_meeting_past_the_step_cap_is_refused_with_the_count_and_the_cap() {
        let p = check(SRC).value.unwrap();
        // 1 + 2 + 497 = 500: exactly the cap still runs.
        assert_eq!(plan(&p, &Rounds::count(497)).unwrap().len(), MAX_STEPS);
        let people: Vec<String> = (0..498).map(|i| format!("P{i}")).collect();
        let err = plan(&p, &Rounds::for_people(people)).unwrap_err();
        assert_eq!(
            err,
            TooManySteps {
                steps: 501,
                people: 498
            }
        );
        let message = err.to_string();
        assert!(message.contains("501 steps with 498 people"), "{message}");
        assert!(message.contains("at most 500"), "{message}");
    }
}
