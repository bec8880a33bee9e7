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
    /// Any plain digit from the first to the second, shown as `0-5`.
    Digits(char, char),
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
            Key::Digits(lo, hi) => {
                matches!(ev.code, KeyCode::Char(c) if (lo..=hi).contains(&c)) && !ctrl && !alt
            }
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
            Key::Digits(lo, hi) => format!("{lo}-{hi}"),
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

/// The setup screen. Which bindings apply depends on the field in focus:
/// the screen filters the footer by [`SetupAction::applies`], and keys that
/// do not apply to a text field are typed into it.
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
    Enter,
    Help,
    Leave,
}

pub const SETUP: &[Binding<SetupAction>] = &[
    Binding {
        keys: &[Key::Char(' '), Key::Char('x')],
        action: SetupAction::Toggle,
        help: "mark a member present or absent; on a role, the next person",
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
        keys: &[Key::Code(KeyCode::Tab), Key::Code(KeyCode::Down)],
        action: SetupAction::Next,
        help: "next field",
        footer: Some("next"),
    },
    Binding {
        keys: &[Key::Code(KeyCode::BackTab), Key::Code(KeyCode::Up)],
        action: SetupAction::Previous,
        help: "previous field",
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

/// The footer: `key word` pairs of bindings that have a footer word.
pub fn footer<A: Copy>(table: &[Binding<A>]) -> Vec<(String, String)> {
    footer_where(table, |_| true)
}

/// The footer of the bindings for which `shown` holds: a screen whose keys
/// depend on what is selected shows only those that apply.
pub fn footer_where<A: Copy>(
    table: &[Binding<A>],
    shown: impl Fn(A) -> bool,
) -> Vec<(String, String)> {
    table
        .iter()
        .filter(|b| shown(b.action))
        .filter_map(|b| {
            let first = b.keys.first()?;
            b.footer.map(|f| (first.label(), f.to_string()))
        })
        .collect()
}

/// Help rows: (keys, description).
pub fn help_rows<A: Copy>(table: &[Binding<A>]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|b| (b.keys_label(), b.help.to_string()))
        .collect()
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

    /// Every key event a table could bind: plain, Ctrl and Alt characters and keys.
    fn every_event() -> Vec<KeyEvent> {
        let codes = [
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
        ];
        let mut out = Vec::new();
        for m in [KeyModifiers::NONE, KeyModifiers::CONTROL, KeyModifiers::ALT] {
            out.extend((' '..='~').map(|c| press(KeyCode::Char(c), m)));
            out.extend(codes.iter().map(|c| press(*c, m)));
        }
        out
    }

    /// The actions `table` binds to `ev`, one per binding that matches.
    fn meanings<A: Copy + PartialEq>(table: &[Binding<A>], ev: &KeyEvent) -> Vec<A> {
        let mut found: Vec<A> = Vec::new();
        for b in table
            .iter()
            .filter(|b| b.keys.iter().any(|k| k.matches(ev)))
        {
            if !found.contains(&b.action) {
                found.push(b.action);
            }
        }
        found
    }

    fn one_meaning_each<A: Copy + PartialEq + std::fmt::Debug>(name: &str, table: &[Binding<A>]) {
        for ev in every_event() {
            let m = meanings(table, &ev);
            assert!(m.len() <= 1, "{name}: {ev:?} means {m:?}");
        }
        let mut labels: Vec<String> = table
            .iter()
            .flat_map(|b| b.keys)
            .map(|k| k.label())
            .collect();
        let all = labels.len();
        labels.sort();
        labels.dedup();
        assert_eq!(
            labels.len(),
            all,
            "{name}: a key is listed twice in the help"
        );
    }

    #[test]
    fn no_key_has_two_meanings_in_one_screen() {
        one_meaning_each("runner", RUNNER);
        one_meaning_each("editor", EDITOR);
        one_meaning_each("attendance", ATTENDANCE);
        one_meaning_each("check-in", CHECKIN);
        one_meaning_each("check-in line", ITEM_EDITOR);
        one_meaning_each("confirm", CONFIRM);
        one_meaning_each("launcher", LIST);
        one_meaning_each("setup", SETUP);
        one_meaning_each("logs list", LOGS_LIST);
        one_meaning_each("logs search", LOGS_SEARCH);
        one_meaning_each("logs detail", LOGS_DETAIL);
        one_meaning_each("end", END);
    }

    #[test]
    fn the_logs_help_gives_g_to_the_group_filter_only() {
        let rows = help_rows(LOGS_LIST);
        let g: Vec<&(String, String)> = rows
            .iter()
            .filter(|(k, _)| k.split('/').any(|k| k == "g"))
            .collect();
        assert_eq!(g.len(), 1, "{rows:?}");
        assert!(g[0].1.contains("group"), "{rows:?}");
    }

    #[test]
    fn digits_match_their_range_only() {
        let k = Key::Digits('0', '5');
        assert!(k.matches(&press(KeyCode::Char('5'), KeyModifiers::NONE)));
        assert!(!k.matches(&press(KeyCode::Char('6'), KeyModifiers::NONE)));
        assert!(!k.matches(&press(KeyCode::Char('1'), KeyModifiers::CONTROL)));
        assert_eq!(k.label(), "0-5");
    }

    #[test]
    fn labels_read_like_keys() {
        assert_eq!(Key::Ctrl('r').label(), "Ctrl-R");
        assert_eq!(Key::Char(' ').label(), "Space");
        assert_eq!(RUNNER[1].keys_label(), "n/→");
        assert_eq!(Key::Alt(KeyCode::Enter).label(), "Alt-Enter");
    }
}
