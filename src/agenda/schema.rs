//! A JSON Schema of the agenda format, built from the protocol schema's own
//! pieces (a simple item is a phase; roles and note kinds are a
//! protocol's), so the two cannot drift apart. `plg check` remains the
//! authority: a schema cannot say that a protocol an item names exists.

use serde_json::{Value, json};

use super::check::CHOOSE;
use crate::protocol::schema::merge;

/// Text with something to read in it.
const NOT_BLANK: &str = "\\S";

pub(crate) fn agenda_schema() -> Value {
    let protocol = crate::protocol::schema::protocol_schema();
    let props = &protocol["properties"];
    let mut simple = props["phases"]["items"].clone();
    if let Some(checkin) = simple.pointer_mut("/properties/checkin") {
        *checkin = json!({"type": "boolean", "description": "The norm check-in and the plus/delta happen in this item (at most one item). Without it: in the nested protocol's own check-in phase, else in the last item."});
    }
    // `plg check` refuses blank names (`name: ""`): so does the schema.
    if let Some(name) = simple.pointer_mut("/properties/name") {
        *name = json!({"type": "string", "pattern": NOT_BLANK});
    }
    let slug = props["id"].clone();
    let protocol_item = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["protocol"],
        "description": "A whole protocol, its phases nested under this item.",
        "properties": {
            "protocol": {
                "type": "string",
                "pattern": slug["pattern"],
                "description": format!("A protocol id from `plg protocols` (not an agenda), or `{CHOOSE}`: the facilitator picks the protocol at setup (at most one item).")
            },
            "name": {"type": "string", "pattern": NOT_BLANK, "description": "The item's name; the protocol's own name when left out."}
        }
    });
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": crate::schema::Kind::Agenda.id(),
        "title": "plg agenda",
        "description": "A whole meeting: simple timed items and protocols run whole, in order, on one clock. See docs/agenda-format.md.",
        "type": "object",
        "additionalProperties": false,
        "required": ["id", "name", "summary", "items"],
        "properties": {
            "id": {"type": "string", "pattern": slug["pattern"], "description": "Unique id, shared with protocols (no protocol may have it); also the file name (weekly.yaml). Lowercase letters, digits and single dashes."},
            "name": {"type": "string", "pattern": NOT_BLANK, "description": "Shown in lists and at the top of the runner."},
            "summary": {"type": "string", "pattern": NOT_BLANK, "description": "One line for lists."},
            "purpose": {"type": "string", "description": "What the meeting is for."},
            "source": {"type": "string", "description": "Where the meeting's shape comes from."},
            "materials": {"type": "array", "items": {"type": "string"}, "description": "What to have in the room, besides what the protocols ask for."},
            "preparation": {"type": "string", "description": "What to do before the meeting."},
            "facilitator_notes": {"type": "string", "description": "Notes on the whole meeting for the facilitator."},
            "roles": merge(&props["roles"], json!({"description": "Roles the simple items may name as `speaker` or `silent` (besides `everyone`)."})),
            "note_kinds": merge(&props["note_kinds"], json!({"description": "Kinds of notes the simple items offer; `note` and `decision` are offered in every item."})),
            "items": {
                "type": "array",
                "minItems": 1,
                "description": "The meeting, in order: simple timed items (the keys of a protocol phase) and whole protocols.",
                "items": {"oneOf": [simple, protocol_item]}
            }
        }
    })
}
