//! A real agenda meeting for tests: a weekly agenda of built-in protocols
//! expanded, run step by step with given times, and written as a record.

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};

use super::format::{SessionRecord, SessionView, Status};
use crate::agenda::{Agenda, Item, ProtocolItem, ProtocolRef, expand};
use crate::meeting::session::{ActionItem, Closing, GroupRef, Setup};
use crate::meeting::{Command, Meeting, Rounds};
use crate::protocol::{self, Phase};

pub(crate) const DECIDED: &str = "Move the meeting to Thursdays";

fn simple(name: &str, minutes: f64) -> Item {
    Item::Simple(Box::new(Phase {
        name: name.into(),
        minutes,
        ..Phase::default()
    }))
}

/// Connection 5, Consultancy, Logistics 5, Plus/delta 5.
pub(crate) fn weekly() -> Agenda {
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
            simple("Logistics", 5.0),
            simple("Plus/delta", 5.0),
        ],
        ..Agenda::default()
    }
}

pub(crate) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap()
}

/// The weekly agenda run to the end: Connection takes 7 minutes (2 over),
/// every other step its plan; a decision in Logistics, a note in the
/// protocol. `speed` > 1 makes it a rehearsal.
pub(crate) fn record(speed: u32) -> SessionRecord {
    let plan = expand(&weekly(), &protocol::builtin, None).unwrap();
    let people: Vec<String> = ["Ana Ruiz", "Ben Okafor", "Chen Li"]
        .map(String::from)
        .to_vec();
    let mut m = Meeting::start(plan, &Rounds::for_people(people.clone()), t0());
    let mut now = t0();
    let mut noted = [false; 2];
    while !m.is_ended() {
        let item = m.protocol.item_of(m.steps[m.current].phase);
        let planned = m.steps[m.current].planned;
        let took = if item == 0 {
            planned + TimeDelta::minutes(2)
        } else {
            planned
        };
        if item == 1 && !noted[0] {
            noted[0] = true;
            m.update(
                Command::AddNote {
                    kind: "note".into(),
                    text: "Try the dilemma as a question".into(),
                },
                now + TimeDelta::seconds(30),
            );
        }
        if item == 2 && !noted[1] {
            noted[1] = true;
            m.update(
                Command::AddNote {
                    kind: "decision".into(),
                    text: DECIDED.into(),
                },
                now + TimeDelta::seconds(60),
            );
        }
        now += took;
        if m.current + 1 == m.steps.len() {
            m.update(Command::End, now);
        } else {
            m.update(Command::Next, now);
        }
    }
    let setup = Setup {
        group: Some(GroupRef {
            id: "g".into(),
            name: "Grade 9 Math PLG".into(),
            focus: None,
        }),
        attendance: crate::meeting::session::Attendance {
            present: people,
            ..Default::default()
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
    SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &setup,
            closing: &closing,
            status: Status::Completed,
            draft: None,
            speed,
        },
        now,
        offset(),
    )
}

pub(crate) fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}
