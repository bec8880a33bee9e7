//! `plg` alone: pick an agenda or a protocol from the library, see its
//! summary and total time, and run it. Agendas (a whole meeting) come
//! first, marked as such.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use std::convert::Infallible;

use crate::agenda::Agenda;
use crate::protocol::Protocol;
use crate::text::{ellipsis, minutes_number, pad};
use crate::tui::chrome::{HelpSection, footer_line, header_line};
use crate::tui::keymap::{self, LIST, ListAction};
use crate::tui::outcome::Outcome;
use crate::tui::screens::meeting::phase_layout::reflow;
use crate::tui::screens::setup::AgendaSetup;
use crate::tui::style::Styles;
use crate::tui::view::View;

/// What the launcher leads to: the setup of a protocol or of an agenda.
#[derive(Debug)]
pub enum Picked {
    Protocol(Protocol),
    Agenda(AgendaSetup),
}

/// What the launcher hands back: it asks nothing, and leads to a setup.
pub(crate) type LauncherOutcome = Outcome<Infallible, Box<Picked>>;

pub struct Launcher {
    pub(crate) protocols: Vec<Protocol>,
    /// Listed before the protocols.
    pub(crate) agendas: Vec<Agenda>,
    pub(crate) selected: usize,
}

/// One row of the list.
enum Row<'a> {
    Agenda(&'a Agenda),
    Protocol(&'a Protocol),
}

impl Launcher {
    pub(crate) fn new(protocols: Vec<Protocol>) -> Launcher {
        Launcher {
            protocols,
            agendas: Vec::new(),
            selected: 0,
        }
    }

    fn len(&self) -> usize {
        self.agendas.len() + self.protocols.len()
    }

    fn row(&self, i: usize) -> Option<Row<'_>> {
        match self.agendas.get(i) {
            Some(a) => Some(Row::Agenda(a)),
            None => self
                .protocols
                .get(i - self.agendas.len())
                .map(Row::Protocol),
        }
    }

    /// Whether the row's id is also the other kind's.
    fn clashes(&self, row: &Row<'_>) -> bool {
        match row {
            Row::Agenda(a) => self.protocols.iter().any(|p| p.id == a.id),
            Row::Protocol(p) => self.agendas.iter().any(|a| a.id == p.id),
        }
    }

    pub(crate) fn key(&mut self, key: KeyEvent) -> LauncherOutcome {
        let last = self.len().saturating_sub(1);
        match keymap::lookup(LIST, &key) {
            Some(ListAction::Up) => self.selected = self.selected.saturating_sub(1),
            Some(ListAction::Down) => self.selected = (self.selected + 1).min(last),
            Some(ListAction::PageUp) => self.selected = self.selected.saturating_sub(10),
            Some(ListAction::PageDown) => self.selected = (self.selected + 10).min(last),
            Some(ListAction::Top) => self.selected = 0,
            Some(ListAction::Bottom) => self.selected = last,
            // An id that is both a protocol's and an agenda's is refused, as
            // `plg run ID` refuses it: a file dropped into a shared folder
            // must not pass for the protocol the group meant to run.
            Some(ListAction::Open) if self.row(self.selected).is_some_and(|r| self.clashes(&r)) => {
                let id = match self.row(self.selected) {
                    Some(Row::Protocol(p)) => p.id.clone(),
                    Some(Row::Agenda(a)) => a.id.clone(),
                    None => String::new(),
                };
                return Outcome::flash(format!(
                    "Ambiguous `{id}`: a protocol and an agenda have it; rename one (plg check names both files)"
                ));
            }
            Some(ListAction::Open) => match self.row(self.selected) {
                Some(Row::Protocol(p)) => {
                    return Outcome::goto(Box::new(Picked::Protocol(p.clone())));
                }
                Some(Row::Agenda(a)) => {
                    let setup = AgendaSetup::new(a.clone(), self.protocols.clone(), None);
                    return Outcome::goto(Box::new(Picked::Agenda(setup)));
                }
                None => {}
            },
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
                if row < self.len() {
                    self.selected = row;
                }
            }
            MouseEventKind::ScrollDown => {
                self.selected = (self.selected + 1).min(self.len().saturating_sub(1))
            }
            MouseEventKind::ScrollUp => self.selected = self.selected.saturating_sub(1),
            _ => {}
        }
        Outcome::default()
    }

    pub(crate) fn help(&self) -> Vec<HelpSection> {
        vec![HelpSection::of(
            if self.agendas.is_empty() {
                "Choosing a protocol"
            } else {
                "Choosing an agenda or a protocol"
            },
            LIST,
        )]
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

/// An agenda expanded over the library (a `choose` item empty), and
/// whether it still needs its protocol chosen.
fn agenda_plan(a: &Agenda, protocols: &[Protocol]) -> Option<(Protocol, bool)> {
    let plan = crate::tui::screens::setup::agenda::plan_of(a, protocols, None).ok()?;
    Some((plan, a.chooses()))
}

/// "60 min", or "15+ min" before the protocol is chosen.
fn agenda_total(a: &Agenda, protocols: &[Protocol]) -> String {
    match agenda_plan(a, protocols) {
        Some((plan, true)) => format!(
            "{}+ min",
            minutes_number(plan.total_secs(plan.planning_group()))
        ),
        Some((plan, false)) => total(&plan),
        None => "?".into(),
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
            Span::styled(
                if l.agendas.is_empty() {
                    " · choose a protocol"
                } else {
                    " · choose an agenda or a protocol"
                },
                s.muted(),
            ),
        ],
        vec![Span::styled(
            if l.agendas.is_empty() {
                format!("{} protocols", l.protocols.len())
            } else {
                format!(
                    "{} agenda{} · {} protocols",
                    l.agendas.len(),
                    if l.agendas.len() == 1 { "" } else { "s" },
                    l.protocols.len()
                )
            },
            s.muted(),
        )],
    );

    let first = scroll(l.selected, list);
    // Agendas are marked in a column of their own, when there are any.
    let tag_w: u16 = if l.agendas.is_empty() { 0 } else { 7 };
    let name_w = list.width.saturating_sub(2 + 9 + tag_w) as usize;
    let lines: Vec<Line> = (first..l.len())
        .filter_map(|i| l.row(i).map(|r| (i, r)))
        .map(|(i, row)| {
            let (name, tag, length) = match row {
                Row::Agenda(a) => (&a.name, "agenda", agenda_total(a, &l.protocols)),
                Row::Protocol(p) => (&p.name, "", total(p)),
            };
            let name = pad(&ellipsis(name, name_w), name_w);
            let style = if i == l.selected {
                s.selected()
            } else {
                s.text()
            };
            let quiet = if i == l.selected { style } else { s.muted() };
            let mut spans = vec![Span::styled(name, style)];
            if tag_w > 0 {
                spans.push(Span::styled(format!("{tag:>7}"), quiet));
            }
            spans.push(Span::styled(format!("{length:>9}"), quiet));
            Line::from(spans)
        })
        .collect();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(Line::styled(
            if l.agendas.is_empty() {
                " Protocols "
            } else {
                " Agendas and protocols "
            },
            s.muted(),
        ));
    f.render_widget(Paragraph::new(lines).block(block), list);

    if detail.width > 0
        && let Some(Row::Agenda(a)) = l.row(l.selected)
    {
        draw_agenda_detail(f, detail, a, &l.protocols, view);
    }
    if detail.width > 0
        && let Some(Row::Protocol(p)) = l.row(l.selected)
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
        draw_detail_box(f, detail, lines, p.source.as_deref(), s);
    }
    let mut keys = keymap::footer(LIST);
    if let Some(open) = keys.iter_mut().find(|(_, w)| w == "open") {
        open.1 = "run".into();
    }
    footer_line(f, footer, s, &keys);
}

/// An agenda's summary and its items, each with its minutes, and the
/// whole meeting's length (before a `choose` item's protocol is picked:
/// the rest of the meeting, and a note that setup asks for it).
fn draw_agenda_detail(
    f: &mut Frame,
    area: Rect,
    a: &Agenda,
    protocols: &[Protocol],
    view: &View<'_>,
) {
    let s = view.styles;
    let mut lines = vec![
        Line::styled(a.name.clone(), s.heading()),
        Line::styled(a.summary.clone(), s.text()),
        Line::default(),
    ];
    if let Some(purpose) = &a.purpose {
        for para in reflow(purpose) {
            lines.push(Line::styled(para, s.text()));
        }
        lines.push(Line::default());
    }
    lines.push(Line::styled(
        format!("Agenda · {}", agenda_total(a, protocols)),
        s.heading(),
    ));
    if let Some((plan, _)) = agenda_plan(a, protocols) {
        let people = plan.planning_group();
        for span in plan.items() {
            let secs: u64 = plan.phases[span.phases.clone()]
                .iter()
                .map(|p| plan.phase_plan(p, people).secs)
                .sum();
            let (time, name) = if span.phases.is_empty() {
                (
                    "    ?".to_string(),
                    "a protocol you choose at setup".to_string(),
                )
            } else {
                (
                    format!("{:>5} min  ", minutes_number(secs)),
                    span.name.clone(),
                )
            };
            lines.push(Line::from(vec![
                Span::styled(
                    if span.phases.is_empty() {
                        format!("{time} min  ")
                    } else {
                        time
                    },
                    s.muted(),
                ),
                Span::styled(name, s.text()),
            ]));
        }
    }
    draw_detail_box(f, area, lines, a.source.as_deref(), s);
}

/// A protocol's or an agenda's detail lines in a rounded box, wrapped, with
/// where it comes from (its source) last and muted.
fn draw_detail_box<'a>(
    f: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'a>>,
    source: Option<&str>,
    s: Styles,
) {
    if let Some(src) = source {
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
        area,
    );
}
