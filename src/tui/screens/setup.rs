//! Before the clock starts: who is here and what the group agreed on.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::meeting::session::Setup;
use crate::meeting::{Meeting, Rounds};
use crate::protocol::Protocol;
use crate::tui::app::{App, Goto, Outcome, Overlay};

use super::meeting::MeetingScreen;
use super::{footer_line, header_line, rows};

pub struct SetupScreen {
    pub protocol: Protocol,
    pub setup: Setup,
    /// Typed digits: how many people are here, when rounds depend on it and there is no roster.
    pub rounds: String,
}

/// Rounds are asked for up to this many people.
const MAX_ROUNDS: usize = 60;

impl SetupScreen {
    pub fn new(protocol: Protocol, setup: Setup) -> SetupScreen {
        SetupScreen {
            protocol,
            setup,
            rounds: String::new(),
        }
    }

    /// True when `repeat: each` needs a count because nobody is marked present.
    pub fn needs_count(&self) -> bool {
        self.protocol.depends_on_people() && self.setup.attendance.in_room().is_empty()
    }

    fn rounds(&self) -> Option<Rounds> {
        let people = self.setup.attendance.in_room();
        if !people.is_empty() {
            return Some(Rounds::for_people(people));
        }
        if !self.needs_count() {
            return Some(Rounds::default());
        }
        self.rounds
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_ROUNDS).contains(n))
            .map(Rounds::count)
    }

    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => Outcome::quit(),
            KeyCode::Char('q') | KeyCode::Esc => Outcome::quit(),
            KeyCode::Char('?') => Outcome::overlay(Overlay::Help),
            KeyCode::Char(c) if c.is_ascii_digit() && self.needs_count() => {
                if self.rounds.len() < 2 {
                    self.rounds.push(c);
                }
                Outcome::default()
            }
            KeyCode::Backspace => {
                self.rounds.pop();
                Outcome::default()
            }
            KeyCode::Enter => match self.rounds() {
                Some(rounds) => {
                    let meeting = Meeting::start(self.protocol.clone(), &rounds, now);
                    Outcome {
                        goto: Some(Goto::Meeting(Box::new(MeetingScreen::new(
                            meeting,
                            self.setup.clone(),
                        )))),
                        ..Outcome::default()
                    }
                }
                None => Outcome {
                    flash: Some(format!(
                        "Type how many people are here (1-{MAX_ROUNDS}), then Enter"
                    )),
                    ..Outcome::default()
                },
            },
            _ => Outcome::default(),
        }
    }
}

pub fn help_rows() -> Vec<(String, String)> {
    rows(&[
        ("0-9", "how many people are here (for one round each)"),
        ("Backspace", "correct the number"),
        ("Enter", "start the meeting and its clock"),
        ("?", "this help"),
        ("q/Esc", "quit without starting"),
    ])
}

pub fn draw(f: &mut Frame, app: &App, st: &SetupScreen) {
    let s = app.styles;
    f.render_widget(Block::new().style(s.base()), f.area());
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(f.area());
    header_line(
        f,
        header,
        app,
        vec![
            Span::styled(st.protocol.name.clone(), s.heading()),
            Span::styled(" · getting ready", s.muted()),
        ],
        vec![],
    );
    let mut lines = vec![
        Line::styled(st.protocol.name.clone(), s.heading()),
        Line::styled(st.protocol.summary.clone(), s.text()),
        Line::default(),
    ];
    if st.needs_count() {
        let each: Vec<&str> = st
            .protocol
            .phases
            .iter()
            .filter(|p| p.repeat == Some(crate::protocol::Repeat::Each))
            .map(|p| p.name.as_str())
            .collect();
        lines.push(Line::styled(
            format!(
                "How many people are here? {} has one round per person.",
                each.join(", ")
            ),
            s.text(),
        ));
        lines.push(Line::from(vec![
            Span::styled("People: ", s.muted()),
            Span::styled(format!("{}▏", st.rounds), s.accent()),
        ]));
        lines.push(Line::default());
    }
    if !st.setup.norms.is_empty() {
        lines.push(Line::styled("Our norms", s.heading()));
        for n in &st.setup.norms {
            lines.push(Line::from(vec![
                Span::styled("• ", s.accent()),
                Span::styled(n.clone(), s.text()),
            ]));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled("Enter starts the clock.", s.accent()));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border());
    f.render_widget(
        Paragraph::new(Text::from(lines))
            .block(block)
            .wrap(Wrap { trim: false }),
        body,
    );
    footer_line(
        f,
        footer,
        app,
        &[
            ("Enter".into(), "start".into()),
            ("?".into(), "help".into()),
            ("q".into(), "quit".into()),
        ],
    );
}
