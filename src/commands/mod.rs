//! What each subcommand does. Commands write to the `out` they are given so
//! that a closed pipe (`plg protocols | head`) is an ordinary error, not a panic.

pub mod check;
pub mod export;
pub mod logs;
pub mod protocols;
pub mod report;

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

/// Left-aligned columns, each as wide as its widest cell; the last column is not padded.
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let cols = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
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
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}
