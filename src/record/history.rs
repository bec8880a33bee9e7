//! What a group's earlier sessions tell the next one, shown when it is set
//! up: action items still open (as written, with every later change
//! applied: see [`super::actions`]), the deltas of the last meeting, and who
//! has presented this school year (presenters rotate).

use std::path::Path;

use chrono::NaiveDate;

use super::Status;
use super::actions::{TrackedItem, Written, combine};
use super::format::SessionRecord;
use super::read::read_file;
use crate::meeting::session::ActionChange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenKind {
    Action,
    Delta,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    pub kind: OpenKind,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// The date of the session it came from.
    pub from: NaiveDate,
    /// An action item as it stands now, with where it was written, to
    /// build a change from ([`TrackedItem::change`]); `None` for a delta.
    pub tracked: Option<TrackedItem>,
}

/// What the setup screen shows from a group's earlier sessions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupHistory {
    /// Open items, newest first.
    pub open: Vec<OpenItem>,
    /// Who presented since the school year began, and when they last did,
    /// longest ago first.
    pub presented: Vec<(String, NaiveDate)>,
}

/// Who is due to present: the members of `roster`, in its order, who have
/// not presented this school year (`presented` holds those who have).
pub fn not_yet_presented<'a>(
    roster: impl IntoIterator<Item = &'a str>,
    presented: &[(String, NaiveDate)],
) -> Vec<&'a str> {
    roster
        .into_iter()
        .filter(|m| !presented.iter().any(|(p, _)| p == m))
        .collect()
}

/// How many of the group's latest sessions are read for open items.
const LOOK_BACK: usize = 24;
/// At most this many sessions (rehearsals included) are read for this
/// year's presenters: a group meeting weekly has about 40 a year.
const YEAR_AT_MOST: usize = 120;

/// The history of `group` from the records in `dir`. Damaged records are
/// skipped: the setup screen must open whatever the folder holds.
pub fn group_history(dir: &Path, group: &str, year_start: NaiveDate) -> GroupHistory {
    let marker = format!("_{group}_");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return GroupHistory::default();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| !n.starts_with('.') && n.contains(&marker))
        })
        .collect();
    // File names start with the date and time, so this is newest first.
    files.sort();
    files.reverse();
    let mut deltas: Vec<OpenItem> = Vec::new();
    // The records whose action items are shown, newest first.
    let mut recent: Vec<(String, SessionRecord)> = Vec::new();
    let mut presented: Vec<(String, NaiveDate)> = Vec::new();
    let mut deltas_taken = false;
    // Which of `recent` the deltas came from: they are listed after its actions.
    let mut deltas_after = 0;
    for (i, path) in files.into_iter().take(YEAR_AT_MOST).enumerate() {
        // Names start with the date: older sessions need no reading once
        // the open items are gathered.
        let named_day = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.get(..10))
            .and_then(|d| d.parse::<NaiveDate>().ok());
        if i >= LOOK_BACK && named_day.is_some_and(|d| d < year_start) {
            break;
        }
        let Ok(rec) = read_file(&path) else {
            continue;
        };
        if rec.speed > 1 || rec.group.as_ref().is_none_or(|g| g.id != group) {
            continue;
        }
        let from = rec.started_at.date_naive();
        // As in the report: a meeting still in progress has not happened yet.
        // Everyone who presented counts: the presenter, and each person who
        // held a round of a `presents: true` phase (Success Analysis).
        if from >= year_start && rec.status != Status::InProgress {
            // Reversed, as the whole list is at the end: within one
            // meeting, people stay in the order they presented.
            for p in rec.presenters().into_iter().rev() {
                if !presented.iter().any(|(name, _)| name == p) {
                    presented.push((p.to_string(), from));
                }
            }
        }
        if i >= LOOK_BACK {
            continue;
        }
        if !deltas_taken && rec.status != Status::InProgress {
            deltas_taken = true;
            deltas_after = recent.len();
            deltas.extend(rec.delta.iter().map(|d| OpenItem {
                kind: OpenKind::Delta,
                text: d.text.clone(),
                owner: d.owner.clone(),
                due: None,
                from,
                tracked: None,
            }));
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        recent.push((id, rec));
    }
    presented.reverse();
    let (followups, _) = super::followup::read_all(dir);
    let actions = open_actions(&recent, &followups);
    let mut open: Vec<OpenItem> = Vec::with_capacity(actions.len() + deltas.len());
    // Newest meeting first; within a meeting, its actions, then its deltas.
    for (i, (id, _)) in recent.iter().enumerate() {
        open.extend(
            actions
                .iter()
                .filter(|a| a.tracked.as_ref().is_some_and(|t| &t.session == id))
                .cloned(),
        );
        if i == deltas_after {
            open.append(&mut deltas);
        }
    }
    GroupHistory { open, presented }
}

/// The action items of `recent` (newest first) still open once every
/// change is applied, newest first; of items with the same text, the
/// newest. A change to an item older than `recent` cannot be shown here
/// and is passed over, as is one to an item of a rehearsal.
fn open_actions(
    recent: &[(String, SessionRecord)],
    followups: &[(String, super::followup::FollowUp)],
) -> Vec<OpenItem> {
    let written = recent.iter().map(|(id, rec)| Written {
        session: id,
        day: rec.started_at.date_naive(),
        group: rec.group.as_ref().map(|g| g.id.as_str()),
        actions: &rec.actions,
    });
    let changes = recent
        .iter()
        .flat_map(|(id, rec)| rec.action_changes.iter().map(move |c| (id.as_str(), c)))
        .chain(followups.iter().flat_map(|(id, f)| {
            f.action_changes
                .iter()
                .map(move |c: &ActionChange| (id.as_str(), c))
        }));
    let (tracked, _unmatched) = combine(written, changes);
    let mut items: Vec<OpenItem> = Vec::new();
    for t in tracked.into_iter().filter(TrackedItem::is_open) {
        if items.iter().any(|i| i.text == t.text) {
            continue;
        }
        items.push(OpenItem {
            kind: OpenKind::Action,
            text: t.text.clone(),
            owner: t.owner.clone(),
            due: t.due,
            from: t.written,
            tracked: Some(t),
        });
    }
    items
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn members_who_have_not_presented_come_in_roster_order() {
        let day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let presented = vec![("Ben".to_string(), day), ("Visitor".to_string(), day)];
        let roster = ["Ana", "Ben", "Chen"];
        assert_eq!(not_yet_presented(roster, &presented), vec!["Ana", "Chen"]);
        assert!(not_yet_presented(["Ben"], &presented).is_empty());
        assert_eq!(not_yet_presented(roster, &[]), roster.to_vec());
    }

    #[test]
    fn everyone_who_held_a_presenting_round_counts_as_having_presented() {
        let v2 = include_str!("../../tests/fixtures/sessions/2026-10-06T1530_math9_tuning-v2.yaml");
        let dir = tempfile::tempdir().unwrap();
        let v3 = v2.replace("version: 2\n", "version: 3\n").replace(
            "protocol_id: tuning",
            "presented: [Ben Okafor, Dana Wright, Eve Sample]\nprotocol_id: tuning",
        );
        std::fs::write(dir.path().join("2026-10-06T1530_math9_success.yaml"), v3).unwrap();
        std::fs::write(dir.path().join("2026-10-01T1530_math9_tuning.yaml"), v2).unwrap();
        let year = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        let h = group_history(dir.path(), "math9", year);
        let names: Vec<&str> = h.presented.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        for n in ["Ben Okafor", "Dana Wright", "Eve Sample"] {
            assert!(names.contains(&n), "{n} in {names:?}");
        }
        assert_eq!(
            not_yet_presented(["Ana Ruiz", "Dana Wright", "Chen Li"], &h.presented),
            ["Ana Ruiz", "Chen Li"]
        );
    }
}
