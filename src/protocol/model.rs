//! The checked protocol: what the runner, records and reports read.
//!
//! Values here have passed every rule in [`super::check`]; code that holds a
//! `Protocol` can rely on ids being unique and references resolving. The
//! serde derives exist so a session record can keep a snapshot of the
//! protocol as it was run, in the same shape a coach writes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Protocol {
    pub id: String,
    pub name: String,
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_size: Option<GroupSize>,
    /// What to have in the room: shown at setup and by `plg show`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<String>,
    /// What the presenter and facilitator do before the meeting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preparation: Option<String>,
    /// What setup asks for; `None` asks for the focusing question and the
    /// work, as every protocol did before `asks` existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asks: Option<Vec<Ask>>,
    /// The published length of the whole protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_minutes: Option<MinutesRange>,
    /// Protocol-level notes for the facilitator: readiness, cautions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// Never empty: a protocol without `note_kinds` gets the single kind `note`.
    #[serde(default = "default_note_kinds")]
    pub note_kinds: Vec<NoteKind>,
    pub phases: Vec<Phase>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteKind {
    pub id: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    pub name: String,
    /// Planned minutes per round; decimals allowed. A phase whose round has
    /// `turns` has no minutes of its own (0 here): the turns make its length.
    #[serde(default)]
    pub minutes: f64,
    /// The published range of minutes: rebalancing stays inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<MinutesRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    /// Roles that listen without answering.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silent: Vec<String>,
    #[serde(default, skip_serializing_if = "Mode::is_talk")]
    pub mode: Mode,
    /// Rebalancing never shrinks it (a debrief, the presenter's reflection).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub protect: bool,
    /// The facilitator may leave it out at setup.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prompts: Vec<String>,
    /// Note kinds offered in this phase; `None` offers all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checkin: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// How each round of a repeated phase runs: whose rounds, in what
    /// order, passes, circles, timed turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<RoundSpec>,
}

/// `group_size`: free text as before, or numbers plg can plan with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GroupSize {
    Numbers {
        min: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ideal: Option<u32>,
        max: u32,
    },
    Text(String),
}

impl GroupSize {
    /// The largest group the size allows, if it names a number ("5-12" gives 12).
    pub fn largest(&self) -> Option<usize> {
        match self {
            GroupSize::Numbers { max, .. } => Some(usize::try_from(*max).unwrap_or(usize::MAX)),
            GroupSize::Text(text) => text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|run| !run.is_empty())
                // A run of digits too long for usize is simply very large.
                .map(|run| run.parse::<usize>().unwrap_or(usize::MAX))
                .max(),
        }
    }

    /// The size the protocol works best with, when it says.
    pub fn ideal(&self) -> Option<usize> {
        match self {
            GroupSize::Numbers { ideal, .. } => ideal.and_then(|n| usize::try_from(n).ok()),
            GroupSize::Text(_) => None,
        }
    }
}

impl From<&str> for GroupSize {
    fn from(text: &str) -> Self {
        GroupSize::Text(text.to_string())
    }
}

impl std::fmt::Display for GroupSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupSize::Text(t) => f.write_str(t),
            GroupSize::Numbers { min, ideal, max } => {
                write!(f, "{min}-{max}")?;
                match ideal {
                    Some(i) => write!(f, ", best {i}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// What setup asks the facilitator for before the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    FocusingQuestion,
    Work,
    Dilemma,
    Text,
    Data,
}

/// A published span of minutes, written `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 2]", into = "[f64; 2]")]
pub struct MinutesRange {
    pub low: f64,
    pub high: f64,
}

impl From<[f64; 2]> for MinutesRange {
    fn from([low, high]: [f64; 2]) -> Self {
        MinutesRange { low, high }
    }
}

impl From<MinutesRange> for [f64; 2] {
    fn from(r: MinutesRange) -> Self {
        [r.low, r.high]
    }
}

/// Who has the floor: one role id (or `everyone`), or several roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Speaker {
    One(String),
    Many(Vec<String>),
}

impl Speaker {
    /// The role ids, in order.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Speaker::One(id) => vec![id.as_str()],
            Speaker::Many(ids) => ids.iter().map(String::as_str).collect(),
        }
    }
}

/// How the room works during a phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// People speak (who, `speaker` says).
    #[default]
    Talk,
    /// Nobody talks: reading, looking at the work.
    Silent,
    /// The conversation is written (a chalk talk).
    Written,
}

impl Mode {
    fn is_talk(&self) -> bool {
        *self == Mode::Talk
    }
}

/// `round:` of a repeated phase.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoundSpec {
    /// Whose rounds these are.
    #[serde(default)]
    pub who: RoundWho,
    /// Each round's person counts as having presented (Success Analysis).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub presents: bool,
    #[serde(default, skip_serializing_if = "Order::is_roster")]
    pub order: Order,
    /// A person may pass; the round is skipped and recorded as passed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pass: bool,
    /// Split the room into circles of about this many that run at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circles: Option<u32>,
    /// Timed turns inside each round; the round's length is their sum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub turns: Vec<Turn>,
}

/// Whose rounds a repeated phase runs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum RoundWho {
    /// Everyone present.
    #[default]
    Present,
    /// Everyone present but the facilitator.
    Participants,
    /// The people holding this role.
    Role(String),
}

impl From<String> for RoundWho {
    fn from(s: String) -> Self {
        match s.as_str() {
            "present" => RoundWho::Present,
            "participants" => RoundWho::Participants,
            _ => RoundWho::Role(s),
        }
    }
}

impl From<RoundWho> for String {
    fn from(w: RoundWho) -> Self {
        match w {
            RoundWho::Present => "present".into(),
            RoundWho::Participants => "participants".into(),
            RoundWho::Role(id) => id,
        }
    }
}

/// The order rounds go in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    #[default]
    Roster,
    Shuffle,
    /// The facilitator picks the person at each round.
    Chosen,
}

impl Order {
    fn is_roster(&self) -> bool {
        *self == Order::Roster
    }
}

/// One timed turn inside a round.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub name: String,
    /// A role id, `everyone`, [`ROUND_PERSON`] or [`OTHERS`].
    pub speaker: String,
    pub minutes: f64,
    /// One turn per other person in the circle, each with its own clock.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub each: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silent: Vec<String>,
}

/// Inside turns: the person whose round it is.
#[allow(dead_code)] // read by the checker and the runner as they learn turns
pub const ROUND_PERSON: &str = "round_person";
/// Inside turns: everyone in the circle but the round's person.
#[allow(dead_code)] // read by the checker and the runner as they learn turns
pub const OTHERS: &str = "others";

/// How many times a phase runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Times(u32),
    /// One round per person present.
    Each,
}

/// The speaker value meaning the whole group.
pub(crate) const EVERYONE: &str = "everyone";

/// Keys the runner binds; a note kind may not claim them.
/// Enter, Tab and Esc are bound too but cannot be written as one character.
pub(crate) const RUNNER_KEYS: &[char] = &[
    ' ', 'n', 'p', 'q', 'f', '?', '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
];

/// A typical group of 8 (the low end of the usual 8–12), used wherever a total
/// must be given for `repeat: each` without a roster.
pub(crate) const TYPICAL_GROUP: usize = 8;

/// The most steps one meeting can expand to: each phase is a step, and each
/// round of a repeated phase is one more. Past this a meeting is no longer
/// something a group can sit through, and planning, drawing and saving it
/// would cost more than plg should spend (9,000 phases of 1,000 rounds once
/// took a minute to start and wrote a 1.76 GB record).
pub(crate) const MAX_STEPS: usize = 500;

/// The group size `plg check` counts `repeat: each` phases for when
/// `group_size` gives no number: a whole staff meeting rather than a PLG.
pub(crate) const LARGEST_GROUP: usize = 40;

pub(crate) fn default_note_kinds() -> Vec<NoteKind> {
    vec![NoteKind {
        id: "note".into(),
        label: "Note".into(),
        key: None,
    }]
}

impl Phase {
    /// Planned seconds of one round.
    pub fn round_secs(&self) -> u64 {
        // The checker keeps minutes in (0, 240]; a record's snapshot is only
        // validated, so the cast (which saturates, and maps NaN to 0) keeps
        // any other value harmless.
        (self.minutes * 60.0).round() as u64
    }

    /// How many rounds this phase runs for a group of `people`.
    pub fn rounds(&self, people: usize) -> usize {
        match self.repeat {
            None => 1,
            Some(Repeat::Times(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            Some(Repeat::Each) => people.max(1),
        }
    }
}

impl Protocol {
    /// Planned length of the whole protocol for a group of `people`.
    pub fn total_secs(&self, people: usize) -> u64 {
        self.phases.iter().fold(0u64, |total, p| {
            let rounds = u64::try_from(p.rounds(people)).unwrap_or(u64::MAX);
            total.saturating_add(p.round_secs().saturating_mul(rounds))
        })
    }

    /// How many steps a meeting of this protocol expands to for a group of
    /// `people`: one per phase, one per round of a repeated phase. Counted
    /// without building them, so a runaway protocol costs nothing to refuse.
    pub fn step_count(&self, people: usize) -> usize {
        self.phases
            .iter()
            .fold(0usize, |n, p| n.saturating_add(p.rounds(people)))
    }

    /// The first phase (index) at which a meeting for `people` passes
    /// [`MAX_STEPS`], and the steps counted up to and including it.
    pub fn phase_past_step_cap(&self, people: usize) -> Option<(usize, usize)> {
        let mut n = 0usize;
        for (i, p) in self.phases.iter().enumerate() {
            n = n.saturating_add(p.rounds(people));
            if n > MAX_STEPS {
                return Some((i, n));
            }
        }
        None
    }

    /// The largest group the protocol declares: the largest number in
    /// `group_size` ("5-12" gives 12), or [`LARGEST_GROUP`] when it gives none.
    pub fn largest_group(&self) -> usize {
        self.group_size
            .as_ref()
            .and_then(GroupSize::largest)
            .map_or(LARGEST_GROUP, |n| n.max(1))
    }

    /// True when the length depends on how many people are present.
    pub fn depends_on_people(&self) -> bool {
        self.phases.iter().any(|p| p.repeat == Some(Repeat::Each))
    }

    /// Who has the floor, as the room should read it ("Presenter",
    /// "Presenter and Facilitator").
    pub fn speaker_name(&self, phase: &Phase) -> Option<String> {
        let ids = phase.speaker.as_ref()?.ids();
        let names: Vec<String> = ids.iter().map(|id| self.role_name(id)).collect();
        (!names.is_empty()).then(|| names.join(" and "))
    }

    /// A role's name as the room reads it; `everyone` is "Everyone".
    pub fn role_name(&self, id: &str) -> String {
        if id == EVERYONE {
            return "Everyone".into();
        }
        self.roles
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_string(), |r| r.name.clone())
    }

    /// What setup asks for: `asks`, or the focusing question and the work.
    pub fn asks(&self) -> Vec<Ask> {
        self.asks
            .clone()
            .unwrap_or_else(|| vec![Ask::FocusingQuestion, Ask::Work])
    }

    /// The note kinds offered in a phase, in declaration order.
    pub fn kinds_for(&self, phase: &Phase) -> Vec<&NoteKind> {
        match &phase.notes {
            None => self.note_kinds.iter().collect(),
            Some(ids) => self
                .note_kinds
                .iter()
                .filter(|k| ids.contains(&k.id))
                .collect(),
        }
    }

    pub fn note_kind(&self, id: &str) -> Option<&NoteKind> {
        self.note_kinds.iter().find(|k| k.id == id)
    }

    /// The phase in which the norm check-in happens, if the protocol names one.
    pub fn checkin_phase(&self) -> Option<usize> {
        self.phases.iter().position(|p| p.checkin)
    }
}

impl Serialize for Repeat {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Repeat::Times(n) => s.serialize_u32(*n),
            Repeat::Each => s.serialize_str("each"),
        }
    }
}

impl<'de> Deserialize<'de> for Repeat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Times(u32),
            Word(String),
        }
        match Raw::deserialize(d)? {
            Raw::Times(n) if n > 0 => Ok(Repeat::Times(n)),
            Raw::Word(w) if w == "each" => Ok(Repeat::Each),
            _ => Err(serde::de::Error::custom(
                "repeat must be a positive whole number or `each`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(minutes: f64, repeat: Option<Repeat>) -> Phase {
        Phase {
            name: "P".into(),
            minutes,
            speaker: None,
            instructions: None,
            facilitator_notes: None,
            prompts: vec![],
            notes: None,
            checkin: false,
            repeat,
            ..Phase::default()
        }
    }

    #[test]
    fn totals_count_rounds() {
        let p = Protocol {
            id: "x".into(),
            name: "X".into(),
            summary: "s".into(),
            purpose: None,
            source: None,
            group_size: None,
            roles: vec![],
            note_kinds: default_note_kinds(),
            phases: vec![
                phase(1.5, None),
                phase(2.0, Some(Repeat::Times(3))),
                phase(5.0, Some(Repeat::Each)),
            ],
            ..Protocol::default()
        };
        assert_eq!(p.total_secs(4), 90 + 360 + 1200);
        assert!(p.depends_on_people());
    }

    #[test]
    fn steps_count_rounds_and_the_first_phase_past_the_cap_is_named() {
        let mut p = Protocol {
            id: "x".into(),
            name: "X".into(),
            summary: "s".into(),
            purpose: None,
            source: None,
            group_size: None,
            roles: vec![],
            note_kinds: default_note_kinds(),
            phases: vec![
                phase(1.0, None),
                phase(1.0, Some(Repeat::Times(3))),
                phase(1.0, Some(Repeat::Each)),
            ],
            ..Protocol::default()
        };
        assert_eq!(p.step_count(4), 1 + 3 + 4);
        assert_eq!(p.phase_past_step_cap(4), None);
        assert_eq!(p.phase_past_step_cap(MAX_STEPS), Some((2, 4 + MAX_STEPS)));
        p.phases[1].repeat = Some(Repeat::Times(u32::MAX));
        assert_eq!(p.phase_past_step_cap(1).map(|(i, _)| i), Some(1));
        assert!(
            p.step_count(usize::MAX) >= MAX_STEPS,
            "saturates, never overflows"
        );
        assert!(p.total_secs(usize::MAX) > 0, "saturates, never overflows");
    }

    #[test]
    fn the_largest_group_comes_from_group_size() {
        let mut p = Protocol {
            id: "x".into(),
            name: "X".into(),
            summary: "s".into(),
            purpose: None,
            source: None,
            group_size: Some("5-12".into()),
            roles: vec![],
            note_kinds: default_note_kinds(),
            phases: vec![],
            ..Protocol::default()
        };
        assert_eq!(p.largest_group(), 12);
        p.group_size = Some("up to 30 people, best 8".into());
        assert_eq!(p.largest_group(), 30);
        p.group_size = Some("small".into());
        assert_eq!(p.largest_group(), LARGEST_GROUP);
        p.group_size = None;
        assert_eq!(p.largest_group(), LARGEST_GROUP);
        p.group_size = Some("99999999999999999999999".into());
        assert_eq!(p.largest_group(), usize::MAX);
    }

    #[test]
    fn repeat_round_trips_through_yaml() {
        let each: Repeat = serde_yaml::from_str("each").unwrap();
        assert_eq!(each, Repeat::Each);
        let three: Repeat = serde_yaml::from_str("3").unwrap();
        assert_eq!(three, Repeat::Times(3));
        assert!(serde_yaml::from_str::<Repeat>("0").is_err());
        assert_eq!(serde_yaml::to_string(&Repeat::Each).unwrap().trim(), "each");
    }
}
