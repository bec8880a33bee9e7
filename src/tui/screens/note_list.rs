//! The list of saved notes drawn over a screen: the meeting's (Ctrl-N while
//! it runs) and a past session's (Ctrl-N in the logs browser) look and read
//! the same, so a facilitator who has used one knows the other.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear, List, ListItem, ListState};

use crate::text::ellipsis;
use crate::tui::chrome::centered;
use crate::tui::keymap::{self, SAVED_NOTES};
use crate::tui::view::View;

/// One note as the list shows it.
pub struct NoteRow<'a> {
    /// `HH:MM`, in the meeting's local time.
    pub at: String,
    /// The phase (and round) it was written in.
    pub phase: &'a str,
    /// The kind's label.
    pub kind: String,
    pub text: &'a str,
    pub edited: bool,
}

impl NoteRow<'_> {
    /// The row cut to `cols` display columns; a note's own line breaks show as ⏎.
    pub fn line(&self, cols: usize) -> String {
        let edited = if self.edited { " (edited)" } else { "" };
        let line = format!(
            " {} {} · {}: {}{edited}",
            self.at,
            ellipsis(self.phase, 24),
            self.kind,
            self.text.replace('\n', " ⏎ ")
        );
        ellipsis(&line, cols)
    }
}

/// Draws the list centred over the screen, leaving the footer line free,
/// with `title` on top, the list's keys at the bottom and `selected` marked.
pub fn draw(f: &mut Frame, view: &View<'_>, title: &str, rows: &[NoteRow<'_>], selected: usize) {
    let s = view.styles;
    let full = f.area();
    let room = Rect {
        height: full.height.saturating_sub(1),
        ..full
    };
    let height = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = centered(room, 90, height);
    let hint = keymap::footer(SAVED_NOTES)
        .into_iter()
        .map(|(k, w)| format!("{k} {w}"))
        .collect::<Vec<_>>()
        .join(" · ");
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(s.accent())
        .title(Line::styled(format!(" {title} "), s.heading()))
        .title_bottom(Line::styled(format!(" {hint} "), s.muted()))
        .style(s.base());
    f.render_widget(Clear, area);
    let inner = block.inner(area);
    f.render_widget(block, area);
    // The highlight symbol takes a column off every row.
    let cols = (inner.width as usize).saturating_sub(crate::text::width("›"));
    let items: Vec<ListItem> = rows
        .iter()
        .map(|r| ListItem::new(Line::styled(r.line(cols), s.text())))
        .collect();
    let mut state = ListState::default().with_selected(Some(selected));
    f.render_stateful_widget(
        List::new(items)
            .highlight_style(s.selected())
            .highlight_symbol("›"),
        inner,
        &mut state,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_says_when_where_what_and_whether_it_was_edited() {
        let row = NoteRow {
            at: "15:42".into(),
            phase: "Clarifying questions",
            kind: "Question".into(),
            text: "Which prompts\ndid they see?",
            edited: true,
        };
        assert_eq!(
            row.line(200),
            " 15:42 Clarifying questions · Question: Which prompts ⏎ did they see? (edited)"
        );
        let short = row.line(20);
        assert_eq!(crate::text::width(&short), 20, "{short}");
        assert!(short.ends_with('…'), "{short}");
        let plain = NoteRow {
            edited: false,
            ..row
        };
        assert!(!plain.line(200).contains("(edited)"));
    }
}
