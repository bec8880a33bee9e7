//! `plg groups` and `plg new group`.

use std::fs;
use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Catalog;
use crate::group::{self, Group};
use crate::yaml::decode::{is_slug, slugify};

use super::{CommandError, CommandResult, Ctx, write_table};

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
        writeln!(
            out,
            "warning: skipped a group file with errors; run `plg check` on it:\n{b}"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn new(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    if !is_slug(id) {
        let s = slugify(id);
        return Err(CommandError::Usage(format!(
            "`{id}` is not a valid group id: use lowercase letters, digits and single dashes{}",
            if s.is_empty() {
                String::new()
            } else {
                format!(", e.g. `{s}`")
            }
        )));
    }
    let dir = ctx.paths.groups_dir();
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{id}.yaml"));
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(CommandError::Failed(format!(
                "{} already exists; plg never overwrites a group. Edit it, or pick another id.",
                path.display()
            )));
        }
        Err(e) => return Err(e.into()),
    };
    file.write_all(group::starter(id).as_bytes())?;
    file.sync_all()?;
    writeln!(out, "{}", path.display())?;
    Ok(ExitCode::SUCCESS)
}
