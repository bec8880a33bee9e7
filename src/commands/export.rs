//! `plg export`: one session, several, or a group's, to stdout or a file.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::cli::{ExportArgs, ExportFormat};
use crate::files::{self, Access};
use crate::record::index::record_files;
use crate::review::export::{CsvTable, Exported, render};
use crate::review::{Filter, resolve_id};

use super::logs::{load_index, read_record, warn_damaged};
use super::{CommandError, CommandResult, Ctx};

pub fn run(
    ctx: &Ctx,
    args: &ExportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let table = csv_table(args)?;
    let sessions = select(ctx, args, err)?;
    let states = super::actions::item_states(ctx, sessions.iter().map(|s| &s.record));
    let text = render(&sessions, args.format.into(), table, &states)
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    match &args.output {
        Some(path) => {
            write_output(path, text.as_bytes(), args.force)?;
            writeln!(
                err,
                "wrote {} session{} to {}",
                sessions.len(),
                if sessions.len() == 1 { "" } else { "s" },
                path.display()
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The CSV table asked for: `--table`, or `--attendance` (kept from before
/// `--table` existed), else notes. A table with another format is a
/// mistake worth saying, not something to ignore.
fn csv_table(args: &ExportArgs) -> Result<CsvTable, CommandError> {
    let table = match (args.table, args.attendance) {
        (Some(t), _) => Some(t.into()),
        (None, true) => Some(CsvTable::Attendance),
        (None, false) => None,
    };
    match table {
        Some(_) if args.format != ExportFormat::Csv => Err(CommandError::Usage(format!(
            "{} picks a CSV table; add --format csv",
            if args.table.is_some() {
                "--table"
            } else {
                "--attendance"
            }
        ))),
        t => Ok(t.unwrap_or_default()),
    }
}

/// The sessions named by ID, or the group's sessions oldest first.
fn select(
    ctx: &Ctx,
    args: &ExportArgs,
    err: &mut dyn Write,
) -> Result<Vec<Exported>, CommandError> {
    if let Some(group) = &args.group {
        let index = load_index(ctx)?;
        warn_damaged(&index.damaged, err)?;
        let filter = Filter {
            group: Some(group.clone()),
            protocol: None,
            since: args.since,
            rehearsals: args.rehearsals,
        };
        let mut chosen: Vec<_> = index
            .sessions
            .iter()
            .filter(|s| filter.matches(&s.summary))
            .collect();
        if chosen.is_empty() {
            let mut known: Vec<&str> = index
                .sessions
                .iter()
                .filter_map(|s| s.summary.group_id())
                .collect();
            known.sort_unstable();
            known.dedup();
            return Err(CommandError::Failed(format!(
                "no sessions of group `{group}`{}; groups with sessions: {}",
                args.since
                    .map(|d| format!(" since {d}"))
                    .unwrap_or_default(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )));
        }
        // Oldest first: an export of a group's sessions reads as its story.
        chosen.reverse();
        let mut sessions = Vec::with_capacity(chosen.len());
        for s in chosen {
            match read_record(&s.path) {
                Ok(record) => sessions.push(Exported {
                    id: s.id.clone(),
                    record,
                }),
                // Changed since it was indexed and now damaged: say so, export the rest.
                Err(e) => writeln!(err, "warning: {e}")?,
            }
        }
        return Ok(sessions);
    }
    if args.ids.is_empty() {
        return Err(CommandError::Usage(
            "name the sessions to export (plg export ID…) or a group (plg export --group G)".into(),
        ));
    }
    let files =
        record_files(&ctx.paths.sessions_dir()).map_err(|e| CommandError::Failed(e.to_string()))?;
    let mut sessions: Vec<Exported> = Vec::with_capacity(args.ids.len());
    for id in &args.ids {
        let file = resolve_id(&files, id)?;
        if sessions.iter().any(|s| s.id == file.id) {
            continue;
        }
        let record = read_record(&file.path)?;
        if record.speed > 1 {
            // Asked for by name: included, and said so, since a group's
            // export and the list leave rehearsals out.
            writeln!(
                err,
                "note: {} is a rehearsal (×{}); included because it was asked for by ID",
                crate::term_text::one_line(&file.id),
                record.speed
            )?;
        }
        sessions.push(Exported {
            id: file.id.clone(),
            record,
        });
    }
    Ok(sessions)
}

/// Writes `bytes` to `path` all at once: readers see the old file or the
/// complete new one, never a partial export. An existing file is replaced
/// only with `force`, and only if it is a regular file (never a link or a
/// device). Without `force` the check and the write are one step (the name
/// is claimed only if free), so two exports cannot both "win".
pub fn write_output(path: &Path, bytes: &[u8], force: bool) -> Result<(), CommandError> {
    if path.file_name().is_none() {
        return Err(CommandError::Usage(format!(
            "{} is not a file name",
            path.display()
        )));
    }
    // Exports carry the same private notes as the records.
    let written = if force {
        files::replace(path, bytes, Access::Private)
    } else {
        files::create_new(path, bytes, Access::Private)
    };
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !force => {
            Err(CommandError::Failed(format!(
                "{} already exists; pass --force to replace it",
                path.display()
            )))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(CommandError::Failed(e.to_string()))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn an_existing_file_is_kept_without_force_and_replaced_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        write_output(&path, b"first", false).unwrap();
        let err = write_output(&path, b"second", false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "first");
        write_output(&path, b"second", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }
}
