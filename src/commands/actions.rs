//! `plg actions`: the action items of every meeting, newest meeting first,
//! as they stand now: as written, with every change a later meeting or a
//! follow-up made applied (see [`crate::record::actions`]). Read from the
//! sessions index, so it stays fast over years of records.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ActionsArgs;
use crate::record::SessionRecord;
use crate::record::actions::{TrackedItem, Unmatched, tracked_items};
use crate::record::followup::{self, FollowUp};
use crate::record::index::{IndexedSession, SessionIndex};
use crate::review::Filter;
use crate::review::actions::ItemStates;
use crate::term_text::one_line;

use super::logs::{load_index, warn_damaged};
use super::{CommandError, CommandResult, Ctx, write_json, write_table};

/// One action item as `plg actions --json` prints it. Every key is always
/// there (`null` when the record has no value), in this order; documented
/// in docs/reviewing.md.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ActionRow<'a> {
    /// The session's ID (its file name without `.yaml`).
    pub session: &'a str,
    /// The item's position in that record's `actions`, from 0: what a
    /// change to it names.
    pub index: usize,
    /// The meeting's day, `YYYY-MM-DD`, in the record's own time zone.
    pub date: String,
    /// When the meeting started, RFC 3339 with its offset.
    pub started_at: String,
    pub group: Option<&'a str>,
    pub group_name: Option<&'a str>,
    pub protocol: &'a str,
    pub text: &'a str,
    /// As it stands now.
    pub owner: Option<&'a str>,
    /// `YYYY-MM-DD`, as it stands now.
    pub due: Option<String>,
    /// `open`, `done` or `dropped`, as it stands now.
    pub state: &'static str,
    /// `state` is `done` (kept for readers written before `state`).
    pub done: bool,
    /// The meeting was a rehearsal (listed only with `--rehearsals`).
    pub rehearsal: bool,
    /// Every change made since it was written, oldest first.
    pub changes: Vec<ChangeRow<'a>>,
}

/// One change to an action item, in `plg actions --json`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ChangeRow<'a> {
    /// RFC 3339 with its offset.
    pub at: String,
    /// The ID of the session record or follow-up record that holds it.
    pub source: &'a str,
    /// `state`, `owner` or `due`.
    pub field: &'static str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

/// The rows for `items` (newest meeting first, as [`tracked_items`] gives
/// them) whose meeting is in `sessions`; only open ones with `open`.
pub fn rows<'a>(
    items: &'a [TrackedItem],
    sessions: &HashMap<&str, &'a IndexedSession>,
    open: bool,
) -> Vec<ActionRow<'a>> {
    items
        .iter()
        .filter(|t| !open || t.is_open())
        .filter_map(|t| {
            let s = sessions.get(t.session.as_str())?;
            let sum = &s.summary;
            Some(ActionRow {
                session: &s.id,
                index: t.index,
                date: sum.started_at.format("%Y-%m-%d").to_string(),
                started_at: sum.started_at.to_rfc3339(),
                group: sum.group.as_ref().map(|g| g.id.as_str()),
                group_name: sum.group.as_ref().map(|g| g.name.as_str()),
                protocol: &sum.protocol_id,
                text: &t.text,
                owner: t.owner.as_deref(),
                due: t.due.map(|d| d.to_string()),
                state: t.state.label(),
                done: t.state == crate::meeting::session::ItemState::Done,
                rehearsal: sum.is_rehearsal(),
                changes: t
                    .history
                    .iter()
                    .map(|c| ChangeRow {
                        at: c.change.at.to_rfc3339(),
                        source: &c.source,
                        field: c.change.field.label(),
                        from: c.change.from.as_deref(),
                        to: c.change.to.as_deref(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The follow-ups of the index's folder, with a warning for each one
/// that could not be read.
pub fn load_followups(
    index: &SessionIndex,
    err: &mut dyn Write,
) -> std::io::Result<Vec<(String, FollowUp)>> {
    let (read, damaged) = followup::read_all(&index.dir);
    warn_damaged(&damaged, err)?;
    Ok(read)
}

/// `warning: …` for changes that found no item, except where the reason
/// is already plain: the item's record is damaged (warned about already)
/// or a rehearsal left out.
pub fn warn_unmatched(
    index: &SessionIndex,
    unmatched: &Unmatched,
    err: &mut dyn Write,
) -> std::io::Result<()> {
    for (source, c) in unmatched {
        if index.damaged.iter().any(|d| d.id == c.session) {
            continue;
        }
        let why = match index.get(&c.session) {
            Some(s) if s.summary.is_rehearsal() => continue,
            Some(_) => "that record has no such item",
            None => "there is no such record",
        };
        writeln!(
            err,
            "warning: {}: a change to action item {} (\"{}\") of {} is left out: {why}",
            one_line(source),
            c.item,
            one_line(&c.text),
            one_line(&c.session),
        )?;
    }
    Ok(())
}

/// How the action items of `records` stand now, from the sessions index
/// and the follow-ups, for `plg logs show` and exports. As written (empty)
/// when none of them has items or the folder cannot be indexed: showing
/// the record matters more than the later changes. Rehearsals' changes
/// count only when one of `records` is a rehearsal.
pub(crate) fn item_states<'a>(
    ctx: &Ctx,
    records: impl IntoIterator<Item = &'a SessionRecord>,
) -> ItemStates {
    let records: Vec<&SessionRecord> = records.into_iter().collect();
    if records.iter().all(|r| r.actions.is_empty()) {
        return ItemStates::default();
    }
    let Ok(index) = load_index(ctx) else {
        return ItemStates::default();
    };
    let (followups, _) = followup::read_all(&index.dir);
    let rehearsals = records.iter().any(|r| r.speed > 1);
    ItemStates::new(tracked_items(&index, &followups, rehearsals).0)
}

pub fn run(
    ctx: &Ctx,
    args: &ActionsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let index = load_index(ctx)?;
    warn_damaged(&index.damaged, err)?;
    let followups = load_followups(&index, err)?;
    let (items, unmatched) = tracked_items(&index, &followups, args.rehearsals);
    warn_unmatched(&index, &unmatched, err)?;
    let filter = Filter {
        group: args.group.clone(),
        protocol: None,
        since: None,
        rehearsals: args.rehearsals,
    };
    let chosen: HashMap<&str, &IndexedSession> = index
        .sessions
        .iter()
        .filter(|s| filter.matches(&s.summary))
        .map(|s| (s.id.as_str(), s))
        .collect();
    if chosen.is_empty()
        && let Some(group) = &args.group
    {
        return Err(CommandError::Failed(format!(
            "no sessions of group `{group}`"
        )));
    }
    let rows = rows(&items, &chosen, args.open);
    if args.json {
        return write_json(out, &rows);
    }
    if rows.is_empty() {
        let what = if index.sessions.is_empty() {
            format!("No sessions yet in {}.", index.dir.display())
        } else if args.open {
            "No open action items.".to_string()
        } else {
            "No action items.".to_string()
        };
        writeln!(out, "{what}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.date.clone(),
                r.group.unwrap_or("—").to_string(),
                r.state.to_string(),
                r.due.clone().unwrap_or_else(|| "—".into()),
                r.owner.unwrap_or("—").to_string(),
                if r.rehearsal {
                    format!("{} (rehearsal)", r.text)
                } else {
                    r.text.to_string()
                },
            ]
        })
        .collect();
    write_table(
        out,
        &["MEETING", "GROUP", "STATUS", "DUE", "OWNER", "ACTION"],
        &table,
    )?;
    Ok(ExitCode::SUCCESS)
}
