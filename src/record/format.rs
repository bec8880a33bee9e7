//! The session record: one YAML file per meeting, written by plg and read
//! back by people, `plg logs`, exports and reports.
//!
//! The shape is documented in docs/session-format.md. Records are never
//! rejected for keys they do not know (a newer plg may add some); a record
//! from a newer format version is refused with a clear message.

use chrono::{DateTime, FixedOffset, SubsecRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use crate::meeting::session::{
    ActionChange, ActionItem, Attendance, Closing, Delta, GroupRef, NormRating, RoleAssignment,
    Setup,
};
use crate::meeting::{Adjustment, Meeting, Note, NoteRemoval, Pause, Round, Step};
use crate::protocol::{ItemSpan, Protocol};

/// The version this plg writes. Version 2 to 5 records read as they
/// are (what later versions added is absent from them: a version 3 norm's
/// `rating` is one number for the room, without votes; before version 5
/// no note was edited or removed and no earlier action item changed;
/// before version 6 every meeting ran one protocol, read as an agenda of
/// one item); version 1 is read and upgraded (see [`super::legacy`]).
pub const FORMAT_VERSION: u32 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    InProgress,
    Completed,
    EndedEarly,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::InProgress => "in progress",
            Status::Completed => "completed",
            Status::EndedEarly => "ended early",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Always the first key, so a reader can tell the version from the first line.
    pub version: u32,
    pub status: Status,
    pub started_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// When plg last wrote the file; on resume, the gap since is "time away".
    pub saved_at: DateTime<FixedOffset>,
    /// Rehearsals run faster than real time (`plg run --speed N`); 1 is omitted.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub speed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupRef>,
    #[serde(default)]
    pub norms: Vec<String>,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub roles: Vec<RoleAssignment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focusing_question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    /// Version 3: the setup's other answers, as the protocol's `asks` wants them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilemma: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Version 3: optional phases left out at setup (indexes into `protocol.phases`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<usize>,
    /// Version 3: the seed shuffled rounds were ordered with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Version 3: everyone who presented: the presenter, and each person
    /// who held a round of a `presents: true` phase (and did not pass).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub presented: Vec<String>,
    /// The protocol's id and name, repeated up here for people skimming the file;
    /// the full snapshot is at the end. For an agenda meeting, the agenda's
    /// (the snapshot is the agenda expanded into one plan): what file names,
    /// resuming and `--protocol` start from. The protocols it ran are its
    /// `items`.
    pub protocol_id: String,
    pub protocol_name: String,
    /// Version 6: the agenda the meeting ran, when it ran one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<AgendaRef>,
    /// Version 6: each agenda item as it ran, derived from `steps` when the
    /// record is written, for people reading the file. Absent for a
    /// protocol run alone; readers use [`SessionRecord::item_times`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemRecord>,
    #[serde(default)]
    pub steps: Vec<StepRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<PauseRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<AdjustmentRecord>,
    /// Present while the meeting runs, so it can be resumed after a crash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockState>,
    #[serde(default)]
    pub notes: Vec<NoteRecord>,
    /// Version 5: notes removed, and when; never their text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed_notes: Vec<NoteRemovalRecord>,
    /// The note being typed when the file was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    #[serde(default)]
    pub checkin: Vec<NormRating>,
    /// Version 4: the group skipped the norm check-in this meeting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checkin_skipped: bool,
    #[serde(default)]
    pub plus: Vec<String>,
    #[serde(default)]
    pub delta: Vec<Delta>,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
    /// Version 5: changes made in this meeting to earlier meetings' action
    /// items (see [`ActionChange`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_changes: Vec<ActionChange>,
    /// The protocol as it was run, so old records stay readable when protocol files change.
    pub protocol: Protocol,
}

fn one() -> u32 {
    1
}

/// Version 6: the agenda a meeting ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaRef {
    pub id: String,
    pub name: String,
}

/// Version 6: one agenda item as it ran: its steps' times added up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub name: String,
    /// The protocol the item ran whole, if it ran one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The facilitator picked the protocol at setup (`protocol: choose`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chosen: bool,
    /// Planned seconds, after +/- and rebalancing.
    pub planned_seconds: i64,
    /// Planned seconds as the agenda gave them.
    pub original_seconds: i64,
    /// Running time (pauses excluded).
    pub actual_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<FixedOffset>>,
}

/// One agenda item of a meeting with the steps it ran and their times
/// added up: what `logs show`, the exports and the report group by. A
/// protocol run alone (or a record from before agendas) is one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTimes {
    /// The item and the phases it spans in the record's protocol.
    pub span: ItemSpan,
    /// Whether the meeting ran an agenda (else this is the protocol alone).
    pub agenda: bool,
    /// Indexes into the record's `steps`.
    pub steps: Vec<usize>,
    pub planned_seconds: i64,
    pub original_seconds: i64,
    pub actual_seconds: i64,
    pub started_at: Option<DateTime<FixedOffset>>,
    pub ended_at: Option<DateTime<FixedOffset>>,
}

/// Each item of `protocol` with the times of its steps. Sums saturate: a
/// validated record keeps each step within ten years, so they never do.
pub fn item_times(protocol: &Protocol, steps: &[StepRecord]) -> Vec<ItemTimes> {
    let agenda = protocol.is_agenda();
    let mut out: Vec<ItemTimes> = protocol
        .items()
        .into_iter()
        .map(|span| ItemTimes {
            span,
            agenda,
            steps: Vec::new(),
            planned_seconds: 0,
            original_seconds: 0,
            actual_seconds: 0,
            started_at: None,
            ended_at: None,
        })
        .collect();
    // A phase no span holds (a record edited by hand) falls to the item
    // its `item` names, else the first: every step counts somewhere.
    let owner = |phase: usize| {
        out.iter()
            .position(|i| i.span.phases.contains(&phase))
            .or_else(|| {
                let named = protocol.item_of(phase);
                out.iter().position(|i| i.span.index == named)
            })
            .unwrap_or(0)
    };
    let owners: Vec<usize> = steps.iter().map(|s| owner(s.phase_index)).collect();
    let mut open = vec![false; out.len()];
    for (i, (s, at)) in steps.iter().zip(owners).enumerate() {
        let Some(item) = out.get_mut(at) else {
            continue;
        };
        item.steps.push(i);
        item.planned_seconds = item.planned_seconds.saturating_add(s.planned_seconds);
        item.original_seconds = item.original_seconds.saturating_add(s.original_seconds);
        item.actual_seconds = item.actual_seconds.saturating_add(s.actual_seconds);
        if let Some(t) = s.started_at {
            item.started_at = Some(item.started_at.map_or(t, |a| a.min(t)));
            match s.ended_at {
                Some(e) => item.ended_at = Some(item.ended_at.map_or(e, |a| a.max(e))),
                // Begun and not left: the step still running.
                None => open[at] = true,
            }
        }
    }
    for (item, open) in out.iter_mut().zip(open) {
        if open {
            item.ended_at = None;
        }
    }
    out
}

impl ItemTimes {
    /// The item's line in the record's `items:`.
    pub fn record(&self, plan: Option<&crate::protocol::PlannedItem>) -> ItemRecord {
        ItemRecord {
            name: self.span.name.clone(),
            protocol: self.span.protocol.clone(),
            chosen: plan.is_some_and(|p| p.chosen),
            planned_seconds: self.planned_seconds,
            original_seconds: self.original_seconds,
            actual_seconds: self.actual_seconds,
            started_at: self.started_at,
            ended_at: self.ended_at,
        }
    }

    /// A protocol run whole (the item runs one, or the meeting ran only it).
    pub fn is_protocol(&self) -> bool {
        self.span.protocol.is_some()
    }
}

fn is_one(v: &u32) -> bool {
    *v == 1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The phase's name, for people reading the file.
    pub phase: String,
    /// Index into `protocol.phases`.
    pub phase_index: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<Round>,
    /// When the step would have started had everything gone to the protocol's plan.
    pub planned_start: DateTime<FixedOffset>,
    /// Planned seconds, after +/- and rebalancing.
    pub planned_seconds: i64,
    /// Planned seconds as the protocol gave them.
    pub original_seconds: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Running time (pauses excluded).
    pub actual_seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseRecord {
    pub step: usize,
    pub from: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<FixedOffset>>,
    /// Set when the pause covers time plg was not running (a crash, a closed laptop).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub away: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentRecord {
    pub at: DateTime<FixedOffset>,
    pub step: usize,
    pub kind: crate::meeting::AdjustmentKind,
    pub seconds: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockState {
    pub current_step: usize,
    /// When the current running interval began; absent while paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running_since: Option<DateTime<FixedOffset>>,
    /// The bell has rung for these steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub belled: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRecord {
    pub at: DateTime<FixedOffset>,
    pub step: usize,
    /// The phase's name (and round), for people reading the file.
    pub phase: String,
    pub kind: String,
    pub text: String,
    /// Version 5: when the text was last edited (the earlier text is not kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<DateTime<FixedOffset>>,
}

/// Version 5: a note was removed. Only that, and when: nothing it said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRemovalRecord {
    /// When it was removed.
    pub at: DateTime<FixedOffset>,
    /// The step it had been written in.
    pub step: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub at: DateTime<FixedOffset>,
    pub kind: String,
    pub text: String,
}

/// Everything needed to write a record; borrowed from the running app.
pub struct SessionView<'a> {
    pub meeting: &'a Meeting,
    pub setup: &'a Setup,
    pub closing: &'a Closing,
    pub status: Status,
    pub draft: Option<(&'a str, &'a str)>,
    pub speed: u32,
}

/// Whole seconds in the local offset: what a person reading the file needs.
pub fn local(t: DateTime<Utc>, offset: FixedOffset) -> DateTime<FixedOffset> {
    t.with_timezone(&offset).trunc_subsecs(0)
}

pub use crate::meeting::progress::step_label;

/// Everyone who presented in a meeting: the presenter, then each person
/// whose round of a `presents: true` phase began and was not passed (in
/// every circle), in the order their rounds came.
pub fn presented(m: &Meeting, setup: &Setup) -> Vec<String> {
    let mut out: Vec<String> = setup
        .roles
        .iter()
        .filter(|r| r.role == "presenter")
        .map(|r| r.person.clone())
        .collect();
    for s in &m.steps {
        let presents = m
            .protocol
            .phases
            .get(s.phase)
            .and_then(|p| p.round.as_ref())
            .is_some_and(|r| r.presents);
        let Some(round) = s.round.as_ref().filter(|r| presents && !r.passed) else {
            continue;
        };
        if s.first_entered.is_none() {
            continue;
        }
        let people = round
            .person
            .iter()
            .chain(round.circles.iter().filter_map(|c| c.person.as_ref()));
        for p in people {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    out
}

impl SessionRecord {
    /// The record of a meeting in progress with nothing set up or closed,
    /// at real speed: what tests of other parts build from a meeting.
    #[cfg(test)]
    pub(crate) fn in_progress(
        m: &Meeting,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> SessionRecord {
        SessionRecord::from_session(
            &SessionView {
                meeting: m,
                setup: &Setup::default(),
                closing: &Closing::default(),
                status: Status::InProgress,
                draft: None,
                speed: 1,
            },
            now,
            offset,
        )
    }

    /// Builds the record of a session at `now`, with times in `offset` (the local zone).
    pub fn from_session(
        view: &SessionView<'_>,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> SessionRecord {
        let m = view.meeting;
        let mut planned_start = m.started_at;
        let steps: Vec<StepRecord> = m
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let rec = StepRecord {
                    phase: step_label(&m.protocol, s),
                    phase_index: s.phase,
                    round: s.round.clone(),
                    planned_start: local(planned_start, offset),
                    planned_seconds: s.planned.num_seconds(),
                    original_seconds: s.original.num_seconds(),
                    started_at: s.first_entered.map(|t| local(t, offset)),
                    ended_at: if i == m.current && !m.is_ended() {
                        None
                    } else {
                        s.last_left.map(|t| local(t, offset))
                    },
                    actual_seconds: m.elapsed(i, now).num_seconds(),
                };
                planned_start += s.original;
                rec
            })
            .collect();
        let label = |step: usize| {
            m.steps
                .get(step)
                .map(|s| step_label(&m.protocol, s))
                .unwrap_or_default()
        };
        let (agenda, items) = match &m.protocol.agenda {
            Some(plan) => (
                Some(AgendaRef {
                    id: plan.id.clone(),
                    name: plan.name.clone(),
                }),
                item_times(&m.protocol, &steps)
                    .iter()
                    .map(|t| t.record(plan.items.get(t.span.index)))
                    .collect(),
            ),
            None => (None, Vec::new()),
        };
        SessionRecord {
            version: FORMAT_VERSION,
            status: view.status,
            started_at: local(m.started_at, offset),
            ended_at: m.ended_at.map(|t| local(t, offset)),
            saved_at: local(now, offset),
            speed: view.speed.max(1),
            group: view.setup.group.clone(),
            norms: view.setup.norms.clone(),
            attendance: view.setup.attendance.clone(),
            roles: view.setup.roles.clone(),
            focusing_question: view.setup.focusing_question.clone(),
            work: view.setup.work.clone(),
            dilemma: view.setup.dilemma.clone(),
            text: view.setup.text.clone(),
            data: view.setup.data.clone(),
            left_out: view.setup.left_out.clone(),
            seed: view.setup.seed,
            presented: presented(m, view.setup),
            protocol_id: m.protocol.id.clone(),
            protocol_name: m.protocol.name.clone(),
            agenda,
            items,
            steps,
            pauses: m
                .pauses
                .iter()
                .map(|p| PauseRecord {
                    step: p.step,
                    from: local(p.from, offset),
                    to: p.to.map(|t| local(t, offset)),
                    away: p.away,
                })
                .collect(),
            adjustments: m
                .adjustments
                .iter()
                .map(|a| AdjustmentRecord {
                    at: local(a.at, offset),
                    step: a.step,
                    kind: a.kind,
                    seconds: a.seconds,
                })
                .collect(),
            clock: (!m.is_ended()).then(|| ClockState {
                current_step: m.current,
                running_since: m.running_since.map(|t| local(t, offset)),
                belled: m
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.belled)
                    .map(|(i, _)| i)
                    .collect(),
            }),
            notes: m
                .notes
                .iter()
                .map(|n| NoteRecord {
                    at: local(n.at, offset),
                    step: n.step,
                    phase: label(n.step),
                    kind: n.kind.clone(),
                    text: n.text.clone(),
                    edited_at: n.edited.map(|t| local(t, offset)),
                })
                .collect(),
            removed_notes: m
                .removed_notes
                .iter()
                .map(|r| NoteRemovalRecord {
                    at: local(r.at, offset),
                    step: r.step,
                })
                .collect(),
            draft: view
                .draft
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(kind, text)| Draft {
                    at: local(now, offset),
                    kind: kind.to_string(),
                    text: text.to_string(),
                }),
            checkin: view.closing.checkin.clone(),
            checkin_skipped: view.closing.checkin_skipped,
            plus: view.closing.plus.clone(),
            delta: view.closing.delta.clone(),
            actions: view.closing.actions.clone(),
            action_changes: view.closing.action_changes.clone(),
            protocol: m.protocol.clone(),
        }
    }

    pub fn setup(&self) -> Setup {
        Setup {
            group: self.group.clone(),
            norms: self.norms.clone(),
            attendance: self.attendance.clone(),
            roles: self.roles.clone(),
            focusing_question: self.focusing_question.clone(),
            work: self.work.clone(),
            dilemma: self.dilemma.clone(),
            text: self.text.clone(),
            data: self.data.clone(),
            left_out: self.left_out.clone(),
            seed: self.seed,
        }
    }

    pub fn closing(&self) -> Closing {
        Closing {
            checkin: self.checkin.clone(),
            plus: self.plus.clone(),
            delta: self.delta.clone(),
            actions: self.actions.clone(),
            checkin_skipped: self.checkin_skipped,
            action_changes: self.action_changes.clone(),
        }
    }

    /// The meeting's agenda items with their times, from the steps (one
    /// item, the protocol, for a meeting that ran a protocol alone).
    pub fn item_times(&self) -> Vec<ItemTimes> {
        item_times(&self.protocol, &self.steps)
    }

    /// The agenda item a step belongs to (an index into [`Self::item_times`]'s items).
    pub fn item_of_step(&self, step: usize) -> usize {
        self.steps
            .get(step)
            .map_or(0, |s| self.protocol.item_of(s.phase_index))
    }

    /// How long the meeting lasted: from start to end (or to the last save,
    /// if it never ended), less the time plg was not running (`away`
    /// pauses: a crash, a closed laptop, a meeting left and resumed the
    /// next day), which the room did not spend meeting. Pauses the
    /// facilitator took count: the group sat through them.
    pub fn duration(&self) -> TimeDelta {
        let start = self.started_at;
        let end = self.ended_at.unwrap_or(self.saved_at);
        let away: TimeDelta = self
            .pauses
            .iter()
            .filter(|p| p.away)
            .map(|p| {
                let from = p.from.max(start);
                let to = p.to.unwrap_or(end).min(end);
                (to - from).max(TimeDelta::zero())
            })
            .sum();
        (end - start - away).max(TimeDelta::zero())
    }

    /// Who presented: `presented` (version 3), else the presenter role.
    pub fn presenters(&self) -> Vec<&str> {
        if self.presented.is_empty() {
            self.presenter().into_iter().collect()
        } else {
            self.presented.iter().map(String::as_str).collect()
        }
    }

    pub fn presenter(&self) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == "presenter")
            .map(|r| r.person.as_str())
    }

    /// The meeting as it stood at the last save, for resuming. The time
    /// between the last save and `now` becomes a pause marked `away`, and
    /// the clock comes back paused so the facilitator restarts it.
    pub fn to_meeting(&self, protocol: Protocol, now: DateTime<Utc>) -> Result<Meeting, String> {
        // The arithmetic below is only safe on values within plg's bounds;
        // reading a record validates it too, but this must hold whoever built it.
        super::validate::validate(self).map_err(|e| e.to_string())?;
        if self.steps.is_empty() {
            return Err("the record has no steps to resume".into());
        }
        if self
            .steps
            .iter()
            .any(|s| s.phase_index >= protocol.phases.len())
        {
            return Err("the record's steps do not match its protocol".into());
        }
        let clock = self.clock.clone().unwrap_or(ClockState {
            current_step: 0,
            running_since: None,
            belled: Vec::new(),
        });
        let current = clock.current_step.min(self.steps.len() - 1);
        let saved = self.saved_at.with_timezone(&Utc);
        let mut steps: Vec<Step> = self
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| Step {
                phase: s.phase_index,
                round: s.round.clone(),
                planned: TimeDelta::seconds(s.planned_seconds),
                original: TimeDelta::seconds(s.original_seconds),
                spent: TimeDelta::seconds(s.actual_seconds),
                first_entered: s.started_at.map(|t| t.with_timezone(&Utc)),
                last_left: s.ended_at.map(|t| t.with_timezone(&Utc)),
                belled: clock.belled.contains(&i),
            })
            .collect();
        // actual_seconds of the current step was computed at saved_at, so it already
        // includes the running interval up to the save.
        if let Some(s) = steps.get_mut(current) {
            s.last_left = None;
        }
        let mut pauses: Vec<Pause> = self
            .pauses
            .iter()
            .map(|p| Pause {
                step: p.step,
                from: p.from.with_timezone(&Utc),
                to: p.to.map(|t| t.with_timezone(&Utc)),
                away: p.away,
            })
            .collect();
        // An open pause stays open; otherwise the time away starts one.
        if pauses.last().is_none_or(|p| p.to.is_some()) {
            pauses.push(Pause {
                step: current,
                from: saved.min(now),
                to: None,
                away: true,
            });
        }
        let started_at = self.started_at.with_timezone(&Utc);
        let total: TimeDelta = steps.iter().map(|s| s.original).sum();
        Ok(Meeting {
            protocol,
            steps,
            current,
            started_at,
            planned_end: started_at + total,
            running_since: None,
            pauses,
            adjustments: self
                .adjustments
                .iter()
                .map(|a| Adjustment {
                    at: a.at.with_timezone(&Utc),
                    step: a.step,
                    kind: a.kind,
                    seconds: a.seconds,
                })
                .collect(),
            notes: self
                .notes
                .iter()
                .map(|n| Note {
                    at: n.at.with_timezone(&Utc),
                    step: n.step,
                    kind: n.kind.clone(),
                    text: n.text.clone(),
                    edited: n.edited_at.map(|t| t.with_timezone(&Utc)),
                })
                .collect(),
            removed_notes: self
                .removed_notes
                .iter()
                .map(|r| NoteRemoval {
                    at: r.at.with_timezone(&Utc),
                    step: r.step,
                })
                .collect(),
            ended_at: None,
        })
    }
}
