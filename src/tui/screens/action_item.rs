//! Changing an action item written in an earlier meeting: one dialog
//! (state, owner, due date) and one list of changes, shared by the setup,
//! the check-in and the logs browser.
//!
//! A change is an [`ActionChange`] kept in the file of the meeting (or
//! follow-up) where it was made; the earlier record is never rewritten.
//! Within one sitting a field changed twice keeps one change (from the
//! value it had to the value it has now), and a field put back as it was
//! keeps none, so a record says what was decided, not every key pressed.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};
use ratatui_textarea::{CursorMove, TextArea};

use crate::meeting::closing::parse_due;
use crate::meeting::session::{ActionChange, ActionField, ItemState};
use crate::record::actions::TrackedItem;
use crate::text::{ellipsis, width};
use crate::tui::chrome::{centered, footer_line};
use crate::tui::keymap::{self, ACTION_DIALOG, DialogAction};
use crate::tui::style::Styles;

/// The field of the dialog in focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogField {
    State,
    Owner,
    Due,
}

const FIELDS: [DialogField; 3] = [DialogField::State, DialogField::Owner, DialogField::Due];
const STATES: [ItemState; 3] = [ItemState::Open, ItemState::Done, ItemState::Dropped];

/// What the dialog hands back when saved: the item as it should stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub state: ItemState,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

/// What a key did in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogOutcome {
    /// The dialog used the key and stays open.
    Used,
    /// Esc: close without changing anything.
    Cancel,
    /// Enter with fields that read: close and change the item to this.
    Save(Edited),
}

/// The name `typed` completes to: the first in `roster` that begins with
/// it, or else has a word that does (ignoring case); none for an empty
/// field or a name already written in full.
pub fn complete<'a>(typed: &str, roster: &'a [String]) -> Option<&'a str> {
    let t = typed.trim_start().to_lowercase();
    if t.trim().is_empty() {
        return None;
    }
    let whole = roster
        .iter()
        .find(|n| n.to_lowercase().starts_with(&t) && n.to_lowercase() != t);
    let word = || {
        roster.iter().find(|n| {
            n.split_whitespace()
                .skip(1)
                .any(|w| w.to_lowercase().starts_with(&t))
        })
    };
    whole
        .or_else(word)
        .map(String::as_str)
        .filter(|n| n.to_lowercase() != t)
}

/// The roster names are picked from: members, then guests, each once.
pub fn roster<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        let n = n.trim();
        if !n.is_empty() && !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

fn one_line_input(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_cursor_line_style(Style::default());
    t.move_cursor(CursorMove::End);
    t
}

fn value(t: &TextArea<'_>) -> String {
    t.lines().join(" ").trim().to_string()
}

/// The dialog: the item's text as a title, then its state, owner and due date.
pub struct ActionDialog {
    pub text: String,
    pub state: ItemState,
    pub owner: TextArea<'static>,
    pub due: TextArea<'static>,
    pub focus: DialogField,
    pub roster: Vec<String>,
    /// Why the last Enter was refused, until the next key.
    pub error: Option<String>,
}

impl ActionDialog {
    /// A dialog over `item` as it stands now, with names from `roster`.
    pub fn new(item: &TrackedItem, roster: Vec<String>) -> ActionDialog {
        let mut d = ActionDialog {
            text: item.text.clone(),
            state: item.state,
            owner: one_line_input(item.owner.as_deref().unwrap_or_default()),
            due: one_line_input(&item.due.map(|d| d.to_string()).unwrap_or_default()),
            focus: DialogField::State,
            roster,
            error: None,
        };
        d.owner.set_placeholder_text("a name (nobody when empty)");
        d.due.set_placeholder_text("2026-12-01, +7, or empty");
        d
    }

    /// The name the owner field would complete to, if any.
    pub fn completion(&self) -> Option<&str> {
        complete(&self.owner.lines().join(" "), &self.roster)
    }

    fn accept_completion(&mut self) -> bool {
        let Some(name) = self.completion().map(str::to_string) else {
            return false;
        };
        self.owner = one_line_input(&name);
        self.owner
            .set_placeholder_text("a name (nobody when empty)");
        true
    }

    fn move_focus(&mut self, by: isize) {
        let at = FIELDS.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let n = FIELDS.len() as isize;
        self.focus = FIELDS[(at + by).rem_euclid(n) as usize];
    }

    fn cycle_state(&mut self, by: isize) {
        let at = STATES.iter().position(|s| *s == self.state).unwrap_or(0) as isize;
        let n = STATES.len() as isize;
        self.state = STATES[(at + by).rem_euclid(n) as usize];
    }

    /// What the fields say, or what to type instead; `today` reads `+7`.
    pub fn edited(&self, today: NaiveDate) -> Result<Edited, String> {
        let due = parse_due(&value(&self.due), today)
            .map_err(|e| format!("Due: {e}; empty for no date"))?;
        let owner = Some(value(&self.owner)).filter(|o| !o.is_empty());
        Ok(Edited {
            state: self.state,
            owner,
            due,
        })
    }

    pub fn key(&mut self, key: KeyEvent, today: NaiveDate) -> DialogOutcome {
        self.error = None;
        let text_field = self.focus != DialogField::State;
        match keymap::lookup(ACTION_DIALOG, &key) {
            Some(DialogAction::Save) => match self.edited(today) {
                Ok(e) => return DialogOutcome::Save(e),
                Err(e) => {
                    self.focus = DialogField::Due;
                    self.error = Some(e);
                }
            },
            Some(DialogAction::Cancel) => return DialogOutcome::Cancel,
            Some(DialogAction::Next) => {
                if !(self.focus == DialogField::Owner && self.accept_completion()) {
                    self.move_focus(1);
                }
            }
            Some(DialogAction::Previous | DialogAction::Up) => self.move_focus(-1),
            Some(DialogAction::Down) => self.move_focus(1),
            Some(DialogAction::Right | DialogAction::Cycle) if !text_field => self.cycle_state(1),
            Some(DialogAction::Left) if !text_field => self.cycle_state(-1),
            Some(DialogAction::Right)
                if self.focus == DialogField::Owner && self.accept_completion() => {}
            _ => match self.focus {
                DialogField::State => {}
                DialogField::Owner => {
                    self.owner.input(key);
                }
                DialogField::Due => {
                    self.due.input(key);
                }
            },
        }
        DialogOutcome::Used
    }
}

/// Keeps `change` in `list`, one change per item and field: a second
/// change to the same field keeps the first one's `from`, and a field put
/// back to that value drops the change.
pub fn merge(list: &mut Vec<ActionChange>, change: ActionChange) {
    let same = |c: &ActionChange| {
        c.session == change.session && c.item == change.item && c.field == change.field
    };
    match list.iter().position(same) {
        Some(i) if list[i].from == change.to => {
            list.remove(i);
        }
        Some(i) => {
            list[i].to = change.to;
            list[i].at = change.at;
        }
        None => list.push(change),
    }
}

/// Sets one field of `item` (shown at once) and keeps the change in
/// `list`; false when it already had that value.
pub fn set(
    item: &mut TrackedItem,
    list: &mut Vec<ActionChange>,
    field: ActionField,
    to: Option<String>,
    at: DateTime<FixedOffset>,
) -> bool {
    let Some(change) = item.change(field, to, at) else {
        return false;
    };
    item.apply(&change);
    merge(list, change);
    true
}

/// Everything the dialog changed, one change per field; how many fields changed.
pub fn save(
    item: &mut TrackedItem,
    list: &mut Vec<ActionChange>,
    e: &Edited,
    at: DateTime<FixedOffset>,
) -> usize {
    [
        (ActionField::State, Some(e.state.label().to_string())),
        (ActionField::Owner, e.owner.clone()),
        (ActionField::Due, e.due.map(|d| d.to_string())),
    ]
    .into_iter()
    .filter(|(field, to)| set(item, list, *field, to.clone(), at))
    .count()
}

/// Ctrl-D: done, or open again when done or dropped. The new state.
pub fn toggle_done(
    item: &mut TrackedItem,
    list: &mut Vec<ActionChange>,
    at: DateTime<FixedOffset>,
) -> ItemState {
    let to = if item.state == ItemState::Open {
        ItemState::Done
    } else {
        ItemState::Open
    };
    set(item, list, ActionField::State, Some(to.label().into()), at);
    item.state
}

/// What the screens say after a change, e.g. `Done: Book the library`.
pub fn said(item: &TrackedItem) -> String {
    let what = match item.state {
        ItemState::Open => "Open again",
        ItemState::Done => "Done",
        ItemState::Dropped => "Dropped",
    };
    format!("{what}: {}", ellipsis(&item.text, 50))
}

/// What the screens say after the dialog saved: the item as it stands,
/// e.g. `Changed: Book the library (open, Ben Okafor, due Dec 1)`.
pub fn said_changed(item: &TrackedItem) -> String {
    let mut now = vec![item.state.label().to_string()];
    if let Some(o) = &item.owner {
        now.push(o.clone());
    }
    if let Some(d) = item.due {
        now.push(format!("due {}", d.format("%b %-d")));
    }
    format!("Changed: {} ({})", ellipsis(&item.text, 40), now.join(", "))
}

/// The item's state and who and when, as lists show it: `✓ done`,
/// `dropped`, `☐`, then `(owner, due Dec 1)`.
pub fn item_spans(item: &TrackedItem, style: Style, s: Styles) -> Vec<Span<'static>> {
    let (mark, mark_style) = match item.state {
        ItemState::Open => ("☐ ", s.accent()),
        ItemState::Done => ("✓ ", s.success()),
        ItemState::Dropped => ("✗ ", s.muted()),
    };
    let mut spans = vec![
        Span::styled(mark, mark_style),
        Span::styled(item.text.clone(), style),
    ];
    let mut meta = Vec::new();
    match item.state {
        ItemState::Open => {}
        ItemState::Done => meta.push("done".to_string()),
        ItemState::Dropped => meta.push("dropped".to_string()),
    }
    if let Some(o) = &item.owner {
        meta.push(o.clone());
    }
    if let Some(d) = item.due {
        meta.push(format!("due {}", d.format("%b %-d")));
    }
    meta.push(format!("from {}", item.written.format("%b %-d")));
    spans.push(Span::styled(format!(" ({})", meta.join(", ")), s.muted()));
    spans
}

/// The dialog in a box over `area`, with its keys at the bottom.
pub fn draw(f: &mut Frame, area: Rect, s: Styles, d: &ActionDialog) {
    let w = area.width.min(64);
    let box_area = centered(area, w, 9.min(area.height));
    f.render_widget(Clear, box_area);
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(s.accent())
        .title(Line::styled(
            format!(" {} ", ellipsis(&d.text, usize::from(w.saturating_sub(4)))),
            s.heading(),
        ))
        .style(s.base());
    let inner = block.inner(box_area);
    f.render_widget(block, box_area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let label_w: u16 = 8.min(inner.width);
    let row = |i: u16| Rect::new(inner.x, inner.y + i, inner.width, 1);
    let label = |f: &mut Frame, i: u16, text: &str, field: DialogField| {
        if i < inner.height {
            let style = if d.focus == field {
                s.accent()
            } else {
                s.muted()
            };
            f.render_widget(
                Paragraph::new(Span::styled(text.to_string(), style)),
                Rect::new(inner.x, inner.y + i, label_w, 1),
            );
        }
    };
    let value_at = |i: u16| {
        Rect::new(
            inner.x + label_w,
            inner.y + i,
            inner.width.saturating_sub(label_w),
            1,
        )
    };

    // State: the three, the current one marked.
    label(f, 0, "State", DialogField::State);
    let mut spans = Vec::new();
    for st in STATES {
        let on = st == d.state;
        let style = if on && d.focus == DialogField::State {
            s.selected()
        } else if on {
            s.accent()
        } else {
            s.muted()
        };
        spans.push(Span::styled(
            format!("{} {} ", if on { "●" } else { "○" }, st.label()),
            style,
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), value_at(0));

    // Owner, with the completion shown after what is typed.
    if inner.height > 1 {
        label(f, 1, "Owner", DialogField::Owner);
        let at = value_at(1);
        f.render_widget(&d.owner, at);
        if let Some(name) = d.completion() {
            // After the cursor's cell: the whole name, and how to take it.
            let typed = d.owner.lines().join(" ");
            let x = at.x + (width(&typed) as u16 + 1).min(at.width);
            let room = at.width.saturating_sub(x - at.x);
            if room > 0 {
                f.render_widget(
                    Paragraph::new(Span::styled(format!(" → {name}  (Tab)"), s.muted())),
                    Rect::new(x, at.y, room, 1),
                );
            }
        }
    }
    if inner.height > 2 {
        label(f, 2, "Due", DialogField::Due);
        f.render_widget(&d.due, value_at(2));
    }
    // Under the fields, wrapped: why Enter was refused, or what may be typed.
    if inner.height > 4 {
        let line = match &d.error {
            Some(e) => Line::styled(e.clone(), s.error()),
            None => Line::styled(
                match d.focus {
                    DialogField::State => "Space or ←/→: open, done, dropped",
                    DialogField::Owner => "a name from the roster, or anyone's",
                    DialogField::Due => "YYYY-MM-DD, +7 for a week from today, empty for none",
                },
                s.muted(),
            ),
        };
        let rows = inner.height.saturating_sub(5).clamp(1, 2);
        f.render_widget(
            Paragraph::new(line).wrap(Wrap { trim: true }),
            Rect::new(inner.x, inner.y + 4, inner.width, rows),
        );
    }
    if inner.height > 5 {
        let keys = keymap::footer(ACTION_DIALOG);
        footer_line(f, row(inner.height - 1), s, &keys);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::meeting::session::ActionItem;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn at(min: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-30T15:{min:02}:00-05:00")).unwrap()
    }

    pub(crate) fn item() -> TrackedItem {
        TrackedItem::written(
            "2026-11-23T1530_math9_tuning",
            0,
            day(),
            Some("math9"),
            &ActionItem {
                text: "Book the library".into(),
                owner: Some("Wen Delgado".into()),
                due: None,
                done: false,
            },
        )
    }

    fn names() -> Vec<String> {
        roster(["Ana Murphy", "Dana Reyes", "Wen Delgado", "Ana Murphy", " "])
    }

    fn press(d: &mut ActionDialog, code: KeyCode) -> DialogOutcome {
        d.key(KeyEvent::new(code, KeyModifiers::NONE), day())
    }

    fn typed(d: &mut ActionDialog, text: &str) {
        for c in text.chars() {
            press(d, KeyCode::Char(c));
        }
    }

    #[test]
    fn names_complete_from_the_start_or_a_later_word() {
        let r = names();
        assert_eq!(r.len(), 3, "each name once, blanks left out");
        assert_eq!(complete("da", &r), Some("Dana Reyes"));
        assert_eq!(complete("reY", &r), Some("Dana Reyes"));
        assert_eq!(complete("", &r), None);
        assert_eq!(complete("Zoë", &r), None);
        assert_eq!(complete("Dana Reyes", &r), None, "nothing left to add");
    }

    #[test]
    fn tab_takes_the_name_offered_and_a_guest_name_is_allowed() {
        let mut d = ActionDialog::new(&item(), names());
        press(&mut d, KeyCode::Down);
        assert_eq!(d.focus, DialogField::Owner);
        // Clear what the owner field held.
        for _ in 0..20 {
            press(&mut d, KeyCode::Backspace);
        }
        typed(&mut d, "da");
        assert_eq!(d.completion(), Some("Dana Reyes"));
        press(&mut d, KeyCode::Tab);
        assert_eq!(d.owner.lines().join(""), "Dana Reyes");
        assert_eq!(
            d.focus,
            DialogField::Owner,
            "Tab took the name, it did not move on"
        );
        press(&mut d, KeyCode::Tab);
        assert_eq!(d.focus, DialogField::Due);
        let DialogOutcome::Save(e) = press(&mut d, KeyCode::Enter) else {
            panic!("not saved");
        };
        assert_eq!(e.owner.as_deref(), Some("Dana Reyes"));

        let mut d = ActionDialog::new(&item(), names());
        d.focus = DialogField::Owner;
        for _ in 0..20 {
            press(&mut d, KeyCode::Backspace);
        }
        typed(&mut d, "Visiting Coach");
        let DialogOutcome::Save(e) = press(&mut d, KeyCode::Enter) else {
            panic!("not saved");
        };
        assert_eq!(e.owner.as_deref(), Some("Visiting Coach"));
    }

    #[test]
    fn a_due_date_reads_as_a_date_or_days_and_a_bad_one_says_what_to_type() {
        let mut d = ActionDialog::new(&item(), names());
        d.focus = DialogField::Due;
        typed(&mut d, "+7");
        let DialogOutcome::Save(e) = press(&mut d, KeyCode::Enter) else {
            panic!("not saved");
        };
        assert_eq!(e.due, NaiveDate::from_ymd_opt(2026, 11, 30));

        let mut d = ActionDialog::new(&item(), names());
        d.focus = DialogField::Due;
        typed(&mut d, "next friday");
        assert_eq!(press(&mut d, KeyCode::Enter), DialogOutcome::Used);
        let e = d.error.clone().unwrap();
        assert!(e.contains("2026-12-01") && e.contains("+7"), "{e}");

        // Empty clears it.
        let mut it = item();
        it.due = Some(day());
        let mut d = ActionDialog::new(&it, names());
        d.focus = DialogField::Due;
        for _ in 0..12 {
            press(&mut d, KeyCode::Backspace);
        }
        let DialogOutcome::Save(e) = press(&mut d, KeyCode::Enter) else {
            panic!("not saved");
        };
        assert_eq!(e.due, None);
    }

    #[test]
    fn space_and_arrows_cycle_the_state_and_esc_cancels() {
        let mut d = ActionDialog::new(&item(), names());
        press(&mut d, KeyCode::Char(' '));
        assert_eq!(d.state, ItemState::Done);
        press(&mut d, KeyCode::Right);
        assert_eq!(d.state, ItemState::Dropped);
        press(&mut d, KeyCode::Left);
        press(&mut d, KeyCode::Left);
        assert_eq!(d.state, ItemState::Open);
        assert_eq!(press(&mut d, KeyCode::Esc), DialogOutcome::Cancel);
    }

    #[test]
    fn a_field_changed_twice_keeps_one_change_and_put_back_keeps_none() {
        let mut it = item();
        let mut list = Vec::new();
        assert_eq!(toggle_done(&mut it, &mut list, at(1)), ItemState::Done);
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].from.as_deref(), list[0].to.as_deref()),
            (Some("open"), Some("done"))
        );
        assert_eq!(toggle_done(&mut it, &mut list, at(2)), ItemState::Open);
        assert!(
            list.is_empty(),
            "reopened in the same sitting: nothing to keep"
        );

        let e = Edited {
            state: ItemState::Dropped,
            owner: Some("Ana Murphy".into()),
            due: None,
        };
        assert_eq!(save(&mut it, &mut list, &e, at(3)), 2, "state and owner");
        assert_eq!(
            (it.state, it.owner.as_deref()),
            (ItemState::Dropped, Some("Ana Murphy"))
        );
        let e = Edited {
            state: ItemState::Done,
            ..e
        };
        assert_eq!(save(&mut it, &mut list, &e, at(4)), 1);
        let state: Vec<_> = list
            .iter()
            .filter(|c| c.field == ActionField::State)
            .collect();
        assert_eq!(state.len(), 1);
        assert_eq!(
            (
                state[0].from.as_deref(),
                state[0].to.as_deref(),
                state[0].at
            ),
            (Some("open"), Some("done"), at(4))
        );
        // Applied to the item as written, the list gives the item as shown.
        let mut again = item();
        for c in &list {
            again.apply(c);
        }
        assert_eq!((again.state, again.owner), (it.state, it.owner));
    }

    #[test]
    fn an_item_shows_its_state_in_words() {
        let s = Styles::new(&crate::theme::Theme::fallback());
        let mut it = item();
        let text = |it: &TrackedItem| -> String {
            item_spans(it, s.text(), s)
                .iter()
                .map(|s| s.content.to_string())
                .collect()
        };
        assert_eq!(text(&it), "☐ Book the library (Wen Delgado, from Nov 23)");
        it.state = ItemState::Done;
        assert_eq!(
            text(&it),
            "✓ Book the library (done, Wen Delgado, from Nov 23)"
        );
        it.state = ItemState::Dropped;
        assert!(text(&it).contains("dropped"));
        assert_eq!(said(&it), "Dropped: Book the library");
        assert_eq!(
            said_changed(&it),
            "Changed: Book the library (dropped, Wen Delgado)"
        );
    }
}
