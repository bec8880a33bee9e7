//! What a group left open in earlier sessions: action items not yet done and
//! the deltas of the last meeting, shown when the next meeting is set up.

use std::path::Path;

use chrono::NaiveDate;

use super::Status;
use super::read::read_file;

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
}

/// How many of the group's latest sessions are read for open items.
const LOOK_BACK: usize = 24;

/// Open items of `group` from the records in `dir`, newest first. Damaged
/// records are skipped: the setup screen must open whatever the folder holds.
pub fn open_items(dir: &Path, group: &str) -> Vec<OpenItem> {
    let marker = format!("_{group}_");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
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
    let mut items: Vec<OpenItem> = Vec::new();
    let mut deltas_taken = false;
    for path in files.into_iter().take(LOOK_BACK) {
        let Ok(rec) = read_file(&path) else {
            continue;
        };
        if rec.speed > 1 || rec.group.as_ref().is_none_or(|g| g.id != group) {
            continue;
        }
        let from = rec.started_at.date_naive();
        for a in rec.actions.iter().filter(|a| !a.done) {
            if !items
                .iter()
                .any(|i| i.kind == OpenKind::Action && i.text == a.text)
            {
                items.push(OpenItem {
                    kind: OpenKind::Action,
                    text: a.text.clone(),
                    owner: a.owner.clone(),
                    due: a.due,
                    from,
                });
            }
        }
        if !deltas_taken && rec.status != Status::InProgress {
            deltas_taken = true;
            items.extend(rec.delta.iter().map(|d| OpenItem {
                kind: OpenKind::Delta,
                text: d.text.clone(),
                owner: d.owner.clone(),
                due: None,
                from,
            }));
        }
    }
    items
}
