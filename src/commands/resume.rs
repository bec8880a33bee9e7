//! `plg resume`, and the offer to resume that `plg run` and `plg` make when a
//! meeting was left unfinished (a crash, a closed laptop, "leave for later").

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use chrono::{Local, Offset, Utc};
use ratatui::layout::Size;

use crate::record::store::{self, SessionLock};
use crate::record::{SessionRecord, Status, read_file};
use crate::text::clock;
use crate::tui::app::{App, Screen};
use crate::tui::screens::meeting::MeetingScreen;
use crate::tui::shell::{self, Clock, FileSaver};

use super::{CommandError, CommandResult, Ctx};

/// A one-line description: "Tuning Protocol · Grade 9 Math PLG, started 2026-11-23 15:30".
pub fn describe(rec: &SessionRecord) -> String {
    let group = rec
        .group
        .as_ref()
        .map(|g| format!(" · {}", g.name))
        .unwrap_or_default();
    format!(
        "{}{group}, started {}",
        rec.protocol_name,
        rec.started_at.format("%Y-%m-%d %H:%M")
    )
}

/// The unfinished record to resume: the one named (any unique prefix of its
/// file name), or the newest.
fn find(ctx: &Ctx, id: Option<&str>) -> Result<PathBuf, CommandError> {
    let dir = ctx.paths.sessions_dir();
    match id {
        None => store::unfinished(&dir).into_iter().next().ok_or_else(|| {
            CommandError::Failed(format!("no unfinished meeting in {}", dir.display()))
        }),
        Some(id) => {
            let path = Path::new(id);
            if path.is_file() {
                return Ok(path.to_path_buf());
            }
            let matches: Vec<PathBuf> = crate::catalog::yaml_files(&dir)
                .into_iter()
                .filter(|p| {
                    p.file_stem()
                        .and_then(|s| s.to_str())
                        .is_some_and(|s| s.starts_with(id))
                })
                .collect();
            match matches.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(CommandError::Failed(format!(
                    "no session `{id}` in {}",
                    dir.display()
                ))),
                many => Err(CommandError::Usage(format!(
                    "`{id}` matches {} sessions: {}",
                    many.len(),
                    many.iter()
                        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        }
    }
}

/// Locks and loads a record for resuming, or says why not.
fn open(path: &Path) -> Result<(SessionRecord, SessionLock), CommandError> {
    let lock = SessionLock::acquire(path).map_err(|e| CommandError::Failed(e.to_string()))?;
    let rec =
        read_file(path).map_err(|e| CommandError::Failed(format!("{}: {e}", path.display())))?;
    if rec.status != Status::InProgress {
        return Err(CommandError::Failed(format!(
            "{} is already {}; `plg logs show` displays it",
            path.display(),
            rec.status.label()
        )));
    }
    Ok((rec, lock))
}

/// Builds the running app from a record: the clock as it was at the last
/// save, paused, with the time away shown and any draft back in the editor.
pub fn app_for(
    rec: &SessionRecord,
    path: &Path,
    ctx: &Ctx,
    theme: crate::theme::Theme,
    speed: u32,
) -> Result<App, CommandError> {
    let clock = Clock::new(speed);
    let now = clock.now();
    let meeting = rec
        .to_meeting(rec.protocol.clone(), now)
        .map_err(|e| CommandError::Failed(format!("{}: {e}", path.display())))?;
    let mut ms = MeetingScreen::new(meeting, rec.setup());
    ms.closing = rec.closing();
    ms.away = Some(now - rec.saved_at.with_timezone(&Utc));
    // The file already holds everything read from it.
    ms.save.path = Some(path.to_path_buf());
    ms.save.last_saved = Some(rec.saved_at.with_timezone(&Utc));
    ms.save.notes_saved = ms.meeting.notes.len();
    if let Some(d) = &rec.draft {
        ms.restore_draft(&d.kind, &d.text);
    }
    let offset = Local::now().offset().fix();
    ms.offset = offset;
    let mut app = App::new(
        Screen::Meeting(Box::new(ms)),
        theme,
        now,
        offset,
        Size::new(80, 24),
    );
    let config = super::run::load_config(ctx).unwrap_or_default();
    app.defaults.norms = config.norms.unwrap_or_default();
    Ok(app)
}

/// Runs a locked record in the terminal.
pub fn resume_path(
    ctx: &Ctx,
    path: &Path,
    speed: u32,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let (rec, lock) = open(path)?;
    let config = super::run::load_config(ctx)?;
    let theme = super::run::pick_theme(ctx, theme, &config)?;
    let speed = speed.max(rec.speed);
    let app = app_for(&rec, path, ctx, theme, speed)?;
    if !io::stdout().is_terminal() {
        return Err(CommandError::Usage("resuming needs a terminal".into()));
    }
    let mut saver = FileSaver::existing(path.to_path_buf(), lock);
    let mut app = app;
    app.speed = speed;
    let app = shell::run(app, &mut saver, Clock::new(speed))?;
    super::run::finish(&app, Some(path), out)
}

pub fn run(
    ctx: &Ctx,
    id: Option<&str>,
    speed: u32,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let path = find(ctx, id)?;
    resume_path(ctx, &path, speed, theme, out)
}

/// What the facilitator chose when offered an unfinished meeting.
pub enum Offer {
    Resume(PathBuf),
    StartNew,
}

/// Before a new meeting: if one was left unfinished (and no other plg has
/// it open), ask whether to resume it, start anew, or close it as ended early.
pub fn offer(ctx: &Ctx, out: &mut dyn Write) -> Result<Offer, CommandError> {
    if !io::stdin().is_terminal() {
        return Ok(Offer::StartNew);
    }
    let dir = ctx.paths.sessions_dir();
    for path in store::unfinished(&dir) {
        // A record another plg is running is not ours to offer.
        let Ok(lock) = SessionLock::acquire(&path) else {
            continue;
        };
        let Ok(rec) = read_file(&path) else {
            continue;
        };
        let away = (Utc::now() - rec.saved_at.with_timezone(&Utc))
            .num_seconds()
            .max(0) as u64;
        writeln!(out, "An unfinished meeting: {}", describe(&rec))?;
        writeln!(
            out,
            "  last saved {} ago, in {}",
            clock(away),
            path.display()
        )?;
        write!(
            out,
            "Resume it? [R]esume, [n]ew meeting (keep it for later), [e]nd it as ended early: "
        )?;
        out.flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        match answer.trim().to_ascii_lowercase().as_str() {
            "" | "r" | "y" | "yes" | "resume" => {
                drop(lock);
                return Ok(Offer::Resume(path));
            }
            "e" | "end" => {
                let mut rec = rec;
                rec.status = Status::EndedEarly;
                rec.ended_at = Some(rec.saved_at);
                rec.clock = None;
                store::save(&path, &rec)?;
                writeln!(out, "Marked as ended early.")?;
            }
            _ => {}
        }
        return Ok(Offer::StartNew);
    }
    Ok(Offer::StartNew)
}
