//! The index cache's on-disk form: a small length-prefixed binary layout,
//! sealed with a checksum.
//!
//! JSON was tried first; at 10,000 records it took about 200 ms just to
//! parse, most of the budget of `plg logs list`. This layout loads in a
//! fraction of that (timestamps are numbers, not text to parse) and needs no
//! extra dependency. Any inconsistency while reading makes the whole cache
//! unusable, and the index is then rebuilt from the records.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};

use super::Status;
use super::index::{CacheEntry, Outcome, Stamp};
use super::summary::{IndexedNote, ItemSummary, SessionSummary};
use crate::meeting::session::{
    ActionChange, ActionField, ActionItem, Attendance, Delta, GroupRef, NormRating, RoleAssignment,
};

const MAGIC: &[u8; 8] = b"PLGINDEX";

/// Bumped whenever [`SessionSummary`] or the cache layout changes; a cache of
/// another format is rebuilt.
pub(crate) const INDEX_FORMAT: u32 = 7;

/// FNV-1a: stable across Rust releases (unlike the std hasher), which
/// matters for a file name that must be found again next run.
pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The entries of a cache file by file name; `None` when the file is
/// damaged, of another format or of another folder.
pub(super) fn decode_cache(bytes: &[u8], dir: &str) -> Option<HashMap<String, CacheEntry>> {
    let bytes = unseal(bytes)?;
    let mut r = Reader::open(bytes, INDEX_FORMAT, dir)?;
    let n = r.len().ok()?;
    let mut map = HashMap::with_capacity(n);
    for _ in 0..n {
        let entry = read_entry(&mut r).ok()?;
        map.insert(entry.file.clone(), entry);
    }
    r.at_end().then_some(map)
}

fn read_entry(r: &mut Reader<'_>) -> Result<CacheEntry, Corrupt> {
    let file = r.str()?;
    let stamp = Stamp {
        size: r.u64()?,
        secs: r.i64()?,
        nanos: r.u32()?,
    };
    let outcome = match r.u8()? {
        0 => Outcome::Ok(Box::new(r.summary()?)),
        1 => Outcome::Damaged {
            line: match r.u8()? {
                0 => None,
                _ => Some(usize::try_from(r.u64()?).map_err(|_| Corrupt)?),
            },
            message: r.str()?,
        },
        _ => return Err(Corrupt),
    };
    Ok(CacheEntry {
        file,
        stamp,
        outcome,
    })
}

/// A cache file holding `entries`, sealed.
pub(super) fn encode_cache(dir: &str, entries: &[CacheEntry]) -> Vec<u8> {
    let mut w = Writer::header(INDEX_FORMAT, dir);
    w.len(entries.len());
    for e in entries {
        w.str(&e.file);
        w.u64(e.stamp.size);
        w.i64(e.stamp.secs);
        w.u32(e.stamp.nanos);
        match &e.outcome {
            Outcome::Ok(summary) => {
                w.u8(0);
                w.summary(summary);
            }
            Outcome::Damaged { line, message } => {
                w.u8(1);
                match line {
                    Some(l) => {
                        w.u8(1);
                        w.u64(*l as u64);
                    }
                    None => w.u8(0),
                }
                w.str(message);
            }
        }
    }
    seal(w.bytes)
}

/// Appends a checksum of everything before it, so a cache whose bytes were
/// changed by anything but plg is rebuilt rather than believed.
fn seal(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = fnv1a(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// The sealed bytes, when the checksum matches.
fn unseal(bytes: &[u8]) -> Option<&[u8]> {
    let split = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(split);
    (sum == fnv1a(body).to_le_bytes()).then_some(body)
}

/// The cache could not be read; it will be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Corrupt;

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn header(format: u32, dir: &str) -> Writer {
        let mut w = Writer::default();
        w.bytes.extend_from_slice(MAGIC);
        w.u32(format);
        w.str(dir);
        w
    }
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i64(&mut self, v: i64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }
    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    fn time(&mut self, t: &DateTime<FixedOffset>) {
        self.i64(t.timestamp());
        self.u32(t.timestamp_subsec_nanos());
        self.u32(t.offset().local_minus_utc() as u32);
    }

    pub fn summary(&mut self, s: &SessionSummary) {
        self.u32(s.version);
        self.u8(match s.status {
            Status::InProgress => 0,
            Status::Completed => 1,
            Status::EndedEarly => 2,
        });
        self.time(&s.started_at);
        match &s.ended_at {
            Some(t) => {
                self.u8(1);
                self.time(t);
            }
            None => self.u8(0),
        }
        self.i64(s.duration_seconds);
        self.u32(s.speed);
        match &s.group {
            Some(g) => {
                self.u8(1);
                self.str(&g.id);
                self.str(&g.name);
                self.opt_str(g.focus.as_deref());
            }
            None => self.u8(0),
        }
        self.str(&s.protocol_id);
        self.str(&s.protocol_name);
        self.u8(u8::from(s.agenda));
        self.len(s.items.len());
        for i in &s.items {
            self.str(&i.name);
            self.opt_str(i.protocol.as_deref());
            self.i64(i.actual_seconds);
        }
        self.strs(&s.attendance.present);
        self.strs(&s.attendance.absent);
        self.strs(&s.attendance.guests);
        self.len(s.roles.len());
        for r in &s.roles {
            self.str(&r.role);
            self.str(&r.person);
        }
        self.opt_str(s.focusing_question.as_deref());
        self.opt_str(s.work.as_deref());
        self.len(s.notes.len());
        for n in &s.notes {
            self.i64(n.at_seconds);
            self.str(&n.phase);
            self.str(&n.kind);
            self.str(&n.text);
        }
        self.len(s.checkin.len());
        for c in &s.checkin {
            self.str(&c.norm);
            self.u8(c.rating.map_or(u8::MAX, |r| r.min(254)));
            self.u8(u8::from(c.votes.is_some()));
            for v in c.votes.iter().flatten() {
                self.u32(*v);
            }
            self.u8(u8::from(c.skipped));
            self.opt_str(c.comment.as_deref());
        }
        self.u8(u8::from(s.checkin_skipped));
        self.strs(&s.plus);
        self.len(s.delta.len());
        for d in &s.delta {
            self.str(&d.text);
            self.opt_str(d.owner.as_deref());
        }
        self.len(s.actions.len());
        for a in &s.actions {
            self.str(&a.text);
            self.opt_str(a.owner.as_deref());
            match a.due {
                Some(d) => {
                    self.u8(1);
                    self.u32(d.num_days_from_ce() as u32);
                }
                None => self.u8(0),
            }
            self.u8(u8::from(a.done));
        }
        self.len(s.action_changes.len());
        for c in &s.action_changes {
            self.time(&c.at);
            self.str(&c.session);
            self.u64(c.item as u64);
            self.str(&c.text);
            self.u8(match c.field {
                ActionField::State => 0,
                ActionField::Owner => 1,
                ActionField::Due => 2,
            });
            self.opt_str(c.from.as_deref());
            self.opt_str(c.to.as_deref());
        }
        self.strs(&s.presented);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

type R<T> = Result<T, Corrupt>;

impl<'a> Reader<'a> {
    /// Checks the magic, format and folder; `None` if the cache is of
    /// another format or folder.
    pub fn open(bytes: &'a [u8], format: u32, dir: &str) -> Option<Reader<'a>> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len()).ok()? != MAGIC {
            return None;
        }
        if r.u32().ok()? != format || r.str_ref().ok()? != dir {
            return None;
        }
        Some(r)
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }
    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Corrupt)?;
        let s = self.bytes.get(self.pos..end).ok_or(Corrupt)?;
        self.pos = end;
        Ok(s)
    }
    pub fn u8(&mut self) -> R<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> R<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub fn u64(&mut self) -> R<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub fn i64(&mut self) -> R<i64> {
        Ok(self.u64()? as i64)
    }
    /// A count of items that follow; each takes at least one byte, which
    /// bounds it by what is left and keeps a damaged count from allocating wildly.
    pub fn len(&mut self) -> R<usize> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.pos {
            return Err(Corrupt);
        }
        Ok(n)
    }
    fn str_ref(&mut self) -> R<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|_| Corrupt)
    }
    pub fn str(&mut self) -> R<String> {
        self.str_ref().map(str::to_string)
    }
    pub fn opt_str(&mut self) -> R<Option<String>> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(Corrupt),
        }
    }
    fn strs(&mut self) -> R<Vec<String>> {
        let n = self.len()?;
        (0..n).map(|_| self.str()).collect()
    }
    fn time(&mut self) -> R<DateTime<FixedOffset>> {
        let secs = self.i64()?;
        let nanos = self.u32()?;
        let offset = FixedOffset::east_opt(self.u32()? as i32).ok_or(Corrupt)?;
        offset.timestamp_opt(secs, nanos).single().ok_or(Corrupt)
    }
    fn flag(&mut self) -> R<bool> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt),
        }
    }

    pub fn summary(&mut self) -> R<SessionSummary> {
        let version = self.u32()?;
        let status = match self.u8()? {
            0 => Status::InProgress,
            1 => Status::Completed,
            2 => Status::EndedEarly,
            _ => return Err(Corrupt),
        };
        let started_at = self.time()?;
        let ended_at = if self.flag()? {
            Some(self.time()?)
        } else {
            None
        };
        let duration_seconds = self.i64()?;
        let speed = self.u32()?;
        let group = if self.flag()? {
            Some(GroupRef {
                id: self.str()?,
                name: self.str()?,
                focus: self.opt_str()?,
            })
        } else {
            None
        };
        let protocol_id = self.str()?;
        let protocol_name = self.str()?;
        let agenda = self.flag()?;
        let n = self.len()?;
        let items = (0..n)
            .map(|_| {
                Ok(ItemSummary {
                    name: self.str()?,
                    protocol: self.opt_str()?,
                    actual_seconds: self.i64()?,
                })
            })
            .collect::<R<_>>()?;
        let attendance = Attendance {
            present: self.strs()?,
            absent: self.strs()?,
            guests: self.strs()?,
            ..Attendance::default()
        };
        let n = self.len()?;
        let roles = (0..n)
            .map(|_| {
                Ok(RoleAssignment {
                    role: self.str()?,
                    person: self.str()?,
                })
            })
            .collect::<R<_>>()?;
        let focusing_question = self.opt_str()?;
        let work = self.opt_str()?;
        let n = self.len()?;
        let notes = (0..n)
            .map(|_| {
                Ok(IndexedNote {
                    at_seconds: self.i64()?,
                    phase: self.str()?,
                    kind: self.str()?,
                    text: self.str()?,
                })
            })
            .collect::<R<_>>()?;
        let n = self.len()?;
        let checkin = (0..n)
            .map(|_| {
                Ok(NormRating {
                    norm: self.str()?,
                    rating: Some(self.u8()?).filter(|r| *r != u8::MAX),
                    votes: if self.flag()? {
                        let mut v = [0u32; 6];
                        for n in &mut v {
                            *n = self.u32()?;
                        }
                        Some(v)
                    } else {
                        None
                    },
                    skipped: self.flag()?,
                    comment: self.opt_str()?,
                })
            })
            .collect::<R<_>>()?;
        let checkin_skipped = self.flag()?;
        let plus = self.strs()?;
        let n = self.len()?;
        let delta = (0..n)
            .map(|_| {
                Ok(Delta {
                    text: self.str()?,
                    owner: self.opt_str()?,
                })
            })
            .collect::<R<_>>()?;
        let n = self.len()?;
        let actions = (0..n)
            .map(|_| {
                Ok(ActionItem {
                    text: self.str()?,
                    owner: self.opt_str()?,
                    due: if self.flag()? {
                        Some(
                            NaiveDate::from_num_days_from_ce_opt(self.u32()? as i32)
                                .ok_or(Corrupt)?,
                        )
                    } else {
                        None
                    },
                    done: self.flag()?,
                })
            })
            .collect::<R<_>>()?;
        let n = self.len()?;
        let action_changes = (0..n)
            .map(|_| {
                Ok(ActionChange {
                    at: self.time()?,
                    session: self.str()?,
                    item: usize::try_from(self.u64()?).map_err(|_| Corrupt)?,
                    text: self.str()?,
                    field: match self.u8()? {
                        0 => ActionField::State,
                        1 => ActionField::Owner,
                        2 => ActionField::Due,
                        _ => return Err(Corrupt),
                    },
                    from: self.opt_str()?,
                    to: self.opt_str()?,
                })
            })
            .collect::<R<_>>()?;
        let presented = self.strs()?;
        Ok(SessionSummary {
            version,
            status,
            started_at,
            ended_at,
            duration_seconds,
            speed,
            group,
            protocol_id,
            protocol_name,
            agenda,
            items,
            attendance,
            roles,
            focusing_question,
            work,
            notes,
            checkin,
            checkin_skipped,
            plus,
            delta,
            actions,
            action_changes,
            presented,
        })
    }
}
