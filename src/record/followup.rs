//! Follow-up records: changes to action items made outside a meeting (in
//! the logs browser), one small file per sitting.
//!
//! They live in `SESSIONS/follow-ups/`, a folder of their own, so every
//! meeting reader (and older plg versions) passes them by. Like a meeting's
//! own `action_changes`, they never rewrite the record that holds the item;
//! readers combine them (see [`super::actions`]).

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::index::DamagedRecord;
use super::read::{RecordError, shorten_quotes};
use crate::files::{self, Access, Follow};
use crate::meeting::session::{ActionChange, GroupRef};
use crate::yaml::Limits;

/// The version of the follow-up format this plg writes and reads.
pub const FOLLOWUP_VERSION: u32 = 1;
/// What `kind:` says in every follow-up record.
pub const KIND: &str = "follow-up";
/// The folder inside the sessions folder.
pub const FOLDER: &str = "follow-ups";
/// The largest follow-up plg reads: hundreds of changes fit in a few KiB.
pub const MAX_FOLLOWUP_BYTES: u64 = 1024 * 1024;

const LIMITS: Limits = Limits {
    depth: crate::yaml::MAX_DEPTH,
    values: 200_000,
    expanded_bytes: 2 * MAX_FOLLOWUP_BYTES as usize,
};

/// Changes made to earlier meetings' action items outside a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    /// When plg last wrote the file.
    pub saved_at: DateTime<FixedOffset>,
    /// The group whose items were changed, when the browser showed one group.
    pub group: Option<GroupRef>,
    pub action_changes: Vec<ActionChange>,
}

/// The file as written: `version` first so a reader can tell it from the
/// first line, then `kind` so nobody mistakes it for a meeting.
#[derive(Debug, Serialize, Deserialize)]
struct OnDisk {
    version: u32,
    kind: String,
    saved_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<GroupRef>,
    #[serde(default)]
    action_changes: Vec<ActionChange>,
}

/// The follow-ups folder of a sessions folder.
pub fn folder(sessions_dir: &Path) -> PathBuf {
    sessions_dir.join(FOLDER)
}

/// A new file name in the follow-ups folder:
/// `2026-12-01T1602_math9_follow-up.yaml`, numbered like session records
/// when it is taken.
pub fn new_path(sessions_dir: &Path, at: DateTime<FixedOffset>, group: Option<&str>) -> PathBuf {
    super::store::session_path(&folder(sessions_dir), at, group, KIND)
}

/// Files this process created, which it alone may replace.
static CREATED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn created_here(path: &Path) -> bool {
    CREATED
        .lock()
        .map(|set| set.as_ref().is_some_and(|s| s.contains(path)))
        .unwrap_or(false)
}

fn mark_created(path: &Path) {
    if let Ok(mut set) = CREATED.lock() {
        set.get_or_insert_with(HashSet::new)
            .insert(path.to_path_buf());
    }
}

/// The YAML of a follow-up.
pub fn to_yaml(f: &FollowUp) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(&OnDisk {
        version: FOLLOWUP_VERSION,
        kind: KIND.into(),
        saved_at: f.saved_at,
        group: f.group.clone(),
        action_changes: f.action_changes.clone(),
    })
}

/// Saves a follow-up: the first save creates the file (and the folder,
/// private like the sessions folder) and fails if the name is taken; later
/// saves by this process replace it atomically. plg never writes over a
/// follow-up another process made.
pub fn save(path: &Path, f: &FollowUp) -> io::Result<()> {
    let yaml = to_yaml(f).map_err(io::Error::other)?;
    if created_here(path) {
        return files::replace(path, yaml.as_bytes(), Access::Private);
    }
    if let Some(dir) = path.parent() {
        files::ensure_dir(dir, Access::Private)?;
        // What a save killed halfway left behind; the folder has no other cleaner.
        files::remove_stale_temporaries(dir);
    }
    files::create_new(path, yaml.as_bytes(), Access::Private)?;
    mark_created(path);
    Ok(())
}

/// The `version:` line near the top, as plg writes it.
fn version_line(text: &str) -> Option<(u32, usize)> {
    text.lines().take(20).enumerate().find_map(|(i, l)| {
        l.strip_prefix("version:")
            .and_then(|v| v.trim().parse().ok())
            .map(|v| (v, i + 1))
    })
}

fn invalid(line: usize, column: usize, message: impl Into<String>) -> RecordError {
    RecordError::Invalid {
        line,
        column,
        message: message.into(),
    }
}

fn from_yaml(e: &serde_yaml::Error) -> RecordError {
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    invalid(line, column, shorten_quotes(&message))
}

/// Parses a follow-up's text. A newer format version is refused with a
/// message saying so; unknown keys are let through (a newer plg may add some).
pub fn parse(text: &str) -> Result<FollowUp, RecordError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Err(r) = crate::yaml::guard(text, LIMITS) {
        let d = r.diagnostic;
        return Err(invalid(d.span.start.line, d.span.start.col, d.message));
    }
    let not_one = "this is not a plg follow-up record (no `version:` key)";
    let (version, line) = match version_line(text) {
        Some(found) => found,
        None => {
            #[derive(Deserialize)]
            struct Probe {
                version: Option<u32>,
            }
            let probe: Probe = serde_yaml::from_str(text).map_err(|e| from_yaml(&e))?;
            (probe.version.ok_or_else(|| invalid(1, 1, not_one))?, 1)
        }
    };
    if version > FOLLOWUP_VERSION {
        return Err(invalid(
            line,
            10,
            format!(
                "written by a newer plg (follow-up format version {version}; this plg reads up to {FOLLOWUP_VERSION})"
            ),
        ));
    }
    if version == 0 {
        return Err(invalid(line, 10, "unknown follow-up format version 0"));
    }
    let disk: OnDisk = serde_yaml::from_str(text).map_err(|e| from_yaml(&e))?;
    if disk.kind != KIND {
        let line = text
            .lines()
            .position(|l| l.starts_with("kind:"))
            .map_or(1, |i| i + 1);
        return Err(invalid(
            line,
            7,
            format!(
                "`kind` is `{}`; a follow-up record says `kind: {KIND}`",
                shorten_quotes(&disk.kind)
            ),
        ));
    }
    super::validate::validate_followup(&disk.saved_at, &disk.action_changes).map_err(|e| {
        let (line, column) = e.position(text);
        invalid(line, column, e.message)
    })?;
    Ok(FollowUp {
        saved_at: disk.saved_at,
        group: disk.group,
        action_changes: disk.action_changes,
    })
}

/// Reads one follow-up: a regular file (never through a link) of at most
/// [`MAX_FOLLOWUP_BYTES`], in UTF-8.
pub fn read_file(path: &Path) -> Result<FollowUp, RecordError> {
    let bytes =
        files::read_capped(path, MAX_FOLLOWUP_BYTES, Follow::Never).map_err(|e| match e {
            files::ReadError::Io(io) => RecordError::Io(io),
            other => RecordError::NotReadable(other),
        })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        let column = good.len() - good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
        invalid(line, column, "not UTF-8 text (save the file as UTF-8)")
    })?;
    parse(&text)
}

/// Every follow-up in `sessions_dir/follow-ups/`, by file name (which
/// sorts by time), with the ones that could not be read and why. Links
/// and anything but a regular file are reported, never opened through;
/// folders and hidden files (temporaries) are passed over.
pub fn read_all(sessions_dir: &Path) -> (Vec<(String, FollowUp)>, Vec<DamagedRecord>) {
    let mut read = Vec::new();
    let mut damaged = Vec::new();
    for (path, kind) in files::list_dir(&folder(sessions_dir)) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(id) = name.strip_suffix(".yaml").filter(|s| !s.is_empty()) else {
            continue;
        };
        if kind.is_dir() {
            continue;
        }
        let id = id.to_string();
        let outcome = if kind.is_symlink() {
            Err((None, files::ReadError::Link.to_string()))
        } else {
            read_file(&path).map_err(|e| super::index::describe_error(&e))
        };
        match outcome {
            Ok(f) => read.push((id, f)),
            Err((line, message)) => damaged.push(DamagedRecord {
                id,
                path,
                line,
                message,
            }),
        }
    }
    (read, damaged)
}

#[cfg(test)]
#[path = "followup_tests.rs"]
mod tests;
