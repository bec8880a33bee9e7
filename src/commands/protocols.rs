//! `plg protocols`, `plg show`, `plg new protocol` and `plg schema`.

use crate::files::{self, Access};
use std::io::Write;
use std::process::ExitCode;

use crate::catalog::{Catalog, Origin};
use crate::protocol::model::TYPICAL_GROUP;
use crate::protocol::{self, Protocol};
use crate::text::minutes_number as minutes_label;

use super::{CommandError, CommandResult, Ctx, write_table};

pub fn catalog(ctx: &Ctx) -> Catalog<Protocol> {
    Catalog::load(protocol::BUILTIN, &ctx.paths.protocol_dirs())
}

fn origin_label(origin: &Origin, replaces: &[Origin]) -> String {
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

pub fn list(ctx: &Ctx, out: &mut dyn Write) -> CommandResult {
    let catalog = catalog(ctx);
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
    report_broken(&catalog, out)?;
    Ok(ExitCode::SUCCESS)
}

fn report_broken(catalog: &Catalog<Protocol>, out: &mut dyn Write) -> std::io::Result<()> {
    for broken in &catalog.broken {
        writeln!(out, "{}", broken.skipped_warning())?;
    }
    Ok(())
}

pub fn show(
    ctx: &Ctx,
    id_or_path: &str,
    people: Option<usize>,
    json: bool,
    out: &mut dyn Write,
) -> CommandResult {
    let entry = catalog(ctx).resolve(id_or_path)?;
    let origin = origin_label(&entry.origin, &entry.replaces);
    if json {
        let value = protocol::outline::outline_json(&entry.item, &origin, people);
        // Written as text so that a closed pipe is an I/O error like any other.
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| CommandError::Failed(e.to_string()))?;
        writeln!(out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    write!(
        out,
        "{}",
        protocol::outline::outline(&entry.item, &origin, people)
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn new(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "protocol")?;
    let schemas = ctx.paths.schemas_dir();
    files::ensure_dir(&schemas, Access::Public)?;
    let schema = serde_json::to_string_pretty(&protocol::schema::protocol_schema())
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    // Refreshed every time so editors see the format of the plg that is installed.
    files::replace(
        &schemas.join("protocol.schema.json"),
        (schema + "\n").as_bytes(),
        Access::Public,
    )?;
    let path = ctx.paths.protocols_dir().join(format!("{id}.yaml"));
    let text = protocol::starter(id, "../schemas/protocol.schema.json");
    super::write_new(&path, &text, "protocol", Access::Public, out)
}

pub fn schema(out: &mut dyn Write) -> CommandResult {
    let text = serde_json::to_string_pretty(&protocol::schema::protocol_schema())
        .map_err(|e| CommandError::Failed(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(ExitCode::SUCCESS)
}
