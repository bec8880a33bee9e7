//! `plg protocols` and `plg show` (an agenda's outline is in [`super::agendas`];
//! `plg new` and `plg schema` are in [`super::new`]).

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::{Catalog, Origin};
use crate::protocol::model::TYPICAL_GROUP;
use crate::protocol::{self, Protocol};
use crate::text::minutes_number as minutes_label;

use serde::Serialize;

use super::agendas::Runnable;
use super::{CommandResult, Ctx, origin_json, warn_skipped, write_json, write_table};

pub fn catalog(ctx: &Ctx) -> Catalog<Protocol> {
    Catalog::load(protocol::BUILTIN, &ctx.paths.protocol_dirs())
}

pub(crate) fn origin_label(origin: &Origin, replaces: &[Origin]) -> String {
    match replaces.last() {
        Some(Origin::BuiltIn) => format!("{origin} (replaces built-in)"),
        Some(other) => format!("{origin} (replaces {other})"),
        None => origin.to_string(),
    }
}

/// "60", or "83*" with a footnote when rounds depend on the people present:
/// counted for the protocol's ideal group size, or 8.
fn total_label(p: &Protocol) -> String {
    let total = minutes_label(p.total_secs(p.planning_group()));
    if p.depends_on_people() {
        format!("{total}*")
    } else {
        total
    }
}

/// One protocol in `plg protocols --json` (docs/protocol-format.md).
#[derive(Serialize)]
struct ProtocolJson<'a> {
    id: &'a str,
    name: &'a str,
    /// Planned minutes, counted for `people` when rounds follow the people present.
    minutes: f64,
    /// The group size `minutes` is counted for, when it depends on one.
    #[serde(skip_serializing_if = "Option::is_none")]
    people: Option<usize>,
    phases: usize,
    from: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
}

pub fn list(ctx: &Ctx, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let catalog = catalog(ctx);
    // An id an agenda also has cannot be run by that id (`plg agendas` says
    // the same from its side).
    let agendas = super::agendas::catalog(ctx);
    let clashes: Vec<String> = catalog
        .entries
        .iter()
        .filter_map(|e| {
            let a = agendas.get(&e.item.id)?;
            let id = crate::term_text::one_line(&e.item.id);
            Some(format!(
                "warning: {}\n  hint: `plg run {id}` and `plg show {id}` refuse an id that is both; `plg check` names the two files",
                super::agendas::ambiguous(&id, &e.origin, &a.origin)
            ))
        })
        .collect();
    if json {
        let protocols: Vec<ProtocolJson<'_>> = catalog
            .entries
            .iter()
            .map(|e| {
                let p = &e.item;
                let people = p.planning_group();
                ProtocolJson {
                    id: &p.id,
                    name: &p.name,
                    minutes: p.total_secs(people) as f64 / 60.0,
                    people: p.depends_on_people().then_some(people),
                    phases: p.phases.len(),
                    from: origin_json(&e.origin),
                    replaces: e.replaces.iter().map(origin_json).collect(),
                }
            })
            .collect();
        warn_skipped(&catalog.broken, err)?;
        for w in &clashes {
            writeln!(err, "{w}")?;
        }
        return write_json(out, &protocols);
    }
    let rows: Vec<Vec<String>> = catalog
        .entries
        .iter()
        .map(|e| {
            vec![
                e.item.id.clone(),
                e.item.name.clone(),
                total_label(&e.item),
                e.item.phases.len().to_string(),
                origin_label(&e.origin, &e.replaces),
            ]
        })
        .collect();
    write_table(out, &["ID", "NAME", "MINUTES", "PHASES", "FROM"], &rows)?;
    if catalog.entries.iter().any(|e| e.item.depends_on_people()) {
        writeln!(
            out,
            "\n* rounds follow the people present; shown for the protocol's ideal group size ({TYPICAL_GROUP} when it gives none)"
        )?;
    }
    for w in &clashes {
        writeln!(out, "{w}")?;
    }
    warn_skipped(&catalog.broken, out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(
    ctx: &Ctx,
    id_or_path: &str,
    people: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> CommandResult {
    let protocols = catalog(ctx);
    let agendas = super::agendas::catalog(ctx);
    let entry = match super::agendas::resolve_in(&protocols, &agendas, id_or_path)? {
        Runnable::Protocol(entry) => entry,
        Runnable::Agenda(entry) => {
            return super::agendas::show(&protocols, &entry, people, json, out);
        }
    };
    let origin = origin_label(&entry.origin, &entry.replaces);
    if json {
        let value = protocol::outline::outline_json(&entry.item, &origin, people);
        return write_json(out, &value);
    }
    write!(
        out,
        "{}",
        protocol::outline::outline(&entry.item, &origin, people)
    )?;
    Ok(ExitCode::SUCCESS)
}
