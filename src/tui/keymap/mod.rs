//! Key bindings, one table per context. The same tables decide what a key
//! does, fill the footer and generate the help overlay, so the help can
//! never disagree with the behaviour.
//!
//! The tables live by screen: [`meeting`] for everything during a meeting,
//! [`lists`] for the launcher, the setup and the logs. A key a later
//! feature adds takes Ctrl- or another modifier, never a plain letter:
//! a protocol's note kinds may claim any plain letter the runner leaves.

mod lists;
mod meeting;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use lists::*;
pub use meeting::*;

/// A key as a table names it.
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
        one_meaning_each("saved notes", SAVED_NOTES);
        one_meaning_each("check-in", CHECKIN);
        one_meaning_each("check-in line", ITEM_EDITOR);
        one_meaning_each("confirm", CONFIRM);
        one_meaning_each("help", HELP);
        one_meaning_each("launcher", LIST);
        one_meaning_each("setup", SETUP);
        one_meaning_each("logs list", LOGS_LIST);
        one_meaning_each("logs search", LOGS_SEARCH);
        one_meaning_each("logs detail", LOGS_DETAIL);
        one_meaning_each("end", END);
        one_meaning_each("action item", ACTION_DIALOG);
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
