//! What every screen shares: the header with the flash message, the key
//! footer, centring, bullets, and the two overlays (help and a question).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::text::{pad, width};

use super::keymap::{self, Binding};
use super::outcome::Confirm;
use super::style::Styles;
use super::view::View;

/// A footer entry: the key as shown, and its short word.
pub type FooterKey = (String, String);

/// One titled block of the help overlay: (keys, what they do) rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpSection {
    pub title: String,
    pub rows: Vec<(String, String)>,
}

impl HelpSection {
    pub fn new(title: impl Into<String>, rows: Vec<(String, String)>) -> HelpSection {
        HelpSection {
            title: title.into(),
            rows,
        }
    }

    /// A section listing every binding of `table`.
    pub fn of<A: Copy>(title: impl Into<String>, table: &[Binding<A>]) -> HelpSection {
        HelpSection::new(title, keymap::help_rows(table))
    }
}

/// A rectangle of at most `w`×`h` in the middle of `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `text` broken into lines of at most `cols` display columns: at spaces
/// where it can, inside a word only when the word alone is wider than a line.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            let sep = usize::from(used > 0);
            if used + sep + ww <= cols {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += sep + ww;
                continue;
            }
            if used > 0 {
                out.push(std::mem::take(&mut line));
            }
            // A word wider than a line is split by columns, never mid-character.
            let mut rest = word;
            while width(rest) > cols {
                let head = crate::text::cut(rest, cols);
                if head.is_empty() {
                    break;
                }
                rest = &rest[head.len()..];
                out.push(head);
            }
            line.push_str(rest);
            used = width(rest);
        }
        out.push(line);
    }
    out
}

/// One line: `left` at the start, the flash message in the middle, `right` at the end.
pub fn header_line(
    f: &mut Frame,
    area: Rect,
    view: &View<'_>,
    left: Vec<Span<'_>>,
    right: Vec<Span<'_>>,
) {
    let s = view.styles;
    let right_w: u16 = right.iter().map(|sp| sp.width() as u16).sum();
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_w.min(area.width)),
    ])
    .areas(area);
    let mut left = left;
    if let Some(flash) = view.flash {
        left.push(Span::raw("   "));
        left.push(Span::styled(
            flash.text.clone(),
            if flash.error { s.error() } else { s.success() },
        ));
    }
    f.render_widget(Paragraph::new(Line::from(left)), l);
    f.render_widget(Paragraph::new(Line::from(right)), r);
}

/// The key footer: as many `key word` pairs as fit, never dropping help and quit.
pub fn footer_line(f: &mut Frame, area: Rect, s: Styles, keys: &[FooterKey]) {
    let room = area.width as usize;
    let item_w = |(k, w): &FooterKey| width(k) + width(w) + 3;
    let essential = |w: &str| w == "help" || w == "quit";
    let mut budget = keys
        .iter()
        .filter(|(_, w)| essential(w))
        .map(item_w)
        .sum::<usize>();
    let mut keep = vec![false; keys.len()];
    for (i, item) in keys.iter().enumerate() {
        if essential(&item.1) {
            keep[i] = true;
        } else if budget + item_w(item) <= room {
            budget += item_w(item);
            keep[i] = true;
        }
    }
    let mut spans = Vec::new();
    for (i, (k, w)) in keys.iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(format!(" {k}"), s.key()));
            spans.push(Span::styled(format!(" {w} "), s.muted()));
        }
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bulleted list, as norms are shown everywhere.
pub fn bullets(items: &[String], s: Styles) -> Vec<Line<'static>> {
    items
        .iter()
        .map(|n| {
            Line::from(vec![
                Span::styled("• ", s.accent()),
                Span::styled(n.clone(), s.text()),
            ])
        })
        .collect()
}

/// The help overlay: the sections one under the other, in a box.
pub fn draw_help(f: &mut Frame, s: Styles, sections: &[HelpSection]) {
    let mut lines: Vec<Line> = Vec::new();
    for section in sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(section.title.clone(), s.heading()));
        for (k, d) in &section.rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", pad(k, 14)), s.key()),
                Span::styled(d.clone(), s.text()),
            ]));
        }
    }
    let h = (lines.len() as u16 + 2).min(f.area().height);
    let area = centered(f.area(), 72, h);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.accent())
        .title(Line::styled(" Keys ", s.heading()))
        .title_bottom(Line::styled(" any key closes ", s.muted()))
        .style(s.base());
    f.render_widget(Clear, area);
    f.render_widget(Paragraph::new(Text::from(lines)).block(block), area);
}

/// A question in a box, with its answers' keys.
pub fn draw_confirm<A>(f: &mut Frame, s: Styles, c: &Confirm<A>) {
    let mut answers: Vec<Span> = Vec::new();
    if c.yes.is_some() {
        answers.push(Span::styled(" y", s.key()));
        answers.push(Span::styled(" yes ", s.text()));
    }
    for (k, label, _) in &c.choices {
        answers.push(Span::styled(format!(" {k}"), s.key()));
        answers.push(Span::styled(format!(" {label} "), s.text()));
    }
    answers.push(Span::styled(" Esc", s.key()));
    answers.push(Span::styled(
        if c.yes.is_some() {
            " no "
        } else {
            " keep going "
        },
        s.text(),
    ));
    let answers_w: u16 = answers.iter().map(|a| a.width() as u16).sum();
    let box_w = (answers_w + 4).max(56).min(f.area().width);
    let text_lines = (width(&c.text) as u16 / box_w.saturating_sub(4).max(1)) + 1;
    let area = centered(f.area(), box_w, text_lines + 5);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(s.accent())
        .title(Line::styled(format!(" {} ", c.title), s.heading()))
        .style(s.base());
    f.render_widget(Clear, area);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [text, _, keys] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(c.text.clone())
            .style(s.text())
            .wrap(Wrap { trim: true }),
        text,
    );
    f.render_widget(Paragraph::new(Line::from(answers)), keys);
}
