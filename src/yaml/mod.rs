//! A YAML document as a tree in which every node knows where it came from.
//!
//! serde stops at the first problem and forgets positions once a value is
//! built, but coaches need every mistake with its line and column, including
//! semantic ones ("this speaker is not a declared role"). So hand-written
//! files are read into this positioned tree first, then checked and turned
//! into domain types by `decode`.
//!
//! The reader refuses hostile input early: files over 1 MiB (`MAX_BYTES`),
//! nesting deeper than 64 (`MAX_DEPTH`), and documents that expand (aliases
//! counted by what they repeat) past 100,000 values (`MAX_NODES`) or 4 MiB
//! (`MAX_EXPANDED_BYTES`). Session records, which serde reads, pass through [`guard`] first
//! with their own, larger, [`Limits`].

pub(crate) mod decode;

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use crate::diag::{Diagnostic, Pos, Span};

/// Hand-written plg files are a few kilobytes; a megabyte is already absurd.
pub(crate) const MAX_BYTES: usize = 1024 * 1024;
/// Deep enough for any sensible file, shallow enough that nothing recurses badly.
pub(crate) const MAX_DEPTH: usize = 64;
/// Caps how many values a document may hold once aliases are expanded.
pub(crate) const MAX_NODES: usize = 100_000;
/// Caps the bytes a document may expand to: an alias costs what it repeats,
/// so a long text aliased many times is refused however few values it makes
/// (the "billion laughs" attack).
pub(crate) const MAX_EXPANDED_BYTES: usize = 4 * 1024 * 1024;

/// What one document may hold; see [`guard`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub depth: usize,
    pub values: usize,
    pub expanded_bytes: usize,
}

/// What [`guard`] found in an accepted document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Values once aliases are expanded.
    pub values: usize,
    /// Bytes of text once aliases are expanded, plus one per value.
    pub expanded_bytes: usize,
    pub deepest: usize,
    pub aliases: usize,
}

/// What a value costs: its text, plus one so that empty values count.
fn scalar_weight(text: &str) -> usize {
    text.len() + 1
}

/// Why [`guard`] refused a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    pub diagnostic: Diagnostic,
    /// A syntax error rather than a limit: the reader that follows may word
    /// it better, and is safe to run when nothing after it can expand.
    pub syntax: bool,
}

/// Streams through a document checking nesting and expansion without
/// building it, so a document that another reader (serde) would expand
/// without bounds is refused first, at the place it goes over.
pub fn guard(src: &str, limits: Limits) -> Result<Stats, Refused> {
    let limit = |diagnostic| Refused {
        diagnostic,
        syntax: false,
    };
    let positions = Positions::new(src);
    // Per open collection: its anchor, values and bytes so far.
    let mut stack: Vec<(usize, usize, usize)> = Vec::new();
    let mut anchors: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut stats = Stats::default();
    for event in Parser::new_from_str(src) {
        let (event, span) = event.map_err(|e| {
            let diagnostic = scan_error(&positions, &e);
            // The scanner's own nesting limit is a limit, not a mistake to word better.
            let syntax = !e.info().contains("recursion limit");
            Refused { diagnostic, syntax }
        })?;
        let done: Option<(usize, usize, usize)> = match event {
            Event::Scalar(text, _, anchor, _) => Some((anchor, 1, scalar_weight(&text))),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= limits.depth {
                    return Err(limit(
                        Diagnostic::error(
                            positions.span(&span),
                            format!("the file nests more than {} levels deep", limits.depth),
                        )
                        .with_hint(
                            "plg files are a few levels deep; check the brackets and indentation",
                        ),
                    ));
                }
                stack.push((anchor, 1, 1));
                stats.deepest = stats.deepest.max(stack.len());
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop(),
            Event::Alias(id) => {
                let Some(&(values, bytes)) = anchors.get(&id) else {
                    return Err(Refused {
                        diagnostic: Diagnostic::error(
                            positions.span(&span),
                            "this alias names no anchor",
                        ),
                        syntax: true,
                    });
                };
                stats.aliases += 1;
                Some((0, values, bytes))
            }
            _ => None,
        };
        let Some((anchor, values, bytes)) = done else {
            continue;
        };
        if anchor != 0 {
            anchors.insert(anchor, (values, bytes));
        }
        match stack.last_mut() {
            Some((_, v, b)) => {
                *v = v.saturating_add(values);
                *b = b.saturating_add(bytes);
            }
            None => {
                stats.values = stats.values.saturating_add(values);
                stats.expanded_bytes = stats.expanded_bytes.saturating_add(bytes);
            }
        }
        // Everything open so far, plus what just closed: the document's size up to here.
        let (open_values, open_bytes) = stack.iter().fold((0usize, 0usize), |(v, b), f| {
            (v.saturating_add(f.1), b.saturating_add(f.2))
        });
        let so_far_values = stats.values.saturating_add(open_values);
        let so_far_bytes = stats.expanded_bytes.saturating_add(open_bytes);
        if so_far_values > limits.values || so_far_bytes > limits.expanded_bytes {
            return Err(limit(expansion_error(
                positions.span(&span),
                so_far_values > limits.values,
                limits,
                stats.aliases > 0,
            )));
        }
    }
    Ok(stats)
}

fn expansion_error(span: Span, values: bool, limits: Limits, aliases: bool) -> Diagnostic {
    let message = if values && aliases {
        format!("the document expands to more than {} values", limits.values)
    } else if values {
        format!("the document holds more than {} values", limits.values)
    } else {
        format!(
            "the document expands to more than {} KiB",
            limits.expanded_bytes / 1024
        )
    };
    let hint = if aliases {
        "aliases (`*name`) repeat a large part of the file here; write the values out instead"
    } else {
        "this is far more than a plg file holds; check that the right file was given"
    };
    Diagnostic::error(span, message).with_hint(hint)
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scalar {
    pub text: String,
    /// Plain scalars are typed by the YAML 1.2 core schema; quoted and block
    /// scalars are always text.
    pub plain: bool,
}

impl Scalar {
    pub fn is_null(&self) -> bool {
        self.plain && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }

    pub fn as_bool(&self) -> Option<bool> {
        if !self.plain {
            return None;
        }
        match self.text.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// A number as the core schema reads it (no `.inf` or `.nan`: plg has no use for them).
    pub fn as_f64(&self) -> Option<f64> {
        if !self.plain {
            return None;
        }
        let t = self.text.as_str();
        let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
        if digits.is_empty()
            || !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            || !digits
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        {
            return None;
        }
        t.parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

impl Node {
    /// What the node is, in words for messages: "text", "a list", …
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
            Value::Scalar(s) if s.is_null() => "nothing".into(),
            Value::Scalar(s) if s.as_bool().is_some() => format!("`{}`", s.text),
            Value::Scalar(s) if s.as_f64().is_some() => {
                format!("the number {}", short_number(&s.text))
            }
            Value::Scalar(s) => {
                let short: String = s.text.chars().take(30).collect();
                if short.len() < s.text.len() {
                    format!("the text \"{short}…\"")
                } else {
                    format!("the text \"{short}\"")
                }
            }
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }

    /// Values and bytes (as [`guard`] counts them) in this node, aliases expanded.
    fn size(&self) -> (usize, usize) {
        let add = |(a, b): (usize, usize), (c, d): (usize, usize)| {
            (a.saturating_add(c), b.saturating_add(d))
        };
        match &self.value {
            Value::Scalar(s) => (1, scalar_weight(&s.text)),
            Value::Seq(items) => items.iter().map(Node::size).fold((1, 1), add),
            Value::Map(entries) => entries
                .iter()
                .map(|(k, v)| add(k.size(), v.size()))
                .fold((1, 1), add),
        }
    }
}

/// A number for a message: as written, or in short scientific form when it
/// is long (`minutes: 1e308` written out in full is 309 digits).
pub(crate) fn short_number(text: &str) -> String {
    const LONGEST: usize = 16;
    let t = text.trim();
    if t.chars().count() <= LONGEST {
        return t.to_string();
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => format!("{v:e}"),
        _ => format!("{}…", t.chars().take(LONGEST).collect::<String>()),
    }
}

/// Converts the parser's character-based markers into line, column and byte offset.
struct Positions<'a> {
    src: &'a str,
    /// Byte offset of each character, only built when the text is not ASCII.
    char_bytes: Option<Vec<usize>>,
}

impl<'a> Positions<'a> {
    fn new(src: &'a str) -> Self {
        let char_bytes = (!src.is_ascii()).then(|| src.char_indices().map(|(i, _)| i).collect());
        Positions { src, char_bytes }
    }

    fn pos(&self, m: &Marker) -> Pos {
        let offset = match &self.char_bytes {
            None => m.index(),
            Some(table) => table.get(m.index()).copied().unwrap_or(self.src.len()),
        };
        Pos {
            line: m.line().max(1),
            col: m.col() + 1,
            offset: offset.min(self.src.len()),
        }
    }

    fn span(&self, s: &saphyr_parser::Span) -> Span {
        Span {
            start: self.pos(&s.start),
            end: self.pos(&s.end),
        }
    }
}

enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Reads one YAML document. `Ok(None)` means the file holds no document at all
/// (empty, or only comments).
pub(crate) fn parse(src: &str) -> Result<Option<Node>, Diagnostic> {
    if src.len() > MAX_BYTES {
        return Err(Diagnostic::error(
            Span::at(Pos::START),
            format!(
                "the file is {} KiB; plg reads files of at most {} KiB",
                src.len() / 1024,
                MAX_BYTES / 1024
            ),
        )
        .with_hint("this does not look like a plg file; check that the right file was given"));
    }
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let positions = Positions::new(src);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut nodes = 0usize;
    let mut bytes = 0usize;
    let mut aliases = false;
    let mut documents = 0usize;
    let mut root: Option<Node> = None;

    for event in Parser::new_from_str(src) {
        let (event, span) = event.map_err(|e| scan_error(&positions, &e))?;
        let span = positions.span(&span);
        let finished: Option<(Node, usize)> = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Diagnostic::error(
                        span,
                        "a second YAML document starts here; a plg file holds exactly one",
                    )
                    .with_hint("remove the `---` line, or split the file in two"));
                }
                None
            }
            Event::Scalar(text, style, anchor, _tag) => Some((
                Node {
                    value: Value::Scalar(Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    }),
                    span,
                },
                anchor,
            )),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Diagnostic::error(
                        span,
                        format!("the file nests more than {MAX_DEPTH} levels deep"),
                    )
                    .with_hint("plg files are at most a few levels deep; check the indentation"));
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start: span,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        start: span,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) => Some((
                    Node {
                        value: Value::Seq(items),
                        span: Span {
                            start: start.start,
                            end: span.end,
                        },
                    },
                    anchor,
                )),
                Some(Frame::Map {
                    start,
                    anchor,
                    entries,
                    ..
                }) => Some((
                    Node {
                        value: Value::Map(entries),
                        span: Span {
                            start: start.start,
                            end: span.end,
                        },
                    },
                    anchor,
                )),
                None => None,
            },
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(Diagnostic::error(span, "this alias names no anchor"));
                };
                let mut node = target.clone();
                let (count, weight) = node.size();
                nodes = nodes.saturating_add(count);
                bytes = bytes.saturating_add(weight);
                aliases = true;
                node.span = span;
                Some((node, 0))
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };

        let Some((node, anchor)) = finished else {
            continue;
        };
        nodes += 1;
        if let Value::Scalar(s) = &node.value {
            bytes = bytes.saturating_add(scalar_weight(&s.text));
        } else {
            bytes = bytes.saturating_add(1);
        }
        if nodes > MAX_NODES || bytes > MAX_EXPANDED_BYTES {
            let limits = Limits {
                depth: MAX_DEPTH,
                values: MAX_NODES,
                expanded_bytes: MAX_EXPANDED_BYTES,
            };
            return Err(expansion_error(
                node.span,
                nodes > MAX_NODES,
                limits,
                aliases,
            ));
        }
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
            None => root = Some(node),
        }
    }
    Ok(root)
}

fn scan_error(positions: &Positions<'_>, e: &saphyr_parser::ScanError) -> Diagnostic {
    let mut pos = positions.pos(e.marker());
    let info = e.info();
    // The scanner reports a tab where it gave up, often just after it; point at the tab.
    let src = positions.src;
    let line_start = src[..pos.offset.min(src.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = src[line_start..]
        .find('\n')
        .map_or(src.len(), |i| line_start + i);
    let line = &src[line_start..line_end];
    let indent = &line[..line.len() - line.trim_start().len()];
    let tab = indent
        .find('\t')
        .or_else(|| info.contains("tab").then(|| line.find('\t')).flatten());
    if let Some(tab) = tab {
        pos = Pos {
            line: pos.line,
            col: src[line_start..line_start + tab].chars().count() + 1,
            offset: line_start + tab,
        };
    }
    // A control character (a NUL, say) makes the scanner complain about
    // whatever it expected next; name the real culprit.
    let control = line
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\r'));
    if let Some((i, c)) = control {
        let at = Pos {
            line: pos.line,
            col: line[..i].chars().count() + 1,
            offset: line_start + i,
        };
        return Diagnostic::error(
            Span::at(at),
            format!(
                "a control character ({}) is not allowed in a YAML file",
                c.escape_unicode()
            ),
        )
        .with_hint("remove it; it may have come from pasting text from another program");
    }
    let at = &src[pos.offset.min(src.len())..];
    let mut span = Span::at(pos);
    let (message, hint) = if info.contains("recursion limit") {
        (
            format!("the file nests more than {MAX_DEPTH} levels deep"),
            "plg files are at most a few levels deep; check the brackets and indentation"
                .to_string(),
        )
    } else if at.starts_with('\t') || info.contains("tab") {
        (
            "a tab character is used for indentation or structure here".to_string(),
            "YAML indentation must use spaces; replace the tab with spaces".to_string(),
        )
    } else if info.contains("quoted scalar") || info.contains("quote") {
        (
            "the quoted text that starts here is not closed".to_string(),
            "close the quote on the same value, or use a `|` block for text with quotes in it"
                .to_string(),
        )
    } else if info.contains("mapping values are not allowed")
        && let Some(far) = indented_too_far(src, line_start, line)
    {
        span = Span::at(Pos {
            line: pos.line,
            col: far.col,
            offset: line_start + far.col - 1,
        });
        (
            format!(
                "`{}:` looks like a key indented too far: it starts further right than `{}:` on line {}, so it is read as part of that value",
                far.key, far.above, far.above_line
            ),
            format!(
                "line `{}:` up with `{}:` above (column {}), or put the whole value in double quotes if the `: ` belongs to the text",
                far.key, far.above, far.above_col
            ),
        )
    } else if info.contains("mapping values are not allowed") {
        (
            "a `: ` appears inside a value".to_string(),
            "put the whole value in double quotes, e.g. name: \"Step 1: Describe\"".to_string(),
        )
    } else if info.contains("did not find expected key") || info.contains("block mapping") {
        (
            format!("the indentation does not line up ({info})"),
            "keys of one mapping must start in the same column; check the spaces at the start of this line and the line above".to_string(),
        )
    } else if info.contains("did not find expected '-'") || info.contains("block sequence") {
        (
            format!("the list indentation does not line up ({info})"),
            "items of one list start with `- ` in the same column".to_string(),
        )
    } else {
        (
            format!("YAML syntax error: {info}"),
            "check the indentation and quoting on this line and the one above".to_string(),
        )
    };
    Diagnostic::error(span, message).with_hint(hint)
}

/// A line that looks like a key written further right than the `key: value`
/// line above it.
struct TooFar<'a> {
    key: &'a str,
    /// 1-based column (in characters; the indentation is spaces) of the key.
    col: usize,
    above: &'a str,
    above_line: usize,
    above_col: usize,
}

/// The key at the start of a line (after its indentation and an optional
/// `- `), when it is a plain word followed by `:` and a space or nothing;
/// with its column and what follows the colon.
fn line_key(line: &str) -> Option<(&str, usize, &str)> {
    let body = line.trim_start_matches(' ');
    let mut col = line.len() - body.len();
    let body = match body.strip_prefix("- ") {
        Some(rest) => {
            let rest_trimmed = rest.trim_start_matches(' ');
            col += 2 + rest.len() - rest_trimmed.len();
            rest_trimmed
        }
        None => body,
    };
    let colon = body.find(':')?;
    let key = &body[..colon];
    let after = &body[colon + 1..];
    let word = !key.is_empty()
        && key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (word && (after.is_empty() || after.starts_with(' '))).then_some((key, col + 1, after))
}

/// Detects `    minutes: 5` followed by `      instructions: x`: the second
/// key is indented past the first, whose value is already on its line.
fn indented_too_far<'a>(src: &'a str, line_start: usize, line: &'a str) -> Option<TooFar<'a>> {
    if line.starts_with(|c: char| c != ' ') || line.trim_start().starts_with("- ") {
        return None;
    }
    let (key, col, _) = line_key(line)?;
    let before = &src[..line_start];
    let (index, above) = before
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .last()?;
    let (above_key, above_col, value) = line_key(above)?;
    let value = value.trim();
    let has_value =
        !value.is_empty() && !value.starts_with('#') && !matches!(value, "|" | ">" | "|-" | ">-");
    (has_value && col > above_col).then_some(TooFar {
        key,
        col,
        above: above_key,
        above_line: index + 1,
        above_col,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_indented_past_the_line_above_is_named_as_such() {
        let src = "id: x\nphases:\n  - name: A\n    minutes: 5\n      instructions: x\n";
        let e = parse(src).unwrap_err();
        assert_eq!(
            e.message,
            "`instructions:` looks like a key indented too far: it starts further right than `minutes:` on line 4, so it is read as part of that value"
        );
        assert_eq!((e.span.start.line, e.span.start.col), (5, 7));
        assert!(
            e.hint.as_deref().is_some_and(
                |h| h.starts_with("line `instructions:` up with `minutes:` above (column 5)")
            ),
            "{:?}",
            e.hint
        );
        // Under a list item's first key, and past a blank line.
        let src = "phases:\n  - name: A\n\n      minutes: 5\n";
        let e = parse(src).unwrap_err();
        assert!(
            e.message.contains("than `name:` on line 2"),
            "{}",
            e.message
        );
        // A colon inside a value is still named as one.
        let src = "phases:\n  - name: Step 1: Describe\n";
        assert_eq!(
            parse(src).unwrap_err().message,
            "a `: ` appears inside a value"
        );
        let src = "purpose: a long text\n  that goes on: and on\n";
        assert_eq!(
            parse(src).unwrap_err().message,
            "a `: ` appears inside a value"
        );
    }

    fn map_keys(node: &Node) -> Vec<String> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, _)| k.as_scalar().map(|s| s.text.clone()))
                .collect(),
            _ => vec![],
        }
    }

    #[test]
    fn nodes_carry_one_based_lines_and_columns() {
        let root = parse("id: x\nphases:\n  - name: A\n").unwrap().unwrap();
        assert_eq!(map_keys(&root), ["id", "phases"]);
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        let Value::Map(phase) = &items[0].value else {
            panic!("not a map")
        };
        assert_eq!(phase[0].1.span.start.line, 3);
        assert_eq!(phase[0].1.span.start.col, 11);
        assert_eq!(phase[0].1.span.start.offset, 24);
    }

    #[test]
    fn columns_count_characters_and_offsets_count_bytes() {
        let root = parse("name: Él\nid: é\n").unwrap().unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        let id = &entries[1].1;
        assert_eq!((id.span.start.line, id.span.start.col), (2, 5));
        assert_eq!(&"name: Él\nid: é\n"[id.span.start.offset..], "é\n");
    }

    #[test]
    fn empty_and_comment_only_files_have_no_document() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# nothing here\n").unwrap(), None);
    }

    #[test]
    fn tabs_get_a_hint_about_spaces() {
        let err = parse("id: x\nphases:\n\t- name: A\n").unwrap_err();
        assert_eq!(err.span.start.line, 3);
        assert!(err.hint.unwrap().contains("spaces"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            src.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("expands"), "{}", err.message);
    }

    #[test]
    fn a_nul_byte_is_named_not_taken_for_a_tab() {
        for src in ["id: x\nname: a\0b\n", "id: x\nname: \"a\0b\"\n"] {
            let err = parse(src).unwrap_err();
            assert!(
                err.message.contains("control character (\\u{0})"),
                "{}",
                err.message
            );
            assert_eq!(err.span.start.line, 2);
            assert_eq!(err.span.start.col, 8 + usize::from(src.contains('"')));
        }
    }

    #[test]
    fn many_values_without_aliases_do_not_blame_aliases() {
        let src: String = (0..MAX_NODES).map(|i| format!("- {i}\n")).collect();
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("holds more than"), "{}", err.message);
        assert!(!err.hint.unwrap_or_default().contains("alias"));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(10_000);
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("nests"), "{}", err.message);
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let s = |t: &str| Scalar {
            text: t.into(),
            plain: true,
        };
        assert_eq!(s("1.5").as_f64(), Some(1.5));
        assert_eq!(s("-3").as_f64(), Some(-3.0));
        assert_eq!(s("1e2").as_f64(), Some(100.0));
        assert_eq!(s("ten").as_f64(), None);
        assert_eq!(s("inf").as_f64(), None);
        assert_eq!(s("True").as_bool(), Some(true));
        assert_eq!(s("yes").as_bool(), None);
        assert!(s("~").is_null());
        let quoted = Scalar {
            text: "10".into(),
            plain: false,
        };
        assert_eq!(quoted.as_f64(), None);
    }
}
