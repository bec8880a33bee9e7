//! The check-in form as a component: which line is selected, the editor of
//! one line, and what a key did. It borrows only the closing it edits; what
//! a line means and how it is saved is [`crate::meeting::closing`].
//!
//! Below this meeting's lines come the group's action items still open
//! from earlier meetings: Ctrl-D and Ctrl-E change them, each change kept
//! in the closing's `action_changes` (the earlier record is never
//! rewritten). This meeting's own items are edited in place.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::meeting::closing::{self, Row, Typed};
use crate::meeting::session::Closing;
use crate::record::actions::TrackedItem;
use crate::tui::keymap::{self, CHECKIN, CheckinAction, ITEM_EDITOR, ItemAction};
use crate::tui::outcome::Confirm;
use crate::tui::screens::action_item::{self, ActionDialog, DialogOutcome};

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
        self.row.title()
    }

    fn typed(&self) -> Typed {
        Typed {
            what: self.value(0),
            who: self.value(1),
            due: self.value(2),
        }
    }
}

/// The questions the form asks, handed back to [`ClosingForm::confirmed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAnswer {
    /// Take a plus, delta or action item out of the check-in.
    Remove(Row),
    /// Drop an unsaved edit of a line.
    Discard,
}

/// What a key did on the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    /// The form used the key; `changed` when the closing changed.
    Used {
        changed: bool,
        flash: Option<String>,
    },
    /// Not a form key: the runner should see it.
    NotMine,
    Ask(Confirm<FormAnswer>),
}

impl FormOutcome {
    fn used() -> FormOutcome {
        FormOutcome::Used {
            changed: false,
            flash: None,
        }
    }

    fn changed() -> FormOutcome {
        FormOutcome::Used {
            changed: true,
            flash: None,
        }
    }

    fn flash(text: impl Into<String>) -> FormOutcome {
        FormOutcome::Used {
            changed: false,
            flash: Some(text.into()),
        }
    }
}

/// The check-in form's selection and editor.
#[derive(Default)]
pub struct ClosingForm {
    pub row: usize,
    pub editor: Option<ItemEditor>,
    /// The digits typed, by norm, so Backspace takes back the last one.
    typed: Vec<(usize, u32)>,
    /// The group's action items from earlier meetings, as they stand with
    /// the closing's `action_changes` applied; listed after the closing's lines.
    pub earlier: Vec<TrackedItem>,
    /// Who an item can be handed to: the roster and the guests.
    pub roster: Vec<String>,
    /// The dialog changing `earlier[i]`.
    pub dialog: Option<(usize, ActionDialog)>,
}

impl ClosingForm {
    /// After a resume: the group's open items read back from the folder
    /// (this meeting's own, `own`, left out: they are its lines), with
    /// names to hand them to. An item this meeting closed before plg
    /// stopped is no longer open, so it is not listed again.
    pub fn take_earlier(
        &mut self,
        open: &[crate::record::history::OpenItem],
        own: &str,
        roster: Vec<String>,
    ) {
        self.earlier = open
            .iter()
            .filter_map(|o| o.tracked.clone())
            .filter(|t| t.session != own)
            .collect();
        self.roster = roster;
    }

    /// The earlier item on line `row`, when the line is one (they follow
    /// the closing's `n` lines).
    pub fn earlier_at(&self, row: usize, n: usize) -> Option<usize> {
        row.checked_sub(n).filter(|k| *k < self.earlier.len())
    }

    /// Handles a key; `at` is the local time, for due dates like `+7` and
    /// the time of a change.
    pub fn key(
        &mut self,
        key: KeyEvent,
        c: &mut Closing,
        at: DateTime<FixedOffset>,
    ) -> FormOutcome {
        let today = at.date_naive();
        let rows = closing::rows(c);
        let last = (rows.len() + self.earlier.len()).saturating_sub(1);
        self.row = self.row.min(last);
        if self.dialog.is_some() {
            return self.dialog_key(key, c, at);
        }
        if self.editor.is_some() {
            return self.editor_key(key, c, today);
        }
        let row = rows.get(self.row).copied();
        let earlier = self.earlier_at(self.row, rows.len());
        let action = keymap::lookup(CHECKIN, &key);
        // Every digit is the form's: 0-5 rate, the others say why they do not.
        let digit = match key.code {
            KeyCode::Char(ch) if key.modifiers.is_empty() || action.is_some() => ch.to_digit(10),
            _ => None,
        };
        if let Some(d) = digit {
            return self.rate(d, row, c);
        }
        match action {
            Some(CheckinAction::Up) => {
                self.row = self.row.saturating_sub(1);
                FormOutcome::used()
            }
            Some(CheckinAction::Down) => {
                self.row = (self.row + 1).min(last);
                FormOutcome::used()
            }
            Some(CheckinAction::Edit | CheckinAction::Change) if earlier.is_some() => {
                if let Some(k) = earlier
                    && let Some(item) = self.earlier.get(k)
                {
                    self.dialog = Some((k, ActionDialog::new(item, self.roster.clone())));
                }
                FormOutcome::used()
            }
            Some(CheckinAction::Edit) => {
                if let Some(row) = row {
                    self.editor = Some(ItemEditor::new(row, closing::fields(c, row)));
                }
                FormOutcome::used()
            }
            // This meeting's own item: its line editor (what, who, due).
            Some(CheckinAction::Change) => match row {
                Some(r @ Row::Action(_)) => {
                    self.editor = Some(ItemEditor::new(r, closing::fields(c, r)));
                    FormOutcome::used()
                }
                _ => FormOutcome::flash("Ctrl-E changes an action item: move to one with ↑/↓"),
            },
            Some(CheckinAction::Done) => match (row, earlier) {
                (Some(Row::Action(i)), _) => match c.actions.get_mut(i) {
                    Some(a) => {
                        a.done = !a.done;
                        FormOutcome::changed()
                    }
                    None => FormOutcome::used(),
                },
                (_, Some(k)) => match self.earlier.get_mut(k) {
                    Some(item) => {
                        action_item::toggle_done(item, &mut c.action_changes, at);
                        FormOutcome::Used {
                            changed: true,
                            flash: Some(action_item::said(item)),
                        }
                    }
                    None => FormOutcome::used(),
                },
                _ => FormOutcome::flash("Ctrl-D marks an action item done: move to one with ↑/↓"),
            },
            Some(CheckinAction::Remove) if earlier.is_some() => {
                FormOutcome::flash("An earlier meeting's item stays in its record: Ctrl-E drops it")
            }
            Some(CheckinAction::Remove) => match row {
                Some(r) if r.removable() => FormOutcome::Ask(Confirm::yes_no(
                    "Remove this line?",
                    "It will be taken out of the record.",
                    FormAnswer::Remove(r),
                )),
                Some(Row::Norm(i)) => {
                    // Backspace on a norm takes back the last rating: a
                    // mistyped digit is easy to undo.
                    let last = self.typed.iter().rposition(|(n, _)| *n == i);
                    let digit = last.map(|p| self.typed.remove(p).1);
                    if closing::unrate(c, i, digit) {
                        FormOutcome::changed()
                    } else {
                        FormOutcome::flash("No rating to take back on this norm")
                    }
                }
                _ => FormOutcome::used(),
            },
            Some(CheckinAction::Toggle) => match row {
                Some(Row::Norm(i)) => {
                    closing::toggle(c, i);
                    FormOutcome::changed()
                }
                _ => FormOutcome::flash(
                    "Ctrl-T takes a norm in or out of today's check-in: move to one",
                ),
            },
            Some(CheckinAction::Skip) => {
                closing::skip_checkin(c);
                FormOutcome::Used {
                    changed: true,
                    flash: Some(if c.checkin_skipped {
                        "Check-in skipped this meeting: the record says so (Ctrl-X takes it back up)".into()
                    } else {
                        "Check-in taken back up".into()
                    }),
                }
            }
            // A digit never gets here: it was rated above.
            Some(CheckinAction::Rate) | None => FormOutcome::NotMine,
        }
    }

    /// A digit: adds one person's rating to the selected norm, or says why
    /// it cannot. The selection stays: the room's hands go in one key each.
    fn rate(&mut self, digit: u32, row: Option<Row>, c: &mut Closing) -> FormOutcome {
        let Some(Row::Norm(i)) = row else {
            return FormOutcome::flash("Digits rate a norm: move to one with ↑/↓");
        };
        if closing::rate(c, i, digit).is_none() {
            return FormOutcome::flash("Fist-to-five runs from 0 (a fist) to 5 (five fingers)");
        }
        self.typed.push((i, digit));
        FormOutcome::changed()
    }

    fn editor_key(&mut self, key: KeyEvent, c: &mut Closing, today: NaiveDate) -> FormOutcome {
        let Some(ed) = self.editor.as_mut() else {
            return FormOutcome::NotMine;
        };
        let n = ed.fields.len().max(1);
        match keymap::lookup(ITEM_EDITOR, &key) {
            Some(ItemAction::NextField) => {
                ed.focus = (ed.focus + 1) % n;
                FormOutcome::used()
            }
            Some(ItemAction::PreviousField) => {
                ed.focus = (ed.focus + n - 1) % n;
                FormOutcome::used()
            }
            Some(ItemAction::Cancel) if ed.changed() => FormOutcome::Ask(Confirm::yes_no(
                "Discard this edit?",
                "What you typed in this line will be lost.",
                FormAnswer::Discard,
            )),
            Some(ItemAction::Cancel) => {
                self.editor = None;
                FormOutcome::used()
            }
            Some(ItemAction::Save) => {
                let row = ed.row;
                match closing::save(c, row, ed.typed(), today) {
                    Ok(()) => {
                        self.editor = None;
                        // After adding, stay on the "add" line so the next item goes in directly.
                        if row.adds()
                            && let Some(i) = closing::rows(c).iter().position(|r| *r == row)
                        {
                            self.row = i;
                        }
                        FormOutcome::changed()
                    }
                    Err(e) => FormOutcome::flash(e),
                }
            }
            None => {
                if let Some((_, t)) = ed.fields.get_mut(ed.focus) {
                    t.input(key);
                }
                FormOutcome::used()
            }
        }
    }

    fn dialog_key(
        &mut self,
        key: KeyEvent,
        c: &mut Closing,
        at: DateTime<FixedOffset>,
    ) -> FormOutcome {
        let Some((k, d)) = self.dialog.as_mut() else {
            return FormOutcome::NotMine;
        };
        let k = *k;
        match d.key(key, at.date_naive()) {
            DialogOutcome::Used => FormOutcome::used(),
            DialogOutcome::Cancel => {
                self.dialog = None;
                FormOutcome::used()
            }
            DialogOutcome::Save(e) => {
                self.dialog = None;
                let Some(item) = self.earlier.get_mut(k) else {
                    return FormOutcome::used();
                };
                if action_item::save(item, &mut c.action_changes, &e, at) == 0 {
                    return FormOutcome::flash("Nothing changed");
                }
                FormOutcome::Used {
                    changed: true,
                    flash: Some(action_item::said_changed(item)),
                }
            }
        }
    }

    /// The answer to a question the form asked; `true` when the closing changed.
    pub fn confirmed(&mut self, answer: FormAnswer, c: &mut Closing) -> bool {
        match answer {
            FormAnswer::Remove(row) => {
                closing::remove(c, row);
                true
            }
            FormAnswer::Discard => {
                self.editor = None;
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T16:00:00-05:00").unwrap()
    }

    fn press(form: &mut ClosingForm, c: &mut Closing, code: KeyCode) -> FormOutcome {
        form.key(KeyEvent::new(code, KeyModifiers::NONE), c, now())
    }

    fn two_norms() -> Closing {
        Closing::for_norms(&["Share airtime".into(), "Start on time".into()])
    }

    #[test]
    fn each_digit_adds_a_person_to_the_norm_and_six_is_refused() {
        let (mut form, mut c) = (ClosingForm::default(), two_norms());
        for ch in ['4', '3', '4'] {
            assert!(matches!(
                press(&mut form, &mut c, KeyCode::Char(ch)),
                FormOutcome::Used { changed: true, .. }
            ));
        }
        assert_eq!(
            (c.checkin[0].votes, form.row),
            (Some([0, 0, 0, 1, 2, 0]), 0)
        );
        let refused = press(&mut form, &mut c, KeyCode::Char('6'));
        assert!(matches!(
            refused,
            FormOutcome::Used {
                changed: false,
                flash: Some(_)
            }
        ));
        assert_eq!(c.checkin[0].room().unwrap().votes(), Some(3));
        assert_eq!(
            press(&mut form, &mut c, KeyCode::Char('n')),
            FormOutcome::NotMine
        );
    }

    #[test]
    fn backspace_takes_back_the_last_digit_typed() {
        let (mut form, mut c) = (ClosingForm::default(), two_norms());
        for ch in ['5', '1', '3'] {
            press(&mut form, &mut c, KeyCode::Char(ch));
        }
        press(&mut form, &mut c, KeyCode::Backspace);
        assert_eq!(c.checkin[0].votes, Some([0, 1, 0, 0, 0, 1]));
        press(&mut form, &mut c, KeyCode::Backspace);
        press(&mut form, &mut c, KeyCode::Backspace);
        assert_eq!(c.checkin[0].votes, None);
        assert!(matches!(
            press(&mut form, &mut c, KeyCode::Backspace),
            FormOutcome::Used {
                changed: false,
                flash: Some(_)
            }
        ));
    }

    #[test]
    fn ctrl_t_leaves_a_norm_out_and_ctrl_x_skips_the_check_in() {
        let (mut form, mut c) = (ClosingForm::default(), two_norms());
        let ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        form.row = 1;
        form.key(ctrl('t'), &mut c, now());
        assert!(c.checkin[1].skipped && !c.checkin[0].skipped);
        form.key(ctrl('x'), &mut c, now());
        assert!(c.checkin_skipped);
    }

    #[test]
    fn removing_a_plus_asks_first_and_the_answer_removes_it() {
        let (mut form, mut c) = (ClosingForm::default(), two_norms());
        c.plus.push("Good timing".into());
        form.row = 2;
        let FormOutcome::Ask(q) = press(&mut form, &mut c, KeyCode::Delete) else {
            panic!("no question");
        };
        assert_eq!(q.yes, Some(FormAnswer::Remove(Row::Plus(0))));
        assert_eq!(c.plus.len(), 1, "nothing removed before the answer");
        assert!(form.confirmed(FormAnswer::Remove(Row::Plus(0)), &mut c));
        assert!(c.plus.is_empty());
    }

    #[test]
    fn an_added_line_is_saved_and_the_add_line_stays_selected() {
        let (mut form, mut c) = (ClosingForm::default(), two_norms());
        form.row = 2; // add a plus
        press(&mut form, &mut c, KeyCode::Enter);
        for ch in "Timing".chars() {
            press(&mut form, &mut c, KeyCode::Char(ch));
        }
        // Leaving an edit with text asks first.
        assert!(matches!(
            press(&mut form, &mut c, KeyCode::Esc),
            FormOutcome::Ask(_)
        ));
        press(&mut form, &mut c, KeyCode::Enter);
        assert_eq!(c.plus, vec!["Timing".to_string()]);
        assert!(form.editor.is_none());
        assert_eq!(closing::rows(&c)[form.row], Row::AddPlus);
    }

    fn with_an_earlier_item() -> (ClosingForm, Closing) {
        use crate::meeting::session::ActionItem;
        let item = ActionItem {
            text: "Book the library".into(),
            owner: Some("Chen Li".into()),
            due: None,
            done: false,
        };
        let day = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        let form = ClosingForm {
            earlier: vec![TrackedItem::written(
                "2026-11-10T1530_math9_tuning",
                2,
                day,
                Some("math9"),
                &item,
            )],
            roster: vec!["Ben Okafor".into(), "Chen Li".into()],
            ..ClosingForm::default()
        };
        let mut c = two_norms();
        c.actions.push(ActionItem {
            text: "Share the rubric".into(),
            owner: None,
            due: None,
            done: false,
        });
        (form, c)
    }

    #[test]
    fn ctrl_d_closes_an_earlier_item_by_a_change_and_this_meetings_own_in_place() {
        let (mut form, mut c) = with_an_earlier_item();
        let ctrl = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL);
        // Norms, add plus, add delta, the meeting's own action, add action, then the earlier item.
        let rows = closing::rows(&c).len();
        form.row = rows;
        let out = form.key(ctrl('d'), &mut c, now());
        assert!(matches!(out, FormOutcome::Used { changed: true, .. }));
        assert_eq!(
            form.earlier[0].state,
            crate::meeting::session::ItemState::Done
        );
        assert_eq!(c.action_changes.len(), 1);
        assert_eq!(
            (c.action_changes[0].item, c.action_changes[0].to.as_deref()),
            (2, Some("done"))
        );
        assert_eq!(c.action_changes[0].at, now());
        // Own item: its `done`, no change record.
        form.row = rows - 2;
        form.key(ctrl('d'), &mut c, now());
        assert!(c.actions[0].done);
        assert_eq!(c.action_changes.len(), 1);
        // Del on an earlier item removes nothing: it says how to drop it.
        form.row = rows;
        assert!(matches!(
            press(&mut form, &mut c, KeyCode::Delete),
            FormOutcome::Used {
                changed: false,
                flash: Some(_)
            }
        ));
    }

    #[test]
    fn enter_on_an_earlier_item_opens_the_dialog_and_a_new_owner_is_one_change() {
        let (mut form, mut c) = with_an_earlier_item();
        form.row = closing::rows(&c).len();
        press(&mut form, &mut c, KeyCode::Enter);
        assert!(form.dialog.is_some() && form.editor.is_none());
        press(&mut form, &mut c, KeyCode::Down);
        for _ in 0..10 {
            press(&mut form, &mut c, KeyCode::Backspace);
        }
        for ch in "ben".chars() {
            press(&mut form, &mut c, KeyCode::Char(ch));
        }
        press(&mut form, &mut c, KeyCode::Tab);
        let out = press(&mut form, &mut c, KeyCode::Enter);
        assert!(
            matches!(out, FormOutcome::Used { changed: true, .. }),
            "{out:?}"
        );
        assert!(form.dialog.is_none());
        assert_eq!(c.action_changes.len(), 1);
        assert_eq!(c.action_changes[0].from.as_deref(), Some("Chen Li"));
        assert_eq!(c.action_changes[0].to.as_deref(), Some("Ben Okafor"));
        assert_eq!(form.earlier[0].owner.as_deref(), Some("Ben Okafor"));
    }
}
