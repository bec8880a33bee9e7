//! The schemas against what plg accepts: their keys are the loaders' keys,
//! and the files plg ships or documents validate against them.
//!
//! There is no JSON Schema crate in the tree, so [`validate`] is a small
//! structural validator covering the keywords these schemas use (types,
//! properties, required, additionalProperties, items, enum, const, bounds,
//! uniqueItems, oneOf, anyOf, not). It does not run `pattern`s (nor a
//! `not` that rests on one): that would take a regex engine; slugs,
//! colours and note keys are checked by `plg check`.

use serde_json::Value;

use super::*;
use crate::config::CONFIG_KEYS;
use crate::group::GROUP_KEYS;
use crate::theme::THEME_KEYS;

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
fn schema_keys_are_the_keys_each_loader_accepts() {
    assert_eq!(keys(&group_schema()), sorted(GROUP_KEYS));
    assert_eq!(keys(&theme_schema()), sorted(THEME_KEYS));
    let colors: Vec<&str> = COLOR_KEYS.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys(&theme_schema()["properties"]["colors"]),
        sorted(&colors)
    );
    assert_eq!(keys(&config_schema()), sorted(CONFIG_KEYS));
}

#[test]
fn the_agenda_schema_has_the_agenda_checkers_keys_and_a_phases_for_a_simple_item() {
    use crate::agenda::check::{AGENDA_KEYS, PROTOCOL_ITEM_KEYS};
    let s = Kind::Agenda.schema();
    assert_eq!(keys(&s), sorted(AGENDA_KEYS));
    let kinds = &s["properties"]["items"]["items"]["oneOf"];
    assert_eq!(keys(&kinds[0]), sorted(crate::protocol::check::PHASE_KEYS));
    assert_eq!(keys(&kinds[1]), sorted(PROTOCOL_ITEM_KEYS));
    assert!(
        s["properties"]["roles"]["items"]["properties"]["id"].is_object(),
        "the protocol's roles"
    );
}

#[test]
fn every_schema_names_itself_and_the_draft_it_follows() {
    for kind in Kind::ALL {
        let s = kind.schema();
        assert_eq!(s["$id"], kind.id().as_str(), "{kind:?}");
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false, "{kind:?}");
        assert!(kind.text().ends_with("}\n"));
        assert_eq!(
            kind.modeline(),
            format!(
                "# yaml-language-server: $schema=.schemas/{}.schema.json",
                kind.word()
            )
        );
    }
}

/// Where `value` breaks `schema`, as JSON-pointer-like paths; empty when it fits.
fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check(schema, value, "", &mut problems);
    problems
}

fn type_fits(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

fn check(schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        return;
    };
    let mut fail = |why: String| problems.push(format!("{at}: {why}"));
    match s.get("type") {
        Some(Value::String(t)) if !type_fits(t, v) => fail(format!("not {t}: {v}")),
        Some(Value::Array(ts))
            if !ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| type_fits(t, v))) =>
        {
            fail(format!("none of {ts:?}: {v}"))
        }
        _ => {}
    }
    if let Some(Value::Array(allowed)) = s.get("enum")
        && !allowed.contains(v)
    {
        fail(format!("{v} is not one of {allowed:?}"));
    }
    if let Some(c) = s.get("const")
        && c != v
    {
        fail(format!("{v} is not {c}"));
    }
    if let Some(n) = v.as_f64() {
        let bound = |k: &str| s.get(k).and_then(Value::as_f64);
        if bound("minimum").is_some_and(|m| n < m)
            || bound("maximum").is_some_and(|m| n > m)
            || bound("exclusiveMinimum").is_some_and(|m| n <= m)
        {
            fail(format!("{n} is out of bounds"));
        }
    }
    if let Some(text) = v.as_str() {
        let len = text.chars().count() as u64;
        if s.get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| len < m)
            || s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| len > m)
        {
            fail(format!("`{text}` has the wrong length"));
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(req)) = s.get("required") {
            for r in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(r) {
                    fail(format!("`{r}` is missing"));
                }
            }
        }
        for (k, item) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(sub) => check(sub, item, &format!("{at}/{k}"), problems),
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    problems.push(format!("{at}: `{k}` is not a known key"))
                }
                None => {}
            }
        }
    }
    if let Some(items) = v.as_array() {
        let n = items.len() as u64;
        if s.get("minItems")
            .and_then(Value::as_u64)
            .is_some_and(|m| n < m)
            || s.get("maxItems")
                .and_then(Value::as_u64)
                .is_some_and(|m| n > m)
        {
            problems.push(format!("{at}: {n} items"));
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    problems.push(format!("{at}/{i}: {a} is listed twice"));
                }
            }
        }
        if let Some(sub) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(sub, item, &format!("{at}/{i}"), problems);
            }
        }
    }
    let fits = |sub: &Value| validate(sub, v).is_empty();
    if let Some(Value::Array(subs)) = s.get("oneOf") {
        let n = subs.iter().filter(|sub| fits(sub)).count();
        if n != 1 {
            problems.push(format!("{at}: fits {n} of oneOf, not exactly one"));
        }
    }
    if let Some(Value::Array(subs)) = s.get("anyOf")
        && !subs.iter().any(fits)
    {
        problems.push(format!("{at}: fits none of anyOf"));
    }
    // A `not` that rests on a pattern cannot be decided without running it.
    if let Some(sub) = s.get("not")
        && sub.get("pattern").is_none()
        && fits(sub)
    {
        problems.push(format!("{at}: fits what `not` forbids"));
    }
}

fn yaml(src: &str) -> Value {
    serde_yaml::from_str(src).expect("valid YAML")
}

/// The first ```yaml block after `heading` in a document.
fn example(doc: &str, heading: &str) -> String {
    let from = doc.find(heading).expect("the heading");
    let rest = &doc[from..];
    let start = rest.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = rest[start..].find("```").expect("the block's end");
    rest[start..start + end].to_string()
}

#[test]
fn the_validator_finds_what_it_should() {
    let group = group_schema();
    assert!(validate(&group, &yaml("id: g\nname: G\n")).is_empty());
    assert_eq!(
        validate(&group, &yaml("id: g\nname: G\nmeet: Tuesdays\n")),
        [": `meet` is not a known key"]
    );
    assert_eq!(validate(&group, &yaml("id: g\n")), [": `name` is missing"]);
    assert_eq!(
        validate(&group, &yaml("id: g\nname: G\nmembers: [Ana, Ana]\n")),
        ["/members/1: \"Ana\" is listed twice"]
    );
    assert_eq!(
        validate(&config_schema(), &yaml("share: everyone\n")).len(),
        1
    );
    let theme = theme_schema();
    assert!(validate(&theme, &yaml("id: t\nname: T\ncolors: {text: 300}\n")).len() == 1);
    assert!(validate(&theme, &yaml("id: t\nname: T\ncolors: {clok: red}\n")).len() == 1);
    let protocol = Kind::Protocol.schema();
    let phase_without_minutes = "id: p\nname: P\nsummary: S\nphases:\n  - name: A\n";
    assert!(!validate(&protocol, &yaml(phase_without_minutes)).is_empty());
}

#[test]
fn every_builtin_theme_fits_the_theme_schema() {
    let schema = theme_schema();
    assert!(crate::theme::BUILTIN.len() >= 5);
    for (file, src) in crate::theme::BUILTIN {
        assert_eq!(
            validate(&schema, &yaml(src)),
            Vec::<String>::new(),
            "{file}"
        );
    }
}

#[test]
fn the_documented_group_and_the_starter_fit_the_group_schema() {
    let schema = group_schema();
    let doc = include_str!("../../docs/group-format.md");
    let documented = example(doc, "## Example");
    assert!(documented.contains("id: math9"), "{documented}");
    assert_eq!(validate(&schema, &yaml(&documented)), Vec::<String>::new());
    let starter = crate::group::starter("math9");
    assert_eq!(validate(&schema, &yaml(&starter)), Vec::<String>::new());
}

#[test]
fn the_documented_theme_and_config_fit_their_schemas() {
    let theme_doc = include_str!("../../docs/theme-format.md");
    let theme = example(theme_doc, "## Example");
    assert_eq!(
        validate(&theme_schema(), &yaml(&theme)),
        Vec::<String>::new()
    );
    let readme = include_str!("../../README.md");
    let config = example(readme, "`config.yaml` holds the few defaults");
    assert!(config.contains("school_year_starts"), "{config}");
    assert_eq!(
        validate(&config_schema(), &yaml(&config)),
        Vec::<String>::new()
    );
    // And the config plg's own loader reads.
    assert!(crate::config::check(&config).value.is_some());
}

#[test]
fn every_builtin_protocol_fits_the_protocol_schema() {
    let schema = Kind::Protocol.schema();
    for (file, src) in crate::protocol::BUILTIN {
        assert_eq!(
            validate(&schema, &yaml(src)),
            Vec::<String>::new(),
            "{file}"
        );
    }
}

#[test]
fn every_builtin_agenda_the_documented_one_and_the_starter_fit_the_agenda_schema() {
    let schema = Kind::Agenda.schema();
    let doc = include_str!("../../docs/agenda-format.md");
    let documented = example(doc, "## A complete example");
    let starter = crate::agenda::starter("weekly", ".schemas/agenda.schema.json");
    let files = crate::agenda::BUILTIN
        .iter()
        .map(|(f, s)| (*f, s.to_string()))
        .chain([("the guide", documented), ("the starter", starter)]);
    for (file, src) in files {
        assert_eq!(
            validate(&schema, &yaml(&src)),
            Vec::<String>::new(),
            "{file}"
        );
    }
    // Each item is one kind or the other, never both.
    let both = "id: a\nname: A\nsummary: S\nitems:\n  - {protocol: tuning, minutes: 5}\n";
    assert!(!validate(&schema, &yaml(both)).is_empty());
    let neither = "id: a\nname: A\nsummary: S\nitems:\n  - {name: Talk}\n";
    assert!(!validate(&schema, &yaml(neither)).is_empty());
}

/// `plg check` refuses a blank name or summary in an agenda; the schema says
/// so too, where an editor shows it (the validator here runs no patterns,
/// so the pattern itself is what is checked).
#[test]
fn the_agenda_schema_refuses_blank_names_as_the_checker_does() {
    let schema = Kind::Agenda.schema();
    let items = &schema["properties"]["items"]["items"]["oneOf"];
    for (at, prop) in [
        ("name", &schema["properties"]["name"]),
        ("summary", &schema["properties"]["summary"]),
        ("a simple item's name", &items[0]["properties"]["name"]),
        ("a protocol item's name", &items[1]["properties"]["name"]),
    ] {
        assert_eq!(prop["pattern"], "\\S", "{at}");
    }
    let blank = "id: a\nname: \"\"\nsummary: \" \"\nitems:\n  - {name: \"\", minutes: 5}\n";
    assert_eq!(crate::agenda::check(blank).diagnostics.len(), 3);
}
