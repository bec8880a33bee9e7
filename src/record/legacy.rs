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
    // The cast saturates (and maps NaN to 0); `span` bounds what comes out.
    (m * 60.0).round() as i64
}

/// A phase's minutes as a span plg can add to a date: at most ten years,
/// the bound [`super::validate`] holds format-2 records to.
fn span(
    m: f64,
    key: &str,
    phase: usize,
    name: &str,
) -> Result<(i64, TimeDelta), serde_yaml::Error> {
    let secs = minutes(m);
    match TimeDelta::try_seconds(secs) {
        Some(d) if (0..=super::validate::MAX_SECONDS).contains(&secs) && m.is_finite() => {
            Ok((secs, d))
        }
        _ => Err(serde::de::Error::custom(format!(
            "`{key}` of phase {} (\"{}\") is {}, outside what plg works with (0 to ten years); the file was damaged or edited by hand: correct the value, or restore the file from a backup",
            phase + 1,
            name.chars().take(40).collect::<String>(),
            crate::yaml::short_number(&m.to_string())
        ))),
    }
}

pub fn parse_v1(text: &str) -> Result<SessionRecord, serde_yaml::Error> {
    let v1: V1 = serde_yaml::from_str(text)?;
    // Refused before any work that grows with it: a format-1 record of
    // thousands of phases is not one plg wrote.
    if v1.phases.len() > crate::protocol::model::MAX_STEPS {
        return Err(serde::de::Error::custom(format!(
            "the record holds {} phases; a meeting has at most {}: the file was damaged or is not a plg record",
            v1.phases.len(),
            crate::protocol::model::MAX_STEPS
        )));
    }
    let name = v1
        .protocol_name
        .clone()
        .unwrap_or_else(|| v1.protocol.clone());
    let mut note_kinds = default_note_kinds();
    // Sets, not scans: a record may hold many notes of many kinds.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    seen.insert("note");
    for n in &v1.notes {
        if seen.insert(n.kind.as_str()) {
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
                ..Phase::default()
            })
            .collect(),
        ..Protocol::default()
    };
    let mut planned_start = v1.started_at;
    let mut actual_start = v1.started_at;
    let mut steps: Vec<StepRecord> = Vec::new();
    for (i, p) in v1.phases.iter().enumerate() {
        let (planned, planned_span) = span(p.planned_minutes, "planned_minutes", i, &p.name)?;
        let (actual, actual_span) = match p.actual_minutes {
            Some(m) => span(m, "actual_minutes", i, &p.name)?,
            None => (planned, planned_span),
        };
        let actual_end = actual_start.checked_add_signed(actual_span);
        steps.push(StepRecord {
            phase: p.name.clone(),
            phase_index: i,
            round: None,
            planned_start,
            planned_seconds: planned,
            original_seconds: planned,
            started_at: Some(actual_start),
            ended_at: actual_end,
            actual_seconds: actual,
        });
        // Past the dates chrono holds: the dates validation then refuses the record.
        planned_start = planned_start
            .checked_add_signed(planned_span)
            .unwrap_or(planned_start);
        actual_start = actual_end.unwrap_or(actual_start);
    }
    let mut step_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        step_of.entry(s.phase.as_str()).or_insert(i);
    }
    let notes = v1
        .notes
        .iter()
        .map(|n| NoteRecord {
            at: n.time,
            step: step_of.get(n.phase.as_str()).copied().unwrap_or(0),
            phase: n.phase.clone(),
            kind: n.kind.clone(),
            text: n.text.clone(),
            edited_at: None,
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
        dilemma: None,
        text: None,
        data: None,
        left_out: Vec::new(),
        seed: None,
        presented: Vec::new(),
        protocol_id: v1.protocol,
        protocol_name: name,
        agenda: None,
        items: Vec::new(),
        steps,
        pauses: Vec::new(),
        adjustments: Vec::new(),
        clock: None,
        notes,
        removed_notes: Vec::new(),
        draft: None,
        checkin: Vec::new(),
        checkin_skipped: false,
        action_changes: Vec::new(),
        plus: Vec::new(),
        delta: Vec::new(),
        actions: Vec::new(),
        protocol,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "version: 1\nprotocol: tuning\nstarted_at: 2026-09-08T15:15:00-04:00\nphases:\n  - name: Presentation\n    planned_minutes: 12\n    actual_minutes: 11.5\n";

    #[test]
    fn a_format_1_record_is_upgraded() {
        let rec = parse_v1(V1).unwrap();
        assert_eq!(rec.steps[0].planned_seconds, 720);
        assert_eq!(rec.steps[0].actual_seconds, 690);
    }

    #[test]
    fn minutes_out_of_range_are_an_error_naming_the_phase_not_a_panic() {
        for (key, value) in [
            ("actual_minutes", "1e300"),
            ("actual_minutes", "-3"),
            ("planned_minutes", "153722867280912930"),
        ] {
            let text = V1.replace(
                &format!(
                    "{key}: {}",
                    if key == "actual_minutes" {
                        "11.5"
                    } else {
                        "12"
                    }
                ),
                &format!("{key}: {value}"),
            );
            let e = parse_v1(&text).unwrap_err().to_string();
            assert!(
                e.contains(&format!("`{key}` of phase 1 (\"Presentation\") is")),
                "{e}"
            );
            assert!(e.contains("outside what plg works with"), "{e}");
        }
    }
}
