//! The closing of a meeting: a fist-to-five per norm with an optional
//! comment, then plus/delta and action items. Shown during the protocol's
//! `checkin: true` phase (the clock keeps running), or after the last phase
//! when the protocol has none.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};
use ratatui_textarea::TextArea;
use tui_big_text::{BigText, PixelSize};

use crate::meeting::session::{ActionItem, Closing, Delta};
use crate::tui::app::App;
use crate::tui::keymap::{self, CHECKIN, ITEM_EDITOR, RUNNER};
use crate::tui::style::{ClockState, Styles};

use super::meeting::{MeetingScreen, Stage, minutes};
use super::phase::{clock_state, clock_text};
use super::{footer_line, header_line};

/// A line of the check-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Norm(usize),
    Plus(usize),
    AddPlus,
    Delta(usize),
    AddDelta,
    Action(usize),
    AddAction,
}

/// Editing one line: its fields (what, who, due) as single-line inputs.
pub struct ItemEditor {
    pub row: Row,
    pub fields: Vec<(&'static str, TextArea<'static>)>,
    pub focus: usize,
    /// The text the fields started with, to know whether leaving loses anything.
    original: Vec<String>,
}

impl ItemEditor {
    fn new(row: Row, fields: Vec<(&'static str, String)>) -> ItemEditor {
        let original: Vec<String> = fields.iter().map(|(_, v)| v.clone()).collect();
        let fields = fields
            .into_iter()
            .map(|(label, value)| {
                let mut t = TextArea::new(vec![value]);
                t.set_cursor_line_style(Style::default());
                t.move_cursor(ratatui_textarea::CursorMove::End);
                (label, t)
            })
            .collect();
        ItemEditor {
            row,
            fields,
            focus: 0,
            original,
        }
    }

    pub fn value(&self, i: usize) -> Option<String> {
        self.fields
            .get(i)
            .map(|(_, t)| t.lines().join(" ").trim().to_string())
            .filter(|s| !s.is_empty())
    }

    pub fn changed(&self) -> bool {
        self.fields
            .iter()
            .zip(&self.original)
            .any(|((_, t), o)| t.lines().join(" ").trim() != o.trim())
    }

    pub fn title(&self) -> &'static str {
        match self.row {
            Row::Norm(_) => "Comment on this norm",
            Row::Plus(_) | Row::AddPlus => "Plus: what worked",
            Row::Delta(_) | Row::AddDelta => "Delta: what to change",
            Row::Action(_) | Row::AddAction => "Action item",
        }
    }
}

#[derive(Default)]
pub struct ClosingForm {
    pub row: usize,
    pub editor: Option<ItemEditor>,
}

pub fn rows(c: &Closing) -> Vec<Row> {
    let mut r: Vec<Row> = (0..c.checkin.len()).map(Row::Norm).collect();
    r.extend((0..c.plus.len()).map(Row::Plus));
    r.push(Row::AddPlus);
    r.extend((0..c.delta.len()).map(Row::Delta));
    r.push(Row::AddDelta);
    r.extend((0..c.actions.len()).map(Row::Action));
    r.push(Row::AddAction);
    r
}

/// A due date as typed: `2026-12-01`, `+7` (days from today), or empty.
pub fn parse_due(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(days) = t.strip_prefix('+') {
        return days
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=3650).contains(d))
            .map(|d| Some(today + TimeDelta::days(d)))
            .ok_or_else(|| format!("`{t}` is not a number of days; write e.g. +7"));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("`{t}` is not a date; write 2026-12-01, or +7 for a week from today"))
}

/// What a key did on the check-in form.
pub enum Handled {
    /// The form used the key; `true` when the record changed.
    Yes {
        changed: bool,
        flash: Option<String>,
    },
    /// Not a form key: the runner should see it.
    No,
    /// Ask before removing a line.
    ConfirmRemove(Row),
    /// Ask before dropping an edit.
    ConfirmDiscard,
}

impl MeetingScreen {
    /// True when the check-in form is on screen.
    pub fn in_checkin(&self) -> bool {
        match self.stage {
            Stage::Closing => true,
            Stage::Running => self.meeting.phase().checkin,
            Stage::Ended => false,
        }
    }

    pub fn checkin_key(
        &mut self,
        key: KeyEvent,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Handled {
        let rows = rows(&self.closing);
        self.form.row = self.form.row.min(rows.len().saturating_sub(1));
        if self.form.editor.is_some() {
            return self.item_editor_key(key, now, offset);
        }
        let row = rows.get(self.form.row).copied();
        if let KeyCode::Char(c) = key.code
            && c.is_ascii_digit()
            && key.modifiers.is_empty()
        {
            return match row {
                Some(Row::Norm(i)) => {
                    let Some(n) = c.to_digit(10).filter(|d| *d <= 5) else {
                        return Handled::Yes {
                            changed: false,
                            flash: Some(
                                "Fist-to-five runs from 0 (a fist) to 5 (five fingers)".into(),
                            ),
                        };
                    };
                    if let Some(r) = self.closing.checkin.get_mut(i) {
                        r.rating = Some(n as u8);
                    }
                    // On to the next norm, so a group's ratings go in one key each.
                    self.form.row = (self.form.row + 1).min(rows.len().saturating_sub(1));
                    Handled::Yes {
                        changed: true,
                        flash: None,
                    }
                }
                _ => Handled::Yes {
                    changed: false,
                    flash: Some("Digits rate a norm: move to one with ↑/↓".into()),
                },
            };
        }
        match keymap::lookup(CHECKIN, &key) {
            Some(keymap::CheckinAction::Up) => {
                self.form.row = self.form.row.saturating_sub(1);
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
            Some(keymap::CheckinAction::Down) => {
                self.form.row = (self.form.row + 1).min(rows.len().saturating_sub(1));
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
            Some(keymap::CheckinAction::Edit) => {
                if let Some(row) = row {
                    self.form.editor = Some(self.editor_for(row));
                }
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
            Some(keymap::CheckinAction::Remove) => match row {
                Some(r @ (Row::Plus(_) | Row::Delta(_) | Row::Action(_))) => {
                    Handled::ConfirmRemove(r)
                }
                Some(Row::Norm(i)) => {
                    // Backspace on a norm clears its rating: a mistyped digit is easy to undo.
                    if let Some(r) = self.closing.checkin.get_mut(i) {
                        r.rating = None;
                    }
                    Handled::Yes {
                        changed: true,
                        flash: None,
                    }
                }
                _ => Handled::Yes {
                    changed: false,
                    flash: None,
                },
            },
            None => Handled::No,
        }
    }

    fn editor_for(&self, row: Row) -> ItemEditor {
        let c = &self.closing;
        match row {
            Row::Norm(i) => ItemEditor::new(
                row,
                vec![(
                    "Comment",
                    c.checkin
                        .get(i)
                        .and_then(|r| r.comment.clone())
                        .unwrap_or_default(),
                )],
            ),
            Row::Plus(i) => ItemEditor::new(
                row,
                vec![("What worked", c.plus.get(i).cloned().unwrap_or_default())],
            ),
            Row::AddPlus => ItemEditor::new(row, vec![("What worked", String::new())]),
            Row::Delta(i) => {
                let d = c.delta.get(i);
                ItemEditor::new(
                    row,
                    vec![
                        (
                            "What to change",
                            d.map(|d| d.text.clone()).unwrap_or_default(),
                        ),
                        (
                            "Who sees to it",
                            d.and_then(|d| d.owner.clone()).unwrap_or_default(),
                        ),
                    ],
                )
            }
            Row::AddDelta => ItemEditor::new(
                row,
                vec![
                    ("What to change", String::new()),
                    ("Who sees to it", String::new()),
                ],
            ),
            Row::Action(i) => {
                let a = c.actions.get(i);
                ItemEditor::new(
                    row,
                    vec![
                        ("What", a.map(|a| a.text.clone()).unwrap_or_default()),
                        ("Who", a.and_then(|a| a.owner.clone()).unwrap_or_default()),
                        (
                            "Due",
                            a.and_then(|a| a.due)
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                        ),
                    ],
                )
            }
            Row::AddAction => ItemEditor::new(
                row,
                vec![
                    ("What", String::new()),
                    ("Who", String::new()),
                    ("Due", String::new()),
                ],
            ),
        }
    }

    fn item_editor_key(
        &mut self,
        key: KeyEvent,
        now: DateTime<Utc>,
        offset: FixedOffset,
    ) -> Handled {
        let Some(ed) = self.form.editor.as_mut() else {
            return Handled::No;
        };
        match keymap::lookup(ITEM_EDITOR, &key) {
            Some(keymap::ItemAction::NextField) => {
                ed.focus = (ed.focus + 1) % ed.fields.len().max(1);
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
            Some(keymap::ItemAction::PreviousField) => {
                ed.focus = (ed.focus + ed.fields.len().max(1) - 1) % ed.fields.len().max(1);
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
            Some(keymap::ItemAction::Cancel) => {
                if ed.changed() {
                    Handled::ConfirmDiscard
                } else {
                    self.form.editor = None;
                    Handled::Yes {
                        changed: false,
                        flash: None,
                    }
                }
            }
            Some(keymap::ItemAction::Save) => {
                let today = now.with_timezone(&offset).date_naive();
                match self.save_item(today) {
                    Ok(flash) => {
                        self.form.editor = None;
                        Handled::Yes {
                            changed: true,
                            flash,
                        }
                    }
                    Err(e) => Handled::Yes {
                        changed: false,
                        flash: Some(e),
                    },
                }
            }
            None => {
                if let Some((_, t)) = ed.fields.get_mut(ed.focus) {
                    t.input(key);
                }
                Handled::Yes {
                    changed: false,
                    flash: None,
                }
            }
        }
    }

    /// Writes the editor's fields into the closing; an error keeps the editor open.
    fn save_item(&mut self, today: NaiveDate) -> Result<Option<String>, String> {
        let Some(ed) = self.form.editor.as_ref() else {
            return Ok(None);
        };
        let (what, who, due) = (ed.value(0), ed.value(1), ed.value(2));
        let c = &mut self.closing;
        match ed.row {
            Row::Norm(i) => {
                if let Some(r) = c.checkin.get_mut(i) {
                    r.comment = what;
                }
            }
            Row::Plus(i) => match what {
                Some(t) => {
                    if let Some(p) = c.plus.get_mut(i) {
                        *p = t;
                    }
                }
                None => return Err("Write what worked, or Esc".into()),
            },
            Row::AddPlus => c.plus.push(what.ok_or("Write what worked, or Esc")?),
            Row::Delta(_) | Row::AddDelta => {
                let delta = Delta {
                    text: what.ok_or("Write what to change, or Esc")?,
                    owner: who,
                };
                // An "add" line has no index, so it always appends.
                match c.delta.get_mut(i_of(ed.row)) {
                    Some(d) => *d = delta,
                    None => c.delta.push(delta),
                }
            }
            Row::Action(_) | Row::AddAction => {
                let due = parse_due(due.as_deref().unwrap_or_default(), today)?;
                let item = ActionItem {
                    text: what.ok_or("Write the action, or Esc")?,
                    owner: who,
                    due,
                    done: false,
                };
                match c.actions.get_mut(i_of(ed.row)) {
                    Some(a) => *a = item,
                    None => c.actions.push(item),
                }
            }
        }
        // After adding, stay on the "add" line so the next item goes in directly.
        if matches!(ed.row, Row::AddPlus | Row::AddDelta | Row::AddAction) {
            let target = ed.row;
            if let Some(i) = rows(&self.closing).iter().position(|r| *r == target) {
                self.form.row = i;
            }
        }
        Ok(None)
    }

    pub fn remove(&mut self, row: Row) {
        match row {
            Row::Plus(i) if i < self.closing.plus.len() => {
                self.closing.plus.remove(i);
            }
            Row::Delta(i) if i < self.closing.delta.len() => {
                self.closing.delta.remove(i);
            }
            Row::Action(i) if i < self.closing.actions.len() => {
                self.closing.actions.remove(i);
            }
            _ => {}
        }
    }
}

fn i_of(row: Row) -> usize {
    match row {
        Row::Norm(i) | Row::Plus(i) | Row::Delta(i) | Row::Action(i) => i,
        Row::AddPlus | Row::AddDelta | Row::AddAction => usize::MAX,
    }
}

fn rating_text(r: Option<u8>) -> String {
    match r {
        // Clamped: a rating read back from a record could be anything up to 255.
        Some(n) => format!(
            "{}{} {n}",
            "●".repeat(usize::from(n.min(5))),
            "○".repeat(5 - usize::from(n.min(5)))
        ),
        None => "○○○○○ –".to_string(),
    }
}

fn row_line(
    ms: &MeetingScreen,
    row: Row,
    selected: bool,
    s: Styles,
    width: usize,
) -> Line<'static> {
    let c = &ms.closing;
    let style = if selected { s.selected() } else { s.text() };
    let pointer = if selected { "▸ " } else { "  " };
    let meta = |owner: &Option<String>, due: Option<NaiveDate>| {
        let mut m = Vec::new();
        if let Some(o) = owner {
            m.push(o.clone());
        }
        if let Some(d) = due {
            m.push(format!("due {d}"));
        }
        if m.is_empty() {
            String::new()
        } else {
            format!(" ({})", m.join(", "))
        }
    };
    match row {
        Row::Norm(i) => {
            let Some(r) = c.checkin.get(i) else {
                return Line::default();
            };
            let name_w = width.saturating_sub(12).min(46);
            let name: String = r.norm.chars().take(name_w).collect();
            let mut spans = vec![
                Span::styled(format!("{pointer}{name:<name_w$} "), style),
                Span::styled(
                    rating_text(r.rating),
                    if r.rating.is_some() {
                        s.accent()
                    } else {
                        s.muted()
                    },
                ),
            ];
            if let Some(cm) = &r.comment {
                spans.push(Span::styled(format!("  “{cm}”"), s.muted()));
            }
            Line::from(spans)
        }
        Row::Plus(i) => Line::styled(
            format!("{pointer}+ {}", c.plus.get(i).cloned().unwrap_or_default()),
            style,
        ),
        Row::Delta(i) => {
            let d = c.delta.get(i);
            Line::styled(
                format!(
                    "{pointer}Δ {}{}",
                    d.map(|d| d.text.clone()).unwrap_or_default(),
                    d.map(|d| meta(&d.owner, None)).unwrap_or_default()
                ),
                style,
            )
        }
        Row::Action(i) => {
            let a = c.actions.get(i);
            Line::styled(
                format!(
                    "{pointer}☐ {}{}",
                    a.map(|a| a.text.clone()).unwrap_or_default(),
                    a.map(|a| meta(&a.owner, a.due)).unwrap_or_default()
                ),
                style,
            )
        }
        Row::AddPlus => Line::styled(
            format!("{pointer}  add a plus (Enter)"),
            if selected { style } else { s.muted() },
        ),
        Row::AddDelta => Line::styled(
            format!("{pointer}  add a delta (Enter)"),
            if selected { style } else { s.muted() },
        ),
        Row::AddAction => Line::styled(
            format!("{pointer}  add an action item (Enter)"),
            if selected { style } else { s.muted() },
        ),
    }
}

pub fn draw(f: &mut Frame, app: &App, ms: &MeetingScreen) {
    let s = app.styles;
    let area = f.area();
    f.render_widget(Block::new().style(s.base()), area);
    let m = &ms.meeting;
    let now = app.now;
    let timed = ms.stage == Stage::Running;
    let editor_h = if ms.form.editor.is_some() { 3 } else { 0 };
    let clock_h = if timed && area.height >= 34 { 4 } else { 0 };
    let [header, bar, clock, body, editor, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(clock_h),
        Constraint::Fill(1),
        Constraint::Length(editor_h),
        Constraint::Length(1),
    ])
    .areas(area);

    let mut left = Vec::new();
    if let Some(e) = &ms.save.error {
        left.push(Span::styled(
            format!("⚠ NOT SAVED ({e}); retrying  "),
            s.error(),
        ));
    }
    left.push(Span::styled(m.protocol.name.clone(), s.heading()));
    if let Some(g) = &ms.setup.group {
        left.push(Span::styled(format!(" · {}", g.name), s.muted()));
    }
    header_line(
        f,
        header,
        app,
        left,
        vec![Span::styled(
            if ms.projecting { "◉" } else { "◐ FAC" },
            s.muted(),
        )],
    );

    let state = clock_state(m, now);
    let bar_line = if timed {
        Line::from(vec![
            Span::styled(m.phase().name.to_uppercase(), s.heading()),
            Span::styled("   ", s.text()),
            Span::styled(
                match state {
                    ClockState::Paused => "PAUSED ",
                    ClockState::Overtime => "OVERTIME ",
                    ClockState::LastMinute => "LAST MINUTE ",
                    ClockState::Running => "TIME LEFT ",
                },
                s.clock(state),
            ),
            Span::styled(clock_text(m.remaining(now)), s.clock(state)),
            Span::styled(format!("  of {}", minutes(m.step().planned)), s.muted()),
        ])
    } else {
        Line::from(vec![
            Span::styled("CLOSING", s.heading()),
            Span::styled(
                "   the protocol is done; check in on the norms, then n to finish",
                s.muted(),
            ),
        ])
    };
    f.render_widget(Paragraph::new(bar_line), bar);
    if clock_h > 0 {
        f.render_widget(
            BigText::builder()
                .pixel_size(PixelSize::Quadrant)
                .centered()
                .style(s.clock(state))
                .lines(vec![Line::from(clock_text(m.remaining(now)))])
                .build(),
            clock,
        );
    }

    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.border())
        .title(Line::styled(
            " Norm check-in · fist-to-five: 0 not at all … 5 fully ",
            s.heading(),
        ));
    let inner = block.inner(body);
    f.render_widget(block, body);
    let all = rows(&ms.closing);
    // Section headings sit above the first line of each section.
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    for (i, row) in all.iter().enumerate() {
        let heading = match row {
            Row::Plus(0) => Some("Plus: what worked"),
            Row::AddPlus if ms.closing.plus.is_empty() => Some("Plus: what worked"),
            Row::Delta(0) => Some("Delta: what to change"),
            Row::AddDelta if ms.closing.delta.is_empty() => Some("Delta: what to change"),
            Row::Action(0) => Some("Action items"),
            Row::AddAction if ms.closing.actions.is_empty() => Some("Action items"),
            _ => None,
        };
        if let Some(h) = heading {
            lines.push((Line::default(), None));
            lines.push((Line::styled(h, s.heading()), None));
        }
        lines.push((
            row_line(ms, *row, i == ms.form.row, s, inner.width as usize),
            Some(i),
        ));
    }
    if all.iter().all(|r| !matches!(r, Row::Norm(_))) {
        lines.insert(
            0,
            (Line::styled("No norms to check in on.", s.muted()), None),
        );
    }
    let height = inner.height as usize;
    let selected_at = lines
        .iter()
        .position(|(_, i)| *i == Some(ms.form.row))
        .unwrap_or(0);
    let first = selected_at.saturating_sub(height.saturating_sub(2));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(first)
        .take(height)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);

    if let Some(ed) = &ms.form.editor
        && editor.height > 0
    {
        let block = Block::bordered()
            .border_type(BorderType::Rounded)
            .border_style(s.accent())
            .title(Line::styled(format!(" {} ", ed.title()), s.accent()));
        let inner = block.inner(editor);
        f.render_widget(block, editor);
        let n = ed.fields.len() as u16;
        let cols = Layout::horizontal((0..n).map(|i| {
            if i == 0 {
                Constraint::Fill(3)
            } else {
                Constraint::Fill(1)
            }
        }))
        .split(inner);
        for (i, ((label, t), col)) in ed.fields.iter().zip(cols.iter()).enumerate() {
            let label_w = (label.chars().count() as u16 + 2).min(col.width);
            let focused = i == ed.focus;
            f.render_widget(
                Paragraph::new(Span::styled(
                    format!("{label}: "),
                    if focused { s.accent() } else { s.muted() },
                )),
                Rect::new(col.x, col.y, label_w, 1),
            );
            if col.width > label_w + 1 {
                f.render_widget(
                    t,
                    Rect::new(col.x + label_w, col.y, col.width - label_w - 1, 1),
                );
            }
        }
    }

    super::attendance::draw_over(f, app, ms);
    let keys: Vec<(String, String)> = if ms.attendance.is_some() {
        super::attendance::footer_keys()
    } else if ms.form.editor.is_some() {
        keymap::footer(ITEM_EDITOR)
            .into_iter()
            .map(|(k, w)| (k, w.to_string()))
            .collect()
    } else {
        let mut k = vec![("0-5".to_string(), "rate".to_string())];
        k.extend(
            keymap::footer(CHECKIN)
                .into_iter()
                .map(|(k, w)| (k, w.to_string())),
        );
        k.push((
            "n".into(),
            if timed && !m.is_last_step() {
                "next".into()
            } else {
                "finish".into()
            },
        ));
        k.extend(
            keymap::footer(RUNNER)
                .into_iter()
                .filter(|(_, w)| matches!(*w, "pause" | "help" | "quit"))
                .filter(|(_, w)| timed || *w != "pause")
                .map(|(k, w)| (k, w.to_string())),
        );
        k
    };
    footer_line(f, footer, app, &keys);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_out_of_range_from_a_record_is_drawn_full_not_a_panic() {
        assert_eq!(rating_text(Some(3)), "●●●○○ 3");
        assert_eq!(rating_text(Some(200)), "●●●●● 200");
    }

    #[test]
    fn due_dates_accept_iso_dates_and_days_from_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(
            parse_due("2026-12-01", today),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 1))
        );
        assert_eq!(
            parse_due("+7", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30))
        );
        assert_eq!(parse_due("  ", today), Ok(None));
        assert!(
            parse_due("next week", today)
                .unwrap_err()
                .contains("not a date")
        );
        assert!(parse_due("+x", today).is_err());
    }
}
