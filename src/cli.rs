//! Command-line definitions. Parsing happens here; the work happens in
//! [`crate::commands`].

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
    /// Keep every plg folder (protocols, themes, groups, sessions, config) under DIR.
    #[arg(long, global = true, env = "PLG_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Extra protocol folder, searched after the user's folder (repeatable; PLG_PROTOCOLS takes a ':'-separated list).
    #[arg(
        long = "protocols",
        global = true,
        env = "PLG_PROTOCOLS",
        value_delimiter = ':',
        value_name = "DIR"
    )]
    pub protocol_dirs: Vec<PathBuf>,

    /// Extra theme folder, searched after the user's folder (PLG_THEMES: ':'-separated).
    #[arg(
        long = "themes",
        global = true,
        env = "PLG_THEMES",
        value_delimiter = ':',
        value_name = "DIR"
    )]
    pub theme_dirs: Vec<PathBuf>,

    /// Extra group folder, searched after the user's folder (PLG_GROUPS: ':'-separated).
    #[arg(
        long = "groups",
        global = true,
        env = "PLG_GROUPS",
        value_delimiter = ':',
        value_name = "DIR"
    )]
    pub group_dirs: Vec<PathBuf>,

    /// Colour theme for the runner (see `plg themes`).
    #[arg(long, global = true, value_name = "ID")]
    pub theme: Option<String>,

    /// With `plg` alone: the group meeting (its roster, norms and earlier sessions).
    #[arg(long, short, value_name = "ID")]
    pub group: Option<String>,

    /// Run time N times faster, to rehearse a protocol.
    #[arg(long, global = true, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub speed: u32,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a protocol on this screen: timed phases, notes, the projected clock.
    #[command(
        after_help = "Keys while running: Space pause · n next · p back · +/- a minute · Ctrl-R rebalance · Enter note · f facilitator notes · ? help · q quit\n\nExamples:\n  plg run tuning\n  plg run consultancy --theme projector\n  plg run tuning --group math9\n  plg run ./drafts/my-protocol.yaml --speed 30   # rehearse 30× faster"
    )]
    Run {
        /// A protocol id from `plg protocols`, or a path to a .yaml file.
        protocol: String,
        /// The group meeting: its roster, norms and earlier sessions (see `plg groups`).
        #[arg(long, short, value_name = "ID")]
        group: Option<String>,
    },

    /// Continue a meeting that was left unfinished (a crash, a closed laptop, "leave for later").
    #[command(
        after_help = "The clock comes back paused where it stopped, with the time away shown; Space restarts it.\n\nExamples:\n  plg resume                      the newest unfinished meeting\n  plg resume 2026-11-23T1530      by the start of its file name"
    )]
    Resume {
        /// A session's file name without .yaml (any unique prefix), or a path.
        id: Option<String>,
    },

    /// List the groups: roster size, facilitator, when and where they meet.
    #[command(after_help = "Examples:\n  plg groups\n  plg new group math9")]
    Groups,

    /// List the colour themes.
    #[command(after_help = "Examples:\n  plg themes\n  plg run tuning --theme projector")]
    Themes,

    /// List the protocol library: built-ins and your own files.
    #[command(
        after_help = "Examples:\n  plg protocols\n  plg protocols --protocols ./shared/protocols"
    )]
    Protocols,

    /// Print a readable outline of a protocol: phases, timings, roles, prompts.
    #[command(
        after_help = "Examples:\n  plg show tuning\n  plg show final-word --people 6\n  plg show ./drafts/my-protocol.yaml"
    )]
    Show {
        /// A protocol id from `plg protocols`, or a path to a .yaml file.
        protocol: String,
        /// Size rounds of `repeat: each` phases for this many people.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=200))]
        people: Option<u16>,
    },

    /// Check protocol files (or folders of them) and point at every mistake.
    #[command(
        after_help = "Exit status: 0 when every file is valid, 1 when any file has errors, 2 for usage errors.\n\nExamples:\n  plg check my-protocol.yaml\n  plg check ~/.config/plg/protocols\n  plg check protocols/ themes/"
    )]
    Check {
        /// Files or folders; folders are searched for *.yaml files.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },

    /// Write a commented starter file into your plg folders.
    #[command(after_help = "Examples:\n  plg new protocol peer-observation\n  plg new group math9")]
    New {
        #[command(subcommand)]
        what: NewCommand,
    },

    /// Print the JSON Schema of the protocol format, for editors.
    #[command(
        after_help = "Examples:\n  plg schema > protocol.schema.json\n\nWith yaml-language-server, put this first line in a protocol file:\n  # yaml-language-server: $schema=protocol.schema.json"
    )]
    Schema,

    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  plg completions bash > ~/.local/share/bash-completion/completions/plg\n  plg completions zsh > ~/.zfunc/_plg"
    )]
    Completions { shell: clap_complete::Shell },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A starter protocol in your protocol folder (never overwrites).
    Protocol {
        /// The new protocol's id: lowercase letters, digits and '-'.
        id: String,
    },
    /// A starter group in your groups folder (never overwrites).
    Group {
        /// The new group's id: lowercase letters, digits and '-'.
        id: String,
    },
}
