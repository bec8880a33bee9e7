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

/// The clock a resumed meeting runs on: its own speed (the record's
/// `speed`: real time for a real meeting, whatever `--speed` says), from
/// the last save or now, whichever is later.
pub fn clock_for(rec: &SessionRecord) -> Clock {
    Clock::resuming(rec.speed.max(1), rec.saved_at.with_timezone(&Utc))
}

/// Builds the running app from a record: the clock as it was at the last
/// save, paused, with the time away shown and any draft back in the editor.
/// The meeting keeps its own speed (the record's `speed`).
pub fn app_for(
    rec: &SessionRecord,
    path: &Path,
    ctx: &Ctx,
    theme: crate::theme::Theme,
    clock: &Clock,
) -> Result<App, CommandError> {
    let now = clock.now();
    let meeting = rec
        .to_meeting(rec.protocol.clone(), now)
        .map_err(|e| CommandError::Failed(format!("{}: {e}", path.display())))?;
    let mut ms = MeetingScreen::new(meeting, rec.setup());
    ms.closing = rec.closing();
    if let Some(g) = &rec.group {
        // The group's items open from earlier meetings, for the check-in.
        let dir = path.parent().unwrap_or(Path::new("."));
        let history =
            crate::record::history::group_history(dir, &g.id, rec.started_at.date_naive());
        let own = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let a = &rec.attendance;
        let names = crate::tui::screens::action_item::roster(
            a.present
                .iter()
                .chain(&a.absent)
                .chain(&a.guests)
                .map(String::as_str),
        );
        ms.form.take_earlier(&history.open, own, names);
    }
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
    app.speed = rec.speed.max(1);
    let config = super::run::load_config(ctx).unwrap_or_default();
    app.defaults.norms = config.norms.unwrap_or_default();
    Ok(app)
}

/// Runs a locked record in the terminal.
/// `speed` is the speed asked for on the command line, if any: a resumed
/// meeting keeps its own, and plg says so when another was asked for.
pub fn resume_path(
    ctx: &Ctx,
    path: &Path,
    speed: Option<u32>,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let (rec, lock) = open(path)?;
    let config = super::run::load_config(ctx)?;
    let theme = super::run::pick_theme(ctx, theme, &config)?;
    let clock = clock_for(&rec);
    let app = app_for(&rec, path, ctx, theme, &clock)?;
    if !io::stdout().is_terminal() {
        return Err(CommandError::Usage("resuming needs a terminal".into()));
    }
    if speed.is_some_and(|s| s != rec.speed.max(1)) {
        writeln!(out, "{}", own_speed_note(rec.speed))?;
    }
    let mut saver = FileSaver::existing(path.to_path_buf(), lock);
    let mut link = crate::link::ConsoleLink::new(&ctx.paths.run_dir);
    let app = shell::run_linked(app, &mut saver, clock, &mut link)?;
    super::run::forget_cached(ctx, Some(path));
    super::run::finish(&app, Some(path), out)
}

/// Why `--speed` was not used for a resumed meeting.
fn own_speed_note(speed: u32) -> String {
    if speed > 1 {
        format!("This rehearsal resumes at its own speed (×{speed}); --speed is for new meetings.")
    } else {
        "This meeting resumes in real time, its own speed; --speed is for new meetings.".into()
    }
}

pub fn run(
    ctx: &Ctx,
    id: Option<&str>,
    speed: Option<u32>,
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
        // An answer that is none of these is asked again, never taken as "new".
        while io::stdin().lock().read_line(&mut answer)? > 0
            && !matches!(
                answer.trim().to_ascii_lowercase().as_str(),
                "" | "r" | "y" | "yes" | "resume" | "n" | "new" | "e" | "end"
            )
        {
            answer.clear();
            write!(
                out,
                "Type r to resume it, n for a new meeting, or e to end it: "
            )?;
            out.flush()?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meeting::session::{Closing, Setup};
    use crate::meeting::{Meeting, Rounds};
    use crate::record::format::SessionView;
    use chrono::{FixedOffset, TimeZone};

    fn record(speed: u32) -> SessionRecord {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
        let meeting = Meeting::start(
            crate::protocol::builtin("tuning").unwrap(),
            &Rounds::default(),
            t0,
        );
        SessionRecord::from_session(
            &SessionView {
                meeting: &meeting,
                setup: &Setup::default(),
                closing: &Closing::default(),
                status: Status::InProgress,
                draft: None,
                speed,
            },
            t0 + chrono::TimeDelta::minutes(12),
            FixedOffset::east_opt(0).unwrap(),
        )
    }

    fn ctx() -> Ctx {
        Ctx {
            paths: crate::paths::Paths::under(Path::new("/nonexistent-plg-home")),
            tty: true,
            color: false,
            no_color: true,
            theme: None,
        }
    }

    #[test]
    fn a_resumed_meeting_keeps_its_own_speed() {
        let path = Path::new("/plg-home/sessions/2026-11-23T1430_tuning.yaml");
        // A real meeting, resumed by `plg run chalk-talk --speed 30`: real time.
        let real = record(1);
        let app = app_for(
            &real,
            path,
            &ctx(),
            crate::theme::Theme::mono(),
            &clock_for(&real),
        )
        .unwrap();
        assert_eq!(app.speed, 1);
        assert_eq!(app.record().unwrap().speed, 1, "filed as a real meeting");
        // A rehearsal resumed without --speed stays a rehearsal at its speed.
        let rehearsal = record(20);
        let app = app_for(
            &rehearsal,
            path,
            &ctx(),
            crate::theme::Theme::mono(),
            &clock_for(&rehearsal),
        )
        .unwrap();
        assert_eq!(app.speed, 20);
        assert_eq!(app.record().unwrap().speed, 20);
        assert!(own_speed_note(1).contains("real time"));
    }
}
