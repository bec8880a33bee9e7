//! An agenda meeting built the way plg builds one: a weekly agenda of
//! built-in protocols (connection, Consultancy, logistics, plus/delta)
//! expanded, run step by step with given times, saved with the store.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeDelta, Utc};

use plg::agenda::{Agenda, Item, ProtocolItem, ProtocolRef, expand};
use plg::meeting::session::{ActionItem, Attendance, Closing, GroupRef, Setup};
use plg::meeting::{Command as Cmd, Meeting, Rounds};
use plg::protocol::{self, Phase};
use plg::record::format::SessionView;
use plg::record::{SessionRecord, Status, store};

pub const DECIDED: &str = "Meet on Thursdays from January";

fn simple(name: &str, minutes: f64) -> Item {
    Item::Simple(Box::new(Phase {
        name: name.into(),
        minutes,
        ..Phase::default()
    }))
}

pub fn weekly() -> Agenda {
    let mut plus_delta = Phase {
        name: "Plus/delta".into(),
        minutes: 5.0,
        ..Phase::default()
    };
    plus_delta.checkin = true;
    Agenda {
        id: "weekly".into(),
        name: "Weekly PLG meeting".into(),
        summary: "Connection, one protocol, logistics, plus/delta.".into(),
        items: vec![
            simple("Connection", 5.0),
            Item::Protocol(ProtocolItem {
                protocol: ProtocolRef::Id("consultancy".into()),
                name: None,
            }),
            simple("Logistics and next steps", 5.0),
            Item::Simple(Box::new(plus_delta)),
        ],
        ..Agenda::default()
    }
}

/// Runs the weekly agenda from `start` (RFC 3339): the connection takes
/// 8 minutes (3 over), every other step its plan; a decision in logistics.
/// Saved in `dir` as plg saves a meeting.
pub fn save(dir: &Path, start: &str, speed: u32) -> PathBuf {
    let start: DateTime<FixedOffset> = DateTime::parse_from_rfc3339(start).unwrap();
    let t0 = start.with_timezone(&Utc);
    let plan = expand(&weekly(), &protocol::builtin, None).unwrap();
    let people: Vec<String> = ["Ana Ruiz", "Ben Okafor", "Chen Li"]
        .map(String::from)
        .to_vec();
    let mut m = Meeting::start(plan, &Rounds::for_people(people.clone()), t0);
    let mut now = t0;
    let mut decided = false;
    while !m.is_ended() {
        let item = m.protocol.item_of(m.steps[m.current].phase);
        let mut took = m.steps[m.current].planned;
        if item == 0 {
            took += TimeDelta::minutes(3);
        }
        if item == 2 && !decided {
            decided = true;
            m.update(
                Cmd::AddNote {
                    kind: "decision".into(),
                    text: DECIDED.into(),
                },
                now + TimeDelta::minutes(2),
            );
        }
        now += took;
        let last = m.current + 1 == m.steps.len();
        m.update(if last { Cmd::End } else { Cmd::Next }, now);
    }
    let setup = Setup {
        group: Some(GroupRef {
            id: "g".into(),
            name: "Grade 9 Math PLG".into(),
            focus: None,
        }),
        attendance: Attendance {
            present: people,
            ..Attendance::default()
        },
        ..Setup::default()
    };
    let closing = Closing {
        actions: vec![ActionItem {
            text: "Book the library".into(),
            owner: Some("Chen Li".into()),
            due: None,
            done: false,
        }],
        ..Closing::default()
    };
    let record = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &setup,
            closing: &closing,
            status: Status::Completed,
            draft: None,
            speed,
        },
        now,
        *start.offset(),
    );
    let path = store::session_path(dir, record.started_at, Some("g"), &record.protocol_id);
    store::save(&path, &record).unwrap();
    path
}

/// A home with the weekly meeting of 2026-11-23, and a rehearsal of it the
/// day after when `rehearsal`.
pub fn home(rehearsal: bool) -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    store::ensure_dir(&dir).unwrap();
    save(&dir, "2026-11-23T15:30:00-05:00", 1);
    if rehearsal {
        save(&dir, "2026-11-24T15:30:00-05:00", 30);
    }
    home
}
