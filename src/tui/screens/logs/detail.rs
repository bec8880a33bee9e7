//! One past session in full, as `plg logs show` prints it, with the
//! search's matches highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::record::SessionRecord;
use crate::record::search::Query;
use crate::tui::chrome::{footer_line, header_line};
use crate::tui::keymap::{self, DetailAction, LOGS_DETAIL};
use crate::tui::screens::action_item;
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::{LogsBrowser, highlighted};

pub enum DetailState {
    Loading,
    Loaded(Box<SessionRecord>, Vec<String>),
    Failed(String),
}

pub struct Detail {
    pub session: usize,
    pub state: DetailState,
    pub scroll: usize,
    /// The session's action items as they stand now.
    pub items: super::DetailItems,
}

impl Detail {
    /// Rows of the action items box under a body `body_h` rows high.
    pub fn items_height(&self, body_h: u16) -> u16 {
        let n = u16::try_from(self.items.items.len()).unwrap_or(u16::MAX);
        if n == 0 {
            0
        } else {
            n.saturating_add(2).min(body_h / 2)
        }
    }

    /// Rows of the record's text shown, when `page` rows would be without
    /// the action items box.
    pub fn text_rows(&self, page: usize) -> usize {
        let body_h = u16::try_from(page + 2).unwrap_or(u16::MAX);
        page.saturating_sub(usize::from(self.items_height(body_h)))
    }

    /// How many lines the loaded record has.
    pub fn lines(&self) -> usize {
        match &self.state {
            DetailState::Loaded(_, l) => l.len(),
            _ => 0,
        }
    }
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, b: &LogsBrowser, d: &Detail) {
    let s = view.styles;
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
        view,
        vec![
            Span::styled("plg", s.heading()),
            Span::styled(format!(" · {id}"), s.muted()),
        ],
        vec![Span::styled(
            format!("{} of {}", b.selected + 1, b.rows.len()),
            s.muted(),
        )],
    );
    // The session's action items as they stand now, under the record's text.
    let items_h = d.items_height(body.height);
    let [body, items_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(items_h)]).areas(body);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border());
    let inner = block.inner(body);
    f.render_widget(block, body);
    if items_h > 0 {
        draw_items(f, items_area, s, &d.items);
    }
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
    let keys = if d.items.dialog.is_some() {
        keymap::footer(keymap::ACTION_DIALOG)
    } else {
        keymap::footer_where(LOGS_DETAIL, |a| {
            !d.items.items.is_empty()
                || !matches!(
                    a,
                    DetailAction::NextItem | DetailAction::Done | DetailAction::Change
                )
        })
    };
    footer_line(f, footer, s, &keys);
    if let Some(dialog) = &d.items.dialog {
        action_item::draw(f, area, s, dialog);
    }
}

/// The action items box: each item's state now, the selected one marked.
fn draw_items(f: &mut Frame, area: Rect, s: Styles, items: &super::DetailItems) {
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if items.selected.is_some() {
            s.accent()
        } else {
            s.border()
        })
        .title(Line::styled(
            " Action items now · Tab select · Ctrl-D done · Ctrl-E change ",
            s.heading(),
        ));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let h = usize::from(inner.height).max(1);
    let first = items.selected.map_or(0, |i| i.saturating_sub(h - 1));
    let lines: Vec<Line> = items
        .items
        .iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, item)| {
            let on = items.selected == Some(i);
            let mut spans = vec![Span::styled(if on { "▸ " } else { "  " }, s.accent())];
            spans.extend(action_item::item_spans(
                item,
                if on { s.selected() } else { s.text() },
                s,
            ));
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
