//! A past session's action items in the browser: listed as they stand now
//! (every later change applied), selected with Tab, changed with Ctrl-D and
//! Ctrl-E. The changes of one sitting go to one follow-up record: the first
//! change creates it, later ones replace that same file.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Offset, Utc};
use ratatui::crossterm::event::KeyEvent;

use crate::meeting::session::{ActionChange, GroupRef};
use crate::record::SessionRecord;
use crate::record::actions::{self, TrackedItem, Written};
use crate::record::followup::FollowUp;
use crate::record::index::SessionIndex;
use crate::tui::keymap::{self, DetailAction, LOGS_DETAIL};
use crate::tui::outcome::{Effects, FollowUpSave, Outcome};
use crate::tui::screens::action_item::{self, ActionDialog, DialogOutcome};

use super::{LogsBrowser, LogsOutcome};

/// What this sitting of the browser changed, and where it keeps it.
#[derive(Debug, Clone, Default)]
pub struct Sitting {
    /// The follow-up records read when the browser opened, by file stem.
    pub follow_ups: Vec<(String, FollowUp)>,
    /// Changes made in this sitting, one per item and field.
    pub changes: Vec<ActionChange>,
    /// This sitting's follow-up record, once a change named one.
    pub path: Option<PathBuf>,
    /// The file at `path` was written at least once.
    pub written: bool,
    /// The local time of the key being handled (set by the app).
    pub at: Option<DateTime<FixedOffset>>,
}

impl Sitting {
    fn now(&self) -> DateTime<FixedOffset> {
        self.at
            .unwrap_or_else(|| DateTime::<Utc>::UNIX_EPOCH.with_timezone(&Utc.fix()))
    }
}

/// The detail's action items: as they stand, which is selected, the dialog.
#[derive(Default)]
pub struct DetailItems {
    pub items: Vec<TrackedItem>,
    pub selected: Option<usize>,
    /// Names to hand an item to: the meeting's members and guests.
    pub roster: Vec<String>,
    pub dialog: Option<ActionDialog>,
}

/// The action items of `rec` (the session `id`) with every change applied:
/// those in the index's records (rehearsals' only with `rehearsals`, as
/// `plg actions` does), the follow-ups read, and this sitting's.
pub fn items_of(
    index: &SessionIndex,
    sitting: &Sitting,
    rehearsals: bool,
    id: &str,
    rec: &SessionRecord,
) -> DetailItems {
    let written = Written {
        session: id,
        day: rec.started_at.date_naive(),
        group: rec.group.as_ref().map(|g| g.id.as_str()),
        actions: &rec.actions,
    };
    let changes = index
        .sessions
        .iter()
        .filter(|s| rehearsals || !s.summary.is_rehearsal())
        .flat_map(|s| s.summary.action_changes.iter().map(|c| (s.id.as_str(), c)))
        .chain(
            sitting
                .follow_ups
                .iter()
                // This sitting's file is read back as `changes` below.
                .filter(|(fid, _)| {
                    sitting
                        .path
                        .as_ref()
                        .and_then(|p| p.file_stem())
                        .is_none_or(|stem| stem.to_str() != Some(fid.as_str()))
                })
                .flat_map(|(fid, f)| f.action_changes.iter().map(|c| (fid.as_str(), c))),
        )
        .chain(sitting.changes.iter().map(|c| ("this sitting", c)));
    let (items, _) = actions::combine([written], changes);
    let a = &rec.attendance;
    DetailItems {
        selected: None,
        roster: action_item::roster(
            a.present
                .iter()
                .chain(&a.absent)
                .chain(&a.guests)
                .map(String::as_str),
        ),
        items,
        dialog: None,
    }
}

/// The detail's keys for action items; `None` when the key is not one.
pub(super) fn key(b: &mut LogsBrowser, key: KeyEvent) -> Option<LogsOutcome> {
    let d = b.detail.as_mut()?;
    let at = b.sitting.now();
    if let Some(dialog) = d.items.dialog.as_mut() {
        return Some(match dialog.key(key, at.date_naive()) {
            DialogOutcome::Used => Outcome::default(),
            DialogOutcome::Cancel => {
                d.items.dialog = None;
                Outcome::default()
            }
            DialogOutcome::Save(e) => {
                d.items.dialog = None;
                let Some(item) = d.items.selected.and_then(|i| d.items.items.get_mut(i)) else {
                    return Some(Outcome::default());
                };
                if action_item::save(item, &mut b.sitting.changes, &e, at) == 0 {
                    return Some(Outcome::flash("Nothing changed"));
                }
                let said = action_item::said_changed(item);
                write(b, said)
            }
        });
    }
    let action = keymap::lookup(LOGS_DETAIL, &key)?;
    let n = d.items.items.len();
    let none = "This session wrote no action items";
    match action {
        DetailAction::NextItem | DetailAction::PreviousItem if n == 0 => Some(Outcome::flash(none)),
        DetailAction::NextItem => {
            d.items.selected = Some(d.items.selected.map_or(0, |i| (i + 1) % n));
            Some(Outcome::default())
        }
        DetailAction::PreviousItem => {
            d.items.selected = Some(d.items.selected.map_or(n - 1, |i| (i + n - 1) % n));
            Some(Outcome::default())
        }
        DetailAction::Done | DetailAction::Change => {
            let Some(i) = d.items.selected.filter(|i| *i < n) else {
                return Some(Outcome::flash(if n == 0 {
                    none
                } else {
                    "Tab selects an action item first"
                }));
            };
            if action == DetailAction::Change {
                let dialog = ActionDialog::new(&d.items.items[i], d.items.roster.clone());
                d.items.dialog = Some(dialog);
                return Some(Outcome::default());
            }
            let item = &mut d.items.items[i];
            action_item::toggle_done(item, &mut b.sitting.changes, at);
            let said = action_item::said(item);
            Some(write(b, said))
        }
        _ => None,
    }
}

/// Asks the shell to write this sitting's follow-up record, all of its
/// changes (a change taken back leaves it with fewer).
fn write(b: &mut LogsBrowser, said: String) -> LogsOutcome {
    let at = b.sitting.now();
    let group: Option<GroupRef> =
        b.group
            .and_then(|g| b.groups.get(g))
            .map(|(id, name)| GroupRef {
                id: id.clone(),
                name: name.clone(),
                focus: None,
            });
    let record = FollowUp {
        saved_at: at,
        group,
        action_changes: b.sitting.changes.clone(),
    };
    let mut out = Outcome::effects(Effects {
        follow_up: Some(FollowUpSave {
            path: b.sitting.path.clone(),
            sessions_dir: b.index.dir.clone(),
            record,
        }),
        ..Effects::default()
    });
    out.flash = Some(said);
    out
}

/// The shell wrote (or could not write) the follow-up record.
pub(super) fn saved(b: &mut LogsBrowser, result: &Result<PathBuf, String>) -> Option<String> {
    match result {
        Ok(path) => {
            b.sitting.written = true;
            b.sitting.path = Some(path.clone());
            None
        }
        Err(e) => {
            // Never created: the next change names the file afresh.
            Some(format!("Follow-up not saved: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::meeting::session::ActionItem;
    use crate::record::index::LoadStats;
    use crate::tui::screens::logs::{Detail, DetailState};
    use chrono::NaiveDate;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn browser() -> LogsBrowser {
        let mut b = LogsBrowser::new(SessionIndex {
            dir: PathBuf::from("/nonexistent-plg-home/sessions"),
            sessions: Vec::new(),
            damaged: Vec::new(),
            stats: LoadStats::default(),
        });
        let item = ActionItem {
            text: "Book the library".into(),
            owner: None,
            due: None,
            done: false,
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        b.detail = Some(Detail {
            session: 0,
            state: DetailState::Loading,
            scroll: 0,
            items: DetailItems {
                items: vec![TrackedItem::written(
                    "2026-11-10T1530_math9_tuning",
                    0,
                    day,
                    Some("math9"),
                    &item,
                )],
                ..DetailItems::default()
            },
        });
        b.sitting.at = Some(DateTime::parse_from_rfc3339("2026-11-20T09:00:00-05:00").unwrap());
        b
    }

    fn ctrl_d(b: &mut LogsBrowser) -> Option<FollowUpSave> {
        let ev = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        key(b, ev).and_then(|o| o.effects.follow_up)
    }

    #[test]
    fn one_file_per_sitting_and_a_file_never_written_is_named_afresh() {
        let mut b = browser();
        // Nothing selected yet: Ctrl-D says to select first and writes nothing.
        assert!(ctrl_d(&mut b).is_none());
        key(&mut b, KeyEvent::from(KeyCode::Tab));
        let first = ctrl_d(&mut b).unwrap();
        assert_eq!(first.record.action_changes.len(), 1);
        assert_eq!(first.record.saved_at, b.sitting.at.unwrap());
        // The disk refused the first file: the next change names its own.
        assert!(saved(&mut b, &Err("disk full".into())).is_some());
        assert_eq!(b.sitting.path, None);
        let second = ctrl_d(&mut b).unwrap();
        assert!(
            second.record.action_changes.is_empty(),
            "done then open again in one sitting: nothing to keep"
        );
        assert_eq!(second.path, None, "named afresh");
        let written = std::path::PathBuf::from("/plg/sessions/follow-ups/a.yaml");
        assert!(saved(&mut b, &Ok(written.clone())).is_none());
        // Once written, a failed replace keeps the same file for the next try.
        let third = ctrl_d(&mut b).unwrap();
        assert_eq!(third.path.as_ref(), Some(&written));
        saved(&mut b, &Err("disk full".into()));
        assert_eq!(b.sitting.path.as_ref(), Some(&written));
    }
}
