use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use plg::cli::{Cli, Command, ExportFormat, LogsCommand, NewCommand};
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
    let paths = Paths {
        extra_protocols: cli.protocol_dirs.clone(),
        extra_themes: cli.theme_dirs.clone(),
        extra_groups: cli.group_dirs.clone(),
        ..paths
    };
    let tty = io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let ctx = Ctx {
        paths,
        tty,
        color: tty && !no_color,
        no_color,
        theme: cli.theme.clone(),
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
        }) if args.json => Mode::Json,
        Some(Command::Logs {
            command: Some(LogsCommand::List(args)),
        }) if args.search.is_some() => own_colour,
        Some(Command::Export(args)) if args.format == ExportFormat::Json => Mode::Json,
        Some(Command::Actions(args)) if args.json => Mode::Json,
        Some(Command::Schema) => Mode::Json,
        Some(Command::Show { json: true, .. }) => Mode::Json,
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
    let theme = cli.theme.as_deref();
    match command {
        None => commands::run::launcher(ctx, cli.group.as_deref(), cli.speed, theme, out),
        Some(Command::Run { protocol, group }) => {
            let group = group.as_deref().or(cli.group.as_deref());
            commands::run::run(ctx, protocol, group, cli.speed, theme, out)
        }
        Some(Command::Groups) => commands::groups::list(ctx, out),
        Some(Command::Resume { id }) => {
            commands::resume::run(ctx, id.as_deref(), cli.speed, theme, out)
        }
        Some(Command::Themes) => commands::themes::list(ctx, out),
        Some(Command::Protocols) => commands::protocols::list(ctx, out),
        Some(Command::Show {
            protocol,
            people,
            json,
        }) => commands::protocols::show(ctx, protocol, people.map(usize::from), *json, out),
        Some(Command::Check { paths }) => commands::check::run(ctx, paths, out),
        Some(Command::New { what }) => match what {
            NewCommand::Protocol { id } => commands::protocols::new(ctx, id, out),
            NewCommand::Group { id } => commands::groups::new(ctx, id, out),
        },
        Some(Command::Schema) => commands::protocols::schema(out),
        Some(Command::Logs { command }) => commands::logs::run(ctx, command.as_ref(), out, err),
        Some(Command::Export(args)) => commands::export::run(ctx, args, out, err),
        Some(Command::Report(args)) => commands::report::run(ctx, args, out, err),
        Some(Command::Actions(args)) => commands::actions::run(ctx, args, out, err),
        Some(Command::Completions { shell }) => {
            plg::cli::write_completions(*shell, out)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
