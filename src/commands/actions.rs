//! `plg actions`: the action items of every meeting, newest meeting first,
//! from the sessions index (so it stays fast over years of records).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::ActionsArgs;
use crate::record::index::IndexedSession;
use crate::review::Filter;

use super::logs::{load_index, warn_damaged};
use super::{CommandError, CommandResult, Ctx, write_table};

/// One action item as `plg actions --json` prints it. Every key is always
/// there (`null` when the record has no value), in this order; documented
/// in docs/reviewing.md.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ActionRow<'a> {
    /// The session's ID (its file name without `.yaml`).
    pub session: &'a str,
    /// The meeting's day, `YYYY-MM-DD`, in the record's own time zone.
    pub date: String,
    /// When the meeting started, RFC 3339 with its offset.
    pub started_at: String,
    pub group: Option<&'a str>,
    pub group_name: Option<&'a str>,
    pub protocol: &'a str,
    pub text: &'a str,
    pub owner: Option<&'a str>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    pub done: bool,
    /// The meeting was a rehearsal (listed only with `--rehearsals`).
    pub rehearsal: bool,
}

/// The action items of `sessions` (newest first, as the index keeps them),
/// each meeting's in the order the group wrote them; only open ones with `open`.
pub fn rows<'a>(sessions: &[&'a IndexedSession], open: bool) -> Vec<ActionRow<'a>> {
    sessions
        .iter()
        .flat_map(|s| {
            let sum = &s.summary;
            sum.actions
                .iter()
                .filter(move |a| !(open && a.done))
                .map(move |a| ActionRow {
                    session: &s.id,
                    date: sum.started_at.format("%Y-%m-%d").to_string(),
                    started_at: sum.started_at.to_rfc3339(),
                    group: sum.group.as_ref().map(|g| g.id.as_str()),
                    group_name: sum.group.as_ref().map(|g| g.name.as_str()),
                    protocol: &sum.protocol_id,
                    text: &a.text,
                    owner: a.owner.as_deref(),
                    due: a.due.map(|d| d.to_string()),
                    done: a.done,
                    rehearsal: sum.is_rehearsal(),
                })
        })
        .collect()
}

pub fn run(
    ctx: &Ctx,
    args: &ActionsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let index = load_index(ctx)?;
    warn_damaged(&index.damaged, err)?;
    let filter = Filter {
        group: args.group.clone(),
        protocol: None,
        since: None,
        rehearsals: args.rehearsals,
    };
    let chosen: Vec<&IndexedSession> = index
        .sessions
        .iter()
        .filter(|s| filter.matches(&s.summary))
        .collect();
    if chosen.is_empty()
        && let Some(group) = &args.group
    {
        return Err(CommandError::Failed(format!(
            "no sessions of group `{group}`"
        )));
    }
    let rows = rows(&chosen, args.open);
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &rows)
            .map_err(|e| CommandError::Failed(e.to_string()))?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
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
                if r.done { "done" } else { "open" }.to_string(),
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
