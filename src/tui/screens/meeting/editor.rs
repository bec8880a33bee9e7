//! The note editor at the bottom of the phase screen: the text, and the
//! note kinds Tab cycles through.

use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

use crate::protocol::Protocol;

pub struct NoteEditor {
    pub textarea: TextArea<'static>,
    /// (id, label) of the kinds Tab cycles through.
    pub kinds: Vec<(String, String)>,
    pub kind: usize,
    /// The saved note being edited (its index in the meeting's notes and
    /// its time, to be sure it is still the same note); `None` for a new note.
    pub editing: Option<(usize, chrono::DateTime<chrono::Utc>)>,
}

fn textarea(lines: Vec<String>) -> TextArea<'static> {
    let mut t = TextArea::new(lines);
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_cursor_line_style(Style::default());
    t.set_placeholder_text("Type the note; the clock keeps running.");
    t
}

impl NoteEditor {
    /// An empty editor on `kind_id` (or the first kind offered). A kind not
    /// offered in this phase is still allowed when asked for by its key.
    pub fn new(
        protocol: &Protocol,
        offered: Vec<(String, String)>,
        kind_id: Option<&str>,
    ) -> NoteEditor {
        let mut kinds = offered;
        if kinds.is_empty() {
            kinds = protocol
                .note_kinds
                .iter()
                .map(|k| (k.id.clone(), k.label.clone()))
                .collect();
        }
        let kind = match kind_id {
            Some(id) => match kinds.iter().position(|(k, _)| k == id) {
                Some(i) => i,
                None => {
                    let label = protocol
                        .note_kind(id)
                        .map_or_else(|| id.to_string(), |k| k.label.clone());
                    kinds.push((id.to_string(), label));
                    kinds.len() - 1
                }
            },
            None => 0,
        };
        NoteEditor {
            textarea: textarea(Vec::new()),
            kinds,
            kind,
            editing: None,
        }
    }

    /// An editor holding a saved note's text, to change it. Its kind stays
    /// (Tab does nothing): an edit changes what the note says, not what it is.
    pub fn for_note(protocol: &Protocol, index: usize, note: &crate::meeting::Note) -> NoteEditor {
        let label = protocol
            .note_kind(&note.kind)
            .map_or_else(|| note.kind.clone(), |k| k.label.clone());
        let mut e = NoteEditor {
            textarea: textarea(Vec::new()),
            kinds: vec![(note.kind.clone(), label)],
            kind: 0,
            editing: Some((index, note.at)),
        };
        e.restore(&note.text);
        e
    }

    /// Puts text back, with the cursor at its end (a draft saved before a crash).
    pub fn restore(&mut self, text: &str) {
        self.textarea = textarea(text.lines().map(str::to_string).collect());
        self.textarea
            .move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.textarea.move_cursor(ratatui_textarea::CursorMove::End);
    }

    pub fn text(&self) -> String {
        self.textarea.lines().join("\n")
    }

    pub fn kind_id(&self) -> &str {
        self.kinds
            .get(self.kind)
            .map_or("note", |(id, _)| id.as_str())
    }

    pub fn kind_label(&self) -> &str {
        self.kinds
            .get(self.kind)
            .map_or("Note", |(_, l)| l.as_str())
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    pub fn cycle_kind(&mut self) {
        self.kind = (self.kind + 1) % self.kinds.len().max(1);
    }
}
