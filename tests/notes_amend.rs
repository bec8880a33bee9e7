//! A note deleted from a past session in the logs browser is gone from
//! every file plg keeps: the record, the index cache, temporaries, locks.
//! The browser is driven through its own update path and the shell's
//! `carry_out`, as in the terminal; the index cache is built by the real
//! binary first.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::{Path, PathBuf};

use chrono::{FixedOffset, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use plg::record::index::SessionIndex;
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::screens::logs::LogsBrowser;
use plg::tui::shell::{self, Clock, FileSaver};
use plg::tui::{buffer_text, render};

use support::sessions::{self, Plan, QUIET, math9};

const NAME: &str = "Sam Lee";

/// A home with one Tuning whose second note names a student.
fn home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let path = sessions::save(
        &dir,
        &Plan {
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor"],
            presenter: Some("Ben Okafor"),
            nexts: &[5, 17],
            notes: &[
                (6, "question", "Which prompts did they see?"),
                (7, "note", "Sam Lee wrote the second sample"),
                (20, "note", "The rubric is on the back"),
            ],
            ..QUIET
        },
    );
    (home, path)
}

/// Every file under `dir`, hidden ones and those in subfolders included.
fn every_file(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            every_file(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

/// The files under `home` whose bytes hold `text`.
fn files_holding(home: &Path, text: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    every_file(home, &mut files);
    assert!(!files.is_empty());
    files
        .into_iter()
        .filter(|p| {
            // A link is read as the link itself: its target is not plg's.
            let bytes = match std::fs::symlink_metadata(p) {
                Ok(m) if m.file_type().is_symlink() => Vec::new(),
                _ => std::fs::read(p).unwrap(),
            };
            bytes.windows(text.len()).any(|w| w == text.as_bytes())
        })
        .collect()
}

struct Browser {
    app: App,
    saver: FileSaver,
    clock: Clock,
}

impl Browser {
    fn new(home: &Path) -> Browser {
        let paths = plg::paths::Paths::under(home);
        let index = SessionIndex::load(&paths.sessions_dir(), &paths.cache_dir).unwrap();
        let mut b = LogsBrowser::new(index);
        b.cache_dir = Some(paths.cache_dir.clone());
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 13, 0, 0).unwrap();
        let app = App::new(
            Screen::Logs(Box::new(b)),
            Theme::fallback(),
            now,
            FixedOffset::east_opt(-5 * 3600).unwrap(),
            Size::new(80, 24),
        );
        Browser {
            app,
            saver: FileSaver::new(&paths.sessions_dir()),
            // The shell's clock, started at a known time: the removal is stamped with it.
            clock: Clock::starting(std::time::Instant::now(), now, 1),
        }
    }

    /// A key, then what the shell does with the effects it asks for.
    fn press(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let now = self.app.now;
        let fx = self
            .app
            .update(Msg::Key(KeyEvent::new(code, modifiers)), now);
        shell::carry_out(&mut self.app, &fx, &mut self.saver, &self.clock);
    }

    fn key(&mut self, code: KeyCode) {
        self.press(code, KeyModifiers::NONE);
    }

    fn screen(&mut self) -> String {
        self.app.update(Msg::Resize(80, 24), self.app.now);
        buffer_text(&render(&self.app, 80, 24))
    }
}

#[test]
fn a_note_deleted_in_the_browser_is_gone_from_every_file_plg_keeps() {
    let (home, record) = home();
    // The index cache, built by the real binary, holds the note too.
    let out = support::plg(&["logs", "list"], home.path());
    assert!(out.status.success(), "{out:?}");
    let holding = files_holding(home.path(), NAME);
    assert!(
        holding
            .iter()
            .any(|p| p.starts_with(home.path().join("cache"))),
        "the cache holds the note before: {holding:?}"
    );
    assert!(holding.contains(&record), "{holding:?}");

    let mut b = Browser::new(home.path());
    b.key(KeyCode::Enter);
    b.press(KeyCode::Char('n'), KeyModifiers::CONTROL);
    b.key(KeyCode::Down);
    b.key(KeyCode::Delete);
    let s = b.screen();
    assert!(s.contains("Delete this note?"), "{s}");
    assert!(s.contains("out of plg's reach"), "{s}");
    insta::assert_snapshot!("logs_delete_a_note_asks_first_80x24", s);
    b.key(KeyCode::Char('y'));
    let s = b.screen();
    assert!(s.contains("Note deleted"), "{s}");
    assert!(s.contains("Notes of this session (2)"), "{s}");

    assert_eq!(
        files_holding(home.path(), NAME),
        Vec::<PathBuf>::new(),
        "no file under the data, config and cache folders holds the name"
    );
    let rec = plg::record::read_file(&record).unwrap();
    assert_eq!(rec.version, plg::record::FORMAT_VERSION);
    assert_eq!(rec.notes.len(), 2);
    assert_eq!(rec.removed_notes.len(), 1);
    let out = support::plg(&["logs", "show", "2026-09-15T1530"], home.path());
    let shown = support::stdout(&out);
    assert!(
        shown.contains("1 note removed (2026-11-25 09:00)"),
        "{shown}"
    );
    assert!(!shown.contains(NAME), "{shown}");
    // A search for the name finds nothing, in the cache or after a rebuild.
    let out = support::plg(&["logs", "list", "--search", NAME], home.path());
    assert!(!support::stdout(&out).contains("2026-09-15"), "{out:?}");
}

#[test]
fn a_note_edited_in_the_browser_keeps_only_its_new_text_and_when() {
    let (home, record) = home();
    assert!(
        support::plg(&["logs", "list"], home.path())
            .status
            .success()
    );
    let mut b = Browser::new(home.path());
    b.key(KeyCode::Enter);
    b.press(KeyCode::Char('n'), KeyModifiers::CONTROL);
    b.key(KeyCode::Down);
    b.key(KeyCode::Enter);
    assert!(b.screen().contains("Edit note"));
    b.key(KeyCode::Home);
    for _ in 0..NAME.len() {
        b.key(KeyCode::Delete);
    }
    for c in "A student".chars() {
        b.key(KeyCode::Char(c));
    }
    b.key(KeyCode::Enter);
    let s = b.screen();
    assert!(
        s.contains("Change this note?"),
        "the first change asks: {s}"
    );
    b.key(KeyCode::Char('y'));
    let s = b.screen();
    assert!(s.contains("(edited)"), "{s}");
    assert_eq!(files_holding(home.path(), NAME), Vec::<PathBuf>::new());
    let rec = plg::record::read_file(&record).unwrap();
    assert_eq!(rec.notes[1].text, "A student wrote the second sample");
    assert!(rec.notes[1].edited_at.is_some());
    assert!(rec.removed_notes.is_empty());
}

#[test]
fn a_record_open_in_a_running_meeting_is_not_rewritten() {
    let (home, record) = home();
    let before = std::fs::read(&record).unwrap();
    let mut b = Browser::new(home.path());
    b.key(KeyCode::Enter);
    b.press(KeyCode::Char('n'), KeyModifiers::CONTROL);
    let lock = plg::record::store::SessionLock::acquire(&record).unwrap();
    b.key(KeyCode::Delete);
    b.key(KeyCode::Char('y'));
    let s = b.screen();
    assert!(s.contains("Nothing changed"), "{s}");
    drop(lock);
    assert_eq!(std::fs::read(&record).unwrap(), before);
}

#[test]
fn the_notes_list_its_editor_and_its_question_draw_at_every_size() {
    let (home, _) = home();
    let mut b = Browser::new(home.path());
    b.key(KeyCode::Enter);
    b.press(KeyCode::Char('n'), KeyModifiers::CONTROL);
    let sizes = [
        (1u16, 1u16),
        (5, 3),
        (20, 6),
        (33, 9),
        (47, 12),
        (80, 24),
        (160, 45),
    ];
    let draw_all = |b: &mut Browser| {
        for (w, h) in sizes {
            b.app.update(Msg::Resize(w, h), b.app.now);
            let s = buffer_text(&render(&b.app, w, h));
            assert_eq!(s.lines().count(), h as usize);
        }
    };
    draw_all(&mut b);
    b.key(KeyCode::Enter);
    draw_all(&mut b);
    b.key(KeyCode::Esc);
    b.key(KeyCode::Delete);
    draw_all(&mut b);
}
