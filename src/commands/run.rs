//! `plg run` and `plg` alone: the facilitator's runner in the terminal.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use chrono::{Local, Offset};
use ratatui::layout::Size;

use crate::catalog::Catalog;
use crate::config::{self, Config};
use crate::meeting::session::starter_norms;
use crate::record::history::group_history;
use crate::theme::{self, Theme};
use crate::tui::app::{App, Defaults, Screen};
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
    let app = shell::run(app, &mut saver, Clock::new(speed))?;
    if let Some(path) = saver.path() {
        let resumable = app
            .meeting()
            .is_some_and(|m| m.status == crate::record::Status::InProgress);
        writeln!(out, "Saved to {}", path.display())?;
        if resumable {
            writeln!(
                out,
                "The meeting is not finished; `plg resume` continues it."
            )?;
        }
        if let Some(e) = app.meeting().and_then(|m| m.save.error.clone()) {
            writeln!(
                out,
                "warning: the last save failed ({e}); the record may be missing recent changes"
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(
    ctx: &Ctx,
    protocol: &str,
    group: Option<&str>,
    speed: u32,
    theme: Option<&str>,
    out: &mut dyn Write,
) -> CommandResult {
    let config = load_config(ctx)?;
    // Mistakes in the command line are reported before anything is asked.
    let picked = pick_theme(ctx, theme, &config)?;
    let entry = super::protocols::catalog(ctx).resolve(protocol)?;
    if let super::resume::Offer::Resume(path) = super::resume::offer(ctx, out)? {
        return super::resume::resume_path(ctx, &path, speed, theme, out);
    }
    let defaults = defaults(ctx, &config, group)?;
    let now = Clock::new(speed).now();
    let offset = Local::now().offset().fix();
    let screen = Screen::Setup(Box::new(defaults.setup_screen(entry.item)));
    let mut app = App::new(screen, picked, now, offset, Size::new(80, 24));
    app.defaults = defaults;
    run_app(app, speed, ctx, out)
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
        return super::resume::resume_path(ctx, &path, speed, theme, out);
    }
    let catalog = super::protocols::catalog(ctx);
    let protocols = catalog.entries.into_iter().map(|e| e.item).collect();
    let now = Clock::new(speed).now();
    let offset = Local::now().offset().fix();
    let mut app = App::launcher(protocols, picked, now, offset, Size::new(80, 24));
    app.defaults = defaults(ctx, &config, group)?;
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
