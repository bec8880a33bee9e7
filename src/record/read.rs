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

    fn from_yaml(e: &serde_yaml::Error) -> RecordError {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        // serde_yaml repeats the position at the end of its message.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let message = shorten_quotes(&message);
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
                serde_yaml::from_str(text).map_err(|e| RecordError::from_yaml(&e))?;
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
        1 => legacy::parse_v1(text).map_err(|e| RecordError::from_yaml(&e))?,
        // Version 3 only added keys: a version 2 record reads as one without them.
        v if (2..=FORMAT_VERSION).contains(&v) => {
            serde_yaml::from_str(text).map_err(|e| RecordError::from_yaml(&e))?
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
            message: e.message,
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
