//! Reads protocol YAML into a [`Protocol`], reporting every problem with a position.

use crate::yaml::short_number;
use std::collections::HashMap;

use crate::diag::{Checked, Diagnostic, Span};
use crate::yaml::decode::{Decoder, check_document, did_you_mean, word_list};
use crate::yaml::{Node, Value};

use super::model::{
    Ask, EVERYONE, GroupSize, MAX_STEPS, MinutesRange, Mode, NoteKind, OTHERS, Order, PLAIN_NOTE,
    Phase, Protocol, ROUND_PERSON, RUNNER_KEYS, Repeat, Role, RoundSpec, RoundWho, Speaker,
    TYPICAL_GROUP, Turn, default_note_kinds,
};

pub(crate) const PROTOCOL_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "purpose",
    "source",
    "group_size",
    "materials",
    "preparation",
    "asks",
    "total_minutes",
    "facilitator_notes",
    "roles",
    "note_kinds",
    "phases",
];
pub(crate) const GROUP_SIZE_KEYS: &[&str] = &["min", "ideal", "max"];
pub(crate) const ROLE_KEYS: &[&str] = &["id", "name", "description"];
pub(crate) const NOTE_KIND_KEYS: &[&str] = &["id", "label", "key"];
pub(crate) const PHASE_KEYS: &[&str] = &[
    "name",
    "minutes",
    "speaker",
    "instructions",
    "facilitator_notes",
    "prompts",
    "notes",
    "enter",
    "checkin",
    "repeat",
    "range",
    "silent",
    "mode",
    "protect",
    "optional",
    "round",
];
pub(crate) const ROUND_KEYS: &[&str] = &["who", "presents", "order", "pass", "circles", "turns"];
pub(crate) const TURN_KEYS: &[&str] = &["name", "speaker", "minutes", "each", "silent"];
/// What `asks` may name, as written.
pub(crate) const ASK_WORDS: &[&str] = &["focusing_question", "work", "dilemma", "text", "data"];
pub(crate) const MODE_WORDS: &[&str] = &["talk", "silent", "written"];
pub(crate) const ORDER_WORDS: &[&str] = &["roster", "shuffle", "chosen"];
/// `round.who` words besides role ids.
pub(crate) const WHO_WORDS: &[&str] = &["present", "participants"];
/// The largest number `group_size` may give: far past any group that meets.
pub(crate) const MAX_GROUP: u32 = 10_000;
/// The longest `total_minutes` a protocol may publish: a full day.
pub(crate) const MAX_TOTAL_MINUTES: f64 = 1440.0;

pub(crate) const MAX_MINUTES: f64 = 240.0;
/// Above this the whole meeting is longer than a PLG slot; worth a warning.
pub(crate) const LONG_TOTAL_MINUTES: u64 = 90;
/// A round per person longer than this multiplies into a very long phase.
pub(crate) const LONG_ROUND_MINUTES: f64 = 10.0;

/// Checks protocol text. The file name check lives with file loading.
pub fn check(src: &str) -> Checked<Protocol> {
    check_document(src, "a protocol", "id: my-protocol", read_protocol)
}

fn read_protocol(root: &Node, d: &mut Decoder) -> Option<Protocol> {
    if wrong_kind(root, d, "items", "phases") {
        return None;
    }
    let map = d.map(root, "the protocol", PROTOCOL_KEYS)?;

    let id = d.required_id(&map, "id: tuning");
    let name = d.required_text(&map, "name", "name: Tuning Protocol");
    let summary = d.required_text(&map, "summary", "summary: Feedback on a piece of work.");
    let purpose = d.optional_text(&map, "purpose");
    let source = d.optional_text(&map, "source");
    let group_size = map
        .get_some("group_size")
        .and_then(|n| read_group_size(n, d, &map.what));
    let group_size_read = group_size.is_some();
    let materials = map
        .get_some("materials")
        .map(|n| texts(d.text_list(n, "materials", &map.what)))
        .unwrap_or_default();
    let preparation = d.optional_text(&map, "preparation");
    let asks = map.get_some("asks").map(|n| read_asks(n, d, &map.what));
    let total_minutes = map
        .get_some("total_minutes")
        .and_then(|n| read_range(n, d, "total_minutes", &map.what, MAX_TOTAL_MINUTES));
    let facilitator_notes = d.optional_text(&map, "facilitator_notes");

    let roles = map
        .get_some("roles")
        .map(|n| read_roles(n, d, &map.what))
        .unwrap_or_default();

    let note_kinds = match map.get_some("note_kinds") {
        Some(n) => read_note_kinds(n, d, &map.what),
        None => Kinds {
            everywhere: Vec::new(),
            list: default_note_kinds(),
            flawed: Vec::new(),
            unreadable: false,
        },
    };

    let phases_node = d.required(
        &map,
        "phases",
        "phases: [ { name: Presentation, minutes: 10 } ]",
    );
    let mut phases = Vec::new();
    // The node and position of each phase read, for messages about the whole list.
    let mut phase_items: Vec<(&Node, usize)> = Vec::new();
    if let Some(node) = phases_node
        && let Some(items) = d.list(node, "phases", &map.what)
    {
        if items.is_empty() {
            d.error(
                node.span,
                "`phases` is empty; a protocol needs at least one phase",
                "add a phase such as `- { name: Discussion, minutes: 15 }`",
            );
        }
        let mut checkin_at: Option<usize> = None;
        for (i, item) in items.iter().enumerate() {
            // A phase with mistakes is still read as far as it goes, so the
            // checks on the whole protocol see it.
            let Some(phase) = read_phase(item, i, &roles, &note_kinds, d) else {
                continue;
            };
            phase_items.push((item, i));
            if phase.checkin {
                if let Some(first) = checkin_at {
                    let span = item_key_span(item, "checkin");
                    d.error(
                        span,
                        format!(
                            "phase {} also has `checkin: true`; phase {} already holds the check-in",
                            i + 1,
                            first + 1
                        ),
                        "the norm check-in happens once per meeting; keep it in one phase (usually the debrief)",
                    );
                } else {
                    checkin_at = Some(i);
                }
            }
            phases.push(phase);
        }
    }

    let protocol = Protocol {
        // Missing values were reported; the whole-protocol checks below
        // still run on what was read, and `check` gives no value.
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        purpose,
        source,
        group_size,
        materials,
        preparation,
        asks,
        total_minutes,
        facilitator_notes,
        roles: roles.list,
        note_kinds: note_kinds.list,
        phases,
        agenda: None,
    };
    // An unreadable group size was reported; counting for 40 would only add noise.
    if group_size_read || map.get_some("group_size").is_none() {
        step_cap(&protocol, &phase_items, d);
    }
    if protocol.phases.is_empty() {
        return Some(protocol);
    }
    let people = protocol.planning_group();
    let total_secs = protocol.total_secs(people);
    let for_people = if protocol.depends_on_people() {
        format!(" for a group of {people}")
    } else {
        String::new()
    };
    if let Some(node) = phases_node {
        let total = total_secs / 60;
        if total > LONG_TOTAL_MINUTES {
            d.warning(
                map.key_span("phases").unwrap_or(node.span),
                format!(
                    "the phases add up to {total} minutes{for_people}, more than {LONG_TOTAL_MINUTES}"
                ),
                "PLG meetings usually run 50-60 minutes; shorten some phases or split the protocol",
            );
        }
    }
    if let (Some(range), Some(node)) = (protocol.total_minutes, map.get("total_minutes")) {
        let total = total_secs as f64 / 60.0;
        if total < range.low || total > range.high {
            d.warning(
                node.span,
                format!(
                    "the phases add up to {} minutes{for_people}, outside `total_minutes: [{}, {}]`",
                    crate::text::minutes_number(total_secs),
                    range.low,
                    range.high
                ),
                "change some phases' minutes, or the published total if it is the one that is off",
            );
        }
    }
    Some(protocol)
}

fn texts(items: Vec<(String, Span)>) -> Vec<String> {
    items.into_iter().map(|(t, _)| t).collect()
}

/// `group_size`: free text, or `{min, ideal, max}`.
fn read_group_size(node: &Node, d: &mut Decoder, parent: &str) -> Option<GroupSize> {
    match &node.value {
        Value::Scalar(_) => d.text(node, "group_size", parent).map(GroupSize::Text),
        Value::Map(_) => {
            let map = d.map(node, "`group_size`", GROUP_SIZE_KEYS)?;
            let whole = |key: &str, d: &mut Decoder| -> Option<(u32, Span)> {
                let n = map.get_some(key)?;
                let v = read_whole(n, d, key, "`group_size`", 1, MAX_GROUP, "people")?;
                Some((v, n.span))
            };
            let min = whole("min", d);
            let ideal = whole("ideal", d);
            let max = whole("max", d);
            for key in ["min", "max"] {
                if map.get_some(key).is_none() {
                    d.required(&map, key, &format!("{key}: 8"));
                }
            }
            let (min, max) = (min?, max?);
            if let Some((i, span)) = ideal
                && (i < min.0 || i > max.0)
            {
                d.error(
                    span,
                    format!(
                        "`ideal: {i}` in `group_size` is outside `min: {}` to `max: {}`",
                        min.0, max.0
                    ),
                    "the ideal size lies between the smallest and the largest group",
                );
                return None;
            }
            if min.0 > max.0 {
                d.error(
                    max.1,
                    format!("`max: {}` in `group_size` is below `min: {}`", max.0, min.0),
                    "write the smallest group as `min` and the largest as `max`",
                );
                return None;
            }
            Some(GroupSize::Numbers {
                min: min.0,
                ideal: ideal.map(|i| i.0),
                max: max.0,
            })
        }
        Value::Seq(_) => {
            d.error(
                node.span,
                format!(
                    "`group_size` in {parent} must be text or `{{min, ideal, max}}`, but it is a list"
                ),
                "write `group_size: {min: 4, ideal: 6, max: 10}` or `group_size: \"5-12\"`",
            );
            None
        }
    }
}

/// A whole number from `low` to `high`; `unit` names what it counts.
fn read_whole(
    node: &Node,
    d: &mut Decoder,
    key: &str,
    what: &str,
    low: u32,
    high: u32,
    unit: &str,
) -> Option<u32> {
    let n = d.number(node, key, what)?;
    if n.fract() != 0.0 || n < f64::from(low) || n > f64::from(high) {
        let written = node
            .as_scalar()
            .map_or_else(|| n.to_string(), |s| short_number(&s.text));
        d.error(
            node.span,
            format!(
                "`{key}` in {what} is {written}; it must be a whole number of {unit} from {low} to {high}"
            ),
            format!("e.g. `{key}: {}`", low.max(5).min(high)),
        );
        return None;
    }
    Some(n as u32)
}

/// One of a few words, with a did-you-mean.
fn read_word<'w>(
    node: &Node,
    d: &mut Decoder,
    key: &str,
    what: &str,
    words: &[&'w str],
) -> Option<&'w str> {
    let text = d.text(node, key, what)?;
    if let Some(w) = words.iter().find(|w| **w == text) {
        return Some(w);
    }
    let hint = match did_you_mean(&text, words.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!("write one of {}", word_list(words)),
    };
    d.error(
        node.span,
        format!(
            "`{key}: {text}` in {what} is not one of {}",
            word_list(words)
        ),
        hint,
    );
    None
}

fn read_asks(node: &Node, d: &mut Decoder, parent: &str) -> Vec<Ask> {
    let Some(items) = d.list(node, "asks", parent) else {
        return Vec::new();
    };
    let mut asks: Vec<Ask> = Vec::new();
    for item in items {
        let Some(word) = read_word(item, d, "asks", parent, ASK_WORDS) else {
            continue;
        };
        let ask = match word {
            "focusing_question" => Ask::FocusingQuestion,
            "work" => Ask::Work,
            "dilemma" => Ask::Dilemma,
            "text" => Ask::Text,
            _ => Ask::Data,
        };
        if asks.contains(&ask) {
            d.error(
                item.span,
                format!("`asks` in {parent} names `{word}` twice"),
                "setup asks for each thing once; remove one",
            );
            continue;
        }
        asks.push(ask);
    }
    asks
}

/// `[low, high]`: two numbers, more than 0, at most `most`, low ≤ high.
fn read_range(
    node: &Node,
    d: &mut Decoder,
    key: &str,
    what: &str,
    most: f64,
) -> Option<MinutesRange> {
    let example = if key == "range" {
        "[10, 15]"
    } else {
        "[60, 75]"
    };
    let items = match &node.value {
        Value::Seq(items) if items.len() == 2 => items,
        _ => {
            d.error(
                node.span,
                format!(
                    "`{key}` in {what} must be two numbers of minutes, low and high, but it is {}",
                    node.describe()
                ),
                format!("write `{key}: {example}`"),
            );
            return None;
        }
    };
    let mut bounds = [0.0f64; 2];
    let mut ok = true;
    for (slot, item) in bounds.iter_mut().zip(items) {
        match d.number(item, key, what) {
            Some(m) if m > 0.0 && m <= most => *slot = m,
            Some(m) => {
                d.error(
                    item.span,
                    format!(
                        "`{key}` in {what} has {m}; each end must be more than 0 and at most {most}"
                    ),
                    format!("write `{key}: {example}`"),
                );
                ok = false;
            }
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    let [low, high] = bounds;
    if low > high {
        d.error(
            node.span,
            format!("`{key}: [{low}, {high}]` in {what} starts above where it ends"),
            format!("write the low end first: `{key}: [{high}, {low}]`"),
        );
        return None;
    }
    Some(MinutesRange { low, high })
}

/// Where a role may be named: in a phase, or inside a round's turns, where
/// `round_person` and `others` also mean something.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Phase,
    Turn,
}

/// Checks that `id` names a declared role (or `everyone`, or inside turns
/// `round_person`/`others`), reporting it at `span` otherwise.
fn role_ref(
    d: &mut Decoder,
    span: Span,
    id: &str,
    key: &str,
    what: &str,
    roles: &Roles,
    place: Place,
) -> bool {
    if id == EVERYONE || roles.declared(id) {
        return true;
    }
    let turn_word = id == ROUND_PERSON || id == OTHERS;
    if turn_word && place == Place::Turn {
        return true;
    }
    if turn_word {
        d.error(
            span,
            format!("`{id}` in {what} only has a meaning inside a round's turns"),
            format!(
                "`{ROUND_PERSON}` and `{OTHERS}` name people in the turns under `round: turns:`; here name a role or `everyone`"
            ),
        );
        return false;
    }
    let mut names: Vec<&str> = roles.ids();
    names.push(EVERYONE);
    if place == Place::Turn {
        names.extend([ROUND_PERSON, OTHERS]);
    }
    let hint = match did_you_mean(id, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if roles.list.is_empty() => {
            "declare it under `roles:` (id and name), or write `everyone`".to_string()
        }
        None => format!(
            "use one of {}, or declare the role under `roles:`",
            word_list(&names)
        ),
    };
    let message = if key == "speaker" {
        format!("`speaker: {id}` in {what} names no declared role")
    } else {
        format!("`{key}` in {what} names `{id}`, which is not a declared role")
    };
    d.error(span, message, hint);
    false
}

/// `silent`: roles that listen without answering; one id or a list.
fn read_silent(
    node: &Node,
    d: &mut Decoder,
    what: &str,
    roles: &Roles,
    place: Place,
) -> Vec<String> {
    let items = match &node.value {
        Value::Scalar(_) => d
            .text(node, "silent", what)
            .map(|t| vec![(t, node.span)])
            .unwrap_or_default(),
        _ => d.text_list(node, "silent", what),
    };
    items
        .into_iter()
        .filter(|(id, span)| role_ref(d, *span, id, "silent", what, roles, place))
        .map(|(id, _)| id)
        .collect()
}

/// The phase's `speaker`: one role id or `everyone`, or a list of role ids.
fn read_speaker(node: &Node, d: &mut Decoder, what: &str, roles: &Roles) -> Option<Speaker> {
    if let Value::Seq(_) = node.value {
        let items = d.text_list(node, "speaker", what);
        if items.is_empty() {
            d.error(
                node.span,
                format!("`speaker` in {what} is an empty list"),
                "name at least one role, or remove `speaker`",
            );
            return None;
        }
        let mut ok = true;
        for (id, span) in &items {
            if id == EVERYONE {
                d.error(
                    *span,
                    format!("`speaker` in {what} lists `everyone` among roles"),
                    "`everyone` already means the whole group: write `speaker: everyone` alone",
                );
                ok = false;
            } else if !role_ref(d, *span, id, "speaker", what, roles, Place::Phase) {
                ok = false;
            }
        }
        return ok.then(|| Speaker::Many(texts(items)));
    }
    let id = d.text(node, "speaker", what)?;
    role_ref(d, node.span, &id, "speaker", what, roles, Place::Phase).then_some(Speaker::One(id))
}

/// What counts as a step, for messages about the step cap.
pub(crate) const MAX_STEPS_HINT: &str =
    "a phase is one step, a repeated phase one per round, a round with turns one per turn";

/// Refuses a protocol whose meeting would pass [`MAX_STEPS`] steps for the
/// largest group it declares, at the phase where the count passes it.
fn step_cap(protocol: &Protocol, items: &[(&Node, usize)], d: &mut Decoder) {
    let people = protocol.largest_group();
    let Some((at, steps)) = protocol.phase_past_step_cap(people) else {
        return;
    };
    let (Some(phase), Some((item, index))) = (protocol.phases.get(at), items.get(at)) else {
        return;
    };
    let span = match phase.repeat {
        Some(_) => item_key_span(item, "repeat"),
        None => item.span,
    };
    let counted = if protocol.depends_on_people() {
        match &protocol.group_size {
            Some(size) => {
                format!(" for a group of {people} (the most `group_size: {size}` allows)")
            }
            None => format!(
                " for a group of {people} (`repeat: each` is counted for {people} people when `group_size` gives no number)"
            ),
        }
    } else {
        String::new()
    };
    d.error(
        span,
        format!(
            "{} brings the meeting to {steps} steps{counted}; a meeting has at most {MAX_STEPS} ({MAX_STEPS_HINT})",
            phase_label(item, *index)
        ),
        if protocol.depends_on_people() && protocol.group_size.is_none() {
            "use fewer phases or rounds, give the group size (e.g. `group_size: \"5-12\"`), or split the protocol into two"
        } else {
            "use fewer phases or rounds, or split the protocol into two"
        },
    );
}

/// A protocol read as an agenda or an agenda read as a protocol (saved in
/// the other kind's folder): one error at the key that tells them apart,
/// `theirs`, rather than one per key the file has. True when reported.
pub(crate) fn wrong_kind(root: &Node, d: &mut Decoder, theirs: &str, ours: &str) -> bool {
    if node_get(root, theirs).is_none() || node_get(root, ours).is_some() {
        return false;
    }
    let (is, read_as, folder, new) = if theirs == "items" {
        ("an agenda", "a protocol", "agendas", "agenda")
    } else {
        ("a protocol", "an agenda", "protocols", "protocol")
    };
    d.error(
        item_key_span(root, theirs),
        format!("the file has `{theirs}:`, so it is {is}, but it is read as {read_as}"),
        format!(
            "move it to a `{folder}` folder (plg reads a file by the folder it is in; `plg new {new}` writes there); {read_as} lists `{ours}:`"
        ),
    );
    true
}

pub(crate) fn item_key_span(item: &Node, key: &str) -> Span {
    if let Value::Map(entries) = &item.value
        && let Some((k, _)) = entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
    {
        return k.span;
    }
    item.span
}

/// The roles a protocol declares, and what else a reference may name
/// without a second error: the ids of roles that have mistakes of their own
/// (already reported), or anything at all when `roles` could not be read.
#[derive(Default)]
pub(crate) struct Roles {
    pub(crate) list: Vec<Role>,
    flawed: Vec<String>,
    unreadable: bool,
}

impl Roles {
    /// True when `id` is a declared role, or may be one once the roles'
    /// own mistakes are fixed.
    fn declared(&self, id: &str) -> bool {
        self.unreadable
            || self.list.iter().any(|r| r.id == id)
            || self.flawed.iter().any(|f| f == id)
    }

    fn ids(&self) -> Vec<&str> {
        self.list.iter().map(|r| r.id.as_str()).collect()
    }
}

pub(crate) fn read_roles(node: &Node, d: &mut Decoder, parent: &str) -> Roles {
    let Some(items) = d.list(node, "roles", parent) else {
        return Roles {
            unreadable: true,
            ..Roles::default()
        };
    };
    let mut roles = Roles::default();
    // The line of each id, looked up rather than searched: linear in the roles.
    let mut role_lines: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let what = format!("role {}", i + 1);
        let Some(map) = d.map(item, &what, ROLE_KEYS) else {
            continue;
        };
        let id = d.required_text(&map, "id", "id: presenter");
        let name = d.required_text(&map, "name", "name: Presenter");
        let description = d.optional_text(&map, "description");
        let (Some(id), Some(name)) = (id, name) else {
            roles.flawed.extend(
                map.get_some("id")
                    .and_then(|n| n.as_scalar())
                    .map(|s| s.text.clone()),
            );
            continue;
        };
        let Some(id_node) = map.get("id") else {
            continue;
        };
        if !d.slug(id_node, &id, &format!("the id of {what}")) {
            roles.flawed.push(id);
            continue;
        }
        if id == EVERYONE {
            d.error(
                id_node.span,
                "`everyone` is reserved for phases where the whole group speaks",
                "remove this role and write `speaker: everyone` in the phases, or pick another id",
            );
            continue;
        }
        if let Some(line) = role_lines.get(&id) {
            d.error(
                id_node.span,
                format!("role id `{id}` is declared twice; the first is on line {line}"),
                "give each role its own id",
            );
            continue;
        }
        role_lines.insert(id.clone(), id_node.span.start.line);
        roles.list.push(Role {
            id,
            name,
            description,
        });
    }
    roles
}

/// The note kinds a protocol declares, and what else a phase's `notes` may
/// name without a second error (see [`Roles`]).
pub(crate) struct Kinds {
    pub(crate) list: Vec<NoteKind>,
    pub(crate) flawed: Vec<String>,
    pub(crate) unreadable: bool,
    /// Kinds offered in every phase whatever its `notes:` lists: an
    /// agenda's decision (the plain note is such a kind when not declared).
    pub(crate) everywhere: Vec<String>,
}

impl Kinds {
    fn declared(&self, id: &str) -> bool {
        self.unreadable
            || id == PLAIN_NOTE
            || self.list.iter().any(|k| k.id == id)
            || self.flawed.iter().any(|f| f == id)
    }
}

pub(crate) fn read_note_kinds(node: &Node, d: &mut Decoder, parent: &str) -> Kinds {
    let Some(items) = d.list(node, "note_kinds", parent) else {
        return Kinds {
            list: default_note_kinds(),
            flawed: Vec::new(),
            unreadable: true,
            everywhere: Vec::new(),
        };
    };
    if items.is_empty() {
        d.error(
            node.span,
            "`note_kinds` is empty",
            "remove `note_kinds` to get the single kind `note`, or list at least one kind",
        );
    }
    let mut kinds: Vec<NoteKind> = Vec::new();
    let mut flawed: Vec<String> = Vec::new();
    // Lines of ids and keys already declared, looked up rather than searched
    // so that a file of thousands of kinds is checked in linear time.
    let mut kind_lines: HashMap<String, usize> = HashMap::new();
    let mut keys: HashMap<char, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let what = format!("note kind {}", i + 1);
        let Some(map) = d.map(item, &what, NOTE_KIND_KEYS) else {
            continue;
        };
        let id = d.required_text(&map, "id", "id: warm");
        let label = d.required_text(&map, "label", "label: Warm feedback");
        let key = map
            .get_some("key")
            .and_then(|n| read_key(n, d, &what, &keys));
        if let (Some(k), Some(n)) = (key, map.get("key")) {
            keys.insert(k, n.span.start.line);
        }
        let (Some(id), Some(label)) = (id, label) else {
            flawed.extend(
                map.get_some("id")
                    .and_then(|n| n.as_scalar())
                    .map(|s| s.text.clone()),
            );
            continue;
        };
        let Some(id_node) = map.get("id") else {
            continue;
        };
        if !d.slug(id_node, &id, &format!("the id of {what}")) {
            flawed.push(id);
            continue;
        }
        if let Some(line) = kind_lines.get(&id) {
            d.error(
                id_node.span,
                format!("note kind id `{id}` is declared twice; the first is on line {line}"),
                "give each note kind its own id",
            );
            continue;
        }
        kind_lines.insert(id.clone(), id_node.span.start.line);
        kinds.push(NoteKind { id, label, key });
    }
    Kinds {
        list: kinds,
        flawed,
        unreadable: false,
        everywhere: Vec::new(),
    }
}

fn runner_key_name(c: char) -> String {
    match c {
        ' ' => "Space".into(),
        '\t' => "Tab".into(),
        '\n' | '\r' => "Enter".into(),
        '\u{1b}' => "Esc".into(),
        c => format!("`{c}`"),
    }
}

fn read_key(
    node: &Node,
    d: &mut Decoder,
    what: &str,
    taken: &HashMap<char, usize>,
) -> Option<char> {
    let text = d.text(node, "key", what)?;
    let named = match text.to_ascii_lowercase().as_str() {
        "space" => Some(' '),
        "enter" | "return" => Some('\n'),
        "tab" => Some('\t'),
        "esc" | "escape" => Some('\u{1b}'),
        _ => None,
    };
    let mut chars = text.chars();
    let key = match (named, chars.next(), chars.next()) {
        (Some(c), _, _) => c,
        (None, Some(c), None) => c,
        _ => {
            d.error(
                node.span,
                format!("`key` in {what} must be a single character, but it is `{text}`"),
                "pick one letter, e.g. `key: w`",
            );
            return None;
        }
    };
    if RUNNER_KEYS.contains(&key) || matches!(key, '\t' | '\n' | '\r' | '\u{1b}') {
        d.error(
            node.span,
            format!(
                "`key` in {what} is {}, which the runner already uses",
                runner_key_name(key)
            ),
            "the runner binds Space, n, p, q, f, ?, +, -, the digits, Enter, Tab and Esc; pick another letter",
        );
        return None;
    }
    if let Some(line) = taken.get(&key) {
        d.error(
            node.span,
            format!("`key: {key}` in {what} is already used by the note kind on line {line}"),
            "each note kind needs its own key",
        );
        return None;
    }
    Some(key)
}

fn phase_label(map: &Node, index: usize) -> String {
    labelled("phase", map, index)
}

/// "phase 3 (\"Feedback\")": `word`, the 1-based position, and the `name`
/// written in the mapping when there is one.
pub(crate) fn labelled(word: &str, map: &Node, index: usize) -> String {
    let name = match &map.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "name"))
            .and_then(|(_, v)| v.as_scalar())
            .filter(|s| !s.is_null() && !s.text.trim().is_empty())
            .map(|s| s.text.clone()),
        _ => None,
    };
    match name {
        Some(n) => format!("{word} {} (\"{n}\")", index + 1),
        None => format!("{word} {}", index + 1),
    }
}

/// The value of `key` in a mapping node, without checking the mapping.
pub(crate) fn node_get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// Reads a phase as far as it goes: `None` only when it is not a mapping.
/// Mistakes are reported and leave defaults, so whole-protocol checks see
/// every phase.
fn read_phase(
    item: &Node,
    index: usize,
    roles: &Roles,
    kinds: &Kinds,
    d: &mut Decoder,
) -> Option<Phase> {
    read_phase_as(item, phase_label(item, index), roles, kinds, d)
}

/// [`read_phase`], with `what` naming the mapping in messages: an agenda's
/// simple item is read with the keys of a phase but called an item.
pub(crate) fn read_phase_as(
    item: &Node,
    what: String,
    roles: &Roles,
    kinds: &Kinds,
    d: &mut Decoder,
) -> Option<Phase> {
    let map = d.map(item, &what, PHASE_KEYS)?;
    let name = d.required_text(&map, "name", "name: Clarifying questions");
    // Turns make a round's length; then the phase has no minutes of its own.
    let turns_written = map
        .get_some("round")
        .and_then(|r| node_get(r, "turns"))
        .is_some_and(|t| !t.is_null());
    let minutes = if turns_written {
        if let (Some(span), Some(_)) = (map.key_span("minutes"), map.get_some("minutes")) {
            d.error(
                span,
                format!("{what} has both `minutes` and `round: turns:`"),
                "with turns the round lasts as long as its turns; remove `minutes` and time the turns",
            );
        }
        None
    } else {
        d.required(&map, "minutes", "minutes: 10")
            .and_then(|n| read_minutes(n, d, &what))
    };
    let range = map
        .get_some("range")
        .and_then(|n| read_range(n, d, "range", &what, MAX_MINUTES));
    let speaker = map
        .get_some("speaker")
        .and_then(|n| read_speaker(n, d, &what, roles));
    let silent = map
        .get_some("silent")
        .map(|n| read_silent(n, d, &what, roles, Place::Phase))
        .unwrap_or_default();
    let mode = match map
        .get_some("mode")
        .and_then(|n| read_word(n, d, "mode", &what, MODE_WORDS))
    {
        Some("silent") => Mode::Silent,
        Some("written") => Mode::Written,
        _ => Mode::Talk,
    };
    let protect = map
        .get_some("protect")
        .and_then(|n| d.boolean(n, "protect", &what))
        .unwrap_or(false);
    let optional = map
        .get_some("optional")
        .and_then(|n| d.boolean(n, "optional", &what))
        .unwrap_or(false);
    let instructions = d.optional_text(&map, "instructions");
    let facilitator_notes = d.optional_text(&map, "facilitator_notes");
    let prompts = map
        .get_some("prompts")
        .map(|n| texts(d.text_list(n, "prompts", &what)))
        .unwrap_or_default();
    let notes = map
        .get_some("notes")
        .map(|n| read_phase_notes(n, d, &what, kinds));
    let enter = map.get_some("enter").and_then(|n| {
        read_enter(
            n,
            d,
            &what,
            kinds,
            notes.as_deref(),
            map.get_some("notes").is_some(),
        )
    });
    let checkin = map
        .get_some("checkin")
        .and_then(|n| d.boolean(n, "checkin", &what))
        .unwrap_or(false);
    // Left out at setup, the phase would take the check-in, the plus/delta
    // and the action items with it; the group skips the check-in in the
    // meeting instead (Ctrl-X), and still writes its plus/delta.
    if checkin
        && optional
        && let Some(span) = map.key_span("optional")
    {
        d.error(
            span,
            format!("{what} holds the check-in (`checkin: true`), so it cannot be `optional`"),
            "remove `optional: true`: left out at setup, the meeting would have no check-in, plus/delta or action items; a group can skip the norm check-in during the meeting",
        );
    }
    let repeat = map
        .get_some("repeat")
        .and_then(|n| read_repeat(n, d, &what));
    let round = map
        .get_some("round")
        .and_then(|n| read_round(n, d, &what, roles));

    // An invalid `repeat` was reported already.
    let not_each = map.get_some("repeat").is_none() || matches!(repeat, Some(Repeat::Times(_)));
    if let (Some(span), Some(_)) = (map.key_span("round"), map.get_some("round"))
        && not_each
    {
        let has = match repeat {
            Some(Repeat::Times(n)) => format!("`repeat: {n}`"),
            _ => "no `repeat: each`".to_string(),
        };
        d.error(
            span,
            format!(
                "`round` in {what} describes the rounds of `repeat: each` (whose they are, order, passes, circles, turns), but the phase has {has}"
            ),
            "add `repeat: each` for one round per person, or remove `round:`",
        );
    }

    if let (Some(m), Some(r), Some(node)) = (minutes, range, map.get("minutes"))
        && (m < r.low || m > r.high)
    {
        d.warning(
            node.span,
            format!(
                "`minutes: {m}` in {what} is outside its `range: [{}, {}]`",
                r.low, r.high
            ),
            "plg plans the phase at `minutes` and rebalances inside the range; move one of them",
        );
    }

    let phase = Phase {
        name: name.unwrap_or_default(),
        minutes: minutes.unwrap_or(0.0),
        range,
        speaker,
        silent,
        mode,
        protect,
        optional,
        instructions,
        facilitator_notes,
        prompts,
        notes,
        enter,
        checkin,
        repeat,
        round,
        item: None,
    };

    if repeat == Some(Repeat::Each) {
        let secs = phase.round_secs();
        let m = secs as f64 / 60.0;
        let at = if turns_written {
            map.key_span("round")
        } else {
            map.get("minutes").map(|n| n.span)
        };
        if m > LONG_ROUND_MINUTES
            && let Some(span) = at
        {
            let (message, hint) = if turns_written {
                let circle = match phase.round.as_ref().and_then(|r| r.circles) {
                    Some(c) => format!("in a circle of {c}"),
                    None => format!("for a group of {TYPICAL_GROUP}"),
                };
                (
                    format!(
                        "{what} runs {} minutes a round {circle}",
                        crate::text::minutes_number(secs)
                    ),
                    "rounds of 3-8 minutes keep the whole phase manageable; shorter turns help, or `circles:` that run at the same time",
                )
            } else {
                (
                    format!(
                        "{what} runs {m} minutes per person (`repeat: each`): {} minutes for a group of {TYPICAL_GROUP}",
                        (m * TYPICAL_GROUP as f64).round()
                    ),
                    "`minutes` counts one round; rounds of 3-8 minutes keep the whole phase manageable",
                )
            };
            d.warning(span, message, hint);
        }
    }

    Some(phase)
}

fn read_round(node: &Node, d: &mut Decoder, phase: &str, roles: &Roles) -> Option<RoundSpec> {
    let what = format!("`round` of {phase}");
    let map = d.map(node, &what, ROUND_KEYS)?;
    let who = match map.get_some("who") {
        None => RoundWho::Present,
        Some(n) => match d.text(n, "who", &what) {
            None => RoundWho::Present,
            Some(w) if WHO_WORDS.contains(&w.as_str()) => RoundWho::from(w),
            Some(w) if roles.declared(&w) => RoundWho::Role(w),
            Some(w) => {
                let mut names: Vec<&str> = WHO_WORDS.to_vec();
                names.extend(roles.ids());
                let hint = match did_you_mean(&w, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "`present` is everyone present, `participants` everyone but the facilitator; or name a declared role ({})",
                        word_list(&names[2..])
                    ),
                };
                d.error(
                    n.span,
                    format!("`who: {w}` in {what} is neither `present`, `participants` nor a declared role"),
                    hint,
                );
                RoundWho::Present
            }
        },
    };
    let presents = map
        .get_some("presents")
        .and_then(|n| d.boolean(n, "presents", &what))
        .unwrap_or(false);
    let pass = map
        .get_some("pass")
        .and_then(|n| d.boolean(n, "pass", &what))
        .unwrap_or(false);
    let order = match map
        .get_some("order")
        .and_then(|n| read_word(n, d, "order", &what, ORDER_WORDS))
    {
        Some("shuffle") => Order::Shuffle,
        Some("chosen") => Order::Chosen,
        _ => Order::Roster,
    };
    let circles = map
        .get_some("circles")
        .and_then(|n| read_whole(n, d, "circles", &what, 2, MAX_GROUP, "people"));
    let turns = map
        .get_some("turns")
        .map(|n| read_turns(n, d, &what, roles))
        .unwrap_or_default();
    Some(RoundSpec {
        who,
        presents,
        order,
        pass,
        circles,
        turns,
    })
}

fn read_turns(node: &Node, d: &mut Decoder, round: &str, roles: &Roles) -> Vec<Turn> {
    let Some(items) = d.list(node, "turns", round) else {
        return Vec::new();
    };
    if items.is_empty() {
        d.error(
            node.span,
            format!("`turns` in {round} is empty"),
            "list the turns, e.g. `- {name: Share, speaker: round_person, minutes: 3}`, or remove `turns`",
        );
    }
    let mut turns = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let what = match node_get(item, "name").and_then(Node::as_scalar) {
            Some(s) if !s.is_null() && !s.text.trim().is_empty() => {
                format!("turn {} (\"{}\") of {round}", i + 1, s.text)
            }
            _ => format!("turn {} of {round}", i + 1),
        };
        let Some(map) = d.map(item, &what, TURN_KEYS) else {
            continue;
        };
        let name = d.required_text(&map, "name", "name: Share");
        let speaker = d
            .required(&map, "speaker", "speaker: round_person")
            .and_then(|n| {
                let id = d.text(n, "speaker", &what)?;
                role_ref(d, n.span, &id, "speaker", &what, roles, Place::Turn).then_some(id)
            });
        let minutes = d
            .required(&map, "minutes", "minutes: 1")
            .and_then(|n| read_minutes(n, d, &what));
        let each = map
            .get_some("each")
            .and_then(|n| d.boolean(n, "each", &what))
            .unwrap_or(false);
        let silent = map
            .get_some("silent")
            .map(|n| read_silent(n, d, &what, roles, Place::Turn))
            .unwrap_or_default();
        turns.push(Turn {
            name: name.unwrap_or_default(),
            speaker: speaker.unwrap_or_default(),
            minutes: minutes.unwrap_or(0.0),
            each,
            silent,
        });
    }
    turns
}

fn read_minutes(node: &Node, d: &mut Decoder, what: &str) -> Option<f64> {
    let m = d.number(node, "minutes", what)?;
    if m <= 0.0 || m > MAX_MINUTES {
        let written = node
            .as_scalar()
            .map_or_else(|| m.to_string(), |s| short_number(&s.text));
        d.error(
            node.span,
            format!(
                "`minutes` in {what} is {written}; it must be more than 0 and at most {MAX_MINUTES}"
            ),
            "give the planned length in minutes, e.g. `minutes: 10` or `minutes: 1.5` for 90 seconds",
        );
        return None;
    }
    if (m * 60.0).round() < 1.0 {
        d.error(
            node.span,
            format!("`minutes` in {what} is less than one second"),
            "give at least a few seconds, e.g. `minutes: 0.5`",
        );
        return None;
    }
    Some(m)
}

fn read_phase_notes(node: &Node, d: &mut Decoder, what: &str, kinds: &Kinds) -> Vec<String> {
    let declared: Vec<&str> = kinds.list.iter().map(|k| k.id.as_str()).collect();
    d.text_list(node, "notes", what)
        .into_iter()
        .filter_map(|(id, span)| {
            if kinds.declared(&id) {
                return Some(id);
            }
            let hint = match did_you_mean(&id, declared.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "the declared note kinds are {}; add `{id}` under `note_kinds:` to use it",
                    word_list(&declared)
                ),
            };
            d.diagnostics.push(
                Diagnostic::error(
                    span,
                    format!("`notes` in {what} names `{id}`, which is not a declared note kind"),
                )
                .with_hint(hint),
            );
            None
        })
        .collect()
}

/// `enter:`: a note kind that exists and that the phase offers (the
/// implicit plain note is offered everywhere unless the protocol declares
/// its own `note`).
fn read_enter(
    node: &Node,
    d: &mut Decoder,
    what: &str,
    kinds: &Kinds,
    notes: Option<&[String]>,
    has_notes: bool,
) -> Option<String> {
    let Some(s) = node.as_scalar() else {
        d.error(
            node.span,
            format!("`enter` in {what} must be one note kind id"),
            "write `enter: warm`",
        );
        return None;
    };
    let id = s.text.clone();
    if !kinds.declared(&id) {
        let mut names: Vec<&str> = kinds.list.iter().map(|k| k.id.as_str()).collect();
        if !names.contains(&PLAIN_NOTE) {
            names.insert(0, PLAIN_NOTE);
        }
        let hint = match did_you_mean(&id, names.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("the note kinds are {}", word_list(&names)),
        };
        d.error(
            node.span,
            format!("`enter` in {what} names `{id}`, which is not a note kind"),
            hint,
        );
        return None;
    }
    let implicit = (id == PLAIN_NOTE && !kinds.list.iter().any(|k| k.id == PLAIN_NOTE))
        || kinds.everywhere.contains(&id);
    // A `notes:` that could not be read was reported already.
    if has_notes
        && !implicit
        && !kinds.unreadable
        && let Some(ids) = notes
        && !ids.contains(&id)
    {
        d.error(
            node.span,
            format!("`enter: {id}` in {what} names a kind the phase does not offer in `notes:`"),
            format!("add `{id}` to the phase's `notes:`, or pick one of them"),
        );
        return None;
    }
    Some(id)
}

fn read_repeat(node: &Node, d: &mut Decoder, what: &str) -> Option<Repeat> {
    let scalar = node.as_scalar();
    if let Some(s) = scalar {
        if s.text == "each" {
            return Some(Repeat::Each);
        }
        if let Some(n) = s.as_f64()
            && n >= 1.0
            && n.fract() == 0.0
        {
            if n <= MAX_STEPS as f64 {
                return Some(Repeat::Times(n as u32));
            }
            d.error(
                node.span,
                format!(
                    "`repeat` in {what} is {}; a meeting has at most {MAX_STEPS} steps, rounds included",
                    short_number(&s.text)
                ),
                format!(
                    "give a whole number of rounds from 1 to {MAX_STEPS}, e.g. `repeat: 3`, or `repeat: each` for one round per person present"
                ),
            );
            return None;
        }
    }
    d.error(
        node.span,
        format!(
            "`repeat` in {what} must be a positive whole number or `each`, but it is {}",
            node.describe()
        ),
        "write `repeat: 3` for three rounds, or `repeat: each` for one round per person present",
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "id: mini\nname: Mini\nsummary: A tiny protocol.\nphases:\n  - name: Talk\n    minutes: 5\n";

    #[test]
    fn a_minimal_protocol_gets_the_default_note_kind() {
        let checked = check(MINIMAL);
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let p = checked.value.unwrap();
        assert_eq!(p.note_kinds.len(), 1);
        assert_eq!(p.note_kinds[0].id, "note");
        assert_eq!(p.phases[0].round_secs(), 300);
    }

    #[test]
    fn every_error_is_reported_not_only_the_first() {
        let src = "id: Bad Id\nname: X\nphases:\n  - name: A\n    minutes: 0\n  - minutes: 3\n    speakr: x\n";
        let diags = check(src).diagnostics;
        let lines: Vec<usize> = diags.iter().map(|d| d.span.start.line).collect();
        // bad id, missing summary, minutes 0, missing name, unknown key
        assert_eq!(diags.len(), 5, "{diags:#?}");
        assert!(
            lines.contains(&1) && lines.contains(&5) && lines.contains(&6) && lines.contains(&7)
        );
    }

    #[test]
    fn huge_numbers_are_shown_short_with_the_allowed_range() {
        let src = MINIMAL.replace("minutes: 5", "minutes: 1e308");
        let diags = check(&src).diagnostics;
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(
            diags[0].message,
            "`minutes` in phase 1 (\"Talk\") is 1e308; it must be more than 0 and at most 240"
        );
        let written_out = format!("1{}", "0".repeat(308));
        let src = MINIMAL.replace("minutes: 5", &format!("minutes: {written_out}"));
        let message = &check(&src).diagnostics[0].message;
        assert!(message.contains(" is 1e308;"), "{message}");
        assert!(message.len() < 120, "{message}");
    }

    #[test]
    fn a_huge_repeat_names_the_step_cap() {
        let src = MINIMAL.replace("minutes: 5", "minutes: 5\n    repeat: 1000000");
        let diags = check(&src).diagnostics;
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!((diags[0].span.start.line, diags[0].span.start.col), (7, 13));
        assert!(
            diags[0]
                .message
                .contains("is 1000000; a meeting has at most 500 steps"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn a_protocol_past_the_step_cap_is_refused_at_the_phase_that_passes_it() {
        // 3 + 400 + 98 = 501 steps: the third phase passes the cap.
        let src = "id: many\nname: Many\nsummary: s\nphases:\n  - {name: A, minutes: 0.1, repeat: 3}\n  - {name: B, minutes: 0.1, repeat: 400}\n  - name: C\n    minutes: 0.1\n    repeat: 98\n";
        let diags = check(src).diagnostics;
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].span.start.line, 9);
        assert!(
            diags[0].message.starts_with(
                "phase 3 (\"C\") brings the meeting to 501 steps; a meeting has at most 500"
            ),
            "{}",
            diags[0].message
        );
        // `repeat: each` counts for the largest group `group_size` allows, or 40.
        let each = "id: each\nname: Each\nsummary: s\nphases:\n  - {name: A, minutes: 0.1, repeat: 480}\n  - {name: B, minutes: 0.1, repeat: each}\n";
        let message = &check(each).diagnostics[0].message;
        assert!(message.contains("520 steps for a group of 40"), "{message}");
        let sized = each.replace("phases:", "group_size: \"5-12\"\nphases:");
        let checked = check(&sized);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    }

    /// Every key the format has, as a coach writes it.
    pub(crate) const EVERY_KEY: &str = "id: fw\nname: FW\nsummary: s\ngroup_size: {min: 4, ideal: 6, max: 10}\nmaterials: [\"Copies of the work, names removed\", Chart paper]\npreparation: |\n  Before.\nasks: [focusing_question, work]\ntotal_minutes: [30, 75]\nfacilitator_notes: |\n  Trust.\nroles:\n  - {id: facilitator, name: Facilitator}\n  - {id: presenter, name: Presenter}\n  - {id: participants, name: Participants}\nphases:\n  - name: Warm and cool feedback\n    minutes: 15\n    range: [10, 20]\n    speaker: participants\n    silent: [presenter]\n    mode: silent\n    protect: true\n    optional: true\n  - name: Both\n    minutes: 5\n    speaker: [presenter, facilitator]\n  - name: Final word rounds\n    repeat: each\n    round:\n      who: participants\n      presents: false\n      order: roster\n      pass: true\n      circles: 5\n      turns:\n        - {name: Share, speaker: round_person, minutes: 3}\n        - {name: Respond, speaker: others, minutes: 1, each: true}\n        - {name: Final word, speaker: round_person, minutes: 1, silent: [others]}\n";

    fn messages(src: &str) -> Vec<String> {
        check(src)
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.span.start.line, d.span.start.col, d.message))
            .collect()
    }

    #[test]
    fn every_new_key_is_read_into_the_model() {
        let checked = check(EVERY_KEY);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let p = checked.value.unwrap();
        assert_eq!(p.planning_group(), 6);
        assert_eq!(p.materials.len(), 2);
        assert_eq!(p.asks(), vec![Ask::FocusingQuestion, Ask::Work]);
        assert_eq!(
            p.total_minutes,
            Some(MinutesRange {
                low: 30.0,
                high: 75.0
            })
        );
        let feedback = &p.phases[0];
        assert_eq!(
            feedback.range,
            Some(MinutesRange {
                low: 10.0,
                high: 20.0
            })
        );
        assert_eq!(feedback.silent, vec!["presenter".to_string()]);
        assert_eq!(feedback.mode, Mode::Silent);
        assert!(feedback.protect && feedback.optional);
        assert_eq!(
            p.phases[1].speaker,
            Some(Speaker::Many(vec![
                "presenter".into(),
                "facilitator".into()
            ]))
        );
        let round = p.phases[2].round.as_ref().unwrap();
        assert_eq!(
            (round.who.clone(), round.circles, round.pass),
            (RoundWho::Participants, Some(5), true)
        );
        assert_eq!(round.turns.len(), 3);
        assert!(round.turns[1].each);
        assert_eq!(round.turns[2].silent, vec![OTHERS.to_string()]);
        // 6 present: 5 participants in one circle of 5: (3 + 4 + 1) × 5.
        assert_eq!(p.phase_plan(&p.phases[2], 6).secs, 40 * 60);
    }

    #[test]
    fn mistakes_in_the_new_keys_are_reported_where_they_are() {
        let bad = EVERY_KEY
            .replace("range: [10, 20]", "range: [20, 10]")
            .replace("total_minutes: [30, 75]", "total_minutes: [75, 60]")
            .replace("silent: [presenter]", "silent: [presentr]")
            .replace("mode: silent", "mode: quiet")
            .replace("speaker: participants\n", "speaker: round_person\n")
            .replace("circles: 5", "circles: 1")
            .replace(
                "asks: [focusing_question, work]",
                "asks: [focusing_questions]",
            )
            .replace("ideal: 6", "ideal: 12")
            .replace("order: roster", "order: random");
        let m = messages(&bad);
        let expect = [
            "4:29: `ideal: 12` in `group_size` is outside `min: 4` to `max: 10`",
            "8:8: `asks: focusing_questions` in the protocol is not one of",
            "9:16: `total_minutes: [75, 60]` in the protocol starts above where it ends",
            "19:12: `range: [20, 10]` in phase 1",
            "20:14: `round_person` in phase 1 (\"Warm and cool feedback\") only has a meaning inside a round's turns",
            "21:14: `silent` in phase 1 (\"Warm and cool feedback\") names `presentr`, which is not a declared role",
            "22:11: `mode: quiet` in phase 1",
            "33:14: `order: random`",
            "35:16: `circles` in `round` of phase 3 (\"Final word rounds\") is 1; it must be a whole number of people from 2",
            "30:5: phase 3 (\"Final word rounds\") runs 11 minutes a round for a group of 8",
        ];
        for e in expect {
            assert!(m.iter().any(|x| x.starts_with(e)), "{e}\nnot in\n{m:#?}");
        }
        assert_eq!(m.len(), expect.len(), "{m:#?}");
    }

    #[test]
    fn turns_and_minutes_exclude_each_other_and_rounds_need_repeat_each() {
        let both = EVERY_KEY.replace("    repeat: each\n    round:", "    minutes: 5\n    round:");
        let m = messages(&both);
        assert!(
            m.iter().any(|x| x.starts_with(
                "29:5: phase 3 (\"Final word rounds\") has both `minutes` and `round: turns:`"
            )),
            "{m:#?}"
        );
        assert!(m.iter().any(|x| x.starts_with("30:5: `round` in phase 3 (\"Final word rounds\") describes the rounds of `repeat: each`")), "{m:#?}");
        let no_minutes = MINIMAL.replace("    minutes: 5\n", "");
        assert!(messages(&no_minutes)[0].contains("missing the required key `minutes`"));
        let speaker =
            EVERY_KEY.replace("speaker: others, minutes: 1", "speaker: othrs, minutes: 1");
        let diags = check(&speaker).diagnostics;
        assert_eq!(diags[0].hint.as_deref(), Some("did you mean `others`?"));
    }

    #[test]
    fn minutes_outside_the_range_and_totals_outside_the_published_total_are_warned() {
        let src = EVERY_KEY
            .replace("minutes: 15\n", "minutes: 25\n")
            .replace("total_minutes: [30, 75]", "total_minutes: [75, 90]");
        let checked = check(&src);
        assert!(checked.value.is_some(), "warnings only");
        let m = messages(&src);
        assert_eq!(
            m,
            vec![
                "18:14: `minutes: 25` in phase 1 (\"Warm and cool feedback\") is outside its `range: [10, 20]`",
                "9:16: the phases add up to 70 minutes for a group of 6, outside `total_minutes: [75, 90]`",
            ]
        );
    }

    #[test]
    fn the_step_cap_counts_turns() {
        // 40 people, no facilitator: 40 rounds of 1 + 39 + 1 turns.
        let src = "id: t\nname: T\nsummary: s\nphases:\n  - name: R\n    repeat: each\n    round:\n      turns:\n        - {name: A, speaker: round_person, minutes: 1}\n        - {name: B, speaker: others, minutes: 0.1, each: true}\n        - {name: C, speaker: round_person, minutes: 1}\n";
        let m = messages(src);
        assert!(
            m[0].starts_with(
                "6:5: phase 1 (\"R\") brings the meeting to 1640 steps for a group of 40"
            ),
            "{m:#?}"
        );
        let sized = src.replace("phases:", "group_size: \"4-10\"\nphases:");
        assert!(
            check(&sized).value.is_some(),
            "{:#?}",
            check(&sized).diagnostics
        );
    }

    #[test]
    fn the_complete_example_in_the_format_guide_is_valid() {
        let guide = include_str!("../../docs/protocol-format.md");
        let start = guide.find("```yaml\n").unwrap() + "```yaml\n".len();
        let end = start + guide[start..].find("```").unwrap();
        let checked = check(&guide[start..end]);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let p = checked.value.unwrap();
        let keys_used = |keys: &[&str]| {
            keys.iter()
                .all(|k| guide[start..end].contains(&format!("{k}:")))
        };
        assert!(keys_used(PROTOCOL_KEYS) && keys_used(PHASE_KEYS) && keys_used(ROUND_KEYS));
        assert!(keys_used(TURN_KEYS) && keys_used(GROUP_SIZE_KEYS));
        assert_eq!(p.phases.len(), 5);
    }

    #[test]
    fn a_role_called_others_written_before_turns_existed_stays_valid() {
        let src = "id: o\nname: O\nsummary: s\nroles:\n  - {id: others, name: Others}\nphases:\n  - {name: Talk, minutes: 5, speaker: others, silent: others}\n";
        let checked = check(src);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    }

    #[test]
    fn a_role_with_a_mistake_is_not_reported_again_where_it_is_named() {
        let src = "id: r\nname: R\nsummary: s\nroles:\n  - {id: Presenter, name: Presenter}\n  - {id: sharer}\nphases:\n  - {name: Talk, minutes: 5, speaker: Presenter, silent: [sharer]}\n  - {name: Other, minutes: 5, speaker: presentr}\n";
        let m = messages(src);
        assert_eq!(m.len(), 3, "{m:#?}");
        assert!(
            m[0].starts_with("5:10: the id of role 1 must be a lowercase slug"),
            "{m:#?}"
        );
        assert!(
            m[1].starts_with("6:5: role 2 is missing the required key `name`"),
            "{m:#?}"
        );
        assert!(m[2].starts_with("9:40: `speaker: presentr`"), "{m:#?}");
        // Roles that cannot be read at all leave references unchecked.
        let src = "id: r\nname: R\nsummary: s\nroles: presenter\nphases:\n  - {name: Talk, minutes: 5, speaker: presenter}\n";
        assert_eq!(messages(src).len(), 1, "{:#?}", messages(src));
    }

    #[test]
    fn a_note_kind_with_a_mistake_is_not_reported_again_where_it_is_offered() {
        let src = "id: k\nname: K\nsummary: s\nnote_kinds:\n  - {id: Warm, label: Warm}\n  - {id: cool}\nphases:\n  - {name: Talk, minutes: 5, notes: [Warm, cool]}\n";
        assert_eq!(messages(src).len(), 2, "{:#?}", messages(src));
        let src = "id: k\nname: K\nsummary: s\nnote_kinds: warm\nphases:\n  - {name: Talk, minutes: 5, notes: [warm]}\n";
        assert_eq!(messages(src).len(), 1, "{:#?}", messages(src));
    }

    #[test]
    fn decimal_minutes_become_seconds() {
        let src = MINIMAL.replace("minutes: 5", "minutes: 1.5");
        let p = check(&src).value.unwrap();
        assert_eq!(p.phases[0].round_secs(), 90);
    }

    const KINDS: &str = "id: k\nname: K\nsummary: s\nnote_kinds:\n  - {id: warm, label: Warm feedback, key: w}\n  - {id: question, label: Question, key: k}\nphases:\n";

    #[test]
    fn every_protocol_has_a_plain_note_that_enter_opens() {
        let src = format!(
            "{KINDS}  - {{name: Intro, minutes: 5}}\n  - {{name: Reflect, minutes: 5, notes: [question]}}\n"
        );
        let p = check(&src).value.unwrap();
        let ids = |i: usize| -> Vec<String> {
            p.kinds_for(&p.phases[i])
                .iter()
                .map(|k| k.id.clone())
                .collect()
        };
        assert_eq!(ids(0), ["note", "warm", "question"]);
        assert_eq!(ids(1), ["note", "question"]);
        assert_eq!(p.enter_kind(&p.phases[0]), "note");
        assert_eq!(p.enter_kind(&p.phases[1]), "note");
        assert_eq!(p.note_kind("note").map(|k| k.label.as_str()), Some("Note"));
        let every: Vec<&str> = p.every_note_kind().iter().map(|k| k.id.as_str()).collect();
        assert_eq!(every, ["note", "warm", "question"]);
        // The declared kinds are what the file says; `plg show` lists them.
        assert_eq!(p.note_kinds.len(), 2);
    }

    #[test]
    fn enter_names_a_kind_the_phase_offers() {
        let ok = format!(
            "{KINDS}  - {{name: A, minutes: 5, notes: [warm], enter: warm}}\n  - {{name: B, minutes: 5, notes: [warm], enter: note}}\n  - {{name: C, minutes: 5, enter: question}}\n"
        );
        let p = check(&ok).value.unwrap();
        assert_eq!(p.enter_kind(&p.phases[0]), "warm");
        assert_eq!(p.enter_kind(&p.phases[1]), "note");
        assert_eq!(p.enter_kind(&p.phases[2]), "question");

        let absent = format!("{KINDS}  - {{name: A, minutes: 5, enter: wram}}\n");
        let m = messages(&absent);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(
            m[0].contains("names `wram`, which is not a note kind"),
            "{m:#?}"
        );
        let d = &check(&absent).diagnostics[0];
        assert_eq!(d.hint.as_deref(), Some("did you mean `warm`?"));

        let not_offered =
            format!("{KINDS}  - {{name: A, minutes: 5, notes: [question], enter: warm}}\n");
        let m = messages(&not_offered);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(m[0].contains("does not offer in `notes:`"), "{m:#?}");
    }

    #[test]
    fn a_declared_note_kind_replaces_the_plain_one() {
        let src = "id: k\nname: K\nsummary: s\nnote_kinds:\n  - {id: idea, label: Idea}\n  - {id: note, label: Jotting, key: j}\nphases:\n  - {name: A, minutes: 5, notes: [idea]}\n  - {name: B, minutes: 5}\n";
        let p = check(src).value.unwrap();
        let ids: Vec<&str> = p
            .kinds_for(&p.phases[1])
            .iter()
            .map(|k| k.id.as_str())
            .collect();
        assert_eq!(ids, ["idea", "note"]);
        assert_eq!(p.enter_kind(&p.phases[1]), "note");
        // A phase that leaves the declared `note` out opens its first kind.
        assert_eq!(p.enter_kind(&p.phases[0]), "idea");
        assert_eq!(
            p.note_kind("note").map(|k| k.label.as_str()),
            Some("Jotting")
        );
        assert_eq!(p.every_note_kind().len(), 2, "no second `note`");
    }
}
