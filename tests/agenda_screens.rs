//! Snapshots of an agenda run as one meeting: the launcher listing agendas,
//! setup choosing the agenda's protocol and showing its items and length,
//! the phase screen naming the item and grouping its timeline, and the end
//! screen listing times per item.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Size;

use plg::agenda::Agenda;
use plg::group::Group;
use plg::protocol::{self, Protocol};
use plg::record::history::GroupHistory;
use plg::theme::Theme;
use plg::tui::app::{App, Msg, Screen};
use plg::tui::screens::setup::{AgendaSetup, SetupScreen};
use plg::tui::{buffer_text, render};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 14, 15, 0).unwrap()
}

fn at(m: i64, s: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(m) + TimeDelta::seconds(s)
}

/// The built-in protocols, in the library's order.
fn library() -> Vec<Protocol> {
    protocol::BUILTIN
        .iter()
        .map(|(_, src)| protocol::check(src).value.unwrap())
        .collect()
}

/// The facilitator's weekly agenda as the issue describes it, written as a file.
fn weekly() -> Agenda {
    plg::agenda::check(
        "id: weekly\nname: Weekly PLG meeting\nsummary: Connection, one protocol, logistics, plus/delta.\nitems:\n  - name: Connection\n    minutes: 5\n    prompts: [\"One word for how your week is going\"]\n  - protocol: choose\n  - name: Logistics and next steps\n    minutes: 5\n  - name: Plus/delta\n    minutes: 5\n    checkin: true\n",
    )
    .value
    .unwrap()
}

fn math9() -> Group {
    plg::group::check(
        "id: math9\nname: Grade 9 Math PLG\nfacilitator: Ana Ruiz\nmembers: [Ana Ruiz, Ben Okafor, Chen Li, Dana Wright]\nnorms: [Start and end on time, Hard on ideas soft on people, Share airtime]\nagenda: weekly\n",
    )
    .value
    .unwrap()
}

struct Run {
    app: App,
}

impl Run {
    /// The setup of `agenda` for math9, nothing chosen yet, at 14:15 UTC
    /// shown as 15:15 (+01:00).
    fn setup(agenda: Agenda) -> Run {
        let a = AgendaSetup::new(agenda, library(), None);
        let plan = a.expanded().unwrap();
        let screen =
            SetupScreen::for_group(plan, &math9(), vec![], GroupHistory::default()).with_agenda(a);
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

    fn key(&mut self, code: KeyCode, now: DateTime<Utc>) -> &mut Run {
        self.app
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
        self
    }

    fn screen(&mut self, w: u16, h: u16) -> String {
        self.app.update(Msg::Resize(w, h), self.app.now);
        buffer_text(&render(&self.app, w, h))
    }

    /// Picks `id` in the open list.
    fn choose(&mut self, id: &str) -> &mut Run {
        let at = library().iter().position(|p| p.id == id).unwrap();
        self.key(KeyCode::Home, t0());
        for _ in 0..at {
            self.key(KeyCode::Down, t0());
        }
        self.key(KeyCode::Enter, t0())
    }

    /// Consultancy chosen, everyone marked present, started at t0.
    fn started() -> Run {
        let mut r = Run::setup(weekly());
        r.choose("consultancy");
        r.key(KeyCode::BackTab, t0())
            .key(KeyCode::BackTab, t0())
            .key(KeyCode::Char('a'), t0())
            .key(KeyCode::Enter, t0());
        assert!(r.app.meeting().is_some(), "the meeting started");
        r
    }
}

#[test]
fn an_agenda_that_chooses_opens_its_setup_on_the_list_of_protocols() {
    let mut r = Run::setup(weekly());
    let s = r.screen(100, 30);
    assert!(s.contains("Choose the protocol for item 2"), "{s}");
    assert!(s.contains("Consultancy") && s.contains("50 min"), "{s}");
    assert!(s.contains("The whole meeting: 63 min"), "{s}");
    insta::assert_snapshot!(s);
    // Closed, the agenda's items show, the one to choose marked, and the rest's length.
    r.key(KeyCode::Esc, t0());
    let s = r.screen(100, 30);
    assert!(s.contains("Agenda · 15 min + the protocol"), "{s}");
    assert!(s.contains("? min  — choose a protocol"), "{s}");
    assert!(s.contains("Protocol: — Space to choose"), "{s}");
}

#[test]
fn the_meeting_does_not_start_before_the_protocol_is_chosen() {
    let mut r = Run::setup(weekly());
    // Esc closes the list; Enter then opens it again rather than start.
    r.key(KeyCode::Esc, t0());
    assert!(!r.screen(100, 30).contains("Choose the protocol for item 2"));
    r.key(KeyCode::Enter, t0());
    assert!(r.app.meeting().is_none());
    let s = r.screen(100, 30);
    assert!(s.contains("Choose the protocol for item 2"), "{s}");
}

#[test]
fn choosing_the_protocol_sets_up_the_whole_meeting() {
    let mut r = Run::setup(weekly());
    r.choose("consultancy");
    let s = r.screen(100, 30);
    // Consultancy's asks, its optional phase, and the whole meeting's length.
    assert!(s.contains("Protocol: Consultancy (50 min)"), "{s}");
    assert!(s.contains("Dilemma:"), "{s}");
    assert!(s.contains("Agenda · 65 min"), "{s}");
    assert!(s.contains("50 min  Consultancy"), "{s}");
    insta::assert_snapshot!(s);

    // Changed: the asks follow the new choice.
    r.key(KeyCode::Char(' '), t0());
    r.choose("tuning");
    let s = r.screen(100, 30);
    assert!(s.contains("Protocol: Tuning Protocol"), "{s}");
    assert!(!s.contains("Dilemma:"), "{s}");
    assert!(s.contains("Focusing question:"), "{s}");
}

#[test]
fn the_phase_screen_names_the_item_and_groups_the_timeline_by_item() {
    let mut r = Run::started();
    // Through the connection (5 min) into Consultancy's second phase.
    r.key(KeyCode::Char('n'), at(5, 0))
        .key(KeyCode::Char('n'), at(12, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("ITEM 2 OF 4  ·  PHASE 2 OF 8"), "{s}");
    assert!(s.contains("Consultancy · "), "{s}");
    assert!(s.contains("Elapsed 12:00 of 65 min"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn the_end_screen_lists_times_per_item() {
    let mut r = Run::started();
    let steps = r.app.meeting().unwrap().meeting.steps.len();
    let mut t = 0;
    for i in 1..steps {
        // Every step to plan, but the connection takes 7 minutes.
        t += if i == 1 {
            7 * 60
        } else {
            r.app
                .meeting()
                .unwrap()
                .meeting
                .step()
                .planned
                .num_seconds()
        };
        r.key(KeyCode::Char('n'), at(0, t));
    }
    t += 300;
    r.key(KeyCode::Char('n'), at(0, t))
        .key(KeyCode::Char('y'), at(0, t));
    let s = r.screen(80, 30);
    assert!(s.contains("The meeting has ended"), "{s}");
    assert!(s.contains("Connection"), "{s}");
    insta::assert_snapshot!(s);
}

/// The plus/delta holds the check-in and is an item like the others: `d`
/// opens a decision there, drawn over the form, and digits typed into it
/// are the note's, not the norms'.
#[test]
fn a_decision_is_written_in_the_item_holding_the_check_in() {
    let mut r = Run::started();
    let mut minute = 1;
    while !r.screen(100, 30).contains("Norm check-in") {
        assert!(minute < 40, "never reached the check-in");
        r.key(KeyCode::Char('n'), at(minute, 0));
        minute += 1;
    }
    let s = r.screen(100, 30);
    assert!(s.lines().last().unwrap().contains("d decision"), "{s}");
    r.key(KeyCode::Char('d'), at(minute, 0));
    let s = r.screen(100, 30);
    assert!(s.contains("New note · Decision"), "{s}");
    assert!(s.lines().last().unwrap().contains("Esc cancel"), "{s}");
    for c in "Meet on 3 Thursdays".chars() {
        r.key(KeyCode::Char(c), at(minute, 0));
    }
    r.key(KeyCode::Enter, at(minute, 0));
    let m = r.app.meeting().expect("still the meeting");
    let last = m.meeting.notes.last().expect("a note");
    assert_eq!(
        (last.kind.as_str(), last.text.as_str()),
        ("decision", "Meet on 3 Thursdays")
    );
    let s = r.screen(100, 30);
    assert!(!s.contains("New note"), "{s}");
}

#[test]
fn the_launcher_lists_agendas_first_marked_as_such() {
    let agendas = vec![
        plg::agenda::builtin("plg-meeting").unwrap(),
        plg::agenda::builtin("first-meeting").unwrap(),
    ];
    let mut app = App::launcher(
        library(),
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    )
    .with_agendas(agendas);
    let s = buffer_text(&render(&app, 100, 30));
    assert!(s.contains("2 agendas · "), "{s}");
    assert!(s.contains("Agenda · 12+ min"), "{s}");
    insta::assert_snapshot!(s);
    // Enter sets the agenda up, its list of protocols open.
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        t0(),
    );
    let s = buffer_text(&render(&app, 100, 30));
    assert!(s.contains("Choose the protocol for item 2"), "{s}");
}

/// An agenda whose id is also a protocol's is not started from the
/// launcher, nor is that protocol: `plg run ID` refuses the id too.
#[test]
fn the_launcher_refuses_an_id_that_is_both_a_protocol_and_an_agenda() {
    let clash = plg::agenda::check(
        "id: consultancy\nname: Clash\nsummary: s\nitems:\n  - protocol: tuning\n",
    )
    .value
    .unwrap();
    let mut app = App::launcher(
        library(),
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    )
    .with_agendas(vec![clash]);
    let enter = || Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    app.update(enter(), t0());
    let s = buffer_text(&render(&app, 100, 30));
    assert!(s.contains("Ambiguous `consultancy`"), "{s}");
    assert!(s.contains("1 agenda · 21 protocols"), "{s}");
    assert!(
        s.contains("choose an agenda or a protocol"),
        "still the launcher: {s}"
    );
    let at = library()
        .iter()
        .position(|p| p.id == "consultancy")
        .unwrap();
    for _ in 0..=at {
        app.update(
            Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            t0(),
        );
    }
    app.update(enter(), t0());
    let s = buffer_text(&render(&app, 100, 30));
    assert!(
        s.contains("choose an agenda or a protocol"),
        "still the launcher: {s}"
    );
    // Another protocol starts as before.
    app.update(
        Msg::Key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
        t0(),
    );
    app.update(enter(), t0());
    let s = buffer_text(&render(&app, 100, 30));
    assert!(s.contains("getting ready"), "{s}");
}

#[test]
fn the_launcher_starts_on_the_groups_own_agenda() {
    let agendas = vec![
        plg::agenda::builtin("first-meeting").unwrap(),
        plg::agenda::builtin("plg-meeting").unwrap(),
    ];
    let mut app = App::launcher(
        library(),
        Theme::fallback(),
        t0(),
        FixedOffset::east_opt(3600).unwrap(),
        Size::new(100, 30),
    )
    .with_agendas(agendas);
    app.select_agenda("plg-meeting");
    let s = buffer_text(&render(&app, 100, 30));
    let detail = s.lines().nth(2).unwrap();
    assert!(
        detail.ends_with("│PLG Meeting                                           │"),
        "{s}"
    );
    app.select_agenda("no-such-agenda");
    let s2 = buffer_text(&render(&app, 100, 30));
    assert_eq!(s, s2, "an id the launcher does not list changes nothing");
}

#[test]
fn the_rooms_screen_follows_the_agenda_item_as_it_follows_phases() {
    use plg::tui::screens::room::{self, RoomScreen};
    let mut r = Run::started();
    r.key(KeyCode::Char('n'), at(5, 0))
        .key(KeyCode::Char('n'), at(12, 0));
    let now = at(13, 0);
    let offset = FixedOffset::east_opt(3600).unwrap();
    let rec = r.app.meeting().unwrap().record(now, offset, 1);
    let wall = RoomScreen::from_record(&rec, false, now).unwrap();
    let s = buffer_text(&room::render(
        &wall,
        &Theme::fallback(),
        now,
        offset,
        100,
        30,
    ));
    assert!(s.contains("ITEM 2 OF 4  ·  PHASE 2 OF 8"), "{s}");
    assert!(s.contains("CONSULTANCY · LOOK AT ARTIFACTS"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn an_agenda_setup_and_meeting_render_at_every_size() {
    let sizes = [(20, 6), (40, 12), (60, 20), (80, 24), (120, 40), (240, 70)];
    let mut r = Run::setup(weekly());
    for (w, h) in sizes {
        let s = r.screen(w, h);
        assert!(!s.trim().is_empty(), "{w}×{h}");
    }
    // At the smallest size the list still shows the highlighted protocol.
    r.key(KeyCode::Home, t0());
    let s = r.screen(20, 6);
    assert!(s.contains("ATLAS"), "{s}");
    // At 80×24 the list keeps the highlighted protocol in view.
    r.screen(80, 24);
    r.key(KeyCode::End, t0());
    let s = r.screen(80, 24);
    assert!(s.contains("Tuning Protocol"), "{s}");
    r.key(KeyCode::Esc, t0());
    for (w, h) in sizes {
        r.screen(w, h);
    }
    let mut r = Run::started();
    r.key(KeyCode::Char('n'), at(5, 0));
    for (w, h) in sizes {
        let s = r.screen(w, h);
        assert!(
            s.contains("THE DILEMMA") || s.contains("The dilemma") || w < 40,
            "{w}×{h}:\n{s}"
        );
    }
}
