//! Every file plg reads from or writes to a folder, in one place.
//!
//! Records, groups and protocols live in folders that colleagues can write
//! to, so anything found there may be a planted link, a FIFO, a device or a
//! file of gigabytes. The rules, which every reader and writer in plg goes
//! through these functions to keep:
//!
//! - **Reads** open without following a link in the last component (unless
//!   the person named the file on the command line), without blocking (a
//!   FIFO would hang `open`), accept only regular files, and read through a
//!   size cap.
//! - **Writes** never open an existing name: a new file gets a random
//!   temporary name created with `O_CREAT|O_EXCL` (no link can be there),
//!   which is then renamed into place. A name that is taken by anything but
//!   a regular file (a link, a FIFO, a device) is never replaced.
//! - **Modes** do not depend on the umask: files with names or notes are
//!   0600 in 0700 folders (0640/0750 when a group opts in with
//!   `share: group`), protocols and themes 0644 in 0755 folders.
//!
//! On Windows the same rules hold with what the system offers: a link (a
//! symbolic link or a junction) is opened as itself
//! (`FILE_FLAG_OPEN_REPARSE_POINT`) and refused by its type; there are no
//! FIFOs or devices among ordinary files; the rename replaces the old file
//! in one step (`MoveFileEx`, through tempfile). Modes do not exist there:
//! a file inherits the access list of its folder, which under the user's
//! profile (`%APPDATA%`) is the user's alone. Folders cannot be synced to
//! disk on their own there, so the rename is as durable as the system makes it.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The largest session record plg reads: a year of weekly meetings with a
/// thousand notes each is a few megabytes.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Whether a link in the last component of a path may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Files found in plg's folders: a link is refused wherever it points.
    Never,
    /// A path the person typed themselves.
    Named,
}

/// Who may read what plg writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Names and notes: records, groups, config, exports, the index cache.
    Private,
    /// Protocols, themes and schemas: readable by others, never writable.
    Public,
    /// The runtime folder where a meeting and its room screens meet: this
    /// user's alone, whatever `share: group` says.
    Owner,
}

static SHARE_WITH_GROUP: AtomicBool = AtomicBool::new(false);

/// Lets the members of the file's Unix group read private files (set from
/// `share: group` in config.yaml, for a group sharing one machine). Windows
/// has no modes: there the folder's access list decides.
pub fn share_with_group(on: bool) {
    SHARE_WITH_GROUP.store(on, Ordering::Relaxed);
}

impl Access {
    /// The mode of files written with this access.
    pub fn file_mode(self) -> u32 {
        match self {
            Access::Public => 0o644,
            Access::Private if SHARE_WITH_GROUP.load(Ordering::Relaxed) => 0o640,
            Access::Private | Access::Owner => 0o600,
        }
    }

    /// The mode of folders created with this access.
    pub fn dir_mode(self) -> u32 {
        match self {
            Access::Public => 0o755,
            Access::Private if SHARE_WITH_GROUP.load(Ordering::Relaxed) => 0o750,
            Access::Private | Access::Owner => 0o700,
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("a link, not a file (plg does not follow links inside its folders)")]
    Link,
    #[error("not a regular file ({0}); plg reads only regular files")]
    NotRegular(&'static str),
    #[error("larger than {} KiB, the most plg reads for this kind of file", .0 / 1024)]
    TooLarge(u64),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// What kind of thing a non-regular file is, for messages.
fn kind_of(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_file() {
        return "a file";
    }
    if t.is_dir() {
        return "a folder";
    }
    if t.is_symlink() {
        return "a link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    "not a file"
}

/// Opens a regular file for reading without blocking and, with
/// [`Follow::Never`], without following a link.
pub fn open_regular(path: &Path, follow: Follow) -> Result<(File, Metadata), ReadError> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
        let mut flags = libc::O_NONBLOCK;
        if follow == Follow::Never {
            flags |= libc::O_NOFOLLOW;
        }
        opts.custom_flags(flags);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: open a link itself, so its type can be refused below.
        if follow == Follow::Never {
            opts.custom_flags(0x0020_0000);
        }
    }
    let file = match opts.open(path) {
        Ok(f) => f,
        Err(e) => {
            // O_NOFOLLOW on a link fails with ELOOP, and Windows refuses to
            // open a folder as a file: say what it is instead.
            return Err(match fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() && follow == Follow::Never => ReadError::Link,
                Ok(m) if m.is_dir() => ReadError::NotRegular(kind_of(&m)),
                _ => ReadError::Io(e),
            });
        }
    };
    // The type is checked on the opened file, so it cannot change in between.
    let meta = file.metadata()?;
    if meta.file_type().is_symlink() {
        return Err(ReadError::Link);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    Ok((file, meta))
}

/// Reads a regular file of at most `cap` bytes.
pub fn read_capped(path: &Path, cap: u64, follow: Follow) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path, follow)?;
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    read_up_to(file, meta.len(), cap)
}

/// Reads at most `cap` bytes from `from` (plus one, to tell that there is
/// more); `expected` only sizes the buffer.
pub fn read_up_to(from: impl Read, expected: u64, cap: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(cap)).unwrap_or(0));
    // The size can grow after it was looked at: read one byte past the cap, never more.
    from.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// Creates `dir` and any missing parents with the access's mode, whatever
/// the umask. Folders that exist are left as they are (they may be links
/// to a synced drive, which is the person's choice).
pub fn ensure_dir(dir: &Path, access: Access) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut missing: Vec<&Path> = Vec::new();
    let mut at = Some(dir);
    while let Some(p) = at {
        if p.as_os_str().is_empty() || p.is_dir() {
            break;
        }
        missing.push(p);
        at = p.parent();
    }
    for p in missing.into_iter().rev() {
        #[cfg(unix)]
        let builder = {
            use std::os::unix::fs::DirBuilderExt;
            let mut b = fs::DirBuilder::new();
            b.mode(access.dir_mode());
            b
        };
        #[cfg(not(unix))]
        let builder = fs::DirBuilder::new();
        match builder.create(p) {
            Ok(()) => set_mode_of_path(p, access.dir_mode())?,
            // Another plg made it first.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && p.is_dir() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Creates `dir` (0700 whatever the umask) or checks the one there: a
/// folder, not a link, owned by this user, and made this user's alone. A
/// folder another user owns is refused, also for root (who could change
/// its mode but would then share it with its owner). The checks and the
/// mode change are made on the folder as opened without following a link,
/// so it cannot be swapped for a link in between.
pub fn ensure_owner_dir(dir: &Path) -> io::Result<()> {
    if let Some(parent) = dir.parent() {
        ensure_dir(parent, Access::Private)?;
    }
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is a link; plg's runtime folder must be a folder of its own",
                dir.display()
            ),
        )),
        Ok(m) if !m.is_dir() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is {}, not a folder", dir.display(), kind_of(&m)),
        )),
        Ok(_) => make_own_dir_private(dir),
        Err(e) if e.kind() == io::ErrorKind::NotFound => ensure_dir(dir, Access::Owner),
        Err(e) => Err(e),
    }
}

/// Checks that the folder at `dir` (opened without following a link) is
/// this user's, then sets it 0700.
#[cfg(unix)]
fn make_own_dir_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
    let opened = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_DIRECTORY | libc::O_NONBLOCK)
        .open(dir)
        .map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "{} cannot be opened as a folder of its own ({e})",
                    dir.display()
                ),
            )
        })?;
    let meta = opened.metadata()?;
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} belongs to another user (uid {}); plg's runtime folder must be yours alone: remove it and plg makes its own",
                dir.display(),
                meta.uid()
            ),
        ));
    }
    opened.set_permissions(fs::Permissions::from_mode(Access::Owner.dir_mode()))
}

#[cfg(not(unix))]
fn make_own_dir_private(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Removes one file (or link, never what it points to); one already gone is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn set_mode_of_path(p: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode_of_path(_: &Path, _: u32) -> io::Result<()> {
    Ok(())
}

#[cfg(unix)]
fn set_mode_of_file(f: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode_of_file(_: &File, _: u32) -> io::Result<()> {
    Ok(())
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The temporary's name carries the target's name and this process's id, so
/// one left by a killed save can be recognised and removed
/// ([`remove_stale_temporaries`]); the random part makes it unguessable.
fn temporary_in(path: &Path, access: Access) -> io::Result<tempfile::NamedTempFile> {
    let dir = parent_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let prefix = format!(".{name}.{}.", std::process::id());
    let tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(8)
        .tempfile_in(dir)?;
    set_mode_of_file(tmp.as_file(), access.file_mode())?;
    Ok(tmp)
}

/// Refuses to replace anything but a regular file: renaming over a link
/// or a device would not write through it, but it would destroy what
/// someone put there, and plg only replaces what it wrote.
fn check_replaceable(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is {}; plg replaces only regular files",
                path.display(),
                kind_of(&m)
            ),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Replaces (or creates) `path` with `bytes` atomically and durably: a
/// crash leaves the old file or the new one, never half of one.
pub fn replace(path: &Path, bytes: &[u8], access: Access) -> io::Result<()> {
    check_replaceable(path)?;
    let mut tmp = temporary_in(path, access)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // A failed persist drops the temporary, which removes it.
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(parent_of(path))
}

/// Creates `path` with `bytes`; fails with `AlreadyExists` if the name is
/// taken by anything at all. Written in full before the name appears, so
/// nobody sees half a file.
pub fn create_new(path: &Path, bytes: &[u8], access: Access) -> io::Result<()> {
    let mut tmp = temporary_in(path, access)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(parent_of(path))
}

/// Opens a new, empty file at `path` for writing; fails if the name exists
/// (as a link or anything else).
pub fn create_empty(path: &Path, access: Access) -> io::Result<File> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(access.file_mode());
    }
    let file = opts.open(path)?;
    set_mode_of_file(&file, access.file_mode())?;
    Ok(file)
}

/// Makes a rename durable: the folder entry itself must reach the disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Removes temporaries left by a save that was killed halfway
/// (`.NAME.PID.RANDOM.tmp` whose process is gone). The file beside each is
/// intact: that is what the rename guarantees. Live processes' temporaries,
/// and anything that is not a regular file, are left alone.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temporary_pid) else {
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_file()) && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary's name `.NAME.PID.RANDOM.tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = inner.rsplit('.');
    let _random = parts.next()?;
    parts.next()?.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without /proc we cannot tell; keeping a stray file is the safe side.
        true
    }
}

/// The entries of a folder that may be plg's files, with their type as the
/// folder lists it (a link is a link, not what it points to). Hidden names
/// are skipped. A folder that cannot be listed is empty.
pub fn list_dir(dir: &Path) -> Vec<(PathBuf, fs::FileType)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(PathBuf, fs::FileType)> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| e.file_type().ok().map(|t| (e.path(), t)))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_process_id() {
        assert_eq!(temporary_pid(".a.yaml.123.Xy9kQ2ab.tmp"), Some(123));
        assert_eq!(temporary_pid(".a.yaml.tmp"), None);
        assert_eq!(temporary_pid("a.yaml.1.x.tmp"), None);
    }

    #[test]
    fn replace_writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.yaml");
        replace(&p, b"one", Access::Private).unwrap();
        replace(&p, b"two", Access::Private).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.yaml");
        create_new(&p, b"one", Access::Public).unwrap();
        let e = create_new(&p, b"two", Access::Public).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&p).unwrap(), "one");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn reads_stop_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big");
        fs::write(&p, vec![b'x'; 101]).unwrap();
        assert!(matches!(
            read_capped(&p, 100, Follow::Never),
            Err(ReadError::TooLarge(100))
        ));
        assert_eq!(read_capped(&p, 101, Follow::Never).unwrap().len(), 101);
    }

    #[test]
    fn folders_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_capped(dir.path(), 100, Follow::Named),
            Err(ReadError::NotRegular("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_runtime_folder_another_user_owns_is_refused_even_for_root() {
        use std::os::unix::fs::{PermissionsExt, chown};
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("run");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        if chown(&dir, Some(65534), Some(65534)).is_err() {
            // Not root: the system refuses the chown, as it refuses the chmod plg makes.
            return;
        }
        let e = ensure_owner_dir(&dir).unwrap_err();
        assert!(e.to_string().contains("another user"), "{e}");
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o777, "someone else's folder is left as it was");
    }

    #[cfg(unix)]
    #[test]
    fn a_runtime_folder_of_ours_is_made_private_and_a_file_there_is_named() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("run");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        ensure_owner_dir(&dir).unwrap();
        let mode = fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let file = home.path().join("file");
        fs::write(&file, "x").unwrap();
        let e = ensure_owner_dir(&file).unwrap_err();
        assert!(e.to_string().ends_with("is a file, not a folder"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn modes_ignore_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        ensure_dir(&sub, Access::Private).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        let f = sub.join("f");
        replace(&f, b"x", Access::Private).unwrap();
        assert_eq!(mode(&f), 0o600);
        let g = sub.join("g");
        create_new(&g, b"x", Access::Public).unwrap();
        assert_eq!(mode(&g), 0o644);
    }
}
