//! This meeting's saved notes (Ctrl-N): a list over the screen to pick one
//! and edit it in the note editor, or delete it. A name typed by mistake
//! can be taken out before the meeting ends.
//!
//! The list holds notes of every phase, which the room should not read
//! off the wall: it opens only in the facilitator view, and is never drawn
//! in projection mode.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear};

use crate::meeting::{Meeting, Note};
use crate::text::ellipsis;
use crate::tui::chrome::FooterKey;
use crate::tui::keymap::{self, EDITOR, SAVED_NOTES, SavedNotesAction};
use crate::tui::screens::note_list::{self, NoteRow};
use crate::tui::style::Styles;
use crate::tui::view::View;

use super::MeetingScreen;
use super::editor::NoteEditor;

/// The list's selection; the notes themselves stay in the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedNotesPanel {
    pub selected: usize,
}

/// What a key in the list did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotesOutcome {
    Nothing,
    Close,
    Help,
    /// Open the note at this index in the editor.
    Edit(usize),
    /// Ask before deleting the note at this index.
    Delete(usize),
}

impl SavedNotesPanel {
    /// The list with the newest note selected: the one most often to fix.
    pub fn new(notes: &[Note]) -> SavedNotesPanel {
        SavedNotesPanel {
            selected: notes.len().saturating_sub(1),
        }
    }

    pub fn key(&mut self, key: KeyEvent, notes: &[Note]) -> NotesOutcome {
        let n = notes.len();
        self.selected = self.selected.min(n.saturating_sub(1));
        match keymap::lookup(SAVED_NOTES, &key) {
            Some(SavedNotesAction::Up) if n > 0 => {
                self.selected = (self.selected + n - 1) % n;
                NotesOutcome::Nothing
            }
            Some(SavedNotesAction::Down) if n > 0 => {
                self.selected = (self.selected + 1) % n;
                NotesOutcome::Nothing
            }
            Some(SavedNotesAction::Edit) if n > 0 => NotesOutcome::Edit(self.selected),
            Some(SavedNotesAction::Delete) if n > 0 => NotesOutcome::Delete(self.selected),
            Some(SavedNotesAction::Help) => NotesOutcome::Help,
            Some(SavedNotesAction::Close) => NotesOutcome::Close,
            _ => NotesOutcome::Nothing,
        }
    }
}

/// The list's keys, for the footer under it.
pub(crate) fn footer_keys() -> Vec<FooterKey> {
    keymap::footer(SAVED_NOTES)
}

/// "“The rubric is on the ba…”": a note quoted short, for a question.
pub(crate) fn quoted(text: &str) -> String {
    format!("“{}”", ellipsis(&text.replace('\n', " "), 40))
}

/// One row: time, phase, kind, the text on one line (edited ones say so).
fn row<'a>(m: &'a Meeting, view: &View<'_>, note: &'a Note, phase: &'a str) -> NoteRow<'a> {
    NoteRow {
        at: view.local(note.at).format("%H:%M").to_string(),
        phase,
        kind: m
            .protocol
            .note_kind(&note.kind)
            .map_or(note.kind.as_str(), |k| k.label.as_str())
            .to_string(),
        text: &note.text,
        edited: note.edited.is_some(),
    }
}

/// Draws the list over the meeting's screen when it is open, leaving the
/// footer line free; never in projection mode, and not while a note from
/// it is in the editor (the editor needs the screen).
pub(crate) fn draw_over(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    let Some(panel) = &ms.saved_notes else {
        return;
    };
    if ms.projecting || ms.editor.is_some() {
        return;
    }
    let m = &ms.meeting;
    let phases: Vec<String> = m
        .notes
        .iter()
        .map(|n| {
            m.steps
                .get(n.step)
                .map(|s| m.step_label(s))
                .unwrap_or_default()
        })
        .collect();
    let rows: Vec<NoteRow> = m
        .notes
        .iter()
        .zip(&phases)
        .map(|(n, phase)| row(m, view, n, phase))
        .collect();
    let title = format!("Saved notes ({}) · not for the wall", m.notes.len());
    note_list::draw(f, view, &title, &rows, panel.selected);
}

/// The note editor in a box at the bottom of `area`: the phase screen's
/// place for it, and the check-in's when a saved note is edited there.
pub(crate) fn draw_editor(f: &mut Frame, area: Rect, s: Styles, editor: &NoteEditor) {
    let verb = if editor.editing.is_some() {
        "Edit note"
    } else {
        "New note"
    };
    let title = format!(" {verb} · {} ", editor.kind_label());
    let hint = keymap::footer_where(EDITOR, |a| {
        editor.editing.is_none() || a != keymap::EditorAction::CycleKind
    })
    .into_iter()
    .map(|(k, w)| format!("{k} {w}"))
    .collect::<Vec<_>>()
    .join(" · ");
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(s.accent())
        .title(Line::styled(title, s.accent()))
        .title_bottom(Line::styled(format!(" {hint} "), s.muted()));
    f.render_widget(Clear, area);
    let inner = block.inner(area);
    f.render_widget(block, area);
    f.render_widget(&editor.textarea, inner);
}

/// The note editor over the check-in screen, whose own layout has no place
/// for it: six rows above the footer.
pub(crate) fn draw_editor_over(f: &mut Frame, s: Styles, ms: &MeetingScreen) {
    // A new note too: a kind's key opens one in the check-in phase, and an
    // editor nobody sees would take the digits meant for the norms.
    let Some(editor) = ms.editor.as_ref() else {
        return;
    };
    let full = f.area();
    let h = 6.min(full.height.saturating_sub(1));
    if h < 3 {
        return;
    }
    let area = Rect::new(full.x, full.y + full.height - 1 - h, full.width, h);
    draw_editor(f, area, s, editor);
}
