//! The console: the meeting screen when a room screen (`plg room`) is
//! attached. The wall shows the room's screen, so this one becomes the
//! facilitator's: facilitator notes shown, the clock no larger than the
//! full font, the saved-notes list at hand, a line at the bottom saying
//! what the room sees now, and the header saying a room screen is attached.
//! Flashes go on that bottom line while it is there, so the header keeps
//! the clock and the phase whole (a flash in the header would shorten the
//! clock's forms or take the phase-number line for its four seconds).
//! When the last room screen goes away the meeting screen is the wall
//! again: projection mode, notes hidden, and a flash says so.
//!
//! Which room screens follow the meeting is the shell's to find out (see
//! [`crate::link`]); it tells the app with `Msg::Rooms`.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::record::SessionRecord;
use crate::tui::chrome::fit_spans;
use crate::tui::outcome::Outcome;
use crate::tui::screens::room::RoomScreen;
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::{MeetingOutcome, MeetingScreen};

/// The room screens following this meeting, as the shell last told.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rooms {
    /// How many room screens follow the meeting; 0 is single-screen mode.
    pub attached: usize,
    /// Ctrl-W: saved notes shown on the room's screen. Off until asked for.
    pub show_notes: bool,
    /// What the room sees, built from the record as last saved.
    pub(crate) preview: Option<RoomScreen>,
}

impl MeetingScreen {
    /// The shell found `n` room screens following the meeting. Returns
    /// what to flash when the console's role changed.
    pub(crate) fn rooms_changed(&mut self, n: usize) -> Option<&'static str> {
        let before = self.rooms.attached;
        self.rooms.attached = n;
        match (before, n) {
            (0, 1..) => {
                self.projecting = false;
                Some(
                    "Room screen attached · facilitator notes here · Ctrl-W: saved notes to the room",
                )
            }
            (1.., 0) => {
                self.projecting = true;
                self.saved_notes = None;
                self.rooms.preview = None;
                Some(
                    "Room screen closed: back to single-screen projection mode (facilitator notes hidden)",
                )
            }
            _ => None,
        }
    }

    /// The record was saved as `rec`: the room screens now show it.
    pub(crate) fn room_saw(&mut self, rec: &SessionRecord, now: DateTime<Utc>) {
        if self.rooms.attached > 0 {
            // This console has the meeting on screen: a check-in after
            // the last phase is the meeting's closing, not its end.
            self.rooms.preview = RoomScreen::from_record(rec, self.rooms.show_notes, now)
                .ok()
                .map(|r| r.at_console(true));
        }
    }

    /// Ctrl-W. Saved at once, so the room screens and the preview follow.
    pub(super) fn toggle_room_notes(&mut self, now: DateTime<Utc>) -> MeetingOutcome {
        if self.rooms.attached == 0 {
            return Outcome::flash(
                "No room screen attached: `plg room` in a window on the projector opens one",
            );
        }
        self.rooms.show_notes = !self.rooms.show_notes;
        let mut out = Outcome::effects(self.save_fx(now));
        out.flash = Some(
            if self.rooms.show_notes {
                "Saved notes shown on the room's screen"
            } else {
                "Saved notes no longer shown on the room's screen"
            }
            .into(),
        );
        out
    }
}

/// The header's mode while a room screen is attached, widest form first.
pub(super) fn header_mode(ms: &MeetingScreen, s: Styles) -> Option<(Vec<String>, Style)> {
    let n = ms.rooms.attached;
    if n == 0 {
        return None;
    }
    let attached = if n == 1 {
        "◧ ROOM SCREEN ATTACHED".to_string()
    } else {
        format!("◧ {n} ROOM SCREENS ATTACHED")
    };
    let mut forms = Vec::new();
    if ms.projecting {
        forms.push(format!("{attached} · notes hidden (f)"));
    }
    forms.push(attached);
    forms.push("◧ ROOM".into());
    Some((forms, s.accent()))
}

/// Takes the bottom row of `area` for the preview of what the room sees,
/// while a room screen is attached and the screen has rows to spare.
pub(super) fn split_preview(area: Rect, ms: &MeetingScreen) -> (Rect, Option<Rect>) {
    if ms.rooms.attached == 0 || area.height < 10 {
        return (area, None);
    }
    let rest = Rect::new(area.x, area.y, area.width, area.height - 1);
    let row = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    (rest, Some(row))
}

/// The largest the clock grows on this screen: a projector's size in
/// single-screen mode, the full font when the room has its own screen.
pub(super) fn clock_most(ms: &MeetingScreen) -> u16 {
    if ms.rooms.attached > 0 { 1 } else { 8 }
}

/// The saved notes the phase screen lists under the instructions, and
/// their title: this phase's on the wall; every note of the meeting on the
/// console, where the room cannot read them (Ctrl-N edits one).
pub(super) fn notes_listed(ms: &MeetingScreen) -> (Vec<&crate::meeting::Note>, &'static str) {
    let m = &ms.meeting;
    if ms.rooms.attached > 0 && !ms.projecting {
        (
            m.notes.iter().collect(),
            "Saved notes, whole meeting · Ctrl-N edits",
        )
    } else {
        (
            m.notes.iter().filter(|n| n.step == m.current).collect(),
            "Notes in this phase",
        )
    }
}

/// What the header is drawn with: without the flash when the room's line
/// at the bottom (`room_line`) shows it instead.
pub(super) fn header_view<'a>(view: &View<'a>, room_line: bool) -> View<'a> {
    View {
        flash: view.flash.filter(|_| !room_line),
        ..*view
    }
}

/// One line: the flash message while there is one, else what the room's
/// screen shows now.
pub(super) fn draw_preview(f: &mut Frame, area: Rect, view: &View<'_>, ms: &MeetingScreen) {
    let s = view.styles;
    let preview = match &ms.rooms.preview {
        Some(room) => room.preview(view.now),
        None => "Room: not yet drawn from the record".into(),
    };
    let mut spans = Vec::new();
    if let Some(fl) = view.flash {
        let style = if fl.error { s.error() } else { s.success() };
        spans.push(Span::styled(fl.text.clone(), style));
        spans.push(Span::styled("  ·  ", s.muted()));
    }
    spans.push(Span::styled(preview, s.muted()));
    f.render_widget(
        Paragraph::new(Line::from(fit_spans(&spans, area.width as usize))).style(s.base()),
        area,
    );
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use chrono::{FixedOffset, TimeDelta, TimeZone};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Size;

    use crate::meeting::{Meeting, Rounds};
    use crate::theme::Theme;
    use crate::tui::app::{App, Msg, Screen};
    use crate::tui::{buffer_text, render};

    use super::*;

    /// Tuning's first phase on screen, its record saved once.
    fn app() -> App {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 15, 30, 0).unwrap();
        let meeting = Meeting::start(
            crate::protocol::builtin("tuning").unwrap(),
            &Rounds::default(),
            t0,
        );
        let mut app = App::new(
            Screen::Meeting(Box::new(MeetingScreen::new(meeting, Default::default()))),
            Theme::mono(),
            t0,
            FixedOffset::east_opt(0).unwrap(),
            Size::new(120, 35),
        );
        app.update(Msg::Saved(Ok("/s/r.yaml".into())), t0);
        app
    }

    fn screen(app: &App) -> String {
        buffer_text(&render(app, 120, 35))
    }

    fn ctrl_w(app: &mut App) {
        let now = app.now;
        app.update(
            Msg::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL)),
            now,
        );
    }

    #[test]
    fn an_attached_room_makes_this_the_facilitators_screen_and_its_going_says_so() {
        let mut app = app();
        let alone = screen(&app);
        assert!(alone.contains("PROJECTING"), "{alone}");
        assert!(!alone.contains("FACILITATOR NOTES"), "{alone}");
        assert!(!alone.contains("Room: "), "{alone}");

        let now = app.now + TimeDelta::seconds(10);
        app.update(Msg::Rooms(1), now);
        let console = screen(&app);
        assert!(console.contains("ROOM SCREEN ATTACHED"), "{console}");
        assert!(console.contains("FACILITATOR NOTES"), "{console}");
        // Its flash is on the room's line at the bottom, so the header
        // keeps the clock whole and the phase-number line stays.
        for (w, h) in [(80, 24), (120, 35), (160, 45)] {
            let s = buffer_text(&render(&app, w, h));
            let mut lines = s.lines();
            let head = lines.next().unwrap();
            assert!(head.contains("Elapsed 0:10  Ends 16:30"), "{w}x{h}:\n{s}");
            assert!(!head.contains("Room screen attached"), "{w}x{h}:\n{s}");
            assert!(s.contains("PHASE 1 OF 8"), "{w}x{h}:\n{s}");
            let last = s.lines().last().unwrap();
            assert!(
                last.starts_with(
                    "Room screen attached · facilitator notes here · Ctrl-W: saved notes to the room"
                ),
                "{w}x{h}:\n{s}"
            );
        }
        // Once the flash has gone, the line says what the room sees.
        app.update(Msg::Tick, now + TimeDelta::seconds(5));
        let console = screen(&app);
        let last = console.lines().last().unwrap();
        assert!(
            last.starts_with("Room: Introduction and norms · 4:45"),
            "the bottom line says what the room sees:\n{console}"
        );

        app.update(Msg::Rooms(2), now);
        assert!(screen(&app).contains("2 ROOM SCREENS ATTACHED"));

        app.update(Msg::Rooms(0), now);
        let back = screen(&app);
        assert!(
            back.contains("back to single-screen projection mode"),
            "{back}"
        );
        assert!(!back.contains("FACILITATOR NOTES"), "{back}");
        assert!(!back.contains("Room: "), "{back}");
        assert!(app.meeting().unwrap().projecting);
    }

    #[test]
    fn the_console_lists_every_saved_note_of_the_meeting_and_the_wall_only_this_phases() {
        let mut app = app();
        let t = app.now + TimeDelta::seconds(30);
        let ms = app.meeting_mut().unwrap();
        ms.meeting.update(
            crate::meeting::Command::AddNote {
                kind: "warm".into(),
                text: "Clear steps and timings".into(),
            },
            t,
        );
        ms.meeting.update(crate::meeting::Command::Next, t);
        app.update(Msg::Tick, t);
        let wall = screen(&app);
        assert!(!wall.contains("Clear steps and timings"), "{wall}");

        app.update(Msg::Rooms(1), t);
        let console = screen(&app);
        assert!(
            console.contains("Saved notes, whole meeting · Ctrl-N edits (1)"),
            "{console}"
        );
        assert!(console.contains("Clear steps and timings"), "{console}");
    }

    #[test]
    fn ctrl_w_shows_saved_notes_to_an_attached_room_and_saves_so_it_follows() {
        let mut app = app();
        ctrl_w(&mut app);
        assert!(
            !app.meeting().unwrap().rooms.show_notes,
            "no room screen yet"
        );
        assert!(
            app.flash
                .as_ref()
                .unwrap()
                .text
                .contains("No room screen attached")
        );

        let now = app.now;
        app.update(Msg::Rooms(1), now);
        let fx = app.update(
            Msg::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL)),
            now,
        );
        assert!(fx.save, "saved at once, so the room screens read it");
        assert!(app.meeting().unwrap().rooms.show_notes);
        app.update(Msg::Saved(Ok("/s/r.yaml".into())), now);
        assert!(screen(&app).contains("· notes shown"));
        ctrl_w(&mut app);
        assert!(!app.meeting().unwrap().rooms.show_notes);
    }
}
