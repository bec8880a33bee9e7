//! The table of past sessions: geometry (shared by drawing and the mouse)
//! and drawing.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

use crate::review;
use crate::text::{self, ellipsis, pad};
use crate::tui::chrome::{footer_line, header_line};
use crate::tui::keymap::{self, LOGS_LIST, LOGS_SEARCH};
use crate::tui::view::View;

use super::{LogsBrowser, highlighted};

/// Where the list's parts go, and which rows of the table are in view.
/// Computed once per frame or click, by the same function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub header: Rect,
    /// The line above the table naming damaged records (empty when none).
    pub warn: Rect,
    pub table: Rect,
    /// The search being typed (empty when none).
    pub search: Rect,
    pub footer: Rect,
    /// Lines per session: two when a search shows the match under it.
    pub per_row: u16,
    /// How many sessions fit, and the first one shown.
    pub visible: usize,
    pub first: usize,
}

impl Geometry {
    pub(crate) fn new(area: Rect, b: &LogsBrowser) -> Geometry {
        let warn_h = u16::from(!b.index.damaged.is_empty());
        let search_h = u16::from(b.typing.is_some());
        let [header, warn, table, search, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(warn_h),
            Constraint::Fill(1),
            Constraint::Length(search_h),
            Constraint::Length(1),
        ])
        .areas(area);
        let per_row = if b.query.is_some() { 2 } else { 1 };
        // The first line of the table is its heading.
        let visible = (table.height.saturating_sub(1) / per_row) as usize;
        // The selection stays in view, at the bottom when it has to move.
        let first = b.selected.saturating_sub(visible.saturating_sub(1));
        Geometry {
            header,
            warn,
            table,
            search,
            footer,
            per_row,
            visible,
            first,
        }
    }

    /// The sessions' rectangles as drawn, with their row index, for mouse hits.
    pub(crate) fn rows(self) -> impl Iterator<Item = (Rect, usize)> {
        (self.first..)
            .take(self.visible)
            .enumerate()
            .map(move |(i, row)| {
                (
                    Rect::new(
                        self.table.x,
                        self.table.y + 1 + (i as u16) * self.per_row,
                        self.table.width,
                        self.per_row,
                    ),
                    row,
                )
            })
    }
}

/// A table cell of `w` columns: padded, or cut with `…`.
fn cell(s: &str, w: usize) -> String {
    pad(&ellipsis(s, w), w)
}

pub(crate) fn draw(f: &mut Frame, view: &View<'_>, b: &LogsBrowser) {
    let s = view.styles;
    let g = Geometry::new(f.area(), b);
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
    if b.rehearsals {
        left.push(Span::styled(" · with rehearsals", s.accent()));
    }
    header_line(f, g.header, view, left, vec![]);

    if let Some(first) = b.index.damaged.first() {
        let more = b.index.damaged.len() - 1;
        let text = if more > 0 {
            format!("⚠ {first} (and {more} more damaged records; `plg logs list` names them)")
        } else {
            format!("⚠ {first}")
        };
        f.render_widget(Paragraph::new(Line::styled(text, s.error())), g.warn);
    }

    let w = g.table.width as usize;
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
    for (i, row) in b.rows.iter().enumerate().skip(g.first).take(g.visible) {
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
            cell(&review::date_label(&sum.started_at), dw),
            cell(group, gw),
            cell(&sum.what_ran(), pw),
            cell(&sum.presenters_label(), presw),
            text::rounded_minutes(sum.duration_seconds),
            sum.notes.len(),
            cell(&review::status_label(sum.status, sum.speed), sw),
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
    f.render_widget(Paragraph::new(Text::from(lines)), g.table);

    if let Some(t) = &b.typing {
        let label = "Search: ";
        f.render_widget(
            Paragraph::new(Span::styled(label, s.accent())),
            Rect::new(g.search.x, g.search.y, 8, 1),
        );
        f.render_widget(
            t,
            Rect::new(
                g.search.x + 8,
                g.search.y,
                g.search.width.saturating_sub(8),
                1,
            ),
        );
        footer_line(f, g.footer, s, &keymap::footer(LOGS_SEARCH));
    } else {
        footer_line(f, g.footer, s, &keymap::footer(LOGS_LIST));
    }
}
