//! Snapshots of rendered screens: the app is driven only through messages
//! with explicit times, then drawn into an off-screen buffer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Size;

use plg::group::Group;
use plg::meeting::session::{Setup, starter_norms};
use plg::protocol::{self, Protocol};
use plg::record::history::{GroupHistory, OpenItem, OpenKind};
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::outcome::Overlay;
use plg::tui::screens::setup::SetupScreen;
use plg::tui::{buffer_text, render};

fn builtin(id: &str) -> Protocol {
    protocol::builtin(id).unwrap()
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

fn at(m: i64, s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(m) + TimeDelta::seconds(s)
}

struct Run {
    app: App,
}

impl Run {
    /// The setup screen of `id`, with the starter norms, at 14:30 UTC shown as 15:30 (+01:00).
    fn new(id: &str) -> Run {
        let setup = Setup {
            norms: starter_norms(),
            ..Setup::default()
        };
        let app = App::for_protocol(
            builtin(id),
            setup,
            Theme::fallback(),
            t0(),
            FixedOffset::east_opt(3600).unwrap(),
            Size::new(80, 24),
        );
        Run { app }
    }

    fn started(id: &str) -> Run {
        let mut r = Run::new(id);
        r.key(KeyCode::Enter, t0());
        r
    }

    fn key(&mut self, code: KeyCode, now: DateTime<Utc>) -> &mut Run {
        self.app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
        self
    }

    fn ctrl(&mut self, c: char, now: DateTime<Utc>) -> &mut Run {
        self.app.update(
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
            now,
        );
        self
    }

    fn text(&mut self, text: &str, now: DateTime<Utc>) -> &mut Run {
        for c in text.chars() {
            self.key(KeyCode::Char(c), now);
        }
        self
    }

    fn tick(&mut self, now: DateTime<Utc>) -> &mut Run {
        self.app.update(Msg::Tick, now);
        self
    }

    fn screen(&mut self, w: u16, h: u16) -> String {
        self.app.update(Msg::Resize(w, h), self.app.now);
        buffer_text(&render(&self.app, w, h))
    }
}

/// Tuning, six and a half minutes in: in the presentation, one note written.
fn tuning_in_presentation() -> Run {
    let mut r = Run::started("tuning");
    r.key(KeyCode::Char('n'), at(5, 0));
    r.key(KeyCode::Char('k'), at(6, 0))
        .text("Which students wrote these?", at(6, 5))
        .key(KeyCode::Enter, at(6, 10));
    r.tick(at(6, 30));
    r
}

#[test]
fn phase_screen_80x24() {
    let mut r = tuning_in_presentation();
    let s = r.screen(80, 24);
    let row = s.lines().find(|l| l.contains("▶ Presentation")).unwrap();
    assert!(
        s.contains("PRESENTATION") && row.trim_end().ends_with("10:30│"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn phase_screen_160x45() {
    let mut r = tuning_in_presentation();
    let s = r.screen(160, 45);
    assert!(s.contains("Elapsed 6:30  Ends 16:30 (on time)"), "{s}");
    assert!(
        s.contains("15:36 Question: Which students wrote these?"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn the_header_keeps_the_clock_and_cuts_a_flash_rather_than_overlap() {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Char('+'), at(6, 40));
    let wide = r.screen(80, 24);
    let top = wide.lines().next().unwrap();
    assert!(top.ends_with("6:40 → 16:31"), "{wide}");
    assert!(top.contains("◉"), "{wide}");
    insta::assert_snapshot!("header_with_a_flash_80x24", wide);
    let narrow = r.screen(40, 12);
    let top = narrow.lines().next().unwrap();
    assert!(top.ends_with("6:40 → 16:31"), "{narrow}");
    insta::assert_snapshot!("header_with_a_flash_40x12", narrow);
    r.key(KeyCode::Char('f'), at(6, 41));
    let fac = r.screen(80, 24);
    let top = fac.lines().next().unwrap();
    assert!(top.contains("◐") && !top.contains("sh◐"), "{fac}");
}

#[test]
fn on_a_projector_the_clock_grows_to_the_free_area() {
    let mut r = tuning_in_presentation();
    let s = r.screen(160, 45);
    // Twice the full font: 16 rows of solid blocks, not 7.
    let rows = s.lines().filter(|l| l.contains("████")).count();
    assert!(rows >= 14, "{rows} rows: {s}");
    assert!(s.contains("› My focusing question is…"), "{s}");
    insta::assert_snapshot!("clock_scaled_160x45", s);
}

#[test]
fn ctrl_k_shows_the_clock_alone_full_screen_and_back() {
    let mut r = tuning_in_presentation();
    r.ctrl('k', at(6, 31));
    let s = r.screen(100, 30);
    assert!(
        !s.contains("Tuning Protocol") && !s.contains("PRESENTATION"),
        "{s}"
    );
    assert!(s.lines().filter(|l| l.contains("██")).count() >= 14, "{s}");
    insta::assert_snapshot!("clock_only_100x30", s);
    // Space still pauses, and the state is written out.
    r.key(KeyCode::Char(' '), at(6, 32));
    assert!(r.screen(100, 30).contains("PAUSED"));
    r.ctrl('k', at(6, 33));
    assert!(r.screen(100, 30).contains("PRESENTATION"));
    // The check-in keeps its form.
    let mut c = in_the_check_in();
    c.ctrl('k', at(52, 1));
    assert!(c.screen(100, 30).contains("Norm check-in"));
}

#[test]
fn paused_shows_paused_large_and_freezes_the_clock() {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Char(' '), at(7, 0)).tick(at(9, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("PAUSED  12 min planned"), "{s}");
    let row = s.lines().find(|l| l.contains("▶ Presentation")).unwrap();
    assert!(
        row.trim_end().ends_with("10:00│"),
        "the clock stopped at 10:00: {s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn overtime_counts_up() {
    let mut r = Run::started("tuning");
    r.tick(at(5, 32));
    let s = r.screen(80, 24);
    assert!(s.contains("OVERTIME") && s.contains("+0:32"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn overtime_uses_the_overtime_colour() {
    let mut r = Run::started("tuning");
    r.tick(at(5, 32));
    r.app.update(Msg::Resize(80, 24), at(5, 32));
    let buf = render(&r.app, 80, 24);
    let label = (0..24u16)
        .flat_map(|y| (0..80u16).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "O" && buf[(x + 1, y)].symbol() == "V")
        .unwrap();
    assert_eq!(buf[label].fg, Theme::fallback().palette.clock_overtime);
}

#[test]
fn a_repeated_round_is_labelled() {
    let mut r = Run::new("final-word");
    let ask = r.screen(80, 24);
    assert!(ask.contains("How many people:"), "{ask}");
    // Down to the count (after the guest field), type 6, start.
    r.key(KeyCode::Down, t0())
        .text("6", t0())
        .key(KeyCode::Enter, t0());
    r.key(KeyCode::Char('n'), at(3, 0))
        .key(KeyCode::Char('n'), at(13, 0))
        .key(KeyCode::Char('n'), at(21, 0));
    r.tick(at(22, 0));
    let s = r.screen(80, 24);
    // Without a roster the rounds have no names; each turn is a step.
    assert!(
        // One round per participant: the facilitator keeps time.
        s.contains("PHASE 3 OF 4  ·  Round 1 of 5 · Respond 1 of 4"),
        "{s}"
    );
    assert!(s.contains("The others have the floor"), "{s}");
    assert!(
        s.contains("The round's person listens without answering"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn help_wraps_its_lines_at_80_columns_and_scrolls() {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Char('?'), at(7, 0));
    let s = r.screen(80, 24);
    // The long description of Ctrl-P wraps under itself instead of being cut.
    assert!(s.contains("skip the rest of the round (where"), "{s}");
    assert!(s.contains("the protocol allows it)"), "{s}");
    assert!(s.contains("PgDn scroll · 1–22 of"), "{s}");
    insta::assert_snapshot!("help_wrapped_80x24", s);
    r.key(KeyCode::Down, at(7, 1));
    assert!(r.screen(80, 24).contains("PgDn scroll · 2–23 of"));
    for _ in 0..10 {
        r.key(KeyCode::PageDown, at(7, 1));
    }
    let end = r.screen(80, 24);
    assert!(
        end.contains("a phase in the timeline to jump there"),
        "{end}"
    );
    r.key(KeyCode::Char('x'), at(7, 2));
    assert_eq!(r.app.overlay, None, "any other key closes the help");
}

#[test]
fn help_overlay_lists_every_runner_key() {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Char('?'), at(7, 0));
    assert_eq!(r.app.overlay, Some(Overlay::Help));
    let s = r.screen(80, 30);
    insta::assert_snapshot!(s);
    // The rest is a page or two down.
    let mut all = s.clone();
    for _ in 0..4 {
        r.key(KeyCode::PageDown, at(7, 0));
        all.push_str(&r.screen(80, 30));
    }
    assert_eq!(
        r.app.overlay,
        Some(Overlay::Help),
        "scrolling keeps it open"
    );
    for key in [
        "Space",
        "n/→",
        "p/←",
        "Ctrl-R",
        "Ctrl-A",
        "Ctrl-K",
        "Alt-Enter",
        "q/Ctrl-C",
        "write a note: Question",
        "a phase in the timeline to jump there",
    ] {
        assert!(all.contains(key), "{key} missing from help:\n{all}");
    }
    r.key(KeyCode::Char('x'), at(7, 1));
    assert_eq!(r.app.overlay, None, "any key closes the help");
}

#[test]
fn note_editor_at_the_bottom() {
    let mut r = tuning_in_presentation();
    // Enter opens a plain note; this phase offers questions besides.
    r.key(KeyCode::Enter, at(7, 0))
        .text("They used the sentence frames", at(7, 5));
    assert!(r.screen(80, 24).contains("New note · Note"));
    r.key(KeyCode::Tab, at(7, 6));
    let s = r.screen(80, 24);
    assert!(
        s.contains("New note · Question"),
        "Tab cycles the kinds: {s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn smallest_terminal_still_shows_phase_and_time() {
    let mut r = tuning_in_presentation();
    let s = r.screen(20, 6);
    assert!(s.contains("PRESENTATION"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn every_size_from_tiny_to_huge_renders() {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Enter, at(7, 0)).text("draft", at(7, 1));
    for w in [1u16, 5, 10, 20, 33, 47, 64, 80, 99, 120, 160, 200, 240] {
        for h in [1u16, 2, 3, 6, 9, 12, 17, 24, 31, 45, 70] {
            let s = r.screen(w, h);
            assert_eq!(s.lines().count(), h as usize);
        }
    }
}

#[test]
fn facilitator_view_shows_the_notes_projection_hides() {
    let mut r = tuning_in_presentation();
    let projected = r.screen(120, 40);
    assert!(!projected.contains("FACILITATOR NOTES"));
    assert!(projected.contains("PROJECTING"));
    r.key(KeyCode::Char('f'), at(7, 0));
    let s = r.screen(120, 40);
    assert!(
        s.contains("FACILITATOR NOTES (hidden when projecting)"),
        "{s}"
    );
    assert!(s.contains("FACILITATOR VIEW"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn quitting_asks_first() {
    let mut r = tuning_in_presentation();
    r.ctrl('c', at(7, 0));
    let s = r.screen(80, 24);
    assert!(
        s.contains("Quit plg?") && s.contains("l leave to resume later"),
        "{s}"
    );
    insta::assert_snapshot!(s);
    r.key(KeyCode::Esc, at(7, 1));
    assert_eq!(r.app.overlay, None);
}

#[test]
fn clicking_a_phase_in_the_timeline_asks_then_jumps() {
    let mut r = tuning_in_presentation();
    let s = r.screen(100, 30);
    let row = s
        .lines()
        .position(|l| l.contains("Examine the work"))
        .unwrap() as u16;
    let col = s
        .lines()
        .nth(row as usize)
        .unwrap()
        .find("Examine")
        .unwrap() as u16;
    r.app.update(
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        }),
        at(7, 0),
    );
    let asked = r.screen(100, 30);
    assert!(asked.contains("Go to “Examine the work”?"), "{asked}");
    r.key(KeyCode::Char('y'), at(7, 1));
    assert_eq!(r.app.meeting().unwrap().meeting.current, 3);
}

#[test]
fn the_launcher_lists_protocols_with_their_time() {
    let protocols: Vec<Protocol> = protocol::BUILTIN
        .iter()
        .map(|(_, src)| protocol::check(src).value.unwrap())
        .collect();
    let mut app = App::launcher(
        protocols,
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    );
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        t0(),
    );
    let s = buffer_text(&render(&app, 100, 30));
    // The second protocol of the library is selected and outlined with its time.
    assert!(s.contains("Phases · ") && s.contains(" min"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn the_end_screen_compares_plan_and_actual() {
    let mut r = Run::started("consultancy");
    let steps = r.app.meeting().unwrap().meeting.steps.len();
    let mut t = 0;
    for _ in 1..steps {
        t += 9;
        r.key(KeyCode::Char('n'), at(t, 0));
    }
    r.key(KeyCode::Char('n'), at(t + 5, 0))
        .key(KeyCode::Char('y'), at(t + 5, 0));
    r.app.update(
        Msg::Saved(Ok(
            "/home/ana/.local/share/plg/sessions/2026-11-23T1530_consultancy.yaml".into(),
        )),
        at(t + 5, 1),
    );
    let s = r.screen(80, 24);
    assert!(
        s.contains("Saved to /home/ana/.local/share/plg/sessions/2026-11-23T1530_consultancy.yaml"),
        "{s}"
    );
    assert!(s.contains("The meeting has ended"), "{s}");
    insta::assert_snapshot!(s);
}

fn math9() -> Group {
    plg::group::check(
        "id: math9\nname: Grade 9 Math PLG\nfocus: Raising the quality of written explanations in algebra\nfacilitator: Ana Ruiz\nmembers: [Ana Ruiz, Ben Okafor, Chen Li, Dana Wright]\nmeets: Tuesdays 15:15-16:15, Room 204\nnorms: [Start and end on time, Hard on ideas soft on people, Share airtime]\n",
    )
    .value
    .unwrap()
}

fn group_setup() -> Run {
    let previous = vec![
        OpenItem {
            kind: OpenKind::Action,
            text: "Bring three anonymised samples".into(),
            owner: Some("Chen Li".into()),
            due: chrono::NaiveDate::from_ymd_opt(2026, 11, 20),
            from: chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            tracked: None,
        },
        OpenItem {
            kind: OpenKind::Delta,
            text: "Keep clarifying questions clarifying".into(),
            owner: None,
            due: None,
            from: chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            tracked: None,
        },
    ];
    let history = GroupHistory {
        open: previous,
        presented: vec![
            (
                "Ana Ruiz".into(),
                chrono::NaiveDate::from_ymd_opt(2026, 9, 15).unwrap(),
            ),
            (
                "Ben Okafor".into(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
            ),
        ],
    };
    let screen = SetupScreen::for_group(builtin("tuning"), &math9(), starter_norms(), history);
    let app = App::new(
        Screen::Setup(Box::new(screen)),
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    );
    Run { app }
}

#[test]
fn the_setup_screen_takes_attendance_and_roles() {
    let mut r = group_setup();
    r.key(KeyCode::Char(' '), t0())
        .key(KeyCode::Down, t0())
        .key(KeyCode::Char(' '), t0());
    r.key(KeyCode::Down, t0())
        .key(KeyCode::Down, t0())
        .key(KeyCode::Char(' '), t0());
    r.key(KeyCode::Down, t0())
        .text("Eve Sample", t0())
        .key(KeyCode::Enter, t0());
    // Tab goes to the roles panel; arrows move inside a panel.
    r.key(KeyCode::Tab, t0())
        .key(KeyCode::Right, t0())
        .key(KeyCode::Right, t0());
    r.key(KeyCode::Tab, t0());
    r.text("How do I get students to justify each step?", t0());
    let s = r.screen(100, 30);
    assert!(
        s.contains("Who is here (4)")
            && s.contains("[ ] Chen Li")
            && s.contains("Eve Sample (guest)"),
        "{s}"
    );
    assert!(
        s.contains("Not presented this school year: Chen Li, Dana Wright")
            && s.contains("Presented: Ana Ruiz (Sep 15), Ben Okafor (Nov 10)"),
        "{s}"
    );
    assert!(
        s.contains("☐ Bring three anonymised")
            && s.contains("due Nov 20")
            && s.contains("Δ Keep clarifying"),
        "{s}"
    );
    insta::assert_snapshot!(s);

    r.key(KeyCode::Enter, t0());
    let m = r.app.meeting().unwrap();
    assert_eq!(
        m.setup.attendance.present,
        ["Ana Ruiz", "Ben Okafor", "Dana Wright"]
    );
    assert_eq!(m.setup.attendance.absent, ["Chen Li"]);
    assert_eq!(m.setup.person_in("presenter"), Some("Ben Okafor"));
    assert_eq!(m.setup.person_in("facilitator"), Some("Ana Ruiz"));
    assert_eq!(
        m.setup.focusing_question.as_deref(),
        Some("How do I get students to justify each step?")
    );
}

#[test]
fn tab_moves_between_panels_and_a_typed_question_never_marks_attendance() {
    let mut r = group_setup();
    // From the first member, Tab goes to the roles, then to the questions.
    r.key(KeyCode::Tab, t0()).key(KeyCode::Tab, t0());
    r.text("a box? x marks", t0());
    let SetupView { present, question } = setup_state(&r);
    assert_eq!(present, 0, "typing never toggles attendance");
    assert_eq!(question.as_deref(), Some("a box? x marks"));
    // Shift-Tab twice is back with the people; ↓ moves within them.
    r.key(KeyCode::BackTab, t0()).key(KeyCode::BackTab, t0());
    r.key(KeyCode::Down, t0()).key(KeyCode::Char(' '), t0());
    let Screen::Setup(st) = &r.app.screen else {
        panic!("still in setup")
    };
    assert!(st.roster[1].present && !st.roster[0].present);
}

struct SetupView {
    present: usize,
    question: Option<String>,
}

fn setup_state(r: &Run) -> SetupView {
    let Screen::Setup(st) = &r.app.screen else {
        panic!("still in setup")
    };
    SetupView {
        present: st.roster.iter().filter(|m| m.present).count(),
        question: st.setup().focusing_question,
    }
}

#[test]
fn starting_with_nobody_present_asks_first() {
    let mut r = group_setup();
    r.key(KeyCode::Enter, t0());
    let Some(Overlay::Confirm(c)) = &r.app.overlay else {
        panic!("Enter asks first")
    };
    assert!(
        c.text
            .starts_with("Nobody is marked present, and there is no presenter. Start anyway?"),
        "{}",
        c.text
    );
    r.key(KeyCode::Esc, t0());
    assert!(r.app.meeting().is_none(), "Esc goes back to the setup");
    r.key(KeyCode::Enter, t0()).key(KeyCode::Char('y'), t0());
    assert!(r.app.meeting().is_some(), "yes starts anyway");
}

#[test]
fn setup_text_is_wrapped_and_aligned_by_display_width() {
    let mut r = group_run(builtin("examining-student-work"), &math9());
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Tab, t0());
    r.key(KeyCode::Right, t0());
    let s = r.screen(80, 24);
    assert!(s.contains("type a name, then Enter"), "{s}");
    assert!(
        s.contains("projected."),
        "the privacy warning is whole: {s}"
    );
    let role = s
        .lines()
        .find(|l| l.contains("Presenting teacher"))
        .unwrap();
    assert!(role.contains("Presenting teacher ◂ Ana Ruiz ▸"), "{s}");
    insta::assert_snapshot!("setup_80x24", s);
    let narrow = r.screen(40, 12);
    // Too narrow for two columns: the side with the field in focus shows.
    assert!(
        narrow.contains("Presenting teacher ◂ Ana Ruiz ▸"),
        "{narrow}"
    );
    insta::assert_snapshot!("setup_40x12", narrow);
}

#[test]
fn the_launcher_wraps_a_protocols_purpose_without_lone_words() {
    let protocols: Vec<Protocol> = protocol::BUILTIN
        .iter()
        .map(|(_, src)| protocol::check(src).value.unwrap())
        .collect();
    let mut r = Run {
        app: App::launcher(
            protocols,
            Theme::fallback(),
            t0(),
            FixedOffset::east_opt(3600).unwrap(),
            Size::new(80, 24),
        ),
    };
    r.key(KeyCode::Down, t0());
    let s = r.screen(80, 24);
    insta::assert_snapshot!("launcher_80x24", s);
    // The purpose wraps to the panel, not at the author's line breaks.
    let wide = r.screen(100, 30);
    assert!(
        wide.contains("│the same way. Everyone scores the same piece of"),
        "{wide}"
    );
    insta::assert_snapshot!("launcher_40x12", r.screen(40, 12));
}

/// Math9's Tuning meeting with Chen Li marked absent at the start.
fn math9_meeting_without_chen() -> Run {
    let mut r = group_setup();
    r.key(KeyCode::Char('a'), t0());
    r.key(KeyCode::Down, t0())
        .key(KeyCode::Down, t0())
        .key(KeyCode::Char(' '), t0());
    r.key(KeyCode::Enter, t0());
    assert_eq!(
        r.app.meeting().unwrap().setup.attendance.absent,
        ["Chen Li"]
    );
    r
}

#[test]
fn a_late_arrival_and_a_guest_are_marked_during_the_meeting() {
    let mut r = math9_meeting_without_chen();
    r.key(KeyCode::Char('n'), at(5, 0));
    r.ctrl('a', at(12, 0));
    // Rows: Ana, Ben, Dana (present), Chen (absent), then the guest line.
    for _ in 0..3 {
        r.key(KeyCode::Down, at(12, 1));
    }
    let fx = r.app.update(
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        at(12, 2) + TimeDelta::milliseconds(300),
    );
    assert!(fx.save, "an arrival is saved at once");
    r.key(KeyCode::Down, at(12, 3))
        .text("Eve Sample", at(12, 4))
        .key(KeyCode::Enter, at(12, 5));
    let s = r.screen(100, 30);
    assert!(s.contains("Who is here (5)"), "{s}");
    assert!(s.contains("[x] here Chen Li"), "{s}");
    assert!(s.contains("[x] here Eve Sample (guest)"), "{s}");
    assert!(s.contains("15:42 Chen Li arrived"), "{s}");
    assert!(s.contains("Elapsed 12:05"), "the clock kept running: {s}");
    insta::assert_snapshot!(s);

    // The clock kept running; Esc closes the panel and the phase screen is back.
    r.key(KeyCode::Esc, at(12, 6));
    let s = r.screen(100, 30);
    assert!(!s.contains("Who is here"), "{s}");
    assert!(s.contains("PRESENTATION"), "{s}");

    let record = r.app.record().unwrap();
    let a = &record.attendance;
    assert_eq!(
        a.present,
        ["Ana Ruiz", "Ben Okafor", "Dana Wright", "Chen Li"]
    );
    assert!(a.absent.is_empty());
    assert_eq!(a.guests, ["Eve Sample"]);
    let changes: Vec<String> = a
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {}",
                c.at.format("%H:%M:%S"),
                c.person,
                c.change.verb()
            )
        })
        .collect();
    assert_eq!(
        changes,
        ["15:42:02 Chen Li arrived", "15:42:05 Eve Sample arrived"]
    );
    assert!(
        a.changes.iter().all(|c| c.at.timestamp_subsec_nanos() == 0),
        "records keep whole seconds"
    );
}

#[test]
fn someone_leaving_early_is_marked_gone_and_still_counts_as_attending() {
    let mut r = math9_meeting_without_chen();
    r.ctrl('a', at(40, 0)).key(KeyCode::Down, at(40, 1));
    r.key(KeyCode::Char(' '), at(40, 2))
        .key(KeyCode::Esc, at(40, 3));
    let record = r.app.record().unwrap();
    assert_eq!(
        record.attendance.present,
        ["Ana Ruiz", "Ben Okafor", "Dana Wright"]
    );
    assert_eq!(record.attendance.absent, ["Chen Li"]);
    assert_eq!(record.attendance.change_texts(), ["16:10 Ben Okafor left"]);
    assert!(!record.attendance.here("Ben Okafor"));
    // Typing in the panel never reaches the runner: `n` did not move the meeting on.
    r.ctrl('a', at(41, 0));
    for _ in 0..4 {
        r.key(KeyCode::Down, at(41, 0));
    }
    r.text("n p q", at(41, 1));
    assert_eq!(r.app.meeting().unwrap().meeting.current, 0);
    let s = r.screen(100, 30);
    assert!(s.contains("Add guest: n p q"), "{s}");
}

#[test]
fn attendance_can_change_during_the_check_in_too() {
    let mut r = in_the_check_in();
    r.ctrl('a', at(52, 10));
    let s = r.screen(100, 30);
    assert!(s.contains("Who is here (4)"), "the panel is drawn: {s}");
    assert!(s.contains("here / gone"), "its keys are in the footer: {s}");
    // Keys go to the panel, not to the check-in form or the runner.
    let before = r.app.meeting().unwrap().closing.clone();
    r.key(KeyCode::Char('3'), at(52, 11))
        .key(KeyCode::Char('n'), at(52, 11));
    assert_eq!(r.app.meeting().unwrap().closing, before);
    assert_eq!(r.app.overlay, None, "n did not ask to end the meeting");
    r.key(KeyCode::Char(' '), at(52, 12));
    r.key(KeyCode::Esc, at(52, 13));
    let m = r.app.meeting().unwrap();
    assert_eq!(m.setup.attendance.change_texts(), ["16:22 Ana Ruiz left"]);
    assert!(m.attendance.is_none());
    // Closed, the check-in works as before.
    r.key(KeyCode::Char('n'), at(53, 0));
    assert!(
        matches!(r.app.overlay, Some(Overlay::Confirm(_))),
        "n on the last phase asks to end the meeting"
    );
}

#[test]
fn typing_an_absent_members_name_marks_them_here_and_esc_clears_a_name_first() {
    let mut r = math9_meeting_without_chen();
    r.ctrl('a', at(20, 0));
    for _ in 0..4 {
        r.key(KeyCode::Down, at(20, 0));
    }
    r.text("Chen Li", at(20, 1)).key(KeyCode::Enter, at(20, 2));
    let a = &r.app.meeting().unwrap().setup.attendance;
    assert!(a.guests.is_empty(), "not a second Chen Li as a guest");
    assert_eq!(a.change_texts(), ["15:50 Chen Li arrived"]);
    r.text("Ana Ruiz", at(20, 3)).key(KeyCode::Enter, at(20, 4));
    assert_eq!(
        r.app.flash.as_ref().unwrap().text,
        "Ana Ruiz is already here"
    );
    assert_eq!(r.app.meeting().unwrap().setup.attendance.changes.len(), 1);

    r.text("Half a na", at(20, 5)).key(KeyCode::Esc, at(20, 6));
    let m = r.app.meeting().unwrap();
    assert!(m.attendance.is_some(), "the first Esc only clears the name");
    assert!(!r.screen(100, 30).contains("Half a na"));
    r.key(KeyCode::Esc, at(20, 7));
    assert!(r.app.meeting().unwrap().attendance.is_none());
}

#[test]
fn a_long_list_scrolls_to_the_selected_person_on_a_small_screen() {
    let mut r = math9_meeting_without_chen();
    r.ctrl('a', at(1, 0));
    for _ in 0..4 {
        r.key(KeyCode::Down, at(1, 0));
    }
    for i in 0..20 {
        r.text(&format!("Visitor {i:02}"), at(1, 1))
            .key(KeyCode::Enter, at(1, 1));
    }
    // Up from the guest line selects the last guest, far below the fold.
    r.key(KeyCode::Up, at(1, 2));
    let s = r.screen(80, 24);
    assert!(s.contains("Visitor 19 (guest)"), "{s}");
    assert!(!s.contains("here Ana Ruiz"), "the top scrolled away: {s}");
    assert!(s.contains("here / gone"), "the footer stays visible: {s}");
    r.key(KeyCode::Char('?'), at(1, 3));
    let s = r.screen(80, 24);
    assert!(s.contains("Attendance panel"), "{s}");
    assert!(s.contains("Enter/Space"), "{s}");
}

#[test]
fn rounds_take_the_names_of_the_people_present() {
    let screen = SetupScreen::for_group(
        builtin("final-word"),
        &math9(),
        vec![],
        GroupHistory::default(),
    );
    let mut r = Run {
        app: App::new(
            Screen::Setup(Box::new(screen)),
            Theme::fallback(),
            t0(),
            FixedOffset::east_opt(3600).unwrap(),
            Size::new(80, 24),
        ),
    };
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Enter, t0());
    r.key(KeyCode::Char('n'), at(3, 0))
        .key(KeyCode::Char('n'), at(13, 0))
        .key(KeyCode::Char('n'), at(21, 0));
    let s = r.screen(80, 24);
    // Share is done: Ben's round (Ana facilitates and takes none), Chen
    // responds while Ben listens.
    assert!(s.contains("Round 1 of 3: Ben Okafor · Resp"), "{s}");
    assert!(s.contains("Chen Li has the floor"), "{s}");
    assert!(s.contains("Ben Okafor listens without answering"), "{s}");
}

/// A Tuning meeting for math9 in its debrief, two norms rated, a plus, a delta and an action.
fn in_the_check_in() -> Run {
    let mut r = group_setup();
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Enter, t0());
    for i in 1..8 {
        r.key(KeyCode::Char('n'), at(i * 7, 0));
    }
    // Six people hold up their fingers for the first norm, three for the second.
    for ch in ['3', '5', '4', '2', '4', '4'] {
        r.key(KeyCode::Char(ch), at(50, 0));
    }
    r.key(KeyCode::Down, at(50, 5));
    for ch in ['3', '3', '3'] {
        r.key(KeyCode::Char(ch), at(50, 5));
    }
    r.key(KeyCode::Enter, at(50, 7))
        .text("People waited their turn", at(50, 8))
        .key(KeyCode::Enter, at(50, 9));
    r.key(KeyCode::Down, at(50, 10))
        .key(KeyCode::Down, at(50, 10));
    r.key(KeyCode::Enter, at(51, 0))
        .text("A sharp focusing question", at(51, 1))
        .key(KeyCode::Enter, at(51, 2));
    r.key(KeyCode::Down, at(51, 3))
        .key(KeyCode::Enter, at(51, 3))
        .text("Shorter presentation", at(51, 4));
    r.key(KeyCode::Tab, at(51, 5))
        .text("Ana Ruiz", at(51, 5))
        .key(KeyCode::Enter, at(51, 6));
    r.key(KeyCode::Down, at(51, 7))
        .key(KeyCode::Enter, at(51, 7))
        .text("Share the revised rubric", at(51, 8));
    r.key(KeyCode::Tab, at(51, 9))
        .text("Ben Okafor", at(51, 9))
        .key(KeyCode::Tab, at(51, 9))
        .text("+7", at(51, 9));
    r.key(KeyCode::Enter, at(51, 10));
    r.tick(at(52, 0));
    r
}

#[test]
fn the_check_in_screen_rates_norms_and_collects_plus_delta_and_actions() {
    let mut r = in_the_check_in();
    let s = r.screen(100, 30);
    assert!(
        s.contains("6 votes · avg 3.7 · 2–5    0 0 1 1 3 1")
            && s.contains("3 votes · avg 3.0 · all 3  0 0 0 3 0 0")
            && s.contains("“People waited their turn”"),
        "{s}"
    );
    assert!(
        s.contains("☐ Share the revised rubric (Ben Okafor, due 2026-11-30)"),
        "{s}"
    );
    insta::assert_snapshot!(s);
    let c = &r.app.meeting().unwrap().closing;
    assert_eq!(c.checkin[0].votes, Some([0, 0, 1, 1, 3, 1]));
    assert_eq!(c.checkin[1].votes, Some([0, 0, 0, 3, 0, 0]));
    assert_eq!(
        c.checkin[1].comment.as_deref(),
        Some("People waited their turn")
    );
    assert_eq!(c.plus, ["A sharp focusing question"]);
}

#[test]
fn the_check_in_keeps_the_debrief_its_questions_and_the_clock_on_the_wall() {
    let mut r = in_the_check_in();
    let wide = r.screen(100, 30);
    assert!(
        wide.contains("› Presenter, what was it like to listen without responding?"),
        "{wide}"
    );
    assert!(
        wide.contains("Reflect on the process, not the work."),
        "{wide}"
    );
    assert!(wide.contains("Elapsed 52:00  Ends"), "{wide}");
    assert!(!wide.contains("FACILITATOR NOTES"), "{wide}");
    insta::assert_snapshot!("check_in_with_debrief_100x30", wide);
    let narrow = r.screen(80, 24);
    assert!(narrow.contains("› Presenter, what was it like"), "{narrow}");
    assert!(
        narrow
            .lines()
            .next()
            .unwrap()
            .contains("Elapsed 52:00  Ends 16:24"),
        "{narrow}"
    );
    assert!(narrow.contains("▸   add an action item"), "{narrow}");
    insta::assert_snapshot!("check_in_with_debrief_80x24", narrow);
    // The facilitator's notes for the debrief show in the facilitator view.
    r.key(KeyCode::Char('f'), at(52, 1));
    let fac = r.screen(100, 30);
    assert!(fac.contains("FACILITATOR NOTES"), "{fac}");
}

#[test]
fn the_check_in_editor_shows_its_fields() {
    let mut r = in_the_check_in();
    r.key(KeyCode::Enter, at(52, 0))
        .text("Bring samples", at(52, 1))
        .key(KeyCode::Tab, at(52, 2));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Action item") && s.contains("Who:") && s.contains("Due:"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn ratings_above_five_are_refused() {
    let mut r = in_the_check_in();
    r.key(KeyCode::Home, at(52, 0));
    for _ in 0..10 {
        r.key(KeyCode::Up, at(52, 0));
    }
    r.key(KeyCode::Char('7'), at(52, 1));
    assert_eq!(
        r.app.meeting().unwrap().closing.checkin[0].votes,
        Some([0, 0, 1, 1, 3, 1])
    );
    assert!(
        r.app
            .flash
            .as_ref()
            .unwrap()
            .text
            .contains("0 (a fist) to 5")
    );
}

#[test]
fn the_end_screen_after_a_group_meeting() {
    let mut r = in_the_check_in();
    r.key(KeyCode::Char('n'), at(55, 0))
        .key(KeyCode::Char('y'), at(55, 0));
    r.app.update(
        Msg::Saved(Ok(
            "/home/ana/.local/share/plg/sessions/2026-11-23T1530_math9_tuning.yaml".into(),
        )),
        at(55, 1),
    );
    let s = r.screen(100, 30);
    assert!(
        s.contains(
            "Check-in: 2 of 3 norms rated, average 3.3 of 5 · 1 plus · 1 delta · 1 action item"
        ),
        "{s}"
    );
    assert!(
        s.contains(
            "Saved to /home/ana/.local/share/plg/sessions/2026-11-23T1530_math9_tuning.yaml"
        ),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn without_a_check_in_phase_the_check_in_follows_the_last_phase() {
    let mut p = builtin("consultancy");
    for ph in &mut p.phases {
        ph.checkin = false;
    }
    let setup = Setup {
        norms: vec!["Share airtime".into()],
        ..Setup::default()
    };
    let mut r = Run {
        app: App::for_protocol(
            p,
            setup,
            Theme::fallback(),
            t0(),
            FixedOffset::east_opt(3600).unwrap(),
            Size::new(80, 24),
        ),
    };
    r.key(KeyCode::Enter, t0());
    let steps = r.app.meeting().unwrap().meeting.steps.len();
    for i in 1..steps {
        r.key(KeyCode::Char('n'), at(i as i64 * 8, 0));
        assert!(
            !r.screen(80, 24).contains("Norm check-in"),
            "no check-in during the phases"
        );
    }
    r.key(KeyCode::Char('n'), at(50, 0))
        .key(KeyCode::Char('y'), at(50, 0));
    let s = r.screen(80, 24);
    assert!(s.contains("CLOSING") && s.contains("Share airtime"), "{s}");
    r.key(KeyCode::Char('5'), at(51, 0));
    r.key(KeyCode::Char('n'), at(52, 0));
    assert!(r.screen(80, 24).contains("The meeting has ended"));
    assert_eq!(
        r.app.meeting().unwrap().closing.checkin[0].votes,
        Some([0, 0, 0, 0, 0, 1])
    );
    let rec = r.app.record().unwrap();
    assert_eq!(rec.status, plg::record::Status::Completed);
    assert_eq!(rec.checkin[0].votes, Some([0, 0, 0, 0, 0, 1]));
}

/// A group of nine: the facilitator and eight participants.
fn nine() -> Group {
    plg::group::check(
        "id: lit\nname: Literacy PLG\nfacilitator: Fay Lopez\nmembers: [Fay Lopez, Ana Ruiz, Ben Okafor, Chen Li, Dana Wright, Eve Sample, Gus Hill, Hal Imre, Ivy Jones]\n",
    )
    .value
    .unwrap()
}

fn group_run(protocol: Protocol, group: &Group) -> Run {
    let screen = SetupScreen::for_group(protocol, group, vec![], GroupHistory::default());
    Run {
        app: App::new(
            Screen::Setup(Box::new(screen)),
            Theme::fallback(),
            t0(),
            FixedOffset::east_opt(3600).unwrap(),
            Size::new(100, 30),
        ),
    }
}

#[test]
fn final_word_with_nine_present_runs_two_circles_of_four_turn_by_turn() {
    // Rounds for the participants: the facilitator keeps the time and has none.
    let mut p = builtin("final-word");
    let rounds = p.phases.iter_mut().find(|ph| ph.round.is_some()).unwrap();
    let mut spec = serde_yaml::to_value(&rounds.round).unwrap();
    spec["who"] = "participants".into();
    rounds.round = serde_yaml::from_value(spec).unwrap();
    let mut r = group_run(p, &nine());
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Enter, t0());
    let m = r.app.meeting().unwrap();
    // Getting started, reading, 4 rounds of Share + 3 Respond + Final word, debrief.
    assert_eq!(m.meeting.steps.len(), 2 + 4 * 5 + 1);
    r.key(KeyCode::Char('n'), at(3, 0))
        .key(KeyCode::Char('n'), at(13, 0));
    r.tick(at(14, 0));
    let s = r.screen(100, 30);
    assert!(
        s.contains("In each circle, the round's person speaks"),
        "{s}"
    );
    assert!(s.contains("The others listen without answering"), "{s}");
    assert!(
        s.contains("Circle 1: Ana Ruiz, Ben Okafor, Chen Li, Dana Wright · Ana Ruiz's"),
        "{s}"
    );
    assert!(
        s.contains("Circle 2: Eve Sample, Gus Hill, Hal Imre, Ivy Jones"),
        "{s}"
    );
    assert!(
        !s.contains("Fay Lopez,"),
        "the facilitator has no round: {s}"
    );
    insta::assert_snapshot!(s);
    assert!(
        s.contains("timed for the largest: a circle that finishes"),
        "{s}"
    );
    r.key(KeyCode::Char('n'), at(16, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("Respond 1 of 3"), "{s}");
    assert!(
        s.contains("In each circle, the next person responds"),
        "{s}"
    );
}

#[test]
fn tuning_feedback_shows_the_presenter_listening_as_large_as_the_floor() {
    let mut r = group_setup();
    r.key(KeyCode::Char('a'), t0());
    // The roles panel, then its first line, the presenter: Ana Ruiz.
    r.key(KeyCode::Tab, t0());
    r.key(KeyCode::Right, t0()).key(KeyCode::Enter, t0());
    assert_eq!(
        r.app.meeting().unwrap().setup.person_in("presenter"),
        Some("Ana Ruiz")
    );
    for (i, minute) in [5, 17, 20].into_iter().enumerate() {
        r.key(KeyCode::Char('n'), at(minute, i as i64));
    }
    let s = r.screen(100, 30);
    assert!(s.contains("Nobody talks"), "silent examination: {s}");
    assert!(!s.contains("Everyone has the floor"), "{s}");
    r.key(KeyCode::Char('n'), at(30, 0))
        .key(KeyCode::Char('n'), at(33, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("Participants have the floor"), "{s}");
    assert!(
        s.contains("Ana Ruiz (Presenter) listens without answering"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn chalk_talk_asks_no_focusing_question_shows_materials_and_writes_on_paper() {
    let mut r = Run::new("chalk-talk");
    let s = r.screen(100, 30);
    assert!(!s.contains("Focusing question"), "{s}");
    assert!(s.contains("Materials: "), "{s}");
    insta::assert_snapshot!(s);
    r.key(KeyCode::Enter, t0());
    // + past the published range of the first phase.
    for i in 0..4 {
        r.key(KeyCode::Char('+'), at(0, i));
    }
    let s = r.screen(100, 30);
    assert!(s.contains("outside the published 1–3 min"), "{s}");
    r.key(KeyCode::Char('n'), at(2, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("The conversation is on paper"), "{s}");
}

#[test]
fn a_round_can_be_passed_and_the_facilitator_picks_who_goes_next() {
    // Success Analysis with passes allowed and the order chosen in the room.
    let mut p = builtin("success-analysis");
    let rounds = p.phases.iter_mut().find(|ph| ph.round.is_some()).unwrap();
    let mut spec = serde_yaml::to_value(&rounds.round).unwrap();
    spec["pass"] = true.into();
    spec["order"] = "chosen".into();
    rounds.round = serde_yaml::from_value(spec).unwrap();
    let mut r = group_run(p, &math9());
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Enter, t0());
    let s = r.screen(100, 30);
    assert!(
        s.contains("Ctrl-O who's next"),
        "the next phase's order is chosen: {s}"
    );
    assert!(
        !s.contains("Ctrl-P pass"),
        "nothing to pass while writing: {s}"
    );
    // Ben goes first, then Ana's round is taken and she passes.
    r.ctrl('o', at(1, 0));
    r.key(KeyCode::Char('n'), at(7, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("Round 1 of 4: Ben Okafor"), "{s}");
    assert!(s.contains("Ctrl-P pass"), "{s}");
    // In Ben's analysis, Chen, Dana and Ana wait: two presses bring Ana up.
    r.key(KeyCode::Char('n'), at(10, 0))
        .key(KeyCode::Char('n'), at(12, 0));
    r.ctrl('o', at(13, 0)).ctrl('o', at(13, 1));
    r.key(KeyCode::Char('n'), at(16, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("Round 2 of 4: Ana Ruiz"), "{s}");
    r.ctrl('p', at(16, 30));
    let s = r.screen(100, 30);
    assert!(
        s.contains("(9 min early)"),
        "her round's time comes back: {s}"
    );
    assert!(s.contains("Round 3 of 4: Chen Li"), "{s}");
    insta::assert_snapshot!(s);
    let m = &r.app.meeting().unwrap().meeting;
    let passed: Vec<bool> = m.steps[4..7]
        .iter()
        .map(|st| st.round.as_ref().unwrap().passed)
        .collect();
    assert_eq!(passed, [true, true, true]);
}

#[test]
fn atlas_keeps_the_presenting_teacher_silent_until_the_implications_are_heard() {
    let mut r = group_run(builtin("examining-student-work"), &math9());
    r.key(KeyCode::Char('a'), t0());
    // Tab: from who is here to the roles, where the presenter comes first.
    r.key(KeyCode::Tab, t0());
    r.key(KeyCode::Right, t0()).key(KeyCode::Enter, t0());
    let names: Vec<String> = r
        .app
        .meeting()
        .unwrap()
        .meeting
        .protocol
        .phases
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let reflection = names
        .iter()
        .position(|n| n == "Presenter reflection")
        .unwrap();
    for (step, name) in names.iter().enumerate().take(reflection).skip(1) {
        r.key(KeyCode::Char('n'), at(step as i64 * 10, 0));
        let s = r.screen(100, 30);
        assert!(
            s.contains("Ana Ruiz (Presenting teacher) listens without answering"),
            "{name}: {s}"
        );
    }
    r.key(KeyCode::Char('n'), at(50, 0));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Ana Ruiz (Presenting teacher) has the floor"),
        "{s}"
    );
    assert!(s.contains("Participants listen without answering"), "{s}");
}

#[test]
fn consultancy_asks_for_the_dilemma_and_an_optional_phase_can_be_left_out() {
    let mut r = group_run(builtin("consultancy"), &math9());
    r.key(KeyCode::Char('a'), t0());
    // The last panel is the optional phase; before it, the asked questions.
    r.key(KeyCode::BackTab, t0());
    let s = r.screen(100, 30);
    assert!(s.contains("Space leave out or keep"), "{s}");
    r.key(KeyCode::Char(' '), t0());
    let s = r.screen(100, 30);
    assert!(s.contains("(3 min, optional): left out"), "{s}");
    r.key(KeyCode::BackTab, t0());
    r.text("Students stop trying after a low grade", t0());
    let s = r.screen(100, 30);
    assert!(
        s.contains("Dilemma:") && s.contains("Students stop trying after a low grade"),
        "{s}"
    );
    assert!(
        !s.contains("Work looked at"),
        "consultancy asks for no work: {s}"
    );
    r.key(KeyCode::Enter, t0());
    let ms = r.app.meeting().unwrap();
    let left = ms.setup.left_out.clone();
    assert_eq!(left.len(), 1);
    assert!(ms.meeting.steps.iter().all(|st| st.phase != left[0]));
    assert_eq!(
        ms.setup.dilemma.as_deref(),
        Some("Students stop trying after a low grade")
    );
    let s = r.screen(100, 30);
    assert!(s.contains("Dilemma: Students stop trying"), "{s}");
}

#[test]
fn a_note_key_follows_the_phases_notes_list() {
    let mut r = tuning_in_presentation();
    // The presentation offers questions only: `w` writes no warm feedback here.
    r.key(KeyCode::Char('w'), at(7, 0));
    let s = r.screen(80, 24);
    assert!(!s.contains("New note"), "{s}");
    assert!(
        s.contains("Warm feedback is not taken in this phase"),
        "the flash says what the phase offers: {s}"
    );
    assert!(!s.contains("w warm feedback"), "footer: {s}");
    r.key(KeyCode::Char('?'), at(7, 1));
    let mut all = String::new();
    for _ in 0..5 {
        all.push_str(&r.screen(80, 30));
        r.key(KeyCode::PageDown, at(7, 1));
    }
    assert!(all.contains("write a note: Question"), "{all}");
    assert!(!all.contains("write a note: Warm feedback"), "{all}");
    r.key(KeyCode::Esc, at(7, 2));
    // `k` is offered: it opens a question.
    r.key(KeyCode::Char('k'), at(7, 3));
    assert!(r.screen(80, 24).contains("New note · Question"));
}

#[test]
fn rebalance_and_minus_plan_whole_minutes() {
    let mut r = tuning_in_presentation();
    // The presentation runs well over, at a moment that is no whole second.
    let late = at(21, 17) + TimeDelta::milliseconds(300);
    r.tick(late);
    r.ctrl('r', late);
    let s = r.screen(80, 24);
    assert!(s.contains("Rebalanced"), "{s}");
    let on_grid = |secs: i64| secs % 60 == 0 || (secs < 300 && secs % 30 == 0);
    let plans: Vec<i64> = r.app.meeting().unwrap().meeting.steps[2..]
        .iter()
        .map(|st| st.planned.num_seconds())
        .collect();
    assert!(plans.iter().all(|p| on_grid(*p)), "{plans:?}");
    r.key(KeyCode::Char('n'), late);
    r.key(KeyCode::Char('-'), late);
    let s = r.screen(80, 24);
    assert!(s.contains("planned for this phase"), "{s}");
    let now = r
        .app
        .meeting()
        .unwrap()
        .meeting
        .step()
        .planned
        .num_seconds();
    assert!(on_grid(now), "{now}");
}

#[test]
fn the_check_in_leaves_a_norm_out_and_can_be_skipped() {
    let mut r = in_the_check_in();
    // To the last norm (Share airtime), which nobody rated: not checked today.
    r.key(KeyCode::Home, at(52, 0));
    for _ in 0..10 {
        r.key(KeyCode::Up, at(52, 0));
    }
    r.key(KeyCode::Down, at(52, 0))
        .key(KeyCode::Down, at(52, 0));
    r.ctrl('t', at(52, 1));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Share airtime                not checked today"),
        "{s}"
    );
    insta::assert_snapshot!("check_in_a_norm_left_out_100x30", s);
    // Backspace takes back the last hand on the first norm.
    r.key(KeyCode::Up, at(52, 2)).key(KeyCode::Up, at(52, 2));
    r.key(KeyCode::Backspace, at(52, 2));
    let c = &r.app.meeting().unwrap().closing;
    assert_eq!(c.checkin[0].votes, Some([0, 0, 1, 1, 2, 1]));
    assert!(c.checkin[2].skipped);
    r.ctrl('x', at(52, 3));
    let s = r.screen(100, 30);
    assert!(s.contains("Check-in skipped this meeting"), "{s}");
    let rec = r.app.record().unwrap();
    assert!(rec.checkin_skipped && rec.checkin[2].skipped);
}

// Saved notes during the meeting: Ctrl-N lists them (facilitator view
// only), Enter edits one in the note editor, Delete removes it (asks).

/// Tuning in the presentation with three notes, the second naming a student.
fn tuning_with_three_notes() -> Run {
    let mut r = tuning_in_presentation();
    r.key(KeyCode::Enter, at(7, 0))
        .text("Sam Lee wrote the second one", at(7, 5))
        .key(KeyCode::Enter, at(7, 10));
    r.key(KeyCode::Enter, at(8, 0))
        .text("The rubric is on the back", at(8, 5))
        .key(KeyCode::Enter, at(8, 10));
    r
}

fn press(r: &mut Run, code: KeyCode, now: DateTime<Utc>) -> plg::tui::outcome::Effects {
    r.app
        .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now)
}

#[test]
fn saved_notes_are_listed_only_in_the_facilitator_view_and_one_can_be_edited() {
    let mut r = tuning_with_three_notes();
    // Projecting: the list of every phase's notes is not for the wall.
    r.ctrl('n', at(9, 0));
    assert!(r.app.meeting().unwrap().saved_notes.is_none());
    let s = r.screen(80, 24);
    assert!(s.contains("facilitator view only"), "{s}");
    assert!(!s.contains("Saved notes ("), "{s}");

    r.key(KeyCode::Char('f'), at(9, 1)).ctrl('n', at(9, 2));
    r.key(KeyCode::Up, at(9, 3));
    assert_eq!(
        r.app
            .meeting()
            .unwrap()
            .saved_notes
            .as_ref()
            .unwrap()
            .selected,
        1,
        "the newest is selected first; ↑ moves to the one before"
    );
    let s = r.screen(80, 24);
    assert!(s.contains("Saved notes (3) · not for the wall"), "{s}");
    assert!(
        s.contains("15:37 Presentation · Note: Sam Lee wrote the second one"),
        "{s}"
    );
    assert!(s.contains("↓ move · Enter edit · Del delete"), "{s}");
    insta::assert_snapshot!("saved_notes_one_selected_80x24", s);

    // Enter loads the note in the editor; its text is replaced.
    r.key(KeyCode::Enter, at(9, 4));
    let s = r.screen(80, 24);
    assert!(s.contains("Edit note · Note"), "{s}");
    assert!(s.contains("Sam Lee wrote the second one"), "{s}");
    for _ in 0.."Sam Lee".len() {
        r.key(KeyCode::Home, at(9, 5));
        r.key(KeyCode::Delete, at(9, 5));
    }
    r.text("A student", at(9, 6));
    let fx = press(&mut r, KeyCode::Enter, at(9, 7));
    assert!(fx.save, "an edit is saved at once");
    let m = &r.app.meeting().unwrap().meeting;
    assert_eq!(m.notes[1].text, "A student wrote the second one");
    assert_eq!(m.notes[1].edited, Some(at(9, 7)));
    let s = r.screen(80, 24);
    assert!(s.contains("Note changed"), "{s}");
    assert!(s.contains("(edited)"), "back in the list: {s}");
    let rec = plg::record::store::to_yaml(&r.app.record().unwrap()).unwrap();
    assert!(!rec.contains("Sam Lee"), "{rec}");
    assert!(rec.contains("edited_at:"), "{rec}");
}

#[test]
fn a_saved_note_is_deleted_after_a_one_line_question() {
    let mut r = tuning_with_three_notes();
    r.key(KeyCode::Char('f'), at(9, 0)).ctrl('n', at(9, 1));
    r.key(KeyCode::Up, at(9, 2)).key(KeyCode::Delete, at(9, 3));
    let s = r.screen(80, 24);
    assert!(s.contains("Delete this note?"), "{s}");
    assert!(
        s.contains("“Sam Lee wrote the second one” goes from the record"),
        "{s}"
    );
    // No keeps it.
    r.key(KeyCode::Esc, at(9, 4));
    assert_eq!(r.app.meeting().unwrap().meeting.notes.len(), 3);
    r.key(KeyCode::Delete, at(9, 5));
    let fx = press(&mut r, KeyCode::Char('y'), at(9, 6));
    assert!(fx.save);
    let m = &r.app.meeting().unwrap().meeting;
    assert_eq!(m.notes.len(), 2);
    assert_eq!(m.removed_notes.len(), 1);
    assert_eq!(m.removed_notes[0].at, at(9, 6));
    let rec = plg::record::store::to_yaml(&r.app.record().unwrap()).unwrap();
    assert!(!rec.contains("Sam Lee"), "{rec}");
    assert!(rec.contains("removed_notes:"), "{rec}");
    // Emptying a note in the editor asks the same question.
    r.key(KeyCode::Enter, at(9, 7));
    for _ in 0..40 {
        r.key(KeyCode::Backspace, at(9, 8));
    }
    r.key(KeyCode::Enter, at(9, 9));
    assert!(r.screen(80, 24).contains("Delete this note?"));
    r.key(KeyCode::Char('y'), at(9, 10));
    assert_eq!(r.app.meeting().unwrap().meeting.notes.len(), 1);
    // Esc closes the list; f hides notes again.
    r.key(KeyCode::Esc, at(9, 11));
    assert!(r.app.meeting().unwrap().saved_notes.is_none());
}

#[test]
fn the_saved_notes_list_and_its_editor_draw_at_every_size() {
    let mut r = tuning_with_three_notes();
    r.key(KeyCode::Char('f'), at(9, 0)).ctrl('n', at(9, 1));
    for w in [1u16, 5, 10, 20, 33, 47, 64, 80, 120, 200] {
        for h in [1u16, 2, 3, 6, 9, 12, 24, 45] {
            let s = r.screen(w, h);
            assert_eq!(s.lines().count(), h as usize);
        }
    }
    assert!(r.screen(20, 6).contains("Sav"), "{}", r.screen(20, 6));
    r.key(KeyCode::Enter, at(9, 2));
    for (w, h) in [(20u16, 6u16), (40, 12), (80, 24)] {
        let s = r.screen(w, h);
        assert_eq!(s.lines().count(), h as usize);
    }
}

#[test]
fn a_saved_note_can_be_edited_from_the_check_in_too() {
    let mut r = group_setup();
    r.key(KeyCode::Char('a'), t0()).key(KeyCode::Enter, t0());
    r.key(KeyCode::Char('n'), at(7, 0));
    r.key(KeyCode::Enter, at(8, 0))
        .text("Sam Lee needs a seat", at(8, 1))
        .key(KeyCode::Enter, at(8, 2));
    for i in 2..8 {
        r.key(KeyCode::Char('n'), at(i * 7, 0));
    }
    assert!(r.app.meeting().unwrap().in_checkin());
    r.key(KeyCode::Char('f'), at(50, 0)).ctrl('n', at(50, 1));
    let s = r.screen(100, 30);
    assert!(s.contains("Saved notes (1)"), "{s}");
    r.key(KeyCode::Enter, at(50, 2));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Edit note · Note"),
        "the editor shows over the check-in: {s}"
    );
    r.key(KeyCode::Home, at(50, 3));
    for _ in 0.."Sam Lee".len() {
        r.key(KeyCode::Delete, at(50, 3));
    }
    r.text("A student", at(50, 4))
        .key(KeyCode::Enter, at(50, 5));
    let m = &r.app.meeting().unwrap().meeting;
    assert_eq!(m.notes[0].text, "A student needs a seat");
    // The check-in's form has its keys back once the list is closed.
    r.key(KeyCode::Esc, at(50, 6))
        .key(KeyCode::Char('4'), at(50, 7));
    let c = &r.app.meeting().unwrap().closing;
    assert_eq!(c.checkin[0].votes, Some([0, 0, 0, 0, 1, 0]));
}

// Rounds follow the room: a late arrival's round comes last and can move up.

fn alt(r: &mut Run, code: KeyCode, now: DateTime<Utc>) {
    r.app
        .update(Msg::Key(KeyEvent::new(code, KeyModifiers::ALT)), now);
}

#[test]
fn a_late_arrival_gets_a_round_at_the_end_and_it_can_move_up() {
    let mut r = group_run(builtin("success-analysis"), &math9());
    r.key(KeyCode::Char('a'), t0());
    r.key(KeyCode::Down, t0())
        .key(KeyCode::Down, t0())
        .key(KeyCode::Char(' '), t0());
    r.key(KeyCode::Enter, t0());
    let m = r.app.meeting().unwrap();
    assert_eq!(m.setup.attendance.absent, ["Chen Li"]);
    let (steps, end) = (m.meeting.steps.len(), m.meeting.planned_end);
    // Chen comes in two minutes late: the fourth row of the panel.
    r.ctrl('a', at(2, 0));
    for _ in 0..3 {
        r.key(KeyCode::Down, at(2, 1));
    }
    r.key(KeyCode::Char(' '), at(2, 2))
        .key(KeyCode::Esc, at(2, 3));
    r.tick(at(2, 4));
    let m = &r.app.meeting().unwrap().meeting;
    assert_eq!(m.steps.len(), steps + 3, "a round of three turns");
    assert_eq!(m.planned_end, end + TimeDelta::minutes(9));
    let last = m.steps.iter().rposition(|s| s.round.is_some()).unwrap();
    assert_eq!(
        m.steps[last].round.as_ref().unwrap().person.as_deref(),
        Some("Chen Li")
    );
    let s = r.screen(100, 30);
    assert!(
        s.contains("Chen Li arrived at 15:32 · +9 min: Chen Li's round"),
        "{s}"
    );
    insta::assert_snapshot!(s);

    // Alt-↑ moves the last round waiting, Chen's, one place earlier.
    alt(&mut r, KeyCode::Up, at(3, 0));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Chen Li's round moved earlier: now round 3 of 4"),
        "{s}"
    );
    alt(&mut r, KeyCode::Left, at(3, 10));
    let s = r.screen(100, 30);
    assert!(
        s.contains("Waiting: Ana Ruiz · [Ben Okafor] · Chen Li · Dana Wright"),
        "{s}"
    );
    alt(&mut r, KeyCode::Down, at(3, 20));
    let m = &r.app.meeting().unwrap().meeting;
    let order: Vec<&str> = m
        .steps
        .iter()
        .filter_map(|s| s.round.as_ref())
        .filter(|r| r.turn.as_ref().is_some_and(|t| t.index == 0))
        .filter_map(|r| r.person.as_deref())
        .collect();
    assert_eq!(order, ["Ana Ruiz", "Chen Li", "Ben Okafor", "Dana Wright"]);
    // Ben leaves: his round goes, and so do its nine minutes.
    r.ctrl('a', at(4, 0)).key(KeyCode::Down, at(4, 1));
    r.key(KeyCode::Char(' '), at(4, 2))
        .key(KeyCode::Esc, at(4, 3));
    let m = &r.app.meeting().unwrap().meeting;
    assert_eq!(m.steps.len(), steps);
    assert_eq!(m.planned_end, end);
    let s = r.screen(100, 30);
    assert!(
        s.contains("Ben Okafor left at 15:34 · −9 min: Ben Okafor's round"),
        "{s}"
    );
}

// Closing action items from earlier meetings: the setup's open-items box,
// the dialog that changes one (with an owner's name completed), and the
// check-in's list of the group's items still open.

/// math9's setup with two action items open from earlier meetings, each
/// with the record it came from, and a delta.
fn setup_with_open_items() -> Run {
    use plg::meeting::session::ActionItem;
    use plg::record::actions::TrackedItem;
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let tracked =
        |session: &str, i: usize, from: u32, text: &str, owner: &str, due: Option<u32>| {
            let item = ActionItem {
                text: text.into(),
                owner: Some(owner.into()),
                due: due.map(day),
                done: false,
            };
            OpenItem {
                kind: OpenKind::Action,
                text: item.text.clone(),
                owner: item.owner.clone(),
                due: item.due,
                from: day(from),
                tracked: Some(TrackedItem::written(
                    session,
                    i,
                    day(from),
                    Some("math9"),
                    &item,
                )),
            }
        };
    let open = vec![
        tracked(
            "2026-11-10T1530_math9_tuning",
            0,
            10,
            "Bring three anonymised samples",
            "Chen Li",
            Some(20),
        ),
        tracked(
            "2026-11-03T1530_math9_tuning",
            1,
            3,
            "Book the library for the assessment",
            "Dana Wright",
            None,
        ),
        OpenItem {
            kind: OpenKind::Delta,
            text: "Keep clarifying questions clarifying".into(),
            owner: None,
            due: None,
            from: day(10),
            tracked: None,
        },
    ];
    let history = GroupHistory {
        open,
        presented: Vec::new(),
    };
    let screen = SetupScreen::for_group(builtin("tuning"), &math9(), starter_norms(), history);
    let app = App::new(
        Screen::Setup(Box::new(screen)),
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(80, 24),
    );
    Run { app }
}

#[test]
fn setup_marks_an_earlier_action_item_done_in_the_open_items_box() {
    let mut r = setup_with_open_items();
    // Shift-Tab from who is here wraps round to the open items.
    r.key(KeyCode::BackTab, t0());
    r.ctrl('d', t0());
    let s = r.screen(80, 24);
    assert!(s.contains("✓ Bring three anonymised"), "{s}");
    assert!(s.contains("done"), "{s}");
    insta::assert_snapshot!("setup_open_item_marked_done_80x24", s);
    let Screen::Setup(st) = &r.app.screen else {
        panic!("left the setup");
    };
    assert_eq!(st.pending.len(), 1);
    assert_eq!(st.pending[0].to.as_deref(), Some("done"));
}

#[test]
fn the_action_item_dialog_completes_an_owner_from_the_roster() {
    let mut r = setup_with_open_items();
    r.key(KeyCode::BackTab, t0()).key(KeyCode::Down, t0());
    r.ctrl('e', t0()).key(KeyCode::Down, t0());
    for _ in 0..12 {
        r.key(KeyCode::Backspace, t0());
    }
    r.text("be", t0());
    let wide = r.screen(80, 24);
    assert!(wide.contains("→ Ben Okafor"), "the name is offered: {wide}");
    insta::assert_snapshot!("action_dialog_owner_completion_80x24", wide);
    let narrow = r.screen(40, 12);
    insta::assert_snapshot!("action_dialog_owner_completion_40x12", narrow);
    r.key(KeyCode::Tab, t0()).key(KeyCode::Enter, t0());
    let s = r.screen(80, 24);
    assert!(s.contains("Ben Okafor"), "{s}");
    // A bad date is refused with what to type, and the dialog stays.
    r.ctrl('e', t0()).key(KeyCode::Up, t0());
    r.text("soon", t0()).key(KeyCode::Enter, t0());
    let s = r.screen(80, 24);
    assert!(s.contains("+7"), "{s}");
}

#[test]
fn the_check_in_lists_the_groups_items_still_open_from_earlier_meetings() {
    let mut r = setup_with_open_items();
    r.key(KeyCode::BackTab, t0()).ctrl('d', t0());
    r.key(KeyCode::Tab, t0()).key(KeyCode::Char('a'), t0());
    r.key(KeyCode::Enter, t0());
    assert!(r.app.meeting().is_some(), "the meeting started");
    assert_eq!(r.app.meeting().unwrap().closing.action_changes.len(), 1);
    for i in 1..8 {
        r.key(KeyCode::Char('n'), at(i * 7, 0));
    }
    // Down past the norms and the add lines to the second earlier item.
    for _ in 0..7 {
        r.key(KeyCode::Down, at(50, 0));
    }
    let fx = r.app.update(
        Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL)),
        at(50, 1),
    );
    assert!(fx.save, "a change is saved at once");
    r.tick(at(51, 0));
    let s = r.screen(80, 24);
    assert!(s.contains("Open from earlier meetings"), "{s}");
    insta::assert_snapshot!("checkin_with_earlier_open_items_80x24", s);
    let c = &r.app.meeting().unwrap().closing;
    let to: Vec<(&str, Option<&str>)> = c
        .action_changes
        .iter()
        .map(|c| (c.text.as_str(), c.to.as_deref()))
        .collect();
    assert_eq!(
        to,
        [
            ("Bring three anonymised samples", Some("done")),
            ("Book the library for the assessment", Some("done")),
        ]
    );
}

// The end screen and the record are one source: a minute added and the
// sub-second moments of real key presses show the same on both.
#[test]
fn the_end_screen_shows_the_plan_and_times_the_record_keeps() {
    let mut r = Run::started("consultancy");
    r.key(KeyCode::Char('+'), at(0, 10));
    let steps = r.app.meeting().unwrap().meeting.steps.len();
    let mut t = 0;
    for _ in 1..steps {
        t += 9;
        r.key(
            KeyCode::Char('n'),
            at(t, 0) + chrono::TimeDelta::milliseconds(700),
        );
    }
    let end = at(t + 5, 0) + chrono::TimeDelta::milliseconds(400);
    r.key(KeyCode::Char('n'), end).key(KeyCode::Char('y'), end);
    let s = r.screen(100, 30);
    let rec = r.app.record().unwrap();
    for st in &rec.steps {
        let row = s
            .lines()
            .find(|l| l.contains(&format!("│{} ", st.phase)))
            .unwrap_or_else(|| panic!("{} in\n{s}", st.phase));
        let planned = plg::text::clock(st.planned_seconds.unsigned_abs());
        let actual = plg::text::clock(st.actual_seconds.unsigned_abs());
        assert!(
            row.contains(&planned) && row.contains(&actual),
            "{row} against {planned} / {actual}"
        );
    }
    assert_ne!(
        rec.steps[0].planned_seconds, rec.steps[0].original_seconds,
        "the first phase was given a minute"
    );
    let total = s
        .lines()
        .find(|l| l.contains("Meeting (pauses included)"))
        .unwrap();
    let length = plg::text::clock(rec.duration().num_seconds().unsigned_abs());
    assert!(total.contains(&length), "{total} against {length}");
}

// A debrief whose protocol names who speaks keeps that rule on the wall
// beside the check-in, as every other phase does.
#[test]
fn the_check_in_says_who_has_the_floor_when_the_protocol_names_someone() {
    let yaml = "id: reflect\nname: Reflect\nsummary: A debrief led by the presenter.\nroles:\n  - {id: presenter, name: Presenter}\nphases:\n  - name: Presenter's reflection\n    minutes: 5\n    speaker: presenter\n    checkin: true\n    prompts: [\"What will you try next?\"]\n";
    let protocol = plg::protocol::check(yaml).value.unwrap();
    let app = App::for_protocol(
        protocol,
        Setup {
            norms: starter_norms(),
            ..Setup::default()
        },
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    );
    let mut r = Run { app };
    r.key(KeyCode::Enter, t0());
    let s = r.screen(100, 30);
    assert!(s.contains("What will you try next?"), "{s}");
    assert!(
        s.contains("Presenter") && s.contains("has the floor"),
        "{s}"
    );
}
