//! The local link between the facilitator's console (`plg run`) and the
//! room's screens (`plg room`), on one machine, through files only.
//!
//! The record is the message: the console already saves it at every change
//! (atomic replace), so a room screen watches the record's folder and
//! redraws from the record. What the record does not say travels through a
//! private runtime folder ([`crate::paths::Paths::run_dir`], 0700):
//!
//! - the console's **announcement** (`meeting.PID.json`): which record,
//!   the protocol and group names, whether saved notes are shown to the
//!   room, and how meeting time relates to real time (rehearsals run fast);
//! - each room screen's **presence** (`room.PID.json`): which meeting it
//!   follows, so the console knows a room is attached.
//!
//! Each of these files has a lock file beside it (`meeting.PID.lock`,
//! `room.PID.lock`), created and locked (`File::try_lock`) before the JSON
//! is written and held for the process's life. The system drops a lock with
//! its process, so a JSON whose lock can be taken belongs to a process that
//! was killed: it is ignored and removed. No socket, nothing another
//! machine could reach. How the room wakes is [`watch`].

pub mod watch;

#[cfg(test)]
mod tests;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::files::{self, Access, Follow};

/// The shape of the runtime folder's JSON files; bumped when it changes.
pub const LINK_VERSION: u32 = 1;

/// The most plg reads of one of the runtime folder's files.
const MAX_LINK_BYTES: u64 = 64 * 1024;

/// How far a room screen's clock may be from the console's before the
/// console tells the anchor again: well under the second the clocks show.
pub const ANCHOR_SLACK: chrono::TimeDelta = chrono::TimeDelta::milliseconds(250);

const MEETING: &str = "meeting";
const ROOM: &str = "room";

/// How meeting time relates to real time: a rehearsal (`--speed N`) runs
/// N times faster from the moment `meeting` was read at `real`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockAnchor {
    pub real: DateTime<Utc>,
    pub meeting: DateTime<Utc>,
    pub speed: u32,
}

impl ClockAnchor {
    /// A meeting running at real time.
    pub fn real_time(now: DateTime<Utc>) -> ClockAnchor {
        ClockAnchor {
            real: now,
            meeting: now,
            speed: 1,
        }
    }

    /// Meeting time when the real clock reads `real`.
    pub fn at(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        let passed = real - self.real;
        let scaled = passed
            .checked_mul(i32::try_from(self.speed.max(1)).unwrap_or(i32::MAX))
            .unwrap_or(passed);
        self.meeting + scaled
    }

    /// Whether `now`, read later from the console's clock, says another
    /// meeting time than this anchor gives for its real time.
    fn drifted(&self, now: &ClockAnchor) -> bool {
        (self.at(now.real) - now.meeting).abs() > ANCHOR_SLACK || self.speed != now.speed
    }

    /// Real time to wait until meeting time `at`, from real time `real`.
    pub fn until(&self, at: DateTime<Utc>, real: DateTime<Utc>) -> std::time::Duration {
        let meeting = (at - self.at(real)).to_std().unwrap_or_default();
        meeting / self.speed.max(1)
    }
}

/// What the console tells room screens about the meeting it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub version: u32,
    /// The record's file name without `.yaml`: what `plg room ID` takes.
    pub id: String,
    /// Where the record is saved.
    pub record: PathBuf,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub pid: u32,
    /// Saved notes shown on the room's screen (Ctrl-W on the console).
    #[serde(default)]
    pub show_notes: bool,
    pub clock: ClockAnchor,
}

impl Announcement {
    /// The same meeting told the same way (the anchor is read anew each time).
    fn same_as(&self, other: &Announcement) -> bool {
        Announcement {
            clock: other.clock,
            ..self.clone()
        } == *other
    }

    /// The record a room screen may read for this meeting: `ID.yaml`
    /// directly inside `sessions`, the sessions folder of the room's own
    /// home, which the console saves into too. The announced path must
    /// name that same file (its folder as the system resolves it, so a
    /// home reached through a link still matches); the room then reads
    /// its own path, never the announced one. Anything else (a path to
    /// another file or folder, a hidden name, an id with a separator) is a
    /// planted or damaged announcement: the room neither reads it, since a
    /// parse error would quote the file on the wall, nor watches its folder.
    pub fn record_in(&self, sessions: &Path) -> Option<PathBuf> {
        let id = self.id.as_str();
        let plain_id = !id.is_empty() && !id.starts_with('.') && !id.contains(['/', '\\']);
        if !plain_id || !self.record.is_absolute() {
            return None;
        }
        let name = format!("{id}.yaml");
        if self.record.file_name() != Some(std::ffi::OsStr::new(&name)) {
            return None;
        }
        let announced = fs::canonicalize(self.record.parent()?).ok()?;
        let own = std::path::absolute(sessions).ok()?;
        (fs::canonicalize(&own).ok()? == announced).then(|| own.join(name))
    }

    /// `2026-11-23T1530_math9_tuning (Tuning Protocol · Math 9)`, for lists.
    pub fn describe(&self) -> String {
        let name = match &self.group {
            Some(g) => format!("{} · {g}", self.protocol),
            None => self.protocol.clone(),
        };
        format!("{} ({})", self.id, crate::term_text::one_line(&name))
    }
}

/// The meeting id of a record: its file name without `.yaml`.
pub fn meeting_id(record: &Path) -> String {
    record
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What a room screen tells the console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub version: u32,
    pub pid: u32,
    /// The meeting it shows, by id; none while it waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following: Option<String>,
}

/// A JSON file in the runtime folder and the lock held beside it for as
/// long as this process lives. Dropping it removes both, the JSON first, so
/// nobody reads a JSON whose lock has gone.
#[derive(Debug)]
pub struct Held {
    json: PathBuf,
    lock_path: PathBuf,
    _lock: File,
}

impl Held {
    /// Creates and locks `KIND.PID.lock` in `dir` (0700, created if need
    /// be). One left by a killed process with the same id is removed first.
    pub fn take(dir: &Path, kind: &str) -> io::Result<Held> {
        files::ensure_owner_dir(dir)?;
        let pid = std::process::id();
        let lock_path = dir.join(format!("{kind}.{pid}.lock"));
        let json = dir.join(format!("{kind}.{pid}.json"));
        for _ in 0..3 {
            match files::create_empty(&lock_path, Access::Owner) {
                Ok(file) => {
                    return match file.try_lock() {
                        Ok(()) => Ok(Held {
                            json,
                            lock_path,
                            _lock: file,
                        }),
                        Err(fs::TryLockError::WouldBlock) => Err(io::Error::other(format!(
                            "{} is locked by another process",
                            lock_path.display()
                        ))),
                        Err(fs::TryLockError::Error(e)) => Err(e),
                    };
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    // Ours by name, so left by an earlier process with this id.
                    if is_held(&lock_path) != Some(false) {
                        return Err(io::Error::other(format!(
                            "{} is in use or not a lock file plg made",
                            lock_path.display()
                        )));
                    }
                    files::remove(&json)?;
                    files::remove(&lock_path)?;
                }
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other(format!(
            "{} keeps coming back",
            lock_path.display()
        )))
    }

    /// Replaces the JSON beside the lock, atomically.
    pub fn write<T: Serialize>(&self, value: &T) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
        files::replace(&self.json, &bytes, Access::Owner)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = files::remove(&self.json);
        let _ = files::remove(&self.lock_path);
    }
}

/// Whether someone holds the lock at `path`: `Some(true)` when a live
/// process does, `Some(false)` when it could be taken (its process is
/// gone), `None` when it is missing, a link, or anything but a file.
fn is_held(path: &Path) -> Option<bool> {
    let (file, _) = files::open_regular(path, Follow::Never).ok()?;
    match file.try_lock() {
        Ok(()) => Some(false),
        Err(fs::TryLockError::WouldBlock) => Some(true),
        Err(fs::TryLockError::Error(_)) => None,
    }
}

/// The live `KIND.*.json` files of the runtime folder, read. A JSON whose
/// lock can be taken was left by a killed process: it is removed, with its
/// lock. Links, oversized or unreadable files are passed over, untouched.
fn live<T: DeserializeOwned>(dir: &Path, kind: &str) -> Vec<T> {
    let prefix = format!("{kind}.");
    let mut found = Vec::new();
    for (path, file_type) in files::list_dir(dir) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".json"))
        else {
            continue;
        };
        if !file_type.is_file() || stem.parse::<u32>().is_err() {
            continue;
        }
        let lock = dir.join(format!("{kind}.{stem}.lock"));
        match is_held(&lock) {
            Some(true) => {}
            Some(false) => {
                // Its process is gone (the system dropped the lock with it).
                let _ = files::remove(&path);
                let _ = files::remove(&lock);
                continue;
            }
            None => continue,
        }
        let Ok(bytes) = files::read_capped(&path, MAX_LINK_BYTES, Follow::Never) else {
            continue;
        };
        if let Ok(value) = serde_json::from_slice::<T>(&bytes) {
            found.push(value);
        }
    }
    found
}

/// The meetings running on this machine, oldest announcement first.
pub fn meetings(dir: &Path) -> Vec<Announcement> {
    let mut found: Vec<Announcement> = live::<Announcement>(dir, MEETING)
        .into_iter()
        .filter(|a| a.version == LINK_VERSION)
        .collect();
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

/// The meetings running on this machine whose records are in `sessions`,
/// each with its record's path as the room's own (see
/// [`Announcement::record_in`]): the ones a room screen may show.
pub fn meetings_in(dir: &Path, sessions: &Path) -> Vec<Announcement> {
    meetings(dir)
        .into_iter()
        .filter_map(|a| {
            let record = a.record_in(sessions)?;
            Some(Announcement { record, ..a })
        })
        .collect()
}

/// The room screens following the meeting `id`.
pub fn rooms_following(dir: &Path, id: &str) -> usize {
    live::<Presence>(dir, ROOM)
        .iter()
        .filter(|p| p.following.as_deref() == Some(id))
        .count()
}

/// Whether the console that announced `a` is still alive (its lock is
/// held): one look at one file, cheap enough for every wake of a room screen.
pub fn console_alive(dir: &Path, a: &Announcement) -> bool {
    is_held(&dir.join(format!("{MEETING}.{}.lock", a.pid))) == Some(true)
}

/// Whether the console that announced `a` is still running it.
pub fn still_running(dir: &Path, a: &Announcement) -> bool {
    is_held(&dir.join(format!("{MEETING}.{}.lock", a.pid))) == Some(true)
        && meetings(dir).iter().any(|m| m.id == a.id)
}

/// The console's side: announces the meeting while it runs and counts the
/// room screens following it. Nothing here may stop a meeting: a runtime
/// folder that cannot be written only means no room screen finds it.
#[derive(Debug)]
pub struct ConsoleLink {
    dir: PathBuf,
    held: Option<Held>,
    told: Option<Announcement>,
}

impl ConsoleLink {
    pub fn new(dir: &Path) -> ConsoleLink {
        ConsoleLink {
            dir: dir.to_path_buf(),
            held: None,
            told: None,
        }
    }

    /// Announces `a`, or tells its change; does nothing when it says what
    /// was said already and the anchor told still gives the console's
    /// time. The console's clock is monotonic and a room screen's reading
    /// of the anchor goes by the real (wall) clock: they part when the
    /// machine sleeps (a closed lid) or its clock is set, so the anchor is
    /// told again once they are apart by more than [`ANCHOR_SLACK`].
    pub fn announce(&mut self, a: Announcement) -> io::Result<()> {
        if self
            .told
            .as_ref()
            .is_some_and(|t| t.same_as(&a) && !t.clock.drifted(&a.clock))
        {
            return Ok(());
        }
        if self.held.is_none() {
            self.held = Some(Held::take(&self.dir, MEETING)?);
        }
        if let Some(h) = &self.held {
            h.write(&a)?;
        }
        self.told = Some(a);
        Ok(())
    }

    /// The meeting has closed: room screens show its end and wait.
    pub fn withdraw(&mut self) {
        self.held = None;
        self.told = None;
    }

    /// How many room screens follow the meeting announced.
    pub fn rooms(&self) -> usize {
        match &self.told {
            Some(a) => rooms_following(&self.dir, &a.id),
            None => 0,
        }
    }
}

/// A room screen's side: its presence, and which meeting it follows.
#[derive(Debug)]
pub struct RoomLink {
    dir: PathBuf,
    held: Held,
    following: Option<String>,
}

impl RoomLink {
    /// Announces a room screen that follows nothing yet.
    pub fn start(dir: &Path) -> io::Result<RoomLink> {
        let link = RoomLink {
            dir: dir.to_path_buf(),
            held: Held::take(dir, ROOM)?,
            following: None,
        };
        link.held.write(&link.presence())?;
        Ok(link)
    }

    fn presence(&self) -> Presence {
        Presence {
            version: LINK_VERSION,
            pid: std::process::id(),
            following: self.following.clone(),
        }
    }

    /// Tells the console which meeting this screen shows now.
    pub fn follow(&mut self, id: Option<&str>) -> io::Result<()> {
        if self.following.as_deref() == id {
            return Ok(());
        }
        self.following = id.map(str::to_string);
        self.held.write(&self.presence())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
