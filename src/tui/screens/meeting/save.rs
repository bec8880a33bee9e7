//! How the meeting's record is kept written: when to save again, and what
//! the file lacks while saves fail.

use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, Utc};

/// The note being typed is saved at least this often.
pub const DRAFT_EVERY: TimeDelta = TimeDelta::seconds(4);
/// A failed save is retried this often.
pub const RETRY_EVERY: TimeDelta = TimeDelta::seconds(5);
/// While a meeting runs, the record is refreshed this often even when
/// nothing changed, so that after a crash the time away is known closely.
pub const HEARTBEAT: TimeDelta = TimeDelta::seconds(30);

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Where the record is, once the first save succeeded.
    pub path: Option<PathBuf>,
    /// The last save failed with this; everything is still in memory.
    pub error: Option<String>,
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the last save that succeeded was made, and how many notes it
    /// held: what the file has, should the saves after it fail.
    pub last_saved: Option<DateTime<Utc>>,
    pub notes_saved: usize,
}

/// What the file lacks when the last save failed: said when plg leaves, so
/// that nobody believes a meeting is kept that is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved<'a> {
    pub error: &'a str,
    /// When the file was last written, if ever.
    pub last_saved: Option<DateTime<Utc>>,
    /// Notes taken since then, which only this process holds.
    pub notes: &'a [crate::meeting::Note],
    /// The note being typed, if any.
    pub draft: Option<String>,
}

impl SaveState {
    /// How often the record is written when nothing else asks for it:
    /// often while saves fail, else a heartbeat.
    pub fn every(&self) -> TimeDelta {
        if self.error.is_some() {
            RETRY_EVERY
        } else {
            HEARTBEAT
        }
    }

    /// True when nothing was attempted yet or the last attempt is [`Self::every`] old.
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.last_attempt.is_none_or(|t| now - t >= self.every())
    }

    /// Records the outcome of a save of a record holding `notes` notes;
    /// returns the error to show: only the first of a run of failures.
    pub fn record(
        &mut self,
        result: Result<PathBuf, String>,
        now: DateTime<Utc>,
        notes: usize,
    ) -> Option<String> {
        match result {
            Ok(path) => {
                self.path = Some(path);
                self.error = None;
                // The shell saves and reports back in one go, so the record
                // just written holds every note taken so far.
                self.last_saved = Some(now);
                self.notes_saved = notes;
                None
            }
            Err(e) => {
                let first = self.error.is_none();
                self.error = Some(e.clone());
                first.then_some(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_failure_of_a_run_is_shown_and_retries_come_sooner() {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        let mut s = SaveState::default();
        assert!(s.due(t));
        s.last_attempt = Some(t);
        assert!(!s.due(t + TimeDelta::seconds(29)));
        assert_eq!(
            s.record(Err("disk full".into()), t, 3),
            Some("disk full".into())
        );
        assert_eq!(s.record(Err("disk full".into()), t, 3), None);
        assert!(s.due(t + RETRY_EVERY));
        assert_eq!(s.record(Ok(PathBuf::from("a.yaml")), t, 4), None);
        assert_eq!((s.notes_saved, s.error.clone()), (4, None));
        assert!(!s.due(t + RETRY_EVERY));
    }
}
