//! Key bindings, one table per context. The same tables decide what a key
//! does, fill the footer and generate the help overlay, so the help can
//! never disagree with the behaviour.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Alt(KeyCode),
    Code(KeyCode),
}

impl Key {
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => ev.code == KeyCode::Char(c) && !ctrl && !alt,
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Alt(code) => alt && ev.code == code,
            Key::Code(code) => ev.code == code && !ctrl && !alt,
        }
    }

    pub fn label(self) -> String {
        fn code(c: KeyCode) -> String {
            match c {
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::Char(' ') => "Space".into(),
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            }
        }
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Alt(c) => format!("Alt-{}", code(c)),
            Key::Code(c) => code(c),
        }
    }
}

/// A key (or several) bound to an action, with the words the help shows.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    pub action: A,
    /// The help overlay's description.
    pub help: &'static str,
    /// The footer's short word, when the binding is worth a place there.
    pub footer: Option<&'static str>,
}

impl<A: Copy> Binding<A> {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The action bound to a key event in `table`.
pub fn lookup<A: Copy>(table: &[Binding<A>], ev: &KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.action)
}

/// What the phase screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerAction {
    TogglePause,
    Next,
    Previous,
    AddMinute,
    RemoveMinute,
    Rebalance,
    Note,
    Attendance,
    ToggleFacilitator,
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
        help: "one more minute for this phase",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('-')],
        action: RunnerAction::RemoveMinute,
        help: "one minute less for this phase",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('r')],
        action: RunnerAction::Rebalance,
        help: "rebalance: shrink the remaining phases to end on time",
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
        keys: &[Key::Char('f')],
        action: RunnerAction::ToggleFacilitator,
        help: "show or hide facilitator notes (projection mode)",
        footer: Some("facilitator"),
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

/// What the check-in screen does with keys before the runner sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinAction {
    Up,
    Down,
    Edit,
    Remove,
}

pub const CHECKIN: &[Binding<CheckinAction>] = &[
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
        help: "remove the selected plus, delta or action item (asks first)",
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

/// Moving through a list (launcher, logs, setup).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Help,
    Quit,
}

pub const LIST: &[Binding<ListAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        action: ListAction::Up,
        help: "move up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        action: ListAction::Down,
        help: "move down",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        action: ListAction::PageUp,
        help: "page up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        action: ListAction::PageDown,
        help: "page down",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home), Key::Char('g')],
        action: ListAction::Top,
        help: "first",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End), Key::Char('G')],
        action: ListAction::Bottom,
        help: "last",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: ListAction::Open,
        help: "open",
        footer: Some("open"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: ListAction::Help,
        help: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Char('q'), Key::Code(KeyCode::Esc), Key::Ctrl('c')],
        action: ListAction::Quit,
        help: "quit",
        footer: Some("quit"),
    },
];

/// The footer: `key word` pairs of bindings that have a footer word.
pub fn footer<A: Copy>(table: &[Binding<A>]) -> Vec<(String, &'static str)> {
    table
        .iter()
        .filter_map(|b| b.footer.map(|f| (b.keys[0].label(), f)))
        .collect()
}

/// Help rows: (keys, description).
pub fn help_rows<A: Copy>(table: &[Binding<A>]) -> Vec<(String, &'static str)> {
    table.iter().map(|b| (b.keys_label(), b.help)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::model::RUNNER_KEYS;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn every_plain_character_the_runner_binds_is_reserved_for_protocols() {
        for b in RUNNER {
            for k in b.keys {
                if let Key::Char(c) = k {
                    assert!(
                        RUNNER_KEYS.contains(c),
                        "the runner binds {c:?}, which note kinds may claim"
                    );
                }
            }
        }
    }

    #[test]
    fn control_keys_are_not_plain_keys() {
        assert_eq!(
            lookup(RUNNER, &press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(RunnerAction::Rebalance)
        );
        assert_eq!(
            lookup(RUNNER, &press(KeyCode::Char('r'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            lookup(RUNNER, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(RunnerAction::Quit)
        );
    }

    #[test]
    fn alt_enter_is_a_new_line_and_enter_saves() {
        assert_eq!(
            lookup(EDITOR, &press(KeyCode::Enter, KeyModifiers::ALT)),
            Some(EditorAction::NewLine)
        );
        assert_eq!(
            lookup(EDITOR, &press(KeyCode::Enter, KeyModifiers::NONE)),
            Some(EditorAction::Save)
        );
    }

    #[test]
    fn labels_read_like_keys() {
        assert_eq!(Key::Ctrl('r').label(), "Ctrl-R");
        assert_eq!(Key::Char(' ').label(), "Space");
        assert_eq!(RUNNER[1].keys_label(), "n/→");
        assert_eq!(Key::Alt(KeyCode::Enter).label(), "Alt-Enter");
    }
}
