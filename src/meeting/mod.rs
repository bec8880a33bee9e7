//! The meeting core: pure state, commands and timer arithmetic.
//!
//! Nothing here reads the clock or touches a file. Every command carries
//! `now`, and remaining time is derived (`planned − running time`), never
//! counted down in place, so a 60-minute meeting is a unit test that runs in
//! microseconds and a resumed meeting picks up exactly where it stopped.

pub mod closing;
pub mod floor;
pub mod plan;
pub mod progress;
pub mod queue;
pub mod rebalance;
pub mod session;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::protocol::{Phase, Protocol};
pub use plan::{Circle, Round, Rounds, TooManySteps, TurnStep};
pub use queue::Room;

/// The projected end moves by at most this much before the room is told "late".
pub const LAST_MINUTE: TimeDelta = TimeDelta::seconds(60);
/// +/- and rebalancing never plan a step shorter than this.
pub const MIN_STEP: TimeDelta = TimeDelta::seconds(60);

/// One step of the meeting: a phase, or one round of a repeated phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub phase: usize,
    pub round: Option<Round>,
    /// The plan now, after +/- and rebalancing.
    pub planned: TimeDelta,
    /// The plan the protocol gave.
    pub original: TimeDelta,
    /// Running time in closed intervals (pauses excluded).
    pub spent: TimeDelta,
    pub first_entered: Option<DateTime<Utc>>,
    pub last_left: Option<DateTime<Utc>>,
    /// The bell has rung for this step; it rings once.
    pub belled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: DateTime<Utc>,
    /// Index into [`Meeting::steps`].
    pub step: usize,
    pub kind: String,
    pub text: String,
    /// When the text was last edited; the earlier text is not kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited: Option<DateTime<Utc>>,
}

/// That a note was removed, and when: nothing of what it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRemoval {
    /// When it was removed.
    pub at: DateTime<Utc>,
    /// The step it had been written in.
    pub step: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub step: usize,
    pub from: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// The pause covers time plg was not running (a crash, a closed laptop).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub away: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AdjustmentKind {
    AddMinute,
    RemoveMinute,
    Rebalance,
}

/// A change to the plan, kept for the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub at: DateTime<Utc>,
    pub step: usize,
    pub kind: AdjustmentKind,
    /// Net change to the planned time of the remaining meeting, in seconds.
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub protocol: Protocol,
    pub steps: Vec<Step>,
    pub current: usize,
    pub started_at: DateTime<Utc>,
    /// `started_at` plus the protocol's planned total: what rebalancing aims for.
    pub planned_end: DateTime<Utc>,
    /// Start of the current running interval; `None` while paused or ended.
    pub running_since: Option<DateTime<Utc>>,
    pub pauses: Vec<Pause>,
    pub adjustments: Vec<Adjustment>,
    pub notes: Vec<Note>,
    /// Notes taken back: only when, never the text.
    pub removed_notes: Vec<NoteRemoval>,
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    TogglePause,
    Next,
    Previous,
    /// Jump to a step (from a click on the timeline).
    Goto(usize),
    AddMinute,
    RemoveMinute,
    Rebalance,
    /// The round's person passes: the rest of the round is skipped and
    /// recorded as passed (only where the phase's `round` allows `pass`).
    Pass,
    /// `order: chosen`: the next round goes to the next person still
    /// waiting; pressed again, to the one after.
    ChooseNext,
    AddNote {
        kind: String,
        text: String,
    },
    /// Replaces the text of note `index` (in [`Meeting::notes`]); the old
    /// text is gone. An empty text removes the note.
    EditNote {
        index: usize,
        text: String,
    },
    /// Removes note `index`, keeping only that a note was removed, and when.
    RemoveNote {
        index: usize,
    },
    /// Someone came in: a round at the end of each phase of rounds still
    /// to come that is theirs (see `queue`).
    Arrived {
        person: String,
        room: Room,
    },
    /// Someone left: their rounds not yet begun are dropped.
    Left {
        person: String,
        roles: Vec<session::RoleAssignment>,
    },
    /// Moves the waiting round that `step` belongs to `by` places in its
    /// phase's queue (negative: earlier).
    MoveRound {
        step: usize,
        by: i32,
    },
    /// Time passed; rings the bell when the step runs out.
    Tick,
    End,
}

/// What the shell should do after a command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// Ring the terminal bell once.
    pub bell: bool,
    /// Something worth keeping changed: save the record.
    pub save: bool,
    /// A short message for the status line.
    pub notice: Option<String>,
}

impl Meeting {
    /// Starts the clock on the first step at `now`, or refuses a meeting
    /// that would expand past [`crate::protocol::model::MAX_STEPS`] steps
    /// for the people present. The runner starts meetings this way.
    pub fn try_start(
        protocol: Protocol,
        rounds: &Rounds,
        now: DateTime<Utc>,
    ) -> Result<Meeting, TooManySteps> {
        let planned = plan::plan(&protocol, rounds)?;
        Ok(Meeting::from_plan(protocol, planned, now))
    }

    /// Starts a meeting of a protocol known to stay within the step cap (a
    /// built-in, a test's). Should it not, the meeting is cut at the cap, so
    /// this can neither fail nor expand past it; the runner uses
    /// [`Meeting::try_start`], which refuses instead.
    pub fn start(protocol: Protocol, rounds: &Rounds, now: DateTime<Utc>) -> Meeting {
        let planned = plan::plan_within_cap(&protocol, rounds);
        Meeting::from_plan(protocol, planned, now)
    }

    fn from_plan(
        protocol: Protocol,
        planned: Vec<plan::PlannedStep>,
        now: DateTime<Utc>,
    ) -> Meeting {
        let steps: Vec<Step> = planned
            .into_iter()
            .map(|s| Step {
                phase: s.phase,
                round: s.round,
                planned: s.planned,
                original: s.planned,
                spent: TimeDelta::zero(),
                first_entered: None,
                last_left: None,
                belled: false,
            })
            .collect();
        let total: TimeDelta = steps.iter().map(|s| s.planned).sum();
        let mut m = Meeting {
            protocol,
            steps,
            current: 0,
            started_at: now,
            planned_end: now + total,
            running_since: Some(now),
            pauses: Vec::new(),
            adjustments: Vec::new(),
            notes: Vec::new(),
            removed_notes: Vec::new(),
            ended_at: None,
        };
        if let Some(s) = m.steps.first_mut() {
            s.first_entered = Some(now);
        }
        m
    }

    pub fn step(&self) -> &Step {
        // `steps` is never empty: a checked protocol has at least one phase.
        &self.steps[self.current.min(self.steps.len().saturating_sub(1))]
    }

    pub fn phase(&self) -> &Phase {
        &self.protocol.phases[self.step().phase]
    }

    pub fn phase_of(&self, step: usize) -> &Phase {
        &self.protocol.phases[self.steps[step].phase]
    }

    pub fn is_paused(&self) -> bool {
        self.running_since.is_none() && self.ended_at.is_none()
    }

    pub fn is_ended(&self) -> bool {
        self.ended_at.is_some()
    }

    pub fn is_last_step(&self) -> bool {
        self.current + 1 >= self.steps.len()
    }

    /// Running time of a step so far.
    pub fn elapsed(&self, step: usize, now: DateTime<Utc>) -> TimeDelta {
        let s = &self.steps[step];
        match self.running_since {
            Some(since) if step == self.current => s.spent + (now - since).max(TimeDelta::zero()),
            _ => s.spent,
        }
    }

    /// Time left in the current step; negative in overtime.
    pub fn remaining(&self, now: DateTime<Utc>) -> TimeDelta {
        self.step().planned - self.elapsed(self.current, now)
    }

    pub fn is_overtime(&self, now: DateTime<Utc>) -> bool {
        self.remaining(now) <= TimeDelta::zero()
    }

    pub fn is_last_minute(&self, now: DateTime<Utc>) -> bool {
        let r = self.remaining(now);
        r > TimeDelta::zero() && r <= LAST_MINUTE
    }

    /// Share of the current step used, 0.0 to 1.0 (capped in overtime).
    pub fn progress(&self, now: DateTime<Utc>) -> f64 {
        let planned = self.step().planned.num_milliseconds().max(1) as f64;
        (self.elapsed(self.current, now).num_milliseconds() as f64 / planned).clamp(0.0, 1.0)
    }

    /// Wall time since the meeting started, pauses included.
    pub fn meeting_elapsed(&self, now: DateTime<Utc>) -> TimeDelta {
        self.ended_at.unwrap_or(now) - self.started_at
    }

    /// Total time spent paused, including a pause in progress.
    pub fn paused_total(&self, now: DateTime<Utc>) -> TimeDelta {
        self.pauses
            .iter()
            .map(|p| p.to.unwrap_or(now) - p.from)
            .sum()
    }

    /// When the meeting will end if the rest goes to plan.
    pub fn projected_end(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if let Some(end) = self.ended_at {
            return end;
        }
        let rest: TimeDelta = self.steps[self.current + 1..]
            .iter()
            .map(|s| s.planned)
            .sum();
        now + self.remaining(now).max(TimeDelta::zero()) + rest
    }

    /// How late (positive) or early (negative) the meeting is projected to end.
    pub fn drift(&self, now: DateTime<Utc>) -> TimeDelta {
        self.projected_end(now) - self.planned_end
    }

    /// When the display will next change: the next whole second of the
    /// current step's clock. The shell sleeps until then.
    pub fn next_change(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let ms = match self.running_since {
            Some(_) => self.elapsed(self.current, now).num_milliseconds(),
            // Paused: the meeting's elapsed time still ticks.
            None => (now - self.started_at).num_milliseconds(),
        };
        now + TimeDelta::milliseconds(1000 - ms.rem_euclid(1000))
    }

    /// Applies a command at `now`.
    pub fn update(&mut self, cmd: Command, now: DateTime<Utc>) -> Effects {
        if self.is_ended() {
            return Effects::default();
        }
        let mut fx = Effects::default();
        match cmd {
            Command::TogglePause => {
                if let Some(since) = self.running_since.take() {
                    self.steps[self.current].spent += (now - since).max(TimeDelta::zero());
                    self.pauses.push(Pause {
                        step: self.current,
                        from: now,
                        to: None,
                        away: false,
                    });
                } else {
                    self.running_since = Some(now);
                    if let Some(p) = self.pauses.last_mut().filter(|p| p.to.is_none()) {
                        p.to = Some(now);
                    }
                }
                fx.save = true;
            }
            Command::Next => {
                if self.is_last_step() {
                    fx.notice = Some("This is the last phase".into());
                } else {
                    self.move_to(self.current + 1, now);
                    fx.save = true;
                }
            }
            Command::Previous => {
                if self.current == 0 {
                    fx.notice = Some("This is the first phase".into());
                } else {
                    self.move_to(self.current - 1, now);
                    fx.save = true;
                }
            }
            Command::Goto(step) => {
                if step < self.steps.len() && step != self.current {
                    self.move_to(step, now);
                    fx.save = true;
                }
            }
            Command::AddMinute => {
                // On the grid: whole minutes, half-minutes below five.
                let step = &mut self.steps[self.current];
                let before = step.planned.num_seconds();
                let after = rebalance::step_up(before);
                step.planned = TimeDelta::seconds(after);
                self.adjust(AdjustmentKind::AddMinute, after - before, now);
                fx.save = true;
            }
            Command::RemoveMinute => {
                let step = &mut self.steps[self.current];
                let before = step.planned;
                step.planned = TimeDelta::seconds(rebalance::step_down(before.num_seconds()))
                    .max(MIN_STEP)
                    .min(before);
                let change = (step.planned - before).num_seconds();
                if change == 0 {
                    fx.notice = Some("A phase is planned for at least one minute".into());
                } else {
                    self.adjust(AdjustmentKind::RemoveMinute, change, now);
                    fx.save = true;
                }
            }
            Command::Rebalance => {
                fx.notice = Some(self.rebalance(now));
                fx.save = true;
            }
            Command::Pass => {
                let (notice, changed) = self.pass(now);
                fx.notice = Some(notice);
                fx.save = changed;
            }
            Command::ChooseNext => {
                let (notice, changed) = self.choose_next();
                fx.notice = Some(notice);
                fx.save = changed;
            }
            Command::AddNote { kind, text } => {
                if !text.trim().is_empty() {
                    self.notes.push(Note {
                        at: now,
                        step: self.current,
                        kind,
                        text,
                        edited: None,
                    });
                    fx.save = true;
                }
            }
            Command::EditNote { index, text } => {
                if text.trim().is_empty() {
                    fx.save = self.remove_note(index, now);
                } else if let Some(n) = self.notes.get_mut(index).filter(|n| n.text != text) {
                    n.text = text;
                    n.edited = Some(now);
                    fx.save = true;
                }
            }
            Command::RemoveNote { index } => {
                fx.save = self.remove_note(index, now);
            }
            Command::Arrived { person, room } => {
                (fx.notice, fx.save) = self.arrived(&person, &room);
            }
            Command::Left { person, roles } => {
                (fx.notice, fx.save) = self.left(&person, &roles);
            }
            Command::MoveRound { step, by } => {
                let (notice, changed) = self.move_round(step, by);
                fx.notice = Some(notice);
                fx.save = changed;
            }
            Command::Tick => {}
            Command::End => {
                self.leave(now);
                self.running_since = None;
                if let Some(p) = self.pauses.last_mut().filter(|p| p.to.is_none()) {
                    p.to = Some(now);
                }
                self.ended_at = Some(now);
                fx.save = true;
                return fx;
            }
        }
        // Checked after every command, so +/- can also bring the bell on.
        // A passed step (the facilitator went back to it) has no time to ring for.
        let step = &mut self.steps[self.current];
        let passed = step.round.as_ref().is_some_and(|r| r.passed);
        if !step.belled && !passed && self.running_since.is_some() {
            let elapsed = step.spent + self.running_since.map_or(TimeDelta::zero(), |s| now - s);
            if elapsed >= step.planned {
                step.belled = true;
                fx.bell = true;
            }
        }
        fx
    }

    fn adjust(&mut self, kind: AdjustmentKind, seconds: i64, now: DateTime<Utc>) {
        self.adjustments.push(Adjustment {
            at: now,
            step: self.current,
            kind,
            seconds,
        });
        // A phase given more time is no longer over; let the bell ring again when it runs out.
        let elapsed = self.elapsed(self.current, now);
        let step = &mut self.steps[self.current];
        if elapsed < step.planned {
            step.belled = false;
        }
    }

    /// Closes the current step's running interval.
    fn leave(&mut self, now: DateTime<Utc>) {
        let step = &mut self.steps[self.current];
        if let Some(since) = self.running_since {
            step.spent += (now - since).max(TimeDelta::zero());
        }
        step.last_left = Some(now);
    }

    fn move_to(&mut self, step: usize, now: DateTime<Utc>) {
        self.leave(now);
        self.current = step;
        if self.running_since.is_some() {
            self.running_since = Some(now);
        } else if let Some(p) = self.pauses.last_mut().filter(|p| p.to.is_none()) {
            // A pause belongs to the step it started in; the new step starts a new one.
            p.to = Some(now);
            self.pauses.push(Pause {
                step,
                from: now,
                to: None,
                away: false,
            });
        }
        let s = &mut self.steps[step];
        s.first_entered.get_or_insert(now);
    }

    /// Shrinks the steps after the current one so the meeting ends at its
    /// planned time; returns a message for the room.
    fn rebalance(&mut self, now: DateTime<Utc>) -> String {
        let rest = self.current + 1..self.steps.len();
        if rest.is_empty() {
            return "Nothing left to rebalance: this is the last phase".into();
        }
        let budget = self.planned_end - now - self.remaining(now).max(TimeDelta::zero());
        let planned: Vec<i64> = self.steps[rest.clone()]
            .iter()
            .map(|s| s.planned.num_seconds())
            .collect();
        let before: i64 = planned.iter().sum();
        if budget.num_seconds() >= before {
            return "On time: the remaining phases already fit".into();
        }
        let floors: Vec<i64> = (self.current + 1..self.steps.len())
            .map(|i| self.floor_of(i))
            .collect();
        let fitted = rebalance::rebalance_on_grid(&planned, budget.num_seconds(), &floors);
        for (step, secs) in self.steps[rest].iter_mut().zip(&fitted) {
            step.planned = TimeDelta::seconds(*secs);
        }
        let after: i64 = fitted.iter().sum();
        self.adjustments.push(Adjustment {
            at: now,
            step: self.current,
            kind: AdjustmentKind::Rebalance,
            seconds: after - before,
        });
        let over = after - budget.num_seconds();
        if over > 0 {
            format!(
                "Rebalanced as far as protected phases, published ranges and one minute a phase allow; still {} min over",
                (over + 59) / 60
            )
        } else {
            format!(
                "Rebalanced: {} min taken from the remaining phases",
                (before - after + 30) / 60
            )
        }
    }
}

impl Meeting {
    /// The shortest rebalancing may plan a step: its plan when the phase
    /// is protected or the step was passed, the low end of the phase's
    /// published range when it has one, else a minute.
    fn floor_of(&self, step: usize) -> i64 {
        let s = &self.steps[step];
        let phase = &self.protocol.phases[s.phase];
        let planned = s.planned.num_seconds();
        if phase.protect || s.round.as_ref().is_some_and(|r| r.passed) {
            return planned;
        }
        let turn = s.round.as_ref().is_some_and(|r| r.turn.is_some());
        match phase.range {
            Some(r) if !turn => ((r.low * 60.0).round() as i64).max(MIN_STEP.num_seconds()),
            _ => MIN_STEP.num_seconds(),
        }
    }

    /// The phase's published range, when the step's plan (after +/-) lies
    /// outside it: the screen says so.
    pub fn outside_range(&self, step: usize) -> Option<crate::protocol::model::MinutesRange> {
        let s = self.steps.get(step)?;
        if s.round.as_ref().is_some_and(|r| r.turn.is_some()) {
            return None;
        }
        let range = self.protocol.phases.get(s.phase)?.range?;
        let secs = s.planned.num_seconds() as f64;
        (secs < range.low * 60.0 - 0.5 || secs > range.high * 60.0 + 0.5).then_some(range)
    }

    /// Whether the round at the current step may be passed (Ctrl-P).
    pub fn can_pass(&self) -> bool {
        self.phase().round.as_ref().is_some_and(|r| r.pass)
            && self
                .step()
                .round
                .as_ref()
                .is_some_and(|r| r.circles.is_empty() && !r.passed)
    }

    /// Whether the facilitator picks who goes next here (`order: chosen`),
    /// in this phase or the next.
    pub fn can_choose(&self) -> bool {
        let chosen = |step: usize| {
            self.steps.get(step).is_some_and(|s| {
                self.protocol.phases[s.phase]
                    .round
                    .as_ref()
                    .is_some_and(|r| r.order == crate::protocol::model::Order::Chosen)
            })
        };
        chosen(self.current) || chosen(self.current + 1)
    }

    /// The steps of the round the step `at` belongs to (same phase, same round number).
    fn round_span(&self, at: usize) -> Option<std::ops::RangeInclusive<usize>> {
        let s = self.steps.get(at)?;
        let number = s.round.as_ref()?.number;
        let same = |i: usize| {
            self.steps[i].phase == s.phase
                && self.steps[i]
                    .round
                    .as_ref()
                    .is_some_and(|r| r.number == number)
        };
        let first = (0..=at).rev().take_while(|i| same(*i)).last()?;
        let last = (at..self.steps.len()).take_while(|i| same(*i)).last()?;
        Some(first..=last)
    }

    /// Takes note `index` out, keeping only when; false if there is no such note.
    fn remove_note(&mut self, index: usize, now: DateTime<Utc>) -> bool {
        if index >= self.notes.len() {
            return false;
        }
        let note = self.notes.remove(index);
        self.removed_notes.push(NoteRemoval {
            at: now,
            step: note.step,
        });
        true
    }

    fn pass(&mut self, now: DateTime<Utc>) -> (String, bool) {
        let phase = self.phase();
        let may = phase.round.as_ref().is_some_and(|r| r.pass);
        let Some(round) = self.step().round.clone().filter(|_| may) else {
            return ("Nobody passes in this phase".into(), false);
        };
        if !round.circles.is_empty() {
            return (
                "Circles run their own rounds: a pass is taken in the circle, and this clock runs on".into(),
                false,
            );
        }
        let Some(span) = self.round_span(self.current) else {
            return ("Nobody passes in this phase".into(), false);
        };
        let last = *span.end();
        let elapsed = self.elapsed(self.current, now);
        for i in self.current..=last {
            let step = &mut self.steps[i];
            if let Some(r) = step.round.as_mut() {
                r.passed = true;
            }
            // What was not used of the round goes back to the meeting.
            step.planned = if i == self.current {
                TimeDelta::seconds(elapsed.num_seconds())
            } else {
                step.spent
            };
        }
        let who = round
            .person
            .unwrap_or_else(|| format!("Round {}", round.number));
        if last + 1 < self.steps.len() {
            self.move_to(last + 1, now);
        }
        (format!("{who} passed"), true)
    }

    /// The next round of an `order: chosen` phase goes to the next person
    /// waiting: the rounds not yet started turn by one.
    fn choose_next(&mut self) -> (String, bool) {
        let refuse = || {
            (
                "The order of rounds is fixed in this phase".to_string(),
                false,
            )
        };
        // The first step of the next round: in this phase after this round,
        // or the first round of the next phase.
        let Some(first) = self
            .round_span(self.current)
            .map(|r| r.end() + 1)
            .or(Some(self.current + 1))
            .filter(|i| *i < self.steps.len())
        else {
            return refuse();
        };
        let phase_index = self.steps[first].phase;
        let chosen = self.protocol.phases[phase_index]
            .round
            .as_ref()
            .is_some_and(|r| r.order == crate::protocol::model::Order::Chosen);
        let Some(round) = self.steps[first].round.clone().filter(|_| chosen) else {
            return refuse();
        };
        if !round.circles.is_empty() {
            return refuse();
        }
        // The rounds from `first` to the end of the phase, as blocks of steps.
        let end = (first..self.steps.len())
            .take_while(|i| self.steps[*i].phase == phase_index)
            .last()
            .unwrap_or(first);
        if self.steps[first..=end]
            .iter()
            .any(|s| s.first_entered.is_some())
        {
            return (
                "These rounds have already begun; their order stays".into(),
                false,
            );
        }
        let block = self.round_span(first).map_or(1, |r| r.count());
        let waiting = end + 1 - first;
        if waiting <= block || waiting % block != 0 {
            return ("Nobody else is waiting for a round".into(), false);
        }
        let numbers: Vec<usize> = self.steps[first..=end]
            .iter()
            .map(|s| s.round.as_ref().map_or(0, |r| r.number))
            .collect();
        self.steps[first..=end].rotate_left(block);
        for (s, n) in self.steps[first..=end].iter_mut().zip(numbers) {
            if let Some(r) = s.round.as_mut() {
                r.number = n;
            }
        }
        let who = self.steps[first]
            .round
            .as_ref()
            .and_then(|r| r.person.clone())
            .unwrap_or_else(|| "the next person".into());
        (format!("Next round: {who}"), true)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod agenda_tests;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod turn_tests;
