//! Realistic session records for tests, built the way plg builds them: real
//! meetings of the built-in protocols, saved through the store. One home
//! folder holds a format-v1 record, a full Tuning, a Consultancy ended early,
//! a meeting still in progress, a rehearsal and a damaged file.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};

use plg::meeting::session::{
    ActionItem, Attendance, Closing, Delta, GroupRef, NormRating, RoleAssignment, Setup,
};
use plg::meeting::{Command as Cmd, Meeting, Rounds};
use plg::protocol;
use plg::record::format::SessionView;
use plg::record::{SessionRecord, Status, store};

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn math9() -> GroupRef {
    GroupRef {
        id: "math9".into(),
        name: "Grade 9 Math PLG".into(),
        focus: Some("Written explanations".into()),
    }
}

pub const NORMS: [&str; 2] = ["Start and end on time", "Share airtime"];

pub struct Plan {
    pub protocol: &'static str,
    pub start: &'static str,
    pub group: GroupRef,
    pub present: &'static [&'static str],
    pub absent: &'static [&'static str],
    pub guests: &'static [&'static str],
    pub presenter: Option<&'static str>,
    pub question: Option<&'static str>,
    /// Minutes after the start at which to move to the next phase.
    pub nexts: &'static [i64],
    /// (minute, kind, text)
    pub notes: &'static [(i64, &'static str, &'static str)],
    /// Minutes after the start the meeting ends; `None` leaves it running.
    pub end: Option<i64>,
    pub status: Status,
    pub speed: u32,
    pub ratings: [Option<u8>; 2],
    pub comment: Option<&'static str>,
    pub plus: &'static [&'static str],
    pub delta: &'static [(&'static str, Option<&'static str>)],
    pub actions: &'static [(&'static str, &'static str, Option<&'static str>, bool)],
}

pub fn save(dir: &Path, p: &Plan) -> PathBuf {
    let start = at(p.start);
    let t0 = start.with_timezone(&Utc);
    let min = |m: i64| t0 + TimeDelta::minutes(m);
    let mut roles = vec![RoleAssignment {
        role: "facilitator".into(),
        person: "Ana Ruiz".into(),
    }];
    if let Some(pr) = p.presenter {
        roles.push(RoleAssignment {
            role: "presenter".into(),
            person: pr.into(),
        });
    }
    let people: Vec<String> = p.present.iter().map(|s| s.to_string()).collect();
    let mut m = Meeting::start(
        protocol::builtin(p.protocol).expect("a built-in protocol"),
        &Rounds {
            roles: roles.clone(),
            ..Rounds::for_people(people.clone())
        },
        t0,
    );
    let mut events: Vec<(i64, Option<(&str, &str)>)> = p.nexts.iter().map(|n| (*n, None)).collect();
    events.extend(p.notes.iter().map(|(t, k, x)| (*t, Some((*k, *x)))));
    events.sort_by_key(|e| e.0);
    for (t, note) in events {
        match note {
            None => m.update(Cmd::Next, min(t)),
            Some((kind, text)) => m.update(
                Cmd::AddNote {
                    kind: kind.into(),
                    text: text.into(),
                },
                min(t),
            ),
        };
    }
    let saved = match p.end {
        Some(e) => {
            m.update(Cmd::End, min(e));
            min(e)
        }
        None => min(p.nexts.last().copied().unwrap_or(0) + 1),
    };
    let setup = Setup {
        group: Some(p.group.clone()),
        norms: NORMS.map(String::from).to_vec(),
        attendance: Attendance {
            present: people,
            absent: p.absent.iter().map(|s| s.to_string()).collect(),
            guests: p.guests.iter().map(|s| s.to_string()).collect(),
            ..Attendance::default()
        },
        roles,
        focusing_question: p.question.map(String::from),
        work: p.question.map(|_| "Lab reports, names removed".to_string()),
        ..Setup::default()
    };
    let closing = Closing {
        checkin: NORMS
            .iter()
            .zip(p.ratings)
            .enumerate()
            .map(|(i, (n, r))| NormRating {
                norm: n.to_string(),
                rating: r,
                comment: if i == 0 {
                    p.comment.map(String::from)
                } else {
                    None
                },
                ..NormRating::default()
            })
            .collect(),
        plus: p.plus.iter().map(|s| s.to_string()).collect(),
        delta: p
            .delta
            .iter()
            .map(|(t, o)| Delta {
                text: t.to_string(),
                owner: o.map(String::from),
            })
            .collect(),
        actions: p
            .actions
            .iter()
            .map(|(t, o, due, done)| ActionItem {
                text: t.to_string(),
                owner: Some(o.to_string()),
                due: due.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
                done: *done,
            })
            .collect(),
        checkin_skipped: false,
        action_changes: Vec::new(),
    };
    let record = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &setup,
            closing: &closing,
            status: p.status,
            draft: None,
            speed: p.speed,
        },
        saved,
        *start.offset(),
    );
    let path = store::session_path(
        dir,
        record.started_at,
        Some(&p.group.id),
        &record.protocol_id,
    );
    store::save(&path, &record).unwrap();
    path
}

pub const QUIET: Plan = Plan {
    protocol: "tuning",
    start: "2026-09-15T15:30:00-04:00",
    group: GroupRef {
        id: String::new(),
        name: String::new(),
        focus: None,
    },
    present: &[],
    absent: &[],
    guests: &[],
    presenter: None,
    question: None,
    nexts: &[],
    notes: &[],
    end: Some(55),
    status: Status::Completed,
    speed: 1,
    ratings: [None, None],
    comment: None,
    plus: &[],
    delta: &[],
    actions: &[],
};

pub const TUNING_NOTE_COMMA: &str = "Which students had \"extra time\", and why?";
pub const NOTE_MULTILINE: &str = "Line one\nline two, with <script>alert(1)</script>";

/// A home folder with: the v1 fixture (math9, 2026-09-08), a full tuning
/// (math9, 2026-09-15), a consultancy ended early (math9, 2026-10-06), an
/// examining-student-work still in progress (sci7, 2026-10-20), a rehearsal
/// (math9, 2026-11-23) and a damaged file.
pub fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    store::ensure_dir(&dir).unwrap();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sessions/2026-09-08T1515_math9_tuning.yaml"
        ),
        dir.join("2026-09-08T1515_math9_tuning.yaml"),
    )
    .unwrap();
    save(
        &dir,
        &Plan {
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor", "Chen Li"],
            absent: &["Dana Wright"],
            guests: &["Eve Sample"],
            presenter: Some("Ben Okafor"),
            question: Some("How do I get students to justify each step?"),
            nexts: &[5, 17, 22, 34, 37, 49, 54],
            notes: &[
                (6, "question", TUNING_NOTE_COMMA),
                (25, "warm", "The sentence frames clearly helped."),
                (26, "cool", NOTE_MULTILINE),
                (40, "warm", "*Really* strong | work"),
            ],
            ratings: [Some(3), Some(4)],
            comment: Some("We ran over, again"),
            plus: &["Great clarifying questions"],
            delta: &[("Send the work out earlier", Some("Ana Ruiz"))],
            actions: &[
                (
                    "Share the revised rubric",
                    "Ben Okafor",
                    Some("2026-09-29"),
                    false,
                ),
                ("Book the library", "Chen Li", None, true),
            ],
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            protocol: "consultancy",
            start: "2026-10-06T15:30:00-04:00",
            group: math9(),
            present: &["Ana Ruiz", "Chen Li", "Dana Wright"],
            absent: &["Ben Okafor"],
            presenter: Some("Chen Li"),
            question: Some("How do I keep group work on task?"),
            nexts: &[8, 13],
            notes: &[(10, "question", "What does on task look like?")],
            end: Some(30),
            status: Status::EndedEarly,
            ratings: [Some(5), Some(4)],
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            protocol: "examining-student-work",
            start: "2026-10-20T15:30:00-04:00",
            group: GroupRef {
                id: "sci7".into(),
                name: "Grade 7 Science".into(),
                focus: None,
            },
            present: &["Farah Haddad", "Gabriel Moreau"],
            nexts: &[3, 15],
            notes: &[(16, "evidence", "Most answers name the variable")],
            end: None,
            status: Status::InProgress,
            ..QUIET
        },
    );
    save(
        &dir,
        &Plan {
            start: "2026-11-23T15:30:00-05:00",
            group: math9(),
            present: &["Ana Ruiz"],
            nexts: &[1],
            end: Some(3),
            speed: 20,
            ..QUIET
        },
    );
    std::fs::write(
        dir.join("2026-10-01T1200_math9_tuning.yaml"),
        "version: 2\nstatus: [oops\nstarted_at: 2026-10-01T12:00:00-04:00\n",
    )
    .unwrap();
    home
}

pub const V1: &str = "2026-09-08T1515_math9_tuning";
pub const TUNING: &str = "2026-09-15T1530_math9_tuning";
pub const CONSULT: &str = "2026-10-06T1530_math9_consultancy";
pub const ESW: &str = "2026-10-20T1530_sci7_examining-student-work";
pub const REHEARSAL: &str = "2026-11-23T1530_math9_tuning";
pub const DAMAGED: &str = "2026-10-01T1200_math9_tuning.yaml";
