//! Closing an action item on screen, end to end over real files: marked
//! done in the setup of the next meeting, it is in that meeting's record
//! and no longer open when the one after is set up; closed from the logs
//! browser, it is in a follow-up record and `plg actions --open` drops it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use plg::meeting::session::{ActionField, ItemState, starter_norms};
use plg::record::history::group_history;
use plg::record::index::SessionIndex;
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::outcome::Effects;
use plg::tui::screens::logs::LogsBrowser;
use plg::tui::screens::setup::SetupScreen;
use plg::tui::shell::{FileSaver, Saver};
use plg::tui::{buffer_text, render};

use support::sessions::{Plan, QUIET, math9, save};

fn group() -> plg::group::Group {
    plg::group::check(
        "id: math9\nname: Grade 9 Math PLG\nfacilitator: Ana Ruiz\nmembers: [Ana Ruiz, Ben Okafor, Chen Li]\n",
    )
    .value
    .unwrap()
}

fn year() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 8, 1).unwrap()
}

fn offset() -> FixedOffset {
    FixedOffset::west_opt(4 * 3600).unwrap()
}

fn press(app: &mut App, code: KeyCode, mods: KeyModifiers, now: DateTime<Utc>) -> Effects {
    app.update(Msg::Key(KeyEvent::new(code, mods)), now)
}

fn key(app: &mut App, code: KeyCode, now: DateTime<Utc>) -> Effects {
    press(app, code, KeyModifiers::NONE, now)
}

fn ctrl(app: &mut App, c: char, now: DateTime<Utc>) -> Effects {
    press(app, KeyCode::Char(c), KeyModifiers::CONTROL, now)
}

/// The setup of math9's next Tuning, over what the folder holds.
fn setup(dir: &Path, now: DateTime<Utc>) -> App {
    let history = group_history(dir, "math9", year());
    let screen = SetupScreen::for_group(
        plg::protocol::builtin("tuning").unwrap(),
        &group(),
        starter_norms(),
        history,
    );
    App::new(
        Screen::Setup(Box::new(screen)),
        Theme::fallback(),
        now,
        offset(),
        Size::new(100, 30),
    )
}

fn earlier(app: &App) -> Vec<(String, ItemState)> {
    match &app.screen {
        Screen::Setup(s) => s
            .earlier
            .iter()
            .map(|t| (t.text.clone(), t.state))
            .collect(),
        _ => panic!("not the setup"),
    }
}

/// A home folder whose first math9 meeting wrote two action items.
fn first_meeting() -> (tempfile::TempDir, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    plg::record::store::ensure_dir(&dir).unwrap();
    let first = save(
        &dir,
        &Plan {
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor", "Chen Li"],
            actions: &[
                ("Share the revised rubric", "Ben Okafor", None, false),
                ("Book the library", "Chen Li", Some("2026-10-01"), false),
            ],
            ..QUIET
        },
    );
    (home, first)
}

#[test]
fn an_item_marked_done_in_setup_is_in_the_next_record_and_no_longer_open() {
    let (home, first) = first_meeting();
    let dir = home.path().join("sessions");
    let now = Utc.with_ymd_and_hms(2026, 9, 22, 19, 25, 0).unwrap();
    let mut app = setup(&dir, now);
    assert_eq!(
        earlier(&app),
        [
            ("Share the revised rubric".to_string(), ItemState::Open),
            ("Book the library".to_string(), ItemState::Open),
        ]
    );
    // Shift-Tab from the first panel wraps round to the open items.
    key(&mut app, KeyCode::BackTab, now);
    ctrl(&mut app, 'd', now);
    assert_eq!(earlier(&app)[0].1, ItemState::Done, "shown at once");
    // Tab wraps round to who is here: everyone is.
    key(&mut app, KeyCode::Tab, now);
    key(&mut app, KeyCode::Char('a'), now);
    let fx = key(&mut app, KeyCode::Enter, now);
    assert!(fx.save, "the record is written as the meeting starts");
    let mut saver = FileSaver::new(&dir);
    let second = saver.save(&app.record().unwrap()).unwrap();

    let rec = plg::record::read_file(&second).unwrap();
    assert_eq!(rec.action_changes.len(), 1, "{:?}", rec.action_changes);
    let c = &rec.action_changes[0];
    assert_eq!(
        (
            c.session.as_str(),
            c.item,
            c.field,
            c.from.as_deref(),
            c.to.as_deref()
        ),
        (
            first.file_stem().unwrap().to_str().unwrap(),
            0,
            ActionField::State,
            Some("open"),
            Some("done")
        )
    );
    assert_eq!(c.at.offset(), &offset(), "kept in local time");

    // Resumed after a crash, the check-in still lists the other item open
    // from the first meeting (and not the one it closed).
    let ctx = plg::commands::Ctx {
        paths: plg::paths::Paths::under(home.path()),
        tty: false,
        color: false,
        no_color: true,
        theme: None,
    };
    let resumed = plg::commands::resume::app_for(
        &rec,
        &second,
        &ctx,
        Theme::mono(),
        &plg::commands::resume::clock_for(&rec),
    )
    .unwrap();
    let listed: Vec<&str> = resumed
        .meeting()
        .unwrap()
        .check_in_earlier()
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert_eq!(listed, ["Book the library"]);

    // The meeting after: only the library is still open.
    let later = Utc.with_ymd_and_hms(2026, 9, 29, 19, 25, 0).unwrap();
    let app = setup(&dir, later);
    assert_eq!(
        earlier(&app),
        [("Book the library".to_string(), ItemState::Open)]
    );
}

#[test]
fn a_setup_left_without_starting_keeps_its_changes_in_a_follow_up() {
    let (home, _) = first_meeting();
    let dir = home.path().join("sessions");
    let now = Utc.with_ymd_and_hms(2026, 9, 22, 19, 25, 0).unwrap();
    let mut app = setup(&dir, now);
    key(&mut app, KeyCode::BackTab, now);
    key(&mut app, KeyCode::Down, now);
    // Dropped through the dialog.
    ctrl(&mut app, 'e', now);
    key(&mut app, KeyCode::Right, now);
    key(&mut app, KeyCode::Right, now);
    key(&mut app, KeyCode::Enter, now);
    assert_eq!(earlier(&app)[1].1, ItemState::Dropped);
    key(&mut app, KeyCode::Esc, now);
    let Some(plg::tui::outcome::Overlay::Confirm(q)) = &app.overlay else {
        panic!("leaving with a change asks first");
    };
    assert!(q.text.contains("follow-up record"), "{}", q.text);
    let fx = key(&mut app, KeyCode::Char('y'), now);
    assert!(fx.quit);
    let mut out = Vec::new();
    plg::commands::run::keep_setup_changes(&app, &dir, &mut out).unwrap();
    let said = String::from_utf8(out).unwrap();
    assert!(said.contains("1 change to action items kept in"), "{said}");
    let (followups, damaged) = plg::record::followup::read_all(&dir);
    assert!(damaged.is_empty(), "{damaged:?}");
    assert_eq!(followups.len(), 1);
    assert_eq!(
        followups[0].1.action_changes[0].to.as_deref(),
        Some("dropped")
    );
    let app = setup(&dir, now);
    assert_eq!(
        earlier(&app),
        [("Share the revised rubric".to_string(), ItemState::Open)]
    );
}

#[test]
fn closed_from_the_logs_browser_it_is_in_one_follow_up_and_no_longer_listed_open() {
    let (home, _) = first_meeting();
    let dir = home.path().join("sessions");
    let listed = |home: &Path| {
        let out = support::plg(&["actions", "--open"], home);
        assert!(out.status.success(), "{out:?}");
        support::stdout(&out)
    };
    assert!(listed(home.path()).contains("Share the revised rubric"));

    let index = SessionIndex::load_uncached(&dir).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 9, 20, 13, 0, 0).unwrap();
    let mut app = App::new(
        Screen::Logs(Box::new(LogsBrowser::new(index))),
        Theme::fallback(),
        now,
        offset(),
        Size::new(100, 30),
    );
    let fx = key(&mut app, KeyCode::Enter, now);
    let path = fx.open.expect("the record is read");
    let rec = plg::record::read_file(&path)
        .map(Box::new)
        .map_err(|e| e.to_string());
    app.update(Msg::Opened(path, rec), now);
    // Do what the shell does with a follow-up: write it and say how it went.
    let write = |app: &mut App, fx: Effects| {
        let w = fx.follow_up.expect("a follow-up to write");
        let path = w.target();
        plg::record::followup::save(&path, &w.record).unwrap();
        app.update(Msg::FollowUpSaved(Ok(path.clone())), now);
        path
    };
    key(&mut app, KeyCode::Tab, now);
    let fx = ctrl(&mut app, 'd', now);
    let first_file = write(&mut app, fx);
    // A second change in the same sitting replaces that same file.
    key(&mut app, KeyCode::Tab, now);
    ctrl(&mut app, 'e', now);
    key(&mut app, KeyCode::Down, now);
    for _ in 0..12 {
        key(&mut app, KeyCode::Backspace, now);
    }
    for c in "ben".chars() {
        key(&mut app, KeyCode::Char(c), now);
    }
    key(&mut app, KeyCode::Tab, now);
    let fx = key(&mut app, KeyCode::Enter, now);
    assert_eq!(write(&mut app, fx), first_file, "one file per sitting");

    // The detail shows each item as it stands now, the changed one selected.
    app.update(Msg::Resize(80, 24), now);
    let screen = buffer_text(&render(&app, 80, 24));
    assert!(
        screen.contains("✓ Share the revised rubric (done, Ben Okafor"),
        "{screen}"
    );
    insta::assert_snapshot!("logs_detail_with_a_changed_item_80x24", screen);

    let (followups, _) = plg::record::followup::read_all(&dir);
    assert_eq!(followups.len(), 1);
    let changes = &followups[0].1.action_changes;
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert_eq!(changes[1].to.as_deref(), Some("Ben Okafor"));

    let open = listed(home.path());
    assert!(!open.contains("Share the revised rubric"), "{open}");
    assert!(open.contains("Book the library"), "{open}");
}
