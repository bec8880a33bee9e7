//! `plg show AGENDA`: the whole meeting as a facilitator reads it the
//! evening before: each item with its start and length, a nested protocol's
//! phases under it, the whole length; and the same as JSON.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::protocol::Protocol;
use crate::protocol::outline::{
    closing, header, hours_minutes, people_text, phase_details, phase_json,
};
use crate::text::{self, minutes_number};

use super::model::{Agenda, Item, ProtocolRef};

/// The meeting as planned: the agenda expanded with its protocols (the
/// protocol chosen at setup stands in with no phases), and the time it
/// takes for a group of `people`.
pub(crate) struct Planned<'a> {
    pub agenda: &'a Agenda,
    pub meeting: &'a Protocol,
}

impl Planned<'_> {
    /// Each item's number label for a phase: "3" for a simple item, "2.4"
    /// for the fourth phase of the protocol run in item 2.
    fn number(&self, phase: usize) -> String {
        let item = self.meeting.item_of(phase);
        match self.agenda.items.get(item) {
            Some(Item::Protocol(_)) => {
                let first = self
                    .meeting
                    .items()
                    .get(item)
                    .map_or(phase, |s| s.phases.start);
                format!("{}.{}", item + 1, phase - first + 1)
            }
            _ => (item + 1).to_string(),
        }
    }

    fn chosen_note(&self) -> &'static str {
        if self.agenda.chooses() {
            ", besides the protocol chosen at setup"
        } else {
            ""
        }
    }
}

/// Renders the outline; `people` sizes rounds (else the planning group).
pub(crate) fn outline(plan: &Planned<'_>, origin: &str, people: Option<usize>) -> String {
    let m = plan.meeting;
    let people_n = people.unwrap_or_else(|| m.planning_group());
    let mut o = String::new();
    header(&mut o, m, origin);
    if plan.agenda.chooses() {
        let _ = writeln!(
            o,
            "  The protocol is chosen at setup; what it asks for and needs comes with it."
        );
    }

    let _ = writeln!(o, "\nItems");
    let rows: Vec<String> = m
        .phases
        .iter()
        .map(|ph| ph.name.clone())
        .chain(m.items().iter().map(|s| s.name.clone()))
        .collect();
    let name_w = rows
        .iter()
        .map(|n| text::width(n))
        .max()
        .unwrap_or(0)
        .max(4)
        + 2;
    let _ = writeln!(
        o,
        "   #    start  {}  minutes  speaker",
        text::pad("item", name_w)
    );
    let mut start = 0u64;
    for (span, item) in m.items().iter().zip(&plan.agenda.items) {
        let secs: u64 = m.phases[span.phases.clone()]
            .iter()
            .map(|ph| m.phase_plan(ph, people_n).secs)
            .fold(0, u64::saturating_add);
        match item {
            Item::Simple(_) => {
                if let Some(i) = span.phases.clone().next() {
                    phase_row(&mut o, m, i, &plan.number(i), start, name_w, people_n);
                }
            }
            Item::Protocol(p) => {
                let what = match &p.protocol {
                    ProtocolRef::Choose => "chosen at setup".to_string(),
                    ProtocolRef::Id(id) => format!("protocol {id}"),
                };
                let row = format!(
                    "  {:>2}    {:>5}  {}  {:>7}  {what}",
                    span.index + 1,
                    hours_minutes(start),
                    text::pad(&span.name, name_w),
                    if matches!(p.protocol, ProtocolRef::Choose) {
                        "?".to_string()
                    } else {
                        minutes_number(secs)
                    },
                );
                let _ = writeln!(o, "{row}");
                let mut at = start;
                for i in span.phases.clone() {
                    let label = format!("  {}", plan.number(i));
                    phase_row(&mut o, m, i, &label, at, name_w, people_n);
                    at = at.saturating_add(m.phase_plan(&m.phases[i], people_n).secs);
                }
            }
        }
        start = start.saturating_add(secs);
    }
    let for_people = if m.depends_on_people() {
        match people {
            Some(n) => format!(" for {}", people_text(n)),
            None => format!(" for {people_n} people (--people N to change)"),
        }
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        "  Total: {} minutes{for_people}{}",
        minutes_number(m.total_secs(people_n)),
        plan.chosen_note()
    );
    closing(&mut o, m, &|i| plan.number(i));
    o
}

/// One phase (a simple item, or a nested protocol's phase) and its marks.
fn phase_row(
    o: &mut String,
    m: &Protocol,
    i: usize,
    label: &str,
    start: u64,
    name_w: usize,
    people: usize,
) {
    let ph = &m.phases[i];
    let plan = m.phase_plan(ph, people);
    let row = format!(
        "  {:<5} {:>5}  {}  {:>7}  {}",
        format!("{label:>2}"),
        hours_minutes(start),
        text::pad(&ph.name, name_w),
        minutes_number(plan.secs),
        m.speaker_name(ph).unwrap_or_default()
    );
    let _ = writeln!(o, "{}", row.trim_end());
    phase_details(o, m, ph, &plan, 16);
}

/// The same content as [`outline`], as JSON (docs/agenda-format.md).
pub(crate) fn outline_json(plan: &Planned<'_>, origin: &str, people: Option<usize>) -> Value {
    let m = plan.meeting;
    let a = plan.agenda;
    let people_n = people.unwrap_or_else(|| m.planning_group());
    let mut start = 0u64;
    let items: Vec<Value> = m
        .items()
        .iter()
        .zip(&a.items)
        .map(|(span, item)| {
            let item_start = start;
            let phases: Vec<Value> = span
                .phases
                .clone()
                .map(|i| {
                    let ph = &m.phases[i];
                    let p = m.phase_plan(ph, people_n);
                    let v = phase_json(m, ph, i, start, &p);
                    start = start.saturating_add(p.secs);
                    v
                })
                .collect();
            let (kind, protocol) = match item {
                Item::Simple(_) => ("simple", None),
                Item::Protocol(p) => match &p.protocol {
                    ProtocolRef::Choose => ("choose", None),
                    ProtocolRef::Id(id) => ("protocol", Some(id.as_str())),
                },
            };
            json!({
                "number": span.index + 1,
                "name": span.name,
                "kind": kind,
                "protocol": protocol,
                "start_seconds": item_start,
                "seconds": start - item_start,
                "checkin": m.phases[span.phases.clone()].iter().any(|p| p.checkin),
                "phases": phases,
            })
        })
        .collect();
    json!({
        "kind": "agenda",
        "id": a.id,
        "name": a.name,
        "summary": a.summary,
        "from": origin,
        "purpose": a.purpose,
        "source": a.source,
        "facilitator_notes": m.facilitator_notes,
        "asks": m.asks().into_iter().map(crate::protocol::outline::ask_word).collect::<Vec<_>>(),
        "materials": m.materials,
        "preparation": m.preparation,
        "chooses": a.chooses(),
        "people": people_n,
        "people_given": people.is_some(),
        "depends_on_people": m.depends_on_people(),
        "total_seconds": m.total_secs(people_n),
        "steps": m.step_count(people_n),
        "roles": m.roles.iter().map(|r| json!({"id": r.id, "name": r.name, "description": r.description})).collect::<Vec<_>>(),
        "note_kinds": m.note_kinds.iter().map(|k| json!({"id": k.id, "label": k.label, "key": k.key.map(String::from)})).collect::<Vec<_>>(),
        "items": items,
    })
}
