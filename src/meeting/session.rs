//! What surrounds the timed protocol: who came, who held which role, what
//! the presenter asked, and how the group closed (norm check-in, plus/delta,
//! action items). Pure data; the record module saves it.

use chrono::NaiveDate;
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
}

impl Attendance {
    /// Everyone in the room: members present, then guests.
    pub fn in_room(&self) -> Vec<String> {
        self.present.iter().chain(&self.guests).cloned().collect()
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
}

impl Setup {
    pub fn person_in(&self, role: &str) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .map(|r| r.person.as_str())
    }
}

/// A fist-to-five on one norm: 0 (a fist, not at all) to 5 (fully).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormRating {
    pub norm: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
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
}

impl Closing {
    /// One unrated line per norm, ready for the check-in screen.
    pub fn for_norms(norms: &[String]) -> Closing {
        Closing {
            checkin: norms
                .iter()
                .map(|n| NormRating {
                    norm: n.clone(),
                    rating: None,
                    comment: None,
                })
                .collect(),
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
