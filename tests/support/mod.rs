// Each test binary uses a different part of the support code.
#![allow(dead_code)]

pub mod agenda;
pub mod hostile;
pub mod sessions;
pub mod tmux;

use std::path::Path;
use std::process::{Command, Output};

/// Runs the real plg with `home` as PLG_HOME and no extra search folders.
pub fn plg(args: &[&str], home: &Path) -> Output {
    plg_env(args, home, &[])
}

/// [`plg`] with these environment variables set as well.
pub fn plg_env(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_plg"));
    c.args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env_remove("PLG_THEMES")
        .env_remove("PLG_GROUPS")
        .env_remove("PLG_AGENDAS")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("plg runs")
}

/// What a command printed on stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a command printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The session records in `home`, oldest name first; temporaries and lock
/// files (dot-files) are not records.
pub fn records(home: &Path) -> Vec<std::path::PathBuf> {
    let Ok(dir) = std::fs::read_dir(home.join("sessions")) else {
        return Vec::new();
    };
    let mut found: Vec<_> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    found.sort();
    found
}
