//! Reading records, whatever version wrote them.

use std::path::Path;

use super::format::{FORMAT_VERSION, SessionRecord};
use super::legacy;

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
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
            RecordError::Io(_) => None,
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

pub fn parse(text: &str) -> Result<SessionRecord, RecordError> {
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
    match version {
        1 => legacy::parse_v1(text).map_err(|e| RecordError::from_yaml(&e)),
        v if v == FORMAT_VERSION => {
            serde_yaml::from_str(text).map_err(|e| RecordError::from_yaml(&e))
        }
        v if v > FORMAT_VERSION => Err(RecordError::FutureVersion { version: v, line }),
        v => Err(RecordError::Invalid {
            line,
            column: 10,
            message: format!("unknown format version {v}"),
        }),
    }
}

pub fn read_file(path: &Path) -> Result<SessionRecord, RecordError> {
    let text = std::fs::read_to_string(path)?;
    parse(&text)
}
