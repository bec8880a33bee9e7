//! Drawing the phase screen and handling a key, the two things the runner
//! does on every event. Target: well under 1 ms per frame.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark fails loudly on bad setup

use std::hint::black_box;

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use plg::meeting::session::{Setup, starter_norms};
use plg::meeting::{Command, Meeting, Rounds};
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::screens::meeting::MeetingScreen;
use plg::tui::screens::room::{self, RoomScreen};

fn tuning_with_notes(notes: usize) -> App {
    let tuning = plg::protocol::builtin("tuning").expect("the built-in tuning protocol is valid");
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
    let mut meeting = Meeting::start(tuning, &Rounds::default(), t0);
    meeting.update(Command::Next, t0 + TimeDelta::minutes(5));
    for i in 0..notes {
        meeting.update(
            Command::AddNote {
                kind: "question".into(),
                text: format!(
                    "Question {i}: how did students decide which representation to use first?"
                ),
            },
            t0 + TimeDelta::minutes(6) + TimeDelta::seconds(i as i64),
        );
    }
    let setup = Setup {
        norms: starter_norms(),
        ..Setup::default()
    };
    let screen = Screen::Meeting(Box::new(MeetingScreen::new(meeting, setup)));
    let offset = FixedOffset::east_opt(3600).unwrap();
    let mut app = App::new(
        screen,
        Theme::fallback(),
        t0 + TimeDelta::minutes(15),
        offset,
        Size::new(160, 45),
    );
    app.update(Msg::Tick, t0 + TimeDelta::minutes(15));
    app
}

fn frame(c: &mut Criterion) {
    let app = tuning_with_notes(500);
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    c.bench_function("draw phase screen 160x45, 500 notes", |b| {
        b.iter(|| {
            let _ = terminal.draw(|f| plg::tui::draw(f, black_box(&app)));
        })
    });
}

fn key(c: &mut Criterion) {
    let mut app = tuning_with_notes(500);
    let now = app.now;
    let space = Msg::Key(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::NONE));
    c.bench_function("handle one key (Space: pause or resume)", |b| {
        b.iter(|| black_box(app.update(black_box(space.clone()), now)))
    });
    let mut app = tuning_with_notes(500);
    let tick = Msg::Tick;
    c.bench_function("handle one clock tick", |b| {
        b.iter(|| black_box(app.update(black_box(tick.clone()), now)))
    });
}

/// The room's screen (`plg room`) of the same meeting: its first frame,
/// read from the record as saved (rebuilding the meeting included), and
/// drawn in a new terminal, scrub pass included.
fn room(c: &mut Criterion) {
    let app = tuning_with_notes(500);
    let rec = app.record().unwrap();
    let now = app.now;
    let offset = FixedOffset::east_opt(3600).unwrap();
    let theme = Theme::fallback();
    c.bench_function("room screen: first frame 160x45, 500 notes shown", |b| {
        b.iter(|| {
            let room = RoomScreen::from_record(black_box(&rec), true, now).unwrap();
            black_box(room::render(&room, &theme, now, offset, 160, 45))
        })
    });
    // A frame as the room screen's loop draws it, into its terminal.
    let shown = RoomScreen::from_record(&rec, true, now).unwrap();
    for (w, h) in [(160, 45), (240, 70)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(
            &format!("room screen: draw {w}x{h}, 500 notes shown"),
            |b| {
                b.iter(|| {
                    let _ =
                        terminal.draw(|f| room::draw_in(f, &theme, now, offset, black_box(&shown)));
                })
            },
        );
    }
}

criterion_group!(benches, frame, key, room);
criterion_main!(benches);
