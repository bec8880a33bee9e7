//! `plg report`: cadence, length, attendance, presenters, norms and
//! follow-ups per group, against the PLG guidelines.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{ReportArgs, ReportFormat};
use crate::record::index::IndexedSession;
use crate::review::Filter;
use crate::review::report::{
    GroupReport, MIN_MEETINGS_PER_MONTH, MIN_MINUTES, build, render_html, render_md, render_text,
};

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
    let followups = super::actions::load_followups(&index, err)?;
    let (items, _) = crate::record::actions::tracked_items(&index, &followups, args.rehearsals);
    let states = crate::review::actions::ItemStates::new(items);
    let reports = build(&chosen, today, year, args.rehearsals, &states);
    let text = match args.format() {
        ReportFormat::Json => {
            let mut text = serde_json::to_string_pretty(&report_json(&reports))
                .map_err(|e| CommandError::Failed(e.to_string()))?;
            text.push('\n');
            text
        }
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

/// `plg report --json`: the figures the text report shows, as numbers
/// (docs/reviewing.md). Dates are `YYYY-MM-DD`, months `YYYY-MM`.
fn report_json(reports: &[GroupReport]) -> serde_json::Value {
    use serde_json::json;
    let followup = |f: &crate::review::report::Followup| {
        json!({
            "text": f.text,
            "owner": f.owner,
            "due": f.due.map(|d| d.to_string()),
            "session": f.session,
            "date": f.date.to_string(),
        })
    };
    let groups: Vec<serde_json::Value> = reports
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "meetings": r.counted,
                "rehearsals_left_out": r.rehearsals,
                "rehearsals_counted": r.counts_rehearsals,
                "in_progress": r.in_progress,
                "first": r.first.map(|d| d.to_string()),
                "last": r.last.map(|d| d.to_string()),
                "school_year_start": r.school_year_start.to_string(),
                "months": r.months.iter().map(|m| json!({
                    "month": format!("{:04}-{:02}", m.year, m.month),
                    "meetings": m.meetings,
                    "below_guideline": m.flagged,
                })).collect::<Vec<_>>(),
                "average_minutes": r.average_minutes,
                "shorter_than_guideline": r.shorter_than_guideline,
                "attendance": r.attendance.iter().map(|m| json!({
                    "name": m.name,
                    "present": m.present,
                    "absent": m.absent,
                    "rate": m.rate(),
                })).collect::<Vec<_>>(),
                "presented": r.presented.iter().map(|(name, times)| json!({
                    "name": name,
                    "times": times,
                })).collect::<Vec<_>>(),
                "not_presented": r.not_presented,
                "items": r.items.iter().map(|i| json!({
                    "name": i.name,
                    "kind": i.kind(),
                    "protocol": i.protocol,
                    "seconds": i.seconds,
                    "minutes": i.minutes(),
                    "share": i.share,
                    "meetings": i.meetings,
                })).collect::<Vec<_>>(),
                "protocol_share": r.protocol_share,
                "norms": r.norms.iter().map(|n| json!({
                    "norm": n.norm,
                    "meetings_rated": n.ratings,
                    "average": n.average,
                    "months": n.months.iter().map(|(month, average)| json!({
                        "month": month,
                        "average": average,
                    })).collect::<Vec<_>>(),
                    "spread": n.spread.map(|(low, high)| json!({"low": low, "high": high})),
                    "last": n.last.as_ref().map(|room| json!({
                        "average": room.average,
                        "low": room.low,
                        "high": room.high,
                        "hands": room.counts,
                    })),
                })).collect::<Vec<_>>(),
                "open_actions": r.open_actions.iter().map(followup).collect::<Vec<_>>(),
                "deltas": r.deltas.iter().map(followup).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "guidelines": {
            "meetings_per_month": MIN_MEETINGS_PER_MONTH,
            "minutes": MIN_MINUTES,
        },
        "groups": groups,
    })
}
