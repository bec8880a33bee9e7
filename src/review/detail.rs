//! One session in full, as readable text (`plg logs show`), plus the pieces
//! that the Markdown and HTML renderers share: notes grouped by phase and
//! kind, role and kind labels, phase timings.

use std::fmt::Write as _;

use crate::agenda::DECISION;
use crate::record::SessionRecord;
use crate::record::format::{ItemTimes, NoteRecord};
use crate::text;

use super::actions::{ItemStates, changes_made, own_items};
use super::{date_label, status_label, time_label};

/// The label a protocol gives a note kind (`warm` → "Warm feedback").
pub(crate) fn kind_label(record: &SessionRecord, kind: &str) -> String {
    // The plain note is implicit in most protocols: every_note_kind names it.
    record
        .protocol
        .every_note_kind()
        .into_iter()
        .find(|k| k.id == kind)
        .map_or_else(|| kind.to_string(), |k| k.label.clone())
}

/// The name a protocol gives a role, or the meeting role's id made readable.
pub(crate) fn role_label(record: &SessionRecord, role: &str) -> String {
    if let Some(r) = record.protocol.roles.iter().find(|r| r.id == role) {
        return r.name.clone();
    }
    let mut words = role.replace('-', " ");
    if let Some(first) = words.get(..1) {
        let upper = first.to_uppercase();
        words.replace_range(..1, &upper);
    }
    words
}

/// Notes of one kind within one phase, in the order they were taken.
pub(crate) struct KindNotes<'a> {
    pub label: String,
    pub notes: Vec<&'a NoteRecord>,
}

/// Notes of one step (a phase, or one round of it).
pub(crate) struct PhaseNotes<'a> {
    pub phase: String,
    pub kinds: Vec<KindNotes<'a>>,
}

/// Notes grouped by step in meeting order, then by kind in the protocol's
/// order (kinds the protocol does not declare come last, in order of appearance).
pub(crate) fn grouped_notes(record: &SessionRecord) -> Vec<PhaseNotes<'_>> {
    grouped_notes_where(record, |_| true)
}

/// One agenda item with its times and what was recorded in it: decisions
/// on their own, then its other notes by phase and kind.
pub(crate) struct ItemOutcomes<'a> {
    /// 1-based, as people count items.
    pub number: usize,
    pub times: ItemTimes,
    pub decisions: Vec<&'a NoteRecord>,
    pub notes: Vec<PhaseNotes<'a>>,
}

impl ItemOutcomes<'_> {
    /// `Consultancy Protocol (consultancy)`: the item's name, and the
    /// protocol it ran when the name does not already say it.
    pub fn title(&self) -> String {
        match &self.times.span.protocol {
            Some(id) if !id.eq_ignore_ascii_case(&self.times.span.name) => {
                format!("{} ({id})", self.times.span.name)
            }
            _ => self.times.span.name.clone(),
        }
    }

    /// `5:00 / 7:00`: time planned (as it stood at the end) and run; `—`
    /// for an item the meeting never reached.
    pub fn times_label(&self) -> String {
        let actual = if self.times.started_at.is_some() {
            text::signed_clock(self.times.actual_seconds)
        } else {
            "—".into()
        };
        format!(
            "{} / {actual}",
            text::signed_clock(self.times.planned_seconds)
        )
    }

    /// Ran more than a minute over its plan.
    pub fn over(&self) -> bool {
        self.times.started_at.is_some()
            && self.times.actual_seconds > self.times.planned_seconds.saturating_add(60)
    }

    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty() && self.notes.is_empty()
    }
}

/// Whether a record is shown by agenda item: only a meeting that ran an
/// agenda (a protocol alone shows as it always has, without an item heading).
pub(crate) fn by_item(record: &SessionRecord) -> bool {
    record.protocol.is_agenda()
}

/// Each agenda item, its times and its outcomes, in order. Action items
/// are written at the close and name no step, so they are the meeting's,
/// listed once after the items.
pub(crate) fn item_outcomes(record: &SessionRecord) -> Vec<ItemOutcomes<'_>> {
    let items = record.item_times();
    // Each step's item, looked up once: a record may hold many notes.
    let mut item_of_step = vec![usize::MAX; record.steps.len()];
    for (i, t) in items.iter().enumerate() {
        for s in &t.steps {
            if let Some(slot) = item_of_step.get_mut(*s) {
                *slot = i;
            }
        }
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, times)| {
            let mine = |n: &NoteRecord| item_of_step.get(n.step) == Some(&i);
            let mut decisions: Vec<&NoteRecord> = record
                .notes
                .iter()
                .filter(|n| n.kind == DECISION && mine(n))
                .collect();
            decisions.sort_by_key(|n| n.at);
            let notes = grouped_notes_where(record, |n| n.kind != DECISION && mine(n));
            ItemOutcomes {
                number: i + 1,
                times,
                decisions,
                notes,
            }
        })
        .collect()
}

/// [`grouped_notes`] of the notes `keep` keeps.
fn grouped_notes_where<'a>(
    record: &'a SessionRecord,
    keep: impl Fn(&NoteRecord) -> bool,
) -> Vec<PhaseNotes<'a>> {
    let mut steps: Vec<usize> = record
        .notes
        .iter()
        .filter(|n| keep(n))
        .map(|n| n.step)
        .collect();
    steps.sort_unstable();
    steps.dedup();
    let declared: Vec<&str> = record
        .protocol
        .every_note_kind()
        .into_iter()
        .map(|k| k.id.as_str())
        .collect();
    steps
        .into_iter()
        .map(|step| {
            let mut notes: Vec<&NoteRecord> = record
                .notes
                .iter()
                .filter(|n| n.step == step && keep(n))
                .collect();
            notes.sort_by_key(|n| n.at);
            let mut kinds: Vec<&str> = Vec::new();
            for n in &notes {
                if !kinds.contains(&n.kind.as_str()) {
                    kinds.push(&n.kind);
                }
            }
            kinds.sort_by_key(|k| declared.iter().position(|d| d == k).unwrap_or(usize::MAX));
            let phase = record
                .steps
                .get(step)
                .map(|s| s.phase.clone())
                .or_else(|| notes.first().map(|n| n.phase.clone()))
                .unwrap_or_default();
            PhaseNotes {
                phase,
                kinds: kinds
                    .into_iter()
                    .map(|k| KindNotes {
                        label: kind_label(record, k),
                        notes: notes.iter().copied().filter(|n| n.kind == k).collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// One row of the phase table, already formatted.
pub(crate) struct PhaseRow {
    pub phase: String,
    pub planned_start: String,
    pub actual_start: String,
    pub planned: String,
    pub actual: String,
    /// Ran more than a minute over its plan.
    pub over: bool,
}

/// The steps of an agenda item that holds more than itself (a protocol, or
/// an item of several phases), under its name: what the phase table groups.
pub(crate) struct ItemRows {
    /// The item's name, when its steps are listed under it; `None` for a
    /// simple item (its one step is its name) and for a protocol run alone.
    pub heading: Option<String>,
    pub rows: Vec<PhaseRow>,
}

/// The phase table grouped by agenda item: one group for a protocol run
/// alone, with no heading.
pub(crate) fn phase_groups(record: &SessionRecord) -> Vec<ItemRows> {
    let rows = phase_rows(record);
    if !by_item(record) {
        return vec![ItemRows {
            heading: None,
            rows,
        }];
    }
    let mut rows: Vec<Option<PhaseRow>> = rows.into_iter().map(Some).collect();
    record
        .item_times()
        .into_iter()
        .filter(|t| !t.steps.is_empty())
        .map(|t| {
            let mine: Vec<PhaseRow> = t
                .steps
                .iter()
                .filter_map(|i| rows.get_mut(*i).and_then(Option::take))
                .collect();
            let alone = mine.len() == 1 && mine[0].phase == t.span.name && !t.is_protocol();
            ItemRows {
                heading: (!alone).then(|| t.span.name.clone()),
                rows: mine,
            }
        })
        .collect()
}

pub(crate) fn phase_rows(record: &SessionRecord) -> Vec<PhaseRow> {
    record
        .steps
        .iter()
        .map(|s| {
            let reached = s.started_at.is_some();
            PhaseRow {
                phase: s.phase.clone(),
                planned_start: time_label(&s.planned_start),
                actual_start: s.started_at.as_ref().map_or("—".into(), time_label),
                planned: text::signed_clock(s.planned_seconds),
                actual: if reached {
                    text::signed_clock(s.actual_seconds)
                } else {
                    "—".into()
                },
                over: reached && s.actual_seconds > s.planned_seconds.saturating_add(60),
            }
        })
        .collect()
}

/// "15:30–16:22" or "15:30" for a meeting that never ended.
pub(crate) fn span_label(record: &SessionRecord) -> String {
    match &record.ended_at {
        Some(end) if end.date_naive() == record.started_at.date_naive() => {
            format!("{}–{}", date_label(&record.started_at), time_label(end))
        }
        Some(end) => format!("{} – {}", date_label(&record.started_at), date_label(end)),
        None => date_label(&record.started_at),
    }
}

/// The group's name, with its id when they differ.
pub(crate) fn group_label(record: &SessionRecord) -> String {
    match &record.group {
        Some(g) if g.name != g.id => format!("{} ({})", g.name, g.id),
        Some(g) => g.id.clone(),
        None => "no group".into(),
    }
}

/// A fist-to-five as a row of five marks: 3 → "●●●○○".
pub(crate) fn rating_marks(rating: u8) -> String {
    let r = usize::from(rating.min(5));
    format!("{}{}", "●".repeat(r), "○".repeat(5 - r))
}

/// A norm's check-in for people reading a record: the room's average as
/// marks, then the count, average and spread and the hands shown, fist to
/// five: `●●●●○ 6 votes · avg 3.7 · 2–5 · hands 0 0 1 1 3 1`. A rating
/// from a record before format 4 is one number for the room.
pub(crate) fn room_text(c: &crate::meeting::session::NormRating, checkin_skipped: bool) -> String {
    if c.skipped || checkin_skipped {
        return "not checked this meeting".into();
    }
    let Some(room) = c.room() else {
        return "not rated".into();
    };
    let marks = rating_marks(room.average.round().clamp(0.0, 5.0) as u8);
    let dist = room.distribution();
    if dist.is_empty() {
        format!("{marks} {}", room.label())
    } else {
        format!("{marks} {} · hands {dist}", room.label())
    }
}

fn indent_lines(text: &str, indent: &str) -> String {
    text.lines()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A continuation-indented block for text that may span lines.
fn hanging(text: &str, indent: &str) -> String {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default().to_string();
    lines.fold(first, |acc, l| format!("{acc}\n{indent}{l}"))
}

/// What setup asked and the facilitator answered, in the order setup asks:
/// the focusing question, the work, and (format 3) the dilemma, the text, the data.
pub(crate) fn setup_answers(record: &SessionRecord) -> Vec<(&'static str, &str)> {
    [
        ("Focusing question", &record.focusing_question),
        ("Work", &record.work),
        ("Dilemma", &record.dilemma),
        ("Text", &record.text),
        ("Data", &record.data),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.as_deref().map(|v| (label, v)))
    .collect()
}

/// The optional phases left out at setup, by name.
pub(crate) fn left_out_names(record: &SessionRecord) -> Vec<&str> {
    record
        .left_out
        .iter()
        .filter_map(|i| record.protocol.phases.get(*i))
        .map(|p| p.name.as_str())
        .collect()
}

/// Notes by phase and kind, each line after `indent`.
fn write_phase_notes(o: &mut String, phases: &[PhaseNotes<'_>], indent: &str) {
    for phase in phases {
        let _ = writeln!(o, "{indent}  {}", phase.phase);
        for kind in &phase.kinds {
            let _ = writeln!(o, "{indent}    {}", kind.label);
            for n in &kind.notes {
                write_note(o, n, &format!("{indent}      "));
            }
        }
    }
}

/// `15:36  text  (edited …)`, the text's later lines under its first.
fn write_note(o: &mut String, n: &NoteRecord, indent: &str) {
    let edited = n
        .edited_at
        .map_or(String::new(), |e| format!("  (edited {})", date_label(&e)));
    let under = format!("{indent}       ");
    let _ = writeln!(
        o,
        "{indent}{}  {}{edited}",
        time_label(&n.at),
        hanging(&n.text, &under)
    );
}

/// The whole session as plain text, for `plg logs show`.
pub(crate) fn render_text(id: &str, record: &SessionRecord) -> String {
    render_text_with(id, record, &ItemStates::default())
}

/// [`render_text`] with the meeting's action items as they stand in `states`.
pub(crate) fn render_text_with(id: &str, record: &SessionRecord, states: &ItemStates) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", record.protocol_name, group_label(record));
    let _ = writeln!(
        o,
        "{} · {} · {}",
        span_label(record),
        text::rounded_minutes(record.duration().num_seconds()),
        status_label(record.status, record.speed)
    );
    let _ = writeln!(o, "Session {id}");
    if let Some(focus) = record.group.as_ref().and_then(|g| g.focus.as_ref()) {
        let _ = writeln!(o, "Group focus: {focus}");
    }
    if record.version < crate::record::FORMAT_VERSION {
        let _ = writeln!(
            o,
            "(written in record format {}; some details were not recorded then)",
            record.version
        );
    }

    let answers = setup_answers(record);
    if !answers.is_empty() {
        o.push('\n');
        for (label, v) in answers {
            let _ = writeln!(o, "{label}\n{}", indent_lines(v, "  "));
        }
    }

    let a = &record.attendance;
    let _ = writeln!(o, "\nAttendance");
    let people = |names: &[String]| {
        if names.is_empty() {
            "—".to_string()
        } else {
            names.join(", ")
        }
    };
    let _ = writeln!(o, "  Present ({}): {}", a.present.len(), people(&a.present));
    let _ = writeln!(o, "  Absent ({}):  {}", a.absent.len(), people(&a.absent));
    let _ = writeln!(o, "  Guests ({}):  {}", a.guests.len(), people(&a.guests));
    if !a.changes.is_empty() {
        let _ = writeln!(o, "  Came and went: {}", a.change_texts().join(", "));
    }

    if !record.roles.is_empty() {
        let _ = writeln!(o, "\nRoles");
        let labels: Vec<String> = record
            .roles
            .iter()
            .map(|r| role_label(record, &r.role))
            .collect();
        let width = labels.iter().map(|l| text::width(l)).max().unwrap_or(0);
        for (r, label) in record.roles.iter().zip(&labels) {
            let _ = writeln!(o, "  {}  {}", text::pad(label, width), r.person);
        }
    }

    if !record.presented.is_empty() {
        let _ = writeln!(o, "\nPresented: {}", record.presented.join(", "));
    }
    let left_out = left_out_names(record);
    if !left_out.is_empty() {
        let _ = writeln!(o, "\nLeft out (optional): {}", left_out.join(", "));
    }

    if !record.steps.is_empty() {
        let _ = writeln!(
            o,
            "\nPhases (start planned / actual, time planned / actual)"
        );
        let groups = phase_groups(record);
        // A phase listed under its item is indented two more columns.
        let width = groups
            .iter()
            .flat_map(|g| {
                let extra = if g.heading.is_some() { 2 } else { 0 };
                g.rows.iter().map(move |r| text::width(&r.phase) + extra)
            })
            .max()
            .unwrap_or(0);
        for g in &groups {
            let indent = match &g.heading {
                Some(name) => {
                    let _ = writeln!(o, "  {name}");
                    "  "
                }
                None => "",
            };
            for r in &g.rows {
                let _ = writeln!(
                    o,
                    "  {indent}{}  {} / {:<5}  {:>6} / {:<6}{}",
                    text::pad(&r.phase, width - indent.len()),
                    r.planned_start,
                    r.actual_start,
                    r.planned,
                    r.actual,
                    if r.over { "  over" } else { "" }
                );
            }
        }
    }

    let agenda = by_item(record);
    if agenda {
        let _ = writeln!(
            o,
            "\nAgenda items and their outcomes (time planned / actual; {} note{})",
            record.notes.len(),
            if record.notes.len() == 1 { "" } else { "s" }
        );
    } else {
        let _ = writeln!(o, "\nNotes ({})", record.notes.len());
        if record.notes.is_empty() {
            let _ = writeln!(o, "  none");
        }
    }
    // Only that notes were taken out, and when: their text is gone.
    if !record.removed_notes.is_empty() {
        let when: Vec<String> = record
            .removed_notes
            .iter()
            .map(|r| date_label(&r.at))
            .collect();
        let n = when.len();
        let _ = writeln!(
            o,
            "  {n} note{} removed ({})",
            if n == 1 { "" } else { "s" },
            when.join(", ")
        );
    }
    if agenda {
        for item in item_outcomes(record) {
            let _ = writeln!(
                o,
                "  {}. {}  {}{}",
                item.number,
                item.title(),
                item.times_label(),
                if item.over() { "  over" } else { "" }
            );
            if item.is_empty() {
                let _ = writeln!(o, "       nothing recorded");
            }
            if !item.decisions.is_empty() {
                let _ = writeln!(o, "       Decisions");
                for n in &item.decisions {
                    write_note(&mut o, n, "         ");
                }
            }
            write_phase_notes(&mut o, &item.notes, "     ");
        }
    } else {
        write_phase_notes(&mut o, &grouped_notes(record), "");
    }

    if !record.checkin.is_empty() {
        let _ = writeln!(
            o,
            "\nNorm check-in (fist to five, 0–5; hands counts 0 to 5 fingers){}",
            if record.checkin_skipped {
                ": skipped this meeting"
            } else {
                ""
            }
        );
        let width = record
            .checkin
            .iter()
            .map(|c| text::width(&c.norm))
            .max()
            .unwrap_or(0);
        for c in &record.checkin {
            let rating = room_text(c, record.checkin_skipped);
            let comment = c
                .comment
                .as_ref()
                .map(|t| format!("  “{}”", hanging(t, "    ")))
                .unwrap_or_default();
            let _ = writeln!(o, "  {}  {rating}{comment}", text::pad(&c.norm, width));
        }
    }

    if !record.plus.is_empty() || !record.delta.is_empty() {
        let _ = writeln!(o, "\nPlus / delta");
        for p in &record.plus {
            let _ = writeln!(o, "  + {}", hanging(p, "    "));
        }
        for d in &record.delta {
            let owner = d
                .owner
                .as_ref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            let _ = writeln!(o, "  Δ {}{owner}", hanging(&d.text, "    "));
        }
    }

    if !record.actions.is_empty() {
        let _ = writeln!(o, "\nAction items");
        for a in own_items(id, record, states) {
            let who = super::owner_and_due(&a.as_item(), str::to_string)
                .map(|w| format!(" — {w}"))
                .unwrap_or_default();
            let note = a
                .note
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "  {} {}{who}{note}",
                a.mark(),
                hanging(&a.text, "      ")
            );
        }
    }
    let changes = changes_made(record);
    if !changes.is_empty() {
        let _ = writeln!(o, "\nChanges to earlier action items");
        for c in changes {
            let _ = writeln!(
                o,
                "  {} — {} {} → {} (written in {})",
                hanging(c.text, "    "),
                c.field,
                c.from,
                c.to,
                c.session
            );
        }
    }
    if let Some(d) = &record.draft {
        let _ = writeln!(
            o,
            "\nUnsaved note (being typed at {}): {}",
            time_label(&d.at),
            d.text
        );
    }
    // Padded columns leave trailing spaces that only get in the way of copying.
    o.lines()
        .map(str::trim_end)
        .fold(String::new(), |mut acc, l| {
            acc.push_str(l);
            acc.push('\n');
            acc
        })
}
