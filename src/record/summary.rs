//! What the index keeps of one record: enough for `plg logs`, `plg report`
//! and search without parsing the YAML again.

use chrono::{DateTime, FixedOffset, TimeDelta};

use super::format::{SessionRecord, Status};
use crate::meeting::session::{
    ActionChange, ActionItem, Attendance, Delta, GroupRef, NormRating, RoleAssignment,
};

/// What the review commands need from one record, without the protocol
/// snapshot, step timings or pauses (those are read from the file itself by
/// `plg logs show` and exports).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    /// The format version the file was written in (1 for upgraded records).
    pub version: u32,
    pub status: Status,
    pub started_at: DateTime<FixedOffset>,
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Wall time from start to end, or to the last save for unfinished meetings.
    pub duration_seconds: i64,
    /// Greater than 1 for rehearsals.
    pub speed: u32,
    pub group: Option<GroupRef>,
    /// The record's `protocol_id` and `protocol_name`: for an agenda
    /// meeting, the agenda's.
    pub protocol_id: String,
    pub protocol_name: String,
    /// Format 6: the meeting ran an agenda (else one protocol alone).
    pub agenda: bool,
    /// The meeting's items with their running time: an agenda's items, or
    /// one item, the protocol, for a protocol run alone or an older record.
    pub items: Vec<ItemSummary>,
    pub attendance: Attendance,
    pub roles: Vec<RoleAssignment>,
    pub focusing_question: Option<String>,
    pub work: Option<String>,
    pub notes: Vec<IndexedNote>,
    pub checkin: Vec<NormRating>,
    /// Format 4: the check-in was skipped this meeting.
    pub checkin_skipped: bool,
    pub plus: Vec<String>,
    pub delta: Vec<Delta>,
    pub actions: Vec<ActionItem>,
    /// Format 5: changes made in this meeting to earlier meetings' action items.
    pub action_changes: Vec<ActionChange>,
    /// Everyone who presented (format 3): the presenter and each person who
    /// held a round of a `presents: true` phase. Empty in older records.
    pub presented: Vec<String>,
}

/// One agenda item as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSummary {
    pub name: String,
    /// The protocol the item ran whole, if any.
    pub protocol: Option<String>,
    /// Running time of the item's steps (pauses excluded).
    pub actual_seconds: i64,
}

/// One note as the index keeps it; its position in [`SessionSummary::notes`]
/// is its position in the record's `notes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedNote {
    /// Seconds after the meeting started; a number is much cheaper to load than a timestamp.
    pub at_seconds: i64,
    /// The phase's name (and round) as the record shows it.
    pub phase: String,
    pub kind: String,
    pub text: String,
}

impl SessionSummary {
    /// The summary of a parsed record.
    pub fn of(record: &SessionRecord) -> SessionSummary {
        SessionSummary {
            version: record.version,
            status: record.status,
            started_at: record.started_at,
            ended_at: record.ended_at,
            duration_seconds: record.duration().num_seconds(),
            speed: record.speed,
            group: record.group.clone(),
            protocol_id: record.protocol_id.clone(),
            protocol_name: record.protocol_name.clone(),
            agenda: record.protocol.is_agenda(),
            items: record
                .item_times()
                .into_iter()
                .map(|t| ItemSummary {
                    actual_seconds: t.actual_seconds,
                    name: t.span.name,
                    protocol: t.span.protocol,
                })
                .collect(),
            // Who came and went is read from the record itself; the cache
            // does not keep it, so a summary is the same parsed or cached.
            attendance: Attendance {
                changes: Vec::new(),
                ..record.attendance.clone()
            },
            roles: record.roles.clone(),
            focusing_question: record.focusing_question.clone(),
            work: record.work.clone(),
            notes: record
                .notes
                .iter()
                .map(|n| IndexedNote {
                    at_seconds: (n.at - record.started_at).num_seconds(),
                    phase: n.phase.clone(),
                    kind: n.kind.clone(),
                    text: n.text.clone(),
                })
                .collect(),
            checkin: record.checkin.clone(),
            checkin_skipped: record.checkin_skipped,
            plus: record.plus.clone(),
            delta: record.delta.clone(),
            actions: record.actions.clone(),
            action_changes: record.action_changes.clone(),
            presented: record.presented.clone(),
        }
    }

    /// Whether the meeting ran protocol `p` (an id, or a name in any case):
    /// as the protocol alone, as the agenda (an agenda's id and name are the
    /// record's `protocol_id`/`protocol_name`), or as one of its items.
    pub fn ran(&self, p: &str) -> bool {
        self.protocol_id == p
            || self.protocol_name.eq_ignore_ascii_case(p)
            || self.items.iter().any(|i| {
                i.protocol
                    .as_deref()
                    .is_some_and(|id| id == p || i.name.eq_ignore_ascii_case(p))
            })
    }

    /// What ran, for a list: the protocol's name, or an agenda's name with
    /// the protocols it ran (`Weekly PLG meeting: Consultancy Protocol`).
    pub fn what_ran(&self) -> String {
        if !self.agenda {
            return self.protocol_name.clone();
        }
        let nested: Vec<&str> = self
            .items
            .iter()
            .filter(|i| i.protocol.is_some())
            .map(|i| i.name.as_str())
            .collect();
        if nested.is_empty() {
            self.protocol_name.clone()
        } else {
            format!("{}: {}", self.protocol_name, nested.join(", "))
        }
    }

    /// [`Self::what_ran`] by ids, for `plg logs list`: `tuning`, or
    /// `weekly: consultancy`.
    pub fn what_ran_ids(&self) -> String {
        let nested: Vec<&str> = self
            .items
            .iter()
            .filter_map(|i| i.protocol.as_deref())
            .collect();
        if !self.agenda || nested.is_empty() {
            self.protocol_id.clone()
        } else {
            format!("{}: {}", self.protocol_id, nested.join(", "))
        }
    }

    /// Who presented: `presented`, else the presenter role (older records).
    pub fn presenters(&self) -> Vec<&str> {
        if self.presented.is_empty() {
            self.presenter().into_iter().collect()
        } else {
            self.presented.iter().map(String::as_str).collect()
        }
    }

    /// Who held the presenter role, if anyone did.
    pub fn presenter(&self) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == "presenter")
            .map(|r| r.person.as_str())
    }

    /// Who presented, for a table cell: "Ben Okafor", "Ana Ruiz, Chen Li", or "—".
    pub fn presenters_label(&self) -> String {
        let all = self.presenters();
        if all.is_empty() {
            "—".into()
        } else {
            all.join(", ")
        }
    }

    /// A rehearsal ran faster than real time (`plg run --speed N`).
    pub fn is_rehearsal(&self) -> bool {
        self.speed > 1
    }

    /// Saturating: a summary comes from a validated record or a checksummed
    /// cache, but a number that slipped through must not panic a listing.
    pub fn duration(&self) -> TimeDelta {
        TimeDelta::try_seconds(self.duration_seconds).unwrap_or(TimeDelta::zero())
    }

    /// When a note was taken, in the record's own time zone.
    pub fn note_time(&self, note: &IndexedNote) -> DateTime<FixedOffset> {
        TimeDelta::try_seconds(note.at_seconds)
            .and_then(|d| self.started_at.checked_add_signed(d))
            .unwrap_or(self.started_at)
    }

    pub fn group_id(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.id.as_str())
    }
}
