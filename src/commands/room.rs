//! `plg room`: the room's screen, in the window on the projector, following
//! the meeting that `plg run` (the console) is running on this machine.
//!
//! It reads and never writes: the record as the console saves it, the
//! console's announcement in the runtime folder; it writes only its own
//! presence there (see [`crate::link`]). Its loop sleeps until the shown
//! second changes, a file it shows changes, a key or a resize, and at
//! most a second (to notice a signal, or a console that was killed).
//! q and Ctrl-C close this screen; the meeting goes on.

use std::ffi::OsString;
use std::io::{self, BufRead, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Local, Offset, Utc};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::link::watch::FolderWatch;
use crate::link::{self, Announcement, ClockAnchor, RoomLink};
use crate::theme::Theme;
use crate::tui::screens::room::{self, RoomScreen};
use crate::tui::shell::{Guard, Handlers, SAVE_AND_LEAVE, read_events_into};
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::{CommandError, CommandResult, Ctx};

/// The longest the loop sleeps: no polling faster than the shown second.
const AT_MOST: Duration = Duration::from_secs(1);

/// What woke the loop.
enum Wake {
    Term(Event),
    /// Files changed in a watched folder (their names; none: look again at all).
    Files(Vec<OsString>),
}

/// Which meeting to follow among those running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Follow(Box<Announcement>),
    /// Nothing to follow (yet): the reason, for the waiting screen.
    Wait(String),
}

/// The meeting `wanted` (its id, or the start of it when only one id
/// starts so, as `plg resume` takes it), or the only one running; with
/// several and none named, the room waits and says how to name one.
pub fn pick(running: &[Announcement], wanted: Option<&str>) -> Pick {
    if let Some(id) = wanted {
        let exact = running.iter().find(|a| a.id == id);
        let starting: Vec<&Announcement> =
            running.iter().filter(|a| a.id.starts_with(id)).collect();
        return match (exact, starting.as_slice()) {
            (Some(a), _) | (None, &[a]) => Pick::Follow(Box::new(a.clone())),
            _ => Pick::Wait(format!(
                "Waiting for the meeting {}: it starts here once `plg run` (or `plg resume`) opens it.",
                crate::term_text::one_line(id)
            )),
        };
    }
    match running {
        // The waiting screen says how to start one.
        [] => Pick::Wait(String::new()),
        [one] => Pick::Follow(Box::new(one.clone())),
        many => Pick::Wait(format!(
            "{} meetings are running on this machine: close this screen (q) and name one: plg room {}",
            many.len(),
            many.iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(" | ")
        )),
    }
}

/// The list shown before asking which meeting, and the answer read.
/// Enter takes the first; a number or an id picks one.
pub fn ask_meeting(
    running: &[Announcement],
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> io::Result<Option<String>> {
    writeln!(
        out,
        "Several meetings are running on this machine. Which one?"
    )?;
    for (i, a) in running.iter().enumerate() {
        writeln!(out, "  {}  {}", i + 1, a.describe())?;
    }
    for _ in 0..3 {
        write!(out, "Meeting [1]: ")?;
        out.flush()?;
        let mut answer = String::new();
        if input.read_line(&mut answer)? == 0 {
            return Ok(None);
        }
        let a = answer.trim();
        let chosen = if a.is_empty() {
            running.first()
        } else if let Ok(n) = a.parse::<usize>() {
            n.checked_sub(1).and_then(|i| running.get(i))
        } else {
            running.iter().find(|m| m.id == a)
        };
        match chosen {
            Some(m) => return Ok(Some(m.id.clone())),
            None => writeln!(out, "Type a number from the list, or a meeting's id.")?,
        }
    }
    Ok(None)
}

/// What the room screen follows and shows.
struct Room {
    link: RoomLink,
    /// The sessions folder of this home: the only folder whose records
    /// the room reads, whatever an announcement names.
    sessions: PathBuf,
    /// None when the system would not watch (inotify's limits reached):
    /// the room then looks at the files once a second instead.
    watch: Option<FolderWatch>,
    /// Some folder could not be watched: look at the files once a second.
    blind: bool,
    /// The meeting asked for (`plg room ID`, or picked from the list);
    /// forgotten once it has ended, so the next meeting is followed.
    wanted: Option<String>,
    following: Option<Announcement>,
    screen: RoomScreen,
    anchor: ClockAnchor,
    /// The screen shows how the last meeting was left (its end, or that it
    /// waits to be resumed) and keeps it until the next one starts.
    parked: bool,
    /// The meeting whose record the screen was last drawn from.
    shown: Option<String>,
}

impl Room {
    fn meeting_now(&self) -> DateTime<Utc> {
        self.anchor.at(Utc::now())
    }

    /// Reads the record of the meeting followed and rebuilds the screen.
    /// `at_console`: the console's announcement is still alive, so a
    /// meeting whose record reads ended may still be closing there.
    fn reload(&mut self, at_console: bool) {
        let Some(a) = &self.following else {
            return;
        };
        let now = self.meeting_now();
        let built = crate::record::read_file(&a.record)
            .map_err(|e| format!("cannot be read: {e}"))
            .and_then(|rec| {
                RoomScreen::from_record(&rec, a.show_notes, now)
                    .map_err(|e| format!("cannot be shown: {e}"))
            });
        match built {
            Ok(screen) => {
                self.screen = screen.at_console(at_console);
                self.shown = Some(a.id.clone());
            }
            // A record replaced by something unreadable (a colleague's
            // link, a huge file) costs the wall nothing while the console
            // runs: the last view stays, its clock running, until the
            // console's next save puts the record back. The console says
            // when it cannot save.
            Err(_) if self.shown.as_ref() == Some(&a.id) => {}
            Err(why) => {
                self.screen = RoomScreen::waiting(format!(
                    "The meeting {} is on the console, but its record {why}",
                    crate::term_text::one_line(&a.id)
                ));
            }
        }
    }

    /// Looks again at which meetings run: follows one that started, lets
    /// go of one that closed (showing its end, or that it was left to
    /// resume), and takes in a change of the one followed.
    fn look_around(&mut self) {
        let dir = self.link.dir().to_path_buf();
        let running = link::meetings_in(&dir, &self.sessions);
        if let Some(a) = &self.following {
            match running.iter().find(|m| m.id == a.id && m.pid == a.pid) {
                Some(now) if now != a => {
                    self.anchor = now.clock;
                    self.following = Some(now.clone());
                    self.reload(true);
                }
                Some(_) => {}
                None => self.let_go(),
            }
        }
        if self.following.is_none() {
            match pick(&running, self.wanted.as_deref()) {
                Pick::Follow(a) => {
                    self.anchor = a.clock;
                    self.watch_record(Some(&a.record));
                    let _ = self.link.follow(Some(&a.id));
                    self.following = Some(*a);
                    self.parked = false;
                    self.reload(true);
                }
                // How the last meeting was left stays up until the next one.
                Pick::Wait(_) if self.parked => {}
                Pick::Wait(reason) => self.screen = RoomScreen::waiting(reason),
            }
        }
    }

    /// The console closed the meeting (or was killed): the record as it
    /// was left says whether it ended or waits to be resumed.
    fn let_go(&mut self) {
        self.reload(false);
        // Also when the record could not be read again: the console is
        // gone, so a closing still shown has become the end.
        self.screen =
            std::mem::replace(&mut self.screen, RoomScreen::waiting("")).at_console(false);
        let ended = matches!(self.screen.following(), room::Following::Ended(_));
        if !ended && let Some(a) = &self.following {
            self.screen = RoomScreen::waiting(format!(
                "The meeting {} was left to be resumed; this screen follows it again when `plg resume` opens it.",
                crate::term_text::one_line(&a.id)
            ));
        } else if ended {
            self.wanted = None;
        }
        self.following = None;
        self.shown = None;
        self.parked = true;
        self.watch_record(None);
        let _ = self.link.follow(None);
    }

    fn watch_record(&mut self, record: Option<&std::path::Path>) {
        if let Some(w) = &mut self.watch
            && w.show(record).is_err()
        {
            self.blind = true;
        }
    }

    /// Something changed on disk: the record shown, or the runtime folder.
    fn changed(&mut self, names: &[OsString]) {
        let record = self
            .following
            .as_ref()
            .and_then(|a| a.record.file_name().map(|n| n.to_os_string()));
        let all = names.is_empty();
        if all || names.iter().any(|n| Some(n) == record.as_ref()) {
            self.reload(true);
        }
        let announcements = names.iter().any(|n| {
            let n = n.to_string_lossy();
            n.starts_with("meeting.") && n.ends_with(".json")
        });
        if all || announcements {
            self.look_around();
        }
    }

    /// A console that was killed removes nothing: its lock is the sign.
    fn check_console(&mut self) -> bool {
        let gone = self
            .following
            .as_ref()
            .is_some_and(|a| !link::console_alive(self.link.dir(), a));
        if gone {
            self.let_go();
            self.look_around();
        }
        gone
    }
}

/// Whether a key closes the room screen: q or Ctrl-C, nothing else.
fn closes(k: &KeyEvent) -> bool {
    k.kind == KeyEventKind::Press
        && (k.code == KeyCode::Char('q')
            || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL)))
}

pub fn run(ctx: &Ctx, id: Option<&str>, theme: Option<&str>, out: &mut dyn Write) -> CommandResult {
    if !io::stdout().is_terminal() {
        return Err(CommandError::Usage(
            "the room screen needs a terminal: run `plg room` in a terminal window and move it onto the projector".into(),
        ));
    }
    let config = super::run::load_config(ctx)?;
    let theme = super::run::pick_theme(ctx, theme, &config)?;
    let dir = ctx.paths.run_dir.clone();
    let sessions = ctx.paths.sessions_dir();
    let link = RoomLink::start(&dir).map_err(|e| {
        CommandError::Failed(format!(
            "could not use plg's runtime folder {}: {e}",
            dir.display()
        ))
    })?;
    let wanted = match id {
        Some(id) => Some(id.to_string()),
        None => {
            let running = link::meetings_in(&dir, &sessions);
            if running.len() < 2 {
                None
            } else if io::stdin().is_terminal() {
                ask_meeting(&running, &mut io::stdin().lock(), out)?
            } else {
                let ids: Vec<String> = running.iter().map(Announcement::describe).collect();
                return Err(CommandError::Usage(format!(
                    "several meetings are running; name one: plg room ID\n  {}",
                    ids.join("\n  ")
                )));
            }
        }
    };
    show(link, sessions, wanted, &theme)?;
    Ok(std::process::ExitCode::SUCCESS)
}

/// The room screen's terminal loop.
fn show(
    link: RoomLink,
    sessions: PathBuf,
    wanted: Option<String>,
    theme: &Theme,
) -> io::Result<()> {
    let terminate = Arc::new(AtomicBool::new(false));
    let _handlers = Handlers(
        SAVE_AND_LEAVE
            .iter()
            .map(|&signal| signal_hook::flag::register(signal, Arc::clone(&terminate)))
            .collect::<io::Result<Vec<_>>>()?,
    );
    let (tx, rx) = mpsc::channel();
    let files_tx = tx.clone();
    let watch = FolderWatch::new(link.dir(), move |names| {
        let _ = files_tx.send(Wake::Files(names));
    })
    .ok();
    let mut room = Room {
        link,
        sessions,
        blind: watch.is_none(),
        watch,
        wanted,
        following: None,
        screen: RoomScreen::waiting(""),
        anchor: ClockAnchor::real_time(Utc::now()),
        parked: false,
        shown: None,
    };
    room.look_around();

    let _guard = Guard;
    // Never dropped, as in the console's shell (see there).
    let mut terminal = ManuallyDrop::new(ratatui::try_init()?);
    read_events_into(tx, Wake::Term);
    let offset: FixedOffset = Local::now().offset().fix();
    let styles = Styles::new(theme);
    let mut dirty = true;
    let mut looked = Instant::now();
    loop {
        if terminate.load(Ordering::Relaxed) {
            return Ok(());
        }
        if dirty {
            let view = View {
                styles,
                now: room.meeting_now(),
                offset,
                speed: room.anchor.speed,
                flash: None,
            };
            terminal.draw(|f| room::draw(f, &view, &room.screen))?;
            dirty = false;
        }
        let now = room.meeting_now();
        let next = room.screen.next_change(now);
        let wait = next.map_or(AT_MOST, |at| room.anchor.until(at, Utc::now()).min(AT_MOST));
        match rx.recv_timeout(wait) {
            Ok(Wake::Term(Event::Key(k))) if closes(&k) => return Ok(()),
            Ok(Wake::Term(Event::Resize(..))) => dirty = true,
            Ok(Wake::Term(_)) => {}
            Ok(Wake::Files(names)) => {
                room.changed(&names);
                dirty = true;
            }
            Err(RecvTimeoutError::Timeout) => {
                dirty |= room.check_console() || next.is_some_and(|at| room.meeting_now() >= at);
                // Without the system's notifications, a look once a second stands in.
                if room.blind && looked.elapsed() >= AT_MOST {
                    looked = Instant::now();
                    room.changed(&[]);
                    dirty = true;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::path::PathBuf;

    fn running(id: &str) -> Announcement {
        Announcement {
            version: link::LINK_VERSION,
            id: id.into(),
            record: PathBuf::from(format!("/h/sessions/{id}.yaml")),
            protocol: "Tuning Protocol".into(),
            group: None,
            pid: 1,
            show_notes: false,
            clock: ClockAnchor::real_time(DateTime::<Utc>::UNIX_EPOCH),
        }
    }

    #[test]
    fn the_only_meeting_is_followed_and_several_wait_for_a_name() {
        let a = running("a");
        assert_eq!(
            pick(std::slice::from_ref(&a), None),
            Pick::Follow(Box::new(a.clone()))
        );
        let Pick::Wait(why) = pick(&[a.clone(), running("b")], None) else {
            panic!("followed one of two");
        };
        assert!(why.contains("plg room a | b"), "{why}");
        assert_eq!(
            pick(&[a.clone(), running("b")], Some("b")),
            Pick::Follow(Box::new(running("b")))
        );
        assert!(matches!(
            pick(std::slice::from_ref(&a), Some("c")),
            Pick::Wait(_)
        ));
        let long = running("2026-11-23T1530_math9_tuning");
        assert_eq!(
            pick(&[long.clone(), a], Some("2026-11-23T1530")),
            Pick::Follow(Box::new(long))
        );
        assert!(matches!(pick(&[], None), Pick::Wait(_)));
    }

    /// A room following `id`, whose record is `sessions/ID.yaml`, in a
    /// runtime folder of its own (no watcher: the test calls `reload`).
    fn room_following(run: &std::path::Path, sessions: &std::path::Path, id: &str) -> Room {
        let a = Announcement {
            record: sessions.join(format!("{id}.yaml")),
            ..running(id)
        };
        Room {
            link: RoomLink::start(run).unwrap(),
            sessions: sessions.to_path_buf(),
            watch: None,
            blind: true,
            wanted: None,
            anchor: a.clock,
            following: Some(a),
            screen: RoomScreen::waiting(""),
            parked: false,
            shown: None,
        }
    }

    fn save_record(path: &std::path::Path) {
        use crate::record::format::SessionRecord;
        let p = crate::protocol::check(
            "id: r\nname: R\nsummary: s\nphases:\n  - {name: Open, minutes: 2}\n",
        )
        .value
        .unwrap();
        let start = DateTime::<Utc>::UNIX_EPOCH;
        let m = crate::meeting::Meeting::start(p, &crate::meeting::Rounds::default(), start);
        let rec = SessionRecord::in_progress(&m, start, chrono::FixedOffset::east_opt(0).unwrap());
        let yaml = crate::record::store::to_yaml(&rec).unwrap();
        std::fs::write(path, yaml).unwrap();
    }

    #[test]
    fn a_record_made_unreadable_under_the_wall_leaves_the_last_view_up() {
        let home = tempfile::tempdir().unwrap();
        let sessions = home.path().join("sessions");
        std::fs::create_dir_all(&sessions).unwrap();
        let record = sessions.join("m1.yaml");
        save_record(&record);
        let mut room = room_following(&home.path().join("run"), &sessions, "m1");
        room.reload(true);
        assert!(matches!(
            room.screen.following(),
            room::Following::Meeting(_)
        ));

        // A colleague makes it huge (or a link, or garbage): the meeting stays up.
        let huge = vec![b'#'; (crate::files::MAX_RECORD_BYTES + 1) as usize];
        std::fs::write(&record, huge).unwrap();
        room.reload(true);
        assert!(
            matches!(room.screen.following(), room::Following::Meeting(_)),
            "{:?}",
            room.screen
        );

        // A room that never read it says which meeting it is, not that none runs.
        let mut fresh = room_following(&home.path().join("run2"), &sessions, "m1");
        fresh.reload(true);
        let room::Following::Waiting { reason } = fresh.screen.following() else {
            panic!("{:?}", fresh.screen);
        };
        assert!(
            reason.starts_with("The meeting m1 is on the console, but its record cannot be read"),
            "{reason}"
        );
    }

    #[test]
    fn a_closing_shown_becomes_the_end_when_the_console_lets_go_even_unread() {
        let home = tempfile::tempdir().unwrap();
        let sessions = home.path().join("sessions");
        std::fs::create_dir_all(&sessions).unwrap();
        let record = sessions.join("m1.yaml");
        save_record(&record);
        // Its only phase done and no check-in phase: the check-in comes now.
        let mut rec = crate::record::read_file(&record).unwrap();
        rec.status = crate::record::format::Status::Completed;
        std::fs::write(&record, crate::record::store::to_yaml(&rec).unwrap()).unwrap();
        let closing = |r: &Room| matches!(r.screen.following(), room::Following::Ended(e) if e.closing_at_console());
        let mut room = room_following(&home.path().join("run"), &sessions, "m1");
        room.reload(true);
        assert!(closing(&room), "{:?}", room.screen);

        // The console closes while the record cannot be read again.
        std::fs::write(&record, b"\0not yaml").unwrap();
        room.let_go();
        assert!(
            matches!(room.screen.following(), room::Following::Ended(_)),
            "{:?}",
            room.screen
        );
        assert!(!closing(&room), "{:?}", room.screen);
    }

    #[test]
    fn the_question_takes_a_number_an_id_or_enter() {
        let list = [running("a"), running("b")];
        let mut out = Vec::new();
        let ask = |answer: &str, out: &mut Vec<u8>| {
            ask_meeting(&list, &mut answer.as_bytes(), out).unwrap()
        };
        assert_eq!(ask("2\n", &mut out), Some("b".into()));
        assert_eq!(ask("a\n", &mut out), Some("a".into()));
        assert_eq!(ask("\n", &mut out), Some("a".into()));
        assert_eq!(ask("9\nx\nnone\n", &mut out), None);
        assert!(
            String::from_utf8(out)
                .unwrap()
                .contains("1  a (Tuning Protocol)")
        );
    }

    #[test]
    fn only_q_and_ctrl_c_close_the_room_screen() {
        let key = |c, m| KeyEvent::new(KeyCode::Char(c), m);
        assert!(closes(&key('q', KeyModifiers::NONE)));
        assert!(closes(&key('c', KeyModifiers::CONTROL)));
        assert!(!closes(&key('c', KeyModifiers::NONE)));
        assert!(!closes(&KeyEvent::new(
            KeyCode::Char(' '),
            KeyModifiers::NONE
        )));
        assert!(!closes(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));
    }
}
