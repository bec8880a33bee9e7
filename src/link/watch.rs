//! How a room screen wakes when the meeting changes: the system tells it.
//!
//! `notify`'s recommended watcher is inotify on Linux, FSEvents on macOS
//! and ReadDirectoryChangesW on Windows. Folders are watched, not files:
//! the console replaces the record atomically (a new file renamed over the
//! old), so a watch on the file itself would stay on the old one.
//! Only changes to names a room cares about are passed on: reads (the room
//! opening the record, the console checking locks) and plg's hidden
//! temporaries are dropped on the watcher's thread.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use notify::event::{EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Watches the runtime folder always, and the folder of the record being
/// shown while there is one.
pub struct FolderWatch {
    watcher: RecommendedWatcher,
    record_dir: Option<PathBuf>,
}

/// Whether an event may change what a room shows: a file created,
/// written, renamed or removed; not a read, not a change of mode.
fn changes_something(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    }
}

/// The visible file names an event touched (plg's temporaries are hidden).
fn names(paths: &[PathBuf]) -> Vec<OsString> {
    paths
        .iter()
        .filter_map(|p| p.file_name())
        .filter(|n| !n.to_string_lossy().starts_with('.'))
        .map(|n| n.to_os_string())
        .collect()
}

impl FolderWatch {
    /// Starts watching `run_dir`; `wake` is called, on the watcher's
    /// thread, with the names of the files that changed.
    pub fn new(
        run_dir: &Path,
        wake: impl Fn(Vec<OsString>) + Send + 'static,
    ) -> notify::Result<FolderWatch> {
        let mut watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
                match res {
                    Ok(ev) if changes_something(&ev.kind) => {
                        let changed = names(&ev.paths);
                        if !changed.is_empty() {
                            wake(changed);
                        }
                    }
                    Ok(_) => {}
                    // The watcher lost track (a queue overflow): look at everything again.
                    Err(_) => wake(Vec::new()),
                }
            })?;
        watcher.watch(run_dir, RecursiveMode::NonRecursive)?;
        Ok(FolderWatch {
            watcher,
            record_dir: None,
        })
    }

    /// Watches the folder of the record shown (and stops watching the last one's).
    pub fn show(&mut self, record: Option<&Path>) -> notify::Result<()> {
        let dir = record.and_then(Path::parent).map(Path::to_path_buf);
        if dir == self.record_dir {
            return Ok(());
        }
        if let Some(old) = self.record_dir.take() {
            let _ = self.watcher.unwatch(&old);
        }
        if let Some(d) = &dir {
            self.watcher.watch(d, RecursiveMode::NonRecursive)?;
        }
        self.record_dir = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RenameMode};

    #[test]
    fn reads_and_mode_changes_wake_nobody() {
        assert!(!changes_something(&EventKind::Access(AccessKind::Any)));
        assert!(!changes_something(&EventKind::Modify(
            ModifyKind::Metadata(MetadataKind::Any)
        )));
        assert!(changes_something(&EventKind::Create(CreateKind::File)));
        assert!(changes_something(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(changes_something(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
    }

    #[test]
    fn temporaries_are_not_changes() {
        let got = names(&[
            PathBuf::from("/s/.a.yaml.12.Xy9kQ2ab.tmp"),
            PathBuf::from("/s/a.yaml"),
        ]);
        assert_eq!(got, vec![OsString::from("a.yaml")]);
    }
}
