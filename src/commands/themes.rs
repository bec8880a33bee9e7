//! `plg themes`: the colour themes, built-in and your own.

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Catalog;
use crate::theme::{self, Theme};

use super::{CommandResult, Ctx, write_table};

pub fn list(ctx: &Ctx, out: &mut dyn Write) -> CommandResult {
    let catalog: Catalog<Theme> = Catalog::load(theme::BUILTIN, &ctx.paths.theme_dirs());
    let config = super::run::load_config(ctx).unwrap_or_default();
    let current = config.theme.clone().unwrap_or_else(|| "default".into());
    let rows: Vec<Vec<String>> = catalog
        .entries
        .iter()
        .map(|e| {
            let mark = if e.item.id == current { "*" } else { "" };
            let origin = match e.replaces.last() {
                Some(_) => format!(
                    "{} (replaces {})",
                    e.origin,
                    e.replaces
                        .last()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ),
                None => e.origin.to_string(),
            };
            vec![
                format!("{}{mark}", e.item.id),
                e.item.name.clone(),
                e.item.description.clone().unwrap_or_default(),
                origin,
            ]
        })
        .collect();
    write_table(out, &["ID", "NAME", "DESCRIPTION", "FROM"], &rows)?;
    writeln!(
        out,
        "\n* the default (config.yaml `theme:`); NO_COLOR forces mono; `plg run --theme ID` picks one"
    )?;
    for b in &catalog.broken {
        writeln!(out, "{}", b.skipped_warning())?;
    }
    Ok(ExitCode::SUCCESS)
}
