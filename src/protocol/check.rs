//! Reads protocol YAML into a [`Protocol`], reporting every problem with a position.

use crate::yaml::short_number;
use std::collections::HashMap;

use crate::diag::{Checked, Diagnostic, Span};
use crate::yaml::decode::{Decoder, check_document, did_you_mean, word_list};
use crate::yaml::{Node, Value};

use super::model::{
    EVERYONE, MAX_STEPS, NoteKind, Phase, Protocol, RUNNER_KEYS, Repeat, Role, TYPICAL_GROUP,
    default_note_kinds,
};

pub(crate) const PROTOCOL_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "purpose",
    "source",
    "group_size",
    "roles",
    "note_kinds",
    "phases",
];
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
    "checkin",
    "repeat",
];

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
    let map = d.map(root, "the protocol", PROTOCOL_KEYS)?;

    let id = d.required_id(&map, "id: tuning");
    let name = d.required_text(&map, "name", "name: Tuning Protocol");
    let summary = d.required_text(&map, "summary", "summary: Feedback on a piece of work.");
    let purpose = d.optional_text(&map, "purpose");
    let source = d.optional_text(&map, "source");
    let group_size = d.optional_text(&map, "group_size");

    let roles = map
        .get_some("roles")
        .map(|n| read_roles(n, d, &map.what))
        .unwrap_or_default();
    let note_kinds = match map.get_some("note_kinds") {
        Some(n) => read_note_kinds(n, d, &map.what),
        None => default_note_kinds(),
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
            if let Some(phase) = read_phase(item, i, &roles, &note_kinds, d) {
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
    }

    let protocol = Protocol {
        id: id?,
        name: name?,
        summary: summary?,
        purpose,
        source,
        group_size: group_size.map(crate::protocol::model::GroupSize::Text),
        roles,
        note_kinds,
        phases,
        ..Protocol::default()
    };
    step_cap(&protocol, &phase_items, d);
    if let Some(node) = phases_node {
        let total = protocol.total_secs(TYPICAL_GROUP) / 60;
        if total > LONG_TOTAL_MINUTES {
            let people = if protocol.depends_on_people() {
                format!(" for a group of {TYPICAL_GROUP}")
            } else {
                String::new()
            };
            d.warning(
                map.key_span("phases").unwrap_or(node.span),
                format!(
                    "the phases add up to {total} minutes{people}, more than {LONG_TOTAL_MINUTES}"
                ),
                "PLG meetings usually run 50-60 minutes; shorten some phases or split the protocol",
            );
        }
    }
    Some(protocol)
}

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
            "{} brings the meeting to {steps} steps{counted}; a meeting has at most {MAX_STEPS} (each phase is a step, and each round of a repeated phase one more)",
            phase_label(item, *index)
        ),
        if protocol.depends_on_people() && protocol.group_size.is_none() {
            "use fewer phases or rounds, give the group size (e.g. `group_size: \"5-12\"`), or split the protocol into two"
        } else {
            "use fewer phases or rounds, or split the protocol into two"
        },
    );
}

fn item_key_span(item: &Node, key: &str) -> Span {
    if let Value::Map(entries) = &item.value
        && let Some((k, _)) = entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
    {
        return k.span;
    }
    item.span
}

fn read_roles(node: &Node, d: &mut Decoder, parent: &str) -> Vec<Role> {
    let Some(items) = d.list(node, "roles", parent) else {
        return Vec::new();
    };
    let mut roles: Vec<Role> = Vec::new();
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
            continue;
        };
        let Some(id_node) = map.get("id") else {
            continue;
        };
        if !d.slug(id_node, &id, &format!("the id of {what}")) {
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
        roles.push(Role {
            id,
            name,
            description,
        });
    }
    roles
}

fn read_note_kinds(node: &Node, d: &mut Decoder, parent: &str) -> Vec<NoteKind> {
    let Some(items) = d.list(node, "note_kinds", parent) else {
        return default_note_kinds();
    };
    if items.is_empty() {
        d.error(
            node.span,
            "`note_kinds` is empty",
            "remove `note_kinds` to get the single kind `note`, or list at least one kind",
        );
    }
    let mut kinds: Vec<NoteKind> = Vec::new();
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
            continue;
        };
        let Some(id_node) = map.get("id") else {
            continue;
        };
        if !d.slug(id_node, &id, &format!("the id of {what}")) {
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
    kinds
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
    let name = match &map.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == "name"))
            .and_then(|(_, v)| v.as_scalar())
            .filter(|s| !s.is_null())
            .map(|s| s.text.clone()),
        _ => None,
    };
    match name {
        Some(n) => format!("phase {} (\"{n}\")", index + 1),
        None => format!("phase {}", index + 1),
    }
}

fn read_phase(
    item: &Node,
    index: usize,
    roles: &[Role],
    kinds: &[NoteKind],
    d: &mut Decoder,
) -> Option<Phase> {
    let what = phase_label(item, index);
    let map = d.map(item, &what, PHASE_KEYS)?;
    let name = d.required_text(&map, "name", "name: Clarifying questions");
    let minutes = d
        .required(&map, "minutes", "minutes: 10")
        .and_then(|n| read_minutes(n, d, &what));
    let speaker = map
        .get_some("speaker")
        .and_then(|n| read_speaker(n, d, &what, roles));
    let instructions = d.optional_text(&map, "instructions");
    let facilitator_notes = d.optional_text(&map, "facilitator_notes");
    let prompts = map
        .get_some("prompts")
        .map(|n| {
            d.text_list(n, "prompts", &what)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    let notes = map
        .get_some("notes")
        .map(|n| read_phase_notes(n, d, &what, kinds));
    let checkin = map
        .get_some("checkin")
        .and_then(|n| d.boolean(n, "checkin", &what))
        .unwrap_or(false);
    let repeat = map
        .get_some("repeat")
        .and_then(|n| read_repeat(n, d, &what));

    if let (Some(Repeat::Each), Some(m), Some(node)) = (repeat, minutes, map.get("minutes"))
        && m > LONG_ROUND_MINUTES
    {
        d.warning(
            node.span,
            format!(
                "{what} runs {m} minutes per person (`repeat: each`): {} minutes for a group of {TYPICAL_GROUP}",
                (m * TYPICAL_GROUP as f64).round()
            ),
            "`minutes` counts one round; rounds of 3-8 minutes keep the whole phase manageable",
        );
    }

    Some(Phase {
        name: name?,
        minutes: minutes?,
        speaker: speaker.map(crate::protocol::model::Speaker::One),
        instructions,
        facilitator_notes,
        prompts,
        notes,
        checkin,
        repeat,
        ..Phase::default()
    })
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

fn read_speaker(node: &Node, d: &mut Decoder, what: &str, roles: &[Role]) -> Option<String> {
    let id = d.text(node, "speaker", what)?;
    if id == EVERYONE || roles.iter().any(|r| r.id == id) {
        return Some(id);
    }
    let mut names: Vec<&str> = roles.iter().map(|r| r.id.as_str()).collect();
    names.push(EVERYONE);
    let hint = match did_you_mean(&id, names.iter().copied()) {
        Some(close) => format!("did you mean `{close}`?"),
        None if roles.is_empty() => {
            "declare it under `roles:` (id and name), or write `everyone`".to_string()
        }
        None => format!(
            "use one of {}, or declare the role under `roles:`",
            word_list(&names)
        ),
    };
    d.error(
        node.span,
        format!("`speaker: {id}` in {what} names no declared role"),
        hint,
    );
    None
}

fn read_phase_notes(node: &Node, d: &mut Decoder, what: &str, kinds: &[NoteKind]) -> Vec<String> {
    let declared: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
    d.text_list(node, "notes", what)
        .into_iter()
        .filter_map(|(id, span)| {
            if declared.contains(&id.as_str()) {
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

    #[test]
    fn decimal_minutes_become_seconds() {
        let src = MINIMAL.replace("minutes: 5", "minutes: 1.5");
        let p = check(&src).value.unwrap();
        assert_eq!(p.phases[0].round_secs(), 90);
    }
}
