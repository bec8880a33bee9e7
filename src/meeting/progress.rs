//! How far along a meeting is, in the words the screens use: the state of
//! the clock, the phases as spans of steps for the timeline, labels of
//! steps, and whether the meeting will end on time. Pure, like the rest of
//! the core: every answer is computed from `now`.

use chrono::{DateTime, TimeDelta, Utc};

use super::{Meeting, Step};
use crate::protocol::Protocol;

/// How the clock should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    Running,
    LastMinute,
    Overtime,
    Paused,
}

impl ClockState {
    /// The word shown with the clock.
    pub fn label(self) -> &'static str {
        match self {
            ClockState::Running => "TIME LEFT",
            ClockState::LastMinute => "LAST MINUTE",
            ClockState::Overtime => "OVERTIME",
            ClockState::Paused => "PAUSED",
        }
    }
}

/// A phase as the timeline shows it: its steps from `first` to `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseSpan {
    pub phase: usize,
    pub first: usize,
    pub last: usize,
}

impl PhaseSpan {
    pub fn contains(&self, step: usize) -> bool {
        (self.first..=self.last).contains(&step)
    }
}

/// Where a meeting run from an agenda is: the item (counted from 1, of
/// `items`), and the phase inside it (from 1, of `phases`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemAt {
    pub number: usize,
    pub items: usize,
    pub name: String,
    pub phase: usize,
    pub phases: usize,
}

/// An agenda item as the timeline groups it: the spans of its phases that
/// run (left-out phases have none), and whether it takes a heading row (an
/// item of one phase named as the item is a row of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemGroup {
    pub item: usize,
    pub name: String,
    pub spans: Vec<PhaseSpan>,
    pub heading: bool,
}

impl Meeting {
    /// The agenda item the meeting is in; `None` for a protocol run alone.
    pub fn item_at(&self) -> Option<ItemAt> {
        let agenda = self.protocol.agenda.as_ref()?;
        let phase = self.step().phase;
        let item = self.protocol.item_of(phase);
        let span = self
            .protocol
            .items()
            .into_iter()
            .find(|i| i.index == item)?;
        Some(ItemAt {
            number: item + 1,
            items: agenda.items.len(),
            name: span.name,
            phase: phase.saturating_sub(span.phases.start) + 1,
            phases: span.phases.len(),
        })
    }

    /// Where the meeting is, for a one-line bar: the step's label, and in
    /// an agenda the item before it ("ITEM 2 OF 4 · Consultancy · Debrief",
    /// or "ITEM 4 OF 4 · Plus/delta" for an item of one phase).
    pub fn where_label(&self) -> String {
        let label = self.step_label(self.step());
        match self.item_at() {
            Some(i) if i.phases > 1 => {
                format!("ITEM {} OF {} · {} · {label}", i.number, i.items, i.name)
            }
            Some(i) => format!("ITEM {} OF {} · {label}", i.number, i.items),
            None => label,
        }
    }

    /// The phase spans grouped by agenda item, in order; one group without
    /// a heading for a protocol run alone. Items whose phases were all
    /// left out are not listed.
    pub fn item_groups(&self) -> Vec<ItemGroup> {
        let spans = self.phase_spans();
        if !self.protocol.is_agenda() {
            return vec![ItemGroup {
                item: 0,
                name: self.protocol.name.clone(),
                spans,
                heading: false,
            }];
        }
        self.protocol
            .items()
            .into_iter()
            .filter_map(|item| {
                let mine: Vec<PhaseSpan> = spans
                    .iter()
                    .filter(|sp| item.phases.contains(&sp.phase))
                    .copied()
                    .collect();
                let alone = match mine.as_slice() {
                    [only] => self
                        .protocol
                        .phases
                        .get(only.phase)
                        .is_some_and(|p| p.name == item.name),
                    _ => false,
                };
                (!mine.is_empty()).then_some(ItemGroup {
                    item: item.index,
                    name: item.name,
                    spans: mine,
                    heading: !alone,
                })
            })
            .collect()
    }

    /// Paused first (a paused overtime reads "paused"), then overtime, then the last minute.
    pub fn clock_state(&self, now: DateTime<Utc>) -> ClockState {
        if self.is_paused() {
            ClockState::Paused
        } else if self.is_overtime(now) {
            ClockState::Overtime
        } else if self.is_last_minute(now) {
            ClockState::LastMinute
        } else {
            ClockState::Running
        }
    }

    /// The phases in order, each with the steps (rounds) it expanded to.
    pub fn phase_spans(&self) -> Vec<PhaseSpan> {
        let mut spans: Vec<PhaseSpan> = Vec::new();
        for (i, s) in self.steps.iter().enumerate() {
            match spans.last_mut() {
                Some(last) if last.phase == s.phase => last.last = i,
                _ => spans.push(PhaseSpan {
                    phase: s.phase,
                    first: i,
                    last: i,
                }),
            }
        }
        spans
    }

    /// Planned time of the steps in `span`.
    pub fn planned_in(&self, span: PhaseSpan) -> TimeDelta {
        self.steps_in(span).iter().map(|st| st.planned).sum()
    }

    /// Running time spent in the steps of `span` (closed intervals only).
    pub fn spent_in(&self, span: PhaseSpan) -> TimeDelta {
        self.steps_in(span).iter().map(|st| st.spent).sum()
    }

    fn steps_in(&self, span: PhaseSpan) -> &[Step] {
        self.steps.get(span.first..=span.last).unwrap_or_default()
    }

    /// "Presentation", or "Rounds (Round 2 of 5: Ben)" for a round: as records name steps.
    pub fn step_label(&self, step: &Step) -> String {
        step_label(&self.protocol, step)
    }
}

/// How the projected end compares with the plan, to the nearest minute:
/// "on time" within a minute, else "3 min late" or "2 min early".
pub fn drift_label(drift: TimeDelta) -> String {
    match drift.num_seconds() {
        d if d.abs() < 60 => "on time".to_string(),
        d if d > 0 => format!("{} min late", crate::text::round_to_minutes(d)),
        d => format!(
            "{} min early",
            crate::text::round_to_minutes(d.saturating_neg())
        ),
    }
}

/// The phase name with its round, as notes and step lists show it.
pub fn step_label(protocol: &Protocol, step: &Step) -> String {
    let name = protocol
        .phases
        .get(step.phase)
        .map_or("?", |p| p.name.as_str());
    match &step.round {
        Some(r) => format!("{name} ({})", r.label()),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::meeting::{Command, Rounds};

    fn t0() -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH
    }

    fn with_rounds() -> Meeting {
        let p = crate::protocol::check(
            "id: r\nname: R\nsummary: s\ngroup_size: \"2-8\"\nphases:\n  - {name: Open, minutes: 2}\n  - {name: Rounds, minutes: 1, repeat: each}\n  - {name: Close, minutes: 1}\n",
        )
        .value
        .unwrap();
        let people = vec!["Ana".to_string(), "Ben".to_string(), "Chen".to_string()];
        Meeting::start(p, &Rounds::for_people(people), t0())
    }

    #[test]
    fn rounds_of_one_phase_make_one_span() {
        let m = with_rounds();
        let spans = m.phase_spans();
        assert_eq!(spans.len(), 3);
        assert_eq!(
            spans[1],
            PhaseSpan {
                phase: 1,
                first: 1,
                last: 3
            }
        );
        assert!(spans[1].contains(2) && !spans[1].contains(4));
        assert_eq!(m.planned_in(spans[1]), TimeDelta::minutes(3));
        assert_eq!(m.planned_in(spans[0]), TimeDelta::minutes(2));
    }

    #[test]
    fn the_clock_state_follows_time_and_pauses() {
        let mut m = with_rounds();
        assert_eq!(m.clock_state(t0()), ClockState::Running);
        assert_eq!(
            m.clock_state(t0() + TimeDelta::seconds(70)),
            ClockState::LastMinute
        );
        assert_eq!(
            m.clock_state(t0() + TimeDelta::seconds(121)),
            ClockState::Overtime
        );
        m.update(Command::TogglePause, t0() + TimeDelta::seconds(130));
        assert_eq!(
            m.clock_state(t0() + TimeDelta::seconds(140)),
            ClockState::Paused
        );
        assert_eq!(ClockState::Overtime.label(), "OVERTIME");
    }

    #[test]
    fn time_spent_in_a_span_counts_its_closed_steps() {
        let mut m = with_rounds();
        m.update(Command::Next, t0() + TimeDelta::seconds(90));
        let spans = m.phase_spans();
        assert_eq!(m.spent_in(spans[0]), TimeDelta::seconds(90));
        assert_eq!(m.spent_in(spans[1]), TimeDelta::zero());
    }

    #[test]
    fn a_round_is_labelled_with_its_person() {
        let m = with_rounds();
        assert_eq!(m.step_label(&m.steps[0]), "Open");
        let round = m.step_label(&m.steps[2]);
        assert!(
            round.starts_with("Rounds (") && round.contains("Ben"),
            "{round}"
        );
    }

    #[test]
    fn drift_is_said_to_the_nearest_minute() {
        assert_eq!(drift_label(TimeDelta::seconds(59)), "on time");
        assert_eq!(drift_label(TimeDelta::seconds(-59)), "on time");
        assert_eq!(drift_label(TimeDelta::seconds(150)), "3 min late");
        assert_eq!(drift_label(TimeDelta::seconds(-89)), "1 min early");
    }
}
