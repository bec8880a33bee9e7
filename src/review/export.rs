//! `plg export`: sessions as Markdown, HTML, CSV or JSON.

use serde::Serialize;

use crate::record::SessionRecord;

use super::actions::{ItemStates, own_items};
use super::{csv, html, markdown};

/// What an export is written as (the command line's `--format` is
/// [`crate::cli::ExportFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    Md,
    Html,
    /// One table as comma-separated values ([`CsvTable`]).
    Csv,
    Json,
}

/// Which table a CSV export holds (the command line's `--table`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum CsvTable {
    #[default]
    Notes,
    Attendance,
    Checkin,
    PlusDelta,
    Actions,
}

/// A record to export, with the ID it is known by. Where the file lies on
/// this machine is left out on purpose: exports are made to be shared, and
/// a path names the person's account and folders.
pub(crate) struct Exported {
    pub id: String,
    pub record: SessionRecord,
}

#[derive(Serialize)]
struct JsonRecord<'a> {
    id: &'a str,
    #[serde(flatten)]
    record: &'a SessionRecord,
    /// The record's `actions` as they stand now, one per item in the same
    /// order; absent when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actions_now: Vec<ItemNow>,
    /// An agenda meeting's items with their times and the notes written in
    /// each (decisions are notes of kind `decision`); absent for a protocol
    /// run alone. Action items are the whole meeting's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    item_outcomes: Vec<ItemOutcome>,
}

/// One agenda item in the JSON export.
#[derive(Serialize)]
struct ItemOutcome {
    name: String,
    protocol: Option<String>,
    planned_seconds: i64,
    original_seconds: i64,
    actual_seconds: i64,
    started_at: Option<String>,
    ended_at: Option<String>,
    /// Indexes into `notes`.
    notes: Vec<usize>,
}

fn item_outcomes(r: &SessionRecord) -> Vec<ItemOutcome> {
    if !super::detail::by_item(r) {
        return Vec::new();
    }
    let items = r.item_times();
    let mut item_of_step = vec![None; r.steps.len()];
    for (i, t) in items.iter().enumerate() {
        for s in &t.steps {
            if let Some(slot) = item_of_step.get_mut(*s) {
                *slot = Some(i);
            }
        }
    }
    let mut notes: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for (n, note) in r.notes.iter().enumerate() {
        if let Some(Some(i)) = item_of_step.get(note.step) {
            notes[*i].push(n);
        }
    }
    items
        .into_iter()
        .zip(notes)
        .map(|(t, notes)| ItemOutcome {
            notes,
            name: t.span.name,
            protocol: t.span.protocol,
            planned_seconds: t.planned_seconds,
            original_seconds: t.original_seconds,
            actual_seconds: t.actual_seconds,
            started_at: t.started_at.map(|d| d.to_rfc3339()),
            ended_at: t.ended_at.map(|d| d.to_rfc3339()),
        })
        .collect()
}

/// An action item as it stands now, in the JSON export.
#[derive(Serialize)]
struct ItemNow {
    state: &'static str,
    owner: Option<String>,
    due: Option<String>,
    /// When and where the state last changed; `null` while it stands as written.
    note: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("could not write JSON: {0}")]
pub(crate) struct ExportError(#[from] serde_json::Error);

/// A title for several sessions: the group's name when they share one.
pub(crate) fn title(sessions: &[Exported]) -> String {
    let groups: Vec<&str> = sessions
        .iter()
        .filter_map(|s| s.record.group.as_ref().map(|g| g.name.as_str()))
        .collect();
    match (sessions, groups.first()) {
        ([one], _) => format!(
            "{} — {}",
            one.record.protocol_name,
            super::date_label(&one.record.started_at)
        ),
        (_, Some(first)) if groups.len() == sessions.len() && groups.iter().all(|g| g == first) => {
            format!("{first}: {} sessions", sessions.len())
        }
        _ => format!("{} sessions", sessions.len()),
    }
}

/// The export as text; `table` says which table a CSV export holds, and
/// `states` how each action item stands now.
pub(crate) fn render(
    sessions: &[Exported],
    format: ExportFormat,
    table: CsvTable,
    states: &ItemStates,
) -> Result<String, ExportError> {
    let named: Vec<(&str, &SessionRecord)> = sessions
        .iter()
        .map(|s| (s.id.as_str(), &s.record))
        .collect();
    Ok(match format {
        ExportFormat::Md => markdown::render_sessions(&title(sessions), &named, states),
        ExportFormat::Html => html::render_sessions(&title(sessions), &named, states),
        ExportFormat::Csv => match table {
            CsvTable::Notes => csv::notes(&named),
            CsvTable::Attendance => csv::attendance(&named),
            CsvTable::Checkin => csv::checkin(&named),
            CsvTable::PlusDelta => csv::plus_delta(&named),
            CsvTable::Actions => csv::actions(&named, states),
        },
        ExportFormat::Json => {
            let records: Vec<JsonRecord<'_>> = sessions
                .iter()
                .map(|s| JsonRecord {
                    id: &s.id,
                    record: &s.record,
                    actions_now: own_items(&s.id, &s.record, states)
                        .into_iter()
                        .map(|a| ItemNow {
                            state: a.state.label(),
                            owner: a.owner,
                            due: a.due.map(|d| d.to_string()),
                            note: a.note,
                        })
                        .collect(),
                    item_outcomes: item_outcomes(&s.record),
                })
                .collect();
            serde_json::to_string_pretty(&records)? + "\n"
        }
    })
}
