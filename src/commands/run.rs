//! `plg run` and `plg` alone: the facilitator's runner in the terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::term_text::one_line;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, Local, Offset, Utc};
use ratatui::layout::Size;

use crate::catalog::Catalog;
use crate::config::{self, Config};
use crate::meeting::session::starter_norms;
use crate::record::history::group_history;
use crate::theme::{self, Theme};
use crate::tui::app::{App, Defaults, Screen};
use crate::tui::screens::meeting::Unsaved;
use crate::tui::screens::setup::AgendaSetup;
use crate::tui::shell::{self, Clock, FileSaver};

use super::{CommandError, CommandResult, Ctx};

/// The theme to use: NO_COLOR wins, then `--theme`, then config.yaml, then `default`.
pub fn pick_theme(
    ctx: &Ctx,
    requested: Option<&str>,
    config: &Config,
) -> Result<Theme, CommandError> {
    if !ctx.color_allowed() {
        return Ok(Theme::mono());
    }
    let catalog: Catalog<Theme> = Catalog::load(theme::BUILTIN, &ctx.paths.theme_dirs());
    let name = requested.or(config.theme.as_deref()).unwrap_or("default");
    Ok(catalog.resolve(name)?.item)
}

pub fn load_config(ctx: &Ctx) -> Result<Config, CommandError> {
    Ok(config::load(&ctx.paths.config_file())?)
}

fn defaults(ctx: &Ctx, config: &Config, group: Option<&str>) -> Result<Defaults, CommandError> {
    let group = match group {
        Some(id) => Some(super::groups::catalog(ctx).resolve(id)?.item),
        None => None,
    };
    let year_start = config.school_year().start_of(Local::now().date_naive());
    let history = group
        .as_ref()
        .map(|g| group_history(&ctx.paths.sessions_dir(), &g.id, year_start))
        .unwrap_or_default();
    Ok(Defaults {
        norms: config.norms.clone().unwrap_or_else(starter_norms),
        group,
        history,
    })
}

/// Runs the app in this terminal and reports where the record went.
pub fn run_app(mut app: App, speed: u32, ctx: &Ctx, out: &mut dyn Write) -> CommandResult {
    if !std::io::stdout().is_terminal() {
        return Err(CommandError::Usage(
            "the runner needs a terminal; to look at a protocol without one, use `plg show`".into(),
        ));
    }
    app.speed = speed.max(1);
    let mut saver = FileSaver::new(&ctx.paths.sessions_dir());
    // Room screens (`plg room`) find the meeting through the runtime folder.
    let mut link = crate::link::ConsoleLink::new(&ctx.paths.run_dir);
    let app = shell::run_linked(app, &mut saver, Clock::new(speed), &mut link)?;
    keep_setup_changes(&app, &ctx.paths.sessions_dir(), out)?;
    forget_cached(ctx, saver.path());
    finish(&app, saver.path(), out)
}

/// A note edited or removed during the meeting must not outlive it in the
/// sessions index cache (a `plg logs` run while the meeting was on may have
/// cached the old text): the record's entry is dropped as the meeting
/// closes, and read again from the record the next time. Best effort: the
/// record is saved already, and the next load would notice the change.
pub fn forget_cached(ctx: &Ctx, record: Option<&Path>) {
    let Some(name) = record.and_then(|p| p.file_name()).and_then(|n| n.to_str()) else {
        return;
    };
    let _ = crate::record::index::forget(&ctx.paths.sessions_dir(), &ctx.paths.cache_dir, name);
}

/// Changes to action items made in a setup left without starting go to a
/// follow-up record: nothing typed is lost. Says where, or, when the file
/// cannot be written, what the changes were so they can be made again.
pub fn keep_setup_changes(app: &App, sessions_dir: &Path, out: &mut dyn Write) -> CommandResult {
    let Some(f) = app.setup_follow_up() else {
        return Ok(ExitCode::SUCCESS);
    };
    let path = crate::record::followup::new_path(
        sessions_dir,
        f.saved_at,
        f.group.as_ref().map(|g| g.id.as_str()),
    );
    let n = f.action_changes.len();
    let changes = if n == 1 {
        "1 change".to_string()
    } else {
        format!("{n} changes")
    };
    match crate::record::followup::save(&path, &f) {
        Ok(()) => {
            writeln!(
                out,
                "The meeting did not start; {changes} to action items kept in {}",
                path.display()
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let _ = writeln!(out, "NOT SAVED: {changes} to action items:");
            for c in &f.action_changes {
                // Texts and names come from shared files: one line each.
                let _ = writeln!(
                    out,
                    "  {}: {} {} -> {}",
                    one_line(&c.text),
                    c.field.label(),
                    one_line(c.from.as_deref().unwrap_or("none")),
                    one_line(c.to.as_deref().unwrap_or("none"))
                );
            }
            Err(CommandError::Failed(format!(
                "could not write the follow-up record {}: {}",
                path.display(),
                shell::describe(&e)
            )))
        }
    }
}

/// What the facilitator reads when the runner closes: where the record is,
/// or, when the last save failed, what the file lacks, with the notes it
/// lacks printed so they can still be copied, and a failure exit status.
/// `tried` is where plg was saving.
pub fn finish(app: &App, tried: Option<&Path>, out: &mut dyn Write) -> CommandResult {
    let Some(ms) = app.meeting() else {
        return Ok(ExitCode::SUCCESS);
    };
    let place = tried.map_or_else(
        || "the sessions folder".to_string(),
        |p| p.display().to_string(),
    );
    if let Some(lost) = ms.unsaved() {
        // Written on a best-effort basis: the terminal may be gone, and the
        // failure must be reported (exit status) whatever happens to this text.
        let _ = write_unsaved(&lost, &place, app.offset, out);
        return Err(CommandError::Failed(format!(
            "the meeting was NOT fully saved: the last save to {place} failed ({})",
            lost.error
        )));
    }
    if ms.save.path.is_some() {
        writeln!(out, "Saved to {place}")?;
        if ms.status == crate::record::Status::InProgress {
            writeln!(
                out,
                "The meeting is not finished; `plg resume` continues it."
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_unsaved(
    lost: &Unsaved<'_>,
    place: &str,
    offset: FixedOffset,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let at = |t: DateTime<Utc>| t.with_timezone(&offset).format("%H:%M").to_string();
    writeln!(
        out,
        "NOT SAVED: the last save to {place} failed ({}).",
        lost.error
    )?;
    match lost.last_saved {
        Some(t) => writeln!(
            out,
            "The file holds the meeting as it was at {}; everything after that is not in it.",
            at(t)
        )?,
        None => writeln!(out, "Nothing of this meeting was written to disk.")?,
    }
    if !lost.notes.is_empty() {
        writeln!(
            out,
            "{} note{} taken since then, not in the file (copy them now; they are gone once this window closes):",
            lost.notes.len(),
            if lost.notes.len() == 1 { "" } else { "s" }
        )?;
        for n in lost.notes {
            writeln!(
                out,
                "  {} [{}] {}",
                at(n.at),
                n.kind,
                n.text.replace('\n', "\n    ")
            )?;
        }
    }
    if let Some(draft) = &lost.draft {
        writeln!(
            out,
            "The note being typed, not in the file:\n  {}",
            draft.replace('\n', "\n  ")
        )?;
    }
    writeln!(
        out,
        "Phase timings, attendance and check-in changes since then are lost. Free some disk space (or fix the folder) before the next meeting."
    )
}

/// What `plg run` was asked to run: an agenda or protocol id (or path),
/// none for the group's agenda; and `--choose`, the protocol for the
/// agenda's `protocol: choose` item.
#[derive(Debug, Clone, Copy, Default)]
pub struct What<'a> {
    pub id: Option<&'a str>,
    pub choose: Option<&'a str>,
}

/// What the setup screen opens on.
enum Start {
    Protocol(crate::protocol::Protocol),
    Agenda(AgendaSetup),
}

/// Resolves what to run before anything is asked: the id (an agenda or a
/// protocol; an id that is both is refused), or the group's agenda; the
/// `--choose` protocol; and the agenda's expansion, so a protocol it names
/// that cannot be found stops here, not in the middle of setup.
fn what_to_run(ctx: &Ctx, what: What<'_>, group: Option<&str>) -> Result<Start, CommandError> {
    use super::agendas::Runnable;
    let runnable = match (what.id, group) {
        (Some(id), _) => super::agendas::resolve_runnable(ctx, id)?,
        (None, Some(g)) => group_agenda(ctx, g)?,
        (None, None) => {
            return Err(CommandError::Usage(
                "name an agenda or a protocol to run (`plg run weekly`, `plg run tuning`), or a group whose file names its agenda (`plg run --group math9`); `plg agendas` and `plg protocols` list them".into(),
            ));
        }
    };
    let agenda = match runnable {
        Runnable::Protocol(p) => {
            if what.choose.is_some() {
                return Err(CommandError::Usage(format!(
                    "--choose picks the protocol of an agenda's `protocol: choose` item, but `{}` is a protocol; run it alone with `plg run {}`",
                    one_line(&p.item.id),
                    one_line(&p.item.id)
                )));
            }
            return Ok(Start::Protocol(p.item));
        }
        Runnable::Agenda(a) => a,
    };
    let mut library: Vec<crate::protocol::Protocol> = super::protocols::catalog(ctx)
        .entries
        .into_iter()
        .map(|e| e.item)
        .collect();
    let chosen = match what.choose {
        None => None,
        Some(_) if !agenda.item.chooses() => {
            return Err(CommandError::Usage(format!(
                "the agenda `{}` has no `protocol: choose` item, so there is nothing for --choose to pick; its protocols are set in {}",
                one_line(&agenda.item.id),
                agenda.origin
            )));
        }
        Some(id) => match super::agendas::resolve_runnable(ctx, id)? {
            Runnable::Protocol(p) => {
                // A protocol given by path joins the list it is picked from.
                if !library.iter().any(|l| l.id == p.item.id) {
                    library.push(p.item.clone());
                }
                Some(p.item.id)
            }
            Runnable::Agenda(a) => {
                return Err(CommandError::Usage(format!(
                    "`{}` is an agenda; an agenda runs protocols, not other agendas: --choose takes a protocol (`plg protocols` lists them)",
                    one_line(&a.item.id)
                )));
            }
        },
    };
    let setup = AgendaSetup::new(agenda.item, library, chosen);
    setup
        .expanded()
        .map_err(|e| CommandError::Failed(format!("{}: {e}", agenda.origin)))?;
    Ok(Start::Agenda(setup))
}

/// The agenda a group's file names (`agenda: weekly`); a name that matches
/// no agenda is reported at its line and column in the group's file.
fn group_agenda(ctx: &Ctx, id: &str) -> Result<super::agendas::Runnable, CommandError> {
    let entry = super::groups::catalog(ctx).resolve(id)?;
    let g = &entry.item;
    let Some(agenda) = &g.agenda else {
        return Err(CommandError::Usage(format!(
            "the group `{}` names no agenda; add `agenda: weekly` (an id from `plg agendas`) to {}, or name what to run: `plg run tuning --group {}`",
            one_line(&g.id),
            entry.origin,
            one_line(&g.id)
        )));
    };
    let at = format!(
        "{}:{}:{}",
        entry.origin, agenda.span.start.line, agenda.span.start.col
    );
    match super::agendas::catalog(ctx).resolve(&agenda.id) {
        Ok(_) => super::agendas::resolve_runnable(ctx, &agenda.id),
        // A protocol's id is a natural slip: `agenda:` names an agenda.
        Err(crate::catalog::LoadError::NotFound { .. })
            if super::protocols::catalog(ctx).get(&agenda.id).is_some() =>
        {
            let id = one_line(&agenda.id);
            Err(CommandError::Failed(format!(
                "{at}: the group `{}` names `{id}` as its agenda, but `{id}` is a protocol\n  hint: `agenda:` takes an agenda (`plg agendas` lists them); to run the protocol alone: `plg run {id} --group {}`",
                one_line(&g.id),
                one_line(&g.id)
            )))
        }
        Err(crate::catalog::LoadError::NotFound { suggestion, .. }) => {
            Err(CommandError::Failed(format!(
                "{at}: the group `{}` names the agenda `{}`, which plg cannot find{suggestion}\n  hint: `plg agendas` lists the agendas; fix `agenda:` in the group's file",
                one_line(&g.id),
                one_line(&agenda.id)
            )))
        }
        Err(e) => Err(CommandError::Failed(format!(
            "{at}: the group's agenda cannot be used: {e}"
        ))),
    }
}

pub fn run(
    ctx: &Ctx,
    what: What<'_>,
    group: Option<&str>,
    speed: u32,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let config = load_config(ctx)?;
    // Mistakes in the command line are reported before anything is asked.
    let picked = pick_theme(ctx, theme, &config)?;
    let start = what_to_run(ctx, what, group)?;
    if let super::resume::Offer::Resume(path) = super::resume::offer(ctx, out)? {
        // Only a rehearsal's speed was asked for: 1 is also what no --speed gives.
        return super::resume::resume_path(ctx, &path, (speed > 1).then_some(speed), theme, out);
    }
    let defaults = defaults(ctx, &config, group)?;
    let now = Clock::new(speed).now();
    let offset = Local::now().offset().fix();
    let setup = match start {
        Start::Protocol(p) => defaults.setup_screen(p),
        Start::Agenda(a) => defaults
            .agenda_setup(a)
            .map_err(|e| CommandError::Failed(e.to_string()))?,
    };
    let screen = Screen::Setup(Box::new(setup));
    let mut app = App::new(screen, picked, now, offset, Size::new(80, 24));
    app.defaults = defaults;
    run_app(app, speed, ctx, out)
}

/// The group of the newest real meeting (rehearsals aside) in the index,
/// which keeps sessions newest first: the group `plg` alone would offer first.
pub fn last_group_used(sessions: &[crate::record::index::IndexedSession]) -> Option<&str> {
    sessions
        .iter()
        .filter(|s| !s.summary.is_rehearsal())
        .find_map(|s| s.summary.group_id())
}

/// The groups to choose from when `plg` alone starts without `--group`: the
/// last one used first, then the others in the catalog's order.
pub fn group_choices(
    mut groups: Vec<crate::group::Group>,
    last_used: Option<&str>,
) -> Vec<crate::group::Group> {
    if let Some(i) = last_used.and_then(|id| groups.iter().position(|g| g.id == id)) {
        let last = groups.remove(i);
        groups.insert(0, last);
    }
    groups
}

/// What an answer to "which group?" picked: `Some(None)` for no group,
/// `Some(Some(i))` for `choices[i]`, `None` when it was not understood.
/// Enter takes the first (the last group used); a number, an id or a name
/// (ignoring case) picks one; `0`, `n` or `none` means no group.
pub fn pick_group(answer: &str, choices: &[crate::group::Group]) -> Option<Option<usize>> {
    let a = answer.trim();
    if a.is_empty() {
        return Some(Some(0));
    }
    if ["0", "n", "no", "none", "-"].contains(&a.to_ascii_lowercase().as_str()) {
        return Some(None);
    }
    if let Ok(n) = a.parse::<usize>() {
        return (1..=choices.len()).contains(&n).then_some(Some(n - 1));
    }
    choices
        .iter()
        .position(|g| g.id == a || g.name.eq_ignore_ascii_case(a))
        .map(Some)
}

/// Asks which group is meeting, the last one used first; at most three
/// tries, then no group. Returns the chosen group's id.
pub fn ask_group(
    choices: &[crate::group::Group],
    last_used: Option<&str>,
    input: &mut dyn std::io::BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Option<String>> {
    if choices.is_empty() {
        return Ok(None);
    }
    writeln!(out, "Which group is meeting?")?;
    for (i, g) in choices.iter().enumerate() {
        let last = if last_used == Some(g.id.as_str()) {
            "  (last time)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {}  {} ({}){last}",
            i + 1,
            crate::term_text::one_line(&g.name),
            crate::term_text::one_line(&g.id)
        )?;
    }
    writeln!(out, "  0  no group")?;
    for _ in 0..3 {
        write!(out, "Group [1]: ")?;
        out.flush()?;
        let mut answer = String::new();
        if input.read_line(&mut answer)? == 0 {
            return Ok(None);
        }
        match pick_group(&answer, choices) {
            Some(pick) => return Ok(pick.and_then(|i| choices.get(i)).map(|g| g.id.clone())),
            None => writeln!(
                out,
                "Type a number from the list, a group's id or name, or 0 for no group."
            )?,
        }
    }
    Ok(None)
}

/// Without `--group`, when groups exist and someone is at the keyboard:
/// which group is meeting (the last one used first).
fn choose_group(ctx: &Ctx, out: &mut dyn Write) -> Result<Option<String>, CommandError> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let groups: Vec<crate::group::Group> = super::groups::catalog(ctx)
        .entries
        .into_iter()
        .map(|e| e.item)
        .collect();
    if groups.is_empty() {
        return Ok(None);
    }
    // An index that cannot be read only costs the ordering.
    let index = super::logs::load_index(ctx).ok();
    let last = index
        .as_ref()
        .and_then(|i| last_group_used(&i.sessions))
        .map(str::to_string);
    let choices = group_choices(groups, last.as_deref());
    Ok(ask_group(
        &choices,
        last.as_deref(),
        &mut std::io::stdin().lock(),
        out,
    )?)
}

pub fn launcher(
    ctx: &Ctx,
    group: Option<&str>,
    speed: u32,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let config = load_config(ctx)?;
    let picked = pick_theme(ctx, theme, &config)?;
    if let super::resume::Offer::Resume(path) = super::resume::offer(ctx, out)? {
        // Only a rehearsal's speed was asked for: 1 is also what no --speed gives.
        return super::resume::resume_path(ctx, &path, (speed > 1).then_some(speed), theme, out);
    }
    let chosen = match group {
        Some(_) => None,
        None => choose_group(ctx, out)?,
    };
    let group = group.or(chosen.as_deref());
    let catalog = super::protocols::catalog(ctx);
    let protocols = catalog.entries.into_iter().map(|e| e.item).collect();
    let agendas = super::agendas::catalog(ctx)
        .entries
        .into_iter()
        .map(|e| e.item)
        .collect();
    let now = Clock::new(speed).now();
    let offset = Local::now().offset().fix();
    let mut app =
        App::launcher(protocols, picked, now, offset, Size::new(80, 24)).with_agendas(agendas);
    app.defaults = defaults(ctx, &config, group)?;
    // The group's own agenda is the first thing offered.
    let own = app.defaults.group.as_ref().and_then(|g| g.agenda.clone());
    if let Some(a) = own {
        app.select_agenda(&a.id);
    }
    run_app(app, speed, ctx, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::Paths;

    fn ctx(no_color: bool) -> Ctx {
        Ctx {
            paths: Paths::under(std::path::Path::new("/nonexistent-plg-home")),
            tty: true,
            color: !no_color,
            no_color,
            theme: None,
        }
    }

    /// Saves succeed until `fail` is set, then fail the way a full disk does.
    struct FlakySaver {
        path: std::path::PathBuf,
        fail: bool,
        saves: usize,
    }

    impl shell::Saver for FlakySaver {
        fn save(&mut self, _: &crate::record::SessionRecord) -> Result<std::path::PathBuf, String> {
            self.saves += 1;
            if self.fail {
                Err("disk full".into())
            } else {
                Ok(self.path.clone())
            }
        }
    }

    /// A meeting on screen whose first save went through.
    fn meeting_app(saver: &mut FlakySaver, clock: &Clock) -> App {
        use crate::meeting::{Meeting, Rounds};
        use crate::tui::app::Msg;
        use crate::tui::screens::meeting::MeetingScreen;

        let meeting = Meeting::start(
            crate::protocol::builtin("tuning").unwrap(),
            &Rounds::default(),
            clock.now(),
        );
        let ms = MeetingScreen::new(meeting, Default::default());
        let mut app = App::new(
            Screen::Meeting(Box::new(ms)),
            Theme::mono(),
            clock.now(),
            FixedOffset::east_opt(0).unwrap(),
            Size::new(80, 24),
        );
        let first = app.update(Msg::Tick, clock.now());
        assert!(first.save, "a new meeting saves at once");
        shell::carry_out(&mut app, &first, saver, clock);
        app
    }

    fn add_note(app: &mut App, clock: &Clock, text: &str) {
        let ms = app.meeting_mut().unwrap();
        ms.meeting.update(
            crate::meeting::Command::AddNote {
                kind: "warm".into(),
                text: text.into(),
            },
            clock.now(),
        );
    }

    #[test]
    fn sigterm_after_failed_saves_says_what_was_not_saved_and_fails() {
        use crate::tui::app::Msg;

        let clock = Clock::new(1);
        let mut saver = FlakySaver {
            path: "/plg-home/sessions/2026-11-23T1530_tuning.yaml".into(),
            fail: false,
            saves: 0,
        };
        let mut app = meeting_app(&mut saver, &clock);
        add_note(&mut app, &clock, "saved before the disk filled");
        let fx = app.update(Msg::Tick, clock.now());
        let fx = crate::tui::outcome::Effects { save: true, ..fx };
        shell::carry_out(&mut app, &fx, &mut saver, &clock);

        saver.fail = true;
        add_note(&mut app, &clock, "the rubric helped, said Ana");
        let fx = app.update(Msg::Terminate, clock.now());
        assert!(fx.save && fx.quit);
        shell::carry_out(&mut app, &fx, &mut saver, &clock);
        assert_eq!(saver.saves, 3, "the signal tried to save");

        let mut out = Vec::new();
        let result = finish(&app, Some(&saver.path), &mut out);
        let out = String::from_utf8(out).unwrap();
        let Err(CommandError::Failed(message)) = result else {
            panic!("a failed save must not end in success: {result:?}\n{out}");
        };
        assert!(
            message.contains("NOT fully saved")
                && message.contains("/plg-home/sessions/2026-11-23T1530_tuning.yaml")
                && message.contains("disk full"),
            "{message}"
        );
        assert!(!out.contains("Saved to"), "{out}");
        assert!(out.contains("1 note taken since then"), "{out}");
        assert!(out.contains("the rubric helped, said Ana"), "{out}");
        assert!(!out.contains("saved before the disk filled"), "{out}");
    }

    #[test]
    fn when_the_last_save_went_through_the_record_is_named() {
        use crate::tui::app::Msg;

        let clock = Clock::new(1);
        let mut saver = FlakySaver {
            path: "/plg-home/sessions/x.yaml".into(),
            fail: false,
            saves: 0,
        };
        let mut app = meeting_app(&mut saver, &clock);
        let fx = app.update(Msg::Terminate, clock.now());
        shell::carry_out(&mut app, &fx, &mut saver, &clock);
        let mut out = Vec::new();
        let code = finish(&app, Some(&saver.path), &mut out).unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("Saved to /plg-home/sessions/x.yaml\n"),
            "{out}"
        );
    }

    #[test]
    fn the_last_group_used_comes_first_among_the_choices() {
        use crate::meeting::session::{Closing, GroupRef, Setup};
        use crate::meeting::{Meeting, Rounds};
        use crate::record::SessionRecord;
        use crate::record::format::SessionView;
        use crate::record::index::SessionIndex;
        use crate::record::store;

        let dir = tempfile::tempdir().unwrap();
        let start = |at: &str| {
            Meeting::start(
                crate::protocol::builtin("tuning").unwrap(),
                &Rounds::default(),
                DateTime::parse_from_rfc3339(at)
                    .unwrap()
                    .with_timezone(&Utc),
            )
        };
        let save = |at: &str, group: &str, speed: u32| {
            let m = start(at);
            let setup = Setup {
                group: Some(GroupRef {
                    id: group.into(),
                    name: group.into(),
                    focus: None,
                }),
                ..Setup::default()
            };
            let rec = SessionRecord::from_session(
                &SessionView {
                    meeting: &m,
                    setup: &setup,
                    closing: &Closing::default(),
                    status: crate::record::Status::Completed,
                    draft: None,
                    speed,
                },
                m.started_at,
                FixedOffset::east_opt(0).unwrap(),
            );
            let path = store::session_path(dir.path(), rec.started_at, Some(group), "tuning");
            store::save(&path, &rec).unwrap();
        };
        save("2026-11-02T15:00:00Z", "math9", 1);
        save("2026-11-09T15:00:00Z", "sci7", 1);
        // A later rehearsal does not make its group the last one used.
        save("2026-11-10T15:00:00Z", "math9", 20);
        let index = SessionIndex::load_uncached(dir.path()).unwrap();
        assert_eq!(last_group_used(&index.sessions), Some("sci7"));
        assert_eq!(last_group_used(&[]), None);

        let group = |id: &str| crate::group::Group {
            id: id.into(),
            name: id.into(),
            focus: None,
            facilitator: None,
            members: Vec::new(),
            meets: None,
            norms: Vec::new(),
            agenda: None,
        };
        let ids = |gs: Vec<crate::group::Group>| gs.into_iter().map(|g| g.id).collect::<Vec<_>>();
        let all = || vec![group("arts"), group("math9"), group("sci7")];
        assert_eq!(
            ids(group_choices(all(), Some("sci7"))),
            ["sci7", "arts", "math9"]
        );
        assert_eq!(ids(group_choices(all(), None)), ["arts", "math9", "sci7"]);
        assert_eq!(
            ids(group_choices(all(), Some("gone"))),
            ["arts", "math9", "sci7"],
            "a group whose file is gone is not offered"
        );
    }

    fn groups(ids: &[&str]) -> Vec<crate::group::Group> {
        ids.iter()
            .map(|id| crate::group::Group {
                id: id.to_string(),
                name: format!("Group {id}"),
                focus: None,
                facilitator: None,
                members: Vec::new(),
                meets: None,
                norms: Vec::new(),
                agenda: None,
            })
            .collect()
    }

    #[test]
    fn the_group_question_takes_enter_a_number_an_id_a_name_or_none() {
        let choices = groups(&["sci7", "arts", "math9"]);
        assert_eq!(
            pick_group("\n", &choices),
            Some(Some(0)),
            "Enter: the last used"
        );
        assert_eq!(pick_group("3", &choices), Some(Some(2)));
        assert_eq!(pick_group("arts", &choices), Some(Some(1)));
        assert_eq!(pick_group("group MATH9", &choices), Some(Some(2)));
        assert_eq!(pick_group("0", &choices), Some(None));
        assert_eq!(pick_group("none", &choices), Some(None));
        assert_eq!(pick_group("4", &choices), None);
        assert_eq!(pick_group("history", &choices), None);

        let mut out = Vec::new();
        let mut input = std::io::Cursor::new("9\nmath9\n");
        let id = ask_group(&choices, Some("sci7"), &mut input, &mut out).unwrap();
        assert_eq!(id.as_deref(), Some("math9"));
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("Which group is meeting?\n  1  Group sci7 (sci7)  (last time)\n  2  Group arts (arts)\n"),
            "{out}"
        );
        assert!(out.contains("  0  no group\n"), "{out}");
        assert!(out.contains("Type a number from the list"), "{out}");

        let mut input = std::io::Cursor::new("\n");
        let id = ask_group(&choices, Some("sci7"), &mut input, &mut Vec::new()).unwrap();
        assert_eq!(id.as_deref(), Some("sci7"));
        let mut input = std::io::Cursor::new("");
        let id = ask_group(&choices, None, &mut input, &mut Vec::new()).unwrap();
        assert_eq!(id, None, "end of input: no group");
        let id = ask_group(&[], None, &mut std::io::Cursor::new("1\n"), &mut Vec::new()).unwrap();
        assert_eq!(id, None, "no groups: nothing asked");
    }

    #[test]
    fn no_color_forces_mono_whatever_was_asked() {
        let config = Config {
            theme: Some("projector".into()),
            ..Config::default()
        };
        assert_eq!(
            pick_theme(&ctx(true), Some("light"), &config).unwrap().id,
            "mono"
        );
        assert_eq!(
            pick_theme(&ctx(false), Some("light"), &config).unwrap().id,
            "light"
        );
        assert_eq!(
            pick_theme(&ctx(false), None, &config).unwrap().id,
            "projector"
        );
        assert_eq!(
            pick_theme(&ctx(false), None, &Config::default())
                .unwrap()
                .id,
            "default"
        );
    }
}
