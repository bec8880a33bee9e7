//! The shell around the pure app: a real terminal, real time and real files.
//!
//! It sleeps until the app's next visible change or an event, feeds the
//! app messages with the current time, draws, and carries out the effects
//! (bell, save, quit). A guard and ratatui's panic hook put the terminal
//! back however the loop ends; SIGINT, SIGTERM and (on Unix) SIGHUP save
//! before leaving.

use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use ratatui::crossterm::execute;

use crate::link::{Announcement, ClockAnchor, ConsoleLink};
use crate::record::SessionRecord;
use crate::record::store::{self, LockError, SessionLock};

use super::app::{App, Msg};
use super::outcome::Effects;

/// Time as the meeting sees it: real time, or `speed` times faster for rehearsals.
/// Built on the monotonic clock, so a wall-clock jump does not move the meeting.
///
/// A rehearsal's clock runs at real speed until its meeting starts and only
/// then speeds up (`speed_up`), so the meeting is stamped with the real time
/// it started (its file name and `started_at`) while its own timeline runs fast.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// The instant `wall` was read, or the instant time began running fast.
    started: Instant,
    /// Meeting time at `started`.
    wall: DateTime<Utc>,
    speed: u32,
    /// Whether time runs `speed` times faster from `started` on.
    fast: bool,
}

impl Clock {
    /// A clock at real speed until a meeting starts (`speed_up`).
    pub fn new(speed: u32) -> Clock {
        Clock::starting(Instant::now(), Utc::now(), speed)
    }

    /// A clock that reads `wall` at `started`, at real speed until `speed_up`.
    pub fn starting(started: Instant, wall: DateTime<Utc>, speed: u32) -> Clock {
        Clock {
            started,
            wall,
            speed: speed.max(1),
            fast: false,
        }
    }

    /// A clock already running fast from `wall` on: a meeting resumed from
    /// its record, whose own time continues where it was saved or now,
    /// whichever is later (a rehearsal's timeline may be ahead of real time).
    pub fn resuming(speed: u32, saved_at: DateTime<Utc>) -> Clock {
        let mut clock = Clock::starting(Instant::now(), Utc::now().max(saved_at), speed);
        clock.fast = true;
        clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.at(Instant::now())
    }

    /// Meeting time at the monotonic instant `instant`.
    pub fn at(&self, instant: Instant) -> DateTime<Utc> {
        let real = instant.saturating_duration_since(self.started);
        let scaled = if self.fast {
            real.saturating_mul(self.speed)
        } else {
            real
        };
        self.wall + TimeDelta::from_std(scaled).unwrap_or(TimeDelta::MAX)
    }

    /// From `instant` on, time runs `speed` times faster; what the clock
    /// read at `instant` stays. Once fast, it stays fast.
    pub fn speed_up(&mut self, instant: Instant) {
        if !self.fast {
            self.wall = self.at(instant);
            self.started = instant;
            self.fast = true;
        }
    }

    /// Real time to wait until meeting time `at`.
    pub fn until(&self, at: DateTime<Utc>) -> Duration {
        let meeting = (at - self.now()).to_std().unwrap_or(Duration::ZERO);
        if self.fast {
            meeting / self.speed
        } else {
            meeting
        }
    }
}

/// Hands the app one message at the time `clock` reads at `instant`; once
/// a meeting is on screen (just started, or resumed), a rehearsal's clock
/// runs fast from that instant, so the meeting began at the real time.
pub fn step(app: &mut App, clock: &mut Clock, msg: Msg, instant: Instant) -> Effects {
    let fx = app.update(msg, clock.at(instant));
    if app.meeting().is_some() {
        clock.speed_up(instant);
    }
    fx
}

/// Where records go. The app decides when; a saver decides how.
pub trait Saver {
    fn save(&mut self, record: &SessionRecord) -> Result<PathBuf, String>;
}

/// Saves into the sessions folder, creating the file (and its lock) on the first save.
#[derive(Debug)]
pub struct FileSaver {
    dir: PathBuf,
    path: Option<PathBuf>,
    lock: Option<SessionLock>,
}

impl FileSaver {
    pub fn new(dir: &Path) -> FileSaver {
        store::remove_stale_temporaries(dir);
        FileSaver {
            dir: dir.to_path_buf(),
            path: None,
            lock: None,
        }
    }

    /// Continues an existing record (after `plg resume`), holding its lock.
    pub fn existing(path: PathBuf, lock: SessionLock) -> FileSaver {
        FileSaver {
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path: Some(path),
            lock: Some(lock),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// A short reason for the status bar: "disk full", "folder is read-only".
pub fn describe(e: &io::Error) -> String {
    store::write_error(e)
}

impl Saver for FileSaver {
    fn save(&mut self, record: &SessionRecord) -> Result<PathBuf, String> {
        let path = match &self.path {
            Some(p) => p.clone(),
            None => {
                store::ensure_dir(&self.dir).map_err(|e| describe(&e))?;
                let group = record.group.as_ref().map(|g| g.id.as_str());
                let path =
                    store::session_path(&self.dir, record.started_at, group, &record.protocol_id);
                let lock = SessionLock::acquire(&path).map_err(|e| match e {
                    LockError::Busy { .. } | LockError::NotALockFile { .. } => e.to_string(),
                    LockError::Io { source, .. } => describe(&source),
                })?;
                self.lock = Some(lock);
                self.path = Some(path.clone());
                path
            }
        };
        store::save(&path, record).map_err(|e| describe(&e))?;
        Ok(path)
    }
}

/// Signals that end a meeting the orderly way: saved, terminal restored.
/// Ctrl-C at the keyboard is a key in raw mode (quit, asking first) on every
/// platform; SIGINT comes only from another program, or from a Ctrl-C typed
/// before the screen is up. SIGHUP is a closed terminal window on Unix.
#[cfg(unix)]
pub(crate) const SAVE_AND_LEAVE: [std::ffi::c_int; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

/// Windows has no SIGHUP; of its signals, SIGINT and SIGTERM are the ones
/// that ask a program to end. Closing the console window ends the process without a signal plg
/// may catch (a handler for it needs unsafe code, which plg forbids), so it
/// ends like a kill: the record stands as last saved, which is every change
/// and the note being typed as of a few seconds ago, and `plg resume` takes
/// it from there.
#[cfg(not(unix))]
pub(crate) const SAVE_AND_LEAVE: [std::ffi::c_int; 2] =
    [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// Restores the terminal however the loop ends (the room screen's loop too).
pub(crate) struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        // Each step on its own and every error ignored: when the terminal is
        // gone (SIGHUP, a closed window) they all fail, and ratatui::restore
        // would report that with eprintln!, which panics on a closed stderr.
        let mut out = io::stdout();
        let _ = execute!(out, DisableMouseCapture);
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
        let _ = execute!(out, ratatui::crossterm::terminal::LeaveAlternateScreen);
        let _ = execute!(out, ratatui::crossterm::cursor::Show);
    }
}

/// Reads terminal events on their own thread. crossterm 0.29 spins without
/// returning when the terminal hangs up (its reader retries a read that keeps
/// returning end-of-file), so reading on the main loop would stop plg from
/// ever noticing SIGHUP or saving. On its own thread a stuck reader cannot
/// hold up the loop, which then finds the terminal gone at its next draw.
fn spawn_reader() -> Receiver<Event> {
    let (tx, rx) = mpsc::channel();
    read_events_into(tx, |ev| ev);
    rx
}

/// Sends each terminal event, wrapped, to `tx` from a thread of its own
/// (see [`spawn_reader`]): the room screen's loop shares its channel with
/// the file watcher.
pub(crate) fn read_events_into<T: Send + 'static>(
    tx: mpsc::Sender<T>,
    wrap: impl Fn(Event) -> T + Send + 'static,
) {
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(wrap(ev)).is_err() {
                break;
            }
        }
    });
}

/// Carries out what an update asked for besides drawing: reads a record
/// to open, saves through `saver`, and tells the app how each went. A save
/// that fails is a message to the app (it keeps everything in memory and
/// says so), never an error here.
pub fn carry_out(app: &mut App, fx: &Effects, saver: &mut dyn Saver, clock: &Clock) {
    if let Some(path) = fx.open.clone() {
        let result = crate::record::read_file(&path)
            .map(Box::new)
            .map_err(|e| e.to_string());
        app.update(Msg::Opened(path, result), clock.now());
    }
    if let Some(w) = &fx.follow_up {
        let path = w.target();
        let result = crate::record::followup::save(&path, &w.record)
            .map(|()| path)
            .map_err(|e| describe(&e));
        app.update(Msg::FollowUpSaved(result), clock.now());
    }
    if let Some(r) = &fx.amend {
        let result = crate::record::amend::amend_note(
            &r.sessions_dir,
            &r.record,
            &r.cache_dir,
            r.which,
            r.change.clone(),
            clock.now(),
        )
        .map(Box::new)
        .map_err(|e| e.to_string());
        app.update(Msg::Amended(r.record.clone(), result), clock.now());
    }
    if fx.save
        && let Some(record) = app.record()
    {
        let result = saver.save(&record);
        app.update(Msg::Saved(result), clock.now());
    }
}

/// The save-and-leave handlers, taken away when the screen closes: after it
/// nothing reads their flag, and Ctrl-C or a SIGTERM must end plg as usual
/// while it writes a follow-up or reports where the record went.
pub(crate) struct Handlers(pub(crate) Vec<signal_hook::SigId>);

impl Drop for Handlers {
    fn drop(&mut self) {
        for id in self.0.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Runs the app in the terminal until it quits. Returns the app as it ended.
pub fn run(app: App, saver: &mut dyn Saver, clock: Clock) -> io::Result<App> {
    run_with(app, saver, clock, None)
}

/// Runs the app like [`run`], announcing the meeting through `link` while
/// one is on screen, so room screens (`plg room`) can follow it, and
/// telling the app when room screens come and go. The announcement is
/// withdrawn when the screen closes.
pub fn run_linked(
    app: App,
    saver: &mut dyn Saver,
    clock: Clock,
    link: &mut ConsoleLink,
) -> io::Result<App> {
    let result = run_with(app, saver, clock, Some(&mut *link));
    link.withdraw();
    result
}

/// What the room screens are told: the meeting on screen, once its record exists.
fn announcement(app: &App, clock: &Clock) -> Option<Announcement> {
    let ms = app.meeting()?;
    let path = ms.save.path.as_deref()?;
    // A room screen started in another folder must find the record too.
    let record = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Some(Announcement {
        version: crate::link::LINK_VERSION,
        id: crate::link::meeting_id(path),
        record,
        protocol: ms.meeting.protocol.name.clone(),
        group: ms.setup.group.as_ref().map(|g| g.name.clone()),
        pid: std::process::id(),
        show_notes: ms.rooms.show_notes,
        clock: ClockAnchor {
            real: Utc::now(),
            meeting: clock.now(),
            speed: app.speed.max(1),
        },
    })
}

/// Announces the meeting (or its change) and tells the app how many room
/// screens follow it, when that changed. Returns whether the app changed.
/// A runtime folder that cannot be written costs the room screens, never
/// the meeting: the error is dropped here.
fn tell_rooms(app: &mut App, clock: &Clock, link: &mut ConsoleLink) -> bool {
    match announcement(app, clock) {
        Some(a) => {
            let _ = link.announce(a);
        }
        None => link.withdraw(),
    }
    let n = link.rooms();
    if app.meeting().is_none_or(|m| m.rooms.attached == n) {
        return false;
    }
    app.update(Msg::Rooms(n), clock.now());
    true
}

fn run_with(
    mut app: App,
    saver: &mut dyn Saver,
    clock: Clock,
    mut link: Option<&mut ConsoleLink>,
) -> io::Result<App> {
    let mut clock = clock;
    // Registered before the terminal changes so a signal at any point is seen.
    let terminate = Arc::new(AtomicBool::new(false));
    let _handlers = Handlers(
        SAVE_AND_LEAVE
            .iter()
            .map(|&signal| signal_hook::flag::register(signal, Arc::clone(&terminate)))
            .collect::<io::Result<Vec<_>>>()?,
    );
    // The guard first, so a terminal left half set up is put back too;
    // ratatui::init would panic where this returns the error.
    let _guard = Guard;
    // Never dropped: ratatui's Terminal shows the cursor when dropped and
    // reports a failure with eprintln!, which panics (and, inside the panic
    // hook, aborts) when the window was closed. The guard shows the cursor.
    let mut terminal = ManuallyDrop::new(ratatui::try_init()?);
    execute!(io::stdout(), EnableMouseCapture)?;
    let events = spawn_reader();
    let size = terminal.size()?;
    step(
        &mut app,
        &mut clock,
        Msg::Resize(size.width, size.height),
        Instant::now(),
    );

    let mut draw_failed = None;
    // Drawn only after something happened: an event, or the shown second ticking over.
    let mut dirty = true;
    loop {
        // On every wake (at least twice a second): room screens come and go.
        if let Some(l) = link.as_deref_mut()
            && tell_rooms(&mut app, &clock, l)
        {
            dirty = true;
        }
        if dirty
            && !terminate.load(Ordering::Relaxed)
            && let Err(e) = terminal.draw(|f| super::draw(f, &app))
        {
            // The terminal went away (a closed window): save what we have and leave.
            draw_failed = Some(e);
            terminate.store(true, Ordering::Relaxed);
        }
        dirty = false;
        let msg = if terminate.load(Ordering::Relaxed) {
            Msg::Terminate
        } else {
            // Wake at the next visible change, but at least twice a second to notice signals.
            let wait = clock
                .until(app.next_wakeup())
                .min(Duration::from_millis(500));
            match events.recv_timeout(wait) {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) if clock.now() >= app.next_wakeup() => Msg::Tick,
                Err(RecvTimeoutError::Timeout) => continue,
                // The reader stopped: the terminal is gone. Save and leave.
                Err(RecvTimeoutError::Disconnected) => Msg::Terminate,
            }
        };
        let fx = step(&mut app, &mut clock, msg, Instant::now());
        dirty = true;
        if fx.bell {
            let mut out = io::stdout();
            let _ = out.write_all(b"\x07");
            let _ = out.flush();
        }
        carry_out(&mut app, &fx, saver, &clock);
        if fx.quit {
            break;
        }
    }
    match draw_failed {
        Some(e) => Err(e),
        None => Ok(app),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Size;

    use crate::meeting::session::{Setup, starter_norms};

    #[test]
    fn a_rehearsal_is_stamped_with_the_real_time_it_started_and_then_runs_fast() {
        // Setup opens at 13:57 and takes 42 real seconds; at ×20 the old
        // clock would have started the meeting at 14:11.
        let opened = Instant::now();
        let wall = Utc.with_ymd_and_hms(2026, 11, 23, 13, 57, 0).unwrap();
        let mut clock = Clock::starting(opened, wall, 20);
        let mut app = App::for_protocol(
            crate::protocol::builtin("tuning").unwrap(),
            Setup {
                norms: starter_norms(),
                ..Setup::default()
            },
            crate::theme::Theme::mono(),
            clock.at(opened),
            FixedOffset::east_opt(0).unwrap(),
            Size::new(80, 24),
        );
        app.speed = 20;
        let before = opened + Duration::from_secs(40);
        step(&mut app, &mut clock, Msg::Tick, before);
        assert_eq!(app.now, wall + TimeDelta::seconds(40), "real time in setup");

        let start = opened + Duration::from_secs(42);
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        step(&mut app, &mut clock, Msg::Key(enter), start);
        let real_start = wall + TimeDelta::seconds(42);
        let record = app.record().unwrap();
        assert_eq!(record.started_at.with_timezone(&Utc), real_start);
        assert_eq!(record.speed, 20, "still marked as a rehearsal");
        let path = store::session_path(
            Path::new("/s"),
            record.started_at,
            None,
            &record.protocol_id,
        );
        assert_eq!(path, Path::new("/s/2026-11-23T1357_tuning.yaml"));

        // The meeting's own timeline runs twenty times faster.
        step(
            &mut app,
            &mut clock,
            Msg::Tick,
            start + Duration::from_secs(60),
        );
        assert_eq!(app.now, real_start + TimeDelta::minutes(20));
        assert_eq!(clock.at(start), real_start, "speeding up moves no time");
    }

    #[test]
    fn a_real_meeting_runs_at_real_speed_before_and_after_it_starts() {
        let opened = Instant::now();
        let wall = Utc.with_ymd_and_hms(2026, 11, 23, 13, 57, 0).unwrap();
        let mut clock = Clock::starting(opened, wall, 1);
        clock.speed_up(opened + Duration::from_secs(5));
        assert_eq!(
            clock.at(opened + Duration::from_secs(65)),
            wall + TimeDelta::seconds(65)
        );
    }
}
