//! One past session in full, as `plg logs show` prints it, with the
//! search's matches highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::record::SessionRecord;
use crate::record::search::Query;
use crate::tui::chrome::{footer_line, header_line};
use crate::tui::keymap::{self, LOGS_DETAIL};
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
    footer_line(f, footer, s, &keymap::footer(LOGS_DETAIL));
}
