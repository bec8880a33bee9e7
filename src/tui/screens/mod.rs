//! One file per screen: its state, its keys and its drawing. This module
//! draws whichever screen is active, then any overlay, and holds the
//! pieces every screen shares (header, footer, dialogs).

pub mod attendance;
pub mod checkin;
pub mod end;
pub mod launcher;
pub mod logs;
pub mod meeting;
pub mod phase;
pub mod setup;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::app::{App, Confirm, Overlay, Screen};
use super::keymap::{self, ATTENDANCE, CHECKIN, EDITOR, ITEM_EDITOR, LIST, RUNNER};

/// Draws the whole frame. Reads the app; changes nothing.
pub fn draw(f: &mut Frame, app: &App) {
    match &app.screen {
        Screen::Launcher(l) => launcher::draw(f, app, l),
        Screen::Logs(b) => logs::draw(f, app, b),
        Screen::Setup(s) => setup::draw(f, app, s),
        Screen::Meeting(m) => match m.stage {
            meeting::Stage::Running if m.in_checkin() => checkin::draw(f, app, m),
            meeting::Stage::Running => phase::draw(f, app, m),
            meeting::Stage::Closing => checkin::draw(f, app, m),
            meeting::Stage::Ended => end::draw(f, app, m),
        },
    }
    match &app.overlay {
        Some(Overlay::Help) => draw_help(f, app),
        Some(Overlay::Confirm(c)) => draw_confirm(f, app, c),
        None => {}
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

/// One line: `left` at the start, the flash message in the middle, `right` at the end.
pub fn header_line(
    f: &mut Frame,
    area: Rect,
    app: &App,
    left: Vec<Span<'_>>,
    right: Vec<Span<'_>>,
) {
    let s = app.styles;
    let right_w: u16 = right.iter().map(|sp| sp.width() as u16).sum();
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right_w.min(area.width)),
    ])
    .areas(area);
    let mut left = left;
    if let Some(flash) = &app.flash {
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
pub fn footer_line(f: &mut Frame, area: Rect, app: &App, keys: &[(String, String)]) {
    let s = app.styles;
    let width = area.width as usize;
    let item_w = |(k, w): &(String, String)| k.chars().count() + w.chars().count() + 3;
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
        } else if budget + item_w(item) <= width {
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

fn draw_help(f: &mut Frame, app: &App) {
    let s = app.styles;
    let mut lines: Vec<Line> = Vec::new();
    let section = |title: &str, rows: Vec<(String, String)>, lines: &mut Vec<Line>| {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(title.to_string(), s.heading()));
        for (k, d) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<14}"), s.key()),
                Span::styled(d, s.text()),
            ]));
        }
    };
    let owned = |rows: Vec<(String, &'static str)>| {
        rows.into_iter()
            .map(|(k, d)| (k, d.to_string()))
            .collect::<Vec<_>>()
    };
    match &app.screen {
        Screen::Meeting(m) if m.attendance.is_some() => section(
            "Attendance panel (the clock keeps running)",
            owned(keymap::help_rows(ATTENDANCE)),
            &mut lines,
        ),
        Screen::Meeting(m) => {
            if m.in_checkin() {
                let mut rows = vec![(
                    "0-5".to_string(),
                    "rate the selected norm (fist-to-five)".to_string(),
                )];
                rows.extend(owned(keymap::help_rows(CHECKIN)));
                section("Check-in", rows, &mut lines);
                section(
                    "Writing a check-in line",
                    owned(keymap::help_rows(ITEM_EDITOR)),
                    &mut lines,
                );
            }
            section(
                "During a phase",
                owned(keymap::help_rows(RUNNER)),
                &mut lines,
            );
            let kinds: Vec<(String, String)> = m
                .meeting
                .protocol
                .note_kinds
                .iter()
                .filter_map(|k| {
                    k.key
                        .map(|c| (c.to_string(), format!("write a note: {}", k.label)))
                })
                .collect();
            if !kinds.is_empty() {
                section("Note kinds", kinds, &mut lines);
            }
            section(
                "While writing a note",
                owned(keymap::help_rows(EDITOR)),
                &mut lines,
            );

            section(
                "Mouse",
                vec![(
                    "click".into(),
                    "a phase in the timeline to jump there (asks first)".into(),
                )],
                &mut lines,
            );
        }
        Screen::Setup(_) => section("Setting up", setup::help_rows(), &mut lines),
        Screen::Logs(b) => section("Past sessions", logs::help_rows(b), &mut lines),
        Screen::Launcher(_) => section(
            "Choosing a protocol",
            owned(keymap::help_rows(LIST)),
            &mut lines,
        ),
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

fn draw_confirm(f: &mut Frame, app: &App, c: &Confirm) {
    let s = app.styles;
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
    let width = (answers_w + 4).max(56).min(f.area().width);
    let text_lines = (c.text.chars().count() as u16 / width.saturating_sub(4).max(1)) + 1;
    let area = centered(f.area(), width, text_lines + 5);
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

/// A bulleted list, as norms are shown everywhere.
pub fn bullets(items: &[String], s: super::style::Styles) -> Vec<Line<'static>> {
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

/// Help rows for screens whose keys are fixed text rather than a binding table.
pub fn rows(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, d)| (k.to_string(), d.to_string()))
        .collect()
}

/// The footer for list screens.
pub fn list_footer() -> Vec<(String, String)> {
    keymap::footer(LIST)
        .into_iter()
        .map(|(k, w)| (k, w.to_string()))
        .collect()
}
