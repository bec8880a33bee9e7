//! Turning a protocol into the steps of one meeting: each phase once, or
//! once per round for repeated phases.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

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

    fn each(&self) -> usize {
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

/// Expands phases into steps. `repeat: each` uses the people present (one
/// round each, labelled with their name) or the asked-for count.
pub fn plan(protocol: &Protocol, rounds: &Rounds) -> Vec<PlannedStep> {
    let mut steps = Vec::new();
    for (i, phase) in protocol.phases.iter().enumerate() {
        let planned = TimeDelta::seconds(phase.round_secs() as i64);
        match phase.repeat {
            None => steps.push(PlannedStep {
                phase: i,
                round: None,
                planned,
            }),
            Some(Repeat::Times(n)) => {
                let n = n as usize;
                steps.extend((1..=n).map(|k| PlannedStep {
                    phase: i,
                    round: Some(Round {
                        number: k,
                        of: n,
                        person: None,
                    }),
                    planned,
                }));
            }
            Some(Repeat::Each) => {
                let n = rounds.each();
                steps.extend((1..=n).map(|k| PlannedStep {
                    phase: i,
                    round: Some(Round {
                        number: k,
                        of: n,
                        person: rounds.people.get(k - 1).cloned(),
                    }),
                    planned,
                }));
            }
        }
    }
    steps
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
        );
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
        assert_eq!(plan(&p, &Rounds::count(6)).len(), 1 + 2 + 6);
        // Nobody told us: one round rather than none, so the phase is not skipped.
        assert_eq!(plan(&p, &Rounds::default()).len(), 1 + 2 + 1);
    }
}
