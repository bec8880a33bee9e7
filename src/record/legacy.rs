//! Format version 1, written by plg development builds before the records
//! work landed: a flat list of phases and notes, no pauses or check-in.
//! It is upgraded on reading; plg never writes it.

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::Deserialize;

use super::format::{NoteRecord, SessionRecord, Status, StepRecord};
use crate::meeting::session::Attendance;
use crate::protocol::{Phase, Protocol, model::default_note_kinds};

#[derive(Debug, Deserialize)]
struct V1 {
    protocol: String,
    #[serde(default)]
    protocol_name: Option<String>,
    #[serde(default)]
    group: Option<String>,
    started_at: DateTime<FixedOffset>,
    #[serde(default)]
    ended_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    phases: Vec<V1Phase>,
    #[serde(default)]
    notes: Vec<V1Note>,
}

#[derive(Debug, Deserialize)]
struct V1Phase {
    name: String,
    planned_minutes: f64,
    #[serde(default)]
    actual_minutes: Option<f64>,
}

#[derive(Debug, Deserialize)]
struct V1Note {
    time: DateTime<FixedOffset>,
    phase: String,
    #[serde(default = "default_kind")]
    kind: String,
    text: String,
}

fn default_kind() -> String {
    "note".into()
}

fn minutes(m: f64) -> i64 {
    (m * 60.0).round() as i64
}

pub fn parse_v1(text: &str) -> Result<SessionRecord, serde_yaml::Error> {
    let v1: V1 = serde_yaml::from_str(text)?;
    let name = v1
        .protocol_name
        .clone()
        .unwrap_or_else(|| v1.protocol.clone());
    let mut note_kinds = default_note_kinds();
    for n in &v1.notes {
        if !note_kinds.iter().any(|k| k.id == n.kind) {
            note_kinds.push(crate::protocol::NoteKind {
                id: n.kind.clone(),
                label: n.kind.clone(),
                key: None,
            });
        }
    }
    let protocol = Protocol {
        id: v1.protocol.clone(),
        name: name.clone(),
        summary: String::new(),
        purpose: None,
        source: None,
        group_size: None,
        roles: Vec::new(),
        note_kinds,
        phases: v1
            .phases
            .iter()
            .map(|p| Phase {
                name: p.name.clone(),
                minutes: p.planned_minutes,
                speaker: None,
                instructions: None,
                facilitator_notes: None,
                prompts: Vec::new(),
                notes: None,
                checkin: false,
                repeat: None,
            })
            .collect(),
    };
    let mut planned_start = v1.started_at;
    let mut actual_start = v1.started_at;
    let steps: Vec<StepRecord> = v1
        .phases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let planned = minutes(p.planned_minutes);
            let actual = p.actual_minutes.map_or(planned, minutes);
            let step = StepRecord {
                phase: p.name.clone(),
                phase_index: i,
                round: None,
                planned_start,
                planned_seconds: planned,
                original_seconds: planned,
                started_at: Some(actual_start),
                ended_at: Some(actual_start + TimeDelta::seconds(actual)),
                actual_seconds: actual,
            };
            planned_start += TimeDelta::seconds(planned);
            actual_start += TimeDelta::seconds(actual);
            step
        })
        .collect();
    let notes = v1
        .notes
        .iter()
        .map(|n| NoteRecord {
            at: n.time,
            step: steps.iter().position(|s| s.phase == n.phase).unwrap_or(0),
            phase: n.phase.clone(),
            kind: n.kind.clone(),
            text: n.text.clone(),
        })
        .collect();
    Ok(SessionRecord {
        version: 1,
        status: if v1.ended_at.is_some() {
            Status::Completed
        } else {
            Status::EndedEarly
        },
        started_at: v1.started_at,
        ended_at: v1.ended_at,
        saved_at: v1.ended_at.unwrap_or(actual_start),
        speed: 1,
        group: v1.group.map(|id| crate::meeting::session::GroupRef {
            name: id.clone(),
            id,
            focus: None,
        }),
        norms: Vec::new(),
        attendance: Attendance {
            present: v1.present,
            ..Attendance::default()
        },
        roles: Vec::new(),
        focusing_question: None,
        work: None,
        protocol_id: v1.protocol,
        protocol_name: name,
        steps,
        pauses: Vec::new(),
        adjustments: Vec::new(),
        clock: None,
        notes,
        draft: None,
        checkin: Vec::new(),
        plus: Vec::new(),
        delta: Vec::new(),
        actions: Vec::new(),
        protocol,
    })
}
