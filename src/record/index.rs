//! A rebuildable index of the sessions folder, so that listing, reporting
//! and searching thousands of records does not parse thousands of YAML files.
//!
//! The index keeps, per record file, what `plg logs`, `plg report` and search
//! need (a [`SessionSummary`]) or, for a damaged record, its error. It lives
//! in the cache folder as one binary file per sessions folder (see
//! [`super::index_codec`]) and is keyed by
//! file name, size and modification time: on every load the folder is listed,
//! only new or changed files are parsed, entries of deleted files are dropped,
//! and the file is written back (atomically) only when something changed. A
//! missing, corrupt or older-format cache is silently rebuilt, so deleting it
//! is always safe.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

use super::format::{SessionRecord, Status};
use super::index_codec::{Corrupt, Reader, Writer};
use super::read::{RecordError, read_file};
use crate::files;
use crate::meeting::session::{
    ActionItem, Attendance, Delta, GroupRef, NormRating, RoleAssignment,
};

/// Bumped whenever [`SessionSummary`] or the cache layout changes; a cache of
/// another format is rebuilt.
pub const INDEX_FORMAT: u32 = 2;

/// What the review commands need from one record, without the protocol
/// snapshot, step timings or pauses (those are read from the file itself by
/// `plg logs show` and exports).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// The format version the file was written in (1 for upgraded records).
    pub version: u32,
    pub status: Status,
    pub started_at: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// Wall time from start to end, or to the last save for unfinished meetings.
    pub duration_seconds: i64,
    /// Greater than 1 for rehearsals.
    pub speed: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<GroupRef>,
    pub protocol_id: String,
    pub protocol_name: String,
    #[serde(default)]
    pub attendance: Attendance,
    #[serde(default)]
    pub roles: Vec<RoleAssignment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focusing_question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<String>,
    #[serde(default)]
    pub notes: Vec<IndexedNote>,
    #[serde(default)]
    pub checkin: Vec<NormRating>,
    #[serde(default)]
    pub plus: Vec<String>,
    #[serde(default)]
    pub delta: Vec<Delta>,
    #[serde(default)]
    pub actions: Vec<ActionItem>,
}

/// One note as the index keeps it; its position in [`SessionSummary::notes`]
/// is its position in the record's `notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedNote {
    /// Seconds after the meeting started; a number is much cheaper to load than a timestamp.
    pub at_seconds: i64,
    /// The phase's name (and round) as the record shows it.
    pub phase: String,
    pub kind: String,
    pub text: String,
}

impl SessionSummary {
    /// The summary of a parsed record.
    pub fn of(record: &SessionRecord) -> SessionSummary {
        SessionSummary {
            version: record.version,
            status: record.status,
            started_at: record.started_at,
            ended_at: record.ended_at,
            duration_seconds: record.duration().num_seconds(),
            speed: record.speed,
            group: record.group.clone(),
            protocol_id: record.protocol_id.clone(),
            protocol_name: record.protocol_name.clone(),
            // Who came and went is read from the record itself; the cache
            // does not keep it, so a summary is the same parsed or cached.
            attendance: Attendance {
                changes: Vec::new(),
                ..record.attendance.clone()
            },
            roles: record.roles.clone(),
            focusing_question: record.focusing_question.clone(),
            work: record.work.clone(),
            notes: record
                .notes
                .iter()
                .map(|n| IndexedNote {
                    at_seconds: (n.at - record.started_at).num_seconds(),
                    phase: n.phase.clone(),
                    kind: n.kind.clone(),
                    text: n.text.clone(),
                })
                .collect(),
            checkin: record.checkin.clone(),
            plus: record.plus.clone(),
            delta: record.delta.clone(),
            actions: record.actions.clone(),
        }
    }

    /// Who held the presenter role, if anyone did.
    pub fn presenter(&self) -> Option<&str> {
        self.roles
            .iter()
            .find(|r| r.role == "presenter")
            .map(|r| r.person.as_str())
    }

    /// A rehearsal ran faster than real time (`plg run --speed N`).
    pub fn is_rehearsal(&self) -> bool {
        self.speed > 1
    }

    /// Saturating: a summary comes from a validated record or a checksummed
    /// cache, but a number that slipped through must not panic a listing.
    pub fn duration(&self) -> TimeDelta {
        TimeDelta::try_seconds(self.duration_seconds).unwrap_or(TimeDelta::zero())
    }

    /// When a note was taken, in the record's own time zone.
    pub fn note_time(&self, note: &IndexedNote) -> DateTime<FixedOffset> {
        TimeDelta::try_seconds(note.at_seconds)
            .and_then(|d| self.started_at.checked_add_signed(d))
            .unwrap_or(self.started_at)
    }

    pub fn group_id(&self) -> Option<&str> {
        self.group.as_ref().map(|g| g.id.as_str())
    }
}

/// A readable record in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedSession {
    /// The file name without `.yaml`: what `plg logs show ID` takes.
    pub id: String,
    pub path: PathBuf,
    pub summary: SessionSummary,
}

/// A record file that could not be read, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecord {
    pub id: String,
    pub path: PathBuf,
    pub line: Option<usize>,
    /// The problem, without the line (which is in `line`).
    pub message: String,
}

impl fmt::Display for DamagedRecord {
    /// `FILE:LINE: MESSAGE`, the shape editors and terminals turn into a link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// The line and a message without the line repeated in it.
pub fn describe_error(e: &RecordError) -> (Option<usize>, String) {
    match e {
        RecordError::Io(io) => (None, format!("could not read the file: {io}")),
        RecordError::NotReadable(e) => (None, e.to_string()),
        RecordError::Invalid {
            line,
            column,
            message,
        } => (Some(*line), format!("column {column}: {message}")),
        RecordError::FutureVersion { version, line } => (
            Some(*line),
            format!(
                "written by a newer plg (format version {version}; this plg reads up to {})",
                super::FORMAT_VERSION
            ),
        ),
    }
}

/// What a load did, for tests and for anyone wondering why a run was slow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Files parsed because they were new, changed, or the cache was unusable.
    pub parsed: usize,
    /// Files taken from the cache unchanged.
    pub reused: usize,
    /// Cache entries dropped because their file is gone.
    pub dropped: usize,
    pub cache_written: bool,
    /// Why the cache could not be written; the index is still complete.
    pub cache_error: Option<String>,
}

/// Every record in a sessions folder: readable ones newest first, damaged
/// ones by file name.
#[derive(Debug, Clone, Default)]
pub struct SessionIndex {
    pub dir: PathBuf,
    pub sessions: Vec<IndexedSession>,
    pub damaged: Vec<DamagedRecord>,
    pub stats: LoadStats,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("could not list the sessions folder {path}: {source}")]
    ReadDir { path: String, source: io::Error },
}

/// A record file found in the sessions folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFile {
    /// The file name without `.yaml`.
    pub id: String,
    pub name: String,
    pub path: PathBuf,
}

/// Whether a file name is a session record: `*.yaml`, not a hidden
/// temporary or lock file that the store leaves while writing.
fn is_record_name(name: &str) -> bool {
    !name.starts_with('.') && name.ends_with(".yaml") && name.len() > ".yaml".len()
}

/// The record files in `dir`, sorted by name; a missing folder has none.
pub fn record_files(dir: &Path) -> Result<Vec<RecordFile>, IndexError> {
    Ok(scan(dir)?.into_iter().map(|(f, _)| f).collect())
}

/// Size and modification time: together they tell whether a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    secs: i64,
    nanos: u32,
}

impl Stamp {
    /// For a file that could not be looked at: matches no real file, so it is read again next time.
    const UNKNOWN: Stamp = Stamp {
        size: 0,
        secs: 0,
        nanos: 0,
    };

    fn of(meta: &fs::Metadata) -> Stamp {
        let (secs, nanos) = match meta.modified() {
            Ok(t) => match t.duration_since(UNIX_EPOCH) {
                Ok(d) => (
                    i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                    d.subsec_nanos(),
                ),
                Err(e) => (
                    -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
                    e.duration().subsec_nanos(),
                ),
            },
            // No modification time on this platform: size alone, re-read whenever it changes.
            Err(_) => (0, 0),
        };
        Stamp {
            size: meta.len(),
            secs,
            nanos,
        }
    }
}

/// A record file and its stamp, or why it could not be looked at.
type Scanned = (RecordFile, Result<Stamp, String>);

fn scan(dir: &Path) -> Result<Vec<Scanned>, IndexError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(IndexError::ReadDir {
                path: dir.display().to_string(),
                source,
            });
        }
    };
    let mut files = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_record_name(&name) {
            continue;
        }
        let path = entry.path();
        // The entry's own type: a link is reported as a link, never followed,
        // and a FIFO or device is never opened.
        let stamp = match entry.file_type() {
            Ok(t) if t.is_dir() => continue,
            Ok(t) if t.is_symlink() => Err(files::ReadError::Link.to_string()),
            Ok(t) if !t.is_file() => Err(match files::open_regular(&path, files::Follow::Never) {
                Err(e) => e.to_string(),
                Ok(_) => "not a regular file".into(),
            }),
            Ok(_) => entry
                .metadata()
                .map(|m| Stamp::of(&m))
                .map_err(|e| format!("could not read the file: {e}")),
            Err(e) => Err(format!("could not read the file: {e}")),
        };
        let id = name[..name.len() - ".yaml".len()].to_string();
        files.push((RecordFile { id, name, path }, stamp));
    }
    files.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    Ok(files)
}

#[derive(Debug, Clone)]
enum Outcome {
    Ok(Box<SessionSummary>),
    Damaged {
        line: Option<usize>,
        message: String,
    },
}

#[derive(Debug, Clone)]
struct CacheEntry {
    file: String,
    stamp: Stamp,
    outcome: Outcome,
}

/// FNV-1a: stable across Rust releases (unlike the std hasher), which
/// matters for a file name that must be found again next run.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn dir_key(dir: &Path) -> String {
    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.display().to_string()
}

/// Where the index of `sessions_dir` is kept inside `cache_dir`.
pub fn cache_path(sessions_dir: &Path, cache_dir: &Path) -> PathBuf {
    let key = dir_key(sessions_dir);
    cache_dir.join(format!("sessions-index-{:016x}.bin", fnv1a(key.as_bytes())))
}

/// The largest cache read back: 10,000 records make about 10 MiB.
const MAX_CACHE_BYTES: u64 = 512 * 1024 * 1024;

fn read_cache(path: &Path, dir: &str) -> HashMap<String, CacheEntry> {
    let Ok(bytes) = files::read_capped(path, MAX_CACHE_BYTES, files::Follow::Never) else {
        return HashMap::new();
    };
    // Corrupt, edited, from another format, or another folder: start afresh.
    decode_cache(&bytes, dir).unwrap_or_default()
}

fn decode_cache(bytes: &[u8], dir: &str) -> Option<HashMap<String, CacheEntry>> {
    let bytes = unseal(bytes)?;
    let mut r = Reader::open(bytes, INDEX_FORMAT, dir)?;
    let n = r.len().ok()?;
    let mut map = HashMap::with_capacity(n);
    for _ in 0..n {
        let entry = read_entry(&mut r).ok()?;
        map.insert(entry.file.clone(), entry);
    }
    r.at_end().then_some(map)
}

fn read_entry(r: &mut Reader<'_>) -> Result<CacheEntry, Corrupt> {
    let file = r.str()?;
    let stamp = Stamp {
        size: r.u64()?,
        secs: r.i64()?,
        nanos: r.u32()?,
    };
    let outcome = match r.u8()? {
        0 => Outcome::Ok(Box::new(r.summary()?)),
        1 => Outcome::Damaged {
            line: match r.u8()? {
                0 => None,
                _ => Some(usize::try_from(r.u64()?).map_err(|_| Corrupt)?),
            },
            message: r.str()?,
        },
        _ => return Err(Corrupt),
    };
    Ok(CacheEntry {
        file,
        stamp,
        outcome,
    })
}

fn encode_cache(dir: &str, entries: &[CacheEntry]) -> Vec<u8> {
    let mut w = Writer::header(INDEX_FORMAT, dir);
    w.len(entries.len());
    for e in entries {
        w.str(&e.file);
        w.u64(e.stamp.size);
        w.i64(e.stamp.secs);
        w.u32(e.stamp.nanos);
        match &e.outcome {
            Outcome::Ok(summary) => {
                w.u8(0);
                w.summary(summary);
            }
            Outcome::Damaged { line, message } => {
                w.u8(1);
                match line {
                    Some(l) => {
                        w.u8(1);
                        w.u64(*l as u64);
                    }
                    None => w.u8(0),
                }
                w.str(message);
            }
        }
    }
    seal(w.bytes)
}

/// Appends a checksum of everything before it, so a cache whose bytes were
/// changed by anything but plg is rebuilt rather than believed.
fn seal(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = fnv1a(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The sealed bytes, when the checksum matches.
fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    let split = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(split);
    (sum == fnv1a(body).to_le_bytes()).then_some(body)
}

fn parse_one(path: &Path) -> Outcome {
    match read_file(path) {
        Ok(record) => Outcome::Ok(Box::new(SessionSummary::of(&record))),
        Err(e) => {
            let (line, message) = describe_damage(path, &e);
            Outcome::Damaged { line, message }
        }
    }
}

/// What is wrong with a damaged record, for listings. (The reader itself
/// gives the line of the first byte that is not UTF-8.)
pub fn describe_damage(_path: &Path, e: &RecordError) -> (Option<usize>, String) {
    describe_error(e)
}

/// Parses files on up to `threads` threads; the order of `paths` is kept.
fn parse_all(paths: &[&Path], threads: usize) -> Vec<Outcome> {
    let threads = threads.clamp(1, 8).min(paths.len().div_ceil(8)).max(1);
    if threads == 1 {
        return paths.iter().map(|p| parse_one(p)).collect();
    }
    let chunk = paths.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(|p| parse_one(p)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .zip(paths.chunks(chunk))
            .flat_map(|(h, part)| {
                // A parser thread that panicked loses only its own files, which
                // are then reported as damaged rather than taking the command down.
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|_| Outcome::Damaged {
                            line: None,
                            message: "plg could not read this record (internal error)".into(),
                        })
                        .collect()
                })
            })
            .collect()
    })
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

impl SessionIndex {
    /// Indexes `sessions_dir`, reusing and refreshing the cache in `cache_dir`.
    pub fn load(sessions_dir: &Path, cache_dir: &Path) -> Result<SessionIndex, IndexError> {
        Self::load_with(sessions_dir, Some(cache_dir), default_threads())
    }

    /// Indexes `sessions_dir` by parsing every file, touching no cache.
    pub fn load_uncached(sessions_dir: &Path) -> Result<SessionIndex, IndexError> {
        Self::load_with(sessions_dir, None, default_threads())
    }

    fn load_with(
        sessions_dir: &Path,
        cache_dir: Option<&Path>,
        threads: usize,
    ) -> Result<SessionIndex, IndexError> {
        let files = scan(sessions_dir)?;
        let key = dir_key(sessions_dir);
        let cache_file = cache_dir.map(|c| cache_path(sessions_dir, c));
        let mut cached = cache_file
            .as_deref()
            .map(|p| read_cache(p, &key))
            .unwrap_or_default();
        let had_cache = cache_file.as_deref().is_some_and(Path::exists);

        let mut stats = LoadStats::default();
        let mut entries: Vec<Option<CacheEntry>> = Vec::with_capacity(files.len());
        let mut to_parse: Vec<usize> = Vec::new();
        for (i, (file, stamp)) in files.iter().enumerate() {
            match stamp {
                Ok(stamp) => match cached.remove(&file.name) {
                    Some(entry) if entry.stamp == *stamp => {
                        stats.reused += 1;
                        entries.push(Some(entry));
                    }
                    _ => {
                        to_parse.push(i);
                        entries.push(None);
                    }
                },
                Err(message) => entries.push(Some(CacheEntry {
                    file: file.name.clone(),
                    stamp: Stamp::UNKNOWN,
                    outcome: Outcome::Damaged {
                        line: None,
                        message: message.clone(),
                    },
                })),
            }
        }
        stats.dropped = cached.len();
        let paths: Vec<&Path> = to_parse
            .iter()
            .map(|&i| files[i].0.path.as_path())
            .collect();
        let outcomes = parse_all(&paths, threads);
        stats.parsed = outcomes.len();
        for (i, outcome) in to_parse.into_iter().zip(outcomes) {
            let (file, stamp) = &files[i];
            entries[i] = Some(CacheEntry {
                file: file.name.clone(),
                stamp: stamp.clone().unwrap_or(Stamp::UNKNOWN),
                outcome,
            });
        }
        let entries: Vec<CacheEntry> = entries.into_iter().flatten().collect();

        if let (Some(cache_dir), Some(cache_file)) = (cache_dir, &cache_file)
            && (stats.parsed > 0 || stats.dropped > 0 || !had_cache)
        {
            match write_cache(cache_dir, cache_file, &encode_cache(&key, &entries)) {
                Ok(()) => stats.cache_written = true,
                Err(e) => stats.cache_error = Some(e.to_string()),
            }
        }
        Ok(Self::assemble(sessions_dir, &files, entries, stats))
    }

    fn assemble(
        dir: &Path,
        files: &[Scanned],
        entries: Vec<CacheEntry>,
        stats: LoadStats,
    ) -> SessionIndex {
        let mut sessions = Vec::with_capacity(entries.len());
        let mut damaged = Vec::new();
        // `entries` follows `files` one to one.
        for ((file, _), entry) in files.iter().zip(entries) {
            match entry.outcome {
                Outcome::Ok(summary) => sessions.push(IndexedSession {
                    id: file.id.clone(),
                    path: file.path.clone(),
                    summary: *summary,
                }),
                Outcome::Damaged { line, message } => damaged.push(DamagedRecord {
                    id: file.id.clone(),
                    path: file.path.clone(),
                    line,
                    message,
                }),
            }
        }
        sessions.sort_by(|a, b| {
            b.summary
                .started_at
                .cmp(&a.summary.started_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        SessionIndex {
            dir: dir.to_path_buf(),
            sessions,
            damaged,
            stats,
        }
    }

    /// The session with exactly this id.
    pub fn get(&self, id: &str) -> Option<&IndexedSession> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

fn write_cache(cache_dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    // The index holds note text about colleagues and students: private like the records.
    files::ensure_dir(cache_dir, files::Access::Private)?;
    files::replace(path, bytes, files::Access::Private)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
