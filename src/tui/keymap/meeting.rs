//! The keys of a running meeting: the runner, the note editor, the
//! attendance panel, the check-in and its line editor, questions, the end.

use ratatui::crossterm::event::KeyCode;

use super::{Binding, Key};

/// What the phase screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerAction {
    TogglePause,
    Next,
    Previous,
    AddMinute,
    RemoveMinute,
    Rebalance,
    Pass,
    ChooseNext,
    /// The picked waiting round goes one place earlier in its phase.
    RoundEarlier,
    /// The picked waiting round goes one place later.
    RoundLater,
    /// Picks the waiting round before the one picked, to move it.
    PickEarlier,
    /// Picks the waiting round after the one picked.
    PickLater,
    Note,
    Attendance,
    /// The list of this meeting's saved notes, to edit or delete one.
    SavedNotes,
    ToggleFacilitator,
    /// Saved notes on the room's screen (`plg room`), or not.
    RoomNotes,
    ClockOnly,
    Help,
    Quit,
}

pub const RUNNER: &[Binding<RunnerAction>] = &[
    Binding {
        keys: &[Key::Char(' ')],
        action: RunnerAction::TogglePause,
        help: "pause or resume every clock",
        footer: Some("pause"),
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(KeyCode::Right)],
        action: RunnerAction::Next,
        help: "next phase (never automatic)",
        footer: Some("next"),
    },
    Binding {
        keys: &[Key::Char('p'), Key::Code(KeyCode::Left)],
        action: RunnerAction::Previous,
        help: "previous phase",
        footer: Some("back"),
    },
    Binding {
        keys: &[Key::Char('+')],
        action: RunnerAction::AddMinute,
        help: "more time for this phase: a minute (half a minute under 5)",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('-')],
        action: RunnerAction::RemoveMinute,
        help: "less time for this phase: a minute (half a minute under 5)",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('r')],
        action: RunnerAction::Rebalance,
        help: "rebalance: shrink the remaining phases to end on time",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('p')],
        action: RunnerAction::Pass,
        help: "the round's person passes: skip the rest of the round (where the protocol allows it)",
        footer: Some("pass"),
    },
    Binding {
        keys: &[Key::Ctrl('o')],
        action: RunnerAction::ChooseNext,
        help: "choose who goes next: each press gives the next round to the next person waiting",
        footer: Some("who's next"),
    },
    Binding {
        keys: &[Key::Alt(KeyCode::Up)],
        action: RunnerAction::RoundEarlier,
        help: "move the picked waiting round one place earlier (the last one waiting is picked first)",
        footer: None,
    },
    Binding {
        keys: &[Key::Alt(KeyCode::Down)],
        action: RunnerAction::RoundLater,
        help: "move the picked waiting round one place later",
        footer: None,
    },
    Binding {
        keys: &[Key::Alt(KeyCode::Left)],
        action: RunnerAction::PickEarlier,
        help: "pick the waiting round before, to move it",
        footer: None,
    },
    Binding {
        keys: &[Key::Alt(KeyCode::Right)],
        action: RunnerAction::PickLater,
        help: "pick the waiting round after, to move it",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: RunnerAction::Note,
        help: "write a note (Tab picks its kind)",
        footer: Some("note"),
    },
    Binding {
        keys: &[Key::Ctrl('a')],
        action: RunnerAction::Attendance,
        help: "attendance: late arrivals, early leavers, guests",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('n')],
        action: RunnerAction::SavedNotes,
        help: "saved notes: edit or delete one (facilitator view only)",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('f')],
        action: RunnerAction::ToggleFacilitator,
        help: "show or hide facilitator notes (projection mode)",
        footer: Some("facilitator"),
    },
    Binding {
        keys: &[Key::Ctrl('w')],
        action: RunnerAction::RoomNotes,
        help: "saved notes on the room's screen (`plg room`): show or hide",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('k')],
        action: RunnerAction::ClockOnly,
        help: "the clock alone, full screen, and back",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('?')],
        action: RunnerAction::Help,
        help: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: RunnerAction::Quit,
        help: "quit (asks first)",
        footer: Some("quit"),
    },
];

/// What the note editor does with keys it does not pass to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorAction {
    Save,
    NewLine,
    CycleKind,
    Cancel,
}

pub const EDITOR: &[Binding<EditorAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: EditorAction::Save,
        help: "save the note",
        footer: Some("save"),
    },
    Binding {
        keys: &[Key::Alt(KeyCode::Enter)],
        action: EditorAction::NewLine,
        help: "start a new line",
        footer: Some("new line"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        action: EditorAction::CycleKind,
        help: "next note kind",
        footer: Some("kind"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        action: EditorAction::Cancel,
        help: "cancel (asks if text would be lost)",
        footer: Some("cancel"),
    },
];

/// The attendance panel opened during a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceAction {
    Up,
    Down,
    Toggle,
    Help,
    Close,
}

pub const ATTENDANCE: &[Binding<AttendanceAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: AttendanceAction::Up,
        help: "previous person",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Code(KeyCode::Tab)],
        action: AttendanceAction::Down,
        help: "next person",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter), Key::Char(' ')],
        action: AttendanceAction::Toggle,
        help: "mark the selected person here or gone; on the last line, add the guest",
        footer: Some("here / gone"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: AttendanceAction::Help,
        help: "these keys",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Ctrl('a')],
        action: AttendanceAction::Close,
        help: "close the panel (Esc first clears a name being typed)",
        footer: Some("close"),
    },
];

/// The list of a meeting's saved notes (Ctrl-N).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavedNotesAction {
    Up,
    Down,
    Edit,
    Delete,
    Help,
    Close,
}

pub const SAVED_NOTES: &[Binding<SavedNotesAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: SavedNotesAction::Up,
        help: "previous note",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        action: SavedNotesAction::Down,
        help: "next note",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: SavedNotesAction::Edit,
        help: "edit the selected note in the note editor (Enter there saves it)",
        footer: Some("edit"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Delete), Key::Ctrl('d')],
        action: SavedNotesAction::Delete,
        help: "delete the selected note (asks first); only that a note was removed, and when, is kept",
        footer: Some("delete"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: SavedNotesAction::Help,
        help: "these keys",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Ctrl('n')],
        action: SavedNotesAction::Close,
        help: "close the list",
        footer: Some("close"),
    },
];

/// What the check-in screen does with keys before the runner sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinAction {
    Rate,
    Up,
    Down,
    Edit,
    Remove,
    /// Takes the selected norm in or out of today's check-in.
    Toggle,
    /// Skips the whole check-in this meeting (or takes it back up).
    Skip,
    /// An action item: done, or open again.
    Done,
    /// An action item from an earlier meeting: its state, owner or due date.
    Change,
}

pub const CHECKIN: &[Binding<CheckinAction>] = &[
    Binding {
        keys: &[Key::Digits('0', '5')],
        action: CheckinAction::Rate,
        help: "add one person's fist-to-five to the selected norm",
        footer: Some("rate"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: CheckinAction::Up,
        help: "previous line",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        action: CheckinAction::Down,
        help: "next line",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: CheckinAction::Edit,
        help: "comment on a norm, or write a plus, delta or action item",
        footer: Some("write"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Delete), Key::Code(KeyCode::Backspace)],
        action: CheckinAction::Remove,
        help: "take back a norm's last rating, or remove the selected plus, delta or action item (asks first)",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('t')],
        action: CheckinAction::Toggle,
        help: "check the selected norm today, or leave it out",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('x')],
        action: CheckinAction::Skip,
        help: "skip the norm check-in this meeting (again to take it back up)",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('d')],
        action: CheckinAction::Done,
        help: "an action item (this meeting's or an earlier one's): mark it done (again to reopen it)",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('e')],
        action: CheckinAction::Change,
        help: "an action item from an earlier meeting: drop it, or give it a new owner or due date",
        footer: None,
    },
];

/// The editor of a check-in line (a comment, a plus, a delta, an action item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAction {
    Save,
    NextField,
    PreviousField,
    Cancel,
}

pub const ITEM_EDITOR: &[Binding<ItemAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: ItemAction::Save,
        help: "save",
        footer: Some("save"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        action: ItemAction::NextField,
        help: "next field (who, due date)",
        footer: Some("next field"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab)],
        action: ItemAction::PreviousField,
        help: "previous field",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        action: ItemAction::Cancel,
        help: "cancel (asks if text would be lost)",
        footer: Some("cancel"),
    },
];

/// What the help overlay does with a key; any other key closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpAction {
    Up,
    Down,
    PageUp,
    PageDown,
}

pub const HELP: &[Binding<HelpAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: HelpAction::Up,
        help: "scroll up a line",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        action: HelpAction::Down,
        help: "scroll down a line",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        action: HelpAction::PageUp,
        help: "scroll up a page",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        action: HelpAction::PageDown,
        help: "scroll down a page",
        footer: None,
    },
];

/// Answers to a yes/no question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    Yes,
    No,
}

pub const CONFIRM: &[Binding<ConfirmAction>] = &[
    Binding {
        keys: &[Key::Char('y'), Key::Code(KeyCode::Enter)],
        action: ConfirmAction::Yes,
        help: "yes",
        footer: Some("yes"),
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(KeyCode::Esc), Key::Char('q')],
        action: ConfirmAction::No,
        help: "no",
        footer: Some("no"),
    },
];

/// The end of a meeting: only leaving is left to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndAction {
    Quit,
}

pub const END: &[Binding<EndAction>] = &[
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: EndAction::Quit,
        help: "quit",
        footer: Some("quit"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter), Key::Code(KeyCode::Esc)],
        action: EndAction::Quit,
        help: "quit",
        footer: Some("quit"),
    },
];
