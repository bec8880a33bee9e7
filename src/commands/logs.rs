//! `plg logs`: list, search and read past sessions.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{ListArgs, LogsCommand};
use crate::record::index::{DamagedRecord, IndexedSession, SessionIndex, record_files};
use crate::record::{RecordError, read_file};
use crate::review::{Filter, IdError, date_label, detail, resolve_id, status_label};
use crate::term_text::one_line;

use std::io::IsTerminal;

use chrono::Offset;

use crate::tui::app::{App, Screen};
use crate::tui::screens::logs::LogsBrowser;

use super::{CommandError, CommandResult, Ctx, write_json, write_table};

/// The one place that decides what `plg logs` does, with or without a
/// subcommand: `plg logs` alone opens the terminal browser (or lists, when
/// output is not a terminal).
pub fn run(
    ctx: &Ctx,
    command: Option<&LogsCommand>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> CommandResult {
    match command {
        None => browse(ctx, out, err),
        Some(LogsCommand::List(args)) => list(ctx, args, out, err),
        Some(LogsCommand::Show { id }) => show(ctx, id, out),
    }
}

/// The terminal browser; the plain list when output is not a terminal
/// (a pipe, a script), so `plg logs | grep` still works.
fn browse(ctx: &Ctx, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return list(ctx, &ListArgs::default(), out, err);
    }
    let index = load_index(ctx)?;
    let config = super::run::load_config(ctx)?;
    let theme = super::run::pick_theme(ctx, ctx.theme.as_deref(), &config)?;
    let clock = crate::tui::shell::Clock::new(1);
    let mut browser = LogsBrowser::new(index);
    // Changes to action items made in earlier sittings, so items show as they stand.
    browser.sitting.follow_ups = crate::record::followup::read_all(&ctx.paths.sessions_dir()).0;
    // A note edited or deleted here leaves the index cache too.
    browser.cache_dir = Some(ctx.paths.cache_dir.clone());
    let app = App::new(
        Screen::Logs(Box::new(browser)),
        theme,
        clock.now(),
        chrono::Local::now().offset().fix(),
        ratatui::layout::Size::new(80, 24),
    );
    // The browser never writes a meeting record through the saver (follow-ups
    // and a note's edit or deletion the shell writes itself); the saver is
    // there because the shell needs one.
    let mut saver = crate::tui::shell::FileSaver::new(&ctx.paths.sessions_dir());
    crate::tui::shell::run(app, &mut saver, clock)?;
    Ok(ExitCode::SUCCESS)
}

/// Loads the index of the user's sessions folder.
pub fn load_index(ctx: &Ctx) -> Result<SessionIndex, CommandError> {
    SessionIndex::load(&ctx.paths.sessions_dir(), &ctx.paths.cache_dir)
        .map_err(|e| CommandError::Failed(e.to_string()))
}

/// `warning: FILE:LINE: MESSAGE` for every damaged record, one line each
/// whatever the file name or the quoted contents hold.
pub fn warn_damaged(damaged: &[DamagedRecord], err: &mut dyn Write) -> std::io::Result<()> {
    for d in damaged {
        let path = d.path.display().to_string();
        let (path, message) = (one_line(&path), one_line(&d.message));
        match d.line {
            Some(line) => writeln!(err, "warning: {path}:{line}: {message}")?,
            None => writeln!(err, "warning: {path}: {message}")?,
        }
    }
    Ok(())
}

impl From<IdError> for CommandError {
    fn from(e: IdError) -> Self {
        match e {
            // Several candidates: the call needs a longer ID, like any usage mistake.
            IdError::Ambiguous { .. } => CommandError::Usage(e.to_string()),
            IdError::NotFound { .. } => CommandError::Failed(e.to_string()),
        }
    }
}

/// A record read for showing or exporting, or why it could not be.
pub fn read_record(path: &std::path::Path) -> Result<crate::record::SessionRecord, CommandError> {
    read_file(path).map_err(|e: RecordError| {
        let (line, message) = crate::record::index::describe_error(&e);
        let shown = path.display().to_string();
        let (shown, message) = (one_line(&shown), one_line(&message));
        CommandError::Failed(match line {
            Some(line) => format!("{shown}:{line}: {message}"),
            None => format!("{shown}: {message}"),
        })
    })
}

#[derive(Serialize)]
struct ListRow<'a> {
    id: &'a str,
    path: String,
    started_at: String,
    date: String,
    group: Option<&'a str>,
    group_name: Option<&'a str>,
    /// For an agenda meeting, the agenda's id and name.
    protocol: &'a str,
    protocol_name: &'a str,
    /// Format 6: the meeting ran this agenda (its id is `protocol`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    agenda: bool,
    /// The protocols the meeting ran: an agenda's nested protocols, or the
    /// protocol run alone.
    protocols: Vec<&'a str>,
    presenter: Option<&'a str>,
    /// Everyone who presented (the presenter, or each person who held a
    /// round of a `presents: true` phase).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    presented: Vec<&'a str>,
    duration_minutes: i64,
    duration_seconds: i64,
    notes: usize,
    status: crate::record::Status,
    status_label: String,
    speed: u32,
    rehearsal: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<JsonMatch>>,
}

#[derive(Serialize)]
struct JsonMatch {
    field: String,
    snippet: String,
    /// Byte ranges into `snippet`.
    highlights: Vec<[usize; 2]>,
}

fn row<'a>(s: &'a IndexedSession) -> ListRow<'a> {
    let sum = &s.summary;
    ListRow {
        id: &s.id,
        path: s.path.display().to_string(),
        started_at: sum.started_at.to_rfc3339(),
        date: date_label(&sum.started_at),
        group: sum.group.as_ref().map(|g| g.id.as_str()),
        group_name: sum.group.as_ref().map(|g| g.name.as_str()),
        protocol: &sum.protocol_id,
        protocol_name: &sum.protocol_name,
        agenda: sum.agenda,
        protocols: sum
            .items
            .iter()
            .filter_map(|i| i.protocol.as_deref())
            .collect(),
        presenter: sum.presenter(),
        presented: sum.presenters(),
        duration_minutes: crate::text::round_to_minutes(sum.duration_seconds),
        duration_seconds: sum.duration_seconds,
        notes: sum.notes.len(),
        status: sum.status,
        status_label: status_label(sum.status, sum.speed),
        speed: sum.speed,
        rehearsal: sum.is_rehearsal(),
        matches: None,
    }
}

pub fn list(ctx: &Ctx, args: &ListArgs, out: &mut dyn Write, err: &mut dyn Write) -> CommandResult {
    let index = load_index(ctx)?;
    let filter = Filter {
        group: args.group.clone(),
        protocol: args.protocol.clone(),
        since: args.since,
        rehearsals: args.rehearsals,
    };
    if args.search.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(CommandError::Usage(
            "--search needs some text to look for".into(),
        ));
    }
    // With --search, each session comes with the snippets that matched.
    let selected: Vec<(&IndexedSession, Option<Vec<JsonMatch>>)> = match &args.search {
        Some(q) => index
            .search(q)
            .into_iter()
            .filter(|h| filter.matches(&h.session.summary))
            .map(|h| {
                let matches = h
                    .matches
                    .into_iter()
                    .map(|m| JsonMatch {
                        field: m.field.label(),
                        highlights: m.highlights.iter().map(|r| [r.start, r.end]).collect(),
                        snippet: m.snippet,
                    })
                    .collect();
                (h.session, Some(matches))
            })
            .collect(),
        None => index
            .sessions
            .iter()
            .filter(|s| filter.matches(&s.summary))
            .map(|s| (s, None))
            .collect(),
    };
    warn_damaged(&index.damaged, err)?;

    if args.json {
        let rows: Vec<ListRow<'_>> = selected
            .into_iter()
            .map(|(s, matches)| ListRow { matches, ..row(s) })
            .collect();
        return write_json(out, &rows);
    }

    if selected.is_empty() {
        let what = if index.sessions.is_empty() {
            format!("No sessions yet in {}.", index.dir.display())
        } else {
            "No sessions match.".to_string()
        };
        writeln!(out, "{what}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = selected
        .iter()
        .map(|(s, _)| {
            let sum = &s.summary;
            vec![
                s.id.clone(),
                date_label(&sum.started_at),
                sum.group_id().unwrap_or("—").to_string(),
                sum.what_ran_ids(),
                sum.presenters_label(),
                crate::text::rounded_minutes(sum.duration_seconds),
                sum.notes.len().to_string(),
                status_label(sum.status, sum.speed),
            ]
        })
        .collect();
    write_table(
        out,
        &[
            "ID",
            "DATE",
            "GROUP",
            "PROTOCOL",
            "PRESENTER",
            "LENGTH",
            "NOTES",
            "STATUS",
        ],
        &rows,
    )?;
    if args.search.is_some() {
        writeln!(out)?;
        for (s, matches) in &selected {
            writeln!(out, "{}", one_line(&s.id))?;
            for m in matches.iter().flatten() {
                writeln!(
                    out,
                    "  {}: {}",
                    one_line(&m.field),
                    highlight(&m.snippet, &m.highlights, ctx.color)
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Marks matches in a snippet: reverse video on a colour terminal, «…» otherwise.
/// The snippet's own text is escaped piece by piece, so only plg's marks
/// are escape sequences (the ranges are byte offsets into the raw snippet).
fn highlight(snippet: &str, ranges: &[[usize; 2]], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[7m", "\x1b[27m")
    } else {
        ("«", "»")
    };
    let mut s = String::with_capacity(snippet.len() + ranges.len() * 8);
    let mut at = 0;
    for [start, end] in ranges {
        if *start < at || *end > snippet.len() {
            continue;
        }
        s.push_str(&one_line(snippet.get(at..*start).unwrap_or_default()));
        s.push_str(open);
        s.push_str(&one_line(snippet.get(*start..*end).unwrap_or_default()));
        s.push_str(close);
        at = *end;
    }
    s.push_str(&one_line(snippet.get(at..).unwrap_or_default()));
    s
}

pub fn show(ctx: &Ctx, id: &str, out: &mut dyn Write) -> CommandResult {
    let files =
        record_files(&ctx.paths.sessions_dir()).map_err(|e| CommandError::Failed(e.to_string()))?;
    let file = resolve_id(&files, id)?;
    let record = read_record(&file.path)?;
    // The id is a file name: it may hold a newline that would split its line.
    let states = super::actions::item_states(ctx, [&record]);
    write!(
        out,
        "{}",
        detail::render_text_with(&one_line(&file.id), &record, &states)
    )?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_are_the_only_escape_sequences_in_a_search_line() {
        let snippet = "a\u{1b}[2J \u{202e}exit\u{9b} ticket\tend";
        let start = snippet.find("exit").unwrap();
        let end = start + "exit\u{9b} ticket".len();
        let shown = highlight(snippet, &[[start, end]], true);
        assert_eq!(
            shown,
            "a\\u{1b}[2J \\u{202e}\u{1b}[7mexit\\u{9b} ticket\u{1b}[27m\\tend"
        );
        assert_eq!(
            highlight(snippet, &[[start, end]], false),
            "a\\u{1b}[2J \\u{202e}«exit\\u{9b} ticket»\\tend"
        );
    }
}
