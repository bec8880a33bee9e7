use std::path::PathBuf;

use chrono::{DateTime, NaiveDate};

use super::*;
use crate::meeting::session::{
    ActionItem, Attendance, Delta, GroupRef, NormRating, RoleAssignment,
};
use crate::record::summary::SessionSummary;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct S {
    date: &'static str,
    minutes: i64,
    present: &'static [&'static str],
    absent: &'static [&'static str],
    presenter: Option<&'static str>,
    rating: Option<u8>,
    /// A show of hands (format 4), counts for 0..=5.
    votes: Option<[u32; 6]>,
    status: Status,
    speed: u32,
}

const BASE: S = S {
    date: "2026-09-08",
    minutes: 55,
    present: &["Ana", "Ben", "Chen"],
    absent: &[],
    presenter: None,
    rating: None,
    votes: None,
    status: Status::Completed,
    speed: 1,
};

fn session(s: S) -> IndexedSession {
    let started: DateTime<chrono::FixedOffset> =
        DateTime::parse_from_rfc3339(&format!("{}T15:30:00-04:00", s.date)).unwrap();
    IndexedSession {
        id: format!("{}T1530_math9_tuning", s.date),
        path: PathBuf::from("/x"),
        summary: SessionSummary {
            version: 2,
            status: s.status,
            started_at: started,
            ended_at: None,
            duration_seconds: s.minutes * 60,
            speed: s.speed,
            group: Some(GroupRef {
                id: "math9".into(),
                name: "Grade 9 Math".into(),
                focus: None,
            }),
            protocol_id: "tuning".into(),
            protocol_name: "Tuning Protocol".into(),
            agenda: false,
            items: vec![crate::record::summary::ItemSummary {
                name: "Tuning Protocol".into(),
                protocol: Some("tuning".into()),
                actual_seconds: s.minutes * 60,
            }],
            attendance: Attendance {
                present: s.present.iter().map(|p| p.to_string()).collect(),
                absent: s.absent.iter().map(|p| p.to_string()).collect(),
                guests: vec!["Visitor".into()],
                ..Attendance::default()
            },
            roles: s
                .presenter
                .map(|p| RoleAssignment {
                    role: "presenter".into(),
                    person: p.into(),
                })
                .into_iter()
                .collect(),
            focusing_question: None,
            work: None,
            notes: vec![],
            checkin_skipped: false,
            checkin: (s.rating.is_some() || s.votes.is_some())
                .then(|| NormRating {
                    norm: "Share airtime".into(),
                    rating: s.rating,
                    votes: s.votes,
                    ..NormRating::default()
                })
                .into_iter()
                .collect(),
            plus: vec![],
            delta: vec![Delta {
                text: format!("delta of {}", s.date),
                owner: Some("Ana".into()),
            }],
            actions: vec![
                ActionItem {
                    text: format!("open from {}", s.date),
                    owner: Some("Ben".into()),
                    due: None,
                    done: false,
                },
                ActionItem {
                    text: "finished".into(),
                    owner: None,
                    due: None,
                    done: true,
                },
            ],
            action_changes: vec![],
            presented: vec![],
        },
    }
}

fn report(sessions: &[IndexedSession]) -> GroupReport {
    let refs: Vec<&IndexedSession> = sessions.iter().collect();
    let mut all = build(
        &refs,
        day("2026-11-30"),
        SchoolYear::default(),
        false,
        &ItemStates::default(),
    );
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[test]
fn months_below_two_meetings_are_flagged_and_empty_months_count() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            ..BASE
        }),
        session(S {
            date: "2026-11-10",
            ..BASE
        }),
    ]);
    let months: Vec<(u32, usize, bool)> = r
        .months
        .iter()
        .map(|m| (m.month, m.meetings, m.flagged))
        .collect();
    assert_eq!(months, [(9, 2, false), (10, 0, true), (11, 1, true)]);
}

#[test]
fn a_summer_without_meetings_is_not_flagged() {
    let r = report(&[
        session(S {
            date: "2026-06-02",
            ..BASE
        }),
        session(S {
            date: "2026-06-16",
            ..BASE
        }),
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            ..BASE
        }),
    ]);
    let flagged: Vec<u32> = r
        .months
        .iter()
        .filter(|m| m.flagged)
        .map(|m| m.month)
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
    assert_eq!(r.months.len(), 4, "June, July, August, September");
}

#[test]
fn rehearsals_and_meetings_in_progress_are_left_out_of_every_figure() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            minutes: 60,
            ..BASE
        }),
        session(S {
            date: "2026-09-09",
            minutes: 3,
            speed: 20,
            ..BASE
        }),
        session(S {
            date: "2026-09-10",
            minutes: 10,
            status: Status::InProgress,
            ..BASE
        }),
    ]);
    assert_eq!((r.counted, r.rehearsals, r.in_progress), (1, 1, 1));
    assert_eq!(r.average_minutes, Some(60.0));
    assert_eq!(r.open_actions.len(), 1);
    assert!(
        render_text(&[r], SchoolYear::default()).contains("left out: 1 rehearsal, 1 in progress")
    );
}

#[test]
fn average_length_is_compared_with_fifty_minutes() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            minutes: 40,
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            minutes: 55,
            ..BASE
        }),
    ]);
    assert_eq!(r.average_minutes, Some(47.5));
    assert_eq!(r.shorter_than_guideline, 1);
    assert!(length_line(&r).contains("below the guideline"));
}

#[test]
fn attendance_rate_counts_only_meetings_where_the_person_was_listed() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            present: &["Ana", "Ben"],
            absent: &["Chen"],
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            present: &["Ana", "Chen"],
            absent: &["Ben"],
            ..BASE
        }),
        session(S {
            date: "2026-10-06",
            present: &["Ana"],
            absent: &[],
            ..BASE
        }),
    ]);
    let rates: Vec<(&str, usize, usize)> = r
        .attendance
        .iter()
        .map(|m| (m.name.as_str(), m.present, m.absent))
        .collect();
    assert_eq!(rates, [("Ana", 3, 0), ("Ben", 1, 1), ("Chen", 1, 1)]);
    assert_eq!(r.attendance[1].rate(), 0.5);
    assert!(
        !r.attendance.iter().any(|m| m.name == "Visitor"),
        "guests are not members"
    );
}

#[test]
fn presenters_count_from_august_first_of_the_newest_meetings_school_year() {
    let r = report(&[
        session(S {
            date: "2026-06-02",
            presenter: Some("Chen"),
            ..BASE
        }),
        session(S {
            date: "2026-09-08",
            presenter: Some("Ben"),
            ..BASE
        }),
        session(S {
            date: "2026-10-06",
            presenter: Some("Ben"),
            ..BASE
        }),
    ]);
    assert_eq!(r.school_year_start, day("2026-08-01"));
    assert_eq!(r.presented, [("Ben".to_string(), 2)]);
    assert_eq!(
        r.not_presented,
        ["Ana", "Chen"],
        "Chen presented last school year"
    );
}

#[test]
fn everyone_who_held_a_presenting_round_counts_as_having_presented() {
    let mut success = session(S {
        date: "2026-10-06",
        ..BASE
    });
    // A Success Analysis: Ana and Chen held rounds; Ben passed.
    success.summary.presented = vec!["Ana".into(), "Chen".into()];
    let r = report(&[
        session(S {
            date: "2026-09-08",
            presenter: Some("Chen"),
            ..BASE
        }),
        success,
    ]);
    assert_eq!(
        r.presented,
        [("Chen".to_string(), 2), ("Ana".to_string(), 1)]
    );
    assert_eq!(r.not_presented, ["Ben"]);
}

#[test]
fn a_school_year_set_in_the_config_moves_the_presenters_count_and_the_grid() {
    let sessions = [
        session(S {
            date: "2026-08-20",
            presenter: Some("Chen"),
            ..BASE
        }),
        session(S {
            date: "2026-09-08",
            presenter: Some("Ben"),
            ..BASE
        }),
    ];
    let refs: Vec<&IndexedSession> = sessions.iter().collect();
    let sep = SchoolYear { month: 9, day: 1 };
    let r = build(&refs, day("2026-11-30"), sep, false, &ItemStates::default()).remove(0);
    assert_eq!(r.school_year_start, day("2026-09-01"));
    assert_eq!(r.presented, [("Ben".to_string(), 1)]);
    assert_eq!(r.not_presented, ["Ana", "Chen"], "August was last year");
    let text = render_text(std::slice::from_ref(&r), sep);
    assert!(
        text.contains("once a school year (from September 1)"),
        "the note names the school year the report used: {text}"
    );
    let header = text
        .lines()
        .find(|l| l.contains("Sep") && l.contains("Aug"))
        .unwrap_or_default();
    assert!(
        header.find("Sep") < header.find("Aug"),
        "the grid starts in September: {header}"
    );
    assert!(
        text.contains("2025-26") && text.contains("2026-27"),
        "{text}"
    );
    // A school year that starts in January is a calendar year.
    let jan = SchoolYear { month: 1, day: 1 };
    let r = build(&refs, day("2026-11-30"), jan, false, &ItemStates::default()).remove(0);
    let labels: Vec<String> = by_school_year(&r.months, jan)
        .into_iter()
        .map(|(label, _)| label)
        .collect();
    assert_eq!(labels, ["2026"]);
}

#[test]
fn the_note_quotes_the_guidelines_the_report_checks() {
    let sep5 = SchoolYear { month: 9, day: 5 };
    for note in [
        render_text(&[], sep5),
        render_md(&[], sep5),
        render_html(&[], sep5),
    ] {
        assert!(
            note.contains(&format!(
                "at least {MIN_MEETINGS_PER_MONTH} meetings a month, at least {MIN_MINUTES:.0} minutes each"
            )),
            "{note}"
        );
        assert!(note.contains("(from September 5)"), "{note}");
    }
    assert!(
        render_text(&[], SchoolYear::default()).contains("(from August 1)"),
        "the default school year"
    );
}

#[test]
fn norm_ratings_are_averaged_per_month_and_drawn_on_a_fixed_scale() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            rating: Some(2),
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            rating: Some(3),
            ..BASE
        }),
        session(S {
            date: "2026-10-06",
            rating: Some(5),
            ..BASE
        }),
    ]);
    let n = &r.norms[0];
    assert_eq!(
        n.months,
        [("2026-09".to_string(), 2.5), ("2026-10".to_string(), 5.0)]
    );
    assert_eq!(n.ratings, 3);
    assert!((n.average - 10.0 / 3.0).abs() < 1e-9);
    assert_eq!(sparkline([0.0, 2.5, 5.0]), "▁▅█");
    assert!(
        render_text(&[r], SchoolYear::default())
            .contains("Share airtime  ▅█  average 3.3, latest 5.0")
    );
}

#[test]
fn a_show_of_hands_counts_once_per_meeting_by_its_average_and_shows_its_spread() {
    let r = report(&[
        // An older record: one number for the room, no spread.
        session(S {
            date: "2026-09-08",
            rating: Some(2),
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            votes: Some([0, 1, 0, 1, 2, 0]),
            ..BASE
        }),
        session(S {
            date: "2026-10-06",
            votes: Some([0, 0, 1, 1, 3, 1]),
            ..BASE
        }),
    ]);
    let n = &r.norms[0];
    // September: 2 and the room's 3.0 (1+3+4+4 over four people).
    assert_eq!(n.months[0], ("2026-09".to_string(), 2.5));
    assert_eq!(n.ratings, 3);
    assert!((n.average - (2.0 + 3.0 + 22.0 / 6.0) / 3.0).abs() < 1e-9);
    assert_eq!(n.spread, Some((1, 5)));
    assert_eq!(n.last.map(|l| l.votes()), Some(Some(6)));
    let text = render_text(std::slice::from_ref(&r), SchoolYear::default());
    assert!(
        text.contains(
            "average 2.9, latest 3.7; spread 1–5; last meeting 6 votes · avg 3.7 · 2–5 (0 0 1 1 3 1)"
        ),
        "{text}"
    );
    let md = super::markdown::render_md(std::slice::from_ref(&r), SchoolYear::default());
    assert!(
        md.contains("| 2.9 | 3.7 | 1–5 | 6 votes · avg 3.7 · 2–5 (0 0 1 1 3 1) |"),
        "{md}"
    );
}

#[test]
fn an_older_rating_shows_without_spread() {
    let r = report(&[session(S {
        date: "2026-09-08",
        rating: Some(4),
        ..BASE
    })]);
    let n = &r.norms[0];
    assert_eq!(
        (n.spread, n.spread_text()),
        (None, "last meeting avg 4.0 (one room rating)".to_string())
    );
}

#[test]
fn open_actions_and_deltas_keep_their_owner_and_date() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            ..BASE
        }),
    ]);
    assert_eq!(r.open_actions.len(), 2, "done items are not open");
    assert_eq!(
        r.open_actions[0].date,
        day("2026-09-08"),
        "oldest open first"
    );
    assert_eq!(r.deltas[0].date, day("2026-09-22"), "newest delta first");
    let text = render_text(&[r], SchoolYear::default());
    assert!(
        text.contains("2026-09-08  open from 2026-09-08 — Ben"),
        "{text}"
    );
    assert!(
        text.contains("2026-09-22  delta of 2026-09-22 (Ana)"),
        "{text}"
    );
}

#[test]
fn open_actions_are_the_items_as_they_stand_after_later_changes() {
    use crate::meeting::session::{ActionChange, ActionField};
    use crate::record::actions::{Written, combine};
    let sessions = [
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-09-22",
            ..BASE
        }),
    ];
    let change = |i: usize, text: &str, field, to: &str| ActionChange {
        at: DateTime::parse_from_rfc3339("2026-09-22T16:00:00-04:00").unwrap(),
        session: sessions[0].id.clone(),
        item: i,
        text: text.into(),
        field,
        from: None,
        to: Some(to.into()),
    };
    // The second meeting closes the first one's open item and reopens its
    // finished one, handing it to Chen; a follow-up drops the second's.
    let changes = [
        change(0, "open from 2026-09-08", ActionField::State, "done"),
        change(1, "finished", ActionField::State, "open"),
        change(1, "finished", ActionField::Owner, "Chen"),
    ];
    let dropped = ActionChange {
        session: sessions[1].id.clone(),
        ..change(0, "open from 2026-09-22", ActionField::State, "dropped")
    };
    let written = sessions.iter().map(|s| Written {
        session: &s.id,
        day: s.summary.started_at.date_naive(),
        group: s.summary.group_id(),
        actions: &s.summary.actions,
    });
    let (items, unmatched) = combine(
        written,
        changes
            .iter()
            .map(|c| (sessions[1].id.as_str(), c))
            .chain([("follow-up", &dropped)]),
    );
    assert!(unmatched.is_empty());
    let refs: Vec<&IndexedSession> = sessions.iter().collect();
    let states = ItemStates::new(items);
    let r = build(
        &refs,
        day("2026-11-30"),
        SchoolYear::default(),
        false,
        &states,
    )
    .remove(0);
    let open: Vec<(&str, Option<&str>, NaiveDate)> = r
        .open_actions
        .iter()
        .map(|a| (a.text.as_str(), a.owner.as_deref(), a.date))
        .collect();
    assert_eq!(
        open,
        [("finished", Some("Chen"), day("2026-09-08"))],
        "closed and dropped items are not open; the reopened one is"
    );
}

#[test]
fn sessions_without_a_group_are_reported_last_under_no_group() {
    let mut loose = session(S {
        date: "2026-09-08",
        ..BASE
    });
    loose.summary.group = None;
    let grouped = session(S {
        date: "2026-09-09",
        ..BASE
    });
    let refs = vec![&loose, &grouped];
    let all = build(
        &refs,
        day("2026-11-30"),
        SchoolYear::default(),
        false,
        &ItemStates::default(),
    );
    assert_eq!(
        all.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Grade 9 Math", "No group"]
    );
}

#[test]
fn every_format_escapes_names_it_did_not_write() {
    let mut s = session(S {
        date: "2026-09-08",
        present: &["<b>Ana</b>"],
        ..BASE
    });
    s.summary.actions[0].text = "<script>x</script> *bold*".into();
    let r = report(&[s]);
    let html = render_html(std::slice::from_ref(&r), SchoolYear::default());
    assert!(!html.contains("<b>Ana"), "names are escaped");
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
    let md = render_md(&[r], SchoolYear::default());
    assert!(md.contains("\\<script\\>x\\</script\\> \\*bold\\*"), "{md}");
}

#[test]
fn a_far_future_date_does_not_stretch_the_month_grid() {
    let r = report(&[
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-10-06",
            ..BASE
        }),
        session(S {
            date: "9999-12-01",
            ..BASE
        }),
    ]);
    // Two school years hold meetings: 2026-27 (September, October) and 9999-00.
    let shown: Vec<(i32, u32)> = r.months.iter().map(|m| (m.year, m.month)).collect();
    let mut expected = vec![(2026, 9), (2026, 10), (2026, 11), (2026, 12)];
    expected.extend((1..=7).map(|m| (2027, m)));
    expected.extend((8..=12).map(|m| (9999, m)));
    assert_eq!(shown, expected);
    let note = r.grid_note.clone().unwrap_or_default();
    assert!(note.contains("span 7974 school years"), "{note}");
    let text = render_text(&[r], SchoolYear::default());
    assert!(text.lines().count() < 60, "{text}");
    assert!(
        text.contains("grid shows only the school years that hold meetings"),
        "{text}"
    );
}

#[test]
fn the_month_grid_keeps_the_latest_school_years_and_counts_what_it_leaves_out() {
    // One meeting in each of 12 school years spread over 34 years.
    const DATES: [&str; 12] = [
        "1990-10-01",
        "1993-10-01",
        "1996-10-01",
        "1999-10-01",
        "2002-10-01",
        "2005-10-01",
        "2008-10-01",
        "2011-10-01",
        "2014-10-01",
        "2017-10-01",
        "2020-10-01",
        "2023-10-01",
    ];
    let sessions: Vec<IndexedSession> = DATES
        .iter()
        .map(|date| session(S { date, ..BASE }))
        .collect();
    let r = report(&sessions);
    let years: std::collections::BTreeSet<i32> = r
        .months
        .iter()
        .map(|m| SchoolYear::default().first_year(m.year, m.month))
        .collect();
    assert_eq!(years.len(), MAX_GRID_YEARS);
    assert_eq!(years.first(), Some(&1996));
    let note = r.grid_note.unwrap_or_default();
    assert!(
        note.contains(
            "the latest 10 of them; 2 earlier meetings are counted in every other figure"
        ),
        "{note}"
    );
    assert_eq!(r.counted, 12);
}

#[test]
fn a_span_within_the_cap_shows_every_month_between_as_before() {
    let r = report(&[
        session(S {
            date: "2020-09-08",
            ..BASE
        }),
        session(S {
            date: "2026-09-08",
            ..BASE
        }),
    ]);
    assert_eq!(r.grid_note, None);
    assert_eq!(r.months.len(), 6 * 12 + 1);
}

/// A session whose summary is the weekly agenda meeting's, as the index
/// keeps it: written by plg, then summarised.
fn agenda_session(date: &str, speed: u32) -> IndexedSession {
    let rec = crate::record::agenda_meeting::record(speed);
    let mut summary = SessionSummary::of(&rec);
    let started: DateTime<chrono::FixedOffset> =
        DateTime::parse_from_rfc3339(&format!("{date}T15:30:00-04:00")).unwrap();
    summary.started_at = started;
    IndexedSession {
        id: format!("{date}T1530_g_weekly"),
        path: PathBuf::from("/x"),
        summary,
    }
}

#[test]
fn time_per_item_sets_protocols_apart_from_the_rest_of_the_meeting() {
    let tuning = session(S {
        date: "2026-09-08",
        minutes: 60,
        ..BASE
    });
    // A meeting that ended 3 minutes into its connection: the items it
    // never reached did not run in it.
    let mut short = agenda_session("2026-10-06", 1);
    for item in &mut short.summary.items {
        item.actual_seconds = 0;
    }
    short.summary.items[0].actual_seconds = 180;
    short.summary.duration_seconds = 180;
    let mut sessions = vec![
        agenda_session("2026-09-15", 1),
        agenda_session("2026-09-29", 1),
        tuning,
        short,
    ];
    for s in &mut sessions {
        s.summary.group = Some(GroupRef {
            id: "g".into(),
            name: "Grade 9 Math PLG".into(),
            focus: None,
        });
    }
    let r = report(&sessions);
    let rows: Vec<(&str, &str, i64, usize)> = r
        .items
        .iter()
        .map(|i| (i.name.as_str(), i.kind(), i.seconds, i.meetings))
        .collect();
    assert_eq!(
        rows,
        [
            ("Consultancy", "protocol", 2 * 50 * 60, 2),
            ("Tuning Protocol", "protocol", 60 * 60, 1),
            ("Connection", "item", 2 * 7 * 60 + 180, 3),
            ("Logistics", "item", 2 * 5 * 60, 2),
            ("Plus/delta", "item", 2 * 5 * 60, 2),
        ]
    );
    let total = ((2 * 67 + 60) * 60 + 180) as f64;
    assert!((r.items[0].share - 6000.0 / total).abs() < 1e-9);
    let share = r.protocol_share.unwrap();
    assert!((share - 9600.0 / total).abs() < 1e-9, "{share}");
    // The whole meeting is its length: 67 minutes each, not the protocol's 50.
    let avg = r.average_minutes.unwrap();
    assert!(
        (avg - (2.0 * 67.0 + 60.0 + 3.0) / 4.0).abs() < 1e-9,
        "{avg}"
    );

    let text = render_text(std::slice::from_ref(&r), SchoolYear::default());
    let table = &text[text.find("Time per agenda item").unwrap()..];
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[1], "  Consultancy      protocol   100 min   51%  in 2 meetings",
        "{table}"
    );
    assert_eq!(
        lines[3],
        "  Connection       item        17 min    9%  in 3 meetings"
    );
    assert!(table.contains("Protocols took 81% of the time items ran; other items 19%."));
    let md = render_md(std::slice::from_ref(&r), SchoolYear::default());
    assert!(
        md.contains("| Consultancy | protocol | 100 | 51% | 2 |"),
        "{md}"
    );
    let html = render_html(&[r], SchoolYear::default());
    assert!(html.contains("<td>Logistics</td><td>item</td><td class=\"num\">10</td>"));
}

#[test]
fn an_agenda_rehearsal_counts_only_when_asked_and_then_as_a_whole_meeting() {
    let sessions = [agenda_session("2026-09-15", 30)];
    let refs: Vec<&IndexedSession> = sessions.iter().collect();
    let year = SchoolYear::default();
    let states = ItemStates::default();
    let left_out = build(&refs, day("2026-11-30"), year, false, &states).remove(0);
    assert_eq!((left_out.counted, left_out.rehearsals), (0, 1));
    assert!(left_out.items.is_empty());
    let counted = build(&refs, day("2026-11-30"), year, true, &states).remove(0);
    assert_eq!(counted.counted, 1);
    assert_eq!(counted.average_minutes, Some(67.0));
    assert_eq!(counted.items.len(), 4);
}
