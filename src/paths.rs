//! Where plg's files live.
//!
//! With `--home DIR` (or `PLG_HOME`) every folder sits under DIR: handy for
//! tests and for groups that keep plg's files in a shared folder or a git
//! repository. Otherwise the platform's config and data folders are used
//! (on Linux `~/.config/plg` and `~/.local/share/plg`, on Windows
//! `%APPDATA%\plg`, on macOS `~/Library/Application Support/plg`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Extra protocol folders, when no `--protocols` is given.
pub const PROTOCOLS_VAR: &str = "PLG_PROTOCOLS";
/// Extra theme folders, when no `--themes` is given.
pub const THEMES_VAR: &str = "PLG_THEMES";
/// Extra group folders, when no `--groups` is given.
pub const GROUPS_VAR: &str = "PLG_GROUPS";
/// Extra agenda folders, when no `--agendas` is given.
pub const AGENDAS_VAR: &str = "PLG_AGENDAS";

#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    /// Protocols, themes, groups and config.yaml.
    pub config_dir: PathBuf,
    /// Session records.
    pub data_dir: PathBuf,
    /// Rebuildable indexes; safe to delete.
    pub cache_dir: PathBuf,
    /// The private runtime folder where a running meeting and its room
    /// screens find each other (see [`crate::link`]). Never inside the
    /// sessions folder, which may be shared.
    pub run_dir: PathBuf,
    /// Folders given with `--protocols` / `PLG_PROTOCOLS`, searched after the user's folder.
    pub extra_protocols: Vec<PathBuf>,
    pub extra_themes: Vec<PathBuf>,
    pub extra_groups: Vec<PathBuf>,
    /// Folders given with `--agendas` / `PLG_AGENDAS`, searched after the user's folder.
    pub extra_agendas: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
#[error("could not find a home folder for plg's files; pass --home DIR or set PLG_HOME")]
pub struct NoHome;

impl Paths {
    /// Every folder under one directory.
    pub fn under(home: &Path) -> Paths {
        Paths {
            config_dir: home.to_path_buf(),
            data_dir: home.to_path_buf(),
            cache_dir: home.join("cache"),
            // Under the home, so a console and a room given the same
            // --home / PLG_HOME (tests, a rehearsal folder) find each other.
            run_dir: home.join("cache").join("run"),
            extra_protocols: Vec::new(),
            extra_themes: Vec::new(),
            extra_groups: Vec::new(),
            extra_agendas: Vec::new(),
        }
    }

    /// The platform's folders for the current user.
    pub fn platform() -> Result<Paths, NoHome> {
        let dirs = directories::ProjectDirs::from("", "", "plg").ok_or(NoHome)?;
        Ok(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            cache_dir: dirs.cache_dir().to_path_buf(),
            // The session's runtime folder where the platform has one
            // ($XDG_RUNTIME_DIR/plg on Linux), else the cache's `run`.
            run_dir: dirs
                .runtime_dir()
                .map_or_else(|| dirs.cache_dir().join("run"), |d| d.to_path_buf()),
            extra_protocols: Vec::new(),
            extra_themes: Vec::new(),
            extra_groups: Vec::new(),
            extra_agendas: Vec::new(),
        })
    }

    /// The extra folders: those given on the command line, or else those
    /// listed in [`PROTOCOLS_VAR`], [`THEMES_VAR`] and [`GROUPS_VAR`].
    pub fn with_extra_folders(
        self,
        protocols: &[PathBuf],
        themes: &[PathBuf],
        groups: &[PathBuf],
    ) -> Paths {
        let given_or_env = |given: &[PathBuf], var: &str| {
            if given.is_empty() {
                folder_list(std::env::var_os(var).as_deref())
            } else {
                given.to_vec()
            }
        };
        Paths {
            extra_protocols: given_or_env(protocols, PROTOCOLS_VAR),
            extra_themes: given_or_env(themes, THEMES_VAR),
            extra_groups: given_or_env(groups, GROUPS_VAR),
            ..self
        }
    }

    /// The extra agenda folders: those given on the command line, or else
    /// those listed in [`AGENDAS_VAR`].
    pub fn with_extra_agendas(self, agendas: &[PathBuf]) -> Paths {
        Paths {
            extra_agendas: if agendas.is_empty() {
                folder_list(std::env::var_os(AGENDAS_VAR).as_deref())
            } else {
                agendas.to_vec()
            },
            ..self
        }
    }

    pub fn protocols_dir(&self) -> PathBuf {
        self.config_dir.join("protocols")
    }

    pub fn agendas_dir(&self) -> PathBuf {
        self.config_dir.join("agendas")
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn groups_dir(&self) -> PathBuf {
        self.config_dir.join("groups")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.yaml")
    }

    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }

    /// The user's folder first, then the extra folders, in the order given.
    pub fn protocol_dirs(&self) -> Vec<PathBuf> {
        std::iter::once(self.protocols_dir())
            .chain(self.extra_protocols.iter().cloned())
            .collect()
    }

    /// The user's agenda folder first, then the extra folders, in the order given.
    pub fn agenda_dirs(&self) -> Vec<PathBuf> {
        std::iter::once(self.agendas_dir())
            .chain(self.extra_agendas.iter().cloned())
            .collect()
    }

    pub fn theme_dirs(&self) -> Vec<PathBuf> {
        std::iter::once(self.themes_dir())
            .chain(self.extra_themes.iter().cloned())
            .collect()
    }

    pub fn group_dirs(&self) -> Vec<PathBuf> {
        std::iter::once(self.groups_dir())
            .chain(self.extra_groups.iter().cloned())
            .collect()
    }
}

/// Folders listed in one environment variable the way the platform lists
/// paths (`PATH`): separated by `:` on Unix and by `;` on Windows, where a
/// folder name may hold a `:` (`C:\plg`). Empty entries are skipped.
pub fn folder_list(value: Option<&OsStr>) -> Vec<PathBuf> {
    value
        .map(|v| {
            std::env::split_paths(v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_lists_split_the_way_the_platform_lists_paths() {
        let folders = [PathBuf::from("shared"), PathBuf::from("other place")];
        let joined = std::env::join_paths(&folders).unwrap();
        assert_eq!(folder_list(Some(&joined)), folders);
        assert!(folder_list(None).is_empty());
        assert!(folder_list(Some(OsStr::new(""))).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn on_unix_folders_are_separated_by_colons() {
        assert_eq!(
            folder_list(Some(OsStr::new("/srv/a::/srv/b:"))),
            [PathBuf::from("/srv/a"), PathBuf::from("/srv/b")]
        );
    }

    #[cfg(windows)]
    #[test]
    fn on_windows_folders_are_separated_by_semicolons_and_keep_their_drive() {
        assert_eq!(
            folder_list(Some(OsStr::new(r#"C:\plg\protocols;"D:\a;b""#))),
            [PathBuf::from(r"C:\plg\protocols"), PathBuf::from(r"D:\a;b")]
        );
    }

    #[test]
    fn home_puts_every_folder_under_one_directory() {
        let p = Paths::under(Path::new("/h"));
        assert_eq!(p.protocols_dir(), Path::new("/h/protocols"));
        assert_eq!(p.sessions_dir(), Path::new("/h/sessions"));
        assert_eq!(p.config_file(), Path::new("/h/config.yaml"));
        assert_eq!(p.run_dir, Path::new("/h/cache/run"));
        assert!(!p.run_dir.starts_with(p.sessions_dir()));
    }

    #[test]
    fn extra_folders_come_after_the_users_folder() {
        let mut p = Paths::under(Path::new("/h"));
        p.extra_protocols = vec!["/x".into(), "/y".into()];
        assert_eq!(
            p.protocol_dirs(),
            vec![PathBuf::from("/h/protocols"), "/x".into(), "/y".into()]
        );
        p.extra_agendas = vec!["/shared/agendas".into()];
        assert_eq!(
            p.agenda_dirs(),
            vec![PathBuf::from("/h/agendas"), "/shared/agendas".into()]
        );
    }
}
