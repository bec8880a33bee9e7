//! Bounds on the numbers and dates a record holds.
//!
//! serde only checks that a value has the right type: `planned_seconds:
//! 9223372036854775807` is a fine `i64`, and a date in the year 262,000 a
//! fine date, yet chrono panics when plg computes with them. Records live in
//! a folder others can write to, so before anything computes with a record,
//! [`validate`] holds every number and date to what plg can work with, and
//! names the first one that is not.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use super::format::SessionRecord;
use crate::meeting::session::{ActionChange, ActionField, ItemState};
use crate::protocol::Repeat;
use crate::protocol::check::MAX_MINUTES;
use crate::protocol::model::MAX_STEPS;
use crate::yaml::{Node, Value};

/// The earliest and latest years a record's dates may have. PLGs did not
/// meet before 1900, and the range keeps every sum of dates and durations
/// far inside what chrono can hold.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 9999;
/// The longest span a step, a pause or an adjustment can be: ten years, in seconds.
pub const MAX_SECONDS: i64 = 10 * 366 * 24 * 60 * 60;
/// The fastest rehearsal, as `plg run --speed` allows.
pub const MAX_SPEED: u32 = 3600;
/// The largest rating a norm check-in holds (fist to five).
pub const MAX_RATING: u8 = 5;
/// The most people a norm's show of hands counts (version 4 `votes`).
pub const MAX_VOTES: u64 = 10_000;

/// The longest session ID an action change may name: a file name's limit.
pub const MAX_ID_BYTES: usize = 255;

/// One step on the way to a value: a key of a mapping or an item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// The first value of a record that plg cannot work with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where the value is, from the top of the record.
    pub path: Vec<Seg>,
    /// What is wrong and how to fix it, naming the field.
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

impl Invalid {
    /// The field as a path, counting list items from 0: `steps[3].planned_seconds`.
    pub fn field(&self) -> String {
        field_name(&self.path)
    }

    /// The 1-based line and column of the value in `text` (the text the
    /// record was read from), or of the nearest enclosing value that can be
    /// found; (1, 1) when none can.
    pub fn position(&self, text: &str) -> (usize, usize) {
        // The positioned tree refuses very large files; the text search
        // still finds the top-level key.
        match crate::yaml::parse(text) {
            Ok(Some(root)) => {
                let node = walk(&root, &self.path);
                (node.span.start.line, node.span.start.col)
            }
            _ => top_level_key(text, &self.path).unwrap_or((1, 1)),
        }
    }
}

fn field_name(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if s.is_empty() => s.push_str(k),
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// The deepest node along `path` that exists.
fn walk<'n>(root: &'n Node, path: &[Seg]) -> &'n Node {
    let mut node = root;
    for seg in path {
        let next = match (seg, &node.value) {
            (Seg::Key(k), Value::Map(entries)) => entries
                .iter()
                .find(|(key, _)| key.as_scalar().is_some_and(|s| s.text == *k))
                .map(|(key, value)| {
                    // `ended_at:` with nothing after it points at the key.
                    if value.is_null() { key } else { value }
                }),
            (Seg::Index(i), Value::Seq(items)) => items.get(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node
}

/// The line of a top-level key, as plg writes it (at the start of a line).
fn top_level_key(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    let Some(Seg::Key(key)) = path.first() else {
        return None;
    };
    text.lines()
        .position(|l| {
            l.strip_prefix(*key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .map(|i| (i + 1, 1))
}

/// How to fix any of these, said once.
const FIX: &str =
    "the file was damaged or edited by hand; correct the value, or restore the file from a backup";

/// Collects the path while checking; stops at the first problem.
struct Checker {
    path: Vec<Seg>,
}

type Checked = Result<(), Invalid>;

impl Checker {
    fn fail(&self, what: String) -> Checked {
        Err(Invalid {
            path: self.path.clone(),
            message: format!("`{}` {what}; {FIX}", field_name(&self.path)),
        })
    }

    /// Runs `f` one level down.
    fn at(&mut self, seg: Seg, f: impl FnOnce(&mut Checker) -> Checked) -> Checked {
        self.path.push(seg);
        let r = f(self);
        self.path.pop();
        r
    }

    fn date(&mut self, key: &'static str, t: &DateTime<FixedOffset>) -> Checked {
        self.at(Seg::Key(key), |c| c.year(t.year(), &t.to_rfc3339()))
    }

    fn opt_date(&mut self, key: &'static str, t: Option<&DateTime<FixedOffset>>) -> Checked {
        t.map_or(Ok(()), |t| self.date(key, t))
    }

    fn day(&mut self, key: &'static str, d: &NaiveDate) -> Checked {
        self.at(Seg::Key(key), |c| c.year(d.year(), &d.to_string()))
    }

    fn year(&self, year: i32, shown: &str) -> Checked {
        if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Ok(());
        }
        self.fail(format!(
            "is {shown}, outside the years plg works with ({FIRST_YEAR} to {LAST_YEAR})"
        ))
    }

    fn seconds(&mut self, key: &'static str, v: i64, min: i64) -> Checked {
        self.at(Seg::Key(key), |c| {
            if (min..=MAX_SECONDS).contains(&v) {
                return Ok(());
            }
            c.fail(format!(
                "is {v} seconds, outside what plg works with ({min} to {MAX_SECONDS}, ten years)"
            ))
        })
    }

    /// An index into the record's steps.
    fn step(&mut self, key: &'static str, v: usize, steps: usize) -> Checked {
        self.at(Seg::Key(key), |c| {
            // A record without steps (format 1, no phases) files its notes under step 0.
            if v < steps.max(1) {
                return Ok(());
            }
            c.fail(format!(
                "is {v}, but the record has {steps} step{} (counted from 0)",
                if steps == 1 { "" } else { "s" }
            ))
        })
    }

    fn record(&mut self, r: &SessionRecord) -> Checked {
        self.date("started_at", &r.started_at)?;
        self.opt_date("ended_at", r.ended_at.as_ref())?;
        self.date("saved_at", &r.saved_at)?;
        self.at(Seg::Key("speed"), |c| {
            if (1..=MAX_SPEED).contains(&r.speed) {
                return Ok(());
            }
            c.fail(format!(
                "is {}, outside the speeds plg runs at (1 to {MAX_SPEED})",
                r.speed
            ))
        })?;
        self.at(Seg::Key("attendance"), |c| {
            c.at(Seg::Key("changes"), |c| {
                for (i, ch) in r.attendance.changes.iter().enumerate() {
                    c.at(Seg::Index(i), |c| c.date("at", &ch.at))?;
                }
                Ok(())
            })
        })?;
        self.protocol(r)?;
        self.items(r)?;
        self.at(Seg::Key("left_out"), |c| {
            let phases = r.protocol.phases.len();
            for (i, p) in r.left_out.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    if *p < phases {
                        return Ok(());
                    }
                    c.fail(format!(
                        "is {p}, but the record's protocol has {phases} phase{} (counted from 0)",
                        if phases == 1 { "" } else { "s" }
                    ))
                })?;
            }
            Ok(())
        })?;
        let steps = r.steps.len();
        self.at(Seg::Key("steps"), |c| {
            if steps > MAX_STEPS {
                return c.fail(format!(
                    "holds {steps} steps; a meeting has at most {MAX_STEPS}"
                ));
            }
            let phases = r.protocol.phases.len();
            for (i, s) in r.steps.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    c.at(Seg::Key("phase_index"), |c| {
                        if s.phase_index < phases {
                            return Ok(());
                        }
                        c.fail(format!(
                            "is {}, but the record's protocol has {phases} phase{} (counted from 0)",
                            s.phase_index,
                            if phases == 1 { "" } else { "s" }
                        ))
                    })?;
                    if let Some(round) = &s.round {
                        c.at(Seg::Key("round"), |c| {
                            if (1..=MAX_STEPS).contains(&round.of)
                                && (1..=round.of).contains(&round.number)
                            {
                                return Ok(());
                            }
                            c.fail(format!(
                                "is round {} of {}; rounds count from 1 up to at most {MAX_STEPS}",
                                round.number, round.of
                            ))
                        })?;
                    }
                    c.date("planned_start", &s.planned_start)?;
                    c.seconds("planned_seconds", s.planned_seconds, 0)?;
                    c.seconds("original_seconds", s.original_seconds, 0)?;
                    c.opt_date("started_at", s.started_at.as_ref())?;
                    c.opt_date("ended_at", s.ended_at.as_ref())?;
                    c.seconds("actual_seconds", s.actual_seconds, 0)
                })?;
            }
            Ok(())
        })?;
        self.at(Seg::Key("pauses"), |c| {
            for (i, p) in r.pauses.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    c.step("step", p.step, steps)?;
                    c.date("from", &p.from)?;
                    c.opt_date("to", p.to.as_ref())
                })?;
            }
            Ok(())
        })?;
        self.at(Seg::Key("adjustments"), |c| {
            for (i, a) in r.adjustments.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    c.date("at", &a.at)?;
                    c.step("step", a.step, steps)?;
                    c.seconds("seconds", a.seconds, -MAX_SECONDS)
                })?;
            }
            Ok(())
        })?;
        if let Some(clock) = &r.clock {
            self.at(Seg::Key("clock"), |c| {
                c.step("current_step", clock.current_step, steps)?;
                c.opt_date("running_since", clock.running_since.as_ref())?;
                c.at(Seg::Key("belled"), |c| {
                    for (i, b) in clock.belled.iter().enumerate() {
                        c.at(Seg::Index(i), |c| {
                            if *b < steps.max(1) {
                                return Ok(());
                            }
                            c.fail(format!("is {b}, but the record has {steps} steps"))
                        })?;
                    }
                    Ok(())
                })
            })?;
        }
        self.at(Seg::Key("notes"), |c| {
            for (i, n) in r.notes.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    c.date("at", &n.at)?;
                    c.step("step", n.step, steps)
                })?;
            }
            Ok(())
        })?;
        if let Some(d) = &r.draft {
            self.at(Seg::Key("draft"), |c| c.date("at", &d.at))?;
        }
        self.at(Seg::Key("checkin"), |c| {
            for (i, n) in r.checkin.iter().enumerate() {
                if let Some(rating) = n.rating {
                    c.at(Seg::Index(i), |c| {
                        c.at(Seg::Key("rating"), |c| {
                            if rating <= MAX_RATING {
                                return Ok(());
                            }
                            c.fail(format!(
                                "is {rating}; a fist-to-five rating is 0 to {MAX_RATING}"
                            ))
                        })
                    })?;
                }
                if let Some(votes) = n.votes {
                    let total: u64 = votes.iter().map(|v| u64::from(*v)).sum();
                    c.at(Seg::Index(i), |c| {
                        c.at(Seg::Key("votes"), |c| {
                            if total <= MAX_VOTES {
                                return Ok(());
                            }
                            c.fail(format!(
                                "counts {total} people; a show of hands counts at most {MAX_VOTES}"
                            ))
                        })
                    })?;
                }
            }
            Ok(())
        })?;
        self.at(Seg::Key("actions"), |c| {
            for (i, a) in r.actions.iter().enumerate() {
                if let Some(due) = &a.due {
                    c.at(Seg::Index(i), |c| c.day("due", due))?;
                }
            }
            Ok(())
        })?;
        self.changes(&r.action_changes)
    }

    /// Version 5 `action_changes` (in a session record or a follow-up).
    fn changes(&mut self, changes: &[ActionChange]) -> Checked {
        self.at(Seg::Key("action_changes"), |c| {
            for (i, ch) in changes.iter().enumerate() {
                c.at(Seg::Index(i), |c| c.change(ch))?;
            }
            Ok(())
        })
    }

    fn change(&mut self, ch: &ActionChange) -> Checked {
        self.date("at", &ch.at)?;
        self.at(Seg::Key("session"), |c| {
            let s = ch.session.as_str();
            if s.is_empty() || s.len() > MAX_ID_BYTES {
                return c.fail(format!(
                    "is {} bytes long; a session ID (its file name without `.yaml`) is 1 to {MAX_ID_BYTES}",
                    s.len()
                ));
            }
            if s == "." || s == ".." || s.contains(['/', '\\', '\0']) {
                return c.fail(
                    "is not a session ID (its file name without `.yaml`, with no folder in it)"
                        .into(),
                );
            }
            Ok(())
        })?;
        let value = |c: &mut Checker, key: &'static str, v: Option<&str>| -> Checked {
            let Some(v) = v else {
                // A state is never unset; owner and due may be.
                return if ch.field == ActionField::State && key == "to" {
                    c.at(Seg::Key(key), |c| {
                        c.fail(
                            "is missing; a state change says `to: open`, `done` or `dropped`"
                                .into(),
                        )
                    })
                } else {
                    Ok(())
                };
            };
            c.at(Seg::Key(key), |c| match ch.field {
                ActionField::State if ItemState::parse(v).is_none() => c.fail(format!(
                    "is `{}`; an action item's state is `open`, `done` or `dropped`",
                    super::read::shorten_quotes(v)
                )),
                ActionField::Due => match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
                    Ok(d) => c.year(d.year(), v),
                    Err(_) => c.fail(format!(
                        "is `{}`; a due date is written YYYY-MM-DD, like 2026-12-01",
                        super::read::shorten_quotes(v)
                    )),
                },
                _ => Ok(()),
            })
        };
        value(self, "from", ch.from.as_deref())?;
        value(self, "to", ch.to.as_deref())
    }

    /// The snapshot of the protocol: serde read it, the checker never saw it.
    fn protocol(&mut self, r: &SessionRecord) -> Checked {
        self.at(Seg::Key("protocol"), |c| {
            // The item count first: the phases' items are checked against it.
            c.agenda_plan(r)?;
            c.at(Seg::Key("phases"), |c| {
                let phases = &r.protocol.phases;
                if phases.len() > MAX_STEPS {
                    return c.fail(format!(
                        "holds {} phases; a meeting has at most {MAX_STEPS} steps",
                        phases.len()
                    ));
                }
                for (i, p) in phases.iter().enumerate() {
                    c.at(Seg::Index(i), |c| {
                        // A round with turns has no minutes of its own: its turns are timed.
                        let turns = p.round.as_ref().map_or(&[][..], |r| r.turns.as_slice());
                        for (k, t) in turns.iter().enumerate() {
                            c.at(Seg::Key("round"), |c| {
                                c.at(Seg::Key("turns"), |c| {
                                    c.at(Seg::Index(k), |c| {
                                        c.at(Seg::Key("minutes"), |c| {
                                            if t.minutes > 0.0 && t.minutes <= MAX_MINUTES {
                                                return Ok(());
                                            }
                                            c.fail(format!(
                                                "is {}; it must be more than 0 and at most {MAX_MINUTES}",
                                                crate::yaml::short_number(&t.minutes.to_string())
                                            ))
                                        })
                                    })
                                })
                            })?;
                        }
                        c.at(Seg::Key("minutes"), |c| {
                            if !turns.is_empty() && p.minutes == 0.0 {
                                return Ok(());
                            }
                            if p.minutes > 0.0 && p.minutes <= MAX_MINUTES {
                                return Ok(());
                            }
                            c.fail(format!(
                                "is {}; it must be more than 0 and at most {MAX_MINUTES}",
                                crate::yaml::short_number(&p.minutes.to_string())
                            ))
                        })?;
                        if let Some(Repeat::Times(n)) = p.repeat
                            && !usize::try_from(n).is_ok_and(|n| n <= MAX_STEPS)
                        {
                            return c.at(Seg::Key("repeat"), |c| {
                                c.fail(format!(
                                    "is {n}; a meeting has at most {MAX_STEPS} steps, rounds included"
                                ))
                            });
                        }
                        Ok(())
                    })?;
                }
                c.phase_items(r)
            })
        })
    }

    /// Version 6: each phase of an expanded agenda names its item, in order
    /// (an item's phases are together), and only an agenda's phases do.
    fn phase_items(&mut self, r: &SessionRecord) -> Checked {
        let items = r.protocol.agenda.as_ref().map(|a| a.items.len());
        let mut last = 0;
        for (i, p) in r.protocol.phases.iter().enumerate() {
            self.at(Seg::Index(i), |c| {
                c.at(Seg::Key("item"), |c| match (p.item, items) {
                    (None, None) => Ok(()),
                    (Some(_), None) => c.fail(
                        "names an agenda item, but the protocol is not an agenda (it has no `agenda:`)"
                            .into(),
                    ),
                    (None, Some(_)) => c.fail(
                        "is missing; every phase of an agenda names the item it belongs to".into(),
                    ),
                    (Some(n), Some(count)) if n >= count => c.fail(format!(
                        "is {n}, but the agenda has {count} item{} (counted from 0)",
                        if count == 1 { "" } else { "s" }
                    )),
                    (Some(n), Some(_)) if n < last => c.fail(format!(
                        "is {n}, after a phase of item {last}; an item's phases come together, in the agenda's order"
                    )),
                    (Some(n), Some(_)) => {
                        last = n;
                        Ok(())
                    }
                })
            })?;
        }
        Ok(())
    }

    /// Version 6: the agenda's items in the snapshot.
    fn agenda_plan(&mut self, r: &SessionRecord) -> Checked {
        let Some(plan) = &r.protocol.agenda else {
            return Ok(());
        };
        self.at(Seg::Key("agenda"), |c| {
            c.at(Seg::Key("items"), |c| {
                let n = plan.items.len();
                if n == 0 || n > MAX_STEPS {
                    return c.fail(format!("holds {n} items; an agenda has 1 to {MAX_STEPS}"));
                }
                Ok(())
            })
        })
    }

    /// Version 6: the items as they ran, written for people reading the file.
    fn items(&mut self, r: &SessionRecord) -> Checked {
        self.at(Seg::Key("items"), |c| {
            let n = r.items.len();
            if n > MAX_STEPS {
                return c.fail(format!(
                    "holds {n} items; a meeting has at most {MAX_STEPS}"
                ));
            }
            for (i, item) in r.items.iter().enumerate() {
                c.at(Seg::Index(i), |c| {
                    c.seconds("planned_seconds", item.planned_seconds, 0)?;
                    c.seconds("original_seconds", item.original_seconds, 0)?;
                    c.seconds("actual_seconds", item.actual_seconds, 0)?;
                    c.opt_date("started_at", item.started_at.as_ref())?;
                    c.opt_date("ended_at", item.ended_at.as_ref())
                })?;
            }
            Ok(())
        })
    }
}

/// Checks that every number and date in `record` is one plg can compute
/// with; the first that is not is returned, with its path and a message
/// that names it and says how to fix it. [`Invalid::position`] finds its
/// line in the text the record was read from.
pub fn validate(record: &SessionRecord) -> Result<(), Invalid> {
    Checker { path: Vec::new() }.record(record)
}

/// Checks a follow-up record's `saved_at` and `action_changes` as a
/// session record's are checked.
pub fn validate_followup(
    saved_at: &DateTime<FixedOffset>,
    changes: &[ActionChange],
) -> Result<(), Invalid> {
    let mut c = Checker { path: Vec::new() };
    c.date("saved_at", saved_at)?;
    c.changes(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse;

    /// A real record of a short meeting, as plg writes it.
    fn written() -> String {
        use crate::meeting::session::{Closing, NormRating, Setup};
        use crate::meeting::{Command, Meeting, Rounds};
        use crate::record::format::{SessionView, Status};
        use chrono::{TimeZone, Utc};

        let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
        let offset = FixedOffset::east_opt(3600).unwrap();
        let mut m = Meeting::start(
            crate::protocol::builtin("tuning").unwrap(),
            &Rounds::default(),
            t0,
        );
        m.update(Command::Next, t0 + chrono::TimeDelta::minutes(12));
        m.update(
            Command::AddNote {
                kind: "warm".into(),
                text: "clear rubric".into(),
            },
            t0 + chrono::TimeDelta::minutes(13),
        );
        let closing = Closing {
            checkin: vec![NormRating {
                norm: "Share airtime".into(),
                rating: Some(4),
                votes: Some([0, 0, 0, 1, 1, 0]),
                ..NormRating::default()
            }],
            ..Closing::default()
        };
        let rec = SessionRecord::from_session(
            &SessionView {
                meeting: &m,
                setup: &Setup::default(),
                closing: &closing,
                status: Status::InProgress,
                draft: None,
                speed: 1,
            },
            t0 + chrono::TimeDelta::minutes(14),
            offset,
        );
        serde_yaml::to_string(&rec).unwrap()
    }

    /// Replaces the first `key: …` line's value after `after` in `text`.
    fn set(text: &str, after: &str, key: &str, value: &str) -> String {
        let start = text.find(after).unwrap();
        let at = start + text[start..].find(&format!("{key}: ")).unwrap();
        let end = at + text[at..].find('\n').unwrap();
        format!("{}{key}: {value}{}", &text[..at], &text[end..])
    }

    fn invalid(text: &str) -> (Invalid, (usize, usize)) {
        // serde alone: the reader validates too, which is checked here as well.
        let rec: SessionRecord = serde_yaml::from_str(text).unwrap();
        let e = validate(&rec).unwrap_err();
        let pos = e.position(text);
        match parse(text) {
            Err(crate::record::RecordError::Invalid { line, column, .. }) => {
                assert_eq!((line, column), pos, "the reader reports the same place");
            }
            other => panic!("the reader let it through: {other:?}"),
        }
        (e, pos)
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text[..text.find(needle).unwrap()].matches('\n').count() + 1
    }

    #[test]
    fn a_record_plg_wrote_is_valid() {
        let text = written();
        assert_eq!(validate(&parse(&text).unwrap()), Ok(()));
    }

    #[test]
    fn seconds_out_of_range_name_the_field_and_its_line() {
        let text = written();
        let bad = set(
            &text,
            "- phase: Clarifying",
            "planned_seconds",
            "9223372036854775807",
        );
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "steps[2].planned_seconds");
        assert_eq!(pos.0, line_of(&bad, "planned_seconds: 9223372036854775807"));
        assert!(
            e.message.starts_with(
                "`steps[2].planned_seconds` is 9223372036854775807 seconds, outside what plg works with (0 to 316224000"
            ),
            "{}",
            e.message
        );
        assert!(e.message.contains("restore the file from a backup"));

        let bad = set(&text, "steps:\n", "actual_seconds", "-5");
        assert_eq!(invalid(&bad).0.field(), "steps[0].actual_seconds");
    }

    #[test]
    fn dates_out_of_range_are_refused() {
        let text = written();
        let bad = set(&text, "", "started_at", "0001-01-01T00:00:00+00:00");
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "started_at");
        assert_eq!(pos, (line_of(&bad, "started_at: 0001"), 13));
        assert!(
            e.message
                .contains("outside the years plg works with (1900 to 9999)")
        );

        let bad = set(&text, "notes:", "at", "0001-01-01T00:00:00+00:00");
        assert_eq!(invalid(&bad).0.field(), "notes[0].at");
        let bad = set(&text, "", "actions", "\n- text: t\n  due: 0999-12-31");
        assert_eq!(invalid(&bad).0.field(), "actions[0].due");
    }

    #[test]
    fn speed_steps_ratings_and_the_protocol_snapshot_are_bounded() {
        let text = written();
        for speed in ["0", "4000000000"] {
            let bad = text.replacen("\nsaved_at:", &format!("\nspeed: {speed}\nsaved_at:"), 1);
            let (e, pos) = invalid(&bad);
            assert_eq!(e.field(), "speed");
            assert_eq!(pos.0, line_of(&bad, "speed: "));
        }

        let bad = set(&text, "notes:", "step", "7000");
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "notes[0].step");
        assert!(
            e.message.contains("is 7000, but the record has"),
            "{}",
            e.message
        );

        let bad = set(&text, "checkin:", "rating", "200");
        assert_eq!(invalid(&bad).0.field(), "checkin[0].rating");

        let bad = set(&text, "protocol:", "minutes", "1e308");
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "protocol.phases[0].minutes");
        assert_eq!(pos.0, line_of(&bad, "minutes: 1e308"));
        assert!(e.message.contains("is 1e308; it must be"), "{}", e.message);

        let bad = set(&text, "steps:\n", "phase_index", "40");
        assert_eq!(invalid(&bad).0.field(), "steps[0].phase_index");
    }

    #[test]
    fn too_many_steps_are_refused() {
        let text = written();
        let steps_at = text.find("steps:\n").unwrap() + "steps:\n".len();
        let one = "- phase: X\n  phase_index: 0\n  planned_start: 2026-11-23T15:30:00+01:00\n  planned_seconds: 60\n  original_seconds: 60\n  actual_seconds: 0\n";
        let bad = format!(
            "{}{}{}",
            &text[..steps_at],
            one.repeat(MAX_STEPS + 1),
            &text[steps_at..]
        );
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "steps");
        assert!(e.message.contains("at most 500"), "{}", e.message);
        assert_eq!(pos.0, line_of(&bad, "steps:") + 1);
    }

    /// `written()` with changes to earlier action items, as plg writes them.
    fn with_changes() -> String {
        let changes = "action_changes:
- at: 2026-11-23T15:44:00+01:00
  session: 2026-11-16T1530_math9_tuning
  item: 0
  text: Share the rubric
  field: state
  from: open
  to: done
- at: 2026-11-23T15:45:00+01:00
  session: 2026-11-16T1530_math9_tuning
  item: 1
  text: Book the lab
  field: due
  to: 2026-12-01
- at: 2026-11-23T15:46:00+01:00
  session: 2026-11-16T1530_math9_tuning
  item: 1
  text: Book the lab
  field: owner
  from: Ana Ruiz
- at: 2026-11-23T15:47:00+01:00
  session: 2026-11-16T1530_math9_tuning
  item: 2
  text: Written by hand
  field: state
  to: dropped
";
        let text = written();
        let at = text.find("\nprotocol:").unwrap() + 1;
        format!("{}{changes}{}", &text[..at], &text[at..])
    }

    #[test]
    fn changes_to_earlier_action_items_plg_wrote_are_valid() {
        let text = with_changes();
        let rec = parse(&text).unwrap();
        assert_eq!(rec.action_changes.len(), 4);
        assert_eq!(rec.action_changes[2].to, None);
        assert_eq!(
            rec.action_changes[3].from, None,
            "a state's `from` may be left out"
        );
        assert_eq!(validate(&rec), Ok(()));
    }

    #[test]
    fn a_bad_state_or_date_in_an_action_change_names_the_field_and_its_line() {
        let text = with_changes();
        let bad = text.replacen("  to: done", "  to: finished", 1);
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "action_changes[0].to");
        assert_eq!(pos, (line_of(&bad, "to: finished"), 7));
        assert!(
            e.message.starts_with(
                "`action_changes[0].to` is `finished`; an action item's state is `open`, `done` or `dropped`"
            ),
            "{}",
            e.message
        );

        let bad = text.replacen("  from: open", "  from: Open", 1);
        assert_eq!(invalid(&bad).0.field(), "action_changes[0].from");

        let bad = text.replacen("  to: done\n", "\n", 1);
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "action_changes[0].to");
        assert!(e.message.contains("is missing"), "{}", e.message);

        let bad = text.replacen("to: 2026-12-01", "to: next week", 1);
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "action_changes[1].to");
        assert_eq!(pos.0, line_of(&bad, "to: next week"));
        assert!(e.message.contains("written YYYY-MM-DD"), "{}", e.message);

        let bad = text.replacen("to: 2026-12-01", "to: 2026-02-30", 1);
        assert_eq!(invalid(&bad).0.field(), "action_changes[1].to");
        let bad = text.replacen("to: 2026-12-01", "to: 0999-12-01", 1);
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "action_changes[1].to");
        assert!(e.message.contains("outside the years"), "{}", e.message);

        // An owner is any name, and may be cleared.
        let fine = text.replacen("  from: Ana Ruiz", "  from: '2026-99-99'", 1);
        assert_eq!(validate(&parse(&fine).unwrap()), Ok(()));
    }

    #[test]
    fn an_action_change_names_a_session_and_a_time_plg_can_use() {
        let text = with_changes();
        let bad = text.replacen(
            "at: 2026-11-23T15:45:00+01:00",
            "at: 0001-11-23T15:45:00+01:00",
            1,
        );
        assert_eq!(invalid(&bad).0.field(), "action_changes[1].at");
        for session in ["../../etc/passwd", "a\\b", "..", ".", "''", "\"a\\0b\""] {
            let bad = text.replacen(
                "session: 2026-11-16T1530_math9_tuning",
                &format!("session: {session}"),
                1,
            );
            let (e, _) = invalid(&bad);
            assert_eq!(e.field(), "action_changes[0].session", "{session}");
        }
        let long = "x".repeat(MAX_ID_BYTES + 1);
        let bad = text.replacen(
            "session: 2026-11-16T1530_math9_tuning",
            &format!("session: {long}"),
            1,
        );
        assert!(invalid(&bad).0.message.contains("1 to 255"));
        let longest = "x".repeat(MAX_ID_BYTES);
        let fine = text.replacen(
            "session: 2026-11-16T1530_math9_tuning",
            &format!("session: {longest}"),
            1,
        );
        assert_eq!(validate(&parse(&fine).unwrap()), Ok(()));
    }

    #[test]
    fn without_a_tree_the_top_level_key_is_found_by_its_line() {
        let e = Invalid {
            path: vec![Seg::Key("saved_at"), Seg::Index(2)],
            message: String::new(),
        };
        let text = "version: 2\nstarted_at: x\nsaved_at: y\n";
        assert_eq!(top_level_key(text, &e.path), Some((3, 1)));
        assert_eq!(e.position("not: [yaml"), (1, 1));
    }

    fn agenda_written() -> String {
        serde_yaml::to_string(&crate::record::agenda_meeting::record(1)).unwrap()
    }

    /// The text with the `n`th (from 0) `  item: ` line of the protocol's
    /// phases given `value`.
    fn set_phase_item(text: &str, n: usize, value: &str) -> String {
        let snapshot = text.find("\nprotocol:\n").unwrap();
        let mut at = snapshot;
        for _ in 0..=n {
            at += 1 + text[at + 1..].find("\n    item: ").unwrap();
        }
        let start = at + "\n    item: ".len();
        let end = start + text[start..].find('\n').unwrap();
        format!("{}{value}{}", &text[..start], &text[end..])
    }

    #[test]
    fn an_agenda_meeting_plg_wrote_is_valid() {
        let text = agenda_written();
        assert!(text.contains("\nitems:\n") && text.contains("\n    item: 3\n"));
        assert_eq!(validate(&parse(&text).unwrap()), Ok(()));
    }

    #[test]
    fn an_item_of_a_phase_outside_the_agenda_or_out_of_order_is_refused() {
        let text = agenda_written();
        let bad = set_phase_item(&text, 0, "99");
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "protocol.phases[0].item");
        assert_eq!(pos.0, line_of(&bad, "    item: 99"));
        assert!(
            e.message
                .starts_with("`protocol.phases[0].item` is 99, but the agenda has 4 items"),
            "{}",
            e.message
        );

        // Item 2 first, then item 1: an item's phases come together.
        let bad = set_phase_item(&text, 0, "2");
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "protocol.phases[1].item");
        assert!(
            e.message.contains("after a phase of item 2"),
            "{}",
            e.message
        );

        // Hostile numbers do not wrap into range.
        let bad = set_phase_item(&text, 1, "18446744073709551615");
        assert_eq!(invalid(&bad).0.field(), "protocol.phases[1].item");
    }

    #[test]
    fn a_phase_item_without_an_agenda_or_an_agenda_phase_without_one_is_refused() {
        // A protocol alone whose phase names an item.
        let text = written();
        let bad = text.replacen("\n    checkin: true", "\n    checkin: true\n    item: 0", 1);
        assert_ne!(bad, text);
        let (e, _) = invalid(&bad);
        assert!(e.field().ends_with(".item"), "{}", e.field());
        assert!(e.message.contains("not an agenda"), "{}", e.message);

        // An agenda's phase that names none.
        let text = agenda_written();
        let at = text.find("\nprotocol:\n").unwrap();
        let first = at + text[at..].find("\n    item: 0").unwrap();
        let bad = format!(
            "{}{}",
            &text[..first],
            &text[first + "\n    item: 0".len()..]
        );
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "protocol.phases[0].item");
        assert!(e.message.contains("is missing"), "{}", e.message);
    }

    #[test]
    fn absurd_item_counts_and_times_are_refused() {
        let text = agenda_written();
        // The agenda in the snapshot with no items.
        let at = text.rfind("\n    items:\n").unwrap();
        let end = at
            + text[at..].find("\n    - name: Plus/delta").unwrap()
            + "\n    - name: Plus/delta".len();
        let bad = format!("{}\n    items: []{}", &text[..at], &text[end..]);
        let (e, _) = invalid(&bad);
        assert_eq!(e.field(), "protocol.agenda.items");
        assert!(e.message.contains("holds 0 items"), "{}", e.message);

        // The record's items: too many of them.
        let many = "\n- name: x\n  planned_seconds: 0\n  original_seconds: 0\n  actual_seconds: 0"
            .repeat(MAX_STEPS + 1);
        let bad = text.replacen("\nitems:", &format!("\nitems:{many}"), 1);
        let (e, pos) = invalid(&bad);
        assert_eq!(e.field(), "items");
        // The list, where its first item starts.
        assert_eq!(pos.0, line_of(&bad, "items:\n- name: x") + 1);
        assert!(
            e.message
                .contains(&format!("holds {} items", MAX_STEPS + 5)),
            "{}",
            e.message
        );

        // An item's running time out of range, and a date.
        let bad = set(&text, "\nitems:", "actual_seconds", "-60");
        assert_eq!(invalid(&bad).0.field(), "items[0].actual_seconds");
        let bad = set(&text, "\nitems:", "started_at", "0001-01-01T00:00:00+00:00");
        assert_eq!(invalid(&bad).0.field(), "items[0].started_at");
    }
}
