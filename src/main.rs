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
        ..paths
    };
    let tty = io::stdout().is_terminal();
    let ctx = Ctx {
        paths,
        tty,
        color: tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };

    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut err = io::stderr();
    let result = dispatch(&ctx, cli.command, &mut out, &mut err);
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
    command: Option<Command>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> commands::CommandResult {
    match command {
        None => {
            // The launcher arrives with the runner; until then, the library is the starting point.
            commands::protocols::list(ctx, out)
        }
        Some(Command::Protocols) => commands::protocols::list(ctx, out),
        Some(Command::Show { protocol, people }) => {
            commands::protocols::show(ctx, &protocol, people.map(usize::from), out)
        }
        Some(Command::Check { paths }) => commands::check::run(ctx, &paths, out),
        Some(Command::New { what }) => match what {
            NewCommand::Protocol { id } => commands::protocols::new(ctx, &id, out),
        },
        Some(Command::Schema) => commands::protocols::schema(out),
        Some(Command::Logs { command }) => commands::logs::run(ctx, command, out, err),
        Some(Command::Export(args)) => commands::export::run(ctx, &args, out, err),
        Some(Command::Report(args)) => commands::report::run(ctx, &args, out, err),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "plg", out);
            Ok(ExitCode::SUCCESS)
        }
    }
}
