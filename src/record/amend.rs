//! Editing or removing a note of an earlier meeting: the one case where plg
//! rewrites a record it has already finished writing.
//!
//! Someone typed a student's name by mistake, or a remark that should not
//! stay. The record is changed under its lock (a running meeting holding it
//! is refused), read again from disk under that lock (never from a copy in
//! memory), and replaced atomically like every save; the index cache is
//! then written again without the old text. A removed note leaves only when
//! it was removed and in which step, never what it said. A record of an
//! older format version is rewritten as the current one.
//!
//! The note is named by its position, its time and a hash of its text as
//! they were shown: if any of them changed since (another plg edited the
//! file in between), the change is refused rather than made to another note.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, SubsecRound, Utc};

use super::format::{FORMAT_VERSION, NoteRecord, NoteRemovalRecord, SessionRecord, Status};
use super::index::{SessionIndex, forget};
use super::read::{RecordError, read_file};
use super::store::{self, LockError, SessionLock};

/// Which note, as it was shown: its position in the record's `notes`, its
/// time, and a hash of its text (the text itself is not kept again here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRef {
    pub index: usize,
    pub at: DateTime<FixedOffset>,
    pub text_hash: u64,
}

impl NoteRef {
    /// The note at `index` of a record, as it reads now.
    pub fn of(index: usize, note: &NoteRecord) -> NoteRef {
        NoteRef {
            index,
            at: note.at,
            text_hash: text_hash(&note.text),
        }
    }

    /// Whether `note` is still the note this names.
    fn is(&self, note: &NoteRecord) -> bool {
        note.at == self.at && text_hash(&note.text) == self.text_hash
    }
}

/// A hash of a note's text, to notice it changed. Only compared within one
/// process, so the standard hasher (not stable across Rust releases) will do.
pub fn text_hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What to do to the note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteAmend {
    /// Replace its text (an empty text removes the note, as in a meeting).
    Edit(String),
    Remove,
}

/// A change to make, as a screen hands it to the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmendRequest {
    pub sessions_dir: PathBuf,
    pub record: PathBuf,
    pub cache_dir: PathBuf,
    pub which: NoteRef,
    pub change: NoteAmend,
}

#[derive(Debug, thiserror::Error)]
pub enum AmendError {
    #[error(
        "{0} is open in a running plg (a meeting, or another browser); change its notes there, or once it is closed"
    )]
    Busy(String),
    #[error("{path} is {what}; plg rewrites only record files it wrote, so it was left as it is")]
    NotARecordFile { path: String, what: String },
    #[error("could not lock {0}")]
    Lock(String),
    #[error("could not read {path}: {error}")]
    Read { path: String, error: String },
    #[error(
        "the note changed since it was shown (someone else edited this record); nothing was changed: open the session again"
    )]
    Changed,
    #[error("could not write {path}: {error}")]
    Write { path: String, error: String },
    #[error(
        "the record was rewritten, but the index cache could not be refreshed ({0}); it may still hold the old text until `plg logs` runs again"
    )]
    Cache(String),
}

/// Edits or removes one note of the record at `record_path` (a file in
/// `sessions_dir`), then refreshes the index cache in `cache_dir` so the
/// old text is not kept there either. Returns the record as written.
pub fn amend_note(
    sessions_dir: &Path,
    record_path: &Path,
    cache_dir: &Path,
    which: NoteRef,
    change: NoteAmend,
    now: DateTime<Utc>,
) -> Result<SessionRecord, AmendError> {
    let shown = record_path.display().to_string();
    // Only a regular file plg could have written: never a link (whose
    // target would be left holding the text, or be a file plg did not make).
    let not_record = |what: &str| AmendError::NotARecordFile {
        path: shown.clone(),
        what: what.into(),
    };
    let meta = std::fs::symlink_metadata(record_path).map_err(|e| AmendError::Read {
        path: shown.clone(),
        error: e.to_string(),
    })?;
    if meta.file_type().is_symlink() {
        return Err(not_record("a link"));
    }
    if !meta.is_file() {
        return Err(not_record("not a regular file"));
    }
    if record_path.parent() != Some(sessions_dir) {
        return Err(not_record("outside the sessions folder"));
    }
    let _lock = SessionLock::acquire(record_path).map_err(|e| match e {
        LockError::Busy { .. } => AmendError::Busy(shown.clone()),
        other => AmendError::Lock(other.to_string()),
    })?;
    // Read again under the lock: what is on disk now is what gets changed.
    let mut record = read_file(record_path).map_err(|e| AmendError::Read {
        path: shown.clone(),
        error: match e {
            RecordError::NotReadable(r) => r.to_string(),
            other => other.to_string(),
        },
    })?;
    let old = record
        .notes
        .get(which.index)
        .filter(|n| which.is(n))
        .cloned()
        .ok_or(AmendError::Changed)?;
    let at = now
        .with_timezone(record.started_at.offset())
        .trunc_subsecs(0);
    match change {
        NoteAmend::Edit(text) if !text.trim().is_empty() => {
            let text = text.trim_end().to_string();
            if text != old.text
                && let Some(n) = record.notes.get_mut(which.index)
            {
                n.text = text;
                n.edited_at = Some(at);
            }
        }
        NoteAmend::Edit(_) | NoteAmend::Remove => {
            record.notes.remove(which.index);
            record
                .removed_notes
                .push(NoteRemovalRecord { at, step: old.step });
        }
    }
    forget_draft(&mut record, &old.text);
    // `saved_at` stays: it is when the meeting last wrote the file, which
    // gives an unfinished meeting its length and, on resume, its time away.
    record.version = FORMAT_VERSION;
    store::save(record_path, &record).map_err(|e| AmendError::Write {
        path: shown.clone(),
        error: store::write_error(&e),
    })?;
    let file_name = record_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    forget(sessions_dir, cache_dir, &file_name).map_err(|e| AmendError::Cache(e.to_string()))?;
    let index = SessionIndex::load(sessions_dir, cache_dir)
        .map_err(|e| AmendError::Cache(e.to_string()))?;
    if let Some(e) = index.stats.cache_error {
        return Err(AmendError::Cache(e));
    }
    Ok(record)
}

/// A draft is the note being typed when the meeting last saved, kept only
/// so a crashed meeting can be resumed. A finished meeting is never
/// resumed, so its draft goes; an unfinished one keeps its draft unless the
/// draft holds the text taken out.
fn forget_draft(record: &mut SessionRecord, old_text: &str) {
    let holds_old = record
        .draft
        .as_ref()
        .is_some_and(|d| d.text.contains(old_text.trim()));
    if record.status != Status::InProgress || holds_old {
        record.draft = None;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::meeting::session::{Closing, Setup};
    use crate::meeting::{Command, Meeting, Rounds};
    use crate::record::format::SessionView;
    use crate::record::index::cache_path;
    use chrono::TimeZone;
    use std::fs;

    struct Fixture {
        _home: tempfile::TempDir,
        sessions: std::path::PathBuf,
        cache: std::path::PathBuf,
        record: std::path::PathBuf,
    }

    impl Fixture {
        fn amend(&self, which: NoteRef, change: NoteAmend) -> Result<SessionRecord, AmendError> {
            amend_note(
                &self.sessions,
                &self.record,
                &self.cache,
                which,
                change,
                now(),
            )
        }
    }

    fn fixture() -> Fixture {
        let home = tempfile::tempdir().unwrap();
        let sessions = home.path().join("sessions");
        let cache = home.path().join("cache");
        store::ensure_dir(&sessions).unwrap();
        let record = sessions.join("2026-11-23T1530_tuning.yaml");
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
        let min = |m: i64| t0 + chrono::TimeDelta::minutes(m);
        let protocol = crate::protocol::builtin("tuning").unwrap();
        let mut m = Meeting::start(protocol, &Rounds::default(), t0);
        m.update(Command::Next, min(5));
        for (at, kind, text) in [
            (6, "question", "Sam Lee wrote the second sample"),
            (10, "note", "The rubric is on the back"),
        ] {
            m.update(
                Command::AddNote {
                    kind: kind.into(),
                    text: text.into(),
                },
                min(at),
            );
        }
        m.update(Command::End, min(60));
        let setup = Setup::default();
        let closing = Closing::default();
        let mut rec = SessionRecord::from_session(
            &SessionView {
                meeting: &m,
                setup: &setup,
                closing: &closing,
                status: Status::Completed,
                draft: Some(("note", "unsent draft")),
                speed: 1,
            },
            min(60),
            FixedOffset::east_opt(3600).unwrap(),
        );
        // Written by an earlier plg: rewritten as the current version.
        rec.version = 4;
        store::save(&record, &rec).unwrap();
        SessionIndex::load(&sessions, &cache).unwrap();
        Fixture {
            _home: home,
            sessions,
            cache,
            record,
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap()
    }

    fn first(f: &Fixture) -> NoteRef {
        let rec = read_file(&f.record).unwrap();
        NoteRef::of(0, &rec.notes[0])
    }

    fn cache_bytes(f: &Fixture) -> Vec<u8> {
        fs::read(cache_path(&f.sessions, &f.cache)).unwrap()
    }

    fn contains(hay: &[u8], needle: &str) -> bool {
        hay.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    #[test]
    fn an_edit_replaces_the_text_in_the_record_and_the_cache() {
        let f = fixture();
        assert!(contains(&cache_bytes(&f), "Sam Lee"));
        let which = first(&f);
        let rec = f
            .amend(
                which,
                NoteAmend::Edit("A student wrote the second sample\n".into()),
            )
            .unwrap();
        let back = read_file(&f.record).unwrap();
        assert_eq!(back, rec);
        assert_eq!(back.version, FORMAT_VERSION, "rewritten as version 5");
        assert_eq!(back.notes[0].text, "A student wrote the second sample");
        assert_eq!(
            back.notes[0].edited_at.unwrap().to_rfc3339(),
            "2026-11-25T09:00:00+01:00"
        );
        assert!(back.removed_notes.is_empty());
        assert!(back.draft.is_none(), "a finished meeting keeps no draft");
        assert_eq!(back.saved_at, rec.saved_at);
        assert!(!contains(&fs::read(&f.record).unwrap(), "Sam Lee"));
        assert!(!contains(&cache_bytes(&f), "Sam Lee"));
        let index = SessionIndex::load(&f.sessions, &f.cache).unwrap();
        assert_eq!(
            index.sessions[0].summary.notes[0].text,
            "A student wrote the second sample"
        );
    }

    #[test]
    fn a_removal_keeps_only_when_and_where() {
        let f = fixture();
        let which = first(&f);
        f.amend(which, NoteAmend::Remove).unwrap();
        let back = read_file(&f.record).unwrap();
        assert_eq!(back.notes.len(), 1);
        assert_eq!(back.notes[0].text, "The rubric is on the back");
        assert_eq!(back.removed_notes.len(), 1);
        assert_eq!(back.removed_notes[0].step, 1);
        assert_eq!(
            back.removed_notes[0].at.to_rfc3339(),
            "2026-11-25T09:00:00+01:00"
        );
        assert!(!contains(&fs::read(&f.record).unwrap(), "Sam Lee"));
        assert!(!contains(&cache_bytes(&f), "Sam Lee"));
        let names: Vec<String> = fs::read_dir(&f.sessions)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["2026-11-23T1530_tuning.yaml"],
            "no lock or temporary left"
        );
    }

    #[test]
    fn an_empty_edit_removes_the_note() {
        let f = fixture();
        let which = first(&f);
        f.amend(which, NoteAmend::Edit("  \n".into())).unwrap();
        let back = read_file(&f.record).unwrap();
        assert_eq!(back.notes.len(), 1);
        assert_eq!(back.removed_notes.len(), 1);
    }

    #[test]
    fn a_record_held_by_a_running_plg_is_refused_and_left_alone() {
        let f = fixture();
        let before = fs::read(&f.record).unwrap();
        let which = first(&f);
        let lock = SessionLock::acquire(&f.record).unwrap();
        let err = f.amend(which, NoteAmend::Remove).unwrap_err();
        assert!(matches!(err, AmendError::Busy(_)), "{err}");
        assert!(err.to_string().contains("open in a running plg"), "{err}");
        assert_eq!(fs::read(&f.record).unwrap(), before);
        drop(lock);
    }

    #[cfg(unix)]
    #[test]
    fn a_record_that_is_a_link_is_refused_and_its_target_untouched() {
        let f = fixture();
        let target = f._home.path().join("elsewhere.yaml");
        fs::rename(&f.record, &target).unwrap();
        std::os::unix::fs::symlink(&target, &f.record).unwrap();
        let before = fs::read(&target).unwrap();
        let rec = read_file(&target).unwrap();
        let which = NoteRef::of(0, &rec.notes[0]);
        let err = f.amend(which, NoteAmend::Remove).unwrap_err();
        assert!(matches!(err, AmendError::NotARecordFile { .. }), "{err}");
        assert!(err.to_string().contains("a link"), "{err}");
        assert_eq!(fs::read(&target).unwrap(), before);
        assert!(
            fs::symlink_metadata(&f.record)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn a_note_changed_since_it_was_shown_is_refused() {
        let f = fixture();
        let shown = first(&f);
        // Another plg edits the same note in between.
        f.amend(
            shown,
            NoteAmend::Edit("Someone wrote the second sample".into()),
        )
        .unwrap();
        let after_first = fs::read(&f.record).unwrap();
        let err = f.amend(shown, NoteAmend::Remove).unwrap_err();
        assert!(matches!(err, AmendError::Changed), "{err}");
        assert_eq!(fs::read(&f.record).unwrap(), after_first);
        // A note removed before it: the position now names another note.
        let rec = read_file(&f.record).unwrap();
        let second = NoteRef::of(1, &rec.notes[1]);
        f.amend(NoteRef::of(0, &rec.notes[0]), NoteAmend::Remove)
            .unwrap();
        let err = f.amend(second, NoteAmend::Remove).unwrap_err();
        assert!(matches!(err, AmendError::Changed), "{err}");
    }

    #[test]
    fn two_quick_edits_leave_only_the_last_text_in_the_cache() {
        let f = fixture();
        let which = first(&f);
        f.amend(
            which,
            NoteAmend::Edit("Sam Lea wrote the second sample".into()),
        )
        .unwrap();
        let rec = read_file(&f.record).unwrap();
        // Same length: the file's size and (coarse) time may not change.
        f.amend(
            NoteRef::of(0, &rec.notes[0]),
            NoteAmend::Edit("Xxx Xxx wrote the second sample".into()),
        )
        .unwrap();
        let cache = cache_bytes(&f);
        assert!(!contains(&cache, "Sam Lea"));
        assert!(contains(&cache, "Xxx Xxx"));
    }
}
