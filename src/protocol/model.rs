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
    /// Set when this is an agenda expanded for one meeting (see
    /// [`crate::agenda`]): its items, in order. Each phase names its item
    /// in [`Phase::item`]. A protocol run alone has none, and reads as an
    /// agenda of one item (see [`Protocol::items`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<AgendaPlan>,
}

/// The agenda a meeting ran, as kept in its record: the agenda's id and name
/// and its items. The phases themselves are the protocol's `phases`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaPlan {
    pub id: String,
    pub name: String,
    pub items: Vec<PlannedItem>,
}

/// One item of an agenda as run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedItem {
    /// The item's name; for a nested protocol, the protocol's name.
    pub name: String,
    /// The nested protocol's id, when the item runs a whole protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The facilitator picked the protocol at setup (`protocol: choose`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chosen: bool,
}

/// An agenda item with the phases it spans: what readers (the runner's
/// timeline, `logs show`, exports, the report) group by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSpan {
    /// Index into the agenda's items (0 for a protocol run alone).
    pub index: usize,
    pub name: String,
    /// The protocol the item runs, if any (a protocol alone: itself).
    pub protocol: Option<String>,
    /// Indexes into `phases`.
    pub phases: std::ops::Range<usize>,
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
    /// The note kind Enter opens in this phase; `None` opens the plain `note`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enter: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checkin: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// How each round of a repeated phase runs: whose rounds, in what
    /// order, passes, circles, timed turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<RoundSpec>,
    /// In an expanded agenda, the index of the item this phase belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
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
pub const ROUND_PERSON: &str = "round_person";
/// Inside turns: everyone in the circle but the round's person.
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
/// must be given for `repeat: each` without a roster and the protocol names
/// no ideal group size.
pub(crate) const TYPICAL_GROUP: usize = 8;

/// The most steps one meeting can expand to: a phase is one step, a
/// repeated phase one per round, and a round with turns one per turn (an
/// `each` turn one per other person in the circle). Past this a meeting is no longer
/// something a group can sit through, and planning, drawing and saving it
/// would cost more than plg should spend (9,000 phases of 1,000 rounds once
/// took a minute to start and wrote a 1.76 GB record).
pub(crate) const MAX_STEPS: usize = 500;

/// The group size `plg check` counts `repeat: each` phases for when
/// `group_size` gives no number: a whole staff meeting rather than a PLG.
pub(crate) const LARGEST_GROUP: usize = 40;

/// The id of the plain note every protocol has: implicit unless the
/// protocol declares its own kind of that id.
pub const PLAIN_NOTE: &str = "note";

fn plain_note() -> NoteKind {
    NoteKind {
        id: PLAIN_NOTE.into(),
        label: "Note".into(),
        key: None,
    }
}

/// The implicit plain note, for lookups that hand out a reference.
static IMPLICIT_NOTE: std::sync::LazyLock<NoteKind> = std::sync::LazyLock::new(plain_note);

pub(crate) fn default_note_kinds() -> Vec<NoteKind> {
    vec![plain_note()]
}

/// The role id that makes `who: participants` mean "everyone but the facilitator".
pub(crate) const FACILITATOR: &str = "facilitator";

/// How a room of `people` splits into circles of about `about` people that
/// run at the same time: `max(1, round(people / about))` circles, as even as
/// possible, largest first. 8 people in circles of about 5 give `[4, 4]`, 11
/// give `[6, 5]`, 4 give `[4]`. No people, no circles; `about` of 0 counts as 1.
/// One entry per circle: callers with a real roster. [`circle_count`] and
/// [`Protocol::phase_plan`] give the same numbers without building a list.
pub fn circle_sizes(people: usize, about: u32) -> Vec<usize> {
    let k = circle_count(people, about);
    if k == 0 {
        return Vec::new();
    }
    let (base, extra) = (people / k, people % k);
    (0..k).map(|i| base + usize::from(i < extra)).collect()
}

/// How many circles [`circle_sizes`] makes: `max(1, round(people / about))`,
/// 0 for no people.
pub fn circle_count(people: usize, about: u32) -> usize {
    if people == 0 {
        return 0;
    }
    let about = usize::try_from(about.max(1)).unwrap_or(usize::MAX);
    // Rounds half up: 10 people in circles of about 4 make 3 circles.
    let half_or_more = (people % about).saturating_mul(2) >= about;
    (people / about + usize::from(half_or_more)).max(1)
}

fn secs_of(minutes: f64) -> u64 {
    // The checker keeps minutes in (0, 240]; a record's snapshot is only
    // validated, so the cast (which saturates, and maps NaN to 0) keeps
    // any other value harmless.
    (minutes * 60.0).round() as u64
}

/// What one phase expands to for a group: the people whose rounds these
/// are, how they split into circles, and what is timed. See
/// [`Protocol::phase_plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhasePlan {
    /// The people whose rounds these are (`round.who`), for `repeat: each`;
    /// the group for other phases.
    pub round_people: usize,
    /// How many circles run at once for `repeat: each` (one, of everyone in
    /// the rounds, without `circles`); 0 for other phases.
    pub circles: usize,
    /// The largest and the smallest circle (they differ by at most one).
    pub largest_circle: usize,
    pub smallest_circle: usize,
    /// The people a round is timed for, whom `each` turns count: the
    /// largest circle, or everyone present for one role's rounds and for
    /// phases that are not `repeat: each`.
    pub circle: usize,
    /// The rounds that are timed: for `repeat: each`, one per person in the
    /// largest circle (circles run at the same time); the `repeat` number;
    /// or 1.
    pub rounds: usize,
    /// Planned seconds of one round (in the largest circle).
    pub round_secs: u64,
    /// Steps of one round: one per turn, an `each` turn one per other
    /// person in the largest circle; 1 without turns.
    pub steps_per_round: usize,
    /// `rounds × steps_per_round`, saturating.
    pub steps: usize,
    /// `rounds × round_secs`, saturating.
    pub secs: u64,
}

impl Phase {
    /// Planned seconds of one round. A phase whose rounds have turns has no
    /// minutes of its own: its round is counted as
    /// [`round_secs_for`](Self::round_secs_for) a circle of `circles` people,
    /// or of `TYPICAL_GROUP` (8) without circles. Use
    /// [`Protocol::phase_plan`] when the group is known.
    pub fn round_secs(&self) -> u64 {
        match &self.round {
            Some(r) if !r.turns.is_empty() => {
                let about = r
                    .circles
                    .and_then(|c| usize::try_from(c).ok())
                    .unwrap_or(TYPICAL_GROUP);
                self.round_secs_for(about)
            }
            _ => secs_of(self.minutes),
        }
    }

    /// Planned seconds of one round in a circle of `circle` people: the sum
    /// of the turns, an `each` turn counting once per other person
    /// (`circle − 1` times); `minutes` when the round has no turns.
    pub fn round_secs_for(&self, circle: usize) -> u64 {
        let turns = self.turns();
        if turns.is_empty() {
            return secs_of(self.minutes);
        }
        let others = u64::try_from(circle.saturating_sub(1)).unwrap_or(u64::MAX);
        turns.iter().fold(0u64, |total, t| {
            let times = if t.each { others } else { 1 };
            total.saturating_add(secs_of(t.minutes).saturating_mul(times))
        })
    }

    /// Steps of one round in a circle of `circle` people: one per turn, an
    /// `each` turn one per other person; 1 when the round has no turns.
    pub fn round_steps_for(&self, circle: usize) -> usize {
        let turns = self.turns();
        if turns.is_empty() {
            return 1;
        }
        let others = circle.saturating_sub(1);
        turns.iter().fold(0usize, |n, t| {
            n.saturating_add(if t.each { others } else { 1 })
        })
    }

    /// The timed turns of each round (empty without `round.turns`).
    pub fn turns(&self) -> &[Turn] {
        self.round.as_ref().map_or(&[], |r| r.turns.as_slice())
    }

    /// How many rounds this phase runs when `people` have rounds: the
    /// `repeat` number, one per person for `repeat: each`, else 1.
    pub fn rounds(&self, people: usize) -> usize {
        match self.repeat {
            None => 1,
            Some(Repeat::Times(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            Some(Repeat::Each) => people.max(1),
        }
    }
}

impl Protocol {
    /// True when the protocol declares a `facilitator` role, so that
    /// `who: participants` leaves one person out.
    pub fn has_facilitator(&self) -> bool {
        self.roles.iter().any(|r| r.id == FACILITATOR)
    }

    /// How many of `people` present have rounds in `phase`: everyone for
    /// `who: present` (the default); one fewer for `who: participants` when
    /// the protocol has a facilitator role; one person for `who: ROLE`
    /// (the roster decides at the meeting). Never more than `people`.
    pub fn round_people(&self, phase: &Phase, people: usize) -> usize {
        let who = phase.round.as_ref().map(|r| &r.who);
        match who {
            None | Some(RoundWho::Present) => people,
            Some(RoundWho::Participants) if self.has_facilitator() => people.saturating_sub(1),
            Some(RoundWho::Participants) => people,
            Some(RoundWho::Role(_)) => people.min(1),
        }
    }

    /// What `phase` expands to for a group of `people`: rounds of `who`,
    /// split into circles that run at the same time (the largest circle's
    /// rounds are what is timed), and turns.
    pub fn phase_plan(&self, phase: &Phase, people: usize) -> PhasePlan {
        let round_people = self.round_people(phase, people);
        let (circles, largest, smallest, rounds, circle) = match phase.repeat {
            Some(Repeat::Each) => {
                let about = phase.round.as_ref().and_then(|r| r.circles);
                let circles = match about {
                    Some(about) => circle_count(round_people, about),
                    None => usize::from(round_people > 0),
                };
                let (largest, smallest) = match circles {
                    0 => (0, 0),
                    k => (round_people.div_ceil(k), round_people / k),
                };
                let rounds = match phase.round.as_ref().map(|r| &r.who) {
                    // One person's rounds; the whole room is the circle.
                    Some(RoundWho::Role(_)) => 1,
                    _ => largest.max(1),
                };
                let circle = match phase.round.as_ref().map(|r| &r.who) {
                    Some(RoundWho::Role(_)) => people,
                    _ => largest,
                };
                (circles, largest, smallest, rounds, circle)
            }
            _ => (0, 0, 0, phase.rounds(people), people),
        };
        let round_secs = phase.round_secs_for(circle);
        let steps_per_round = phase.round_steps_for(circle);
        let n = u64::try_from(rounds).unwrap_or(u64::MAX);
        PhasePlan {
            round_people,
            circles,
            largest_circle: largest,
            smallest_circle: smallest,
            circle,
            rounds,
            round_secs,
            steps_per_round,
            steps: rounds.saturating_mul(steps_per_round),
            secs: round_secs.saturating_mul(n),
        }
    }

    /// Planned length of the whole protocol for a group of `people`.
    pub fn total_secs(&self, people: usize) -> u64 {
        self.phases.iter().fold(0u64, |total, p| {
            total.saturating_add(self.phase_plan(p, people).secs)
        })
    }

    /// How many steps a meeting of this protocol expands to for a group of
    /// `people`: one per phase, one per round of a repeated phase, one per
    /// turn of a round with turns (an `each` turn one per other person in
    /// the largest circle). Counted without building them, so a runaway
    /// protocol costs nothing to refuse.
    pub fn step_count(&self, people: usize) -> usize {
        self.phases.iter().fold(0usize, |n, p| {
            n.saturating_add(self.phase_plan(p, people).steps)
        })
    }

    /// The first phase (index) at which a meeting for `people` passes
    /// `MAX_STEPS` (500), and the steps counted up to and including it.
    pub fn phase_past_step_cap(&self, people: usize) -> Option<(usize, usize)> {
        let mut n = 0usize;
        for (i, p) in self.phases.iter().enumerate() {
            n = n.saturating_add(self.phase_plan(p, people).steps);
            if n > MAX_STEPS {
                return Some((i, n));
            }
        }
        None
    }

    /// The group size totals are given for when no roster is known: the
    /// ideal `group_size`, or `TYPICAL_GROUP` (8).
    pub fn planning_group(&self) -> usize {
        self.group_size
            .as_ref()
            .and_then(GroupSize::ideal)
            .map_or(TYPICAL_GROUP, |n| n.max(1))
    }

    /// The largest group the protocol declares: the largest number in
    /// `group_size` ("5-12" gives 12), or `LARGEST_GROUP` (40) when it gives none.
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

    /// Whether the protocol declares its own `note` kind; otherwise the
    /// plain note is implicit, offered in every phase, and has no key.
    pub fn declares_plain_note(&self) -> bool {
        self.note_kinds.iter().any(|k| k.id == PLAIN_NOTE)
    }

    /// The note kinds offered in a phase: the implicit plain note first
    /// (when the protocol declares no `note` of its own), then the declared
    /// kinds the phase's `notes:` lists (all of them without it), in
    /// declaration order.
    pub fn kinds_for(&self, phase: &Phase) -> Vec<&NoteKind> {
        let mut kinds: Vec<&NoteKind> = Vec::new();
        if !self.declares_plain_note() {
            kinds.push(&IMPLICIT_NOTE);
        }
        kinds.extend(
            self.note_kinds
                .iter()
                .filter(|k| phase.notes.as_ref().is_none_or(|ids| ids.contains(&k.id))),
        );
        kinds
    }

    /// Every note kind a meeting may record: the implicit plain note first
    /// (when the protocol declares no `note` of its own), then the declared
    /// kinds. For summaries that count or label notes by kind.
    pub fn every_note_kind(&self) -> Vec<&NoteKind> {
        let mut kinds: Vec<&NoteKind> = Vec::new();
        if !self.declares_plain_note() {
            kinds.push(&IMPLICIT_NOTE);
        }
        kinds.extend(self.note_kinds.iter());
        kinds
    }

    /// The note kind a key opens in a phase: the first kind offered there
    /// with that key. An agenda's plan gathers the kinds of several files,
    /// so two may share a key (Setting Norms' `d` and the agenda's decision);
    /// each phase offers its own file's kinds first, so they keep their keys
    /// and the decision keeps `d` everywhere else.
    pub fn kind_for_key(&self, phase: &Phase, key: char) -> Option<&NoteKind> {
        self.kinds_for(phase)
            .into_iter()
            .find(|k| k.key == Some(key))
    }

    /// The kinds offered in a phase that a key opens there, each key once
    /// (see [`Protocol::kind_for_key`]): what the footer and help list.
    pub fn keyed_kinds(&self, phase: &Phase) -> Vec<&NoteKind> {
        let mut seen: Vec<char> = Vec::new();
        self.kinds_for(phase)
            .into_iter()
            .filter(|k| match k.key {
                Some(c) if !seen.contains(&c) => {
                    seen.push(c);
                    true
                }
                _ => false,
            })
            .collect()
    }

    /// Whether a note of kind `id` may be opened in the phase.
    pub fn offers(&self, phase: &Phase, id: &str) -> bool {
        self.kinds_for(phase).iter().any(|k| k.id == id)
    }

    /// The kind Enter opens in a phase: its `enter:`, else the plain note,
    /// else (a declared `note` the phase does not offer) the first kind offered.
    pub fn enter_kind(&self, phase: &Phase) -> String {
        let offered = self.kinds_for(phase);
        phase
            .enter
            .as_deref()
            .filter(|id| offered.iter().any(|k| k.id == *id))
            .or_else(|| {
                offered
                    .iter()
                    .find(|k| k.id == PLAIN_NOTE)
                    .map(|k| k.id.as_str())
            })
            .or_else(|| offered.first().map(|k| k.id.as_str()))
            .unwrap_or(PLAIN_NOTE)
            .to_string()
    }

    /// A note kind by id, the implicit plain note included.
    pub fn note_kind(&self, id: &str) -> Option<&NoteKind> {
        self.note_kinds
            .iter()
            .find(|k| k.id == id)
            .or_else(|| (id == PLAIN_NOTE).then_some(&*IMPLICIT_NOTE))
    }

    /// The meeting's items with the phases each spans, in order: an
    /// expanded agenda's items, or (a protocol run alone, or a record from
    /// before agendas) one item named after the protocol spanning every
    /// phase. Spans are contiguous and in order; items keep their indexes.
    pub fn items(&self) -> Vec<ItemSpan> {
        let Some(agenda) = &self.agenda else {
            return vec![ItemSpan {
                index: 0,
                name: self.name.clone(),
                protocol: Some(self.id.clone()),
                phases: 0..self.phases.len(),
            }];
        };
        let mut spans = Vec::with_capacity(agenda.items.len());
        let mut at = 0;
        for (index, item) in agenda.items.iter().enumerate() {
            let start = at;
            while at < self.phases.len() && self.phases[at].item == Some(index) {
                at += 1;
            }
            spans.push(ItemSpan {
                index,
                name: item.name.clone(),
                protocol: item.protocol.clone(),
                phases: start..at,
            });
        }
        spans
    }

    /// The agenda item a phase belongs to (0 for a protocol run alone).
    pub fn item_of(&self, phase: usize) -> usize {
        self.phases.get(phase).and_then(|p| p.item).unwrap_or(0)
    }

    /// Whether this is an agenda expanded for a meeting.
    pub fn is_agenda(&self) -> bool {
        self.agenda.is_some()
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

    /// A protocol of these phases, and nothing else said.
    fn protocol(phases: Vec<Phase>) -> Protocol {
        Protocol {
            id: "x".into(),
            name: "X".into(),
            summary: "s".into(),
            note_kinds: default_note_kinds(),
            phases,
            ..Protocol::default()
        }
    }

    #[test]
    fn totals_count_rounds() {
        let p = protocol(vec![
            phase(1.5, None),
            phase(2.0, Some(Repeat::Times(3))),
            phase(5.0, Some(Repeat::Each)),
        ]);
        assert_eq!(p.total_secs(4), 90 + 360 + 1200);
        assert!(p.depends_on_people());
    }

    #[test]
    fn steps_count_rounds_and_the_first_phase_past_the_cap_is_named() {
        let mut p = protocol(vec![
            phase(1.0, None),
            phase(1.0, Some(Repeat::Times(3))),
            phase(1.0, Some(Repeat::Each)),
        ]);
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
            group_size: Some("5-12".into()),
            ..protocol(vec![])
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
    fn circles_are_as_even_as_possible_largest_first() {
        assert_eq!(circle_sizes(8, 5), vec![4, 4]);
        assert_eq!(circle_sizes(11, 5), vec![6, 5]);
        assert_eq!(circle_sizes(4, 5), vec![4]);
        assert_eq!(circle_sizes(9, 5), vec![5, 4]);
        assert_eq!(circle_sizes(10, 4), vec![4, 3, 3]);
        assert_eq!(circle_sizes(1, 5), vec![1]);
        assert_eq!(circle_sizes(0, 5), Vec::<usize>::new());
        assert_eq!(circle_sizes(3, 0), vec![1, 1, 1]);
        assert_eq!(circle_count(usize::MAX, 2), usize::MAX / 2 + 1);
        assert_eq!(circle_count(7, u32::MAX), 1);
    }

    fn turn(minutes: f64, each: bool) -> Turn {
        Turn {
            name: "T".into(),
            speaker: if each { OTHERS } else { ROUND_PERSON }.into(),
            minutes,
            each,
            silent: vec![],
        }
    }

    /// Final Word: share 3, respond 1 each, final word 1; circles of about 5.
    fn final_word(circles: Option<u32>) -> Protocol {
        Protocol {
            id: "fw".into(),
            name: "FW".into(),
            summary: "s".into(),
            roles: vec![Role {
                id: FACILITATOR.into(),
                name: "Facilitator".into(),
                description: None,
            }],
            note_kinds: default_note_kinds(),
            phases: vec![
                phase(5.0, None),
                Phase {
                    repeat: Some(Repeat::Each),
                    minutes: 0.0,
                    round: Some(RoundSpec {
                        who: RoundWho::Participants,
                        circles,
                        turns: vec![turn(3.0, false), turn(1.0, true), turn(1.0, false)],
                        ..RoundSpec::default()
                    }),
                    ..phase(0.0, None)
                },
            ],
            ..Protocol::default()
        }
    }

    #[test]
    fn rounds_with_turns_count_each_turn_once_per_other_person() {
        let p = final_word(Some(5));
        let ph = &p.phases[1];
        assert_eq!(ph.round_secs_for(4), (3 + 3 + 1) * 60);
        assert_eq!(ph.round_steps_for(4), 1 + 3 + 1);
        assert_eq!(ph.round_secs_for(1), 4 * 60, "alone, nobody responds");
        assert_eq!(ph.round_secs(), (3 + 4 + 1) * 60, "a circle of about 5");
        assert_eq!(phase(2.5, None).round_secs_for(9), 150);
        assert_eq!(phase(2.5, None).round_steps_for(9), 1);
    }

    #[test]
    fn circles_run_at_once_so_the_largest_is_timed() {
        let p = final_word(Some(5));
        // 9 present, a facilitator: 8 participants in two circles of 4.
        let plan = p.phase_plan(&p.phases[1], 9);
        assert_eq!(
            plan,
            PhasePlan {
                round_people: 8,
                circles: 2,
                largest_circle: 4,
                smallest_circle: 4,
                circle: 4,
                rounds: 4,
                round_secs: 7 * 60,
                steps_per_round: 5,
                steps: 20,
                secs: 28 * 60,
            }
        );
        assert_eq!(p.total_secs(9), (5 + 28) * 60);
        assert_eq!(p.step_count(9), 1 + 20);
        // 12 present: 11 participants, circles of 6 and 5.
        let plan = p.phase_plan(&p.phases[1], 12);
        let sizes = (plan.largest_circle, plan.smallest_circle);
        assert_eq!((plan.circles, sizes, plan.rounds), (2, (6, 5), 6));
        assert_eq!(plan.round_secs, (3 + 5 + 1) * 60);
        // Without circles everyone is one circle.
        let p = final_word(None);
        let plan = p.phase_plan(&p.phases[1], 9);
        assert_eq!((plan.circles, plan.rounds, plan.steps), (1, 8, 8 * 9));
    }

    #[test]
    fn who_decides_whose_rounds() {
        let mut p = final_word(None);
        assert_eq!(p.round_people(&p.phases[1], 9), 8);
        p.roles.clear();
        assert_eq!(p.round_people(&p.phases[1], 9), 9, "no facilitator role");
        if let Some(r) = p.phases[1].round.as_mut() {
            r.who = RoundWho::Role("presenter".into());
        }
        let plan = p.phase_plan(&p.phases[1], 9);
        assert_eq!((plan.round_people, plan.rounds), (1, 1));
        assert_eq!(plan.round_secs, (3 + 8 + 1) * 60, "the room responds");
        assert_eq!(p.round_people(&p.phases[0], 9), 9);
        assert_eq!(p.phase_plan(&p.phases[0], 0).rounds, 1);
    }

    #[test]
    fn totals_are_planned_for_the_ideal_size_or_eight() {
        let mut p = final_word(None);
        assert_eq!(p.planning_group(), TYPICAL_GROUP);
        p.group_size = Some(GroupSize::Numbers {
            min: 4,
            ideal: Some(6),
            max: 10,
        });
        assert_eq!(p.planning_group(), 6);
        assert_eq!(p.largest_group(), 10);
    }

    #[test]
    fn turn_steps_count_against_the_cap() {
        let p = final_word(None);
        // 41 present: 40 participants, 40 rounds of 1 + 39 + 1 turns.
        assert_eq!(p.step_count(41), 1 + 40 * 41);
        assert_eq!(p.phase_past_step_cap(41), Some((1, 1 + 40 * 41)));
        assert!(p.step_count(usize::MAX) >= MAX_STEPS, "saturates");
        assert!(p.total_secs(usize::MAX) > 0, "saturates");
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
