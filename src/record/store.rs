//! The durable store for session records.
//!
//! Every save replaces the file atomically: write a temporary file in the
//! same folder, fsync it, rename it over the record, fsync the folder. A
//! crash at any moment leaves either the previous record or the new one,
//! never half of one. Records are private: files 0600, the folder 0700.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

use super::format::SessionRecord;

/// Creates the sessions folder (and parents) with owner-only access.
pub fn ensure_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
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
    while path.exists() || lock_path(&path).exists() {
        path = dir.join(format!("{stem}-{n}.yaml"));
        n += 1;
    }
    path
}

/// Serialises a record as YAML.
pub fn to_yaml(record: &SessionRecord) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(record)
}

/// Replaces `path` with `bytes` atomically and durably.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "session".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut opts = OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        opts.mode(0o600);
        let mut file = opts.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        // Leave no half-written temporary behind; the previous record is untouched.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes temporaries left by a save that was killed halfway (`.NAME.PID.tmp`
/// whose process is gone). The record beside each is intact: that is what the
/// rename guarantees. Live processes' temporaries are left alone.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(pid) = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.rsplit('.').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !process_alive(pid) {
            let _ = fs::remove_file(&path);
        }
    }
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without /proc we cannot tell; keeping a stray file is the safe side.
        true
    }
}

/// Makes a rename durable: the folder entry itself must reach the disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Saves a record to `path`.
pub fn save(path: &Path, record: &SessionRecord) -> io::Result<()> {
    let yaml = to_yaml(record).map_err(io::Error::other)?;
    write_atomic(path, yaml.as_bytes())
}

/// Records in `dir` whose status is in progress, newest first. Only the first
/// lines of each file are read (plg writes `status:` second), so this stays
/// quick on a folder of thousands of records.
pub fn unfinished(dir: &Path) -> Vec<PathBuf> {
    use std::io::{BufRead, BufReader};
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .filter(|p| {
            File::open(p).is_ok_and(|f| {
                BufReader::new(f)
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
}

impl SessionLock {
    /// Locks the record at `record`, or says who holds it.
    pub fn acquire(record: &Path) -> Result<SessionLock, LockError> {
        let path = lock_path(record);
        let io_err = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut opts = OpenOptions::new();
        opts.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        opts.mode(0o600);
        let mut file = opts.open(&path).map_err(io_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "another process".into());
                return Err(LockError::Busy {
                    record: record.display().to_string(),
                    holder,
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_err(e)),
        }
        // Who holds it, for the message the second process shows.
        let _ = file.set_len(0);
        let _ = writeln!(file, "process {}", std::process::id());
        let _ = file.sync_all();
        Ok(SessionLock { file, path })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let dead = dir.path().join(".s.yaml.4000000000.tmp");
        let live = dir
            .path()
            .join(format!(".s.yaml.{}.tmp", std::process::id()));
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
