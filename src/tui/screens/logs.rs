//! `plg logs`: a browser of past sessions. A table, newest first; `/`
//! searches all text with matches highlighted; `g` and `p` filter by group
//! and protocol; Enter opens a session in full.

use std::ops::Range;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui_textarea::TextArea;

use crate::record::SessionRecord;
use crate::record::index::SessionIndex;
use crate::record::search::{Query, SearchMatch, search_summary};
use crate::review::{self, Filter};
use crate::tui::app::{App, Effects, Outcome, Overlay};
use crate::tui::keymap::{self, LIST, ListAction};
use crate::tui::style::Styles;

use super::{footer_line, header_line, rows};

/// One line of the table: a session, and its first match when searching.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into the index's sessions.
    pub session: usize,
    pub first_match: Option<SearchMatch>,
    pub matches: usize,
}

pub enum DetailState {
    Loading,
    Loaded(Box<SessionRecord>, Vec<String>),
    Failed(String),
}

pub struct Detail {
    pub session: usize,
    pub state: DetailState,
    pub scroll: usize,
}

impl Detail {
    /// How many lines the loaded record has.
    pub fn lines(&self) -> usize {
        match &self.state {
            DetailState::Loaded(_, l) => l.len(),
            _ => 0,
        }
    }
}

pub struct LogsBrowser {
    pub index: SessionIndex,
    /// (id, name) of every group in the index, for the `g` filter.
    pub groups: Vec<(String, String)>,
    /// (id, name) of every protocol in the index, for the `p` filter.
    pub protocols: Vec<(String, String)>,
    pub group: Option<usize>,
    pub protocol: Option<usize>,
    /// The search in force.
    pub query: Option<String>,
    /// The search being typed.
    pub typing: Option<TextArea<'static>>,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub detail: Option<Detail>,
}

fn distinct(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort_by(|a, b| {
        a.1.to_lowercase()
            .cmp(&b.1.to_lowercase())
            .then(a.0.cmp(&b.0))
    });
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

impl LogsBrowser {
    pub fn new(index: SessionIndex) -> LogsBrowser {
        let groups = distinct(
            index
                .sessions
                .iter()
                .filter_map(|s| {
                    s.summary
                        .group
                        .as_ref()
                        .map(|g| (g.id.clone(), g.name.clone()))
                })
                .collect(),
        );
        let protocols = distinct(
            index
                .sessions
                .iter()
                .map(|s| {
                    (
                        s.summary.protocol_id.clone(),
                        s.summary.protocol_name.clone(),
                    )
                })
                .collect(),
        );
        let mut b = LogsBrowser {
            index,
            groups,
            protocols,
            group: None,
            protocol: None,
            query: None,
            typing: None,
            rows: Vec::new(),
            selected: 0,
            detail: None,
        };
        b.refresh();
        b
    }

    fn filter(&self) -> Filter {
        Filter {
            group: self
                .group
                .and_then(|i| self.groups.get(i))
                .map(|g| g.0.clone()),
            protocol: self
                .protocol
                .and_then(|i| self.protocols.get(i))
                .map(|p| p.0.clone()),
            since: None,
        }
    }

    /// Recomputes the table after a filter or the search changed.
    pub fn refresh(&mut self) {
        let filter = self.filter();
        let query = self.query.as_deref().and_then(Query::new);
        self.rows = self
            .index
            .sessions
            .iter()
            .enumerate()
            .filter(|(_, s)| filter.matches(&s.summary))
            .filter_map(|(i, s)| match &query {
                None => Some(Row {
                    session: i,
                    first_match: None,
                    matches: 0,
                }),
                Some(q) => {
                    let found = search_summary(&s.summary, q);
                    (!found.is_empty()).then(|| Row {
                        session: i,
                        matches: found.len(),
                        first_match: found.into_iter().next(),
                    })
                }
            })
            .collect();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    fn path_of(&self, row: usize) -> Option<PathBuf> {
        let r = self.rows.get(row)?;
        self.index.sessions.get(r.session).map(|s| s.path.clone())
    }

    fn open(&mut self, row: usize) -> Outcome {
        let Some(path) = self.path_of(row) else {
            return Outcome::default();
        };
        self.selected = row;
        self.detail = Some(Detail {
            session: self.rows[row].session,
            state: DetailState::Loading,
            scroll: 0,
        });
        Outcome::effects(Effects {
            open: Some(path),
            ..Effects::default()
        })
    }

    /// The shell read a record for the detail view.
    pub fn opened(&mut self, path: &PathBuf, result: Result<SessionRecord, String>) {
        let Some(d) = self.detail.as_mut() else {
            return;
        };
        let Some(session) = self.index.sessions.get(d.session) else {
            return;
        };
        // An answer for a session no longer on screen is dropped.
        if session.path != *path {
            return;
        }
        d.state = match result {
            Ok(rec) => {
                let text = review::detail::render_text(&session.id, &rec);
                DetailState::Loaded(Box::new(rec), text.lines().map(str::to_string).collect())
            }
            Err(e) => DetailState::Failed(e),
        };
    }

    fn cycle(current: Option<usize>, len: usize) -> Option<usize> {
        match current {
            None if len > 0 => Some(0),
            Some(i) if i + 1 < len => Some(i + 1),
            _ => None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, page: usize) -> Outcome {
        if let Some(t) = self.typing.as_mut() {
            match key.code {
                KeyCode::Enter => {
                    let text = t.lines().join(" ").trim().to_string();
                    self.query = (!text.is_empty()).then_some(text);
                    self.typing = None;
                    self.selected = 0;
                    self.refresh();
                }
                KeyCode::Esc => self.typing = None,
                _ => {
                    t.input(key);
                }
            }
            return Outcome::default();
        }
        if self.detail.is_some() {
            return self.detail_key(key, page);
        }
        let last = self.rows.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('/') => {
                let mut t = TextArea::new(vec![self.query.clone().unwrap_or_default()]);
                t.set_cursor_line_style(Style::default());
                t.move_cursor(ratatui_textarea::CursorMove::End);
                self.typing = Some(t);
                return Outcome::default();
            }
            KeyCode::Char('g') => {
                self.group = Self::cycle(self.group, self.groups.len());
                self.refresh();
                return Outcome::default();
            }
            KeyCode::Char('p') => {
                self.protocol = Self::cycle(self.protocol, self.protocols.len());
                self.refresh();
                return Outcome::default();
            }
            KeyCode::Esc
                if self.query.is_some() || self.group.is_some() || self.protocol.is_some() =>
            {
                self.query = None;
                self.group = None;
                self.protocol = None;
                self.refresh();
                return Outcome::default();
            }
            _ => {}
        }
        match keymap::lookup(LIST, &key) {
            Some(ListAction::Up) => self.selected = self.selected.saturating_sub(1),
            Some(ListAction::Down) => self.selected = (self.selected + 1).min(last),
            Some(ListAction::PageUp) => self.selected = self.selected.saturating_sub(page),
            Some(ListAction::PageDown) => self.selected = (self.selected + page).min(last),
            Some(ListAction::Top) => self.selected = 0,
            Some(ListAction::Bottom) => self.selected = last,
            Some(ListAction::Open) => return self.open(self.selected),
            Some(ListAction::Help) => return Outcome::overlay(Overlay::Help),
            Some(ListAction::Quit) => return Outcome::quit(),
            None => {}
        }
        Outcome::default()
    }

    fn detail_key(&mut self, key: KeyEvent, page: usize) -> Outcome {
        let Some(d) = self.detail.as_mut() else {
            return Outcome::default();
        };
        // The last page stays full: scrolling stops when the end is in view.
        let max = d.lines().saturating_sub(page);
        match key.code {
            KeyCode::Esc | KeyCode::Backspace | KeyCode::Char('q') => self.detail = None,
            // The runner's keys for next and previous.
            KeyCode::Char('n') | KeyCode::Right if self.selected + 1 < self.rows.len() => {
                return self.open(self.selected + 1);
            }
            KeyCode::Char('p') | KeyCode::Left if self.selected > 0 => {
                return self.open(self.selected - 1);
            }
            KeyCode::Up | KeyCode::Char('k') => d.scroll = d.scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => d.scroll = (d.scroll + 1).min(max),
            KeyCode::PageUp => d.scroll = d.scroll.saturating_sub(page),
            KeyCode::PageDown | KeyCode::Char(' ') => d.scroll = (d.scroll + page).min(max),
            KeyCode::Home | KeyCode::Char('g') => d.scroll = 0,
            KeyCode::End | KeyCode::Char('G') => d.scroll = max,
            KeyCode::Char('?') => return Outcome::overlay(Overlay::Help),
            _ => {}
        }
        Outcome::default()
    }

    pub fn mouse(&mut self, ev: MouseEvent, area: Rect) -> Outcome {
        let step = 3;
        if let Some(d) = self.detail.as_mut() {
            let max = d
                .lines()
                .saturating_sub(area.height.saturating_sub(4) as usize);
            match ev.kind {
                MouseEventKind::ScrollDown => d.scroll = (d.scroll + step).min(max),
                MouseEventKind::ScrollUp => d.scroll = d.scroll.saturating_sub(step),
                _ => {}
            }
            return Outcome::default();
        }
        let last = self.rows.len().saturating_sub(1);
        match ev.kind {
            MouseEventKind::ScrollDown => self.selected = (self.selected + step).min(last),
            MouseEventKind::ScrollUp => self.selected = self.selected.saturating_sub(step),
            MouseEventKind::Down(MouseButton::Left) => {
                let l = list_layout(area, self);
                let at = Position::new(ev.column, ev.row);
                if let Some((_, row)) = l.iter().find(|(r, _)| r.contains(at)) {
                    // A click selects; a click on the selected row opens it.
                    if *row == self.selected {
                        return self.open(*row);
                    }
                    self.selected = *row;
                }
            }
            _ => {}
        }
        Outcome::default()
    }
}

pub fn help_rows(b: &LogsBrowser) -> Vec<(String, String)> {
    if b.detail.is_some() {
        rows(&[
            ("↑/↓ j/k", "scroll"),
            ("PgUp/PgDn Space", "a page"),
            ("Home/End", "top, bottom"),
            ("n/→", "next session"),
            ("p/←", "previous session"),
            ("Esc/q", "back to the list"),
            ("wheel", "scroll"),
        ])
    } else {
        let mut r: Vec<(String, String)> = keymap::help_rows(LIST)
            .into_iter()
            .map(|(k, d)| (k, d.to_string()))
            .collect();
        r.extend(rows(&[
            (
                "/",
                "search all text: notes, questions, comments, plus/delta, actions",
            ),
            ("g", "next group filter (then all)"),
            ("p", "next protocol filter (then all)"),
            ("Esc", "clear the search and filters"),
            ("click", "select; click again to open"),
        ]));
        r
    }
}

/// Rows of the table as drawn: (rectangle, row index), for mouse hits.
fn list_layout(area: Rect, b: &LogsBrowser) -> Vec<(Rect, usize)> {
    let (table, _) = table_area(area, b);
    let per_row = if b.query.is_some() { 2 } else { 1 };
    let visible = (table.height.saturating_sub(1) / per_row) as usize;
    let first = first_visible(b.selected, visible);
    (first..b.rows.len())
        .take(visible)
        .enumerate()
        .map(|(i, row)| {
            (
                Rect::new(
                    table.x,
                    table.y + 1 + (i as u16) * per_row,
                    table.width,
                    per_row,
                ),
                row,
            )
        })
        .collect()
}

fn first_visible(selected: usize, visible: usize) -> usize {
    selected.saturating_sub(visible.saturating_sub(1))
}

/// The table's area and the line above it (for damaged records).
fn table_area(area: Rect, b: &LogsBrowser) -> (Rect, Rect) {
    let warn_h = u16::from(!b.index.damaged.is_empty());
    let search_h = u16::from(b.typing.is_some());
    let [_, warn, table, _, _] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(warn_h),
        Constraint::Fill(1),
        Constraint::Length(search_h),
        Constraint::Length(1),
    ])
    .areas(area);
    (table, warn)
}

/// Text with the query's matches styled.
fn highlighted(text: &str, ranges: &[Range<usize>], base: Style, hit: Style) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            continue;
        }
        if r.start > at {
            spans.push(Span::styled(text[at..r.start].to_string(), base));
        }
        spans.push(Span::styled(text[r.clone()].to_string(), hit));
        at = r.end;
    }
    if at < text.len() {
        spans.push(Span::styled(text[at..].to_string(), base));
    }
    spans
}

fn cut(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        format!("{s:<w$}")
    } else {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub fn draw(f: &mut Frame, app: &App, b: &LogsBrowser) {
    let s = app.styles;
    let area = f.area();
    f.render_widget(Block::new().style(s.base()), area);
    match &b.detail {
        Some(d) => draw_detail(f, app, b, d),
        None => draw_list(f, app, b, s, area),
    }
}

fn draw_list(f: &mut Frame, app: &App, b: &LogsBrowser, s: Styles, area: Rect) {
    let [header, _, _, search, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(0),
        Constraint::Fill(1),
        Constraint::Length(u16::from(b.typing.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    let (table, warn) = table_area(area, b);

    let mut left = vec![
        Span::styled("plg", s.heading()),
        Span::styled(
            format!(
                " · past sessions · {} of {}",
                b.rows.len(),
                b.index.sessions.len()
            ),
            s.muted(),
        ),
    ];
    if let Some(g) = b.group.and_then(|i| b.groups.get(i)) {
        left.push(Span::styled(format!(" · group: {}", g.1), s.accent()));
    }
    if let Some(p) = b.protocol.and_then(|i| b.protocols.get(i)) {
        left.push(Span::styled(format!(" · protocol: {}", p.1), s.accent()));
    }
    if let Some(q) = &b.query {
        left.push(Span::styled(format!(" · search “{q}”"), s.accent()));
    }
    header_line(f, header, app, left, vec![]);

    if let Some(first) = b.index.damaged.first() {
        let more = b.index.damaged.len() - 1;
        let text = if more > 0 {
            format!("⚠ {first} (and {more} more damaged records; `plg logs list` names them)")
        } else {
            format!("⚠ {first}")
        };
        f.render_widget(Paragraph::new(Line::styled(text, s.error())), warn);
    }

    let w = table.width as usize;
    let gw = if w >= 130 {
        22
    } else if w >= 100 {
        18
    } else {
        14
    };
    let (dw, pw, presw, lw, nw) = (16, 24, 16, 7, 5);
    let sw = w.saturating_sub(dw + gw + pw + presw + lw + nw + 6);
    let head = format!(
        "{:<dw$} {:<gw$} {:<pw$} {:<presw$} {:>lw$} {:>nw$} {}",
        "DATE", "GROUP", "PROTOCOL", "PRESENTER", "LENGTH", "NOTES", "STATUS"
    );
    let mut lines = vec![Line::styled(head, s.muted())];
    if b.rows.is_empty() {
        lines.push(Line::styled(
            if b.index.sessions.is_empty() {
                "No sessions yet: run a meeting with `plg run PROTOCOL`."
            } else {
                "Nothing matches. Esc clears the search and filters."
            },
            s.muted(),
        ));
    }
    let per_row = if b.query.is_some() { 2 } else { 1 };
    let visible = (table.height.saturating_sub(1) / per_row) as usize;
    let first = first_visible(b.selected, visible);
    for (i, row) in b.rows.iter().enumerate().skip(first).take(visible) {
        let Some(session) = b.index.sessions.get(row.session) else {
            continue;
        };
        let sum = &session.summary;
        let style = if i == b.selected {
            s.selected()
        } else {
            s.text()
        };
        let group = sum.group.as_ref().map_or("—", |g| g.name.as_str());
        let text = format!(
            "{} {} {} {} {:>lw$} {:>nw$} {}",
            cut(&review::date_label(&sum.started_at), dw),
            cut(group, gw),
            cut(&sum.protocol_name, pw),
            cut(sum.presenter().unwrap_or("—"), presw),
            review::minutes_label(sum.duration_seconds),
            sum.notes.len(),
            cut(&review::status_label(sum.status, sum.speed), sw),
        );
        lines.push(Line::styled(text, style));
        if let Some(m) = &row.first_match {
            let mut spans = vec![Span::styled(
                format!("  ↳ {}: ", m.field.label()),
                s.muted(),
            )];
            spans.extend(highlighted(
                &m.snippet,
                &m.highlights,
                s.text(),
                s.selected(),
            ));
            if row.matches > 1 {
                spans.push(Span::styled(
                    format!("  (+{} more)", row.matches - 1),
                    s.muted(),
                ));
            }
            lines.push(Line::from(spans));
        }
    }
    f.render_widget(Paragraph::new(Text::from(lines)), table);

    if let Some(t) = &b.typing {
        let label = "Search: ";
        f.render_widget(
            Paragraph::new(Span::styled(label, s.accent())),
            Rect::new(search.x, search.y, 8, 1),
        );
        f.render_widget(
            t,
            Rect::new(search.x + 8, search.y, search.width.saturating_sub(8), 1),
        );
        footer_line(
            f,
            footer,
            app,
            &[
                ("Enter".into(), "search".into()),
                ("Esc".into(), "cancel".into()),
            ],
        );
    } else {
        footer_line(
            f,
            footer,
            app,
            &[
                ("↓".into(), "move".into()),
                ("Enter".into(), "open".into()),
                ("/".into(), "search".into()),
                ("g".into(), "group".into()),
                ("p".into(), "protocol".into()),
                ("Esc".into(), "clear".into()),
                ("?".into(), "help".into()),
                ("q".into(), "quit".into()),
            ],
        );
    }
}

fn draw_detail(f: &mut Frame, app: &App, b: &LogsBrowser, d: &Detail) {
    let s = app.styles;
    let area = f.area();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let id = b
        .index
        .sessions
        .get(d.session)
        .map(|x| x.id.clone())
        .unwrap_or_default();
    header_line(
        f,
        header,
        app,
        vec![
            Span::styled("plg", s.heading()),
            Span::styled(format!(" · {id}"), s.muted()),
        ],
        vec![Span::styled(
            format!("{} of {}", b.selected + 1, b.rows.len()),
            s.muted(),
        )],
    );
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border());
    let inner = block.inner(body);
    f.render_widget(block, body);
    let text: Vec<Line> = match &d.state {
        DetailState::Loading => vec![Line::styled("Reading the record…", s.muted())],
        DetailState::Failed(e) => vec![Line::styled(
            format!("This record could not be read: {e}"),
            s.error(),
        )],
        DetailState::Loaded(_, lines) => {
            let query = b.query.as_deref().and_then(Query::new);
            lines
                .iter()
                .skip(d.scroll)
                .take(inner.height as usize)
                .map(|l| {
                    let style = if !l.starts_with(' ') && !l.is_empty() {
                        s.heading()
                    } else {
                        s.text()
                    };
                    match &query {
                        Some(q) => Line::from(highlighted(l, &q.find_all(l), style, s.selected())),
                        None => Line::styled(l.clone(), style),
                    }
                })
                .collect()
        }
    };
    f.render_widget(Paragraph::new(Text::from(text)), inner);
    footer_line(
        f,
        footer,
        app,
        &[
            ("↓".into(), "scroll".into()),
            ("n".into(), "next".into()),
            ("p".into(), "previous".into()),
            ("Esc".into(), "back".into()),
            ("?".into(), "help".into()),
            ("q".into(), "back".into()),
        ],
    );
}
