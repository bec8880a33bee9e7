use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use plg::cli::{Cli, Command, ExportFormat, LogsCommand, NewCommand, ReportFormat};
use plg::commands::{self, CommandError, Ctx};
use plg::paths::Paths;
use plg::term_text::{Mode, SafeWriter};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Error messages quote paths and file contents: they are sanitised like the rest.
    let mut err = SafeWriter::new(io::stderr(), Mode::PLAIN);
    let paths = match &cli.home {
        Some(home) => Paths::under(home),
        None => match Paths::platform() {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(err, "plg: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let paths = paths
        .with_extra_folders(&cli.protocol_dirs, &cli.theme_dirs, &cli.group_dirs)
        .with_extra_agendas(&cli.agenda_dirs);
    if let Some(e) = misplaced_runner_flag(&cli) {
        let _ = writeln!(err, "plg: {e}");
        return ExitCode::from(2);
    }
    let tty = io::stdout().is_terminal();
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let no_output_colour = no_color_env || !console_shows_colour(tty);
    let ctx = Ctx {
        paths,
        tty,
        color: cli.color.for_output(no_output_colour, tty),
        no_color: !cli.color.for_screens(no_color_env),
        theme: match &cli.command {
            Some(Command::Logs { theme, .. }) => theme.clone(),
            _ => None,
        }
        .or_else(|| cli.runner.theme.clone()),
    };
    // Before anything is written: `share: group` widens the modes of what plg writes.
    if let Ok(config) = plg::config::load(&ctx.paths.config_file()) {
        plg::files::share_with_group(config.share_with_group);
    }

    let stdout = io::stdout();
    let mode = stdout_mode(&ctx, cli.command.as_ref());
    let mut out = SafeWriter::new(stdout.lock(), mode);
    let result = dispatch(&ctx, &cli, cli.command.as_ref(), &mut out, &mut err);
    let flushed = out.finish();
    match (result, flushed) {
        (Ok(code), Ok(())) => code,
        // The reader went away (`plg protocols | head`): not an error worth
        // reporting, but a command that failed (`plg check bad.yaml | head`)
        // still says so.
        (Ok(code), Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => code,
        (Err(CommandError::Io(e)), _) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(e), _) => {
            let _ = writeln!(err, "plg: {e}");
            e.exit_code()
        }
        (Ok(_), Err(e)) => {
            let _ = writeln!(err, "plg: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A Windows console shows colour only once asked to read escape sequences
/// (Windows Terminal always does; an older console may refuse, and then plg
/// writes plain text rather than escape codes). Elsewhere terminals do.
#[cfg(windows)]
fn console_shows_colour(tty: bool) -> bool {
    tty && ratatui::crossterm::ansi_support::supports_ansi()
}

#[cfg(not(windows))]
fn console_shows_colour(_tty: bool) -> bool {
    true
}

/// How stdout is sanitised: JSON stays valid JSON, and only the commands
/// that colour their own output (check's snippets, search highlights) may
/// send colour, and only to a colour terminal.
fn stdout_mode(ctx: &Ctx, command: Option<&Command>) -> Mode {
    let own_colour = Mode::Text {
        allow_sgr: ctx.color,
    };
    match command {
        Some(Command::Logs {
            command: Some(LogsCommand::List(args)),
            ..
        }) if args.json => Mode::Json,
        Some(Command::Logs {
            command: Some(LogsCommand::List(args)),
            ..
        }) if args.search.is_some() => own_colour,
        Some(Command::Export(args)) if args.format == ExportFormat::Json => Mode::Json,
        Some(Command::Actions(args)) if args.json => Mode::Json,
        Some(Command::Schema { .. }) => Mode::Json,
        Some(Command::Show { json: true, .. }) => Mode::Json,
        Some(Command::Check { json: true, .. }) => Mode::Json,
        Some(Command::Protocols { json: true }) => Mode::Json,
        Some(Command::Agendas { json: true }) => Mode::Json,
        Some(Command::Groups { json: true }) => Mode::Json,
        Some(Command::Themes { json: true }) => Mode::Json,
        Some(Command::Report(args)) if args.format() == ReportFormat::Json => Mode::Json,
        Some(Command::Check { .. }) => own_colour,
        _ => Mode::PLAIN,
    }
}

fn dispatch(
    ctx: &Ctx,
    cli: &Cli,
    command: Option<&Command>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> commands::CommandResult {
    // Given before the subcommand (`plg --speed 20 run tuning`), as plg
    // has always accepted; given after it, the subcommand's own wins.
    let top = &cli.runner;
    match command {
        None => commands::run::launcher(
            ctx,
            cli.group.as_deref(),
            top.speed.unwrap_or(1),
            top.theme.as_deref(),
            out,
        ),
        Some(Command::Run {
            protocol,
            choose,
            group,
            runner,
        }) => {
            let group = group.as_deref().or(cli.group.as_deref());
            let speed = runner.speed.or(top.speed).unwrap_or(1);
            let theme = runner.theme.as_deref().or(top.theme.as_deref());
            let what = commands::run::What {
                id: protocol.as_deref(),
                choose: choose.as_deref(),
            };
            commands::run::run(ctx, what, group, speed, theme, out)
        }
        Some(Command::Groups { json }) => commands::groups::list(ctx, *json, out, err),
        Some(Command::Resume { id, theme, speed }) => {
            let theme = theme.as_deref().or(top.theme.as_deref());
            commands::resume::run(ctx, id.as_deref(), *speed, theme, out)
        }
        Some(Command::Room { id, theme }) => {
            let theme = theme.as_deref().or(top.theme.as_deref());
            commands::room::run(ctx, id.as_deref(), theme, out)
        }
        Some(Command::Themes { json }) => commands::themes::list(ctx, *json, out, err),
        Some(Command::Protocols { json }) => commands::protocols::list(ctx, *json, out, err),
        Some(Command::Agendas { json }) => commands::agendas::list(ctx, *json, out, err),
        Some(Command::Show {
            protocol,
            people,
            json,
        }) => commands::protocols::show(ctx, protocol, people.map(usize::from), *json, out),
        Some(Command::Check { paths, json }) => commands::check::run(ctx, paths, *json, out),
        Some(Command::New { what }) => match what {
            NewCommand::Protocol { id } => commands::new::protocol(ctx, id, out),
            NewCommand::Agenda { id } => commands::new::agenda(ctx, id, out),
            NewCommand::Group { id } => commands::new::group(ctx, id, out),
            NewCommand::Theme { id } => commands::new::theme(ctx, id, out),
        },
        Some(Command::Schema { kind }) => commands::new::schema((*kind).into(), out),
        Some(Command::Man) => commands::man::run(out),
        Some(Command::Logs { command, .. }) => commands::logs::run(ctx, command.as_ref(), out, err),
        Some(Command::Export(args)) => commands::export::run(ctx, args, out, err),
        Some(Command::Report(args)) => commands::report::run(ctx, args, out, err),
        Some(Command::Actions(args)) => commands::actions::run(ctx, args, out, err),
        Some(Command::Completions { shell }) => {
            plg::cli::write_completions(*shell, out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--theme` and `--speed` before a subcommand were accepted everywhere once;
/// now a command that would ignore them says so instead.
fn misplaced_runner_flag(cli: &Cli) -> Option<String> {
    let flag = match (&cli.runner.theme, cli.runner.speed) {
        (_, Some(_)) => "--speed",
        (Some(_), None) => "--theme",
        (None, None) => return None,
    };
    let acts = match &cli.command {
        None | Some(Command::Run { .. }) => true,
        Some(Command::Resume { .. } | Command::Room { .. }) => flag == "--theme",
        Some(Command::Logs { command: None, .. }) => flag == "--theme",
        Some(_) => false,
    };
    (!acts).then(|| {
        format!(
            "{flag} does nothing here: it is for `plg` alone and `plg run`{}",
            if flag == "--theme" {
                " (and `plg resume`, `plg room`, `plg logs`)"
            } else {
                ""
            }
        )
    })
}
