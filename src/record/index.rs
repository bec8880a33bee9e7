//! A rebuildable index of the sessions folder, so that listing, reporting
//! and searching thousands of records does not parse thousands of YAML files.
//!
//! The index keeps, per record file, what `plg logs`, `plg report` and search
//! need (a [`SessionSummary`], see [`super::summary`]) or, for a damaged
//! record, its error. It lives in the cache folder as one binary file per
//! sessions folder (see [`super::index_codec`]) and is keyed by file name, size and modification time: on every load the folder is listed,
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

use super::index_codec::{decode_cache, encode_cache, fnv1a};
use super::read::{RecordError, read_file};
use crate::files;

pub use super::summary::{IndexedNote, SessionSummary};

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
pub(crate) fn describe_error(e: &RecordError) -> (Option<usize>, String) {
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
pub(crate) struct RecordFile {
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
pub(crate) fn record_files(dir: &Path) -> Result<Vec<RecordFile>, IndexError> {
    Ok(scan(dir)?.into_iter().map(|(f, _)| f).collect())
}

/// Size and modification time: together they tell whether a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) size: u64,
    pub(super) secs: i64,
    pub(super) nanos: u32,
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

/// What reading one record file gave: its summary, or where it is damaged.
#[derive(Debug, Clone)]
pub(super) enum Outcome {
    Ok(Box<SessionSummary>),
    Damaged {
        line: Option<usize>,
        message: String,
    },
}

/// One record file as the cache remembers it.
#[derive(Debug, Clone)]
pub(super) struct CacheEntry {
    pub(super) file: String,
    pub(super) stamp: Stamp,
    pub(super) outcome: Outcome,
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

fn parse_one(path: &Path) -> Outcome {
    match read_file(path) {
        Ok(record) => Outcome::Ok(Box::new(SessionSummary::of(&record))),
        Err(e) => {
            let (line, message) = describe_error(&e);
            Outcome::Damaged { line, message }
        }
    }
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

/// Drops the entry of the record file `file_name` from the cache of
/// `sessions_dir`, so the next load reads that record again whatever its
/// size and time say. After plg rewrites a record (a note edited or
/// removed), the summary kept for it, with the old text, must not outlive
/// it; a second rewrite within the file system's timestamp resolution
/// could otherwise leave the stamp unchanged. The cache is written again
/// whole (atomically), never patched in place.
pub fn forget(sessions_dir: &Path, cache_dir: &Path, file_name: &str) -> io::Result<()> {
    let path = cache_path(sessions_dir, cache_dir);
    if fs::symlink_metadata(&path).is_err() {
        return Ok(());
    }
    let key = dir_key(sessions_dir);
    let mut cached = read_cache(&path, &key);
    if cached.remove(file_name).is_none() && !cached.is_empty() {
        return Ok(());
    }
    let mut entries: Vec<CacheEntry> = cached.into_values().collect();
    entries.sort_by(|a, b| a.file.cmp(&b.file));
    write_cache(cache_dir, &path, &encode_cache(&key, &entries))
}

fn write_cache(cache_dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    // The index holds note text about colleagues and students: private like the records.
    files::ensure_dir(cache_dir, files::Access::Private)?;
    files::replace(path, bytes, files::Access::Private)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
