//! The keys of the screens around a meeting: the launcher's list, the
//! setup, and the logs browser (list, search, detail).

use ratatui::crossterm::event::KeyCode;

use super::{Binding, Key};

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

/// The setup screen. Which bindings apply depends on the field in focus:
/// the screen shows only those in its footer, and keys that do not apply
/// to a text field are typed into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupAction {
    Toggle,
    All,
    RemoveGuest,
    RoleNext,
    RolePrevious,
    Count,
    Next,
    Previous,
    Down,
    Up,
    Enter,
    Help,
    Leave,
    /// An earlier action item: done, or open again.
    Done,
    /// An earlier action item: its state, owner or due date.
    Change,
}

pub const SETUP: &[Binding<SetupAction>] = &[
    Binding {
        keys: &[Key::Char(' '), Key::Char('x')],
        action: SetupAction::Toggle,
        help: "mark a member present or absent; on a role, the next person; on an optional phase, leave it out or keep it; on an agenda's protocol, the list to choose it from",
        footer: Some("present"),
    },
    Binding {
        keys: &[Key::Char('a')],
        action: SetupAction::All,
        help: "mark every member present (or none)",
        footer: Some("all"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Delete), Key::Code(KeyCode::Backspace)],
        action: SetupAction::RemoveGuest,
        help: "remove the selected guest",
        footer: Some("remove guest"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        action: SetupAction::RoleNext,
        help: "the next person for a role",
        footer: Some("who"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        action: SetupAction::RolePrevious,
        help: "the previous person for a role",
        footer: None,
    },
    Binding {
        keys: &[Key::Digits('0', '9')],
        action: SetupAction::Count,
        help: "how many people are here, when nobody is marked",
        footer: Some("people"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        action: SetupAction::Next,
        help: "next panel: who is here, roles, the work, optional phases",
        footer: Some("panel"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab)],
        action: SetupAction::Previous,
        help: "previous panel",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        action: SetupAction::Down,
        help: "next line in this panel",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: SetupAction::Up,
        help: "previous line in this panel",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: SetupAction::Enter,
        help: "in the guest field: add the guest; anywhere else: start the meeting",
        footer: Some("start"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: SetupAction::Help,
        help: "this help (outside text fields)",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Ctrl('c')],
        action: SetupAction::Leave,
        help: "leave without starting (asks if anything changed)",
        footer: Some("quit"),
    },
    Binding {
        keys: &[Key::Ctrl('d')],
        action: SetupAction::Done,
        help: "an action item from an earlier session: mark it done (again to reopen it)",
        footer: Some("done"),
    },
    Binding {
        keys: &[Key::Ctrl('e')],
        action: SetupAction::Change,
        help: "an action item from an earlier session: drop it, or give it a new owner or due date",
        footer: Some("change"),
    },
];

/// The list of past sessions (`plg logs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogsAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Search,
    Group,
    Protocol,
    Rehearsals,
    Clear,
    Help,
    Quit,
}

pub const LOGS_LIST: &[Binding<LogsAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        action: LogsAction::Up,
        help: "move up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        action: LogsAction::Down,
        help: "move down",
        footer: Some("move"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        action: LogsAction::PageUp,
        help: "page up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown)],
        action: LogsAction::PageDown,
        help: "page down",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home)],
        action: LogsAction::Top,
        help: "first",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End), Key::Char('G')],
        action: LogsAction::Bottom,
        help: "last",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: LogsAction::Open,
        help: "open the session in full",
        footer: Some("open"),
    },
    Binding {
        keys: &[Key::Char('/')],
        action: LogsAction::Search,
        help: "search all text: notes, questions, comments, plus/delta, actions",
        footer: Some("search"),
    },
    Binding {
        keys: &[Key::Char('g')],
        action: LogsAction::Group,
        help: "next group filter (then all)",
        footer: Some("group"),
    },
    Binding {
        keys: &[Key::Char('p')],
        action: LogsAction::Protocol,
        help: "next protocol filter (then all)",
        footer: Some("protocol"),
    },
    Binding {
        keys: &[Key::Char('r')],
        action: LogsAction::Rehearsals,
        help: "show rehearsals (plg run --speed N) too, or hide them again",
        footer: Some("rehearsals"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        action: LogsAction::Clear,
        help: "clear the search and filters; with none, quit",
        footer: Some("clear"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: LogsAction::Help,
        help: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Char('q'), Key::Ctrl('c')],
        action: LogsAction::Quit,
        help: "quit",
        footer: Some("quit"),
    },
];

/// Typing a search in the list of past sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchAction {
    Apply,
    Cancel,
}

pub const LOGS_SEARCH: &[Binding<SearchAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: SearchAction::Apply,
        help: "search",
        footer: Some("search"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        action: SearchAction::Cancel,
        help: "cancel the search being typed",
        footer: Some("cancel"),
    },
];

/// One past session shown in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailAction {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Next,
    Previous,
    Back,
    Help,
    /// Selects the session's next action item.
    NextItem,
    PreviousItem,
    /// The selected action item: done, or open again.
    Done,
    /// The selected action item: its state, owner or due date.
    Change,
    /// The session's notes, to edit or delete one.
    Notes,
}

pub const LOGS_DETAIL: &[Binding<DetailAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Up), Key::Char('k')],
        action: DetailAction::Up,
        help: "scroll up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down), Key::Char('j')],
        action: DetailAction::Down,
        help: "scroll down",
        footer: Some("scroll"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageUp)],
        action: DetailAction::PageUp,
        help: "a page up",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::PageDown), Key::Char(' ')],
        action: DetailAction::PageDown,
        help: "a page down",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Home), Key::Char('g')],
        action: DetailAction::Top,
        help: "top",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::End), Key::Char('G')],
        action: DetailAction::Bottom,
        help: "bottom",
        footer: None,
    },
    Binding {
        keys: &[Key::Char('n'), Key::Code(KeyCode::Right)],
        action: DetailAction::Next,
        help: "next session",
        footer: Some("next"),
    },
    Binding {
        keys: &[Key::Char('p'), Key::Code(KeyCode::Left)],
        action: DetailAction::Previous,
        help: "previous session",
        footer: Some("previous"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc), Key::Code(KeyCode::Backspace)],
        action: DetailAction::Back,
        help: "back to the list",
        footer: Some("back"),
    },
    Binding {
        keys: &[Key::Char('?')],
        action: DetailAction::Help,
        help: "this help",
        footer: Some("help"),
    },
    Binding {
        keys: &[Key::Char('q')],
        action: DetailAction::Back,
        help: "back to the list",
        footer: Some("back"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        action: DetailAction::NextItem,
        help: "select the session's next action item",
        footer: Some("item"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab)],
        action: DetailAction::PreviousItem,
        help: "select the previous action item",
        footer: None,
    },
    Binding {
        keys: &[Key::Ctrl('d')],
        action: DetailAction::Done,
        help: "the selected action item: mark it done (again to reopen it); kept in a follow-up record",
        footer: Some("done"),
    },
    Binding {
        keys: &[Key::Ctrl('e')],
        action: DetailAction::Change,
        help: "the selected action item: drop it, or give it a new owner or due date",
        footer: Some("change"),
    },
    Binding {
        keys: &[Key::Ctrl('n')],
        action: DetailAction::Notes,
        help: "the session's notes: edit or delete one (rewrites the record; asks first)",
        footer: Some("notes"),
    },
];

/// The dialog that changes an action item: its state, owner and due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogAction {
    Save,
    Cancel,
    /// Tab: takes the name offered, else the next field.
    Next,
    Previous,
    Down,
    Up,
    /// →: the next state, or takes the name offered.
    Right,
    Left,
    /// Space on the state: the next state (in a text field it is typed).
    Cycle,
}

pub const ACTION_DIALOG: &[Binding<DialogAction>] = &[
    Binding {
        keys: &[Key::Code(KeyCode::Enter)],
        action: DialogAction::Save,
        help: "save the change",
        footer: Some("save"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::Tab)],
        action: DialogAction::Next,
        help: "take the name offered; else the next field",
        footer: Some("next / take name"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab)],
        action: DialogAction::Previous,
        help: "previous field",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Down)],
        action: DialogAction::Down,
        help: "next field",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Up)],
        action: DialogAction::Up,
        help: "previous field",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Right)],
        action: DialogAction::Right,
        help: "on the state: the next one; on the owner: take the name offered",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Left)],
        action: DialogAction::Left,
        help: "on the state: the previous one",
        footer: None,
    },
    Binding {
        keys: &[Key::Char(' ')],
        action: DialogAction::Cycle,
        help: "on the state: open, done, dropped in turn",
        footer: None,
    },
    Binding {
        keys: &[Key::Code(KeyCode::Esc)],
        action: DialogAction::Cancel,
        help: "close without changing anything",
        footer: Some("cancel"),
    },
];
