//! Action items as they stand now.
//!
//! An item is written once, in the record of the meeting that agreed on
//! it, and that record is never rewritten. A later meeting (or a follow-up
//! made from the logs browser) that closes, drops, reopens, hands on or
//! re-dates it keeps an [`ActionChange`] in its own file. Every reader
//! combines the two here: the items as written, with every change applied
//! in the time order of `at`, whichever file holds it.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::followup::FollowUp;
use super::index::SessionIndex;
use crate::meeting::session::{ActionChange, ActionField, ActionItem, ItemState};

/// An action item as it stands now: as written, with every later change
/// applied in time order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedItem {
    /// The ID of the record it was written in.
    pub session: String,
    /// Its position in that record's `actions`.
    pub index: usize,
    /// The day of that meeting.
    pub written: NaiveDate,
    /// That meeting's group id.
    pub group: Option<String>,
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// From `done` as written, then changes.
    pub state: ItemState,
    /// Each change applied, oldest first.
    pub history: Vec<AppliedChange>,
}

/// A change found in a file and applied to an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedChange {
    /// The ID of the session record or follow-up record that holds the change.
    pub source: String,
    pub change: ActionChange,
}

/// The text a change stores for a due date.
pub fn due_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A due date as a change stores it; `None` when it is not `YYYY-MM-DD`.
pub fn parse_due(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A name as a change stores it: trimmed, and none when blank.
fn owner_value(s: Option<String>) -> Option<String> {
    s.map(|o| o.trim().to_string()).filter(|o| !o.is_empty())
}

impl TrackedItem {
    /// The item as written, before any change.
    pub fn written(
        session: &str,
        index: usize,
        day: NaiveDate,
        group: Option<&str>,
        item: &ActionItem,
    ) -> TrackedItem {
        TrackedItem {
            session: session.to_string(),
            index,
            written: day,
            group: group.map(str::to_string),
            text: item.text.clone(),
            owner: item.owner.clone(),
            due: item.due,
            state: if item.done {
                ItemState::Done
            } else {
                ItemState::Open
            },
            history: Vec::new(),
        }
    }

    /// The current value of `field`, as a change stores it.
    pub fn value(&self, field: ActionField) -> Option<String> {
        match field {
            ActionField::State => Some(self.state.label().to_string()),
            ActionField::Owner => self.owner.clone(),
            ActionField::Due => self.due.map(due_text),
        }
    }

    /// The change that sets `field` to `to` at `at`, or None when it
    /// already has that value. A blank owner is none; a due date is
    /// written `YYYY-MM-DD`; a state `open`, `done` or `dropped` (a state
    /// or date that does not read as one gives None: nothing to change to).
    pub fn change(
        &self,
        field: ActionField,
        to: Option<String>,
        at: DateTime<FixedOffset>,
    ) -> Option<ActionChange> {
        let to = match field {
            ActionField::State => Some(ItemState::parse(to?.trim())?.label().to_string()),
            ActionField::Owner => owner_value(to),
            ActionField::Due => match to {
                Some(d) => Some(due_text(parse_due(&d)?)),
                None => None,
            },
        };
        let from = self.value(field);
        if from == to {
            return None;
        }
        Some(ActionChange {
            at,
            session: self.session.clone(),
            item: self.index,
            text: self.text.clone(),
            field,
            from,
            to,
        })
    }

    /// Applies one change to the current values (used by [`combine`], and
    /// by screens to show a change at once). `history` is left alone: it
    /// lists changes found in files, with the file that holds each. A state
    /// or date that does not read is ignored (the record reader refuses
    /// such a file before it gets here).
    pub fn apply(&mut self, change: &ActionChange) {
        match change.field {
            ActionField::State => {
                if let Some(s) = change.to.as_deref().and_then(ItemState::parse) {
                    self.state = s;
                }
            }
            ActionField::Owner => self.owner = owner_value(change.to.clone()),
            ActionField::Due => match change.to.as_deref() {
                None => self.due = None,
                Some(d) => {
                    if let Some(d) = parse_due(d) {
                        self.due = Some(d);
                    }
                }
            },
        }
    }

    /// Applies a change found in the file `source` and keeps it in `history`.
    pub fn apply_from(&mut self, source: &str, change: &ActionChange) {
        self.apply(change);
        self.history.push(AppliedChange {
            source: source.to_string(),
            change: change.clone(),
        });
    }

    /// Still to do: neither done nor dropped.
    pub fn is_open(&self) -> bool {
        self.state == ItemState::Open
    }

    /// The latest change to `field`, if any was made after the item was written.
    pub fn last_change(&self, field: ActionField) -> Option<&AppliedChange> {
        self.history.iter().rev().find(|c| c.change.field == field)
    }

    /// A short note on how the item came to its state, for reviews:
    /// `done 2026-12-11 (in 2026-12-11T1530_math9_tuning)`; `None` while it
    /// stands as written.
    pub fn state_note(&self) -> Option<String> {
        let last = self.last_change(ActionField::State)?;
        Some(format!(
            "{} {} (in {})",
            self.state.label(),
            last.change.at.format("%Y-%m-%d"),
            last.source
        ))
    }
}

/// The action items of one readable record.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    /// The record's ID (its file stem).
    pub session: &'a str,
    /// The day the meeting was held.
    pub day: NaiveDate,
    pub group: Option<&'a str>,
    pub actions: &'a [ActionItem],
}

/// Every action item of `written` with every change in `changes` applied,
/// in time order of `at` (changes at the same moment in order of the file
/// that holds them, then as given).
///
/// A change finds its item by (session, item); if the text at that
/// position differs, by the first item of that session with the same text;
/// otherwise it is unmatched and returned in the second vec, so readers can
/// warn. A change to an item of a record not in `written` (a rehearsal left
/// out, a damaged file, a deleted one) is unmatched too.
pub fn combine<'a>(
    written: impl IntoIterator<Item = Written<'a>>,
    changes: impl IntoIterator<Item = (&'a str, &'a ActionChange)>,
) -> (Vec<TrackedItem>, Vec<(String, ActionChange)>) {
    let mut items: Vec<TrackedItem> = Vec::new();
    // Where each session's items start in `items`, and how many it has.
    let mut sessions: HashMap<&'a str, (usize, usize)> = HashMap::new();
    for w in written {
        if sessions.contains_key(w.session) {
            continue;
        }
        sessions.insert(w.session, (items.len(), w.actions.len()));
        items.extend(
            w.actions
                .iter()
                .enumerate()
                .map(|(i, a)| TrackedItem::written(w.session, i, w.day, w.group, a)),
        );
    }
    let mut changes: Vec<(&'a str, &'a ActionChange)> = changes.into_iter().collect();
    changes.sort_by(|a, b| a.1.at.cmp(&b.1.at).then_with(|| a.0.cmp(b.0)));
    let mut unmatched = Vec::new();
    for (source, change) in changes {
        let found = sessions
            .get(change.session.as_str())
            .and_then(|&(start, n)| {
                let own = items.get(start..start + n)?;
                if own.get(change.item).is_some_and(|t| t.text == change.text) {
                    Some(start + change.item)
                } else {
                    own.iter()
                        .position(|t| t.text == change.text)
                        .map(|i| start + i)
                }
            });
        match found.and_then(|i| items.get_mut(i)) {
            Some(item) => item.apply_from(source, change),
            None => unmatched.push((source.to_string(), change.clone())),
        }
    }
    (items, unmatched)
}

/// Changes that found no item, each with the ID of the file that holds it.
pub type Unmatched = Vec<(String, ActionChange)>;

/// Every action item of the readable records in `index`, as it stands
/// with the changes in those records and in `followups` applied; newest
/// record first, then in each record's order. Rehearsals' items and
/// changes are left out unless `include_rehearsals`: a change made while
/// rehearsing never closes a real meeting's item. Damaged records are not
/// in the index's sessions, so changes to their items come back unmatched.
pub fn tracked_items(
    index: &SessionIndex,
    followups: &[(String, FollowUp)],
    include_rehearsals: bool,
) -> (Vec<TrackedItem>, Unmatched) {
    let sessions = || {
        index
            .sessions
            .iter()
            .filter(move |s| include_rehearsals || !s.summary.is_rehearsal())
    };
    let written = sessions().map(|s| Written {
        session: &s.id,
        day: s.summary.started_at.date_naive(),
        group: s.summary.group_id(),
        actions: &s.summary.actions,
    });
    let changes = sessions()
        .flat_map(|s| s.summary.action_changes.iter().map(|c| (s.id.as_str(), c)))
        .chain(
            followups
                .iter()
                .flat_map(|(id, f)| f.action_changes.iter().map(|c| (id.as_str(), c))),
        );
    combine(written, changes)
}

#[cfg(test)]
mod tests;
