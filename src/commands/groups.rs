//! `plg groups` and `plg new group`.

use std::io::Write;
use std::process::ExitCode;

use super::{CommandResult, Ctx, write_table};
use crate::catalog::Catalog;
use crate::group::{self, Group};

pub fn catalog(ctx: &Ctx) -> Catalog<Group> {
    Catalog::load(&[], &ctx.paths.group_dirs())
}

pub fn list(ctx: &Ctx, out: &mut dyn Write) -> CommandResult {
    let catalog = catalog(ctx);
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
    for b in &catalog.broken {
        writeln!(out, "{}", b.skipped_warning())?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn new(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    super::new_id(id, "group")?;
    let path = ctx.paths.groups_dir().join(format!("{id}.yaml"));
    super::write_new(
        &path,
        &group::starter(id),
        "group",
        crate::files::Access::Private,
        out,
    )
}
