//! The running meeting: phase screen keys, the note editor, and the end.
//! The drawing lives in [`super::phase`] and [`super::end`].

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Offset, TimeDelta, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui_textarea::{TextArea, WrapMode};

use crate::meeting::session::{Closing, Setup};
use crate::meeting::{Command, Meeting};
use crate::record::format::{SessionView, step_label};
use crate::record::{SessionRecord, Status};
use crate::tui::app::{Confirm, Effects, Outcome, Overlay, Pending};
use crate::tui::keymap::{self, EDITOR, EditorAction, Key, RUNNER, RunnerAction};

use super::attendance::{AttendancePanel, PanelOutcome};
use super::checkin::{ClosingForm, Handled};

/// The note being typed is saved at least this often.
pub const DRAFT_EVERY: TimeDelta = TimeDelta::seconds(4);
/// A failed save is retried this often.
pub const RETRY_EVERY: TimeDelta = TimeDelta::seconds(5);
/// While a meeting runs, the record is refreshed this often even when
/// nothing changed, so that after a crash the time away is known closely.
pub const HEARTBEAT: TimeDelta = TimeDelta::seconds(30);

pub struct NoteEditor {
    pub textarea: TextArea<'static>,
    /// (id, label) of the kinds Tab cycles through.
    pub kinds: Vec<(String, String)>,
    pub kind: usize,
}

impl NoteEditor {
    fn new(kinds: Vec<(String, String)>, kind: usize) -> NoteEditor {
        let mut textarea = TextArea::default();
        textarea.set_wrap_mode(WrapMode::WordOrGlyph);
        textarea.set_cursor_line_style(Style::default());
        textarea.set_placeholder_text("Type the note; the clock keeps running.");
        NoteEditor {
            textarea,
            kinds,
            kind,
        }
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
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveState {
    /// Where the record is, once the first save succeeded.
    pub path: Option<PathBuf>,
    /// The last save failed with this; everything is still in memory.
    pub error: Option<String>,
    pub last_attempt: Option<DateTime<Utc>>,
    /// When the last save that succeeded was made, and how many notes it
    /// held: what the file has, should the saves after it fail.
    pub last_saved: Option<DateTime<Utc>>,
    pub notes_saved: usize,
}

/// What the file lacks when the last save failed: said when plg leaves, so
/// that nobody believes a meeting is kept that is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsaved<'a> {
    pub error: &'a str,
    /// When the file was last written, if ever.
    pub last_saved: Option<DateTime<Utc>>,
    /// Notes taken since then, which only this process holds.
    pub notes: &'a [crate::meeting::Note],
    /// The note being typed, if any.
    pub draft: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Running,
    /// The protocol is done and had no check-in phase: the check-in comes now.
    Closing,
    Ended,
}

pub struct MeetingScreen {
    pub meeting: Meeting,
    pub setup: Setup,
    pub closing: Closing,
    /// Projection mode hides facilitator notes; plg starts in it.
    pub projecting: bool,
    pub editor: Option<NoteEditor>,
    /// Open while someone's arrival or departure is being marked.
    pub attendance: Option<AttendancePanel>,
    pub stage: Stage,
    pub status: Status,
    pub save: SaveState,
    /// Set when the draft changed and has not been saved since.
    pub draft_dirty_since: Option<DateTime<Utc>>,
    /// A resumed meeting shows how long plg was away.
    pub away: Option<TimeDelta>,
    /// The check-in form's selection and editor.
    pub form: ClosingForm,
    /// The local offset, for dates typed in the check-in (`+7` days).
    pub offset: FixedOffset,
}

impl MeetingScreen {
    pub fn new(meeting: Meeting, setup: Setup) -> MeetingScreen {
        let closing = Closing::for_norms(&setup.norms);
        MeetingScreen {
            meeting,
            setup,
            closing,
            projecting: true,
            editor: None,
            attendance: None,
            stage: Stage::Running,
            status: Status::InProgress,
            save: SaveState::default(),
            draft_dirty_since: None,
            away: None,
            form: ClosingForm::default(),
            offset: FixedOffset::east_opt(0).unwrap_or_else(|| Utc.fix()),
        }
    }

    pub fn record(&self, now: DateTime<Utc>, offset: FixedOffset, speed: u32) -> SessionRecord {
        let draft = self
            .editor
            .as_ref()
            .map(|e| (e.kind_id().to_string(), e.text()));
        SessionRecord::from_session(
            &SessionView {
                meeting: &self.meeting,
                setup: &self.setup,
                closing: &self.closing,
                status: self.status,
                draft: draft.as_ref().map(|(k, t)| (k.as_str(), t.as_str())),
                speed,
            },
            now,
            offset,
        )
    }

    /// The phase and round of the current step, as a label.
    /// What the file lacks, when the last save failed; `None` when it holds everything.
    pub fn unsaved(&self) -> Option<Unsaved<'_>> {
        let error = self.save.error.as_deref()?;
        Some(Unsaved {
            error,
            last_saved: self.save.last_saved,
            notes: self
                .meeting
                .notes
                .get(self.save.notes_saved..)
                .unwrap_or_default(),
            draft: self
                .editor
                .as_ref()
                .filter(|e| !e.is_blank())
                .map(|e| e.text()),
        })
    }

    pub fn step_label(&self) -> String {
        step_label(&self.meeting.protocol, self.meeting.step())
    }

    fn save_fx(&mut self, now: DateTime<Utc>) -> Effects {
        self.save.last_attempt = Some(now);
        self.draft_dirty_since = None;
        Effects {
            save: true,
            ..Effects::default()
        }
    }

    pub fn next_wakeup(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.stage == Stage::Ended {
            return now + TimeDelta::seconds(60);
        }
        let mut next = self.meeting.next_change(now);
        if let Some(since) = self.draft_dirty_since {
            next = next.min(since + DRAFT_EVERY);
        }
        if let Some(last) = self.save.last_attempt {
            let due = if self.save.error.is_some() {
                RETRY_EVERY
            } else {
                HEARTBEAT
            };
            next = next.min(last + due);
        }
        next.max(now)
    }

    pub fn tick(&mut self, now: DateTime<Utc>) -> Effects {
        if self.stage == Stage::Ended {
            return Effects::default();
        }
        let fx = self.meeting.update(Command::Tick, now);
        let mut out = Effects {
            bell: fx.bell,
            ..Effects::default()
        };
        let draft_due = self
            .draft_dirty_since
            .is_some_and(|t| now - t >= DRAFT_EVERY);
        let save_due = self.save.last_attempt.is_none_or(|t| {
            now - t
                >= if self.save.error.is_some() {
                    RETRY_EVERY
                } else {
                    HEARTBEAT
                }
        });
        if draft_due || save_due {
            out.merge(self.save_fx(now));
        }
        out
    }

    /// Records the outcome of a save; returns the error to show, if any.
    pub fn saved(&mut self, result: Result<PathBuf, String>, now: DateTime<Utc>) -> Option<String> {
        match result {
            Ok(path) => {
                self.save.path = Some(path);
                self.save.error = None;
                // The shell saves and reports back in one go, so the record
                // just written holds every note taken so far.
                self.save.last_saved = Some(now);
                self.save.notes_saved = self.meeting.notes.len();
                None
            }
            Err(e) => {
                let first = self.save.error.is_none();
                self.save.error = Some(e.clone());
                first.then_some(e)
            }
        }
    }

    fn command(&mut self, cmd: Command, now: DateTime<Utc>) -> Outcome {
        let fx = self.meeting.update(cmd, now);
        let mut out = Outcome {
            flash: fx.notice,
            ..Outcome::default()
        };
        out.effects.bell = fx.bell;
        if fx.save {
            out.effects.merge(self.save_fx(now));
        }
        out
    }

    fn offered_kinds(&self) -> Vec<(String, String)> {
        let p = &self.meeting.protocol;
        p.kinds_for(self.meeting.phase())
            .into_iter()
            .map(|k| (k.id.clone(), k.label.clone()))
            .collect()
    }

    fn open_editor(&mut self, kind_id: Option<&str>) {
        let mut kinds = self.offered_kinds();
        if kinds.is_empty() {
            kinds = self
                .meeting
                .protocol
                .note_kinds
                .iter()
                .map(|k| (k.id.clone(), k.label.clone()))
                .collect();
        }
        let index = match kind_id {
            Some(id) => match kinds.iter().position(|(k, _)| k == id) {
                Some(i) => i,
                None => {
                    // A kind not offered in this phase is still allowed when asked for by its key.
                    let label = self
                        .meeting
                        .protocol
                        .note_kind(id)
                        .map_or_else(|| id.to_string(), |k| k.label.clone());
                    kinds.push((id.to_string(), label));
                    kinds.len() - 1
                }
            },
            None => 0,
        };
        self.editor = Some(NoteEditor::new(kinds, index));
    }

    /// Puts a draft saved before a crash back in the editor.
    pub fn restore_draft(&mut self, kind: &str, text: &str) {
        self.open_editor(Some(kind));
        if let Some(e) = self.editor.as_mut() {
            e.textarea = TextArea::new(text.lines().map(str::to_string).collect());
            e.textarea.set_wrap_mode(WrapMode::WordOrGlyph);
            e.textarea.set_cursor_line_style(Style::default());
            e.textarea.move_cursor(ratatui_textarea::CursorMove::Bottom);
            e.textarea.move_cursor(ratatui_textarea::CursorMove::End);
        }
    }

    pub fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Outcome {
        // The attendance panel sits over the phase or check-in screen and
        // takes every key while it is open.
        if let Some(panel) = self.attendance.as_mut() {
            if Key::Ctrl('c').matches(&key) {
                self.attendance = None;
                return Outcome::overlay(Overlay::Confirm(self.quit_question()));
            }
            let at = crate::record::format::local(now, self.offset);
            return match panel.key(key, &mut self.setup.attendance, at) {
                PanelOutcome::Nothing => Outcome::default(),
                PanelOutcome::Close => {
                    self.attendance = None;
                    Outcome::default()
                }
                PanelOutcome::Changed(flash) => {
                    let mut out = Outcome::effects(self.save_fx(now));
                    out.flash = Some(flash);
                    out
                }
                PanelOutcome::Flash(flash) => Outcome {
                    flash: Some(flash),
                    ..Outcome::default()
                },
                PanelOutcome::Help => Outcome::overlay(Overlay::Help),
            };
        }
        if self.in_checkin() && self.editor.is_none() {
            match self.checkin_key(key, now, self.offset) {
                Handled::Yes { changed, flash } => {
                    let mut out = Outcome {
                        flash,
                        ..Outcome::default()
                    };
                    if changed {
                        out.effects.merge(self.save_fx(now));
                    }
                    return out;
                }
                Handled::ConfirmRemove(row) => {
                    return Outcome::overlay(Overlay::Confirm(Confirm {
                        title: "Remove this line?".into(),
                        text: "It will be taken out of the record.".into(),
                        choices: Vec::new(),
                        yes: Some(Pending::RemoveItem(row)),
                    }));
                }
                Handled::ConfirmDiscard => {
                    return Outcome::overlay(Overlay::Confirm(Confirm {
                        title: "Discard this edit?".into(),
                        text: "What you typed in this line will be lost.".into(),
                        choices: Vec::new(),
                        yes: Some(Pending::DiscardItem),
                    }));
                }
                Handled::No => {}
            }
        }
        if self.stage == Stage::Closing {
            return match keymap::lookup(RUNNER, &key) {
                Some(RunnerAction::Next) => {
                    self.stage = Stage::Ended;
                    Outcome::effects(self.save_fx(now))
                }
                Some(RunnerAction::Help) => Outcome::overlay(Overlay::Help),
                Some(RunnerAction::Quit) => {
                    let mut out = Outcome::effects(self.save_fx(now));
                    out.effects.quit = true;
                    out
                }
                _ => Outcome::default(),
            };
        }
        if self.stage == Stage::Ended {
            return match key.code {
                KeyCode::Char('q') | KeyCode::Enter | KeyCode::Esc => Outcome::quit(),
                KeyCode::Char('c')
                    if key
                        .modifiers
                        .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
                {
                    Outcome::quit()
                }
                _ => Outcome::default(),
            };
        }
        if self.editor.is_some() {
            return self.editor_key(key, now);
        }
        if let Some(action) = keymap::lookup(RUNNER, &key) {
            return self.action(action, now);
        }
        if let KeyCode::Char(c) = key.code
            && key
                .modifiers
                .difference(ratatui::crossterm::event::KeyModifiers::SHIFT)
                .is_empty()
            && let Some(kind) = self
                .meeting
                .protocol
                .note_kinds
                .iter()
                .find(|k| k.key == Some(c))
        {
            let id = kind.id.clone();
            self.open_editor(Some(&id));
        }
        Outcome::default()
    }

    fn action(&mut self, action: RunnerAction, now: DateTime<Utc>) -> Outcome {
        match action {
            RunnerAction::TogglePause => self.command(Command::TogglePause, now),
            RunnerAction::Next if self.meeting.is_last_step() => {
                Outcome::overlay(Overlay::Confirm(Confirm {
                    title: "End the meeting?".into(),
                    text: "This is the last phase. End the meeting and see the summary?".into(),
                    choices: Vec::new(),
                    yes: Some(Pending::Finish),
                }))
            }
            RunnerAction::Next => self.command(Command::Next, now),
            RunnerAction::Previous => self.command(Command::Previous, now),
            RunnerAction::AddMinute => {
                let mut out = self.command(Command::AddMinute, now);
                out.flash = Some(format!(
                    "+1 min: {} planned for this phase",
                    minutes(self.meeting.step().planned)
                ));
                out
            }
            RunnerAction::RemoveMinute => {
                let mut out = self.command(Command::RemoveMinute, now);
                if out.flash.is_none() {
                    out.flash = Some(format!(
                        "−1 min: {} planned for this phase",
                        minutes(self.meeting.step().planned)
                    ));
                }
                out
            }
            RunnerAction::Rebalance => self.command(Command::Rebalance, now),
            RunnerAction::Note => {
                self.open_editor(None);
                Outcome::default()
            }
            RunnerAction::Attendance => {
                self.attendance = Some(AttendancePanel::new(&self.setup.attendance));
                Outcome::default()
            }
            RunnerAction::ToggleFacilitator => {
                self.projecting = !self.projecting;
                Outcome {
                    flash: Some(if self.projecting {
                        "Projection mode: facilitator notes hidden".into()
                    } else {
                        "Facilitator view: notes shown, do not project".into()
                    }),
                    ..Outcome::default()
                }
            }
            RunnerAction::Help => Outcome::overlay(Overlay::Help),
            RunnerAction::Quit => Outcome::overlay(Overlay::Confirm(self.quit_question())),
        }
    }

    fn quit_question(&self) -> Confirm {
        let text = match &self.save.error {
            Some(e) => format!(
                "The meeting could NOT be saved ({e}). If you quit now, what was not saved is lost."
            ),
            None => "Everything is saved. Leave it to resume later with `plg resume`, or end the meeting now.".into(),
        };
        Confirm {
            title: "Quit plg?".into(),
            text,
            choices: vec![
                ('l', "leave to resume later".into(), Pending::Quit),
                ('e', "end the meeting now".into(), Pending::EndEarly),
            ],
            yes: None,
        }
    }

    fn editor_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Outcome {
        if Key::Ctrl('c').matches(&key) {
            return Outcome::overlay(Overlay::Confirm(self.quit_question()));
        }
        let Some(editor) = self.editor.as_mut() else {
            return Outcome::default();
        };
        match keymap::lookup(EDITOR, &key) {
            Some(EditorAction::Save) => {
                let (kind, text) = (editor.kind_id().to_string(), editor.text());
                if text.trim().is_empty() {
                    self.editor = None;
                    return Outcome::default();
                }
                self.editor = None;
                let label = self
                    .meeting
                    .protocol
                    .note_kind(&kind)
                    .map_or_else(|| kind.clone(), |k| k.label.clone());
                let mut out = self.command(
                    Command::AddNote {
                        kind,
                        text: text.trim_end().to_string(),
                    },
                    now,
                );
                out.flash = Some(format!("{label} saved"));
                out
            }
            Some(EditorAction::NewLine) => {
                editor.textarea.insert_newline();
                self.draft_dirty_since.get_or_insert(now);
                Outcome::default()
            }
            Some(EditorAction::CycleKind) => {
                editor.kind = (editor.kind + 1) % editor.kinds.len().max(1);
                Outcome::default()
            }
            Some(EditorAction::Cancel) => {
                if editor.is_blank() {
                    self.editor = None;
                    Outcome::default()
                } else {
                    Outcome::overlay(Overlay::Confirm(Confirm {
                        title: "Discard this note?".into(),
                        text: "The text you typed will be lost.".into(),
                        choices: Vec::new(),
                        yes: Some(Pending::DiscardNote),
                    }))
                }
            }
            None => {
                if editor.textarea.input(key) {
                    self.draft_dirty_since.get_or_insert(now);
                }
                Outcome::default()
            }
        }
    }

    pub fn confirmed(&mut self, pending: Pending, now: DateTime<Utc>) -> Outcome {
        match pending {
            Pending::Finish => {
                let mut out = self.command(Command::End, now);
                self.status = Status::Completed;
                // Without a check-in phase, the check-in comes after the last phase.
                self.stage = if self.meeting.protocol.checkin_phase().is_none() {
                    Stage::Closing
                } else {
                    Stage::Ended
                };
                out.effects.merge(self.save_fx(now));
                out
            }
            Pending::RemoveItem(row) => {
                self.remove(row);
                Outcome::effects(self.save_fx(now))
            }
            Pending::DiscardItem => {
                self.form.editor = None;
                Outcome::default()
            }
            Pending::EndEarly => {
                let mut out = self.command(Command::End, now);
                self.status = Status::EndedEarly;
                self.stage = Stage::Ended;
                out.effects.merge(self.save_fx(now));
                out.effects.quit = true;
                out
            }
            Pending::JumpTo(step) => self.command(Command::Goto(step), now),
            Pending::DiscardNote => {
                self.editor = None;
                // Saving now clears the draft from the record too.
                Outcome::effects(self.save_fx(now))
            }
            Pending::Quit => Outcome::quit(),
        }
    }

    pub fn mouse(&mut self, ev: MouseEvent, area: Rect, now: DateTime<Utc>) -> Outcome {
        if self.stage != Stage::Running || self.editor.is_some() || self.attendance.is_some() {
            return Outcome::default();
        }
        if ev.kind != MouseEventKind::Down(MouseButton::Left) {
            return Outcome::default();
        }
        let layout = super::phase::layout(area, self, now);
        let at = Position::new(ev.column, ev.row);
        let Some((_, step)) = layout.timeline_rows.iter().find(|(r, _)| r.contains(at)) else {
            return Outcome::default();
        };
        if *step == self.meeting.current {
            return Outcome::default();
        }
        let name = step_label(&self.meeting.protocol, &self.meeting.steps[*step]);
        Outcome::overlay(Overlay::Confirm(Confirm {
            title: "Jump to another phase?".into(),
            text: format!("Go to “{name}”? The clock of the current phase stops where it is."),
            choices: Vec::new(),
            yes: Some(Pending::JumpTo(*step)),
        }))
    }
}

/// `12 min` or `4.5 min`.
pub fn minutes(d: TimeDelta) -> String {
    let s = d.num_seconds();
    if s % 60 == 0 {
        format!("{} min", s / 60)
    } else {
        format!("{:.1} min", s as f64 / 60.0)
    }
}
