//! JSON Schemas of the files people write by hand (protocols, agendas, groups,
//! themes, config.yaml), so editors running yaml-language-server complete
//! keys and flag mistakes as they type. They are written out by hand, like
//! the protocol one, and tests hold their keys to the keys each loader
//! accepts. `plg check` remains the authority: a schema cannot say that a
//! theme named in config.yaml exists, or that a roster lists a name once
//! whatever its case.

use serde_json::{Value, json};

use crate::theme::{COLOR_KEYS, NAMED};

/// Every kind of file plg has a schema for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Protocol,
    Agenda,
    Group,
    Theme,
    Config,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Protocol,
        Kind::Agenda,
        Kind::Group,
        Kind::Theme,
        Kind::Config,
    ];

    /// `protocol`, `group`, …: the word in the file name and the command line.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Protocol => "protocol",
            Kind::Agenda => "agenda",
            Kind::Group => "group",
            Kind::Theme => "theme",
            Kind::Config => "config",
        }
    }

    /// `protocol.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.word())
    }

    /// The schema's `$id`: how plg knows a schema file it finds is one it wrote.
    pub fn id(self) -> String {
        format!("https://plg.local/schemas/{}", self.file_name())
    }

    /// The schema itself.
    pub fn schema(self) -> Value {
        match self {
            Kind::Protocol => crate::protocol::schema::protocol_schema(),
            Kind::Agenda => crate::agenda::schema::agenda_schema(),
            Kind::Group => group_schema(),
            Kind::Theme => theme_schema(),
            Kind::Config => config_schema(),
        }
    }

    /// The schema as the file plg writes: pretty JSON with a final newline.
    pub fn text(self) -> String {
        // A `Value` always serialises; the fallback only keeps this total.
        serde_json::to_string_pretty(&self.schema()).unwrap_or_default() + "\n"
    }

    /// The first line of a starter file, pointing at the schema written
    /// beside it (in `.schemas/` of the same folder).
    pub fn modeline(self) -> String {
        format!(
            "# yaml-language-server: $schema=.schemas/{}",
            self.file_name()
        )
    }
}

fn slug(description: &str) -> Value {
    json!({
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
        "description": format!("{description} Lowercase letters, digits and single dashes.")
    })
}

fn text(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn text_list(description: &str) -> Value {
    json!({
        "type": "array",
        "uniqueItems": true,
        "items": {"type": "string"},
        "description": description
    })
}

fn header(kind: Kind, title: &str, description: &str) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    m.insert("$id".into(), json!(kind.id()));
    m.insert("title".into(), json!(title));
    m.insert("description".into(), json!(description));
    m.insert("type".into(), json!("object"));
    m.insert("additionalProperties".into(), json!(false));
    m
}

pub(crate) fn group_schema() -> Value {
    let mut s = header(
        Kind::Group,
        "plg group",
        "A professional learning group: roster, facilitator, when it meets, norms. See docs/group-format.md.",
    );
    s.insert("required".into(), json!(["id", "name"]));
    s.insert(
        "properties".into(),
        json!({
            "id": slug("Unique id; also the file name (math9.yaml)."),
            "name": text("Shown on the setup screen, in records and reports."),
            "focus": text("What the group is working on this year, in one sentence; kept in each record."),
            "facilitator": text("Preselected as the meeting's facilitator; usually also listed under members."),
            "members": text_list("The roster; attendance is taken name by name. Each name once (case does not matter)."),
            "meets": text("When and where, free text: \"Tuesdays 15:15-16:15, Room 204\"."),
            "norms": text_list("Shown during meetings and checked in on at the end. Without it, config.yaml's norms (or plg's starter set)."),
            "agenda": slug("The agenda `plg run --group ID` runs when no agenda or protocol is named (see `plg agendas`)."),
        }),
    );
    Value::Object(s)
}

pub(crate) fn theme_schema() -> Value {
    let color = json!({
        "anyOf": [
            {"enum": NAMED},
            {"type": "string", "pattern": "^\\s*(#[0-9A-Fa-f]{6}|[0-9]{1,3}|[A-Za-z][A-Za-z _-]*)\\s*$"},
            {"type": "integer", "minimum": 0, "maximum": 255}
        ]
    });
    let colors: serde_json::Map<String, Value> = COLOR_KEYS
        .iter()
        .map(|(key, what)| {
            let mut c = color.clone();
            if let Value::Object(o) = &mut c {
                o.insert(
                    "description".into(),
                    json!(format!(
                        "{}: a name (light-blue), \"#rrggbb\" (quoted), 0-255, or reset.",
                        capitalise(what)
                    )),
                );
            }
            ((*key).to_string(), c)
        })
        .collect();
    let mut s = header(
        Kind::Theme,
        "plg theme",
        "A colour theme for the runner; any colour left out comes from `default`. See docs/theme-format.md.",
    );
    s.insert("required".into(), json!(["id", "name"]));
    s.insert(
        "properties".into(),
        json!({
            "id": slug("Unique id; also the file name (projector.yaml)."),
            "name": text("Shown by `plg themes`."),
            "description": text("What the theme is for, in one line."),
            "colors": {
                "type": "object",
                "additionalProperties": false,
                "description": "Named colours; each may be left out.",
                "properties": colors
            }
        }),
    );
    Value::Object(s)
}

pub(crate) fn config_schema() -> Value {
    let mut s = header(
        Kind::Config,
        "plg config.yaml",
        "The few defaults set once. See README.md, \"Where files live\".",
    );
    s.insert(
        "properties".into(),
        json!({
            "theme": text("The theme when --theme is not given: an id from `plg themes`."),
            "norms": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Norms for meetings run without a group."
            },
            "school_year_starts": {
                "type": "string",
                "pattern": "^\\s*[0-9]{1,2}-[0-9]{1,2}\\s*$",
                "description": "Month and day the school year starts, e.g. \"09-01\" (default 08-01): who has presented this year, and the report's month grid."
            },
            "share": {
                "enum": ["private", "group"],
                "description": "`group`: records, groups and exports are readable by the file's Unix group (0640 in 0750 folders). Default: private."
            }
        }),
    );
    Value::Object(s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
