//! Drives the real plg binary inside tmux: keys in, screen text out.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

/// How long a screen may take to show what a step expects.
const PATIENCE: Duration = Duration::from_secs(10);
/// How long a frame may take to be written out whole.
const SETTLE: Duration = Duration::from_millis(80);

impl Tmux {
    /// Starts `args` under plg in a `width`×`height` terminal with `home` as PLG_HOME.
    /// The pane stays open after plg exits so its last output can be read.
    pub fn start(home: &Path, args: &[&str], width: u16, height: u16) -> Tmux {
        Tmux::start_with(home, &[], args, width, height)
    }

    /// Like [`Tmux::start`], with `prefix` before plg (e.g. a command that switches user).
    pub fn start_with(
        home: &Path,
        prefix: &[&str],
        args: &[&str],
        width: u16,
        height: u16,
    ) -> Tmux {
        let dir = tempfile::tempdir().expect("tempdir");
        let socket = dir.path().join("tmux.sock");
        let mut cmd: Vec<String> = prefix.iter().map(|p| p.to_string()).collect();
        cmd.extend([
            "env".to_string(),
            format!("PLG_HOME={}", home.display()),
            "TERM=xterm-256color".to_string(),
            env!("CARGO_BIN_EXE_plg").to_string(),
        ]);
        cmd.extend(args.iter().map(|a| a.to_string()));
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["-f", "/dev/null", "new-session", "-d", "-s", "plg", "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .args(&cmd)
            .env_remove("NO_COLOR")
            .env_remove("PLG_PROTOCOLS")
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(status.success(), "tmux could not start");
        let t = Tmux { socket, _dir: dir };
        t.tmux(&["set-option", "-t", "plg", "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends tmux key names: "Enter", "Space", "C-c", "q".
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "plg"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Types text as it is.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "plg", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "plg"])
    }

    /// Waits until the screen shows `needle`, and returns that screen.
    pub fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |s| s.contains(needle))
    }

    /// Waits until `ok` holds for the screen.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            // A capture can catch a frame half drawn: what is returned is
            // a second capture a moment later that still holds, so the
            // caller's further checks see the whole frame.
            if ok(&s) {
                std::thread::sleep(SETTLE);
                let settled = self.screen();
                if ok(&settled) {
                    return settled;
                }
            }
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting for {what:?}; the screen shows:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// True once the program in the pane has exited.
    pub fn exited(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", "plg", "#{pane_dead}"])
            .trim()
            == "1"
    }

    pub fn wait_exit(&self) -> String {
        let start = Instant::now();
        while !self.exited() {
            assert!(
                start.elapsed() < PATIENCE,
                "plg did not exit:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        // With the scrollback: what plg printed after leaving the full screen may have scrolled.
        self.tmux(&["capture-pane", "-p", "-S", "-200", "-t", "plg"])
    }

    /// The process id of plg in the pane.
    pub fn pid(&self) -> u32 {
        self.tmux(&["display-message", "-p", "-t", "plg", "#{pane_pid}"])
            .trim()
            .parse()
            .expect("a pane pid")
    }
}

/// The contents of `path` once something has written it (a line ending in a newline).
pub fn wait_for_file(path: &Path) -> String {
    let start = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "timed out waiting for {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends `signal` ("KILL", "TERM", "HUP") to process `pid`, as `kill -SIGNAL pid` does.
pub fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// True while process `pid` runs: it exists and is not a zombie (Linux `/proc`).
/// (tmux's `#{pane_dead_signal}` cannot tell: tmux now and then never reaps a
/// killed pane process, and the pane stays dead with no status.)
pub fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().chars().next())
        })
        .flatten()
        .is_some_and(|state| state != 'Z' && state != 'X')
}

impl Tmux {
    /// Closes the terminal under plg, as closing its window would.
    pub fn close_terminal(&self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }

    /// Keeps plg's last frame as it was when plg died. Without this, tmux
    /// writes "Pane is dead" under it and the frame's top line scrolls away.
    pub fn keep_last_frame_on_exit(&self) {
        self.tmux(&["set-option", "-t", "plg", "remain-on-exit-format", ""]);
    }

    /// True while the pane shows the alternate (full-screen) buffer.
    pub fn alternate_screen(&self) -> bool {
        self.tmux(&["display-message", "-p", "-t", "plg", "#{alternate_on}"])
            .trim()
            == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}
