//! `plg themes`: the colour themes, built-in and your own.

use std::io::Write;
use std::process::ExitCode;

use crate::catalog::Catalog;
use crate::theme::{self, Theme};

use serde::Serialize;

use super::{CommandResult, Ctx, origin_json, warn_skipped, write_json, write_table};

/// One theme in `plg themes --json` (docs/theme-format.md).
#[derive(Serialize)]
struct ThemeJson<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    /// The theme config.yaml picks (or `default`).
    default: bool,
    from: String,
    /// What this theme's file hides: a built-in, or a file earlier in the search order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    replaces: Vec<String>,
}

pub fn list(ctx: &Ctx, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let catalog: Catalog<Theme> = Catalog::load(theme::BUILTIN, &ctx.paths.theme_dirs());
    let config = super::run::load_config(ctx).unwrap_or_default();
    let current = config.theme.clone().unwrap_or_else(|| "default".into());
    if json {
        let themes: Vec<ThemeJson<'_>> = catalog
            .entries
            .iter()
            .map(|e| ThemeJson {
                id: &e.item.id,
                name: &e.item.name,
                description: e.item.description.as_deref(),
                default: e.item.id == current,
                from: origin_json(&e.origin),
                replaces: e.replaces.iter().map(origin_json).collect(),
            })
            .collect();
        warn_skipped(&catalog.broken, err)?;
        return write_json(out, &themes);
    }
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
        "\n* the default (config.yaml `theme:`); NO_COLOR or --color never forces mono; `plg run --theme ID` picks one"
    )?;
    warn_skipped(&catalog.broken, out)?;
    Ok(ExitCode::SUCCESS)
}
