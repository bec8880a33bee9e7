//! The application: one state, one message type, one `update`.
//!
//! `update` is pure. It receives `now` with every message, never reads a
//! clock or touches a file, and answers with [`Effects`] (ring the bell,
//! save the record, quit) that the terminal shell carries out.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind, MouseEvent};
use ratatui::layout::Size;

use crate::group::Group;
use crate::meeting::session::Setup;
use crate::protocol::Protocol;
use crate::record::SessionRecord;
use crate::record::history::GroupHistory;
use crate::theme::Theme;

use super::keymap::{self, CONFIRM, ConfirmAction};
use super::screens::checkin::Row;
use super::screens::launcher::Launcher;
use super::screens::logs::LogsBrowser;
use super::screens::meeting::MeetingScreen;
use super::screens::setup::SetupScreen;
use super::style::Styles;

/// Something that happened: a key, the mouse, the terminal, time, or the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed; sent when the shown second changes.
    Tick,
    /// The shell wrote the record (or could not).
    Saved(Result<PathBuf, String>),
    /// SIGTERM or SIGHUP: save and leave.
    Terminate,
    /// The shell read a record the app asked to open.
    Opened(PathBuf, Result<Box<SessionRecord>, String>),
}

/// What the shell should do after an update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    pub bell: bool,
    pub save: bool,
    pub quit: bool,
    /// Read this record and answer with [`Msg::Opened`].
    pub open: Option<PathBuf>,
}

impl Effects {
    pub fn merge(&mut self, other: Effects) {
        self.bell |= other.bell;
        self.save |= other.save;
        self.quit |= other.quit;
        if other.open.is_some() {
            self.open = other.open;
        }
    }
}

pub enum Screen {
    Launcher(Launcher),
    Logs(Box<LogsBrowser>),
    Setup(Box<SetupScreen>),
    Meeting(Box<MeetingScreen>),
}

/// A question that needs an answer before anything else happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub text: String,
    /// Extra answers besides yes/no: (key, label, what it does).
    pub choices: Vec<(char, String, Pending)>,
    /// What "yes" (y or Enter) does; `None` when only the choices apply.
    pub yes: Option<Pending>,
}

/// An action waiting for confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Quit,
    /// End the meeting now, before its last phase is done.
    EndEarly,
    /// The last phase is done: close the meeting.
    Finish,
    JumpTo(usize),
    DiscardNote,
    /// Take a plus, delta or action item out of the check-in.
    RemoveItem(Row),
    /// Drop an unsaved edit of a check-in line.
    DiscardItem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
}

/// A short message in the header that fades after a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub text: String,
    pub until: DateTime<Utc>,
    pub error: bool,
}

/// Values from config.yaml, the command line and earlier records that screens need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Defaults {
    /// Norms for meetings without a group (or a group without norms).
    pub norms: Vec<String>,
    /// The group meeting, from `--group`.
    pub group: Option<Group>,
    /// What the group's earlier sessions left open, and who presented.
    pub history: GroupHistory,
}

impl Defaults {
    /// The setup screen for `protocol`: the group's, or one with an empty roster.
    pub fn setup_screen(&self, protocol: Protocol) -> SetupScreen {
        match &self.group {
            Some(g) => {
                SetupScreen::for_group(protocol, g, self.norms.clone(), self.history.clone())
            }
            None => SetupScreen::new(
                protocol,
                Setup {
                    norms: self.norms.clone(),
                    ..Setup::default()
                },
            ),
        }
    }
}

pub struct App {
    pub now: DateTime<Utc>,
    /// The local time zone's offset, for wall-clock times on screen.
    pub offset: FixedOffset,
    pub size: Size,
    pub styles: Styles,
    pub theme: Theme,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub flash: Option<Flash>,
    /// `--speed N`: rehearsal time runs N times faster.
    pub speed: u32,
    pub defaults: Defaults,
}

/// How long a flash message stays.
const FLASH: TimeDelta = TimeDelta::seconds(4);

impl App {
    pub fn new(
        screen: Screen,
        theme: Theme,
        now: DateTime<Utc>,
        offset: FixedOffset,
        size: Size,
    ) -> App {
        App {
            now,
            offset,
            size,
            styles: Styles::new(&theme),
            theme,
            screen,
            overlay: None,
            flash: None,
            speed: 1,
            defaults: Defaults::default(),
        }
    }

    /// The launcher over a protocol library.
    pub fn launcher(
        protocols: Vec<Protocol>,
        theme: Theme,
        now: DateTime<Utc>,
        offset: FixedOffset,
        size: Size,
    ) -> App {
        App::new(
            Screen::Launcher(Launcher::new(protocols)),
            theme,
            now,
            offset,
            size,
        )
    }

    /// Straight to the setup of one protocol.
    pub fn for_protocol(
        protocol: Protocol,
        setup: Setup,
        theme: Theme,
        now: DateTime<Utc>,
        offset: FixedOffset,
        size: Size,
    ) -> App {
        App::new(
            Screen::Setup(Box::new(SetupScreen::new(protocol, setup))),
            theme,
            now,
            offset,
            size,
        )
    }

    pub fn flash(&mut self, text: impl Into<String>, error: bool) {
        self.flash = Some(Flash {
            text: text.into(),
            until: self.now + FLASH,
            error,
        });
    }

    pub fn meeting(&self) -> Option<&MeetingScreen> {
        match &self.screen {
            Screen::Meeting(m) => Some(m),
            _ => None,
        }
    }

    pub fn meeting_mut(&mut self) -> Option<&mut MeetingScreen> {
        match &mut self.screen {
            Screen::Meeting(m) => Some(m),
            _ => None,
        }
    }

    /// The record to save now, if a meeting has started.
    pub fn record(&self) -> Option<SessionRecord> {
        self.meeting()
            .map(|m| m.record(self.now, self.offset, self.speed))
    }

    /// When the shell should wake to update the screen, if nothing else happens first.
    pub fn next_wakeup(&self) -> DateTime<Utc> {
        let mut next = self.now + TimeDelta::seconds(1);
        if let Some(m) = self.meeting() {
            next = next.min(m.next_wakeup(self.now));
        }
        if let Some(f) = &self.flash {
            next = next.min(f.until.max(self.now));
        }
        next
    }

    pub fn update(&mut self, msg: Msg, now: DateTime<Utc>) -> Effects {
        self.now = now;
        if self.flash.as_ref().is_some_and(|f| f.until <= now) {
            self.flash = None;
        }
        match msg {
            Msg::Resize(w, h) => {
                self.size = Size::new(w, h);
                Effects::default()
            }
            Msg::Tick => match &mut self.screen {
                Screen::Meeting(m) => m.tick(now),
                _ => Effects::default(),
            },
            Msg::Saved(result) => {
                let error = match &mut self.screen {
                    Screen::Meeting(m) => m.saved(result, now),
                    _ => None,
                };
                if let Some(e) = error {
                    self.flash(format!("Not saved: {e}"), true);
                }
                Effects::default()
            }
            Msg::Terminate => Effects {
                save: self.meeting().is_some(),
                quit: true,
                ..Effects::default()
            },
            Msg::Opened(path, result) => {
                if let Screen::Logs(b) = &mut self.screen {
                    b.opened(&path, result.map(|r| *r));
                }
                Effects::default()
            }
            Msg::Key(key) if key.kind == KeyEventKind::Press => self.key(key),
            Msg::Key(_) => Effects::default(),
            Msg::Mouse(ev) => self.mouse(ev),
        }
    }

    fn key(&mut self, key: KeyEvent) -> Effects {
        match self.overlay.take() {
            Some(Overlay::Help) => {
                // Any key closes the help; it must never trap a facilitator.
                Effects::default()
            }
            Some(Overlay::Confirm(c)) => self.answer(c, key),
            None => {
                let page = self.size.height.saturating_sub(4).max(1) as usize;
                let outcome = match &mut self.screen {
                    Screen::Launcher(l) => l.key(key),
                    Screen::Logs(b) => b.key(key, page),
                    Screen::Setup(s) => s.key(key, self.now),
                    Screen::Meeting(m) => m.key(key, self.now),
                };
                self.apply(outcome)
            }
        }
    }

    fn mouse(&mut self, ev: MouseEvent) -> Effects {
        if self.overlay.is_some() {
            return Effects::default();
        }
        let area = ratatui::layout::Rect::new(0, 0, self.size.width, self.size.height);
        let outcome = match &mut self.screen {
            Screen::Meeting(m) => m.mouse(ev, area, self.now),
            Screen::Launcher(l) => l.mouse(ev, area),
            Screen::Logs(b) => b.mouse(ev, area),
            Screen::Setup(_) => Outcome::default(),
        };
        self.apply(outcome)
    }

    fn answer(&mut self, c: Confirm, key: KeyEvent) -> Effects {
        if let ratatui::crossterm::event::KeyCode::Char(ch) = key.code
            && let Some((_, _, pending)) = c.choices.iter().find(|(k, _, _)| *k == ch)
        {
            return self.confirmed(pending.clone());
        }
        match keymap::lookup(CONFIRM, &key) {
            Some(ConfirmAction::Yes) => match c.yes.clone() {
                Some(p) => self.confirmed(p),
                None => {
                    self.overlay = Some(Overlay::Confirm(c));
                    Effects::default()
                }
            },
            Some(ConfirmAction::No) => Effects::default(),
            // Anything else leaves the question up: a stray key must not decide.
            None => {
                self.overlay = Some(Overlay::Confirm(c));
                Effects::default()
            }
        }
    }

    fn confirmed(&mut self, pending: Pending) -> Effects {
        let now = self.now;
        match pending {
            Pending::Quit => Effects {
                save: self.meeting().is_some(),
                quit: true,
                ..Effects::default()
            },
            other => match &mut self.screen {
                Screen::Meeting(m) => {
                    let outcome = m.confirmed(other, now);
                    self.apply(outcome)
                }
                _ => Effects::default(),
            },
        }
    }

    /// Applies what a screen asked for.
    fn apply(&mut self, outcome: Outcome) -> Effects {
        if let Some(text) = outcome.flash {
            self.flash(text, false);
        }
        if outcome.overlay.is_some() {
            self.overlay = outcome.overlay;
        }
        let mut fx = outcome.effects;
        if let Some(next) = outcome.goto {
            match next {
                Goto::Setup(protocol) => {
                    self.screen = Screen::Setup(Box::new(self.defaults.setup_screen(*protocol)));
                }
                Goto::Meeting(mut m) => {
                    m.offset = self.offset;
                    self.screen = Screen::Meeting(m);
                    fx.save = true;
                }
            }
        }
        fx
    }
}

/// Where a screen wants to go next.
pub enum Goto {
    Setup(Box<Protocol>),
    Meeting(Box<MeetingScreen>),
}

/// What a screen's key handler asks the app to do.
#[derive(Default)]
pub struct Outcome {
    pub effects: Effects,
    pub overlay: Option<Overlay>,
    pub goto: Option<Goto>,
    pub flash: Option<String>,
}

impl Outcome {
    pub fn effects(effects: Effects) -> Outcome {
        Outcome {
            effects,
            ..Outcome::default()
        }
    }

    pub fn overlay(o: Overlay) -> Outcome {
        Outcome {
            overlay: Some(o),
            ..Outcome::default()
        }
    }

    pub fn quit() -> Outcome {
        Outcome::effects(Effects {
            quit: true,
            ..Effects::default()
        })
    }
}
