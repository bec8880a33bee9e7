//! A JSON Schema of the protocol format, so editors running yaml-language-server
//! complete keys and flag mistakes as a coach types. `plg check` remains the
//! authority: the schema cannot express cross-references such as a `speaker`
//! naming a declared role.

use serde_json::{Value, json};

use super::model::RUNNER_KEYS;

pub(crate) fn protocol_schema() -> Value {
    let reserved: String = RUNNER_KEYS.iter().filter(|c| **c != ' ').collect();
    let slug = json!({
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": "Lowercase letters, digits and single dashes."
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
            "group_size": {"type": "string", "description": "Free text, e.g. \"6-12\"."},
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
            "phases": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["name", "minutes"],
                    "properties": {
                        "name": {"type": "string"},
                        "minutes": {"type": "number", "exclusiveMinimum": 0, "maximum": 240, "description": "Planned minutes per round; decimals allowed."},
                        "speaker": {"type": "string", "description": "A role id, or `everyone`."},
                        "instructions": {"type": "string", "description": "Participant-facing; always shown."},
                        "facilitator_notes": {"type": "string", "description": "The why and how; hidden while projecting."},
                        "prompts": {"type": "array", "items": {"type": "string"}},
                        "notes": {"type": "array", "items": {"type": "string"}, "description": "Note kind ids offered in this phase (default: all)."},
                        "checkin": {"type": "boolean", "description": "The norm check-in happens in this phase."},
                        "repeat": {
                            "description": "A whole number of rounds, or `each` for one round per person present.",
                            "oneOf": [
                                {"type": "integer", "minimum": 1},
                                {"const": "each"}
                            ]
                        }
                    }
                }
            }
        }
    })
}

fn merge(base: &Value, extra: Value) -> Value {
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
    use crate::protocol::check::{NOTE_KIND_KEYS, PHASE_KEYS, PROTOCOL_KEYS, ROLE_KEYS};

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
