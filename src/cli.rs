//! Command-line definitions. Parsing happens here; the work happens in
//! [`crate::commands`].

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "plg",
    version,
    about = "A terminal companion for professional learning groups",
    long_about = "plg runs structured protocols (Tuning, Consultancy, Examining Student Work, …) \
                  phase by phase on a projected screen, keeps a record of each meeting as a YAML \
                  file, and helps the group look back over months.\n\n\
                  Run `plg` alone to pick a protocol from the library.",
    after_help = "Examples:\n  plg                      pick a protocol and run it\n  plg run tuning           run the Tuning protocol\n  plg protocols            list the protocol library\n  plg check my-protocol.yaml"
)]
pub struct Cli {
    /// Keep every plg folder (protocols, agendas, themes, groups, sessions, config) under DIR.
    #[arg(long, global = true, env = "PLG_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Extra protocol folder, searched after the user's folder (repeatable). Without it, the
    /// folders PLG_PROTOCOLS lists, separated by ':' (';' on Windows).
    #[arg(long = "protocols", global = true, value_name = "DIR")]
    pub protocol_dirs: Vec<PathBuf>,

    /// Extra agenda folder, searched after the user's folder (repeatable). Without it, the
    /// folders PLG_AGENDAS lists, separated by ':' (';' on Windows).
    #[arg(long = "agendas", global = true, value_name = "DIR")]
    pub agenda_dirs: Vec<PathBuf>,

    /// Extra theme folder, searched after the user's folder (repeatable). Without it, the
    /// folders PLG_THEMES lists, separated by ':' (';' on Windows).
    #[arg(long = "themes", global = true, value_name = "DIR")]
    pub theme_dirs: Vec<PathBuf>,

    /// Extra group folder, searched after the user's folder (repeatable). Without it, the
    /// folders PLG_GROUPS lists, separated by ':' (';' on Windows).
    #[arg(long = "groups", global = true, value_name = "DIR")]
    pub group_dirs: Vec<PathBuf>,

    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, or never.
    /// `never` also runs the meeting screens in the `mono` theme; `always` overrides NO_COLOR.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        hide_possible_values = true
    )]
    pub color: ColorChoice,

    /// With `plg` alone: the group meeting (its roster, norms and earlier sessions).
    /// Without it, plg asks which group first when groups exist (the last one used first).
    #[arg(long, short, value_name = "ID")]
    pub group: Option<String>,

    /// With `plg` alone: the theme and speed of the protocol picked.
    #[command(flatten, next_help_heading = "With `plg` alone, or before `run`")]
    pub runner: RunnerArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When plg colours what it prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Colour even into a pipe or a file, and even when NO_COLOR is set.
    Always,
    /// No colour at all; the meeting screens use the `mono` theme.
    Never,
}

impl ColorChoice {
    /// Whether printed output is coloured: the flag first, then NO_COLOR,
    /// then whether output goes to a terminal.
    pub fn for_output(self, no_color_env: bool, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && !no_color_env,
        }
    }

    /// Whether the terminal screens use a colour theme: the flag first, then
    /// NO_COLOR (the screens only ever run on a terminal).
    pub fn for_screens(self, no_color_env: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color_env,
        }
    }
}

/// How the meeting screens look and how fast their clock runs: only where a
/// meeting is run (`plg`, `plg run`).
#[derive(Debug, Clone, Default, Args)]
pub struct RunnerArgs {
    /// Colour theme for the screens (see `plg themes`).
    #[arg(long, value_name = "ID")]
    pub theme: Option<String>,

    /// Run time N times faster, to rehearse a protocol (a rehearsal is saved marked as one).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub speed: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run an agenda (the whole meeting) or a protocol on this screen: timed phases, notes, the projected clock.
    #[command(
        after_help = "Keys while running: Space pause · n next · p back · +/- a minute · Ctrl-R rebalance · Enter note · f facilitator notes · ? help · q quit\n\nExamples:\n  plg run tuning\n  plg run consultancy --theme projector\n  plg run tuning --group math9                the protocol alone\n  plg run weekly --group math9                an agenda: the whole meeting, one clock\n  plg run weekly --choose consultancy         an agenda's `protocol: choose` item, picked here\n  plg run --group math9                       the group's agenda (`agenda:` in its file)\n  plg run ./drafts/my-protocol.yaml --speed 30   # rehearse 30× faster"
    )]
    Run {
        /// An agenda id from `plg agendas`, a protocol id from `plg protocols`, or a path to a
        /// .yaml file. Without it, `--group`'s agenda.
        #[arg(value_name = "AGENDA|PROTOCOL")]
        protocol: Option<String>,
        /// The protocol for the agenda's `protocol: choose` item (else setup asks).
        #[arg(long, value_name = "PROTOCOL")]
        choose: Option<String>,
        /// The group meeting: its roster, norms and earlier sessions (see `plg groups`).
        #[arg(long, short, value_name = "ID")]
        group: Option<String>,
        #[command(flatten)]
        runner: RunnerArgs,
    },

    /// The room's screen, for a second window on the projector: follows the meeting `plg run` runs here.
    #[command(
        after_help = "Start it before the meeting (it waits), during it, or again after closing it: it follows the meeting as the console saves it, shows its end, then waits for the next. The console (`plg run`) becomes the facilitator's screen while a room screen is attached; Ctrl-W there shows saved notes to the room. q or Ctrl-C closes this screen only; the meeting goes on.\n\nExamples:\n  plg room                                   the meeting running on this machine\n  plg room --theme projector\n  plg room 2026-11-23T1530_math9_tuning      one of several meetings, by its record's name"
    )]
    Room {
        /// The meeting to follow when several run here: its record's file name without .yaml (or its start).
        id: Option<String>,
        /// Colour theme for the room's screen (see `plg themes`).
        #[arg(long, value_name = "ID")]
        theme: Option<String>,
    },

    /// Continue a meeting that was left unfinished (a crash, a closed laptop, "leave for later").
    #[command(
        after_help = "The clock comes back paused where it stopped, with the time away shown; Space restarts it.\n\nExamples:\n  plg resume                      the newest unfinished meeting\n  plg resume 2026-11-23T1530      by the start of its file name"
    )]
    Resume {
        /// A session's file name without .yaml (any unique prefix), or a path.
        id: Option<String>,
        /// Colour theme for the screens (see `plg themes`).
        #[arg(long, value_name = "ID")]
        theme: Option<String>,
        /// A resumed meeting keeps its own speed; given here, plg says so.
        #[arg(long, hide = true, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3600))]
        speed: Option<u32>,
    },

    /// List the groups: roster size, facilitator, when and where they meet.
    #[command(after_help = "Examples:\n  plg groups\n  plg groups --json\n  plg new group math9")]
    Groups {
        /// Print a JSON array instead of a table (the shape is in docs/group-format.md).
        #[arg(long)]
        json: bool,
    },

    /// List the colour themes.
    #[command(
        after_help = "Examples:\n  plg themes\n  plg themes --json\n  plg run tuning --theme projector"
    )]
    Themes {
        /// Print a JSON array instead of a table (the shape is in docs/theme-format.md).
        #[arg(long)]
        json: bool,
    },

    /// List the protocol library: built-ins and your own files.
    #[command(
        after_help = "Examples:\n  plg protocols\n  plg protocols --json\n  plg protocols --protocols ./shared/protocols"
    )]
    Protocols {
        /// Print a JSON array instead of a table (the shape is in docs/protocol-format.md).
        #[arg(long)]
        json: bool,
    },

    /// List the agendas: whole meetings (a connection, a protocol, logistics, plus/delta).
    #[command(
        after_help = "Examples:\n  plg agendas\n  plg agendas --json\n  plg agendas --agendas ./shared/agendas\n  plg show plg-meeting"
    )]
    Agendas {
        /// Print a JSON array instead of a table (the shape is in docs/agenda-format.md).
        #[arg(long)]
        json: bool,
    },

    /// Print a readable outline of a protocol (phases, timings, roles, prompts) or of an agenda (its items, each protocol's phases under its item).
    #[command(
        after_help = "Without --people, rounds are sized for the protocol's ideal group size, or 8.\n\nExamples:\n  plg show tuning\n  plg show final-word --people 12\n  plg show tuning --json\n  plg show plg-meeting\n  plg show ./drafts/my-protocol.yaml"
    )]
    Show {
        /// A protocol id from `plg protocols`, an agenda id from `plg agendas`, or a path to a .yaml file.
        protocol: String,
        /// Size rounds, circles and turns for this many people present.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
        people: Option<u16>,
        /// Print the outline as JSON (its shape is in docs/protocol-format.md, an agenda's in docs/agenda-format.md).
        #[arg(long)]
        json: bool,
    },

    /// Check protocol, agenda, group and theme files (or folders of them) and point at every mistake.
    #[command(
        after_help = "Exit status: 0 when every file is valid, 1 when any file has errors, 2 for usage errors.\n\nExamples:\n  plg check my-protocol.yaml\n  plg check ~/.config/plg/protocols\n  plg check protocols/ themes/\n  plg check --json protocols/ > problems.json"
    )]
    Check {
        /// Files or folders; folders are searched for *.yaml files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Print every problem as a JSON array (file, line, column, severity, message, hint;
        /// the shape is in docs/protocol-format.md).
        #[arg(long)]
        json: bool,
    },

    /// Write a commented starter file into your plg folders.
    #[command(
        after_help = "Each starter's first line points editors with yaml-language-server at a JSON Schema written beside it (.schemas/KIND.schema.json), so the two can be shared or moved together.\n\nExamples:\n  plg new protocol peer-observation\n  plg new agenda weekly\n  plg new group math9\n  plg new theme room-204"
    )]
    New {
        #[command(subcommand)]
        what: NewCommand,
    },

    /// Print the JSON Schema of a file format (protocol, agenda, group, theme or config.yaml), for editors.
    #[command(
        after_help = "`plg new` writes the schema beside each starter file, in a .schemas folder, and points the starter's first line at it.\n\nExamples:\n  plg schema > protocol.schema.json\n  plg schema group > .schemas/group.schema.json\n  plg schema config\n\nWith yaml-language-server, put this first line in a file:\n  # yaml-language-server: $schema=.schemas/group.schema.json"
    )]
    Schema {
        /// Which format.
        #[arg(value_enum, default_value_t)]
        kind: SchemaKind,
    },

    /// Print plg's manual page (roff), generated from the same definitions as --help.
    #[command(
        visible_alias = "manpage",
        after_help = "Examples:\n  plg man | man -l -\n  mkdir -p ~/.local/share/man/man1 && plg man > ~/.local/share/man/man1/plg.1\n  (then `man plg`; run `mandb` first if your system keeps a man index)"
    )]
    Man,

    /// Look back at past sessions: browse them at a terminal, or list, search and read them.
    #[command(
        after_help = "Without a subcommand, at a terminal, opens the browser: the sessions as a table, / to search, g and p to filter, Enter to read one, q to quit. When output goes to a pipe or a file, it lists sessions like `plg logs list` instead.\n\nExamples:\n  plg logs                                  the browser\n  plg logs --theme projector\n  plg logs list --group math9 --since 2026-08-01\n  plg logs list --search \"sentence frames\"\n  plg logs show 2026-11-23T1530"
    )]
    Logs {
        /// The browser's colour theme (see `plg themes`).
        #[arg(long, value_name = "ID")]
        theme: Option<String>,
        #[command(subcommand)]
        command: Option<LogsCommand>,
    },

    /// Export sessions as Markdown, HTML, CSV or JSON, to share or archive.
    #[command(
        after_help = "Examples:\n  plg export 2026-11-23T1530 > meeting.md\n  plg export 2026-11-23 2026-12-07 --format html -o math9-autumn.html\n  plg export --group math9 --since 2026-08-01 --format csv -o notes.csv\n  plg export --group math9 --format csv --attendance > attendance.csv\n  plg export --group math9 --format csv --table checkin -o checkin.csv\n  plg export --group math9 --format json"
    )]
    Export(ExportArgs),

    /// Report each group against the PLG guidelines: cadence, length, attendance, presenters, norms, follow-ups.
    #[command(
        after_help = "Rehearsals (unless --rehearsals) and sessions still in progress are left out of the figures.\n\nExamples:\n  plg report\n  plg report --group math9 --since 2026-08-01\n  plg report --format html -o report.html\n  plg report --json"
    )]
    Report(ReportArgs),

    /// List action items across meetings: meeting date, group, owner, due date, done or open.
    #[command(
        after_help = "Newest meeting first; rehearsals are left out unless --rehearsals.\n\nExamples:\n  plg actions\n  plg actions --group math9 --open\n  plg actions --open --json"
    )]
    Actions(ActionsArgs),

    /// Print a shell completion script, to install where your shell looks for one.
    #[command(
        after_help = "Where each shell looks (open a new shell afterwards):\n  bash        ~/.local/share/bash-completion/completions/plg  (needs the bash-completion package)\n  zsh         a file named _plg in a folder on $fpath, e.g. ~/.zfunc/_plg, with\n              `fpath=(~/.zfunc $fpath)` before `compinit` in ~/.zshrc\n  fish        ~/.config/fish/completions/plg.fish\n  powershell  add `plg completions powershell | Out-String | Invoke-Expression` to $PROFILE\n  elvish      `eval (plg completions elvish | slurp)` in ~/.config/elvish/rc.elv\n\nExamples:\n  mkdir -p ~/.local/share/bash-completion/completions\n  plg completions bash > ~/.local/share/bash-completion/completions/plg\n  mkdir -p ~/.zfunc && plg completions zsh > ~/.zfunc/_plg\n  plg completions fish > ~/.config/fish/completions/plg.fish"
    )]
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A starter protocol in your protocol folder (never overwrites).
    Protocol {
        /// The new protocol's id: lowercase letters, digits and '-'.
        id: String,
    },
    /// A starter agenda in your agendas folder (never overwrites).
    Agenda {
        /// The new agenda's id: lowercase letters, digits and '-'.
        id: String,
    },
    /// A starter group in your groups folder (never overwrites).
    Group {
        /// The new group's id: lowercase letters, digits and '-'.
        id: String,
    },
    /// A starter colour theme in your themes folder (never overwrites).
    Theme {
        /// The new theme's id: lowercase letters, digits and '-'.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// List sessions, newest first, with date, group, protocol, presenter, length and status.
    #[command(
        after_help = "Damaged records are named on stderr (warning: FILE:LINE: MESSAGE); the rest are still listed.\n\nExamples:\n  plg logs list\n  plg logs list --group math9 --protocol tuning\n  plg logs list --since 2026-08-01 --json\n  plg logs list --search \"exit ticket\""
    )]
    List(ListArgs),

    /// Show one session in full: attendance, roles, phases, notes, check-in, plus/delta, actions.
    #[command(
        after_help = "ID is the record's file name without .yaml; any unique beginning of it works.\n\nExamples:\n  plg logs show 2026-11-23T1530_math9_tuning\n  plg logs show 2026-11-23"
    )]
    Show {
        /// A session ID (file name without .yaml) or a unique prefix of one.
        id: String,
    },
}

/// Which sessions `plg logs list` shows.
#[derive(Debug, Clone, Default, Args)]
pub struct ListArgs {
    /// Only this group (its id or name).
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only this protocol (its id or name).
    #[arg(long, value_name = "PROTOCOL")]
    pub protocol: Option<String>,
    /// Only sessions on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions that hold every word of TEXT somewhere: notes, questions, comments,
    /// plus/delta, actions, or the names of the group and the people (ignoring case and accents;
    /// "quoted words" must appear together).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// List rehearsals (`plg run --speed N`) too; they are left out otherwise.
    #[arg(long)]
    pub rehearsals: bool,
}

/// Which sessions to export, and how.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Session IDs (file names without .yaml) or unique prefixes of them.
    #[arg(value_name = "ID", conflicts_with = "group")]
    pub ids: Vec<String>,
    /// Every session of this group (its id or name), oldest first.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// With --group: only sessions on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "group")]
    pub since: Option<NaiveDate>,
    /// With --group: rehearsals (`plg run --speed N`) too; they are left out otherwise.
    /// A rehearsal named by ID is always exported.
    #[arg(long, requires = "group")]
    pub rehearsals: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// With --format csv: one row per person per session instead of one per note.
    #[arg(long)]
    pub attendance: bool,
    /// With --format csv: which table (notes when not given; --attendance is --table attendance).
    #[arg(long, value_enum, value_name = "TABLE", conflicts_with = "attendance")]
    pub table: Option<CsvTable>,
    /// Write to FILE instead of standard output (all at once; never half a file).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// Which action items `plg actions` lists.
#[derive(Debug, Clone, Default, Args)]
pub struct ActionsArgs {
    /// Only this group's meetings (its id or name).
    #[arg(long, short, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only items not marked done.
    #[arg(long)]
    pub open: bool,
    /// Rehearsals' items too (`plg run --speed N`); they are left out otherwise.
    #[arg(long)]
    pub rehearsals: bool,
    /// Print a JSON array instead of a table (the shape is in docs/reviewing.md).
    #[arg(long)]
    pub json: bool,
}

/// What `plg report` covers and how it is written.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Only this group (its id or name); without it, every group in turn.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Only sessions on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Count rehearsals (`plg run --speed N`) in the figures; they are left out otherwise.
    #[arg(long)]
    pub rehearsals: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
    /// The same as `--format json` (the shape is in docs/reviewing.md).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// What `plg export --format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ExportFormat {
    /// Markdown, for pasting into a shared document.
    #[default]
    Md,
    /// One self-contained, printable HTML page.
    Html,
    /// One table as comma-separated values: notes, or the one --table names.
    Csv,
    /// The records as JSON.
    Json,
}

impl From<ExportFormat> for crate::review::export::ExportFormat {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Md => Self::Md,
            ExportFormat::Html => Self::Html,
            ExportFormat::Csv => Self::Csv,
            ExportFormat::Json => Self::Json,
        }
    }
}

/// What `plg export --format csv --table` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvTable {
    /// One row per note (the default).
    Notes,
    /// One row per person per session: present, absent or guest.
    Attendance,
    /// One row per norm per session: the room's fist-to-five, the hands and the comment.
    Checkin,
    /// One row per plus and per delta, with a delta's owner.
    PlusDelta,
    /// One row per action item: owner, due date, and open or done as the meeting recorded it.
    Actions,
}

impl From<CsvTable> for crate::review::export::CsvTable {
    fn from(t: CsvTable) -> Self {
        match t {
            CsvTable::Notes => Self::Notes,
            CsvTable::Attendance => Self::Attendance,
            CsvTable::Checkin => Self::Checkin,
            CsvTable::PlusDelta => Self::PlusDelta,
            CsvTable::Actions => Self::Actions,
        }
    }
}

/// What `plg schema` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SchemaKind {
    /// A protocol file (the default).
    #[default]
    Protocol,
    /// An agenda file.
    Agenda,
    /// A group file.
    Group,
    /// A colour theme.
    Theme,
    /// config.yaml.
    Config,
}

impl From<SchemaKind> for crate::schema::Kind {
    fn from(k: SchemaKind) -> Self {
        match k {
            SchemaKind::Protocol => Self::Protocol,
            SchemaKind::Agenda => Self::Agenda,
            SchemaKind::Group => Self::Group,
            SchemaKind::Theme => Self::Theme,
            SchemaKind::Config => Self::Config,
        }
    }
}

/// What `plg report --format` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ReportFormat {
    /// Plain text for the terminal, with sparklines.
    #[default]
    Text,
    /// Markdown, for a shared document.
    Md,
    /// One self-contained HTML page with charts.
    Html,
    /// The figures as JSON, for scripts.
    Json,
}

impl ReportArgs {
    /// `--json` or `--format json`: the same thing.
    pub fn format(&self) -> ReportFormat {
        if self.json {
            ReportFormat::Json
        } else {
            self.format
        }
    }
}

/// Writes the completion script for `shell` to `out`. clap_complete panics
/// when its writer fails (`plg completions bash | true` closes the pipe
/// first), so the script is generated into memory and written in one go,
/// which turns a closed pipe into an ordinary error.
pub fn write_completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use clap::CommandFactory;
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "plg", &mut script);
    out.write_all(&script)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader went away.
    struct Closed;

    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn completions_to_a_closed_pipe_are_an_error_not_a_panic() {
        let e = write_completions(clap_complete::Shell::Bash, &mut Closed).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe);
        let mut script = Vec::new();
        write_completions(clap_complete::Shell::Bash, &mut script).unwrap();
        assert!(String::from_utf8_lossy(&script).contains("_plg()"));
    }
}
