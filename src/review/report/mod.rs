//! `plg report`: how each group is doing against the PLG guidelines.
//!
//! The rules (also in docs/reviewing.md):
//! - Figures count finished meetings only: rehearsals (speed > 1) and
//!   sessions still in progress are left out, and the report says how many.
//! - Cadence: meetings per calendar month, from the month of the first
//!   counted meeting to the month of the last; a month with fewer than
//!   [`MIN_MEETINGS_PER_MONTH`] is flagged, except the school year's first
//!   month and the one before (August and July by default) with no meeting
//!   at all: the summer break.
//! - Length: the average wall-clock length of the whole meeting (start to
//!   end: every agenda item, not only the protocol) against [`MIN_MINUTES`].
//! - Time per agenda item: over the school year of the newest counted
//!   meeting, the running time (pauses excluded) of each item, items of the
//!   same name taken together; a protocol run whole (alone or as an item)
//!   is grouped by its id and marked as a protocol, so the table shows how
//!   much of the group's time goes to protocols and how much to the rest.
//!   Shares are of the time all items ran.
//! - Attendance rate per member: present / (present + absent) over the
//!   meetings where the person was listed. Guests are not members.
//! - Members are everyone listed present or absent in the group's counted
//!   meetings. Presenters are counted from the start of the school year
//!   (August 1 unless config.yaml sets `school_year_starts`) that holds the
//!   group's newest counted meeting, so a report on an old folder still
//!   describes a whole year.
//! - Norm check-ins: the average fist-to-five (0–5) per norm per month.
//! - Open action items (not done) and deltas, with owners and dates.

mod html;
mod markdown;
mod text;

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::actions::{ItemStates, stands};
use crate::config::SchoolYear;
use crate::meeting::session::{ItemState, Room};
use crate::record::Status;
use crate::record::index::IndexedSession;

pub(crate) use html::render_html;
pub(crate) use markdown::render_md;
pub(crate) use text::render_text;

/// Meetings a month the guideline asks for.
pub(crate) const MIN_MEETINGS_PER_MONTH: usize = 2;
/// Minutes a meeting should last at least.
pub(crate) const MIN_MINUTES: f64 = 50.0;
/// The month grid shows every school year from the first meeting to the
/// last while they span at most this many; past it (a record dated 9999
/// among this year's), only the latest school years that hold meetings.
pub(crate) const MAX_GRID_YEARS: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MonthCount {
    pub year: i32,
    pub month: u32,
    pub meetings: usize,
    /// Below the guideline.
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MemberAttendance {
    pub name: String,
    pub present: usize,
    pub absent: usize,
}

impl MemberAttendance {
    /// Share of listed meetings attended, 0.0–1.0.
    pub fn rate(&self) -> f64 {
        let listed = self.present + self.absent;
        if listed == 0 {
            0.0
        } else {
            self.present as f64 / listed as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NormTrend {
    pub norm: String,
    /// (`YYYY-MM`, average rating that month), oldest first.
    pub months: Vec<(String, f64)>,
    /// How many meetings rated the norm; each meeting's room average counts once.
    pub ratings: usize,
    pub average: f64,
    /// The fewest and most fingers anyone showed, over every counted show
    /// of hands (records before format 4 hold one number and add none).
    pub spread: Option<(u8, u8)>,
    /// The room at the latest meeting that rated the norm.
    pub last: Option<Room>,
}

impl NormTrend {
    /// `spread 2–5; last meeting 6 votes · avg 3.7 · 2–5 (0 0 1 1 3 1)`:
    /// what follows the averages in every format.
    pub fn spread_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some((lo, hi)) = self.spread {
            parts.push(format!("spread {lo}–{hi}"));
        }
        if let Some(room) = &self.last {
            let dist = room.distribution();
            parts.push(if dist.is_empty() {
                format!("last meeting {}", room.label())
            } else {
                format!("last meeting {} ({dist})", room.label())
            });
        }
        parts.join("; ")
    }
}

/// One row of the time-per-item table: the items of one name (or one
/// protocol) over the school year.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ItemTime {
    /// The newest name it ran under.
    pub name: String,
    /// The protocol's id, when the item runs a protocol whole.
    pub protocol: Option<String>,
    pub seconds: i64,
    /// Share of the time every item ran, 0.0–1.0.
    pub share: f64,
    /// Meetings it ran in.
    pub meetings: usize,
}

impl ItemTime {
    /// "protocol" or "item": what a reader sorts the time into.
    pub fn kind(&self) -> &'static str {
        if self.protocol.is_some() {
            "protocol"
        } else {
            "item"
        }
    }

    pub fn minutes(&self) -> f64 {
        self.seconds as f64 / 60.0
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Followup {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub session: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupReport {
    /// `None` for sessions run without a group.
    pub id: Option<String>,
    pub name: String,
    pub counted: usize,
    /// Rehearsals left out (none when they were counted).
    pub rehearsals: usize,
    /// Whether rehearsals counted like meetings (`plg report --rehearsals`).
    pub counts_rehearsals: bool,
    pub in_progress: usize,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub months: Vec<MonthCount>,
    /// Set when the meetings span more than [`MAX_GRID_YEARS`] school years:
    /// what the month grid leaves out.
    pub grid_note: Option<String>,
    pub average_minutes: Option<f64>,
    pub shorter_than_guideline: usize,
    pub attendance: Vec<MemberAttendance>,
    pub school_year_start: NaiveDate,
    pub school_year: SchoolYear,
    /// (person, times presented since the school year began), most first.
    pub presented: Vec<(String, usize)>,
    pub not_presented: Vec<String>,
    /// Time per agenda item since the school year began, most first.
    pub items: Vec<ItemTime>,
    /// The protocols' share of that time, 0.0–1.0 (`None` without any).
    pub protocol_share: Option<f64>,
    pub norms: Vec<NormTrend>,
    pub open_actions: Vec<Followup>,
    pub deltas: Vec<Followup>,
}

/// One of ▁▂▃▄▅▆▇█ for a rating on the fixed 0–5 scale (not stretched to the
/// data, so the same bar always means the same rating).
pub(crate) fn spark(value: f64) -> char {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let i = (value.clamp(0.0, 5.0) / 5.0 * 7.0).round() as usize;
    BARS[i.min(7)]
}

pub(crate) fn sparkline(values: impl IntoIterator<Item = f64>) -> String {
    values.into_iter().map(spark).collect()
}

fn month_key(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

fn next_month((y, m): (i32, u32)) -> (i32, u32) {
    if m == 12 { (y + 1, 1) } else { (y, m + 1) }
}

/// Per (year, month): the sum of the meetings' room averages and how many there were.
type MonthlySums = BTreeMap<(i32, u32), (f64, usize)>;

/// Reports every group in `sessions` (newest first, as the index keeps
/// them), ordered by group name with sessions without a group last.
pub(crate) fn build(
    sessions: &[&IndexedSession],
    today: NaiveDate,
    year: SchoolYear,
    rehearsals: bool,
    states: &ItemStates,
) -> Vec<GroupReport> {
    // By group id: a group renamed over the years (or a format-1 record that
    // only knew the id) is still one group, shown under its newest name.
    let mut by_group: HashMap<Option<String>, Vec<&IndexedSession>> = HashMap::new();
    for s in sessions {
        let key = s.summary.group.as_ref().map(|g| g.id.clone());
        by_group.entry(key).or_default().push(s);
    }
    let mut reports: Vec<GroupReport> = by_group
        .into_iter()
        .map(|(id, list)| {
            let name = list
                .iter()
                .max_by_key(|s| s.summary.started_at)
                .and_then(|s| s.summary.group.as_ref())
                .map_or_else(|| "No group".to_string(), |g| g.name.clone());
            build_group(id, name, &list, today, year, rehearsals, states)
        })
        .collect();
    reports.sort_by_key(|r| (r.id.is_none(), r.name.to_lowercase(), r.id.clone()));
    reports
}

/// The report of one group's sessions.
pub(crate) fn build_group(
    id: Option<String>,
    name: String,
    sessions: &[&IndexedSession],
    today: NaiveDate,
    year: SchoolYear,
    count_rehearsals: bool,
    states: &ItemStates,
) -> GroupReport {
    // With `count_rehearsals` (plg report --rehearsals) they count like meetings.
    let left_out = |s: &IndexedSession| !count_rehearsals && s.summary.is_rehearsal();
    let rehearsals = sessions.iter().filter(|s| left_out(s)).count();
    let in_progress = sessions
        .iter()
        .filter(|s| !left_out(s) && s.summary.status == Status::InProgress)
        .count();
    let mut counted: Vec<&IndexedSession> = sessions
        .iter()
        .copied()
        .filter(|s| !left_out(s) && s.summary.status != Status::InProgress)
        .collect();
    counted.sort_by_key(|s| (s.summary.started_at, s.id.clone()));
    let day = |s: &IndexedSession| s.summary.started_at.date_naive();
    let first = counted.first().map(|s| day(s));
    let last = counted.last().map(|s| day(s));

    // Cadence.
    let mut per_month: HashMap<(i32, u32), usize> = HashMap::new();
    for s in &counted {
        *per_month.entry(month_key(day(s))).or_default() += 1;
    }
    let mut months = Vec::new();
    let mut grid_note = None;
    if let (Some(first), Some(last)) = (first, last) {
        let (start, end) = (month_key(first), month_key(last));
        let (shown, note) = grid_years(&per_month, start, end, year);
        grid_note = note;
        for school_year in shown {
            let mut at = (school_year, year.month);
            for _ in 0..12 {
                if (start..=end).contains(&at) {
                    let meetings = per_month.get(&at).copied().unwrap_or(0);
                    // The school year's first month and the one before: the long
                    // break, and the weeks when a new year is being set up.
                    let summer_break = meetings == 0 && matches!(year.column(at.1), 0 | 11);
                    months.push(MonthCount {
                        year: at.0,
                        month: at.1,
                        meetings,
                        flagged: meetings < MIN_MEETINGS_PER_MONTH && !summer_break,
                    });
                }
                at = next_month(at);
            }
        }
    }

    // Length.
    let average_minutes = (!counted.is_empty()).then(|| {
        counted
            .iter()
            .map(|s| s.summary.duration_seconds as f64 / 60.0)
            .sum::<f64>()
            / counted.len() as f64
    });
    let shorter_than_guideline = counted
        .iter()
        .filter(|s| (s.summary.duration_seconds as f64 / 60.0) < MIN_MINUTES)
        .count();

    // Attendance.
    let mut attendance: BTreeMap<String, MemberAttendance> = BTreeMap::new();
    for s in &counted {
        let a = &s.summary.attendance;
        for (people, present) in [(&a.present, true), (&a.absent, false)] {
            for p in people {
                let m = attendance
                    .entry(p.clone())
                    .or_insert_with(|| MemberAttendance {
                        name: p.clone(),
                        present: 0,
                        absent: 0,
                    });
                if present {
                    m.present += 1;
                } else {
                    m.absent += 1;
                }
            }
        }
    }
    let attendance: Vec<MemberAttendance> = attendance.into_values().collect();

    // Presenters this school year.
    let school_year_start = year.start_of(last.unwrap_or(today));
    let mut presented: HashMap<String, usize> = HashMap::new();
    for s in counted.iter().filter(|s| day(s) >= school_year_start) {
        // Everyone who presented counts: in Success Analysis, everyone who held a round.
        for p in s.summary.presenters() {
            *presented.entry(p.to_string()).or_default() += 1;
        }
    }
    let not_presented: Vec<String> = attendance
        .iter()
        .filter(|m| !presented.contains_key(&m.name))
        .map(|m| m.name.clone())
        .collect();
    let mut presented: Vec<(String, usize)> = presented.into_iter().collect();
    presented.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let (items, protocol_share) = item_times(
        counted
            .iter()
            .filter(|s| day(s) >= school_year_start)
            .map(|s| &s.summary),
    );

    // Norm check-ins: each meeting's room average, averaged per month, and
    // the spread of the hands shown.
    let mut norm_order: Vec<String> = Vec::new();
    let mut norm_months: HashMap<String, MonthlySums> = HashMap::new();
    let mut norm_spread: HashMap<String, (u8, u8)> = HashMap::new();
    let mut norm_last: HashMap<String, (NaiveDate, Room)> = HashMap::new();
    for s in &counted {
        for c in &s.summary.checkin {
            let Some(room) = c.room() else { continue };
            if !norm_order.contains(&c.norm) {
                norm_order.push(c.norm.clone());
            }
            let slot = norm_months
                .entry(c.norm.clone())
                .or_default()
                .entry(month_key(day(s)))
                .or_default();
            slot.0 += room.average;
            slot.1 += 1;
            if room.counts.is_some() {
                let sp = norm_spread
                    .entry(c.norm.clone())
                    .or_insert((room.low, room.high));
                *sp = (sp.0.min(room.low), sp.1.max(room.high));
            }
            let last = norm_last.entry(c.norm.clone()).or_insert((day(s), room));
            if day(s) > last.0 {
                *last = (day(s), room);
            }
        }
    }
    let norms = norm_order
        .into_iter()
        .map(|norm| {
            let by_month = norm_months.remove(&norm).unwrap_or_default();
            let (sum, n) = by_month.values().fold((0.0, 0usize), |acc, (s, n)| {
                (acc.0 + s, acc.1.saturating_add(*n))
            });
            NormTrend {
                months: by_month
                    .into_iter()
                    .map(|((y, m), (s, n))| (format!("{y}-{m:02}"), s / n as f64))
                    .collect(),
                ratings: n,
                average: if n == 0 { 0.0 } else { sum / n as f64 },
                spread: norm_spread.remove(&norm),
                last: norm_last.remove(&norm).map(|l| l.1),
                norm,
            }
        })
        .collect();

    // Follow-ups.
    let mut open_actions = Vec::new();
    let mut deltas = Vec::new();
    for s in &counted {
        // As they stand now: a later meeting or a follow-up may have closed,
        // dropped or reopened an item, handed it on or moved its date.
        let items = s.summary.actions.iter().enumerate();
        for a in items.map(|(i, a)| stands(states, &s.id, i, a)) {
            if a.state != ItemState::Open {
                continue;
            }
            open_actions.push(Followup {
                text: a.text,
                owner: a.owner,
                due: a.due,
                session: s.id.clone(),
                date: day(s),
            });
        }
        for d in &s.summary.delta {
            deltas.push(Followup {
                text: d.text.clone(),
                owner: d.owner.clone(),
                due: None,
                session: s.id.clone(),
                date: day(s),
            });
        }
    }
    // The longest-open items first; newest deltas first (the freshest feedback).
    open_actions.sort_by_key(|a| (a.due.unwrap_or(a.date), a.date));
    deltas.reverse();

    GroupReport {
        id,
        name,
        counted: counted.len(),
        rehearsals,
        counts_rehearsals: count_rehearsals,
        in_progress,
        first,
        last,
        months,
        grid_note,
        average_minutes,
        shorter_than_guideline,
        attendance,
        school_year_start,
        school_year: year,
        presented,
        not_presented,
        items,
        protocol_share,
        norms,
        open_actions,
        deltas,
    }
}

/// Time per item over `meetings` (oldest first), most time first, and
/// the protocols' share of it. Items of one name are one row, whatever the
/// case or spaces; a protocol is one row by id, under its newest name.
fn item_times<'a>(
    meetings: impl Iterator<Item = &'a crate::record::summary::SessionSummary>,
) -> (Vec<ItemTime>, Option<f64>) {
    let mut rows: Vec<ItemTime> = Vec::new();
    let mut keys: HashMap<(bool, String), usize> = HashMap::new();
    for s in meetings {
        let mut seen: Vec<usize> = Vec::new();
        // An item the meeting never reached did not run in it.
        for item in s.items.iter().filter(|i| i.actual_seconds > 0) {
            let key = match &item.protocol {
                Some(id) => (true, id.clone()),
                None => (false, item.name.trim().to_lowercase()),
            };
            let at = *keys.entry(key).or_insert_with(|| {
                rows.push(ItemTime {
                    name: String::new(),
                    protocol: item.protocol.clone(),
                    seconds: 0,
                    share: 0.0,
                    meetings: 0,
                });
                rows.len() - 1
            });
            let row = &mut rows[at];
            // Oldest first: the last name seen is the newest.
            row.name = item.name.clone();
            row.seconds = row.seconds.saturating_add(item.actual_seconds);
            if !seen.contains(&at) {
                seen.push(at);
                row.meetings += 1;
            }
        }
    }
    let total: i64 = rows.iter().map(|r| r.seconds).fold(0, i64::saturating_add);
    if total == 0 {
        return (rows, None);
    }
    for r in &mut rows {
        r.share = r.seconds as f64 / total as f64;
    }
    rows.sort_by(|a, b| {
        b.seconds
            .cmp(&a.seconds)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let protocols: i64 = rows
        .iter()
        .filter(|r| r.protocol.is_some())
        .map(|r| r.seconds)
        .fold(0, i64::saturating_add);
    (rows, Some(protocols as f64 / total as f64))
}

/// `Protocols took 77% of the time items ran; other items 23%.`
fn items_line(r: &GroupReport) -> Option<String> {
    let share = r.protocol_share?;
    Some(format!(
        "Protocols took {} of the time items ran; other items {}.",
        percent(share),
        percent(1.0 - share)
    ))
}

/// The school years (by the calendar year each starts in) the month grid
/// shows for meetings from month `start` to month `end`, and a note when
/// that is not all of them. Bounded by [`MAX_GRID_YEARS`] whatever the dates.
fn grid_years(
    per_month: &HashMap<(i32, u32), usize>,
    start: (i32, u32),
    end: (i32, u32),
    year: SchoolYear,
) -> (Vec<i32>, Option<String>) {
    let first = year.first_year(start.0, start.1);
    let last = year.first_year(end.0, end.1);
    // chrono keeps years within ±262,143, so this cannot overflow.
    let span = i64::from(last) - i64::from(first) + 1;
    if span <= MAX_GRID_YEARS as i64 {
        return ((first..=last).collect(), None);
    }
    let holding: std::collections::BTreeSet<i32> = per_month
        .keys()
        .map(|(y, m)| year.first_year(*y, *m))
        .collect();
    let shown: Vec<i32> = holding
        .iter()
        .rev()
        .take(MAX_GRID_YEARS)
        .rev()
        .copied()
        .collect();
    let mut note = format!(
        "the meetings span {span} school years, so the grid shows only the school years that hold meetings"
    );
    if let Some(oldest) = shown.first().filter(|_| holding.len() > shown.len()) {
        let left_out: usize = per_month
            .iter()
            .filter(|((y, m), _)| year.first_year(*y, *m) < *oldest)
            .map(|(_, n)| *n)
            .sum();
        note.push_str(&format!(
            ", the latest {MAX_GRID_YEARS} of them; {left_out} earlier meeting{} {} counted in every other figure but not shown here",
            if left_out == 1 { "" } else { "s" },
            if left_out == 1 { "is" } else { "are" },
        ));
    }
    (shown, Some(note))
}

/// Months arranged by school year: (label "2025-26", or "2026" for a year
/// that starts in January; 12 cells from the school year's first month).
fn by_school_year(
    months: &[MonthCount],
    year: SchoolYear,
) -> Vec<(String, [Option<&MonthCount>; 12])> {
    let mut years: BTreeMap<i32, [Option<&MonthCount>; 12]> = BTreeMap::new();
    for m in months {
        let start = year.first_year(m.year, m.month);
        let col = year.column(m.month);
        years.entry(start).or_insert([None; 12])[col] = Some(m);
    }
    years
        .into_iter()
        .map(|(y, cells)| {
            let label = if year.month == 1 {
                y.to_string()
            } else {
                format!("{y}-{:02}", (y + 1) % 100)
            };
            (label, cells)
        })
        .collect()
}

fn heading(r: &GroupReport) -> String {
    match &r.id {
        Some(id) if *id != r.name => format!("{} ({id})", r.name),
        _ => r.name.clone(),
    }
}

fn counted_line(r: &GroupReport) -> String {
    let span = match (r.first, r.last) {
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let mut left = Vec::new();
    if r.rehearsals > 0 {
        left.push(format!(
            "{} rehearsal{}",
            r.rehearsals,
            if r.rehearsals == 1 { "" } else { "s" }
        ));
    }
    if r.in_progress > 0 {
        left.push(format!("{} in progress", r.in_progress));
    }
    let left = if left.is_empty() {
        String::new()
    } else {
        format!(" (left out: {})", left.join(", "))
    };
    format!(
        "{} meeting{} counted{span}{left}",
        r.counted,
        if r.counted == 1 { "" } else { "s" }
    )
}

fn months_summary(r: &GroupReport) -> String {
    let below = r.months.iter().filter(|m| m.flagged).count();
    let judged = r
        .months
        .iter()
        .filter(|m| m.flagged || m.meetings > 0)
        .count();
    format!(
        "{below} of {judged} month{} below the guideline",
        if judged == 1 { "" } else { "s" }
    )
}

fn length_line(r: &GroupReport) -> String {
    match r.average_minutes {
        Some(avg) => format!(
            "average {:.0} min{}; {} of {} meeting{} shorter than {MIN_MINUTES:.0} min",
            avg,
            if avg < MIN_MINUTES {
                " (below the guideline)"
            } else {
                ""
            },
            r.shorter_than_guideline,
            r.counted,
            if r.counted == 1 { "" } else { "s" }
        ),
        None => "no meetings counted".into(),
    }
}

fn percent(rate: f64) -> String {
    format!("{:.0}%", rate * 100.0)
}

fn owner_due(f: &Followup) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &f.owner {
        parts.push(o.clone());
    }
    if let Some(d) = f.due {
        parts.push(format!("due {d}"));
    }
    parts.join(", ")
}

/// What every report says first: what is left out and the guidelines it
/// checks, in the numbers it checks them with and the school year it uses.
fn guidelines_note(year: SchoolYear, reports: &[GroupReport]) -> String {
    let left_out = if reports.iter().any(|r| r.counts_rehearsals) {
        "Rehearsals (speed > 1) count like meetings (--rehearsals); sessions still in progress are left out of every figure."
    } else {
        "Rehearsals (speed > 1) and sessions still in progress are left out of every figure."
    };
    format!(
        "{left_out} \
         Guidelines: at least {MIN_MEETINGS_PER_MONTH} meeting{} a month, at least {MIN_MINUTES:.0} minutes each; \
         everyone presents at least once a school year (from {}).",
        if MIN_MEETINGS_PER_MONTH == 1 { "" } else { "s" },
        year.start_label()
    )
}

#[cfg(test)]
mod tests;
