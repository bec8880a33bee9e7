//! `plg report`: cadence, length, attendance, presenters, norms and
//! follow-ups per group, against the PLG guidelines.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::record::index::IndexedSession;
use crate::review::Filter;
use crate::review::report::{build, render_html, render_md, render_text};

use super::export::write_output;
use super::logs::{load_index, warn_damaged};
use super::{CommandError, CommandResult, Ctx};

pub fn run(
    ctx: &Ctx,
    args: &ReportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    let index = load_index(ctx)?;
    warn_damaged(&index.damaged, err)?;
    let filter = Filter {
        group: args.group.clone(),
        protocol: None,
        since: args.since,
        // The report counts what it leaves out, so it sees rehearsals too.
        rehearsals: true,
    };
    let chosen: Vec<&IndexedSession> = index
        .sessions
        .iter()
        .filter(|s| filter.matches(&s.summary))
        .collect();
    if chosen.is_empty() && args.group.is_some() {
        return Err(CommandError::Failed(format!(
            "no sessions of group `{}`{}",
            args.group.as_deref().unwrap_or_default(),
            args.since
                .map(|d| format!(" since {d}"))
                .unwrap_or_default()
        )));
    }
    let today = chrono::Local::now().date_naive();
    // The report only needs the school year from config.yaml: a broken file
    // is worth a warning, not a refusal.
    let year = match super::run::load_config(ctx) {
        Ok(c) => c.school_year(),
        Err(e) => {
            let year = crate::config::SchoolYear::default();
            writeln!(
                err,
                "warning: {e}\n  (the report counts the school year from {})",
                year.start_label()
            )?;
            year
        }
    };
    let reports = build(&chosen, today, year, args.rehearsals);
    let text = match args.format {
        ReportFormat::Text => {
            if reports.is_empty() {
                format!("No sessions yet in {}.\n", index.dir.display())
            } else {
                render_text(&reports, year)
            }
        }
        ReportFormat::Md => render_md(&reports, year),
        ReportFormat::Html => render_html(&reports, year),
    };
    match &args.output {
        Some(path) => {
            write_output(path, text.as_bytes(), args.force)?;
            writeln!(err, "wrote the report to {}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
