//! The application: one state, one message type, one `update`.
//!
//! `update` is pure. It receives `now` with every message, never reads a
//! clock or touches a file, and answers with [`Effects`] (ring the bell,
//! save the record, quit) that the terminal shell carries out.

use std::convert::Infallible;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, MouseEvent};
use ratatui::layout::Size;

use crate::group::Group;
use crate::meeting::session::Setup;
use crate::protocol::Protocol;
use crate::record::SessionRecord;
use crate::record::followup::FollowUp;
use crate::record::history::GroupHistory;
use crate::theme::Theme;

use super::chrome::{self, HelpSection};
use super::keymap::{self, CONFIRM, ConfirmAction, HelpAction};
use super::outcome::{Confirm, Effects, Flash, Outcome, Overlay};
use super::screens::launcher::{self, Launcher, Picked};
use super::screens::logs::{self, LogsBrowser};
use super::screens::meeting::{self, MeetingScreen};
use super::screens::setup::{self, AgendaSetup, SetupScreen};
use super::style::Styles;
use super::view::View;

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
    /// The shell wrote a follow-up record (or could not).
    FollowUpSaved(Result<PathBuf, String>),
    /// The shell rewrote a note of an earlier record (or could not).
    Amended(PathBuf, Result<Box<SessionRecord>, String>),
    /// The shell found this many room screens (`plg room`) following the meeting.
    Rooms(usize),
}

pub enum Screen {
    Launcher(Launcher),
    Logs(Box<LogsBrowser>),
    Setup(Box<SetupScreen>),
    Meeting(Box<MeetingScreen>),
}

/// A question on screen: which screen asked it, with the answer that screen
/// will be handed back. The app routes answers; it never reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Setup(setup::Answer),
    Meeting(meeting::Answer),
}

/// Where a screen leads.
enum Next {
    Setup(Box<Picked>),
    Meeting(Box<MeetingScreen>),
}

/// Screens that ask nothing (or lead nowhere) have no answer to wrap.
fn never<T>(n: Infallible) -> T {
    match n {}
}

/// Values from config.yaml, the command line and earlier records that screens need.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Defaults {
    /// Norms for meetings without a group (or a group without norms).
    pub(crate) norms: Vec<String>,
    /// The group meeting, from `--group`.
    pub(crate) group: Option<Group>,
    /// What the group's earlier sessions left open, and who presented.
    pub(crate) history: GroupHistory,
}

impl Defaults {
    /// The setup screen for `protocol`: the group's, or one with an empty roster.
    pub(crate) fn setup_screen(&self, protocol: Protocol) -> SetupScreen {
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

    /// The setup screen for an agenda: expanded with the protocol chosen
    /// (if any), the list to choose from open when it still needs one.
    pub(crate) fn agenda_setup(
        &self,
        agenda: AgendaSetup,
    ) -> Result<SetupScreen, crate::agenda::ExpandError> {
        let plan = agenda.expanded()?;
        Ok(self.setup_screen(plan).with_agenda(agenda))
    }
}

pub struct App {
    pub now: DateTime<Utc>,
    /// The local time zone's offset, for wall-clock times on screen.
    pub(crate) offset: FixedOffset,
    pub(crate) size: Size,
    pub(crate) styles: Styles,
    pub screen: Screen,
    pub overlay: Option<Overlay<Asked>>,
    /// How far the help overlay is scrolled down, in lines.
    pub help_scroll: usize,
    pub flash: Option<Flash>,
    /// `--speed N`: rehearsal time runs N times faster.
    pub(crate) speed: u32,
    pub(crate) defaults: Defaults,
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
            screen,
            overlay: None,
            help_scroll: 0,
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

    /// Lists `agendas` in the launcher too, before the protocols.
    pub fn with_agendas(mut self, agendas: Vec<crate::agenda::Agenda>) -> App {
        if let Screen::Launcher(l) = &mut self.screen {
            l.agendas = agendas;
        }
        self
    }

    /// Puts the launcher's selection on the agenda `id`, if it lists it.
    pub fn select_agenda(&mut self, id: &str) {
        if let Screen::Launcher(l) = &mut self.screen
            && let Some(i) = l.agendas.iter().position(|a| a.id == id)
        {
            l.selected = i;
        }
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

    pub(crate) fn flash(&mut self, text: impl Into<String>, error: bool) {
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

    /// Changes to earlier action items made in the setup of a meeting that
    /// never started, as the follow-up record that keeps them.
    pub fn setup_follow_up(&self) -> Option<FollowUp> {
        let Screen::Setup(s) = &self.screen else {
            return None;
        };
        let changes = s.unstarted_changes();
        (!changes.is_empty()).then(|| FollowUp {
            saved_at: crate::record::format::local(self.now, self.offset),
            group: s.group.clone(),
            action_changes: changes.to_vec(),
        })
    }

    /// The record to save now, if a meeting has started.
    pub fn record(&self) -> Option<SessionRecord> {
        self.meeting()
            .map(|m| m.record(self.now, self.offset, self.speed))
    }

    /// The room screens show the record as last saved: so does the console's preview of them.
    fn room_saw_record(&mut self) {
        if self.meeting().is_none_or(|m| m.rooms.attached == 0) {
            return;
        }
        let now = self.now;
        if let (Some(rec), Some(m)) = (self.record(), self.meeting_mut()) {
            m.room_saw(&rec, now);
        }
    }

    /// When the shell should wake to update the screen, if nothing else happens first.
    pub(crate) fn next_wakeup(&self) -> DateTime<Utc> {
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
                self.room_saw_record();
                Effects::default()
            }
            Msg::Rooms(n) => {
                if let Some(text) = self.meeting_mut().and_then(|m| m.rooms_changed(n)) {
                    self.flash(text, false);
                }
                self.room_saw_record();
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
            Msg::FollowUpSaved(result) => {
                let error = match &mut self.screen {
                    Screen::Logs(b) => b.follow_up_saved(&result),
                    _ => None,
                };
                if let Some(e) = error {
                    self.flash(e, true);
                }
                Effects::default()
            }
            Msg::Amended(path, result) => {
                if let Screen::Logs(b) = &mut self.screen {
                    let (text, error) = b.amended(&path, result.map(|r| *r));
                    self.flash(text, error);
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
                // The help's own keys scroll it; any other key closes it, so
                // it never traps a facilitator.
                let screen = ratatui::layout::Rect::new(0, 0, self.size.width, self.size.height);
                let page = chrome::help_page(screen);
                let first = chrome::help_first_line(&self.help(), screen, self.help_scroll);
                let to = match keymap::lookup(keymap::HELP, &key) {
                    Some(HelpAction::Up) => first.saturating_sub(1),
                    Some(HelpAction::Down) => first + 1,
                    Some(HelpAction::PageUp) => first.saturating_sub(page),
                    Some(HelpAction::PageDown) => first + page,
                    None => return Effects::default(),
                };
                self.help_scroll = chrome::help_first_line(&self.help(), screen, to);
                self.overlay = Some(Overlay::Help);
                Effects::default()
            }
            Some(Overlay::Confirm(c)) => self.answer(c, key),
            None => {
                let page = self.size.height.saturating_sub(4).max(1) as usize;
                let now = self.now;
                let local = crate::record::format::local(now, self.offset);
                let outcome = match &mut self.screen {
                    Screen::Launcher(l) => l.key(key).map(never, Next::Setup),
                    Screen::Logs(b) => {
                        b.sitting.at = Some(local);
                        b.key(key, page).map(never, never)
                    }
                    Screen::Setup(s) => {
                        s.offset = self.offset;
                        s.key(key, now).map(Asked::Setup, Next::Meeting)
                    }
                    Screen::Meeting(m) => m.key(key, now).map(Asked::Meeting, never),
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
        let now = self.now;
        let outcome = match &mut self.screen {
            Screen::Meeting(m) => m.mouse(ev, area, now).map(Asked::Meeting, never),
            Screen::Launcher(l) => l.mouse(ev, area).map(never, Next::Setup),
            Screen::Logs(b) => b.mouse(ev, area).map(never, never),
            Screen::Setup(_) => Outcome::default(),
        };
        self.apply(outcome)
    }

    fn answer(&mut self, c: Confirm<Asked>, key: KeyEvent) -> Effects {
        if let KeyCode::Char(ch) = key.code
            && let Some((_, _, asked)) = c.choices.iter().find(|(k, _, _)| *k == ch)
        {
            return self.confirmed(asked.clone());
        }
        match keymap::lookup(CONFIRM, &key) {
            Some(ConfirmAction::Yes) => match c.yes.clone() {
                Some(asked) => self.confirmed(asked),
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

    /// Hands an answer back to the screen that asked.
    fn confirmed(&mut self, asked: Asked) -> Effects {
        let now = self.now;
        let outcome = match (asked, &mut self.screen) {
            (Asked::Setup(a), Screen::Setup(s)) => {
                s.confirmed(a, now).map(Asked::Setup, Next::Meeting)
            }
            (Asked::Meeting(a), Screen::Meeting(m)) => {
                m.confirmed(a, now).map(Asked::Meeting, never)
            }
            // The screen that asked is gone; its question went with it.
            _ => Outcome::default(),
        };
        self.apply(outcome)
    }

    /// Applies what a screen asked for.
    fn apply(&mut self, outcome: Outcome<Asked, Next>) -> Effects {
        if let Some(text) = outcome.flash {
            self.flash(text, false);
        }
        if outcome.overlay.is_some() {
            self.help_scroll = 0;
            self.overlay = outcome.overlay;
        }
        let mut fx = outcome.effects;
        if let Some(next) = outcome.goto {
            match next {
                Next::Setup(picked) => match *picked {
                    Picked::Protocol(protocol) => {
                        self.screen = Screen::Setup(Box::new(self.defaults.setup_screen(protocol)));
                    }
                    Picked::Agenda(agenda) => match self.defaults.agenda_setup(agenda) {
                        Ok(setup) => self.screen = Screen::Setup(Box::new(setup)),
                        Err(e) => self.flash(e.to_string(), true),
                    },
                },
                Next::Meeting(mut m) => {
                    m.offset = self.offset;
                    self.screen = Screen::Meeting(m);
                    fx.save = true;
                }
            }
        }
        fx
    }

    /// What drawing needs besides the screen.
    pub(crate) fn view(&self) -> View<'_> {
        View {
            styles: self.styles,
            now: self.now,
            offset: self.offset,
            speed: self.speed,
            flash: self.flash.as_ref(),
        }
    }

    /// Draws the whole frame: the screen, then any overlay. Reads the app; changes nothing.
    pub fn draw(&self, f: &mut Frame) {
        let view = self.view();
        match &self.screen {
            Screen::Launcher(l) => launcher::draw(f, &view, l),
            Screen::Logs(b) => logs::draw(f, &view, b),
            Screen::Setup(s) => setup::draw(f, &view, s),
            Screen::Meeting(m) => meeting::draw(f, &view, m),
        }
        match &self.overlay {
            Some(Overlay::Help) => {
                chrome::draw_help(f, self.styles, &self.help(), self.help_scroll)
            }
            Some(Overlay::Confirm(c)) => chrome::draw_confirm(f, self.styles, c),
            None => {}
        }
    }

    /// The help overlay's sections for the screen on show.
    fn help(&self) -> Vec<HelpSection> {
        match &self.screen {
            Screen::Launcher(l) => l.help(),
            Screen::Logs(b) => b.help(),
            Screen::Setup(s) => s.help(),
            Screen::Meeting(m) => m.help(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn setup_app() -> App {
        let protocol = crate::protocol::builtin("tuning").unwrap();
        App::for_protocol(
            protocol,
            Setup::default(),
            Theme::fallback(),
            DateTime::<Utc>::UNIX_EPOCH,
            FixedOffset::east_opt(0).unwrap(),
            Size::new(80, 24),
        )
    }

    fn key(app: &mut App, code: KeyCode) -> Effects {
        let now = app.now;
        app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now)
    }

    #[test]
    fn a_question_raised_by_the_setup_screen_is_answered_by_it() {
        let mut app = setup_app();
        // Something typed: leaving now asks first.
        key(&mut app, KeyCode::Char('A'));
        assert_eq!(key(&mut app, KeyCode::Esc), Effects::default());
        let Some(Overlay::Confirm(c)) = &app.overlay else {
            panic!("the setup asked nothing");
        };
        assert_eq!(c.yes, Some(Asked::Setup(setup::Answer::Leave)));
        let fx = key(&mut app, KeyCode::Char('y'));
        assert!(fx.quit, "the setup screen got its answer and left");
        assert!(!fx.save, "nothing to save before a meeting starts");
        assert_eq!(app.overlay, None);
    }

    #[test]
    fn an_answer_for_a_screen_no_longer_shown_changes_nothing() {
        let mut app = setup_app();
        app.overlay = Some(Overlay::Confirm(Confirm::yes_no(
            "End the meeting?",
            "",
            Asked::Meeting(meeting::Answer::Finish),
        )));
        assert_eq!(key(&mut app, KeyCode::Enter), Effects::default());
        assert!(matches!(app.screen, Screen::Setup(_)));
    }
}
