//! What each subcommand does. Commands write to the `out` they are given so
//! that a closed pipe (`plg protocols | head`) is an ordinary error, not a panic.

pub mod actions;
pub mod agendas;
pub mod check;
pub mod export;
pub mod groups;
pub mod logs;
pub mod man;
pub mod new;
pub mod protocols;
pub mod report;
pub mod resume;
pub mod room;
pub mod run;
pub mod themes;

use std::io::{self, Write};
use std::process::ExitCode;

use crate::catalog::LoadError;
use crate::paths::Paths;

/// What every command may need: the folders and how to print.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub paths: Paths,
    /// stdout is a terminal: diagnostics get snippets.
    pub tty: bool,
    /// What plg prints may be coloured: `--color always`, or `auto` on a
    /// terminal with NO_COLOR unset.
    pub color: bool,
    /// The terminal screens go monochrome: `--color never`, or NO_COLOR set
    /// (and not overridden by `--color always`).
    pub no_color: bool,
    /// `plg logs --theme`: the browser's theme (the runner's comes as an argument).
    pub theme: Option<String>,
}

impl Ctx {
    /// The screens may use a colour theme unless `--color never` or NO_COLOR asks otherwise.
    pub fn color_allowed(&self) -> bool {
        !self.no_color
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A mistake in how the command was called (exit status 2).
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

impl CommandError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CommandError::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

pub type CommandResult = Result<ExitCode, CommandError>;

/// Refuses an id for `plg new` that is not a slug, suggesting one.
pub fn new_id(id: &str, kind: &str) -> Result<(), CommandError> {
    if crate::yaml::decode::is_slug(id) {
        return Ok(());
    }
    let s = crate::yaml::decode::slugify(id);
    Err(CommandError::Usage(format!(
        "`{id}` is not a valid {kind} id: use lowercase letters, digits and single dashes{}",
        if s.is_empty() {
            String::new()
        } else {
            format!(", e.g. `{s}`")
        }
    )))
}

/// Writes a starter file that must not exist yet: plg never overwrites a
/// person's work, and never writes through a link that stands in its place.
/// Prints the path.
pub fn write_new(
    path: &std::path::Path,
    text: &str,
    kind: &str,
    access: crate::files::Access,
    out: &mut dyn Write,
) -> CommandResult {
    if let Some(dir) = path.parent() {
        crate::files::ensure_dir(dir, access)?;
    }
    match crate::files::create_new(path, text.as_bytes(), access) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(CommandError::Failed(format!(
                "{} already exists; plg never overwrites a {kind}. Edit it, or pick another id.",
                path.display()
            )));
        }
        Err(e) => return Err(e.into()),
    }
    writeln!(out, "{}", path.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `value` as pretty JSON and a newline: the one way every `--json` prints.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> CommandResult {
    // Written as text so that a closed pipe is an I/O error like any other.
    let text =
        serde_json::to_string_pretty(value).map_err(|e| CommandError::Failed(e.to_string()))?;
    writeln!(out, "{text}")?;
    Ok(ExitCode::SUCCESS)
}

/// Where a library entry comes from, for JSON: `"built-in"` or the file's path.
pub fn origin_json(origin: &crate::catalog::Origin) -> String {
    origin.to_string()
}

/// The files a listing skipped, each as `warning: skipped FILE: …` lines.
pub fn warn_skipped(broken: &[LoadError], to: &mut dyn Write) -> io::Result<()> {
    for b in broken {
        writeln!(to, "{}", b.skipped_warning())?;
    }
    Ok(())
}

/// Left-aligned columns, each as wide as its widest cell; the last column is
/// not padded. Widths are display columns ([`crate::text::width`]): a name in
/// Chinese or Korean takes two columns a character, an accented one as many
/// as it has letters, so every column starts at the same place on a terminal.
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    write!(out, "{}", table(header, rows))
}

/// The text [`write_table`] writes.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    use crate::text::{pad, width};
    let cols = header.len();
    // Cells come from files other people write: a newline or an escape in
    // one must not break the table, and widths count what is shown.
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|c| crate::term_text::one_line(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(&pad(cell, widths.get(i).copied().unwrap_or(0) + 2));
            }
        }
        s.trim_end().to_string()
    };
    let mut text = line(header.to_vec());
    text.push('\n');
    for row in &rows {
        text.push_str(&line(row.iter().map(AsRef::as_ref).collect()));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The display column at which each cell of `line` starts, each looked
    /// for after the one before.
    fn starts(line: &str, cells: &[&str]) -> Vec<usize> {
        let mut from = 0;
        cells
            .iter()
            .map(|c| {
                let at = from + line[from..].find(c).unwrap_or(0);
                from = at + c.len();
                crate::text::width(&line[..at])
            })
            .collect()
    }

    #[test]
    fn columns_line_up_by_display_width() {
        let rows: Vec<Vec<String>> = [
            ["張偉", "2", "x"],
            ["Zoë Brontë", "14", "y"],
            ["김민준", "3", "z"],
            ["e\u{301}", "1", "w"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let text = table(&["NAME", "N", "LAST"], &rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 5);
        for (line, row) in lines[1..].iter().zip(&rows) {
            let cells: Vec<&str> = row.iter().map(String::as_str).collect();
            assert_eq!(starts(line, &cells), vec![0, 12, 16], "{line:?}");
        }
        assert_eq!(starts(lines[0], &["NAME", "N", "LAST"]), vec![0, 12, 16]);
    }
}
