//! Attendance during a meeting: someone walks in late, leaves early, or a
//! visitor joins. Opened with Ctrl-A over the phase screen; the clock keeps
//! running, and every change is saved at once with its time.

use chrono::{DateTime, FixedOffset, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, List, ListItem, ListState, Paragraph};
use ratatui_textarea::TextArea;

use crate::meeting::session::{Attendance, RoleAssignment};
use crate::meeting::{Command, Room};
use crate::tui::chrome::{FooterKey, centered};
use crate::tui::keymap::{self, ATTENDANCE, AttendanceAction};
use crate::tui::outcome::Outcome;
use crate::tui::style::Styles;

use super::{MeetingOutcome, MeetingScreen};

pub struct AttendancePanel {
    /// Members in the order the panel first showed them, so rows stay put
    /// while people are marked here or gone.
    pub members: Vec<String>,
    pub cursor: usize,
    pub guest_input: TextArea<'static>,
}

/// What a key in the panel did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelOutcome {
    Nothing,
    Close,
    /// Someone came in (`here`) or left: save, say so, and let the
    /// rounds follow.
    Changed {
        flash: String,
        person: String,
        here: bool,
    },
    /// Nothing changed, but the facilitator should know why.
    Flash(String),
    Help,
}

fn guest_input() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text("a guest's name, then Enter");
    t
}

/// Who is in the room now, and the roles setup gave: what a round
/// planned for a newcomer is planned for.
pub(crate) fn room(a: &Attendance, roles: &[RoleAssignment]) -> Room {
    Room {
        people: a.in_room().into_iter().filter(|p| a.here(p)).collect(),
        roles: roles.to_vec(),
    }
}

impl AttendancePanel {
    pub fn new(a: &Attendance) -> AttendancePanel {
        AttendancePanel {
            members: a.present.iter().chain(&a.absent).cloned().collect(),
            cursor: 0,
            guest_input: guest_input(),
        }
    }

    fn rows(&self, a: &Attendance) -> usize {
        self.members.len() + a.guests.len() + 1
    }

    fn on_input(&self, a: &Attendance) -> bool {
        self.cursor + 1 == self.rows(a)
    }

    pub fn key(
        &mut self,
        key: KeyEvent,
        a: &mut Attendance,
        at: DateTime<FixedOffset>,
    ) -> PanelOutcome {
        let typing = self.on_input(a) && matches!(key.code, KeyCode::Char(_)) && {
            // Ctrl-A still closes; any other character is part of the name.
            keymap::lookup(ATTENDANCE, &key) != Some(AttendanceAction::Close)
        };
        let action = if typing {
            None
        } else {
            keymap::lookup(ATTENDANCE, &key)
        };
        let rows = self.rows(a);
        match action {
            Some(AttendanceAction::Close)
                if key.code == KeyCode::Esc && !self.typed().is_empty() =>
            {
                self.guest_input = guest_input();
                PanelOutcome::Nothing
            }
            Some(AttendanceAction::Close) => PanelOutcome::Close,
            Some(AttendanceAction::Help) => PanelOutcome::Help,
            Some(AttendanceAction::Up) => {
                self.cursor = (self.cursor + rows - 1) % rows;
                PanelOutcome::Nothing
            }
            Some(AttendanceAction::Down) => {
                self.cursor = (self.cursor + 1) % rows;
                PanelOutcome::Nothing
            }
            Some(AttendanceAction::Toggle) => self.toggle(a, at),
            None => {
                if self.on_input(a) {
                    self.guest_input.input(key);
                }
                PanelOutcome::Nothing
            }
        }
    }

    fn toggle(&mut self, a: &mut Attendance, at: DateTime<FixedOffset>) -> PanelOutcome {
        let time = at.format("%H:%M");
        let listed = self
            .members
            .iter()
            .chain(&a.guests)
            .nth(self.cursor)
            .cloned();
        if let Some(name) = listed {
            let here = !a.here(&name);
            a.set_here(&name, here, at);
            let flash = if here {
                format!("{name} arrived at {time}")
            } else {
                format!("{name} left at {time}")
            };
            return PanelOutcome::Changed {
                flash,
                person: name,
                here,
            };
        }
        let name = self.typed();
        if name.is_empty() {
            return PanelOutcome::Nothing;
        }
        self.guest_input = guest_input();
        if a.here(&name) {
            return PanelOutcome::Flash(format!("{name} is already here"));
        }
        if a.absent.contains(&name) || a.guests.contains(&name) {
            // A member typed by name, or a guest coming back: the same as marking them.
            a.set_here(&name, true, at);
            return PanelOutcome::Changed {
                flash: format!("{name} arrived at {time}"),
                person: name,
                here: true,
            };
        }
        if a.add_guest(&name, at) {
            // Stay on the input line, which moved down by one, for the next guest.
            self.cursor = self.rows(a) - 1;
            PanelOutcome::Changed {
                flash: format!("{name} joined as a guest at {time}"),
                person: name,
                here: true,
            }
        } else {
            PanelOutcome::Nothing
        }
    }

    fn typed(&self) -> String {
        self.guest_input.lines().join(" ").trim().to_string()
    }
}

/// The panel's keys for the footer under it.
pub(crate) fn footer_keys() -> Vec<FooterKey> {
    keymap::footer(ATTENDANCE)
}

/// Draws the panel over the meeting's screen when it is open.
pub(crate) fn draw_over(f: &mut Frame, s: Styles, ms: &MeetingScreen) {
    if let Some(panel) = &ms.attendance {
        draw(
            f,
            s,
            panel,
            &ms.setup.attendance,
            ms.meeting.protocol.depends_on_people(),
        );
    }
}

/// Draws the panel, leaving the footer line free. The list scrolls to keep
/// the selected person in view.
fn draw(f: &mut Frame, s: Styles, panel: &AttendancePanel, a: &Attendance, rounds_follow: bool) {
    let mark = |here: bool| if here { "[x] here " } else { "[ ] gone " };
    let items: Vec<ListItem> = panel
        .members
        .iter()
        .map(|name| format!(" {}{name}", mark(a.here(name))))
        .chain(
            a.guests
                .iter()
                .map(|name| format!(" {}{name} (guest)", mark(a.here(name)))),
        )
        .map(|t| ListItem::new(Line::styled(t, s.text())))
        .collect();
    let rows = items.len();
    let mut info: Vec<Line> = Vec::new();
    for c in a.changes.iter().rev().take(3) {
        info.push(Line::styled(
            format!(" {} {} {}", c.at.format("%H:%M"), c.person, c.change.verb()),
            s.muted(),
        ));
    }
    if rounds_follow {
        info.push(Line::styled(
            " Rounds follow: a newcomer's comes last, a leaver's goes.",
            s.muted(),
        ));
    }
    let here = a.in_room().iter().filter(|p| a.here(p)).count();
    let full = f.area();
    let room = Rect {
        height: full.height.saturating_sub(1),
        ..full
    };
    let area = centered(room, 60, (rows + info.len()) as u16 + 6);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(s.accent())
        .title(Line::styled(format!(" Who is here ({here}) "), s.heading()))
        .style(s.base());
    f.render_widget(Clear, area);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [list, _, input, _, notes] = Layout::vertical([
        Constraint::Max(rows as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let on_input = panel.cursor >= rows;
    let mut state = ListState::default().with_selected((!on_input).then_some(panel.cursor));
    f.render_stateful_widget(
        List::new(items).highlight_style(s.selected()),
        list,
        &mut state,
    );
    let [label, field] =
        Layout::horizontal([Constraint::Length(12), Constraint::Fill(1)]).areas(input);
    f.render_widget(
        Paragraph::new(Span::styled(
            " Add guest:",
            if on_input { s.selected() } else { s.text() },
        )),
        label,
    );
    f.render_widget(&panel.guest_input, field);
    f.render_widget(Paragraph::new(info), notes);
}

/// Moving a waiting round: which one is picked, and the queue as the
/// status line says it.
impl MeetingScreen {
    /// The picked round's place among those waiting: the one picked at
    /// this step, else the last waiting (often a newcomer's).
    fn picked(&self, waiting: usize) -> Option<usize> {
        let last = waiting.checked_sub(1)?;
        Some(match self.round_pick {
            Some((at, pos)) if at == self.meeting.current => pos.min(last),
            _ => last,
        })
    }

    /// "Waiting: Ben · [Dana] · Chen", the picked round in brackets.
    fn queue_line(&self) -> String {
        let waiting = self.meeting.movable_rounds();
        let picked = self.picked(waiting.len());
        let names: Vec<String> = waiting
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let r = self.meeting.steps[b.start].round.as_ref();
                let name = r
                    .and_then(|r| r.person.clone())
                    .unwrap_or_else(|| format!("Round {}", r.map_or(0, |r| r.number)));
                if Some(k) == picked {
                    format!("[{name}]")
                } else {
                    name
                }
            })
            .collect();
        format!("Waiting: {}", names.join(" · "))
    }

    pub(super) fn pick_round(&mut self, by: i64) -> MeetingOutcome {
        let waiting = self.meeting.movable_rounds().len();
        let Some(pos) = self.picked(waiting) else {
            return Outcome::flash("No rounds waiting here to move");
        };
        let to = (pos as i64 + by).clamp(0, waiting as i64 - 1) as usize;
        self.round_pick = Some((self.meeting.current, to));
        Outcome::flash(format!(
            "{} · Alt-↑/Alt-↓ moves the one in brackets",
            self.queue_line()
        ))
    }

    pub(super) fn move_round(&mut self, by: i32, now: DateTime<Utc>) -> MeetingOutcome {
        let waiting = self.meeting.movable_rounds();
        let Some(pos) = self.picked(waiting.len()) else {
            return Outcome::flash("No rounds waiting here to move");
        };
        let step = waiting[pos].start;
        let mut out = self.command(Command::MoveRound { step, by }, now);
        if out.effects.save {
            let to = (pos as i64 + i64::from(by)).clamp(0, waiting.len() as i64 - 1) as usize;
            self.round_pick = Some((self.meeting.current, to));
            let said = out.flash.take().unwrap_or_default();
            out.flash = Some(format!("{said} · {}", self.queue_line()));
        }
        out
    }
}
