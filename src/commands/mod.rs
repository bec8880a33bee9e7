//! What each subcommand does. Commands write to the `out` they are given so
//! that a closed pipe (`plg protocols | head`) is an ordinary error, not a panic.

pub mod actions;
pub mod check;
pub mod export;
pub mod groups;
pub mod logs;
pub mod protocols;
pub mod report;
pub mod resume;
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
    /// Colour is allowed (a terminal, and NO_COLOR unset).
    pub color: bool,
    /// NO_COLOR is set to something non-empty.
    pub no_color: bool,
    /// `--theme`, for every command that opens the terminal interface.
    pub theme: Option<String>,
}

impl Ctx {
    /// The runner may use colour unless NO_COLOR asks otherwise.
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

/// Left-aligned columns, each as wide as its widest cell; the last column is not padded.
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let cols = header.len();
    // Cells come from files other people write: a newline or an escape in
    // one must not break the table, and widths count what is shown.
    let rows: Vec<Vec<std::borrow::Cow<'_, str>>> = rows
        .iter()
        .map(|row| row.iter().map(|c| crate::term_text::one_line(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(AsRef::as_ref).collect()))?;
    }
    Ok(())
}
