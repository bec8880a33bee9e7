//! A shared folder as a hostile colleague leaves it: links where plg
//! writes, FIFOs and devices where it reads, records built to expand. Each
//! builder is one line in a test, so a new attack is one more line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A file outside plg's folders that an attack tries to overwrite.
pub struct Victim {
    pub path: PathBuf,
}

pub const VICTIM_TEXT: &str = "precious: not plg's\n";

impl Victim {
    pub fn new(dir: &Path) -> Victim {
        let path = dir.join("victim.txt");
        std::fs::write(&path, VICTIM_TEXT).unwrap();
        Victim { path }
    }

    /// Panics unless the victim is exactly as it was left.
    pub fn assert_untouched(&self, what: &str) {
        let now = std::fs::read_to_string(&self.path).unwrap_or_default();
        assert_eq!(now, VICTIM_TEXT, "{what} wrote through a link");
    }
}

fn parent(path: &Path) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
}

/// A symbolic link at `at` pointing to `to`.
#[cfg(unix)]
pub fn link(at: &Path, to: &Path) {
    parent(at);
    std::os::unix::fs::symlink(to, at).unwrap();
}

/// A FIFO at `at`: opening it for reading waits for a writer forever.
pub fn fifo(at: &Path) {
    parent(at);
    let ok = Command::new("mkfifo").arg(at).status().unwrap().success();
    assert!(ok, "mkfifo {}", at.display());
}

/// A file holding `text`.
pub fn file(at: &Path, text: &str) {
    parent(at);
    std::fs::write(at, text).unwrap();
}

/// A real, valid record whose first note's text is 1 MB, anchored, and
/// repeated by `n` more notes through an alias.
pub fn alias_bomb(n: usize) -> String {
    let record = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile/record.yaml"
    ))
    .unwrap();
    let (head, rest) = record.split_once("notes:\n").unwrap();
    let note = |text: &str| {
        format!(
            "- at: 2026-11-19T15:40:01-05:00\n  step: 2\n  phase: P\n  kind: note\n  text: {text}\n"
        )
    };
    let mut s = format!("{head}notes:\n");
    s.push_str(&note(&format!("&big \"{}\"", "x".repeat(1024 * 1024))));
    for _ in 0..n {
        s.push_str(&note("*big"));
    }
    s.push_str(rest);
    s
}

/// A record nesting `depth` flow lists.
pub fn deep(depth: usize) -> String {
    format!(
        "version: 2\nstatus: completed\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

/// What a run of plg did, or `None` if it was still running at the deadline
/// (then it was killed).
pub struct Run {
    pub output: Option<Output>,
    pub seconds: f64,
}

impl Run {
    /// The output, failing the test if plg hung.
    pub fn finished(self, what: &str) -> Output {
        match self.output {
            Some(o) => o,
            None => panic!("{what}: plg was still running after {:.0} s", self.seconds),
        }
    }
}

/// plg run through `sh`, which first runs `prelude` (a ulimit, a umask).
fn through_sh(prelude: &str, args: &[&str], home: &Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("{prelude}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_plg"))
        .args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env_remove("PLG_THEMES")
        .env_remove("PLG_GROUPS")
        .stdin(Stdio::null());
    cmd
}

/// Runs plg with `home` as PLG_HOME, no terminal, at most 2 GiB of address
/// space (so a runaway read fails instead of taking the machine) and a
/// deadline after which it is killed.
pub fn run(args: &[&str], home: &Path, deadline: Duration) -> Run {
    let mut cmd = through_sh("ulimit -v 2097152", args, home);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    run_command(cmd, deadline)
}

/// Runs plg to the end with the umask set first.
pub fn run_with_umask(args: &[&str], home: &Path, umask: &str) -> Output {
    through_sh(&format!("umask {umask}"), args, home)
        .output()
        .unwrap()
}

fn run_command(mut cmd: Command, deadline: Duration) -> Run {
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    // Drain the pipes on threads so a chatty plg never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Run {
                output: Some(Output {
                    status,
                    stdout: out.join().unwrap(),
                    stderr: err.join().unwrap(),
                }),
                seconds: started.elapsed().as_secs_f64(),
            };
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Run {
                output: None,
                seconds: started.elapsed().as_secs_f64(),
            };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The mode bits of a path (not following a link).
#[cfg(unix)]
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}
