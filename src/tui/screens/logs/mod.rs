//! `plg logs`: a browser of past sessions. A table, newest first; `/`
//! searches all text with matches highlighted; `g` and `p` filter by group
//! and protocol; Enter opens a session in full. The list and the detail
//! are drawn by `list` and `detail`; the state and keys are here.

mod detail;
mod items;
mod list;
mod notes;

use std::convert::Infallible;
use std::ops::Range;
use std::path::PathBuf;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Block;
use ratatui_textarea::TextArea;

use crate::record::SessionRecord;
use crate::record::index::SessionIndex;
use crate::record::search::{Query, SearchMatch, search_summary};
use crate::review::{self, Filter};
use crate::tui::chrome::HelpSection;
use crate::tui::keymap::{
    self, DetailAction, LOGS_DETAIL, LOGS_LIST, LOGS_SEARCH, LogsAction, SearchAction,
};
use crate::tui::outcome::{Effects, Outcome};
use crate::tui::view::View;

pub use detail::{Detail, DetailState};
pub use items::{DetailItems, Sitting};

/// The browser asks nothing and leads nowhere: it opens records in place.
pub(crate) type LogsOutcome = Outcome<Infallible>;

/// One line of the table: a session, and its first match when searching.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into the index's sessions.
    pub session: usize,
    pub first_match: Option<SearchMatch>,
    pub matches: usize,
}

pub struct LogsBrowser {
    pub index: SessionIndex,
    /// (id, name) of every group in the index, for the `g` filter.
    pub groups: Vec<(String, String)>,
    /// (id, name) of every protocol in the index, for the `p` filter.
    pub protocols: Vec<(String, String)>,
    pub group: Option<usize>,
    pub protocol: Option<usize>,
    /// Whether rehearsals (`speed` > 1) are listed; hidden by default.
    pub rehearsals: bool,
    /// The search in force.
    pub query: Option<String>,
    /// The search being typed.
    pub typing: Option<TextArea<'static>>,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub detail: Option<Detail>,
    /// Changes to action items made in this sitting, and their follow-up record.
    pub sitting: Sitting,
    /// Ctrl-N in a detail: the session's notes, to edit or delete one.
    pub notes: Option<notes::NotesPanel>,
    /// The first note change of this sitting was asked about (and warned of).
    pub warned: bool,
    /// Where the index cache is, so a rewritten record's old text leaves it too.
    pub cache_dir: Option<PathBuf>,
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

fn cycle(current: Option<usize>, len: usize) -> Option<usize> {
    match current {
        None if len > 0 => Some(0),
        Some(i) if i + 1 < len => Some(i + 1),
        _ => None,
    }
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
            rehearsals: false,
            query: None,
            typing: None,
            rows: Vec::new(),
            selected: 0,
            detail: None,
            sitting: Sitting::default(),
            notes: None,
            warned: false,
            cache_dir: None,
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
            rehearsals: self.rehearsals,
        }
    }

    /// Recomputes the table after a filter or the search changed.
    pub(crate) fn refresh(&mut self) {
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

    fn open(&mut self, row: usize) -> LogsOutcome {
        let Some(path) = self.path_of(row) else {
            return Outcome::default();
        };
        self.selected = row;
        self.notes = None;
        self.detail = Some(Detail {
            session: self.rows[row].session,
            state: DetailState::Loading,
            scroll: 0,
            items: DetailItems::default(),
        });
        Outcome::effects(Effects {
            open: Some(path),
            ..Effects::default()
        })
    }

    /// The shell read a record for the detail view.
    pub(crate) fn opened(&mut self, path: &PathBuf, result: Result<SessionRecord, String>) {
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
                d.items = items::items_of(
                    &self.index,
                    &self.sitting,
                    self.rehearsals,
                    &session.id,
                    &rec,
                );
                let text = review::detail::render_text(&session.id, &rec);
                DetailState::Loaded(Box::new(rec), text.lines().map(str::to_string).collect())
            }
            Err(e) => DetailState::Failed(e),
        };
    }

    pub(crate) fn key(&mut self, key: KeyEvent, page: usize) -> LogsOutcome {
        if self.typing.is_some() {
            self.search_key(key);
            return Outcome::default();
        }
        if self.detail.is_some() {
            return self.detail_key(key, page);
        }
        let last = self.rows.len().saturating_sub(1);
        match keymap::lookup(LOGS_LIST, &key) {
            Some(LogsAction::Up) => self.selected = self.selected.saturating_sub(1),
            Some(LogsAction::Down) => self.selected = (self.selected + 1).min(last),
            Some(LogsAction::PageUp) => self.selected = self.selected.saturating_sub(page),
            Some(LogsAction::PageDown) => self.selected = (self.selected + page).min(last),
            Some(LogsAction::Top) => self.selected = 0,
            Some(LogsAction::Bottom) => self.selected = last,
            Some(LogsAction::Open) => return self.open(self.selected),
            Some(LogsAction::Search) => {
                let mut t = TextArea::new(vec![self.query.clone().unwrap_or_default()]);
                t.set_cursor_line_style(Style::default());
                t.move_cursor(ratatui_textarea::CursorMove::End);
                self.typing = Some(t);
            }
            Some(LogsAction::Group) => {
                self.group = cycle(self.group, self.groups.len());
                self.refresh();
            }
            Some(LogsAction::Protocol) => {
                self.protocol = cycle(self.protocol, self.protocols.len());
                self.refresh();
            }
            Some(LogsAction::Rehearsals) => {
                self.rehearsals = !self.rehearsals;
                self.refresh();
            }
            Some(LogsAction::Clear) if self.filtered() => {
                self.query = None;
                self.group = None;
                self.protocol = None;
                self.rehearsals = false;
                self.refresh();
            }
            // With nothing to clear, Esc leaves, as on every list.
            Some(LogsAction::Clear | LogsAction::Quit) => return Outcome::quit(),
            Some(LogsAction::Help) => return Outcome::help(),
            None => {}
        }
        Outcome::default()
    }

    /// True when a search or a filter narrows the table.
    pub(crate) fn filtered(&self) -> bool {
        self.query.is_some() || self.group.is_some() || self.protocol.is_some() || self.rehearsals
    }

    fn search_key(&mut self, key: KeyEvent) {
        let Some(t) = self.typing.as_mut() else {
            return;
        };
        match keymap::lookup(LOGS_SEARCH, &key) {
            Some(SearchAction::Apply) => {
                let text = t.lines().join(" ").trim().to_string();
                self.query = (!text.is_empty()).then_some(text);
                self.typing = None;
                self.selected = 0;
                self.refresh();
            }
            Some(SearchAction::Cancel) => self.typing = None,
            None => {
                t.input(key);
            }
        }
    }

    /// The shell wrote this sitting's follow-up record (or could not); what to say if not.
    pub(crate) fn follow_up_saved(&mut self, result: &Result<PathBuf, String>) -> Option<String> {
        items::saved(self, result)
    }

    /// The shell rewrote a record's note (or could not): what to say, and whether it is an error.
    pub(crate) fn amended(
        &mut self,
        path: &std::path::Path,
        result: Result<SessionRecord, String>,
    ) -> (String, bool) {
        notes::amended(self, path, result)
    }

    fn detail_key(&mut self, key: KeyEvent, page: usize) -> LogsOutcome {
        if self.notes.is_some() {
            return notes::key(self, key);
        }
        // An action item's dialog, when open, keeps every key.
        let dialog = self
            .detail
            .as_ref()
            .is_some_and(|d| d.items.dialog.is_some());
        if !dialog && keymap::lookup(LOGS_DETAIL, &key) == Some(DetailAction::Notes) {
            return notes::open(self);
        }
        if let Some(out) = items::key(self, key) {
            return out;
        }
        let Some(d) = self.detail.as_mut() else {
            return Outcome::default();
        };
        // The last page stays full: scrolling stops when the end is in view.
        let page = d.text_rows(page);
        let max = d.lines().saturating_sub(page);
        match keymap::lookup(LOGS_DETAIL, &key) {
            Some(DetailAction::Back) => {
                self.detail = None;
                self.notes = None;
            }
            // The runner's keys for next and previous.
            Some(DetailAction::Next) if self.selected + 1 < self.rows.len() => {
                return self.open(self.selected + 1);
            }
            Some(DetailAction::Previous) if self.selected > 0 => {
                return self.open(self.selected - 1);
            }
            Some(DetailAction::Up) => d.scroll = d.scroll.saturating_sub(1),
            Some(DetailAction::Down) => d.scroll = (d.scroll + 1).min(max),
            Some(DetailAction::PageUp) => d.scroll = d.scroll.saturating_sub(page),
            Some(DetailAction::PageDown) => d.scroll = (d.scroll + page).min(max),
            Some(DetailAction::Top) => d.scroll = 0,
            Some(DetailAction::Bottom) => d.scroll = max,
            Some(DetailAction::Help) => return Outcome::help(),
            Some(
                DetailAction::Next
                | DetailAction::Previous
                | DetailAction::NextItem
                | DetailAction::PreviousItem
                | DetailAction::Done
                | DetailAction::Change
                | DetailAction::Notes,
            )
            | None => {}
        }
        Outcome::default()
    }

    pub(crate) fn mouse(&mut self, ev: MouseEvent, area: Rect) -> LogsOutcome {
        let step = 3;
        if let Some(d) = self.detail.as_mut() {
            let max = d
                .lines()
                .saturating_sub(d.text_rows(area.height.saturating_sub(4) as usize));
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
                let at = Position::new(ev.column, ev.row);
                let hit = list::Geometry::new(area, self)
                    .rows()
                    .find(|(r, _)| r.contains(at))
                    .map(|(_, row)| row);
                if let Some(row) = hit {
                    // A click selects; a click on the selected row opens it.
                    if row == self.selected {
                        return self.open(row);
                    }
                    self.selected = row;
                }
            }
            _ => {}
        }
        Outcome::default()
    }

    pub(crate) fn help(&self) -> Vec<HelpSection> {
        if self.notes.is_some() {
            return vec![
                HelpSection::of("A past session's notes", keymap::SAVED_NOTES),
                HelpSection::of("Editing a note", keymap::EDITOR),
            ];
        }
        if self.detail.is_some() {
            let mut rows = keymap::help_rows(LOGS_DETAIL);
            rows.push(("wheel".into(), "scroll".into()));
            return vec![
                HelpSection::new("A past session", rows),
                HelpSection::of("Changing an action item (Ctrl-E)", keymap::ACTION_DIALOG),
            ];
        }
        vec![
            HelpSection::of("Past sessions", LOGS_LIST),
            HelpSection::of("Typing a search", LOGS_SEARCH),
            HelpSection::new(
                "Mouse",
                vec![("click".into(), "select; click again to open".into())],
            ),
        ]
    }
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, b: &LogsBrowser) {
    let area = f.area();
    f.render_widget(Block::new().style(view.styles.base()), area);
    match &b.detail {
        Some(d) => {
            detail::draw(f, view, b, d);
            notes::draw_over(f, view, b);
        }
        None => list::draw(f, view, b),
    }
}

/// Text with the query's matches styled (in the table and the detail).
pub(crate) fn highlighted(
    text: &str,
    ranges: &[Range<usize>],
    base: Style,
    hit: Style,
) -> Vec<Span<'static>> {
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
