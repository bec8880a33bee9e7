//! Reading records, whatever version wrote them.

use std::path::Path;

use super::format::{FORMAT_VERSION, SessionRecord};
use super::legacy;
use crate::files::{self, Follow, MAX_RECORD_BYTES};
use crate::yaml::Limits;

/// What one record may hold. plg writes no aliases and nests about six
/// levels deep; the caps leave room for hand edits and refuse the rest
/// before serde builds anything.
pub const RECORD_LIMITS: Limits = Limits {
    depth: crate::yaml::MAX_DEPTH,
    values: 2_000_000,
    expanded_bytes: 2 * MAX_RECORD_BYTES as usize,
};

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A link, a FIFO, a device, or a file over the size cap.
    #[error("{0}")]
    NotReadable(files::ReadError),
    /// Invalid YAML or a value of the wrong shape, with where it was found.
    #[error("line {line}, column {column}: {message}")]
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "line {line}: written by a newer plg (format version {version}; this plg reads up to {FORMAT_VERSION})"
    )]
    FutureVersion { version: u32, line: usize },
}

impl RecordError {
    /// The line the problem is on, when known.
    pub fn line(&self) -> Option<usize> {
        match self {
            RecordError::Io(_) | RecordError::NotReadable(_) => None,
            RecordError::Invalid { line, .. } | RecordError::FutureVersion { line, .. } => {
                Some(*line)
            }
        }
    }

    /// serde's error, said for the person who opens the file: which item
    /// of the record, what was found, what belongs there and how to fix it
    /// (`text` is the record, to name the item and quote the value).
    fn from_yaml(e: &serde_yaml::Error, text: &str) -> RecordError {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        // serde_yaml repeats the position at the end of its message.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let message = shorten_quotes(&explain(&message, text));
        RecordError::Invalid {
            line,
            column,
            message,
        }
    }
}

/// The `version:` written as a top-level key near the start, and its line.
/// plg writes it first; reading it from the text spares a second parse.
fn version_line(text: &str) -> Option<(u32, usize)> {
    text.lines().take(20).enumerate().find_map(|(i, l)| {
        l.strip_prefix("version:")
            .and_then(|v| v.trim().parse().ok())
            .map(|v| (v, i + 1))
    })
}

/// Error messages quote the values they choke on; a record that is in fact
/// some other file (a link to /etc/passwd, say) must not end up printed
/// whole in a warning or kept in the index. Quoted runs are cut to a short
/// excerpt and the message to a line.
pub fn shorten_quotes(message: &str) -> String {
    const QUOTE: usize = 40;
    const WHOLE: usize = 300;
    let mut out = String::with_capacity(message.len().min(WHOLE + 8));
    let mut inside = false;
    let mut run = 0usize;
    for c in message.chars() {
        if c == '"' || c == '`' {
            if inside && run > QUOTE {
                out.push('…');
            }
            inside = !inside;
            run = 0;
            out.push(c);
            continue;
        }
        if inside {
            run += 1;
            if run > QUOTE {
                continue;
            }
        }
        out.push(c);
        if out.chars().count() >= WHOLE {
            out.push('…');
            break;
        }
    }
    out
}

pub fn parse(text: &str) -> Result<SessionRecord, RecordError> {
    // Some editors on Windows save UTF-8 with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let refused = |d: crate::diag::Diagnostic| RecordError::Invalid {
        line: d.span.start.line,
        column: d.span.start.col,
        message: d.message,
    };
    // A syntax error found by the guard is left to serde, whose positions
    // point where people look (the line a bracket opened, not where the
    // scanner gave up), but only when nothing in the text could make serde
    // expand or nest without bounds past the point the guard reached.
    let mut syntax_error = None;
    match crate::yaml::guard(text, RECORD_LIMITS) {
        Ok(_) => {}
        Err(r) if r.syntax && !could_expand(text) => syntax_error = Some(r.diagnostic),
        Err(r) => return Err(refused(r.diagnostic)),
    }
    let record = parse_checked(text);
    match (record, syntax_error) {
        // The two readers disagree; the stricter one has the last word.
        (Ok(_), Some(d)) => Err(refused(d)),
        (result, _) => result,
    }
}

/// Whether a text could have anchors (any `&` at all: anchor names may
/// start with almost any character) or many brackets: the only ways a
/// small YAML text becomes a large or deep one.
fn could_expand(text: &str) -> bool {
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    brackets > 1_000 || text.contains('&')
}

fn parse_checked(text: &str) -> Result<SessionRecord, RecordError> {
    let (version, line) = match version_line(text) {
        Some(found) => found,
        None => {
            #[derive(serde::Deserialize)]
            struct Probe {
                version: Option<u32>,
            }
            let probe: Probe =
                serde_yaml::from_str(text).map_err(|e| RecordError::from_yaml(&e, text))?;
            match probe.version {
                Some(v) => (v, 1),
                None => {
                    return Err(RecordError::Invalid {
                        line: 1,
                        column: 1,
                        message: "this is not a plg session record (no `version:` key)".into(),
                    });
                }
            }
        }
    };
    let record: SessionRecord = match version {
        1 => legacy::parse_v1(text).map_err(|e| RecordError::from_yaml(&e, text))?,
        // Version 3 only added keys: a version 2 record reads as one without them.
        v if (2..=FORMAT_VERSION).contains(&v) => {
            serde_yaml::from_str(text).map_err(|e| RecordError::from_yaml(&e, text))?
        }
        v if v > FORMAT_VERSION => return Err(RecordError::FutureVersion { version: v, line }),
        v => {
            return Err(RecordError::Invalid {
                line,
                column: 10,
                message: format!("unknown format version {v}"),
            });
        }
    };
    // Numbers and dates plg will compute with: out of range is damage, not a panic later.
    super::validate::validate(&record).map_err(|e| {
        let (line, column) = e.position(text);
        RecordError::Invalid {
            line,
            column,
            message: relabel(&e, text),
        }
    })?;
    Ok(record)
}

/// Reads a record: a regular file (never through a link) of at most
/// [`MAX_RECORD_BYTES`], in UTF-8.
pub fn read_file(path: &Path) -> Result<SessionRecord, RecordError> {
    let bytes = files::read_capped(path, MAX_RECORD_BYTES, Follow::Never).map_err(|e| match e {
        files::ReadError::Io(io) => RecordError::Io(io),
        other => RecordError::NotReadable(other),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = &bytes[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
        RecordError::Invalid {
            line,
            column,
            message: "not UTF-8 text (save the file as UTF-8)".into(),
        }
    })?;
    parse(&text)
}

/// What to do about any damaged value, said once.
const FIX: &str = "Fix the line, or restore the file from a copy.";

/// One step of a path in serde's messages: `steps[1].phase_index`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Key(String),
    Index(usize),
}

/// Splits `steps[1].phase_index: invalid type: …` into the path and the rest.
fn split_path(message: &str) -> Option<(Vec<Part>, &str)> {
    let (head, rest) = message.split_once(": ")?;
    let mut parts = Vec::new();
    for piece in head.split('.') {
        let (key, mut indexes) = match piece.find('[') {
            Some(i) => (&piece[..i], &piece[i..]),
            None => (piece, ""),
        };
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !is_key {
            return None;
        }
        parts.push(Part::Key(key.to_string()));
        while let Some(inner) = indexes.strip_prefix('[') {
            let (n, after) = inner.split_once(']')?;
            parts.push(Part::Index(n.parse().ok()?));
            indexes = after;
        }
        if !indexes.is_empty() {
            return None;
        }
    }
    Some((parts, rest))
}

/// The node at `path` in the positioned tree, if the path is all there.
fn node_at<'n>(root: &'n crate::yaml::Node, path: &[Part]) -> Option<&'n crate::yaml::Node> {
    use crate::yaml::Value;
    let mut node = root;
    for part in path {
        node = match (part, &node.value) {
            (Part::Key(k), Value::Map(entries)) => entries
                .iter()
                .find(|(key, _)| key.as_scalar().is_some_and(|s| s.text == *k))
                .map(|(_, v)| v)?,
            (Part::Index(i), Value::Seq(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// What an item in a list of the record is called, for people.
fn item_word(list: &str) -> Option<&'static str> {
    Some(match list {
        "steps" => "step",
        "notes" => "note",
        "removed_notes" => "removed note",
        "pauses" => "pause",
        "adjustments" => "adjustment",
        "checkin" => "check-in norm",
        "plus" => "plus",
        "delta" => "delta",
        "actions" => "action item",
        "action_changes" => "change to an earlier action item",
        "roles" => "role",
        "changes" => "attendance change",
        "phases" => "phase",
        "present" | "absent" | "guests" | "norms" | "presented" => "name",
        _ => return None,
    })
}

/// Where in the record a path leads, in words: `step 2 ("Rounds")`,
/// `the protocol kept in the record, phase 3 ("Debrief")`; empty at the top.
fn place(path: &[Part], root: Option<&crate::yaml::Node>) -> String {
    let mut words: Vec<String> = Vec::new();
    for (i, part) in path.iter().enumerate() {
        match (part, path.get(i + 1)) {
            (Part::Key(k), Some(Part::Index(_))) if item_word(k).is_some() => {}
            (Part::Key(k), _) if k == "protocol" && i == 0 => {
                words.push("the protocol kept in the record".into());
            }
            (Part::Key(k), _) => words.push(format!("`{k}`")),
            (Part::Index(n), _) => {
                let list = match i.checked_sub(1).and_then(|j| path.get(j)) {
                    Some(Part::Key(k)) => k.as_str(),
                    _ => "",
                };
                let word = item_word(list).unwrap_or("item");
                let label = root
                    .and_then(|r| node_at(r, &path[..=i]))
                    .and_then(item_label)
                    .map(|l| format!(" (\"{l}\")"))
                    .unwrap_or_default();
                words.push(format!("{word} {}{label}", n + 1));
            }
        }
    }
    words.join(", ")
}

/// A field with where it is: `step 2 ("Rounds"): `phase_index``, or
/// `` `attendance.present` `` when no list item is on the way.
fn named(path: &[Part], root: Option<&crate::yaml::Node>) -> String {
    let Some((Part::Key(field), parents)) = path.split_last() else {
        return place(path, root);
    };
    if parents.iter().all(|p| matches!(p, Part::Key(_))) {
        let mut dotted: Vec<&str> = parents
            .iter()
            .filter_map(|p| match p {
                Part::Key(k) => Some(k.as_str()),
                Part::Index(_) => None,
            })
            .collect();
        dotted.push(field);
        return format!("`{}`", dotted.join("."));
    }
    format!("{}: `{field}`", place(parents, root))
}

/// A message from [`super::validate`], which starts with the field as a
/// path (`` `steps[1].phase_index` is 40, … ``), with the field said the
/// way [`explain`] says it.
fn relabel(e: &super::validate::Invalid, text: &str) -> String {
    use super::validate::Seg;
    let prefix = format!("`{}`", e.field());
    let Some(rest) = e.message.strip_prefix(&prefix) else {
        return e.message.clone();
    };
    let path: Vec<Part> = e
        .path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => Part::Key((*k).to_string()),
            Seg::Index(i) => Part::Index(*i),
        })
        .collect();
    let root = crate::yaml::parse(text).ok().flatten();
    format!("{}{rest}", named(&path, root.as_ref()))
}

/// The name an item goes by in the file: its phase, norm, text, role or name.
fn item_label(item: &crate::yaml::Node) -> Option<String> {
    use crate::yaml::Value;
    let Value::Map(entries) = &item.value else {
        return item
            .as_scalar()
            .filter(|s| !s.is_null())
            .map(|s| short(&s.text));
    };
    ["phase", "norm", "text", "role", "name", "person"]
        .iter()
        .find_map(|want| {
            entries.iter().find_map(|(k, v)| {
                (k.as_scalar()?.text == *want)
                    .then(|| {
                        v.as_scalar()
                            .filter(|s| !s.is_null())
                            .map(|s| short(&s.text))
                    })
                    .flatten()
            })
        })
}

/// A value quoted from the file: one line, at most 40 characters, without
/// the quotes and backticks the message puts around it.
fn short(text: &str) -> String {
    let line = crate::term_text::one_line(text.trim());
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        out.push('…');
    }
    out.replace(['"', '`'], "'")
}

/// What belongs in a field plg writes, in words; `None` for fields whose
/// serde type says it well enough.
fn belongs(field: &str, container: Option<&str>) -> Option<&'static str> {
    const WHEN: &str = "a date and time written like 2026-11-23T15:30:00+01:00";
    Some(match (field, container) {
        ("phase_index", _) => "a whole number: the phase's position in the protocol, from 0",
        ("step" | "current_step", _) => "a whole number: the step's position in `steps`, from 0",
        ("item", _) => "a whole number: the item's position in that session's `actions`, from 0",
        ("planned_seconds" | "original_seconds" | "actual_seconds" | "seconds", _) => {
            "a whole number of seconds"
        }
        ("speed", _) => "a whole number from 1 to 3600: how many times faster a rehearsal ran",
        ("version", _) => "a whole number: the record's format version",
        ("votes", _) => {
            "a list of six whole numbers: how many people showed 0, 1, 2, 3, 4 and 5 fingers"
        }
        ("rating", _) => "a whole number from 0 to 5",
        ("status", None) => "one of in-progress, completed, ended-early",
        ("kind", Some("adjustments")) => "one of add-minute, remove-minute, rebalance",
        ("field", Some("action_changes")) => "one of state, owner, due",
        ("from" | "to", Some("pauses")) => WHEN,
        (
            "started_at" | "ended_at" | "saved_at" | "at" | "planned_start" | "edited_at"
            | "running_since",
            _,
        ) => WHEN,
        ("due", _) => "a date written YYYY-MM-DD, like 2026-12-01",
        ("done" | "skipped" | "away" | "checkin_skipped" | "presents", _) => "true or false",
        ("left_out" | "belled", _) => "a list of whole numbers",
        ("present" | "absent" | "guests" | "norms" | "presented" | "plus", _) => {
            "a list of names or lines of text"
        }
        _ => return None,
    })
}

/// serde's "expected …" in words.
fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    match e {
        "usize" | "u64" | "u32" | "u16" | "i64" | "i32" => "a whole number".into(),
        "u8" => "a whole number from 0 to 255".into(),
        "f64" | "f32" => "a number".into(),
        "a string" => "text".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list".into(),
        _ if e.starts_with("struct ") || e == "a map" => "a set of keys, one a line".into(),
        _ => match e.strip_prefix("one of ") {
            Some(words) => format!("one of {}", words.replace('`', "")),
            None => match e.strip_prefix("an array of length ") {
                Some(n) => format!("a list of {n} items"),
                None => e.replace('`', ""),
            },
        },
    }
}

/// The value serde found, from its own words (when the file could not be
/// walked to it).
fn found_words(detail: &str) -> Option<String> {
    let what = detail
        .strip_prefix("invalid type: ")
        .or_else(|| detail.strip_prefix("invalid value: "))?;
    let what = what.split(", expected").next().unwrap_or(what);
    Some(match what {
        "unit value" => "is empty".into(),
        "sequence" => "is a list".into(),
        "map" => "is a set of keys".into(),
        _ => match what.split_once(' ') {
            Some((_, v)) => format!("is {}", v.replace(['`', '"'], "")),
            None => format!("is {what}"),
        },
    })
}

/// The value at `node`, as a person would read it in the file.
fn found_in_file(node: &crate::yaml::Node) -> String {
    use crate::yaml::Value;
    match &node.value {
        Value::Scalar(s) if s.is_null() => "is empty".into(),
        Value::Scalar(s) => format!("is `{}`", short(&s.text)),
        Value::Seq(_) => "is a list".into(),
        Value::Map(_) => "is a set of keys".into(),
    }
}

/// serde's message about a record, rewritten for a person: which item,
/// what was found, what belongs there, and how to fix it. A message that
/// names no field (broken YAML) keeps serde's words, with the advice.
fn explain(message: &str, text: &str) -> String {
    let Some((mut path, detail)) = split_path(message) else {
        return format!("{message}. {FIX}");
    };
    let root = crate::yaml::parse(text).ok().flatten();
    let mut problem: Option<String> = None;
    // `steps[1]: missing field `phase_index``: the field is in the detail.
    if let Some(rest) = detail.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        path.push(Part::Key(field.to_string()));
        problem = Some("is missing".into());
    }
    let Some(Part::Key(field)) = path.last().cloned() else {
        return format!("{}: {detail}. {FIX}", place(&path, root.as_ref()));
    };
    let container: Option<&str> = path.iter().rev().skip(1).find_map(|p| match p {
        Part::Key(k) => Some(k.as_str()),
        Part::Index(_) => None,
    });
    let problem = problem
        .or_else(|| {
            detail
                .strip_prefix("invalid length ")
                .and_then(|r| r.split(',').next())
                .map(|n| format!("has {n} items"))
        })
        .or_else(|| {
            root.as_ref()
                .and_then(|r| node_at(r, &path))
                .map(found_in_file)
        })
        .or_else(|| found_words(detail))
        .unwrap_or_else(|| format!("cannot be read ({detail})"));
    let expected = belongs(&field, container).map(str::to_string).or_else(|| {
        detail
            .rsplit_once("expected ")
            .map(|(_, e)| e)
            .filter(|e| !e.contains("YAML tag"))
            .map(expected_words)
    });
    let mut out = named(&path, root.as_ref());
    out.push_str(&format!(" {problem}"));
    match expected {
        Some(e) => out.push_str(&format!("; it should be {e}. {FIX}")),
        None => out.push_str(&format!(". {FIX}")),
    }
    out
}

#[cfg(test)]
mod explain_tests {
    use super::*;

    const RECORD: &str = "version: 4\nstatus: completed\nsteps:\n- phase: Presentation\n  phase_index: 0\n- phase: 'Rounds (Round 1 of 2: Ana Ruiz)'\n  phase_index:\n";

    #[test]
    fn an_empty_number_names_the_step_and_what_belongs_there() {
        assert_eq!(
            explain(
                "steps[1].phase_index: invalid type: unit value, expected usize",
                RECORD
            ),
            "step 2 (\"Rounds (Round 1 of 2: Ana Ruiz)\"): `phase_index` is empty; it should be \
             a whole number: the phase's position in the protocol, from 0. Fix the line, or \
             restore the file from a copy."
        );
    }

    #[test]
    fn serdes_words_are_used_when_the_file_cannot_be_walked() {
        assert_eq!(
            explain(
                "checkin[0].votes: invalid length 2, expected an array of length 6",
                "not: [yaml"
            ),
            "check-in norm 1: `votes` has 2 items; it should be a list of six whole numbers: how \
             many people showed 0, 1, 2, 3, 4 and 5 fingers. Fix the line, or restore the file \
             from a copy."
        );
        assert_eq!(
            explain(
                "pauses[0].step: invalid type: string \"two\", expected usize",
                "x: ["
            ),
            "pause 1: `step` is two; it should be a whole number: the step's position in \
             `steps`, from 0. Fix the line, or restore the file from a copy."
        );
    }

    #[test]
    fn a_missing_field_a_bad_word_and_a_broken_date_read_as_sentences() {
        assert_eq!(
            explain("steps[0]: missing field `phase_index`", RECORD),
            "step 1 (\"Presentation\"): `phase_index` is missing; it should be a whole number: \
             the phase's position in the protocol, from 0. Fix the line, or restore the file \
             from a copy."
        );
        assert_eq!(
            explain(
                "status: unknown variant `done`, expected one of `in-progress`, `completed`, `ended-early`",
                "version: 4\nstatus: done\n"
            ),
            "`status` is `done`; it should be one of in-progress, completed, ended-early. Fix \
             the line, or restore the file from a copy."
        );
        assert_eq!(
            explain(
                "status: invalid type: sequence, expected a YAML tag starting with '!'",
                "version: 4\nstatus: [oops]\n"
            ),
            "`status` is a list; it should be one of in-progress, completed, ended-early. Fix \
             the line, or restore the file from a copy."
        );
        assert_eq!(
            explain(
                "actions[0].due: input contains invalid characters",
                "actions:\n- text: Share the rubric\n  due: next week\n"
            ),
            "action item 1 (\"Share the rubric\"): `due` is `next week`; it should be a date \
             written YYYY-MM-DD, like 2026-12-01. Fix the line, or restore the file from a copy."
        );
    }

    #[test]
    fn unknown_fields_and_nested_paths_still_say_something_useful() {
        assert_eq!(
            explain(
                "protocol.phases[2].minutes: invalid type: string \"ten\", expected f64",
                "protocol:\n  phases:\n  - name: A\n  - name: B\n  - name: Debrief\n    minutes: ten\n"
            ),
            "the protocol kept in the record, phase 3 (\"Debrief\"): `minutes` is `ten`; it \
             should be a number. Fix the line, or restore the file from a copy."
        );
        assert_eq!(
            explain(
                "attendance.present: invalid type: string \"Ana\", expected a sequence",
                ""
            ),
            "`attendance.present` is Ana; it should be a list of names or lines of text. Fix the \
             line, or restore the file from a copy."
        );
        assert_eq!(
            explain("did not find expected ',' or ']'", ""),
            "did not find expected ',' or ']'. Fix the line, or restore the file from a copy."
        );
    }

    #[test]
    fn value_checks_name_the_item_the_same_way() {
        use super::super::validate::{Invalid, Seg};
        let e = Invalid {
            path: vec![Seg::Key("steps"), Seg::Index(1), Seg::Key("phase_index")],
            message: "`steps[1].phase_index` is 40, but the protocol has 2 phases".into(),
        };
        assert_eq!(
            relabel(&e, RECORD),
            "step 2 (\"Rounds (Round 1 of 2: Ana Ruiz)\"): `phase_index` is 40, but the protocol \
             has 2 phases"
        );
        let top = Invalid {
            path: vec![Seg::Key("speed")],
            message: "`speed` is 0; it must be 1 to 3600".into(),
        };
        assert_eq!(relabel(&top, RECORD), "`speed` is 0; it must be 1 to 3600");
    }

    #[test]
    fn quoted_values_are_one_short_line() {
        let long = format!(
            "notes:\n- phase: \"{}\\n\\u001b[31m\"\n  step: x\n",
            "A".repeat(80)
        );
        let m = explain(
            "notes[0].step: invalid type: string \"x\", expected usize",
            &long,
        );
        assert!(
            m.starts_with(&format!("note 1 (\"{}…\")", "A".repeat(40))),
            "{m}"
        );
        assert!(!m.contains('\n') && !m.contains('\u{1b}'), "{m}");
    }
}
