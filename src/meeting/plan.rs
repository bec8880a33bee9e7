//! Turning a protocol into the steps of one meeting: each phase once, or
//! once per round for repeated phases; a round with timed turns is one step
//! per turn, and a room split into circles runs its rounds side by side,
//! timed for the largest circle.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use crate::meeting::session::RoleAssignment;
use crate::protocol::model::{
    EVERYONE, MAX_STEPS, OTHERS, Order, ROUND_PERSON, RoundWho, Turn, circle_sizes,
};
use crate::protocol::{Phase, Protocol, Repeat};

/// One round of a repeated phase (or one turn of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    /// 1-based, as the room reads it: "Round 2 of 6".
    pub number: usize,
    pub of: usize,
    /// Whose round it is, when rounds come from the people present. With
    /// several circles each circle has its own (see `circles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// The timed turn this step is, when the round has turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<TurnStep>,
    /// The circles running at once, when the room is split (two or more).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub circles: Vec<Circle>,
    /// The round's person passed: this step did not happen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub passed: bool,
}

/// Which turn of a round a step is, and who holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnStep {
    pub name: String,
    /// Index into the phase's `round.turns`.
    pub index: usize,
    /// For a turn taken by each other person in turn: which one (1-based) of how many.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub number: usize,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub of: usize,
    /// The person holding the turn, when it is one person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

/// One circle of a split room, as it stands at a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Circle {
    pub members: Vec<String>,
    /// Whose round it is in this circle; none once the circle has had all its rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Who holds the turn in this circle, when it is one person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

fn one() -> usize {
    1
}

fn is_one(v: &usize) -> bool {
    *v == 1
}

impl Round {
    /// "Round 2 of 6: Ben", with the turn when there is one:
    /// "Round 2 of 4: Ben · Respond 2 of 3: Chen".
    pub fn label(&self) -> String {
        let mut out = match &self.person {
            Some(p) => format!("Round {} of {}: {p}", self.number, self.of),
            None => format!("Round {} of {}", self.number, self.of),
        };
        if let Some(t) = &self.turn {
            out.push_str(" · ");
            out.push_str(&t.label());
            if let Some(h) = &t.holder {
                out.push_str(": ");
                out.push_str(h);
            }
        }
        if self.passed {
            out.push_str(" (passed)");
        }
        out
    }
}

impl TurnStep {
    /// "Respond 2 of 3", or the turn's name.
    pub fn label(&self) -> String {
        if self.of > 1 {
            format!("{} {} of {}", self.name, self.number, self.of)
        } else {
            self.name.clone()
        }
    }
}

/// Who is in the room and what setup decided; rounds, circles and turns
/// follow it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rounds {
    /// Names of the people present, in order; may be empty.
    pub people: Vec<String>,
    /// Round count when there is no roster (the facilitator was asked).
    pub count: Option<usize>,
    /// Who holds which role: `who: participants` leaves the facilitator
    /// out, `who: ROLE` takes the role's holders, a turn of a role names them.
    pub roles: Vec<RoleAssignment>,
    /// The seed `order: shuffle` shuffles with; the shell picks it, the record keeps it.
    pub seed: u64,
    /// Optional phases the facilitator left out (indexes into the phases).
    pub left_out: Vec<usize>,
}

impl Rounds {
    pub fn for_people(people: Vec<String>) -> Rounds {
        Rounds {
            people,
            ..Rounds::default()
        }
    }

    pub fn count(n: usize) -> Rounds {
        Rounds {
            count: Some(n),
            ..Rounds::default()
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

    fn holder_of(&self, role: &str) -> Option<String> {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.person.clone())
    }

    /// The people whose rounds a phase runs, in roster order (names, or
    /// as many unnamed seats as the asked-for count).
    pub(crate) fn whose(&self, who: &RoundWho, has_facilitator: bool) -> Vec<Option<String>> {
        if self.people.is_empty() {
            // Counted as the checker counts them: a facilitator among the
            // people counted has no round of their own.
            return match who {
                RoundWho::Role(_) => vec![None],
                RoundWho::Participants if has_facilitator => {
                    vec![None; self.each().saturating_sub(1).max(1)]
                }
                _ => vec![None; self.each()],
            };
        }
        let names: Vec<String> = match who {
            RoundWho::Present => self.people.clone(),
            RoundWho::Participants => {
                let fac = self.holder_of(crate::protocol::model::FACILITATOR);
                self.people
                    .iter()
                    .filter(|p| Some(*p) != fac.as_ref())
                    .cloned()
                    .collect()
            }
            RoundWho::Role(id) => self
                .roles
                .iter()
                .filter(|r| r.role == *id)
                .map(|r| r.person.clone())
                .collect(),
        };
        if names.is_empty() {
            vec![None]
        } else {
            names.into_iter().map(Some).collect()
        }
    }
}

/// A small, seeded generator (SplitMix64): the same seed gives the same
/// order, so a shuffled meeting can be planned again from its record.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Shuffles `items` with `seed` (Fisher–Yates).
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..items.len()).rev() {
        let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// A planned step: a phase, or one round (or turn) of it.
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
     (each phase is a step, each round of a repeated phase one more, and each timed turn of a round one more). \
     Run it with fewer people, or shorten the protocol (fewer phases or rounds) \
     and check it with `plg check`",
    if *people == 1 { "person" } else { "people" }
)]
pub struct TooManySteps {
    pub steps: usize,
    /// The people the rounds of `repeat: each` phases were counted for.
    pub people: usize,
}

/// How a phase runs for the people in the room: its rounds, and the
/// circles the room splits into (one circle when it does not split).
struct Shape {
    rounds: usize,
    /// Whose rounds, per circle, in order: a name, or an unnamed seat when
    /// there is no roster. Also the circle's members, unless `room` says.
    circles: Vec<Vec<Option<String>>>,
    /// The one circle's members when they are not whose rounds these are:
    /// the rounds of a role's holder (`who: presenter`) are heard by everyone.
    room: Option<Vec<Option<String>>>,
}

impl Shape {
    fn largest(&self) -> usize {
        match &self.room {
            Some(room) => room.len(),
            None => self.circles.iter().map(Vec::len).max().unwrap_or(0),
        }
    }

    /// Steps one round takes: one, or one per turn (a turn each other
    /// person takes counts once per other person in the largest circle).
    fn per_round(&self, phase: &Phase) -> usize {
        match &phase.round {
            Some(spec) if !spec.turns.is_empty() => spec
                .turns
                .iter()
                .map(|t| self.turn_count(t))
                .fold(0usize, usize::saturating_add),
            _ => 1,
        }
    }

    fn turn_count(&self, turn: &Turn) -> usize {
        turn_count(turn, self.largest())
    }
}

fn shape(protocol: &Protocol, phase: &Phase, index: usize, rounds: &Rounds) -> Option<Shape> {
    let spec = phase.round.clone().unwrap_or_default();
    let has_facilitator = protocol
        .roles
        .iter()
        .any(|r| r.id == crate::protocol::model::FACILITATOR);
    let whose = || rounds.whose(&spec.who, has_facilitator);
    match phase.repeat {
        None if spec.turns.is_empty() => None,
        None => Some(Shape {
            rounds: 1,
            circles: vec![whose()],
            room: None,
        }),
        Some(Repeat::Times(n)) => Some(Shape {
            rounds: usize::try_from(n).unwrap_or(usize::MAX),
            circles: vec![whose()],
            room: None,
        }),
        Some(Repeat::Each) if matches!(spec.who, RoundWho::Role(_)) => {
            // A role's holder (or holders) take the rounds; the whole room
            // is the circle that answers them.
            let holders = whose();
            let room: Vec<Option<String>> = if rounds.people.is_empty() {
                vec![None; rounds.each()]
            } else {
                rounds.people.iter().cloned().map(Some).collect()
            };
            Some(Shape {
                rounds: holders.len().max(1),
                circles: vec![holders],
                room: Some(room),
            })
        }
        Some(Repeat::Each) => {
            let mut seats = whose();
            if spec.order == Order::Shuffle {
                // Each phase its own order, all from the one seed.
                shuffle(
                    &mut seats,
                    rounds.seed ^ (index as u64).wrapping_mul(0x2545_F491),
                );
            }
            // Circles as the checker counts them (`circle_sizes`); one
            // circle of everyone without `circles`.
            let sizes = match spec.circles {
                Some(about) => circle_sizes(seats.len(), about),
                None => vec![seats.len()],
            };
            let mut circles = Vec::new();
            let mut rest = seats.into_iter();
            for size in sizes {
                circles.push(rest.by_ref().take(size).collect::<Vec<_>>());
            }
            let largest = circles.iter().map(Vec::len).max().unwrap_or(1).max(1);
            Some(Shape {
                rounds: largest,
                circles,
                room: None,
            })
        }
    }
}

/// How many steps a meeting expands to for these people, turns and
/// circles included, counted without building them.
pub fn step_count(protocol: &Protocol, rounds: &Rounds) -> usize {
    protocol
        .phases
        .iter()
        .enumerate()
        .filter(|(i, _)| !rounds.left_out.contains(i))
        .map(|(i, p)| match shape(protocol, p, i, rounds) {
            None => 1,
            Some(s) => s.rounds.saturating_mul(s.per_round(p)),
        })
        .fold(0usize, usize::saturating_add)
}

/// Expands phases into steps. `repeat: each` uses the people present (one
/// round each, labelled with their name) or the asked-for count. Refuses,
/// before allocating anything, a meeting of more than [`MAX_STEPS`] steps.
pub fn plan(protocol: &Protocol, rounds: &Rounds) -> Result<Vec<PlannedStep>, TooManySteps> {
    let count = step_count(protocol, rounds);
    if count > MAX_STEPS {
        return Err(TooManySteps {
            steps: count,
            people: rounds.each(),
        });
    }
    Ok(expand(protocol, rounds, MAX_STEPS))
}

/// The first [`MAX_STEPS`] steps of a meeting, whatever the protocol asks
/// for: for callers that cannot refuse (see [`crate::meeting::Meeting::start`]).
pub fn plan_within_cap(protocol: &Protocol, rounds: &Rounds) -> Vec<PlannedStep> {
    expand(protocol, rounds, MAX_STEPS)
}

fn seconds(minutes: f64) -> TimeDelta {
    // The checker bounds minutes; the cast saturates and maps NaN to 0.
    let secs = (minutes * 60.0).round() as i64;
    TimeDelta::try_seconds(secs.max(0)).unwrap_or(TimeDelta::MAX)
}

/// Who holds a turn in one circle.
pub(crate) fn holder(
    turn: &Turn,
    person: Option<&String>,
    others: &[String],
    j: usize,
    rounds: &Rounds,
) -> Option<String> {
    match turn.speaker.as_str() {
        ROUND_PERSON => person.cloned(),
        OTHERS if turn.each => others.get(j).cloned(),
        OTHERS | EVERYONE => None,
        role => rounds.holder_of(role),
    }
}

/// The steps, at most `cap` of them.
fn expand(protocol: &Protocol, rounds: &Rounds, cap: usize) -> Vec<PlannedStep> {
    let mut out: Vec<PlannedStep> = Vec::new();
    for (i, phase) in protocol.phases.iter().enumerate() {
        if out.len() >= cap {
            break;
        }
        if rounds.left_out.contains(&i) {
            continue;
        }
        let Some(shape) = shape(protocol, phase, i, rounds) else {
            out.push(PlannedStep {
                phase: i,
                round: None,
                planned: seconds(phase.minutes),
            });
            continue;
        };
        let turns = phase
            .round
            .as_ref()
            .map(|r| r.turns.as_slice())
            .unwrap_or_default();
        let split = shape.circles.len() > 1;
        let each_round = phase.repeat == Some(Repeat::Each);
        for r in 0..shape.rounds {
            if out.len() >= cap {
                break;
            }
            // Each circle's person this round, and the others in the
            // circle, starting with the one after them.
            let per_circle: Vec<(Vec<String>, Option<String>, Vec<String>)> = shape
                .circles
                .iter()
                .map(|whose| {
                    let seats = shape.room.as_ref().unwrap_or(whose);
                    let members: Vec<String> = seats.iter().flatten().cloned().collect();
                    let person = if each_round {
                        whose.get(r).cloned().flatten()
                    } else {
                        None
                    };
                    let others: Vec<String> = if !each_round {
                        members.clone()
                    } else if r < whose.len() {
                        // The others in circle order, starting after the person.
                        let at = seats
                            .iter()
                            .position(|m| m.is_some() && *m == whose[r])
                            .unwrap_or(r);
                        (1..seats.len())
                            .filter_map(|k| seats[(at + k) % seats.len()].clone())
                            .filter(|m| Some(m) != person.as_ref())
                            .collect()
                    } else {
                        Vec::new()
                    };
                    (members, person, others)
                })
                .collect();
            let room = cap.saturating_sub(out.len());
            out.extend(round_steps(
                RoundPlan {
                    phase: i,
                    turns,
                    per_circle: &per_circle,
                    split,
                    number: r + 1,
                    of: shape.rounds,
                    largest: shape.largest(),
                    rounds,
                    minutes: phase.minutes,
                },
                room,
            ));
        }
    }
    out.truncate(cap);
    out
}

/// One round to plan: its phase, the circles as (members, whose round it
/// is, the others in circle order starting after them), and how it is
/// counted.
pub(crate) struct RoundPlan<'a> {
    pub phase: usize,
    pub turns: &'a [Turn],
    pub per_circle: &'a [(Vec<String>, Option<String>, Vec<String>)],
    /// The room is split into circles (two or more).
    pub split: bool,
    pub number: usize,
    pub of: usize,
    /// The people the round is timed for: an `each` turn is one step per
    /// other person among them.
    pub largest: usize,
    /// Who holds which role, for turns a role takes.
    pub rounds: &'a Rounds,
    /// The phase's minutes, for a round without turns.
    pub minutes: f64,
}

/// The steps of one round, at most `room` of them: one, or one per turn.
pub(crate) fn round_steps(r: RoundPlan<'_>, room: usize) -> Vec<PlannedStep> {
    let mut out = Vec::new();
    let per_circle = r.per_circle;
    let base = |holders: &[Option<String>]| Round {
        number: r.number,
        of: r.of,
        person: if r.split {
            None
        } else {
            per_circle.first().and_then(|c| c.1.clone())
        },
        turn: None,
        circles: if r.split {
            per_circle
                .iter()
                .zip(holders)
                .map(|((members, person, _), h)| Circle {
                    members: members.clone(),
                    person: person.clone(),
                    holder: h.clone(),
                })
                .collect()
        } else {
            Vec::new()
        },
        passed: false,
    };
    if room == 0 {
        return out;
    }
    if r.turns.is_empty() {
        out.push(PlannedStep {
            phase: r.phase,
            round: Some(base(&vec![None; per_circle.len()])),
            planned: seconds(r.minutes),
        });
        return out;
    }
    for (ti, turn) in r.turns.iter().enumerate() {
        let k = turn_count(turn, r.largest);
        for j in 0..k {
            if out.len() >= room {
                return out;
            }
            let holders: Vec<Option<String>> = per_circle
                .iter()
                .map(|(_, person, others)| holder(turn, person.as_ref(), others, j, r.rounds))
                .collect();
            let mut round = base(&holders);
            round.turn = Some(TurnStep {
                name: turn.name.clone(),
                index: ti,
                number: j + 1,
                of: k,
                holder: if r.split {
                    None
                } else {
                    holders.first().cloned().flatten()
                },
            });
            out.push(PlannedStep {
                phase: r.phase,
                round: Some(round),
                planned: seconds(turn.minutes),
            });
        }
    }
    out
}

/// Steps a turn takes in one round: one, or one per other person when
/// each takes it.
pub(crate) fn turn_count(turn: &Turn, largest: usize) -> usize {
    if turn.each {
        largest.saturating_sub(1)
    } else {
        1
    }
}

/// The others of a circle in circle order, starting after `person`.
pub(crate) fn others_after(seats: &[String], person: &str) -> Vec<String> {
    let Some(at) = seats.iter().position(|m| m == person) else {
        return seats.to_vec();
    };
    (1..seats.len())
        .map(|k| seats[(at + k) % seats.len()].clone())
        .filter(|m| m != person)
        .collect()
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
