//! The `plg logs` browser, drawn off-screen over realistic sessions: the
//! table, a search with its matches, the detail view, filters and scrolling.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use chrono::{FixedOffset, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Size;

use plg::record::index::SessionIndex;
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::screens::logs::{DetailState, LogsBrowser};
use plg::tui::{buffer_text, render};

struct Browser {
    app: App,
    _home: tempfile::TempDir,
}

impl Browser {
    fn new() -> Browser {
        Browser::over(support::sessions::home())
    }

    fn over(home: tempfile::TempDir) -> Browser {
        let index = SessionIndex::load_uncached(&home.path().join("sessions")).unwrap();
        let app = App::new(
            Screen::Logs(Box::new(LogsBrowser::new(index))),
            Theme::fallback(),
            Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
            FixedOffset::east_opt(-5 * 3600).unwrap(),
            Size::new(110, 22),
        );
        Browser { app, _home: home }
    }

    fn key(&mut self, code: KeyCode) -> plg::tui::outcome::Effects {
        let now = self.app.now;
        let fx = self
            .app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
        // Do what the shell does with an open request.
        if let Some(path) = fx.open.clone() {
            let rec = plg::record::read_file(&path)
                .map(Box::new)
                .map_err(|e| e.to_string());
            self.app.update(Msg::Opened(path, rec), now);
        }
        fx
    }

    fn text(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// The screen as text, with the temporary home folder's name masked so
    /// snapshots do not change from run to run (the name's length is fixed).
    fn screen(&self) -> String {
        let home = self._home.path().display().to_string();
        let masked = format!("/tmp/{}", "#".repeat(home.len().saturating_sub(5)));
        buffer_text(&render(&self.app, 110, 22)).replace(&home, &masked)
    }

    fn browser(&self) -> &LogsBrowser {
        match &self.app.screen {
            Screen::Logs(b) => b,
            _ => panic!("not the browser"),
        }
    }
}

#[test]
fn the_table_lists_sessions_newest_first_and_names_a_damaged_file() {
    let mut b = Browser::new();
    let s = b.screen();
    assert!(s.contains("4 of 5"), "the rehearsal is hidden:\n{s}");
    assert!(
        s.contains("2026-10-01T1200_math9_tuning.yaml:2:"),
        "the damaged record is named with its line:\n{s}"
    );
    let dates: Vec<&str> = s
        .lines()
        .filter_map(|l| l.get(0..10))
        .filter(|d| d.starts_with("2026-"))
        .collect();
    assert_eq!(
        dates,
        ["2026-10-20", "2026-10-06", "2026-09-15", "2026-09-08"]
    );
    insta::assert_snapshot!(s);

    // r shows rehearsals too, marked as such; r again (or Esc) hides them.
    b.key(KeyCode::Char('r'));
    let s = b.screen();
    assert!(s.contains("5 of 5 · with rehearsals"), "{s}");
    assert!(s.contains("completed, rehear"), "{s}");
    let first = s.lines().find(|l| l.starts_with("2026-")).unwrap();
    assert!(first.starts_with("2026-11-23"), "newest first:\n{s}");
    b.key(KeyCode::Char('r'));
    assert!(b.screen().contains("4 of 5"));
    b.key(KeyCode::Char('r'));
    b.key(KeyCode::Esc);
    assert!(b.screen().contains("4 of 5"), "Esc hides them again");
}

#[test]
fn a_search_keeps_matching_sessions_and_highlights_the_match() {
    let mut b = Browser::new();
    b.key(KeyCode::Char('/'));
    b.text("sentence frames");
    let typing = b.screen();
    assert!(typing.contains("Search: sentence frames"), "{typing}");
    b.key(KeyCode::Enter);
    let s = b.screen();
    assert!(s.contains("2 of 5 · search “sentence frames”"), "{s}");
    assert!(
        s.contains("↳ note (Examine the work, warm): The sentence frames clearly helped."),
        "{s}"
    );
    assert!(
        !s.contains("Consultancy"),
        "sessions without a match are gone:\n{s}"
    );
    insta::assert_snapshot!(s);

    // The matched words are drawn in the highlight style, the rest of the line is not.
    let buf = render(&b.app, 110, 22);
    let (row, line) = s
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("↳ note"))
        .unwrap();
    let col = line
        .find("sentence")
        .map(|byte| line[..byte].chars().count())
        .unwrap() as u16;
    let hit = Theme::fallback().palette.selection;
    assert_eq!(buf[(col, row as u16)].bg, hit);
    assert_ne!(buf[(col - 2, row as u16)].bg, hit);

    b.key(KeyCode::Esc);
    assert!(b.screen().contains("4 of 5"), "Esc clears the search");
}

#[test]
fn enter_opens_the_session_in_full() {
    let mut b = Browser::new();
    b.key(KeyCode::Down);
    b.key(KeyCode::Down);
    let fx = b.key(KeyCode::Enter);
    assert!(
        fx.open
            .unwrap()
            .ends_with("2026-09-15T1530_math9_tuning.yaml")
    );
    let s = b.screen();
    assert!(s.contains("Tuning Protocol — Grade 9 Math PLG"), "{s}");
    assert!(
        s.contains("Present (3): Ana Ruiz, Ben Okafor, Chen Li"),
        "{s}"
    );
    insta::assert_snapshot!(s);

    // Scrolling reaches the check-in, plus/delta and action items.
    for _ in 0..60 {
        b.key(KeyCode::Down);
    }
    let end = b.screen();
    assert!(
        end.contains("Share the revised rubric") && end.contains("Book the library"),
        "{end}"
    );
    assert!(
        end.lines()
            .nth(3)
            .is_some_and(|l| !l.trim_matches(['│', ' ']).is_empty()),
        "the last page stays full:\n{end}"
    );

    // n and p move between sessions, as they move between phases in the runner.
    b.key(KeyCode::Char('n'));
    assert!(
        b.screen()
            .contains("Tuning Protocol — Grade 9 Math PLG (math9)")
            || b.screen().contains("written in record format 1")
    );
    b.key(KeyCode::Esc);
    assert!(b.browser().detail.is_none());
}

#[test]
fn the_mouse_wheel_scrolls_the_detail() {
    let mut b = Browser::new();
    for _ in 0..2 {
        b.key(KeyCode::Down);
    }
    b.key(KeyCode::Enter);
    let now = b.app.now;
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 10,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    b.app.update(Msg::Mouse(wheel), now);
    let d = b.browser().detail.as_ref().unwrap();
    assert!(matches!(d.state, DetailState::Loaded(..)));
    assert_eq!(d.scroll, 3);
}

#[test]
fn g_and_p_filter_by_group_and_protocol_in_turn() {
    let mut b = Browser::new();
    b.key(KeyCode::Char('g'));
    let s = b.screen();
    assert!(
        s.contains("group: Grade 7 Science") && s.contains("1 of 5"),
        "{s}"
    );
    b.key(KeyCode::Char('g'));
    assert!(
        b.screen().contains("3 of 5 · group: Grade 9 Math PLG"),
        "the rehearsal is hidden:\n{}",
        b.screen()
    );
    b.key(KeyCode::Char('p'));
    let s = b.screen();
    assert!(
        s.contains("protocol: Consultancy") && s.contains("1 of 5"),
        "{s}"
    );
    b.key(KeyCode::Esc);
    assert!(b.screen().contains("4 of 5"));
}

#[test]
fn an_agenda_meeting_opens_with_its_items_and_their_outcomes() {
    let mut b = Browser::over(support::agenda::home(false));
    let list = b.screen();
    assert!(list.contains("Weekly PLG meeting: Con"), "{list}");
    b.key(KeyCode::Enter);
    let s = b.screen();
    assert!(
        s.contains("Weekly PLG meeting — Grade 9 Math PLG (g)"),
        "{s}"
    );
    insta::assert_snapshot!(s);
    // Further down: each item with its times, the decision in logistics.
    for _ in 0..19 {
        b.key(KeyCode::Down);
    }
    let items = b.screen();
    assert!(
        items.contains("3. Logistics and next steps  5:00 / 5:00"),
        "{items}"
    );
    assert!(items.contains(support::agenda::DECIDED), "{items}");
    insta::assert_snapshot!(items);
}
