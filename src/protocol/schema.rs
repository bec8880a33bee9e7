//! A JSON Schema of the protocol format, so editors running yaml-language-server
//! complete keys and flag mistakes as a coach types. `plg check` remains the
//! authority: the schema cannot express cross-references such as a `speaker`
//! naming a declared role.

use serde_json::{Value, json};

use super::check::{ASK_WORDS, MAX_GROUP, MODE_WORDS, ORDER_WORDS};
use super::model::RUNNER_KEYS;

pub(crate) fn protocol_schema() -> Value {
    let reserved: String = RUNNER_KEYS.iter().filter(|c| **c != ' ').collect();
    let slug = json!({
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": "Lowercase letters, digits and single dashes."
    });
    let minutes = json!({"type": "number", "exclusiveMinimum": 0, "maximum": 240});
    let range = json!({
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"type": "number", "exclusiveMinimum": 0}
    });
    let roles_list = json!({
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}}
        ]
    });
    let round = json!({
        "type": "object",
        "additionalProperties": false,
        "description": "How each round of a `repeat: each` phase runs.",
        "properties": {
            "who": {"type": "string", "description": "Whose rounds: `present` (default), `participants` (everyone but the facilitator) or a role id."},
            "presents": {"type": "boolean", "description": "Each round's person counts as having presented."},
            "order": {"enum": ORDER_WORDS, "description": "roster (default), shuffle, or chosen by the facilitator at each round."},
            "pass": {"type": "boolean", "description": "A person may pass; the round is recorded as passed."},
            "circles": {"type": "integer", "minimum": 2, "maximum": MAX_GROUP, "description": "Split into circles of about this many people that run at the same time."},
            "turns": {
                "type": "array",
                "minItems": 1,
                "description": "Timed turns inside each round; the round lasts as long as they add up to.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name", "speaker", "minutes"],
                    "properties": {
                        "name": {"type": "string"},
                        "speaker": {"type": "string", "description": "A role id, `everyone`, `round_person` (whose round it is) or `others` (everyone else in the circle)."},
                        "minutes": minutes,
                        "each": {"type": "boolean", "description": "One turn per other person in the circle, each with its own clock."},
                        "silent": merge(&roles_list, json!({"description": "Who listens without answering: role ids, `round_person` or `others`."}))
                    }
                }
            }
        }
    });
    let group_size = json!({
        "description": "Free text such as \"6-12\", or numbers plg plans with: {min, ideal, max}, min <= ideal <= max. Totals are given for `ideal` (else 8); the step cap counts `max`.",
        "oneOf": [
            {"type": "string"},
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["min", "max"],
                "properties": {
                    "min": {"type": "integer", "minimum": 1, "maximum": MAX_GROUP, "description": "The smallest group the protocol works with."},
                    "ideal": {"type": "integer", "minimum": 1, "maximum": MAX_GROUP, "description": "The size it works best with; totals are given for it."},
                    "max": {"type": "integer", "minimum": 1, "maximum": MAX_GROUP, "description": "The largest group; the step cap is checked for it."}
                }
            }
        ]
    });
    let phases = json!({
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["name"],
            "properties": {
                "name": {"type": "string"},
                "minutes": merge(&minutes, json!({"description": "Planned minutes per round; decimals allowed. Required, except in a phase whose `round` has `turns` (the turns make its length)."})),
                "range": merge(&range, json!({"description": "The published range of minutes, [low, high]; rebalancing stays inside it. `plg check` warns when `minutes` is outside it."})),
                "speaker": {
                    "description": "Who has the floor: a role id, `everyone`, or a list of role ids.",
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "minItems": 1, "items": {"type": "string"}}
                    ]
                },
                "silent": merge(&roles_list, json!({"description": "Roles that listen without answering (a presenter during feedback)."})),
                "mode": {"enum": MODE_WORDS, "description": "How the room works: talk (default), silent (nobody talks), written (a chalk talk)."},
                "protect": {"type": "boolean", "description": "Rebalancing never shrinks this phase."},
                "optional": {"type": "boolean", "description": "The facilitator may leave this phase out at setup."},
                "instructions": {"type": "string", "description": "Participant-facing; always shown."},
                "facilitator_notes": {"type": "string", "description": "The why and how; hidden while projecting."},
                "prompts": {"type": "array", "items": {"type": "string"}},
                "notes": {"type": "array", "items": {"type": "string"}, "description": "Note kind ids offered in this phase (default: all)."},
                "enter": {"type": "string", "description": "The note kind Enter opens in this phase (default: the plain `note`); it must be offered here."},
                "checkin": {"type": "boolean", "description": "The norm check-in happens in this phase."},
                "repeat": {
                    "description": "A whole number of rounds, or `each` for one round per person present.",
                    "oneOf": [
                        {"type": "integer", "minimum": 1},
                        {"const": "each"}
                    ]
                },
                "round": round
            },
            "oneOf": [
                {"required": ["minutes"], "not": {"required": ["round"], "properties": {"round": {"required": ["turns"]}}}},
                {"required": ["round"], "properties": {"round": {"required": ["turns"]}}, "not": {"required": ["minutes"]}}
            ]
        }
    });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://plg.local/schemas/protocol.schema.json",
        "title": "plg protocol",
        "description": "A structured meeting protocol run by plg. See docs/protocol-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "name", "summary", "phases"],
        "properties": {
            "id": merge(&slug, json!({"description": "Unique id; also the file name (tuning.yaml)."})),
            "name": {"type": "string", "description": "Shown in lists and at the top of the runner."},
            "summary": {"type": "string", "description": "One line for lists."},
            "purpose": {"type": "string", "description": "Why a group would choose this protocol."},
            "source": {"type": "string", "description": "Attribution: the tradition this protocol comes from."},
            "group_size": group_size,
            "materials": {"type": "array", "items": {"type": "string"}, "description": "What to have in the room; shown at setup and by `plg show`."},
            "preparation": {"type": "string", "description": "What the presenter and facilitator do before the meeting."},
            "asks": {
                "type": "array",
                "uniqueItems": true,
                "items": {"enum": ASK_WORDS},
                "description": "What setup asks for before the meeting. Without it: [focusing_question, work]; [] asks for nothing."
            },
            "total_minutes": merge(&range, json!({"description": "The published length of the whole protocol, [low, high]. `plg check` warns when the phases add up to a total outside it (for the ideal group size, else 8)."})),
            "facilitator_notes": {"type": "string", "description": "Protocol-level notes for the facilitator: readiness, cautions."},
            "roles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "name"],
                    "properties": {
                        "id": merge(&slug, json!({"not": {"const": "everyone"}})),
                        "name": {"type": "string"},
                        "description": {"type": "string"}
                    }
                }
            },
            "note_kinds": {
                "type": "array",
                "minItems": 1,
                "description": "Kinds of notes; without it there is one kind, `note`.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "label"],
                    "properties": {
                        "id": slug,
                        "label": {"type": "string"},
                        "key": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": 1,
                            "not": {"pattern": format!("^[ {}]$", regex_escape(&reserved))},
                            "description": "One character that opens a note of this kind; not a runner key (Space n p q f ? + - digits)."
                        }
                    }
                }
            },
            "phases": phases
        }
    })
}

/// `base` with the keys of `extra` added (or replaced).
pub(crate) fn merge(base: &Value, extra: Value) -> Value {
    let mut out = base.clone();
    if let (Value::Object(o), Value::Object(e)) = (&mut out, extra) {
        o.extend(e);
    }
    out
}

fn regex_escape(chars: &str) -> String {
    chars
        .chars()
        .map(|c| match c {
            '?' | '+' | '-' | '\\' | ']' | '^' => format!("\\{c}"),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::check::{
        GROUP_SIZE_KEYS, NOTE_KIND_KEYS, PHASE_KEYS, PROTOCOL_KEYS, ROLE_KEYS, ROUND_KEYS,
        TURN_KEYS,
    };

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        k.sort();
        k
    }

    fn sorted(keys: &[&str]) -> Vec<String> {
        let mut k: Vec<String> = keys.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    }

    #[test]
    fn schema_keys_match_the_checker_keys() {
        let s = protocol_schema();
        assert_eq!(keys(&s), sorted(PROTOCOL_KEYS));
        assert_eq!(keys(&s["properties"]["roles"]["items"]), sorted(ROLE_KEYS));
        assert_eq!(
            keys(&s["properties"]["note_kinds"]["items"]),
            sorted(NOTE_KIND_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["phases"]["items"]),
            sorted(PHASE_KEYS)
        );
        let round = &s["properties"]["phases"]["items"]["properties"]["round"];
        assert_eq!(keys(round), sorted(ROUND_KEYS));
        assert_eq!(
            keys(&round["properties"]["turns"]["items"]),
            sorted(TURN_KEYS)
        );
        assert_eq!(
            keys(&s["properties"]["group_size"]["oneOf"][1]),
            sorted(GROUP_SIZE_KEYS)
        );
    }

    #[test]
    fn reserved_key_pattern_escapes_regex_characters() {
        let s = protocol_schema();
        let pattern = s["properties"]["note_kinds"]["items"]["properties"]["key"]["not"]["pattern"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(pattern, "^[ npqf\\?\\+\\-0123456789]$");
    }
}
