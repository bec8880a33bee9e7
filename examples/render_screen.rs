//! Prints the phase screen of a Tuning meeting as text, at a given size:
//! `cargo run --example render_screen -- 160 45`.

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};
use plg::meeting::session::{Setup, starter_norms};
use plg::tui::app::{App, Msg};
use plg::tui::{buffer_text, render};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

fn main() {
    let args: Vec<u16> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let (w, h) = (
        args.first().copied().unwrap_or(80),
        args.get(1).copied().unwrap_or(24),
    );
    let Some(tuning) = plg::protocol::builtin("tuning") else {
        return;
    };
    let Some(t0) = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).single() else {
        return;
    };
    let Some(offset) = FixedOffset::east_opt(3600) else {
        return;
    };
    let setup = Setup {
        norms: starter_norms(),
        ..Setup::default()
    };
    let mut app = App::for_protocol(
        tuning,
        setup,
        plg::theme::Theme::fallback(),
        t0,
        offset,
        Size::new(w, h),
    );
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    app.update(key(KeyCode::Enter), t0);
    app.update(key(KeyCode::Char('n')), t0 + TimeDelta::minutes(5));
    app.update(key(KeyCode::Char('k')), t0 + TimeDelta::minutes(6));
    for c in "Which students wrote these?".chars() {
        app.update(key(KeyCode::Char(c)), t0 + TimeDelta::minutes(6));
    }
    app.update(key(KeyCode::Enter), t0 + TimeDelta::minutes(6));
    app.update(Msg::Tick, t0 + TimeDelta::seconds(13 * 60 + 12));
    print!("{}", buffer_text(&render(&app, w, h)));
}
