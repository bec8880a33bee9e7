//! `plg groups` (`plg new group` is in [`super::new`]).

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::{CommandResult, Ctx, origin_json, warn_skipped, write_json, write_table};
use crate::catalog::Catalog;
use crate::group::Group;

pub fn catalog(ctx: &Ctx) -> Catalog<Group> {
    Catalog::load(&[], &ctx.paths.group_dirs())
}

/// One group in `plg groups --json` (docs/group-format.md).
#[derive(Serialize)]
struct GroupJson<'a> {
    id: &'a str,
    name: &'a str,
    focus: Option<&'a str>,
    facilitator: Option<&'a str>,
    members: &'a [String],
    meets: Option<&'a str>,
    norms: &'a [String],
    /// The agenda `plg run --group ID` runs, if the file names one.
    agenda: Option<&'a str>,
    from: String,
}

pub fn list(ctx: &Ctx, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let catalog = catalog(ctx);
    if json {
        let groups: Vec<GroupJson<'_>> = catalog
            .entries
            .iter()
            .map(|e| GroupJson {
                id: &e.item.id,
                name: &e.item.name,
                focus: e.item.focus.as_deref(),
                facilitator: e.item.facilitator.as_deref(),
                members: &e.item.members,
                meets: e.item.meets.as_deref(),
                norms: &e.item.norms,
                agenda: e.item.agenda.as_ref().map(|a| a.id.as_str()),
                from: origin_json(&e.origin),
            })
            .collect();
        warn_skipped(&catalog.broken, err)?;
        return write_json(out, &groups);
    }
    if catalog.entries.is_empty() && catalog.broken.is_empty() {
        writeln!(
            out,
            "No groups yet. `plg new group ID` writes a starter into {}",
            ctx.paths.groups_dir().display()
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = catalog
        .entries
        .iter()
        .map(|e| {
            vec![
                e.item.id.clone(),
                e.item.name.clone(),
                e.item.members.len().to_string(),
                e.item.facilitator.clone().unwrap_or_default(),
                e.item.meets.clone().unwrap_or_default(),
                e.origin.to_string(),
            ]
        })
        .collect();
    write_table(
        out,
        &["ID", "NAME", "MEMBERS", "FACILITATOR", "MEETS", "FROM"],
        &rows,
    )?;
    warn_skipped(&catalog.broken, out)?;
    Ok(ExitCode::SUCCESS)
}
