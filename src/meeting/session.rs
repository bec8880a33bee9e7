//! What surrounds the timed protocol: who came, who held which role, what
//! the presenter asked, and how the group closed (norm check-in, plus/delta,
//! action items). Pure data; the record module saves it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// The group as it was when the meeting ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Attendance {
    #[serde(default)]
    pub present: Vec<String>,
    #[serde(default)]
    pub absent: Vec<String>,
    /// People who came but are not on the group's roster.
    #[serde(default)]
    pub guests: Vec<String>,
    /// Who came late or left early, in the order it happened. `present`,
    /// `absent` and `guests` already count them as at the end of the meeting.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<AttendanceChange>,
}

/// Someone who came in or left while the meeting ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceChange {
    pub at: DateTime<FixedOffset>,
    pub person: String,
    pub change: Movement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Movement {
    Arrived,
    Left,
}

impl Movement {
    pub fn verb(self) -> &'static str {
        match self {
            Movement::Arrived => "arrived",
            Movement::Left => "left",
        }
    }
}

impl Attendance {
    /// Everyone in the room: members present, then guests.
    pub fn in_room(&self) -> Vec<String> {
        self.present.iter().chain(&self.guests).cloned().collect()
    }

    /// "15:42 Chen Li arrived", one per change, for records and exports.
    pub fn change_texts(&self) -> Vec<String> {
        self.changes
            .iter()
            .map(|c| format!("{} {} {}", c.at.format("%H:%M"), c.person, c.change.verb()))
            .collect()
    }

    /// True while `person` (a member or a guest) is in the room: they came,
    /// and did not leave since.
    pub fn here(&self, person: &str) -> bool {
        self.present.iter().chain(&self.guests).any(|p| p == person)
            && self
                .changes
                .iter()
                .rev()
                .find(|c| c.person == person)
                .is_none_or(|c| c.change == Movement::Arrived)
    }

    /// Someone came in late (or came back), or left early, at `at`.
    /// A member who arrives moves from `absent` to `present`; anyone who
    /// leaves stays where they are listed, since they did attend.
    pub fn set_here(&mut self, person: &str, here: bool, at: DateTime<FixedOffset>) {
        let listed = self.present.iter().chain(&self.guests).any(|p| p == person);
        if here && !listed {
            let Some(i) = self.absent.iter().position(|p| p == person) else {
                return;
            };
            self.present.push(self.absent.remove(i));
        } else if !listed || self.here(person) == here {
            return;
        }
        self.changes.push(AttendanceChange {
            at,
            person: person.to_string(),
            change: if here {
                Movement::Arrived
            } else {
                Movement::Left
            },
        });
    }

    /// A guest who came in during the meeting. Returns false when the name
    /// is already listed (a member or a guest).
    pub fn add_guest(&mut self, name: &str, at: DateTime<FixedOffset>) -> bool {
        let name = name.trim();
        if name.is_empty()
            || self
                .present
                .iter()
                .chain(&self.absent)
                .chain(&self.guests)
                .any(|p| p == name)
        {
            return false;
        }
        self.guests.push(name.to_string());
        self.changes.push(AttendanceChange {
            at,
            person: name.to_string(),
            change: Movement::Arrived,
        });
        true
    }
}

/// A meeting role held by a person, e.g. presenter: Ben Okafor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleAssignment {
    /// A protocol role id, or one of the meeting roles (facilitator, timekeeper, note-taker).
    pub role: String,
    pub person: String,
}

/// Everything decided before the clock starts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Setup {
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
    /// What work is being looked at (a lesson plan, a set of lab reports…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    /// The presenter's dilemma (Consultancy), when the protocol asks for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dilemma: Option<String>,
    /// The text the group reads (Final Word, text protocols).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The data the group looks at (Data Driven Dialogue, ATLAS data).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Optional phases the facilitator left out (indexes into the phases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<usize>,
    /// The seed `order: shuffle` used, so the order can be told again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl Setup {
    pub fn person_in(&self, role: &str) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.person.as_str())
    }
}

/// A fist-to-five on one norm: everyone in the room holds up 0 (a fist,
/// not at all) to 5 (fully) fingers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NormRating {
    pub norm: String,
    /// Versions 1 to 3: one number for the room (how many people, unknown).
    /// Version 4 writes `votes` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// Version 4: how many people showed 0, 1, 2, 3, 4 and 5 fingers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<[u32; 6]>,
    /// Version 4: the facilitator left this norm out of today's check-in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// The room's rating of a norm: an average and, when the show of hands
/// was counted, how many people, the spread and the distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Room {
    pub average: f64,
    /// How many people showed 0..=5 fingers; `None` for a rating from a
    /// record before version 4 (one value, count unknown).
    pub counts: Option<[u32; 6]>,
    pub low: u8,
    pub high: u8,
}

impl Room {
    /// The room from a distribution; `None` when nobody voted.
    pub fn from_counts(counts: [u32; 6]) -> Option<Room> {
        let n: u64 = counts.iter().map(|c| u64::from(*c)).sum();
        if n == 0 {
            return None;
        }
        let total: u64 = (0u64..)
            .zip(counts.iter())
            .map(|(f, c)| f * u64::from(*c))
            .sum();
        let given = |i: &usize| counts.get(*i).is_some_and(|c| *c > 0);
        let low = (0..6).find(given).unwrap_or(0);
        let high = (0..6).rev().find(given).unwrap_or(0);
        Some(Room {
            average: total as f64 / n as f64,
            counts: Some(counts),
            low: u8::try_from(low).unwrap_or(0),
            high: u8::try_from(high).unwrap_or(5),
        })
    }

    /// How many people voted, when known.
    pub fn votes(&self) -> Option<u64> {
        self.counts.map(|c| c.iter().map(|n| u64::from(*n)).sum())
    }

    /// `6 votes · avg 3.8 · 2–5`; a rating from an older record is
    /// `avg 4.0 (one room rating)`, without spread.
    pub fn label(&self) -> String {
        match self.votes() {
            Some(n) => {
                let spread = if self.low == self.high {
                    format!("all {}", self.low)
                } else {
                    format!("{}–{}", self.low, self.high)
                };
                format!(
                    "{n} vote{} · avg {:.1} · {spread}",
                    if n == 1 { "" } else { "s" },
                    self.average
                )
            }
            None => format!("avg {:.1} (one room rating)", self.average),
        }
    }

    /// The distribution, fist to five: `0 0 1 1 3 1`; empty when unknown.
    pub fn distribution(&self) -> String {
        self.counts
            .map(|c| c.iter().map(u32::to_string).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }
}

impl NormRating {
    /// One unrated line for `norm`.
    pub fn new(norm: &str) -> NormRating {
        NormRating {
            norm: norm.to_string(),
            ..NormRating::default()
        }
    }

    /// The room's rating: the counted votes (version 4), else the one
    /// number an older record holds; `None` when unrated or left out.
    pub fn room(&self) -> Option<Room> {
        if self.skipped {
            return None;
        }
        if let Some(r) = self.votes.and_then(Room::from_counts) {
            return Some(r);
        }
        self.rating.map(|r| {
            let r = r.min(5);
            Room {
                average: f64::from(r),
                counts: None,
                low: r,
                high: r,
            }
        })
    }
}

/// "What to change next time", optionally with someone who will see to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delta {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
}

/// Where an action item stands (version 5; older items are open or done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemState {
    #[default]
    Open,
    Done,
    /// The group decided not to do it.
    Dropped,
}

impl ItemState {
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Done => "done",
            ItemState::Dropped => "dropped",
        }
    }

    pub fn parse(s: &str) -> Option<ItemState> {
        match s {
            "open" => Some(ItemState::Open),
            "done" => Some(ItemState::Done),
            "dropped" => Some(ItemState::Dropped),
            _ => None,
        }
    }
}

/// What an [`ActionChange`] changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionField {
    /// `open`, `done` or `dropped`.
    State,
    /// A name, or none.
    Owner,
    /// `YYYY-MM-DD`, or none.
    Due,
}

impl ActionField {
    /// The field's name as the record writes it.
    pub fn label(self) -> &'static str {
        match self {
            ActionField::State => "state",
            ActionField::Owner => "owner",
            ActionField::Due => "due",
        }
    }
}

/// Version 5: a change to an action item written in an earlier meeting's
/// record. It is kept in the record of the meeting where it was made (or a
/// follow-up record, made from the logs browser); the earlier record is
/// never rewritten, and every reader combines the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionChange {
    pub at: DateTime<FixedOffset>,
    /// The ID of the session whose record holds the item.
    pub session: String,
    /// The item's position in that record's `actions`.
    pub item: usize,
    /// The item's text as it read, for people reading the file (and to
    /// find the item should its position not match).
    pub text: String,
    pub field: ActionField,
    /// The value before; absent when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The value after; absent when cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// How the group closed the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Closing {
    #[serde(default)]
    pub checkin: Vec<NormRating>,
    #[serde(default)]
    pub plus: Vec<String>,
    #[serde(default)]
    pub delta: Vec<Delta>,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
    /// Version 4: the group skipped the norm check-in this meeting.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checkin_skipped: bool,
    /// Version 5: changes made in this meeting to earlier meetings' action items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_changes: Vec<ActionChange>,
}

impl Closing {
    /// One unrated line per norm, ready for the check-in screen.
    pub fn for_norms(norms: &[String]) -> Closing {
        Closing {
            checkin: norms.iter().map(|n| NormRating::new(n)).collect(),
            ..Closing::default()
        }
    }
}

/// Norms offered when a meeting runs without a group and config.yaml names none.
pub fn starter_norms() -> Vec<String> {
    [
        "Start and end on time",
        "Be present: devices away",
        "Hard on ideas, soft on people",
        "Share airtime",
        "Assume positive intent",
        "What is said here stays here",
    ]
    .map(String::from)
    .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .and_then(|o| o.with_ymd_and_hms(2026, 11, 23, 15, minute, 0).single())
            .expect("a valid time")
    }

    fn roll() -> Attendance {
        Attendance {
            present: vec!["Ana Ruiz".into(), "Ben Okafor".into()],
            absent: vec!["Dana Wright".into()],
            ..Attendance::default()
        }
    }

    #[test]
    fn a_late_member_moves_to_present_with_the_time_noted() {
        let mut a = roll();
        assert!(!a.here("Dana Wright"));
        a.set_here("Dana Wright", true, at(32));
        assert!(a.here("Dana Wright"));
        assert_eq!(a.present, ["Ana Ruiz", "Ben Okafor", "Dana Wright"]);
        assert!(a.absent.is_empty());
        assert_eq!(
            a.changes,
            [AttendanceChange {
                at: at(32),
                person: "Dana Wright".into(),
                change: Movement::Arrived
            }]
        );
        // Marking someone here who already is changes nothing.
        a.set_here("Ana Ruiz", true, at(33));
        a.set_here("Nobody Known", true, at(33));
        assert_eq!(a.changes.len(), 1);
        assert_eq!(a.change_texts(), ["15:32 Dana Wright arrived"]);
    }

    #[test]
    fn a_member_who_leaves_early_still_attended_and_the_time_is_kept() {
        let mut a = roll();
        a.set_here("Ben Okafor", false, at(40));
        assert!(!a.here("Ben Okafor"));
        assert_eq!(a.present, ["Ana Ruiz", "Ben Okafor"]);
        assert_eq!(a.absent, ["Dana Wright"]);
        a.set_here("Ben Okafor", true, at(45));
        assert!(a.here("Ben Okafor"));
        assert_eq!(
            a.change_texts(),
            ["15:40 Ben Okafor left", "15:45 Ben Okafor arrived"]
        );
    }

    #[test]
    fn guests_join_once_and_stay_listed_after_leaving() {
        let mut a = roll();
        assert!(a.add_guest("  Eve Sample ", at(10)));
        assert!(!a.add_guest("Eve Sample", at(11)), "already here");
        assert!(!a.add_guest("Dana Wright", at(11)), "a member, not a guest");
        assert!(!a.add_guest("   ", at(11)));
        assert!(a.here("Eve Sample"));
        a.set_here("Eve Sample", false, at(30));
        assert!(!a.here("Eve Sample"));
        assert_eq!(a.guests, ["Eve Sample"]);
        a.set_here("Eve Sample", false, at(31));
        assert_eq!(a.changes.len(), 2, "leaving twice is one change");
        assert_eq!(a.in_room(), ["Ana Ruiz", "Ben Okafor", "Eve Sample"]);
    }
}
