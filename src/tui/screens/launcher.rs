//! `plg` alone: pick a protocol from the library, see its summary and
//! total time, and run it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use std::convert::Infallible;

use crate::protocol::Protocol;
use crate::text::{ellipsis, minutes_number, pad};
use crate::tui::chrome::{HelpSection, footer_line, header_line};
use crate::tui::keymap::{self, LIST, ListAction};
use crate::tui::outcome::Outcome;
use crate::tui::screens::meeting::phase_layout::reflow;
use crate::tui::view::View;

/// What the launcher hands back: it asks nothing, and leads to the setup of a protocol.
pub(crate) type LauncherOutcome = Outcome<Infallible, Box<Protocol>>;

pub struct Launcher {
    pub(crate) protocols: Vec<Protocol>,
    pub(crate) selected: usize,
}

impl Launcher {
    pub(crate) fn new(protocols: Vec<Protocol>) -> Launcher {
        Launcher {
            protocols,
            selected: 0,
        }
    }

    pub(crate) fn key(&mut self, key: KeyEvent) -> LauncherOutcome {
        let last = self.protocols.len().saturating_sub(1);
        match keymap::lookup(LIST, &key) {
            Some(ListAction::Up) => self.selected = self.selected.saturating_sub(1),
            Some(ListAction::Down) => self.selected = (self.selected + 1).min(last),
            Some(ListAction::PageUp) => self.selected = self.selected.saturating_sub(10),
            Some(ListAction::PageDown) => self.selected = (self.selected + 10).min(last),
            Some(ListAction::Top) => self.selected = 0,
            Some(ListAction::Bottom) => self.selected = last,
            Some(ListAction::Open) => {
                if let Some(p) = self.protocols.get(self.selected) {
                    return Outcome::goto(Box::new(p.clone()));
                }
            }
            Some(ListAction::Help) => return Outcome::help(),
            Some(ListAction::Quit) => return Outcome::quit(),
            None => {}
        }
        Outcome::default()
    }

    pub(crate) fn mouse(&mut self, ev: MouseEvent, area: Rect) -> LauncherOutcome {
        let list = areas(area).1;
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left)
                if list.contains(Position::new(ev.column, ev.row)) =>
            {
                let row = ev.row.saturating_sub(list.y + 1) as usize + scroll(self.selected, list);
                if row < self.protocols.len() {
                    self.selected = row;
                }
            }
            MouseEventKind::ScrollDown => {
                self.selected = (self.selected + 1).min(self.protocols.len().saturating_sub(1))
            }
            MouseEventKind::ScrollUp => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
        Outcome::default()
    }

    pub(crate) fn help(&self) -> Vec<HelpSection> {
        vec![HelpSection::of("Choosing a protocol", LIST)]
    }
}

/// (header, list, detail, footer)
fn areas(area: Rect) -> (Rect, Rect, Rect, Rect) {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let list_w = if body.width >= 90 { 44 } else { body.width };
    let [list, detail] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Fill(1)]).areas(body);
    (header, list, detail, footer)
}

/// First visible row, so the selection stays in view.
fn scroll(selected: usize, list: Rect) -> usize {
    let rows = list.height.saturating_sub(2) as usize;
    selected.saturating_sub(rows.saturating_sub(1))
}

fn total(p: &Protocol) -> String {
    let m = minutes_number(p.total_secs(p.planning_group()));
    if p.depends_on_people() {
        format!("{m}* min")
    } else {
        format!("{m} min")
    }
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, l: &Launcher) {
    let s = view.styles;
    f.render_widget(Block::new().style(s.base()), f.area());
    let (header, list, detail, footer) = areas(f.area());
    header_line(
        f,
        header,
        view,
        vec![
            Span::styled("plg", s.heading()),
            Span::styled(" · choose a protocol", s.muted()),
        ],
        vec![Span::styled(
            format!("{} protocols", l.protocols.len()),
            s.muted(),
        )],
    );

    let first = scroll(l.selected, list);
    let name_w = list.width.saturating_sub(2 + 9) as usize;
    let lines: Vec<Line> = l
        .protocols
        .iter()
        .enumerate()
        .skip(first)
        .map(|(i, p)| {
            let name = pad(&ellipsis(&p.name, name_w), name_w);
            let style = if i == l.selected {
                s.selected()
            } else {
                s.text()
            };
            Line::from(vec![
                Span::styled(name, style),
                Span::styled(
                    format!("{:>9}", total(p)),
                    if i == l.selected { style } else { s.muted() },
                ),
            ])
        })
        .collect();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(Line::styled(" Protocols ", s.muted()));
    f.render_widget(Paragraph::new(lines).block(block), list);

    if detail.width > 0
        && let Some(p) = l.protocols.get(l.selected)
    {
        let mut lines = vec![
            Line::styled(p.name.clone(), s.heading()),
            Line::styled(p.summary.clone(), s.text()),
            Line::default(),
        ];
        // The author's line breaks inside a paragraph are joined, so the
        // text wraps to the panel instead of leaving a word alone on a line.
        if let Some(purpose) = &p.purpose {
            for para in reflow(purpose) {
                lines.push(Line::styled(para, s.text()));
            }
            lines.push(Line::default());
        }
        lines.push(Line::styled(format!("Phases · {}", total(p)), s.heading()));
        for ph in &p.phases {
            let rounds = match ph.repeat {
                Some(crate::protocol::Repeat::Each) => " per person".to_string(),
                Some(crate::protocol::Repeat::Times(n)) => format!(" × {n}"),
                None => String::new(),
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{:>5} min{rounds}  ", minutes_number(ph.round_secs())),
                    s.muted(),
                ),
                Span::styled(ph.name.clone(), s.text()),
            ]));
        }
        if p.depends_on_people() {
            lines.push(Line::styled(
                format!(
                    "* for a group of {}; rounds follow the people present",
                    p.planning_group()
                ),
                s.muted(),
            ));
        }
        if let Some(src) = &p.source {
            lines.push(Line::default());
            for para in reflow(src) {
                lines.push(Line::styled(para, s.muted()));
            }
        }
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.border());
        f.render_widget(
            Paragraph::new(Text::from(lines))
                .block(block)
                .wrap(Wrap { trim: false }),
            detail,
        );
    }
    let mut keys = keymap::footer(LIST);
    if let Some(open) = keys.iter_mut().find(|(_, w)| w == "open") {
        open.1 = "run".into();
    }
    footer_line(f, footer, s, &keys);
}
