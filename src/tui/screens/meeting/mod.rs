//! The running meeting: its state and keys. The phase, the check-in and
//! the end are drawn by one view each (`phase`, `checkin`, `end`);
//! the note editor, the check-in form and the attendance panel are
//! components that return what happened.

pub mod attendance;
pub(crate) mod checkin;
pub(crate) mod closing;
pub(crate) mod console;
pub(crate) mod editor;
pub(crate) mod end;
pub(crate) mod notes;
pub(crate) mod phase;
pub(crate) mod phase_layout;
mod save;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Offset, TimeDelta, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::meeting::session::{Closing, Setup};
use crate::meeting::{Command, Meeting};
use crate::record::format::SessionView;
use crate::record::{SessionRecord, Status};
use crate::text;
use crate::tui::chrome::HelpSection;
use crate::tui::keymap::{
    self, ATTENDANCE, CHECKIN, EDITOR, END, EditorAction, ITEM_EDITOR, Key, RUNNER, RunnerAction,
    SAVED_NOTES,
};
use crate::tui::outcome::{Confirm, Effects, Outcome};
use crate::tui::view::View;

use attendance::{AttendancePanel, PanelOutcome};
use closing::{ClosingForm, FormAnswer, FormOutcome};
use editor::NoteEditor;
pub use save::{DRAFT_EVERY, HEARTBEAT, RETRY_EVERY, SaveState, Unsaved};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Running,
    /// The protocol is done and had no check-in phase: the check-in comes now.
    Closing,
    Ended,
}

/// The meeting screen's questions, handed back to `MeetingScreen::confirmed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Leave plg; the meeting is saved and can be resumed.
    Leave,
    /// End the meeting now, before its last phase is done.
    EndEarly,
    /// The last phase is done: close the meeting.
    Finish,
    JumpTo(usize),
    DiscardNote,
    /// Delete the saved note at this index, if it is still the one written at this time.
    RemoveNote(usize, DateTime<Utc>),
    /// A question of the check-in form.
    Form(FormAnswer),
}

/// What the meeting screen hands back: its answers; it leads nowhere (it quits).
pub(crate) type MeetingOutcome = Outcome<Answer>;

pub struct MeetingScreen {
    pub meeting: Meeting,
    pub setup: Setup,
    pub closing: Closing,
    /// Projection mode hides facilitator notes; plg starts in it.
    pub projecting: bool,
    pub(crate) editor: Option<NoteEditor>,
    /// Open while someone's arrival or departure is being marked.
    pub attendance: Option<AttendancePanel>,
    /// Ctrl-N: the list of saved notes, to edit or delete one.
    pub saved_notes: Option<notes::SavedNotesPanel>,
    pub stage: Stage,
    pub status: Status,
    pub save: SaveState,
    /// Set when the draft changed and has not been saved since.
    pub(crate) draft_dirty_since: Option<DateTime<Utc>>,
    /// A resumed meeting shows how long plg was away.
    pub away: Option<TimeDelta>,
    /// The check-in form's selection and editor.
    pub(crate) form: ClosingForm,
    /// The local offset, for dates typed in the check-in (`+7` days).
    pub(crate) offset: FixedOffset,
    /// Ctrl-K: the clock alone fills the screen.
    pub clock_only: bool,
    /// The waiting round Alt-↑/Alt-↓ move: the current step when it was
    /// picked, and its place among the rounds waiting.
    pub(crate) round_pick: Option<(usize, usize)>,
    /// The room screens (`plg room`) following this meeting.
    pub rooms: console::Rooms,
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
            saved_notes: None,
            stage: Stage::Running,
            status: Status::InProgress,
            save: SaveState::default(),
            draft_dirty_since: None,
            away: None,
            form: ClosingForm::default(),
            offset: FixedOffset::east_opt(0).unwrap_or_else(|| Utc.fix()),
            clock_only: false,
            round_pick: None,
            rooms: console::Rooms::default(),
        }
    }

    /// The group's action items from earlier meetings the check-in lists.
    pub fn check_in_earlier(&self) -> &[crate::record::actions::TrackedItem] {
        &self.form.earlier
    }

    pub fn record(&self, now: DateTime<Utc>, offset: FixedOffset, speed: u32) -> SessionRecord {
        // A saved note being edited is not a draft: resumed, it would come
        // back as a new note beside the one it changes.
        let draft = self
            .editor
            .as_ref()
            .filter(|e| e.editing.is_none())
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

    /// The phase and round of the current step, as a label.
    pub fn step_label(&self) -> String {
        self.meeting.step_label(self.meeting.step())
    }

    /// True when the check-in form is on screen.
    pub fn in_checkin(&self) -> bool {
        match self.stage {
            Stage::Closing => true,
            Stage::Running => self.meeting.phase().checkin,
            Stage::Ended => false,
        }
    }

    fn save_fx(&mut self, now: DateTime<Utc>) -> Effects {
        self.save.last_attempt = Some(now);
        self.draft_dirty_since = None;
        Effects::save()
    }

    pub(crate) fn next_wakeup(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        if self.stage == Stage::Ended {
            return now + TimeDelta::seconds(60);
        }
        let mut next = self.meeting.next_change(now);
        if let Some(since) = self.draft_dirty_since {
            next = next.min(since + DRAFT_EVERY);
        }
        if let Some(last) = self.save.last_attempt {
            next = next.min(last + self.save.every());
        }
        next.max(now)
    }

    pub(crate) fn tick(&mut self, now: DateTime<Utc>) -> Effects {
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
        if draft_due || self.save.due(now) {
            out.merge(self.save_fx(now));
        }
        out
    }

    /// Records the outcome of a save; returns the error to show, if any.
    pub(crate) fn saved(
        &mut self,
        result: Result<PathBuf, String>,
        now: DateTime<Utc>,
    ) -> Option<String> {
        self.save.record(result, now, self.meeting.notes.len())
    }

    fn command(&mut self, cmd: Command, now: DateTime<Utc>) -> MeetingOutcome {
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

    fn open_editor(&mut self, kind_id: Option<&str>) {
        let m = &self.meeting;
        let offered = m
            .protocol
            .kinds_for(m.phase())
            .into_iter()
            .map(|k| (k.id.clone(), k.label.clone()))
            .collect();
        self.editor = Some(NoteEditor::new(&m.protocol, offered, kind_id));
    }

    /// Puts a draft saved before a crash back in the editor.
    pub fn restore_draft(&mut self, kind: &str, text: &str) {
        self.open_editor(Some(kind));
        if let Some(e) = self.editor.as_mut() {
            e.restore(text);
        }
    }

    pub(crate) fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> MeetingOutcome {
        // The attendance panel sits over the phase or check-in screen and
        // takes every key while it is open.
        if self.attendance.is_some() {
            return self.attendance_key(key, now);
        }
        if self.saved_notes.is_some() && self.editor.is_none() {
            return self.saved_notes_key(key);
        }
        if self.in_checkin() && self.editor.is_none() {
            let at = crate::record::format::local(now, self.offset);
            match self.form.key(key, &mut self.closing, at) {
                FormOutcome::Used { changed, flash } => {
                    let mut out = Outcome {
                        flash,
                        ..Outcome::default()
                    };
                    if changed {
                        out.effects.merge(self.save_fx(now));
                    }
                    return out;
                }
                FormOutcome::Ask(c) => return Outcome::confirm(c.map(Answer::Form)),
                FormOutcome::NotMine => {}
            }
        }
        match self.stage {
            Stage::Closing => self.closing_key(key, now),
            Stage::Ended => match keymap::lookup(END, &key) {
                Some(keymap::EndAction::Quit) => Outcome::quit(),
                None => Outcome::default(),
            },
            Stage::Running if self.editor.is_some() => self.editor_key(key, now),
            Stage::Running => self.runner_key(key, now),
        }
    }

    fn attendance_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> MeetingOutcome {
        if Key::Ctrl('c').matches(&key) {
            self.attendance = None;
            return Outcome::confirm(self.quit_question());
        }
        let Some(panel) = self.attendance.as_mut() else {
            return Outcome::default();
        };
        let at = crate::record::format::local(now, self.offset);
        match panel.key(key, &mut self.setup.attendance, at) {
            PanelOutcome::Nothing => Outcome::default(),
            PanelOutcome::Close => {
                self.attendance = None;
                Outcome::default()
            }
            PanelOutcome::Changed {
                flash,
                person,
                here,
            } => {
                // Rounds still to come follow the room while the protocol runs.
                let notice = (self.stage == Stage::Running)
                    .then(|| {
                        let cmd = if here {
                            Command::Arrived {
                                person,
                                room: attendance::room(&self.setup.attendance, &self.setup.roles),
                            }
                        } else {
                            Command::Left {
                                person,
                                roles: self.setup.roles.clone(),
                            }
                        };
                        self.meeting.update(cmd, now).notice
                    })
                    .flatten();
                let mut out = Outcome::effects(self.save_fx(now));
                out.flash = Some(match notice {
                    Some(n) => format!("{flash} · {n}"),
                    None => flash,
                });
                out
            }
            PanelOutcome::Flash(flash) => Outcome::flash(flash),
            PanelOutcome::Help => Outcome::help(),
        }
    }

    /// After the last phase of a protocol without a check-in phase: only
    /// finishing, help and leaving remain of the runner's keys.
    fn closing_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> MeetingOutcome {
        match keymap::lookup(RUNNER, &key) {
            Some(RunnerAction::Next) => {
                self.stage = Stage::Ended;
                Outcome::effects(self.save_fx(now))
            }
            Some(RunnerAction::Help) => Outcome::help(),
            Some(RunnerAction::Quit) => {
                let mut out = Outcome::effects(self.save_fx(now));
                out.effects.quit = true;
                out
            }
            _ => Outcome::default(),
        }
    }

    fn runner_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> MeetingOutcome {
        if let Some(action) = keymap::lookup(RUNNER, &key) {
            return self.action(action, now);
        }
        if let ratatui::crossterm::event::KeyCode::Char(c) = key.code
            && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
            && let Some(kind) = self
                .meeting
                .protocol
                .kind_for_key(self.meeting.phase(), c)
                .or_else(|| {
                    let kinds = &self.meeting.protocol.note_kinds;
                    kinds.iter().find(|k| k.key == Some(c))
                })
        {
            let m = &self.meeting;
            if !m.protocol.offers(m.phase(), &kind.id) {
                // `notes:` decides what this phase writes down; say what it offers.
                let offered: Vec<String> = m
                    .protocol
                    .kinds_for(m.phase())
                    .iter()
                    .map(|k| match k.key {
                        Some(c) => format!("{} ({c})", k.label),
                        None => format!("{} (Enter)", k.label),
                    })
                    .collect();
                return Outcome {
                    flash: Some(format!(
                        "{} is not taken in this phase; it offers {}",
                        kind.label,
                        offered.join(", ")
                    )),
                    ..Outcome::default()
                };
            }
            let id = kind.id.clone();
            self.open_editor(Some(&id));
        }
        Outcome::default()
    }

    fn action(&mut self, action: RunnerAction, now: DateTime<Utc>) -> MeetingOutcome {
        match action {
            RunnerAction::TogglePause => self.command(Command::TogglePause, now),
            RunnerAction::Next if self.meeting.is_last_step() => Outcome::confirm(Confirm::yes_no(
                "End the meeting?",
                "This is the last phase. End the meeting and see the summary?",
                Answer::Finish,
            )),
            RunnerAction::Next => self.command(Command::Next, now),
            RunnerAction::Previous => self.command(Command::Previous, now),
            RunnerAction::AddMinute => {
                let mut out = self.command(Command::AddMinute, now);
                out.flash = Some(format!(
                    "+{}: {} planned for this phase",
                    self.last_change(),
                    self.planned_here()
                ));
                out
            }
            RunnerAction::RemoveMinute => {
                let mut out = self.command(Command::RemoveMinute, now);
                if out.flash.is_none() {
                    out.flash = Some(format!(
                        "−{}: {} planned for this phase",
                        self.last_change(),
                        self.planned_here()
                    ));
                }
                out
            }
            RunnerAction::Rebalance => self.command(Command::Rebalance, now),
            RunnerAction::Pass => self.command(Command::Pass, now),
            RunnerAction::ChooseNext => self.command(Command::ChooseNext, now),
            RunnerAction::RoundEarlier => self.move_round(-1, now),
            RunnerAction::RoundLater => self.move_round(1, now),
            RunnerAction::PickEarlier => self.pick_round(-1),
            RunnerAction::PickLater => self.pick_round(1),
            RunnerAction::Note => {
                let m = &self.meeting;
                let kind = m.protocol.enter_kind(m.phase());
                self.open_editor(Some(&kind));
                Outcome::default()
            }
            RunnerAction::Attendance => {
                self.attendance = Some(AttendancePanel::new(&self.setup.attendance));
                Outcome::default()
            }
            // Every phase's notes, on the wall, could show what the room should not read.
            RunnerAction::SavedNotes if self.projecting => {
                Outcome::flash("Saved notes: facilitator view only (press f)")
            }
            RunnerAction::SavedNotes if self.meeting.notes.is_empty() => {
                Outcome::flash("No notes saved yet in this meeting")
            }
            RunnerAction::SavedNotes => {
                self.saved_notes = Some(notes::SavedNotesPanel::new(&self.meeting.notes));
                Outcome::default()
            }
            RunnerAction::ToggleFacilitator => {
                self.projecting = !self.projecting;
                Outcome::flash(if self.projecting {
                    "Projection mode: facilitator notes hidden"
                } else {
                    "Facilitator view: notes shown, do not project"
                })
            }
            // The check-in's form needs its screen: the clock stays in its header.
            RunnerAction::ClockOnly if self.in_checkin() => {
                self.clock_only = false;
                Outcome::flash("The check-in keeps its form on screen")
            }
            RunnerAction::ClockOnly => {
                self.clock_only = !self.clock_only;
                Outcome::default()
            }
            RunnerAction::RoomNotes => self.toggle_room_notes(now),
            RunnerAction::Help => Outcome::help(),
            RunnerAction::Quit => Outcome::confirm(self.quit_question()),
        }
    }

    /// How much the last +/- changed the plan: `1 min`, or `0.5 min` on
    /// the half-minute grid below five minutes.
    fn last_change(&self) -> String {
        let secs = self.meeting.adjustments.last().map_or(0, |a| a.seconds);
        text::minutes(secs.unsigned_abs())
    }

    /// `12 min`: the current step's plan.
    /// "14 min", and when +/- left the phase's published range, "(outside
    /// the published 10–20 min)": the facilitator may, and should know it.
    fn planned_here(&self) -> String {
        let planned = minutes(self.meeting.step().planned);
        match self.meeting.outside_range(self.meeting.current) {
            Some(r) => format!(
                "{planned} (outside the published {}–{} min)",
                text::minutes_number((r.low * 60.0).round() as u64),
                text::minutes_number((r.high * 60.0).round() as u64)
            ),
            None => planned,
        }
    }

    fn quit_question(&self) -> Confirm<Answer> {
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
                ('l', "leave to resume later".into(), Answer::Leave),
                ('e', "end the meeting now".into(), Answer::EndEarly),
            ],
            yes: None,
        }
    }

    fn editor_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> MeetingOutcome {
        if Key::Ctrl('c').matches(&key) {
            return Outcome::confirm(self.quit_question());
        }
        let Some(editor) = self.editor.as_mut() else {
            return Outcome::default();
        };
        match keymap::lookup(EDITOR, &key) {
            Some(EditorAction::Save) if editor.editing.is_some() => self.save_edited_note(now),
            Some(EditorAction::Save) => {
                let (kind, text) = (editor.kind_id().to_string(), editor.text());
                self.editor = None;
                if text.trim().is_empty() {
                    return Outcome::default();
                }
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
                if editor.editing.is_none() {
                    self.draft_dirty_since.get_or_insert(now);
                }
                Outcome::default()
            }
            Some(EditorAction::CycleKind) => {
                editor.cycle_kind();
                Outcome::default()
            }
            Some(EditorAction::Cancel) if editor.is_blank() && editor.editing.is_none() => {
                self.editor = None;
                Outcome::default()
            }
            // A saved note left as it was: nothing to lose.
            Some(EditorAction::Cancel)
                if editor.editing.is_some_and(|(i, _)| {
                    self.meeting
                        .notes
                        .get(i)
                        .is_some_and(|n| n.text == editor.text())
                }) =>
            {
                self.editor = None;
                Outcome::default()
            }
            Some(EditorAction::Cancel) if editor.editing.is_some() => {
                Outcome::confirm(Confirm::yes_no(
                    "Discard this change?",
                    "The note stays as it was saved.",
                    Answer::DiscardNote,
                ))
            }
            Some(EditorAction::Cancel) => Outcome::confirm(Confirm::yes_no(
                "Discard this note?",
                "The text you typed will be lost.",
                Answer::DiscardNote,
            )),
            None => {
                if editor.textarea.input(key) && editor.editing.is_none() {
                    self.draft_dirty_since.get_or_insert(now);
                }
                Outcome::default()
            }
        }
    }

    fn saved_notes_key(&mut self, key: KeyEvent) -> MeetingOutcome {
        if Key::Ctrl('c').matches(&key) {
            self.saved_notes = None;
            return Outcome::confirm(self.quit_question());
        }
        let Some(panel) = self.saved_notes.as_mut() else {
            return Outcome::default();
        };
        // Projection mode came back on (it cannot from here, but a list of
        // every phase's notes must never be what the wall shows).
        if self.projecting {
            self.saved_notes = None;
            return Outcome::default();
        }
        match panel.key(key, &self.meeting.notes) {
            notes::NotesOutcome::Nothing => Outcome::default(),
            notes::NotesOutcome::Close => {
                self.saved_notes = None;
                Outcome::default()
            }
            notes::NotesOutcome::Help => Outcome::help(),
            notes::NotesOutcome::Edit(i) => {
                if let Some(note) = self.meeting.notes.get(i) {
                    self.editor = Some(NoteEditor::for_note(&self.meeting.protocol, i, note));
                }
                Outcome::default()
            }
            notes::NotesOutcome::Delete(i) => self.ask_remove(i),
        }
    }

    /// The one-line question before a saved note is deleted.
    fn ask_remove(&self, index: usize) -> MeetingOutcome {
        let Some(note) = self.meeting.notes.get(index) else {
            return Outcome::default();
        };
        Outcome::confirm(Confirm::yes_no(
            "Delete this note?",
            format!(
                "{} goes from the record; only that a note was removed, and when, is kept.",
                notes::quoted(&note.text)
            ),
            Answer::RemoveNote(index, note.at),
        ))
    }

    /// Enter in the editor of a saved note: the new text replaces the old
    /// (saved at once); an emptied note asks before it is deleted.
    fn save_edited_note(&mut self, now: DateTime<Utc>) -> MeetingOutcome {
        let Some((index, at)) = self.editor.as_ref().and_then(|e| e.editing) else {
            return Outcome::default();
        };
        let text = self.editor.as_ref().map(|e| e.text()).unwrap_or_default();
        if self.meeting.notes.get(index).is_none_or(|n| n.at != at) {
            self.editor = None;
            return Outcome::flash("That note is no longer there; nothing was changed");
        }
        if text.trim().is_empty() {
            return self.ask_remove(index);
        }
        self.editor = None;
        let mut out = self.command(
            Command::EditNote {
                index,
                text: text.trim_end().to_string(),
            },
            now,
        );
        out.flash = Some(if out.effects.save {
            "Note changed; the earlier text is not kept".into()
        } else {
            "No change".into()
        });
        out
    }

    /// The answer to a question this screen asked.
    pub(crate) fn confirmed(&mut self, answer: Answer, now: DateTime<Utc>) -> MeetingOutcome {
        match answer {
            Answer::Leave => Outcome::effects(Effects {
                save: true,
                quit: true,
                ..Effects::default()
            }),
            Answer::Finish => {
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
            Answer::EndEarly => {
                let mut out = self.command(Command::End, now);
                self.status = Status::EndedEarly;
                self.stage = Stage::Ended;
                out.effects.merge(self.save_fx(now));
                out.effects.quit = true;
                out
            }
            Answer::JumpTo(step) => self.command(Command::Goto(step), now),
            Answer::DiscardNote => {
                self.editor = None;
                // Saving now clears the draft from the record too.
                Outcome::effects(self.save_fx(now))
            }
            Answer::RemoveNote(index, at) => {
                if self.meeting.notes.get(index).is_none_or(|n| n.at != at) {
                    return Outcome::flash("That note is no longer there; nothing was changed");
                }
                if self.editor.as_ref().is_some_and(|e| e.editing.is_some()) {
                    self.editor = None;
                }
                let mut out = self.command(Command::RemoveNote { index }, now);
                out.flash = Some(
                    "Note deleted; the record keeps only that a note was removed, and when".into(),
                );
                if self.meeting.notes.is_empty() {
                    self.saved_notes = None;
                } else if let Some(p) = self.saved_notes.as_mut() {
                    p.selected = p.selected.min(self.meeting.notes.len() - 1);
                }
                out
            }
            Answer::Form(a) => {
                if self.form.confirmed(a, &mut self.closing) {
                    Outcome::effects(self.save_fx(now))
                } else {
                    Outcome::default()
                }
            }
        }
    }

    pub(crate) fn mouse(
        &mut self,
        ev: MouseEvent,
        area: Rect,
        now: DateTime<Utc>,
    ) -> MeetingOutcome {
        if self.stage != Stage::Running
            || self.editor.is_some()
            || self.attendance.is_some()
            || self.saved_notes.is_some()
            || self.clock_only
        {
            return Outcome::default();
        }
        if ev.kind != MouseEventKind::Down(MouseButton::Left) {
            return Outcome::default();
        }
        let layout = phase_layout::layout(area, self, now);
        let at = Position::new(ev.column, ev.row);
        let Some((_, step)) = layout.timeline_rows.iter().find(|(r, _)| r.contains(at)) else {
            return Outcome::default();
        };
        if *step == self.meeting.current {
            return Outcome::default();
        }
        let Some(target) = self.meeting.steps.get(*step) else {
            return Outcome::default();
        };
        let name = self.meeting.step_label(target);
        Outcome::confirm(Confirm::yes_no(
            "Jump to another phase?",
            format!("Go to “{name}”? The clock of the current phase stops where it is."),
            Answer::JumpTo(*step),
        ))
    }

    /// The help overlay over this screen.
    pub(crate) fn help(&self) -> Vec<HelpSection> {
        if self.attendance.is_some() {
            return vec![HelpSection::of(
                "Attendance panel (the clock keeps running)",
                ATTENDANCE,
            )];
        }
        if self.saved_notes.is_some() && !self.projecting {
            return vec![
                HelpSection::of("Saved notes (the clock keeps running)", SAVED_NOTES),
                HelpSection::of("While writing a note", EDITOR),
            ];
        }
        let mut sections = Vec::new();
        let mut runner = keymap::help_rows(RUNNER);
        if self.in_checkin() {
            let rows = keymap::help_rows(CHECKIN);
            // The form's keys come first: the runner's bindings of the same keys do not apply.
            runner.retain(|(k, _)| !rows.iter().any(|(c, _)| c == k));
            sections.push(HelpSection::new("Check-in", rows));
            sections.push(HelpSection::of("Writing a check-in line", ITEM_EDITOR));
            sections.push(HelpSection::of(
                "Changing an earlier action item (Ctrl-E)",
                keymap::ACTION_DIALOG,
            ));
        }
        sections.push(HelpSection::new("During a phase", runner));
        let kinds: Vec<(String, String)> = self
            .meeting
            .protocol
            .keyed_kinds(self.meeting.phase())
            .into_iter()
            .filter_map(|k| {
                k.key
                    .map(|c| (c.to_string(), format!("write a note: {}", k.label)))
            })
            .collect();
        if !kinds.is_empty() {
            sections.push(HelpSection::new("Note kinds", kinds));
        }
        sections.push(HelpSection::of("While writing a note", EDITOR));
        sections.push(HelpSection::new(
            "Mouse",
            vec![(
                "click".into(),
                "a phase in the timeline to jump there (asks first)".into(),
            )],
        ));
        sections
    }
}

/// Draws the meeting's current stage, and the attendance panel over it when open.
pub(crate) fn draw(f: &mut Frame, view: &View<'_>, ms: &MeetingScreen) {
    match ms.stage {
        // The note editor and the attendance panel need their screen.
        Stage::Running
            if ms.clock_only
                && !ms.in_checkin()
                && ms.editor.is_none()
                && ms.attendance.is_none()
                && ms.saved_notes.is_none() =>
        {
            phase::draw_clock_only(f, view, ms)
        }
        Stage::Running if ms.in_checkin() => checkin::draw(f, view, ms),
        Stage::Running => phase::draw(f, view, ms),
        Stage::Closing => checkin::draw(f, view, ms),
        Stage::Ended => end::draw(f, view, ms),
    }
    if ms.stage == Stage::Running {
        if ms.in_checkin() {
            notes::draw_editor_over(f, view.styles, ms);
        }
        notes::draw_over(f, view, ms);
    }
}

/// `12 min` or `4.5 min`: a planned length.
pub(crate) fn minutes(d: TimeDelta) -> String {
    text::minutes(d.num_seconds().max(0).unsigned_abs())
}
