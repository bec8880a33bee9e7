//! Rounds that follow the room. Someone who comes in late gets a round at
//! the end of each phase of rounds still to come that is theirs to take;
//! someone who leaves loses the rounds they have not begun; the
//! facilitator can move a waiting round earlier or later.
//!
//! Only steps never entered change. Steps are referred to by index from
//! notes, pauses, adjustments and removed notes, so every change rebuilds
//! the list once and carries those indexes along (`rebuild`).

use std::ops::Range;

use chrono::TimeDelta;

use super::plan::{self, RoundPlan};
use super::session::RoleAssignment;
use super::{Meeting, Rounds, Step};
use crate::protocol::Repeat;
use crate::protocol::model::{FACILITATOR, MAX_STEPS, OTHERS, RoundWho};

/// Who is in the room now, and who holds which role: what a round
/// planned mid-meeting is planned for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Room {
    /// Everyone here now, the arrival included, in roster order.
    pub people: Vec<String>,
    pub roles: Vec<RoleAssignment>,
}

/// A step of the rebuilt list: one kept from before, or a new one.
enum Slot {
    Old(usize),
    New(Box<Step>),
}

fn new_step(p: plan::PlannedStep) -> Step {
    Step {
        phase: p.phase,
        round: p.round,
        planned: p.planned,
        original: p.planned,
        spent: TimeDelta::zero(),
        first_entered: None,
        last_left: None,
        belled: false,
    }
}

/// "Dana's round (Final Word)", "Dana's rounds (Final Word, Go-round)".
fn rounds_of(person: &str, phases: &[String]) -> String {
    format!(
        "{person}'s round{} ({})",
        if phases.len() == 1 { "" } else { "s" },
        phases.join(", ")
    )
}

fn minutes(d: TimeDelta) -> String {
    crate::text::minutes(d.num_seconds().unsigned_abs())
}

impl Meeting {
    /// The rounds of the phase whose steps begin at `first`, as ranges of
    /// steps: one step each, or one per turn.
    fn blocks_from(&self, first: usize) -> Vec<Range<usize>> {
        let phase = self.steps[first].phase;
        let mut out: Vec<Range<usize>> = Vec::new();
        let number = |i: usize| self.steps[i].round.as_ref().map(|r| r.number);
        for i in (first..self.steps.len()).take_while(|i| self.steps[*i].phase == phase) {
            match out.last_mut() {
                Some(b) if number(b.start).is_some() && number(b.start) == number(i) => {
                    b.end = i + 1
                }
                _ => out.push(i..i + 1),
            }
        }
        out
    }

    /// A round not begun: after the current step and never entered.
    fn waiting(&self, block: &Range<usize>) -> bool {
        block.start > self.current
            && self.steps[block.clone()]
                .iter()
                .all(|s| s.first_entered.is_none())
    }

    /// The first step of each phase that runs one round per person and is
    /// not behind the current step (a phase already finished keeps its rounds).
    fn open_round_phases(&self) -> Vec<usize> {
        self.phase_spans()
            .into_iter()
            .filter(|span| span.last >= self.current)
            .filter(|span| self.protocol.phases[span.phase].repeat == Some(Repeat::Each))
            .filter(|span| {
                // Rounds counted rather than named (no roster) stay as asked.
                self.steps[span.first..=span.last].iter().any(|s| {
                    s.round
                        .as_ref()
                        .is_some_and(|r| r.person.is_some() || !r.circles.is_empty())
                })
            })
            .map(|span| span.first)
            .collect()
    }

    fn has_round(&self, first: usize, person: &str) -> bool {
        let phase = self.steps[first].phase;
        self.steps[first..]
            .iter()
            .take_while(|s| s.phase == phase)
            .filter_map(|s| s.round.as_ref())
            .any(|r| {
                r.person.as_deref() == Some(person)
                    || r.circles
                        .iter()
                        .any(|c| c.person.as_deref() == Some(person))
            })
    }

    /// Rebuilds the steps from `slots`, carrying every index that refers
    /// to a step (the current one, notes, pauses, adjustments, removed
    /// notes) to where that step now stands. A step dropped (never
    /// entered, so nothing refers to it) maps to the nearest kept one before it.
    fn rebuild(&mut self, slots: Vec<Slot>) {
        let mut old: Vec<Option<Step>> = std::mem::take(&mut self.steps)
            .into_iter()
            .map(Some)
            .collect();
        let mut map: Vec<Option<usize>> = vec![None; old.len()];
        let mut steps = Vec::with_capacity(slots.len());
        for slot in slots {
            match slot {
                Slot::Old(i) => {
                    if let Some(s) = old.get_mut(i).and_then(Option::take) {
                        map[i] = Some(steps.len());
                        steps.push(s);
                    }
                }
                Slot::New(s) => steps.push(*s),
            }
        }
        self.steps = steps;
        let to = |i: usize| -> usize {
            map.get(..=i.min(map.len().saturating_sub(1)))
                .and_then(|m| m.iter().rev().find_map(|x| *x))
                .unwrap_or(0)
        };
        self.current = to(self.current);
        for n in &mut self.notes {
            n.step = to(n.step);
        }
        for n in &mut self.removed_notes {
            n.step = to(n.step);
        }
        for p in &mut self.pauses {
            p.step = to(p.step);
        }
        for a in &mut self.adjustments {
            a.step = to(a.step);
        }
    }

    /// Numbers the rounds of the phase starting at `first` in order: "Round
    /// 3 of 7" as they now stand.
    fn renumber(&mut self, first: usize) {
        let blocks = self.blocks_from(first);
        let of = blocks.len();
        for (n, b) in blocks.into_iter().enumerate() {
            for s in &mut self.steps[b] {
                if let Some(r) = s.round.as_mut() {
                    r.number = n + 1;
                    r.of = of;
                }
            }
        }
    }

    /// Renumbers the turns of `turn` inside a round: "Respond 2 of 3".
    fn renumber_turns(&mut self, block: Range<usize>, turn: usize) {
        let at: Vec<usize> = block
            .filter(|i| {
                self.steps[*i]
                    .round
                    .as_ref()
                    .and_then(|r| r.turn.as_ref())
                    .is_some_and(|t| t.index == turn)
            })
            .collect();
        let of = at.len();
        for (n, i) in at.into_iter().enumerate() {
            if let Some(t) = self.steps[i].round.as_mut().and_then(|r| r.turn.as_mut()) {
                t.number = n + 1;
                t.of = of;
            }
        }
    }

    /// Who holds each circle's turns at step `i`, again after its members
    /// or person changed.
    fn rehold(&mut self, i: usize, roles: &Rounds) {
        let phase = &self.protocol.phases[self.steps[i].phase];
        let Some(round) = self.steps[i].round.as_mut() else {
            return;
        };
        let Some(at) = round.turn.as_ref() else {
            return;
        };
        let Some(turn) = phase.round.as_ref().and_then(|r| r.turns.get(at.index)) else {
            return;
        };
        let j = at.number.saturating_sub(1);
        for c in &mut round.circles {
            let others = match &c.person {
                Some(p) => plan::others_after(&c.members, p),
                None => Vec::new(),
            };
            c.holder = plan::holder(turn, c.person.as_ref(), &others, j, roles);
        }
    }

    /// `person` came in: each phase of rounds still to come that is theirs
    /// gets a round for them at the end. Returns what to tell the room,
    /// and whether anything changed.
    pub(super) fn arrived(&mut self, person: &str, room: &Room) -> (Option<String>, bool) {
        if self.is_ended() {
            return (None, false);
        }
        let mut trial = self.clone();
        let mut added = TimeDelta::zero();
        let mut phases: Vec<String> = Vec::new();
        let mut changed = false;
        let mut a_round = false;
        // Phase by phase, from the last, so earlier phases' steps stay put.
        for first in trial.open_round_phases().into_iter().rev() {
            if let Some((time, round)) = trial.arrive_in(first, person, room) {
                added += time;
                a_round |= round;
                phases.push(trial.protocol.phases[trial.steps[first].phase].name.clone());
                changed = true;
            }
        }
        if !changed {
            return (None, false);
        }
        phases.reverse();
        if trial.steps.len() > MAX_STEPS {
            return (
                Some(format!(
                    "No round for {person}: the meeting would have {} steps, and plg runs at most {MAX_STEPS}",
                    trial.steps.len()
                )),
                false,
            );
        }
        *self = trial;
        self.planned_end += added;
        let what = if a_round {
            rounds_of(person, &phases)
        } else {
            format!("{person}'s turns ({})", phases.join(", "))
        };
        let notice = if added > TimeDelta::zero() {
            format!("+{}: {what}", minutes(added))
        } else if a_round {
            format!("{what}: a circle's free round, no time added")
        } else {
            format!("{person} is back in their circle ({})", phases.join(", "))
        };
        (Some(notice), true)
    }

    /// Adds `person`'s round to the phase starting at `first`, and their
    /// responses to the rounds waiting; the time it adds and whether a
    /// round was added, or `None` when nothing changed.
    fn arrive_in(&mut self, first: usize, person: &str, room: &Room) -> Option<(TimeDelta, bool)> {
        let phase_index = self.steps[first].phase;
        let phase = self.protocol.phases[phase_index].clone();
        let spec = phase.round.clone().unwrap_or_default();
        let has_facilitator = self.protocol.roles.iter().any(|r| r.id == FACILITATOR);
        let rounds = Rounds {
            people: room.people.clone(),
            roles: room.roles.clone(),
            ..Rounds::default()
        };
        let whose: Vec<String> = rounds
            .whose(&spec.who, has_facilitator)
            .into_iter()
            .flatten()
            .collect();
        let takes_round = whose.iter().any(|p| p == person) && !self.has_round(first, person);
        let blocks = self.blocks_from(first);
        let last = blocks.last()?.clone();
        let split = self.steps[last.start]
            .round
            .as_ref()
            .is_some_and(|r| !r.circles.is_empty());
        if split {
            return if takes_round {
                self.arrive_in_circle(first, person, &rounds)
                    .map(|t| (t, true))
            } else {
                self.rejoin_circle(first, person, &rounds)
                    .then_some((TimeDelta::zero(), false))
            };
        }
        // The people who hear this round: a role's rounds are heard by everyone.
        let seats: Vec<String> = match spec.who {
            RoundWho::Role(_) => room.people.clone(),
            _ => whose,
        };
        if !seats.iter().any(|p| p == person) {
            return None;
        }
        let per_circle = [(
            seats.clone(),
            Some(person.to_string()),
            plan::others_after(&seats, person),
        )];
        let number = blocks.len() + 1;
        let new: Vec<Step> = if takes_round {
            plan::round_steps(
                RoundPlan {
                    phase: phase_index,
                    turns: &spec.turns,
                    per_circle: &per_circle,
                    split: false,
                    number,
                    of: number,
                    largest: seats.len(),
                    rounds: &rounds,
                    minutes: phase.minutes,
                },
                MAX_STEPS + 1,
            )
            .into_iter()
            .map(new_step)
            .collect()
        } else {
            Vec::new()
        };
        let mut added: TimeDelta = new.iter().map(|s| s.planned).sum();
        // In each round still waiting, the newcomer responds too, after
        // the others: a turn each other person takes gets one more step.
        let mut extra: Vec<(usize, Step)> = Vec::new();
        for b in blocks.iter().filter(|b| self.waiting(b)) {
            let whose = self.steps[b.start]
                .round
                .as_ref()
                .and_then(|r| r.person.as_deref());
            if whose == Some(person) {
                continue;
            }
            for (ti, turn) in spec.turns.iter().enumerate() {
                if !(turn.each && turn.speaker == OTHERS) {
                    continue;
                }
                let of_turn: Vec<usize> = b
                    .clone()
                    .filter(|i| {
                        self.steps[*i]
                            .round
                            .as_ref()
                            .and_then(|r| r.turn.as_ref())
                            .is_some_and(|t| t.index == ti)
                    })
                    .collect();
                let holds = |i: &usize| {
                    self.steps[*i]
                        .round
                        .as_ref()
                        .and_then(|r| r.turn.as_ref())
                        .is_some_and(|t| t.holder.as_deref() == Some(person))
                };
                if of_turn.iter().any(holds) {
                    continue;
                }
                let Some(&after) = of_turn.last() else {
                    continue;
                };
                let mut step = self.steps[after].clone();
                let planned = TimeDelta::seconds((turn.minutes * 60.0).round() as i64);
                if let Some(t) = step.round.as_mut().and_then(|r| r.turn.as_mut()) {
                    t.holder = Some(person.to_string());
                }
                step.planned = planned;
                step.original = planned;
                step.belled = false;
                added += planned;
                extra.push((after, step));
            }
        }
        let mut slots: Vec<Slot> = Vec::with_capacity(self.steps.len() + new.len() + extra.len());
        let mut extra = extra.into_iter().peekable();
        for i in 0..self.steps.len() {
            slots.push(Slot::Old(i));
            while let Some((_, s)) = extra.next_if(|(after, _)| *after == i) {
                slots.push(Slot::New(Box::new(s)));
            }
            if i + 1 == last.end {
                slots.extend(new.iter().cloned().map(|s| Slot::New(Box::new(s))));
            }
        }
        self.rebuild(slots);
        for b in self.blocks_from(first) {
            if self.waiting(&b) {
                for (ti, turn) in spec.turns.iter().enumerate() {
                    if turn.each && turn.speaker == OTHERS {
                        self.renumber_turns(b.clone(), ti);
                    }
                }
            }
        }
        if new.is_empty() && added == TimeDelta::zero() {
            return None;
        }
        self.renumber(first);
        Some((added, takes_round))
    }

    /// A room split into circles: the newcomer sits in the smallest circle
    /// (the first, when several are as small) and takes its next free
    /// round; only when that circle has no free round left is a round added
    /// for it, which the other circles wait through. This holds for a
    /// circle under way too: rounds already begun keep their people.
    fn arrive_in_circle(
        &mut self,
        first: usize,
        person: &str,
        roles: &Rounds,
    ) -> Option<TimeDelta> {
        let phase_index = self.steps[first].phase;
        let phase = self.protocol.phases[phase_index].clone();
        let spec = phase.round.clone().unwrap_or_default();
        let blocks = self.blocks_from(first);
        let last = blocks.last()?.clone();
        let circles = self.steps[last.start].round.as_ref()?.circles.clone();
        let c = (0..circles.len()).min_by_key(|k| circles[*k].members.len())?;
        let waiting: Vec<Range<usize>> =
            blocks.iter().filter(|b| self.waiting(b)).cloned().collect();
        for b in &waiting {
            for s in &mut self.steps[b.clone()] {
                if let Some(circle) = s.round.as_mut().and_then(|r| r.circles.get_mut(c))
                    && !circle.members.iter().any(|m| m == person)
                {
                    circle.members.push(person.to_string());
                }
            }
        }
        let person_in = |m: &Meeting, b: &Range<usize>| {
            m.steps[b.start]
                .round
                .as_ref()
                .and_then(|r| r.circles.get(c))
                .and_then(|x| x.person.clone())
        };
        // The circle's free rounds come after its last person's.
        let last_taken = blocks.iter().rposition(|b| person_in(self, b).is_some());
        let free = blocks
            .iter()
            .enumerate()
            .find(|(k, b)| last_taken.is_none_or(|l| *k > l) && self.waiting(b))
            .map(|(_, b)| b.clone());
        let mut added = TimeDelta::zero();
        match free {
            Some(b) => {
                for s in &mut self.steps[b] {
                    if let Some(circle) = s.round.as_mut().and_then(|r| r.circles.get_mut(c)) {
                        circle.person = Some(person.to_string());
                    }
                }
            }
            None => {
                let mut members: Vec<Vec<String>> =
                    circles.iter().map(|x| x.members.clone()).collect();
                if !members[c].iter().any(|m| m == person) {
                    members[c].push(person.to_string());
                }
                let per_circle: Vec<(Vec<String>, Option<String>, Vec<String>)> = members
                    .iter()
                    .enumerate()
                    .map(|(k, m)| {
                        if k == c {
                            (
                                m.clone(),
                                Some(person.to_string()),
                                plan::others_after(m, person),
                            )
                        } else {
                            (m.clone(), None, Vec::new())
                        }
                    })
                    .collect();
                let largest = members.iter().map(Vec::len).max().unwrap_or(1);
                let number = blocks.len() + 1;
                let new: Vec<Step> = plan::round_steps(
                    RoundPlan {
                        phase: phase_index,
                        turns: &spec.turns,
                        per_circle: &per_circle,
                        split: true,
                        number,
                        of: number,
                        largest,
                        rounds: roles,
                        minutes: phase.minutes,
                    },
                    MAX_STEPS + 1,
                )
                .into_iter()
                .map(new_step)
                .collect();
                added = new.iter().map(|s| s.planned).sum();
                let mut slots: Vec<Slot> = (0..last.end).map(Slot::Old).collect();
                slots.extend(new.into_iter().map(|s| Slot::New(Box::new(s))));
                slots.extend((last.end..self.steps.len()).map(Slot::Old));
                self.rebuild(slots);
            }
        }
        for b in self.blocks_from(first) {
            if self.waiting(&b) {
                for i in b {
                    self.rehold(i, roles);
                }
            }
        }
        self.renumber(first);
        Some(added)
    }

    /// Someone back after their round in a split room sits in their
    /// circle again for the rounds not begun; false when nothing changed.
    fn rejoin_circle(&mut self, first: usize, person: &str, roles: &Rounds) -> bool {
        let blocks = self.blocks_from(first);
        let Some(c) = blocks.iter().find_map(|b| {
            self.steps[b.start]
                .round
                .as_ref()?
                .circles
                .iter()
                .position(|c| c.person.as_deref() == Some(person))
        }) else {
            return false;
        };
        let mut changed = false;
        let waiting: Vec<Range<usize>> = blocks.into_iter().filter(|b| self.waiting(b)).collect();
        for b in waiting {
            for i in b {
                if let Some(circle) = self.steps[i]
                    .round
                    .as_mut()
                    .and_then(|r| r.circles.get_mut(c))
                    && !circle.members.iter().any(|m| m == person)
                {
                    circle.members.push(person.to_string());
                    changed = true;
                }
                self.rehold(i, roles);
            }
        }
        changed
    }

    /// `person` left: the rounds they have not begun are dropped, and so
    /// are the turns they would have taken in others' rounds not begun. A
    /// round under way stays; the facilitator moves on when ready.
    pub(super) fn left(
        &mut self,
        person: &str,
        roles: &[RoleAssignment],
    ) -> (Option<String>, bool) {
        if self.is_ended() {
            return (None, false);
        }
        let rounds = Rounds {
            roles: roles.to_vec(),
            ..Rounds::default()
        };
        let mut removed = TimeDelta::zero();
        let mut phases: Vec<String> = Vec::new();
        let mut kept: Vec<String> = Vec::new();
        let mut changed = false;
        for first in self.open_round_phases().into_iter().rev() {
            let name = self.protocol.phases[self.steps[first].phase].name.clone();
            match self.leave_in(first, person, &rounds) {
                Leave::Unchanged => {}
                Leave::Dropped(time, whole_round) => {
                    removed += time;
                    changed = true;
                    if whole_round {
                        phases.push(name);
                    }
                }
                Leave::Kept => kept.push(name),
            }
        }
        phases.reverse();
        kept.reverse();
        self.planned_end -= removed;
        let mut said: Vec<String> = Vec::new();
        if !phases.is_empty() && removed > TimeDelta::zero() {
            said.push(format!(
                "−{}: {} dropped",
                minutes(removed),
                rounds_of(person, &phases)
            ));
        } else if !phases.is_empty() {
            said.push(format!(
                "{} dropped: the circle's later rounds move up",
                rounds_of(person, &phases)
            ));
        } else if removed > TimeDelta::zero() {
            said.push(format!("−{}: {person}'s turns dropped", minutes(removed)));
        }
        if !kept.is_empty() {
            said.push(format!(
                "{} stays: nobody else has a round left there",
                rounds_of(person, &kept)
            ));
        }
        ((!said.is_empty()).then(|| said.join("; ")), changed)
    }

    fn leave_in(&mut self, first: usize, person: &str, roles: &Rounds) -> Leave {
        let phase_index = self.steps[first].phase;
        let turns = self.protocol.phases[phase_index]
            .round
            .as_ref()
            .map(|r| r.turns.clone())
            .unwrap_or_default();
        let blocks = self.blocks_from(first);
        let phase_steps = blocks.last().map_or(first..first, |b| first..b.end);
        let waiting: Vec<Range<usize>> =
            blocks.iter().filter(|b| self.waiting(b)).cloned().collect();
        let split = self.steps[first]
            .round
            .as_ref()
            .is_some_and(|r| !r.circles.is_empty());
        let mut drop = vec![false; self.steps.len()];
        let mut whole_round = false;
        let mut touched = false;
        if split {
            // Out of every circle in the rounds not begun; the circle's
            // later people move up into the freed round.
            let mut queue: Vec<Vec<Option<String>>> = Vec::new();
            for b in &waiting {
                let circles = self.steps[b.start]
                    .round
                    .as_ref()
                    .map(|r| r.circles.clone())
                    .unwrap_or_default();
                queue.push(circles.iter().map(|c| c.person.clone()).collect());
                touched |= circles
                    .iter()
                    .any(|c| c.members.iter().any(|m| m == person));
            }
            let circles = queue.first().map_or(0, Vec::len);
            for c in 0..circles {
                // `get`: a record read back may hold rounds of uneven circles.
                let column: Vec<Option<String>> = queue
                    .iter()
                    .map(|row| row.get(c).cloned().flatten())
                    .collect();
                if column.iter().any(|p| p.as_deref() == Some(person)) {
                    whole_round = true;
                    let mut rest: Vec<Option<String>> = column
                        .into_iter()
                        .filter(|p| p.as_deref() != Some(person))
                        .collect();
                    rest.push(None);
                    for (row, p) in queue.iter_mut().zip(rest) {
                        if let Some(slot) = row.get_mut(c) {
                            *slot = p;
                        }
                    }
                }
            }
            if !touched && !whole_round {
                return Leave::Unchanged;
            }
            for (b, row) in waiting.iter().zip(&queue) {
                for i in b.clone() {
                    if let Some(r) = self.steps[i].round.as_mut() {
                        for (circle, p) in r.circles.iter_mut().zip(row) {
                            circle.members.retain(|m| m != person);
                            // A round behind the current step when someone
                            // came in, waiting again since the facilitator
                            // went back, may not list whoever moves up into it.
                            if let Some(q) = p
                                && !circle.members.contains(q)
                            {
                                circle.members.push(q.clone());
                            }
                            circle.person = p.clone();
                        }
                    }
                    self.rehold(i, roles);
                }
                if row.iter().all(Option::is_none) {
                    for i in b.clone() {
                        drop[i] = true;
                    }
                }
            }
        } else {
            for b in &waiting {
                let whose = self.steps[b.start]
                    .round
                    .as_ref()
                    .and_then(|r| r.person.clone());
                if whose.as_deref() == Some(person) {
                    whole_round = true;
                    for i in b.clone() {
                        drop[i] = true;
                    }
                    continue;
                }
                for i in b.clone() {
                    let theirs = self.steps[i]
                        .round
                        .as_ref()
                        .and_then(|r| r.turn.as_ref())
                        .is_some_and(|t| {
                            t.holder.as_deref() == Some(person)
                                && turns.get(t.index).is_some_and(|x| x.each)
                        });
                    drop[i] = theirs;
                }
            }
        }
        let dropped: Vec<usize> = phase_steps.clone().filter(|i| drop[*i]).collect();
        if dropped.is_empty() {
            return if touched || whole_round {
                Leave::Dropped(TimeDelta::zero(), whole_round)
            } else {
                Leave::Unchanged
            };
        }
        if dropped.len() == phase_steps.len() {
            // A phase keeps at least its one round, as planning keeps one
            // round when nobody is named.
            return Leave::Kept;
        }
        let time: TimeDelta = dropped.iter().map(|i| self.steps[*i].original).sum();
        let slots: Vec<Slot> = (0..self.steps.len())
            .filter(|i| !drop[*i])
            .map(Slot::Old)
            .collect();
        self.rebuild(slots);
        for b in self.blocks_from(first) {
            if self.waiting(&b) {
                for (ti, turn) in turns.iter().enumerate() {
                    if turn.each {
                        self.renumber_turns(b.clone(), ti);
                    }
                }
            }
        }
        self.renumber(first);
        Leave::Dropped(time, whole_round)
    }

    /// The rounds the facilitator can move now, as ranges of steps in
    /// order: those not begun in the current phase, else in the next one.
    /// Empty where the room is split into circles (they run side by side).
    pub fn movable_rounds(&self) -> Vec<Range<usize>> {
        let spans = self.phase_spans();
        let here = spans.iter().position(|s| s.contains(self.current));
        for span in here.into_iter().flat_map(|h| spans.iter().skip(h).take(2)) {
            if self.protocol.phases[span.phase].repeat != Some(Repeat::Each) {
                continue;
            }
            let split = self.steps[span.first]
                .round
                .as_ref()
                .is_some_and(|r| !r.circles.is_empty());
            let waiting: Vec<Range<usize>> = self
                .blocks_from(span.first)
                .into_iter()
                .filter(|b| self.waiting(b))
                .collect();
            if !split && waiting.len() > 1 {
                return waiting;
            }
        }
        Vec::new()
    }

    /// Moves the round that `step` belongs to `by` places among the rounds
    /// not begun in its phase (negative: earlier).
    pub(super) fn move_round(&mut self, step: usize, by: i32) -> (String, bool) {
        let refuse = |s: &str| (s.to_string(), false);
        let Some(s) = self.steps.get(step) else {
            return refuse("No such round");
        };
        if self.protocol.phases[s.phase].repeat != Some(Repeat::Each) || s.round.is_none() {
            return refuse("Only rounds taken in turn by the people present can move");
        }
        if s.round.as_ref().is_some_and(|r| !r.circles.is_empty()) {
            return refuse("Circles run their rounds side by side; their order stays");
        }
        let Some(first) = self
            .phase_spans()
            .into_iter()
            .find(|sp| sp.contains(step))
            .map(|sp| sp.first)
        else {
            return refuse("No such round");
        };
        let waiting: Vec<Range<usize>> = self
            .blocks_from(first)
            .into_iter()
            .filter(|b| self.waiting(b))
            .collect();
        let Some(pos) = waiting.iter().position(|b| b.contains(&step)) else {
            return refuse("This round has begun; only rounds still waiting move");
        };
        let len = waiting.len() as i64;
        let to = (pos as i64 + i64::from(by)).clamp(0, len - 1) as usize;
        if to == pos {
            return refuse(if by < 0 {
                "Already the first round waiting"
            } else {
                "Already the last round waiting"
            });
        }
        let mut order: Vec<Range<usize>> = waiting.clone();
        let moved = order.remove(pos);
        order.insert(to, moved);
        let mut slots: Vec<Slot> = Vec::with_capacity(self.steps.len());
        let mut i = 0;
        let mut next_block = order.into_iter();
        while i < self.steps.len() {
            if let Some(b) = waiting.iter().find(|b| b.start == i) {
                if let Some(put) = next_block.next() {
                    slots.extend(put.map(Slot::Old));
                }
                i = b.end;
            } else {
                slots.push(Slot::Old(i));
                i += 1;
            }
        }
        let who = self.steps[step]
            .round
            .as_ref()
            .and_then(|r| r.person.clone());
        self.rebuild(slots);
        self.renumber(first);
        let now_at = self
            .blocks_from(first)
            .into_iter()
            .filter(|b| self.waiting(b))
            .nth(to)
            .map(|b| self.steps[b.start].round.as_ref().map_or(0, |r| r.number))
            .unwrap_or(0);
        let of = self.steps[first].round.as_ref().map_or(0, |r| r.of);
        let who = who.map_or_else(|| "The round".to_string(), |p| format!("{p}'s round"));
        (
            format!(
                "{who} moved {}: now round {now_at} of {of}",
                if by < 0 { "earlier" } else { "later" }
            ),
            true,
        )
    }
}

enum Leave {
    Unchanged,
    /// Steps dropped, their planned time, and whether a whole round went.
    Dropped(TimeDelta, bool),
    /// Nothing dropped: it would have left the phase without a round.
    Kept,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
#[path = "queue_tests.rs"]
mod tests;
