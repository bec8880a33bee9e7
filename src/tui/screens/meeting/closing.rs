//! The check-in form as a component: which line is selected, the editor of
//! one line, and what a key did. It borrows only the closing it edits; what
//! a line means and how it is saved is [`crate::meeting::closing`].

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::meeting::closing::{self, Row, Typed};
use crate::meeting::session::Closing;
use crate::tui::keymap::{self, CHECKIN, CheckinAction, ITEM_EDITOR, ItemAction};
use crate::tui::outcome::Confirm;

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
}

impl ClosingForm {
    /// Handles a key; `today` is the local date, for due dates like `+7`.
    pub fn key(&mut self, key: KeyEvent, c: &mut Closing, today: NaiveDate) -> FormOutcome {
        let rows = closing::rows(c);
        let last = rows.len().saturating_sub(1);
        self.row = self.row.min(last);
        if self.editor.is_some() {
            return self.editor_key(key, c, today);
        }
        let row = rows.get(self.row).copied();
        let digit = match key.code {
            KeyCode::Char(ch) if key.modifiers.is_empty() => ch.to_digit(10),
            _ => None,
        };
        match (keymap::lookup(CHECKIN, &key), digit, row) {
            (Some(CheckinAction::Rate), Some(d), Some(Row::Norm(i))) => {
                if closing::rate(c, i, d).is_none() {
                    return FormOutcome::flash(
                        "Fist-to-five runs from 0 (a fist) to 5 (five fingers)",
                    );
                }
                // On to the next norm, so a group's ratings go in one key each.
                self.row = (self.row + 1).min(last);
                return FormOutcome::changed();
            }
            (_, Some(_), Some(Row::Norm(_))) => {
                return FormOutcome::flash("Fist-to-five runs from 0 (a fist) to 5 (five fingers)");
            }
            (_, Some(_), _) => {
                return FormOutcome::flash("Digits rate a norm: move to one with ↑/↓");
            }
            _ => {}
        }
        match keymap::lookup(CHECKIN, &key) {
            Some(CheckinAction::Up) => {
                self.row = self.row.saturating_sub(1);
                FormOutcome::used()
            }
            Some(CheckinAction::Down) => {
                self.row = (self.row + 1).min(last);
                FormOutcome::used()
            }
            Some(CheckinAction::Edit) => {
                if let Some(row) = row {
                    self.editor = Some(ItemEditor::new(row, closing::fields(c, row)));
                }
                FormOutcome::used()
            }
            Some(CheckinAction::Remove) => match row {
                Some(r) if r.removable() => FormOutcome::Ask(Confirm::yes_no(
                    "Remove this line?",
                    "It will be taken out of the record.",
                    FormAnswer::Remove(r),
                )),
                Some(Row::Norm(i)) => {
                    // Backspace on a norm clears its rating: a mistyped digit is easy to undo.
                    if let Some(r) = c.checkin.get_mut(i) {
                        r.rating = None;
                    }
                    FormOutcome::changed()
                }
                _ => FormOutcome::used(),
            },
            // Digits were handled above.
            Some(CheckinAction::Rate) => FormOutcome::used(),
            None => FormOutcome::NotMine,
        }
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
