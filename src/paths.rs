//! Where plg's files live.
//!
//! With `--home DIR` (or `PLG_HOME`) every folder sits under DIR: handy for
//! tests and for groups that keep plg's files in a shared folder or a git
//! repository. Otherwise the platform's config and data folders are used
//! (on Linux `~/.config/plg` and `~/.local/share/plg`).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    /// Protocols, themes, groups and config.yaml.
    pub config_dir: PathBuf,
    /// Session records.
    pub data_dir: PathBuf,
    /// Rebuildable indexes; safe to delete.
    pub cache_dir: PathBuf,
    /// Folders given with `--protocols` / `PLG_PROTOCOLS`, searched after the user's folder.
    pub extra_protocols: Vec<PathBuf>,
    pub extra_themes: Vec<PathBuf>,
    pub extra_groups: Vec<PathBuf>,
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
            extra_protocols: Vec::new(),
            extra_themes: Vec::new(),
            extra_groups: Vec::new(),
        }
    }

    /// The platform's folders for the current user.
    pub fn platform() -> Result<Paths, NoHome> {
        let dirs = directories::ProjectDirs::from("", "", "plg").ok_or(NoHome)?;
        Ok(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
            cache_dir: dirs.cache_dir().to_path_buf(),
            extra_protocols: Vec::new(),
            extra_themes: Vec::new(),
            extra_groups: Vec::new(),
        })
    }

    pub fn protocols_dir(&self) -> PathBuf {
        self.config_dir.join("protocols")
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn groups_dir(&self) -> PathBuf {
        self.config_dir.join("groups")
    }

    pub fn schemas_dir(&self) -> PathBuf {
        self.config_dir.join("schemas")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_puts_every_folder_under_one_directory() {
        let p = Paths::under(Path::new("/h"));
        assert_eq!(p.protocols_dir(), Path::new("/h/protocols"));
        assert_eq!(p.sessions_dir(), Path::new("/h/sessions"));
        assert_eq!(p.config_file(), Path::new("/h/config.yaml"));
    }

    #[test]
    fn extra_folders_come_after_the_users_folder() {
        let mut p = Paths::under(Path::new("/h"));
        p.extra_protocols = vec!["/x".into(), "/y".into()];
        assert_eq!(
            p.protocol_dirs(),
            vec![PathBuf::from("/h/protocols"), "/x".into(), "/y".into()]
        );
    }
}
