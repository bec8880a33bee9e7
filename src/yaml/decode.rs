//! Helpers that turn a positioned [`Node`] tree into typed values while
//! collecting every problem, rather than stopping at the first.
//!
//! Each format (protocols, themes, groups, config) describes its keys once
//! and reads them through a [`Decoder`]; unknown keys, duplicates, missing
//! keys and wrong types get the same wording everywhere.

use std::collections::HashMap;

use crate::diag::{Checked, Diagnostic, Pos, Span};

use super::{Node, Value};

/// Parses one document and insists there is one; `first_line` is shown in
/// the hint for an empty file.
pub fn document_root(src: &str, what: &str, first_line: &str) -> Result<Node, Diagnostic> {
    match super::parse(src)? {
        Some(root) => Ok(root),
        None => Err(Diagnostic::error(
            Span::at(Pos::START),
            format!("the file is empty; {what} file needs at least some keys"),
        )
        .with_hint(format!(
            "start with a line such as `{first_line}`, or write a starter with `plg new`"
        ))),
    }
}

/// Reads a hand-written document with `read`, collecting every diagnostic;
/// the value is only given when none of them is an error.
pub fn check_document<T>(
    src: &str,
    what: &str,
    first_line: &str,
    read: impl FnOnce(&Node, &mut Decoder) -> Option<T>,
) -> Checked<T> {
    let root = match document_root(src, what, first_line) {
        Ok(root) => root,
        Err(d) => {
            return Checked {
                value: None,
                diagnostics: vec![d],
            };
        }
    };
    let mut d = Decoder::new();
    let value = read(&root, &mut d);
    Checked {
        value: if d.has_errors() { None } else { value },
        diagnostics: d.diagnostics,
    }
}

/// Collects diagnostics while a document is decoded.
#[derive(Debug, Default)]
pub struct Decoder {
    pub diagnostics: Vec<Diagnostic>,
}

/// A mapping that passed the key checks, with a description of where it is
/// ("phase 3 (Feedback)") for messages about its values.
#[derive(Debug, Clone)]
pub struct MapNode<'n> {
    pub node: &'n Node,
    pub entries: &'n [(Node, Node)],
    pub what: String,
}

impl<'n> MapNode<'n> {
    /// The value of a key (its first occurrence; duplicates are reported separately).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(_, v)| v)
    }

    /// The value of a key, treating `key:` with nothing after it as absent.
    pub fn get_some(&self, key: &str) -> Option<&'n Node> {
        self.get(key).filter(|v| !v.is_null())
    }

    /// The span of a key itself, for messages about the key rather than its value.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar().is_some_and(|s| s.text == key))
            .map(|(k, _)| k.span)
    }
}

/// The closest known word, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (c, strsim::normalized_damerau_levenshtein(word, c)))
        .filter(|(_, score)| *score >= 0.6)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// "a, b and c" for hints.
pub fn word_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [init @ .., last] => format!(
            "{} and `{last}`",
            init.iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    pub fn error(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(span, message).with_hint(hint));
    }

    pub fn warning(&mut self, span: Span, message: impl Into<String>, hint: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(span, message).with_hint(hint));
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Checks that `node` is a mapping whose keys are all known and unique.
    pub fn map<'n>(&mut self, node: &'n Node, what: &str, known: &[&str]) -> Option<MapNode<'n>> {
        let Value::Map(entries) = &node.value else {
            self.error(
                node.span,
                format!(
                    "{what} must be a mapping of `key: value` lines, but it is {}",
                    node.describe()
                ),
                format!(
                    "write it as lines such as `{}: …`",
                    known.first().copied().unwrap_or("key")
                ),
            );
            return None;
        };
        // A map, not a list: a hostile file may hold tens of thousands of keys.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (key, _) in entries {
            let Some(name) = key
                .as_scalar()
                .filter(|s| !s.is_null())
                .map(|s| s.text.as_str())
            else {
                self.error(
                    key.span,
                    format!("a key in {what} is {}, not a name", key.describe()),
                    format!(
                        "keys are plain names such as {}",
                        word_list(&known[..known.len().min(3)])
                    ),
                );
                continue;
            };
            if let Some(line) = seen.get(name) {
                self.error(
                    key.span,
                    format!("duplicate key `{name}` in {what}; the first is on line {line}"),
                    "a key may appear once per mapping; remove or merge one of them",
                );
                continue;
            }
            seen.insert(name, key.span.start.line);
            if !known.contains(&name) {
                let hint = match did_you_mean(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("the keys {what} can have are {}", word_list(known)),
                };
                self.error(key.span, format!("unknown key `{name}` in {what}"), hint);
            }
        }
        Some(MapNode {
            node,
            entries,
            what: what.to_string(),
        })
    }

    /// A key that must be present and not empty; `example` shows a valid line.
    pub fn required<'n>(
        &mut self,
        map: &MapNode<'n>,
        key: &str,
        example: &str,
    ) -> Option<&'n Node> {
        match map.get(key) {
            None => {
                self.error(
                    Span::at(map.node.span.start),
                    format!("{} is missing the required key `{key}`", map.what),
                    format!("add a line such as `{example}`"),
                );
                None
            }
            Some(v) if v.is_null() => {
                self.error(
                    map.key_span(key).unwrap_or(v.span),
                    format!("`{key}` in {} is empty", map.what),
                    format!("give it a value, e.g. `{example}`"),
                );
                None
            }
            Some(v) => Some(v),
        }
    }

    /// Any scalar read as text (so `name: 2024` is the text "2024"); lists and mappings are errors.
    pub fn text(&mut self, node: &Node, key: &str, what: &str) -> Option<String> {
        match &node.value {
            Value::Scalar(s) if !s.is_null() => Some(s.text.clone()),
            Value::Scalar(_) => None,
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` in {what} must be text, but it is {}",
                        node.describe()
                    ),
                    "write the text on the same line after the colon, or use `|` for several lines",
                );
                None
            }
        }
    }

    /// Required text; blank text (`name: ""`) is as empty as no value, since
    /// a blank name leaves a heading or a list row with nothing to read.
    pub fn required_text(&mut self, map: &MapNode<'_>, key: &str, example: &str) -> Option<String> {
        let node = self.required(map, key, example)?;
        let text = self.text(node, key, &map.what)?;
        if text.trim().is_empty() {
            self.error(
                node.span,
                format!("`{key}` in {} is empty", map.what),
                format!("give it a value, e.g. `{example}`"),
            );
            return None;
        }
        Some(text)
    }

    pub fn optional_text(&mut self, map: &MapNode<'_>, key: &str) -> Option<String> {
        let node = map.get_some(key)?;
        self.text(node, key, &map.what)
    }

    pub fn number(&mut self, node: &Node, key: &str, what: &str) -> Option<f64> {
        match node.as_scalar() {
            Some(s) if s.as_f64().is_some() => s.as_f64(),
            Some(s) if !s.plain && s.text.trim().parse::<f64>().is_ok() => {
                self.error(
                    node.span,
                    format!("`{key}` in {what} must be a number, but it is quoted text"),
                    format!("remove the quotes: `{key}: {}`", s.text.trim()),
                );
                None
            }
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` in {what} must be a number, but it is {}",
                        node.describe()
                    ),
                    format!("write digits, e.g. `{key}: 10` or `{key}: 1.5`"),
                );
                None
            }
        }
    }

    pub fn boolean(&mut self, node: &Node, key: &str, what: &str) -> Option<bool> {
        match node.as_scalar().and_then(|s| s.as_bool()) {
            Some(b) => Some(b),
            None => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` in {what} must be true or false, but it is {}",
                        node.describe()
                    ),
                    format!("write `{key}: true` or `{key}: false`"),
                );
                None
            }
        }
    }

    /// A list, or `None` (with an error) when the value is something else.
    pub fn list<'n>(&mut self, node: &'n Node, key: &str, what: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.error(
                    node.span,
                    format!(
                        "`{key}` in {what} must be a list, but it is {}",
                        node.describe()
                    ),
                    format!(
                        "write each item on its own line starting with `- `, or `{key}: [a, b]`"
                    ),
                );
                None
            }
        }
    }

    /// Reports a value that is not a lowercase slug, suggesting one; true when it is a slug.
    pub fn slug(&mut self, node: &Node, value: &str, what: &str) -> bool {
        if is_slug(value) {
            return true;
        }
        let suggestion = slugify(value);
        let hint = if suggestion.is_empty() {
            "use lowercase letters, digits and single dashes, e.g. `warm-feedback`".to_string()
        } else {
            format!("use lowercase letters, digits and single dashes, e.g. `{suggestion}`")
        };
        self.error(
            node.span,
            format!("{what} must be a lowercase slug, but it is `{value}`"),
            hint,
        );
        false
    }

    /// The required `id` of a document, checked to be a slug.
    pub fn required_id(&mut self, map: &MapNode<'_>, example: &str) -> Option<String> {
        let id = self.required_text(map, "id", example)?;
        if let Some(node) = map.get("id") {
            self.slug(node, &id, "`id`");
        }
        Some(id)
    }

    /// A list of text items, e.g. `prompts` or `members`.
    pub fn text_list(&mut self, node: &Node, key: &str, what: &str) -> Vec<(String, Span)> {
        let Some(items) = self.list(node, key, what) else {
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let text = self.text(item, &format!("{key}[{}]", i + 1), what);
                if text.is_none() && item.is_null() {
                    self.error(
                        item.span,
                        format!("item {} of `{key}` in {what} is empty", i + 1),
                        "remove the empty `- ` line or write the item after it",
                    );
                }
                text.map(|t| (t, item.span))
            })
            .collect()
    }
}

/// True for ids made of lowercase ASCII letters, digits and single dashes,
/// starting with a letter or digit.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A slug suggestion for a bad id: `Warm Feedback` → `warm-feedback`.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A readable name from an id: `peer-observation` → `Peer Observation`.
pub fn title_case(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    #[test]
    fn unknown_keys_suggest_the_closest_known_key() {
        let root = parse("name: A\ninstructons: x\n").unwrap().unwrap();
        let mut d = Decoder::new();
        d.map(&root, "phase 1", &["name", "instructions", "minutes"]);
        assert_eq!(d.diagnostics.len(), 1);
        let diag = &d.diagnostics[0];
        assert_eq!(diag.message, "unknown key `instructons` in phase 1");
        assert_eq!(diag.hint.as_deref(), Some("did you mean `instructions`?"));
        assert_eq!((diag.span.start.line, diag.span.start.col), (2, 1));
    }

    #[test]
    fn duplicate_keys_name_the_first_line() {
        let root = parse("name: A\nminutes: 1\nname: B\n").unwrap().unwrap();
        let mut d = Decoder::new();
        d.map(&root, "phase 1", &["name", "minutes"]);
        assert_eq!(d.diagnostics[0].span.start.line, 3);
        assert!(d.diagnostics[0].message.contains("first is on line 1"));
    }

    #[test]
    fn quoted_numbers_are_refused_with_a_fix() {
        let root = parse("minutes: \"10\"\n").unwrap().unwrap();
        let mut d = Decoder::new();
        let m = d.map(&root, "phase 1", &["minutes"]).unwrap();
        let v = m.get("minutes").unwrap();
        assert_eq!(d.number(v, "minutes", &m.what), None);
        assert_eq!(
            d.diagnostics[0].hint.as_deref(),
            Some("remove the quotes: `minutes: 10`")
        );
    }

    #[test]
    fn slugs() {
        assert!(is_slug("examining-student-work"));
        assert!(is_slug("r2d2"));
        assert!(!is_slug("Tuning"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("a b"));
        assert_eq!(slugify("Warm Feedback!"), "warm-feedback");
    }

    #[test]
    fn word_lists_read_naturally() {
        assert_eq!(word_list(&["a"]), "`a`");
        assert_eq!(word_list(&["a", "b", "c"]), "`a`, `b` and `c`");
    }
}
