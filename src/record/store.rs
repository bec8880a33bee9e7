//! The durable store for session records.
//!
//! Every save replaces the file atomically through [`crate::files`]: a
//! temporary with a random name, fsync, rename over the record, fsync the
//! folder. A crash at any moment leaves either the previous record or the
//! new one, never half of one. Records are private: files 0600, the folder
//! 0700 (see [`crate::files::Access`]).

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::format::SessionRecord;
use crate::files::{self, Access, Follow};

/// Creates the sessions folder (and parents) with owner-only access.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    files::ensure_dir(dir, Access::Private)
}

/// A file name that sorts by time and says what the session was:
/// `2026-11-23T1530_math9_tuning.yaml`. A number is added if it is taken.
pub fn session_path(
    dir: &Path,
    started: DateTime<FixedOffset>,
    group: Option<&str>,
    protocol: &str,
) -> PathBuf {
    let stamp = started.format("%Y-%m-%dT%H%M");
    let stem = match group {
        Some(g) => format!("{stamp}_{g}_{protocol}"),
        None => format!("{stamp}_{protocol}"),
    };
    let mut path = dir.join(format!("{stem}.yaml"));
    let mut n = 2;
    // Taken by anything at all, a dangling link included: never write there.
    let taken = |p: &Path| fs::symlink_metadata(p).is_ok();
    while taken(&path) || taken(&lock_path(&path)) {
        path = dir.join(format!("{stem}-{n}.yaml"));
        n += 1;
    }
    path
}

/// Serialises a record as YAML.
pub fn to_yaml(record: &SessionRecord) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(record)
}

/// Replaces `path` with `bytes` atomically and durably; never through a
/// link, never over anything but a regular file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    files::replace(path, bytes, Access::Private)
}

/// Removes temporaries left by a save that was killed halfway.
pub fn remove_stale_temporaries(dir: &Path) {
    files::remove_stale_temporaries(dir);
}

/// Why a save failed, short enough for a status line: "disk full",
/// "the disk is read-only", or the system's own words.
pub fn write_error(e: &io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => "disk full".into(),
        Some(30) => "the disk is read-only".into(),
        Some(13) | Some(1) => "no permission to write the sessions folder".into(),
        _ => e.to_string(),
    }
}

/// Saves a record to `path`.
pub fn save(path: &Path, record: &SessionRecord) -> io::Result<()> {
    let yaml = to_yaml(record).map_err(io::Error::other)?;
    write_atomic(path, yaml.as_bytes())
}

/// Records in `dir` whose status is in progress, newest first. Only the first
/// lines of each file are read (plg writes `status:` second), so this stays
/// quick on a folder of thousands of records. Links and anything but a
/// regular file are passed over: they are not records plg wrote.
pub fn unfinished(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = files::list_dir(dir)
        .into_iter()
        .filter(|(p, t)| t.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .map(|(p, _)| p)
        .filter(|p| {
            files::open_regular(p, Follow::Never).is_ok_and(|(f, _)| {
                BufReader::new(f.take(4096))
                    .lines()
                    .take(3)
                    .map_while(Result::ok)
                    .any(|l| l.trim() == "status: in-progress")
            })
        })
        .collect();
    found.sort();
    found.reverse();
    found
}

/// The lock file beside a record: `.NAME.lock`.
pub fn lock_path(record: &Path) -> PathBuf {
    let name = record
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    record.with_file_name(format!(".{name}.lock"))
}

/// Held while a plg process writes a record; released when dropped or when
/// the process dies (the operating system drops the lock with the process).
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{record} is open in another plg ({holder}); close that one first, or wait for it to finish"
    )]
    Busy { record: String, holder: String },
    #[error("could not lock {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error(
        "could not lock {path}: it is {what}, not a lock file plg made; remove it if no plg is running"
    )]
    NotALockFile { path: String, what: String },
}

impl SessionLock {
    /// Locks the record at `record`, or says who holds it.
    ///
    /// The lock file is always created new. One left by a plg that was
    /// killed is recognised because nobody holds its lock; it is removed and
    /// a new one made, so plg never writes into a file it did not create.
    pub fn acquire(record: &Path) -> Result<SessionLock, LockError> {
        let path = lock_path(record);
        let io_err = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        // Two rounds are enough unless another plg is removing stale locks
        // at the same moment; a few more cost nothing.
        for _ in 0..5 {
            match files::create_empty(&path, Access::Private) {
                Ok(mut file) => match file.try_lock() {
                    Ok(()) => {
                        // Who holds it, for the message the second process shows.
                        let _ = writeln!(file, "process {}", std::process::id());
                        let _ = file.sync_all();
                        return Ok(SessionLock { file, path });
                    }
                    Err(fs::TryLockError::WouldBlock) => return Err(busy(record, &path)),
                    Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
                },
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io_err(e)),
            }
            let old = match open_existing_lock(&path) {
                Ok(f) => f,
                // Removed by its holder in between: try to create it again.
                Err(ExistingLock::Gone) => continue,
                Err(ExistingLock::Refused(e)) => return Err(e),
            };
            match old.try_lock() {
                Ok(()) => {
                    // Stale: its process is gone. Remove it while holding it,
                    // so nobody else takes it in between.
                    let _ = fs::remove_file(&path);
                    drop(old);
                }
                Err(fs::TryLockError::WouldBlock) => return Err(busy(record, &path)),
                Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
            }
        }
        Err(io_err(io::Error::other(
            "the lock file keeps changing; is another plg starting?",
        )))
    }
}

enum ExistingLock {
    Gone,
    Refused(LockError),
}

/// Opens a lock file that is already there, read-only and without following
/// links; anything but a plain file with one name is refused, never touched.
fn open_existing_lock(path: &Path) -> Result<File, ExistingLock> {
    let refused = |what: String| {
        ExistingLock::Refused(LockError::NotALockFile {
            path: path.display().to_string(),
            what,
        })
    };
    match files::open_regular(path, Follow::Never) {
        Ok((file, meta)) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                if meta.nlink() > 1 {
                    return Err(refused("a file with another name (a hard link)".into()));
                }
            }
            let _ = meta;
            Ok(file)
        }
        Err(e) if e.is_not_found() => Err(ExistingLock::Gone),
        Err(files::ReadError::Io(e)) => Err(ExistingLock::Refused(LockError::Io {
            path: path.display().to_string(),
            source: e,
        })),
        Err(e) => Err(refused(e.to_string())),
    }
}

fn busy(record: &Path, lock: &Path) -> LockError {
    let holder = files::read_capped(lock, 256, Follow::Never)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .filter(|s| !s.is_empty() && s.len() < 64 && !s.contains(char::is_control))
        .unwrap_or_else(|| "another process".into());
    LockError::Busy {
        record: record.display().to_string(),
        holder,
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Remove the name only while it is still this lock file: if someone
        // replaced it, what is there now is theirs.
        let ours = same_file(&self.file, &self.path);
        let _ = self.file.unlock();
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn atomic_writes_replace_the_file_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["s.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn records_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("data/sessions");
        ensure_dir(&sessions).unwrap();
        let path = sessions.join("s.yaml");
        write_atomic(&path, b"x").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&sessions), 0o700);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir.path().join(".s.yaml.4000000000.abcdefgh.tmp");
        let live = dir
            .path()
            .join(format!(".s.yaml.{}.abcdefgh.tmp", std::process::id()));
        let record = dir.path().join("s.yaml");
        for p in [&dead, &live, &record] {
            fs::write(p, "x").unwrap();
        }
        remove_stale_temporaries(dir.path());
        assert!(!dead.exists() || !cfg!(target_os = "linux"));
        assert!(live.exists() && record.exists());
    }

    #[test]
    fn a_second_lock_on_the_same_record_is_refused_with_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        let first = SessionLock::acquire(&path).unwrap();
        let err = SessionLock::acquire(&path).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("open in another plg"), "{msg}");
        assert!(
            msg.contains(&format!("process {}", std::process::id())),
            "{msg}"
        );
        drop(first);
        assert!(SessionLock::acquire(&path).is_ok());
    }

    #[test]
    fn session_names_sort_by_time_and_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let t = DateTime::parse_from_rfc3339("2026-11-23T15:30:00+01:00").unwrap();
        let p = session_path(dir.path(), t, Some("math9"), "tuning");
        assert_eq!(p.file_name().unwrap(), "2026-11-23T1530_math9_tuning.yaml");
        fs::write(&p, "x").unwrap();
        let q = session_path(dir.path(), t, Some("math9"), "tuning");
        assert_eq!(
            q.file_name().unwrap(),
            "2026-11-23T1530_math9_tuning-2.yaml"
        );
        assert_eq!(
            session_path(dir.path(), t, None, "tuning")
                .file_name()
                .unwrap(),
            "2026-11-23T1530_tuning.yaml"
        );
    }
}
