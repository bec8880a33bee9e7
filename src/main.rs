use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use plg::cli::{Cli, Command, NewCommand};
use plg::commands::{self, CommandError, Ctx};
use plg::paths::Paths;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let paths = match &cli.home {
        Some(home) => Paths::under(home),
        None => match Paths::platform() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("plg: {e}");
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

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut err = io::stderr();
    let result = dispatch(&ctx, &cli, cli.command.as_ref(), &mut out, &mut err);
    let flushed = out.flush();
    match (result, flushed) {
        (Ok(code), Ok(())) => code,
        // The reader went away (`plg protocols | head`): not an error worth reporting.
        (Err(CommandError::Io(e)), _) | (Ok(_), Err(e))
            if e.kind() == io::ErrorKind::BrokenPipe =>
        {
            ExitCode::SUCCESS
        }
        (Err(e), _) => {
            eprintln!("plg: {e}");
            e.exit_code()
        }
        (Ok(_), Err(e)) => {
            eprintln!("plg: {e}");
            ExitCode::FAILURE
        }
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
        Some(Command::Show { protocol, people }) => {
            commands::protocols::show(ctx, protocol, people.map(usize::from), out)
        }
        Some(Command::Check { paths }) => commands::check::run(ctx, paths, out),
        Some(Command::New { what }) => match what {
            NewCommand::Protocol { id } => commands::protocols::new(ctx, id, out),
            NewCommand::Group { id } => commands::groups::new(ctx, id, out),
        },
        Some(Command::Schema) => commands::protocols::schema(out),
        Some(Command::Logs { command }) => commands::logs::run(ctx, command.as_ref(), out, err),
        Some(Command::Export(args)) => commands::export::run(ctx, args, out, err),
        Some(Command::Report(args)) => commands::report::run(ctx, args, out, err),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(*shell, &mut Cli::command(), "plg", out);
            Ok(ExitCode::SUCCESS)
        }
    }
}
