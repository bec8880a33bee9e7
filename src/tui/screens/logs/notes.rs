//! A past session's notes in the browser (Ctrl-N in its detail): a list to
//! pick one, edit its text or delete it. This is the one place plg rewrites
//! a record it finished writing; the shell does it through
//! [`crate::record::amend::amend_note`] and answers with `Msg::Amended`.
//! The first change of a sitting asks first and says what plg cannot reach.

use std::path::Path;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Clear};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::record::amend::{AmendRequest, NoteAmend, NoteRef};
use crate::record::format::NoteRecord;
use crate::record::{FORMAT_VERSION, SessionRecord};
use crate::text::ellipsis;
use crate::tui::chrome::draw_confirm;
use crate::tui::keymap::{
    self, CONFIRM, ConfirmAction, EDITOR, EditorAction, SAVED_NOTES, SavedNotesAction,
};
use crate::tui::outcome::{Confirm, Effects, Outcome};
use crate::tui::screens::note_list::{self, NoteRow};
use crate::tui::view::View;

use super::detail::DetailState;
use super::{LogsBrowser, LogsOutcome};

/// The list of the open session's notes.
pub struct NotesPanel {
    pub selected: usize,
    /// The selected note's text being edited.
    pub editing: Option<TextArea<'static>>,
    /// A change waiting for its yes, with the question shown.
    pub asking: Option<(NoteRef, NoteAmend, Confirm<()>)>,
}

fn editor(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.lines().map(str::to_string).collect());
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.set_cursor_line_style(Style::default());
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

/// The record on screen, when it was read.
fn record(b: &LogsBrowser) -> Option<&SessionRecord> {
    match &b.detail.as_ref()?.state {
        DetailState::Loaded(rec, _) => Some(rec),
        _ => None,
    }
}

/// Ctrl-N in a detail: opens the list, or says why not.
pub(super) fn open(b: &mut LogsBrowser) -> LogsOutcome {
    let Some(rec) = record(b) else {
        return Outcome::default();
    };
    if rec.notes.is_empty() {
        return Outcome::flash("This session has no notes");
    }
    b.notes = Some(NotesPanel {
        selected: 0,
        editing: None,
        asking: None,
    });
    Outcome::default()
}

/// A key while the list is open.
pub(super) fn key(b: &mut LogsBrowser, key: KeyEvent) -> LogsOutcome {
    let Some(notes) = record(b).map(|r| r.notes.clone()) else {
        b.notes = None;
        return Outcome::default();
    };
    let version = record(b).map_or(FORMAT_VERSION, |r| r.version);
    let Some(panel) = b.notes.as_mut() else {
        return Outcome::default();
    };
    let n = notes.len();
    panel.selected = panel.selected.min(n.saturating_sub(1));
    if let Some((which, change, c)) = panel.asking.take() {
        match keymap::lookup(CONFIRM, &key) {
            Some(ConfirmAction::Yes) => {
                b.warned = true;
                return request(b, which, change);
            }
            Some(ConfirmAction::No) => {}
            // Anything else leaves the question up: a stray key must not decide.
            None => panel.asking = Some((which, change, c)),
        }
        return Outcome::default();
    }
    if let Some(t) = panel.editing.as_mut() {
        let Some(note) = notes.get(panel.selected) else {
            panel.editing = None;
            return Outcome::default();
        };
        return match keymap::lookup(EDITOR, &key) {
            Some(EditorAction::Save) => {
                let text = t.lines().join("\n");
                panel.editing = None;
                let which = NoteRef::of(panel.selected, note);
                if text.trim().is_empty() {
                    propose(b, note, which, NoteAmend::Remove, version)
                } else if text.trim_end() == note.text {
                    Outcome::flash("No change")
                } else {
                    propose(b, note, which, NoteAmend::Edit(text), version)
                }
            }
            Some(EditorAction::NewLine) => {
                t.insert_newline();
                Outcome::default()
            }
            Some(EditorAction::Cancel) => {
                panel.editing = None;
                Outcome::default()
            }
            Some(EditorAction::CycleKind) => Outcome::default(),
            None => {
                t.input(key);
                Outcome::default()
            }
        };
    }
    match keymap::lookup(SAVED_NOTES, &key) {
        Some(SavedNotesAction::Up) if n > 0 => panel.selected = (panel.selected + n - 1) % n,
        Some(SavedNotesAction::Down) if n > 0 => panel.selected = (panel.selected + 1) % n,
        Some(SavedNotesAction::Edit) => {
            if let Some(note) = notes.get(panel.selected) {
                panel.editing = Some(editor(&note.text));
            }
        }
        Some(SavedNotesAction::Delete) => {
            if let Some(note) = notes.get(panel.selected) {
                let which = NoteRef::of(panel.selected, note);
                return propose(b, note, which, NoteAmend::Remove, version);
            }
        }
        Some(SavedNotesAction::Help) => return Outcome::help(),
        Some(SavedNotesAction::Close) => b.notes = None,
        _ => {}
    }
    Outcome::default()
}

/// A change, asked about first when it is the sitting's first or a deletion.
fn propose(
    b: &mut LogsBrowser,
    note: &NoteRecord,
    which: NoteRef,
    change: NoteAmend,
    version: u32,
) -> LogsOutcome {
    if b.warned && matches!(change, NoteAmend::Edit(_)) {
        return request(b, which, change);
    }
    let c = ask(note, &change, b.warned, version);
    if let Some(p) = b.notes.as_mut() {
        p.asking = Some((which, change, c));
    }
    Outcome::default()
}

/// The question before a change: a deletion in one line; the sitting's
/// first change also says plainly what plg cannot take back.
fn ask(note: &NoteRecord, change: &NoteAmend, warned: bool, version: u32) -> Confirm<()> {
    let quoted = format!("“{}”", ellipsis(&note.text.replace('\n', " "), 40));
    let what = match change {
        NoteAmend::Remove => format!(
            "{quoted} goes from the record; only that a note was removed, and when, is kept."
        ),
        NoteAmend::Edit(_) => format!(
            "{quoted} is replaced in the record; only when it was edited is kept, not the earlier text."
        ),
    };
    let mut text = what;
    if !warned {
        text.push_str(
            " plg rewrites this record and its own index. Exports already made, and copies in a synced folder's or a repository's history, are out of plg's reach: remove the text there too.",
        );
        if version < FORMAT_VERSION {
            text.push_str(&format!(
                " The record (format {version}) is rewritten as format {FORMAT_VERSION}."
            ));
        }
    }
    let title = match change {
        NoteAmend::Remove => "Delete this note?",
        NoteAmend::Edit(_) => "Change this note?",
    };
    Confirm::yes_no(title, text, ())
}

/// The effect that has the shell rewrite the record.
fn request(b: &mut LogsBrowser, which: NoteRef, change: NoteAmend) -> LogsOutcome {
    let Some(session) = b
        .detail
        .as_ref()
        .and_then(|d| b.index.sessions.get(d.session))
    else {
        return Outcome::default();
    };
    let Some(cache_dir) = b.cache_dir.clone() else {
        return Outcome::flash("plg cannot change notes here: it does not know its cache folder");
    };
    Outcome::effects(Effects {
        amend: Some(AmendRequest {
            sessions_dir: b.index.dir.clone(),
            record: session.path.clone(),
            cache_dir,
            which,
            change,
        }),
        ..Effects::default()
    })
}

/// The shell rewrote the record (or could not): the index and the detail
/// show the record as written. Returns what to say, and whether it is an error.
pub(super) fn amended(
    b: &mut LogsBrowser,
    path: &Path,
    result: Result<SessionRecord, String>,
) -> (String, bool) {
    let rec = match result {
        Ok(rec) => rec,
        Err(e) => return (format!("Nothing changed: {e}"), true),
    };
    let Some(i) = b.index.sessions.iter().position(|s| s.path == path) else {
        return ("The record was rewritten".into(), false);
    };
    let removed = b
        .index
        .sessions
        .get(i)
        .is_some_and(|s| s.summary.notes.len() > rec.notes.len());
    if let Some(s) = b.index.sessions.get_mut(i) {
        s.summary = crate::record::index::SessionSummary::of(&rec);
    }
    let id = b.index.sessions[i].id.clone();
    let left = rec.notes.len();
    if let Some(d) = b.detail.as_mut().filter(|d| d.session == i) {
        let text = crate::review::detail::render_text(&id, &rec);
        d.state = DetailState::Loaded(Box::new(rec), text.lines().map(str::to_string).collect());
    }
    b.refresh();
    if left == 0 {
        b.notes = None;
    } else if let Some(p) = b.notes.as_mut() {
        p.selected = p.selected.min(left - 1);
    }
    let text = if removed {
        "Note deleted from the record and plg's index"
    } else {
        "Note changed in the record and plg's index"
    };
    (text.into(), false)
}

/// Draws the list (or its editor, or its question) over the detail.
pub(super) fn draw_over(f: &mut Frame, view: &View<'_>, b: &LogsBrowser) {
    let (Some(panel), Some(rec)) = (&b.notes, record(b)) else {
        return;
    };
    let s = view.styles;
    let full = f.area();
    let rows: Vec<NoteRow> = rec
        .notes
        .iter()
        .map(|n| NoteRow {
            at: n.at.format("%H:%M").to_string(),
            phase: &n.phase,
            kind: crate::review::detail::kind_label(rec, &n.kind),
            text: &n.text,
            edited: n.edited_at.is_some(),
        })
        .collect();
    let title = format!("Notes of this session ({})", rec.notes.len());
    note_list::draw(f, view, &title, &rows, panel.selected);

    if let Some(t) = &panel.editing {
        let h = 6.min(full.height.saturating_sub(1));
        if h >= 3 {
            let area = Rect::new(full.x, full.y + full.height - 1 - h, full.width, h);
            let hint = keymap::footer_where(EDITOR, |a| a != EditorAction::CycleKind)
                .into_iter()
                .map(|(k, w)| format!("{k} {w}"))
                .collect::<Vec<_>>()
                .join(" · ");
            let block = Block::bordered()
                .border_type(BorderType::Rounded)
                .border_style(s.accent())
                .title(Line::styled(" Edit note ", s.accent()))
                .title_bottom(Line::styled(format!(" {hint} "), s.muted()))
                .style(s.base());
            f.render_widget(Clear, area);
            let inner = block.inner(area);
            f.render_widget(block, area);
            f.render_widget(t, inner);
        }
    }
    if let Some((_, _, c)) = &panel.asking {
        draw_confirm(f, s, c);
    }
}
