//! Who has the floor and who listens without answering, in the words the
//! room reads on the wall: "Ana (Presenter) has the floor", "Participants
//! have the floor", "Ben (Presenter) listens without answering", "Nobody
//! talks", "The conversation is on paper". Pure: the screen only lays the
//! lines out.

use super::Step;
use super::session::RoleAssignment;
use crate::protocol::model::{EVERYONE, Mode, OTHERS, ROUND_PERSON, Turn};
use crate::protocol::{Phase, Protocol};

/// What the room is told about speaking at one step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Floor {
    /// Who speaks, or how the room works ("Nobody talks: …").
    pub speaking: Option<String>,
    /// Who listens without answering; shown as large as `speaking`.
    pub silent: Option<String>,
    /// One line per circle when the room is split: its members, whose
    /// round it is and who holds the turn.
    pub circles: Vec<String>,
    /// Said when circles are of different sizes or some are done.
    pub circles_note: Option<String>,
}

/// One name as the room reads it: "Ana (Presenter)", or the role's name
/// when nobody holds it; and whether it names several people.
fn named(protocol: &Protocol, roles: &[RoleAssignment], id: &str) -> (String, bool) {
    let role = protocol.role_name(id);
    let holders: Vec<&str> = roles
        .iter()
        .filter(|r| r.role == id)
        .map(|r| r.person.as_str())
        .collect();
    match holders.as_slice() {
        [one] if id != EVERYONE => (format!("{one} ({role})"), false),
        _ => {
            let plural = id == EVERYONE
                || (role.ends_with('s') && !role.ends_with("ss"))
                || holders.len() > 1;
            (role, plural && id != EVERYONE)
        }
    }
}

fn join(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn verb(plural: bool, one: &'static str, many: &'static str) -> &'static str {
    if plural { many } else { one }
}

/// The floor at `step` of a meeting of `protocol`, with the roles setup assigned.
pub fn floor(protocol: &Protocol, step: &Step, roles: &[RoleAssignment]) -> Floor {
    let Some(phase) = protocol.phases.get(step.phase) else {
        return Floor::default();
    };
    match phase.mode {
        Mode::Silent => {
            return Floor {
                speaking: Some("Nobody talks: read and look in silence".into()),
                ..Floor::default()
            };
        }
        Mode::Written => {
            return Floor {
                speaking: Some("The conversation is on paper: write, don't talk".into()),
                ..Floor::default()
            };
        }
        Mode::Talk => {}
    }
    let round = step.round.as_ref();
    let turn: Option<&Turn> = round
        .and_then(|r| r.turn.as_ref())
        .and_then(|t| phase.round.as_ref()?.turns.get(t.index));
    let mut out = Floor::default();
    let person = round.and_then(|r| r.person.clone());
    match (turn, round.and_then(|r| r.turn.as_ref())) {
        (Some(turn), Some(at)) => {
            out.speaking = Some(turn_speaking(
                protocol,
                roles,
                turn,
                at.holder.as_deref(),
                round.is_some_and(|r| !r.circles.is_empty()),
            ));
            let mut silent_ids: Vec<&str> = phase.silent.iter().map(String::as_str).collect();
            silent_ids.extend(turn.silent.iter().map(String::as_str));
            out.silent = silent_line(protocol, roles, &silent_ids, person.as_deref());
        }
        _ => {
            out.speaking = phase_speaking(protocol, phase, roles, person.as_deref());
            let ids: Vec<&str> = phase.silent.iter().map(String::as_str).collect();
            out.silent = silent_line(protocol, roles, &ids, person.as_deref());
        }
    }
    if let Some(r) = round.filter(|r| !r.circles.is_empty()) {
        let mut done = 0;
        for (i, c) in r.circles.iter().enumerate() {
            let mut line = format!("Circle {}: {}", i + 1, c.members.join(", "));
            match (&c.person, &c.holder) {
                (None, _) => {
                    done += 1;
                    line.push_str(" · done");
                }
                (Some(p), Some(h)) if p != h => {
                    line.push_str(&format!(" · {p}'s round · {h} has the turn"))
                }
                (Some(p), _) => line.push_str(&format!(" · {p}'s round")),
            }
            if c.person.is_some() && c.holder.is_none() && turn.is_some_and(|t| t.each) {
                done += 1;
                line.push_str(" · no one left to respond");
            }
            out.circles.push(line);
        }
        let sizes: Vec<usize> = r.circles.iter().map(|c| c.members.len()).collect();
        let uneven = sizes.iter().min() != sizes.iter().max();
        out.circles_note = Some(if done > 0 || uneven {
            "Circles run at once, timed for the largest: a smaller circle may finish early and wait"
                .into()
        } else {
            "Circles run at once, timed for the largest: a circle that finishes early waits".into()
        });
    }
    out
}

fn turn_speaking(
    protocol: &Protocol,
    roles: &[RoleAssignment],
    turn: &Turn,
    holder: Option<&str>,
    split: bool,
) -> String {
    if split {
        return match turn.speaker.as_str() {
            ROUND_PERSON => "In each circle, the round's person speaks".into(),
            OTHERS if turn.each => "In each circle, the next person responds".into(),
            OTHERS => "In each circle, the others have the floor".into(),
            EVERYONE => "Everyone speaks".into(),
            id => {
                let (name, plural) = named(protocol, roles, id);
                format!("{name} {} the floor", verb(plural, "has", "have"))
            }
        };
    }
    match (turn.speaker.as_str(), holder) {
        (EVERYONE, _) => "Everyone speaks".into(),
        (OTHERS, None) => "The others have the floor".into(),
        (ROUND_PERSON | OTHERS, Some(h)) => format!("{h} has the floor"),
        (ROUND_PERSON, None) => "The round's person speaks".into(),
        (id, _) => {
            let (name, plural) = named(protocol, roles, id);
            format!("{name} {} the floor", verb(plural, "has", "have"))
        }
    }
}

fn phase_speaking(
    protocol: &Protocol,
    phase: &Phase,
    roles: &[RoleAssignment],
    round_person: Option<&str>,
) -> Option<String> {
    let Some(speaker) = &phase.speaker else {
        return round_person.map(|p| format!("{p} has the floor"));
    };
    let ids = speaker.ids();
    if ids == [EVERYONE] {
        return Some("Everyone speaks".into());
    }
    if let (Some(p), [id]) = (round_person, ids.as_slice()) {
        return Some(format!("{p} ({}) has the floor", protocol.role_name(id)));
    }
    let parts: Vec<(String, bool)> = ids.iter().map(|id| named(protocol, roles, id)).collect();
    let plural = parts.len() > 1 || parts.iter().any(|(_, p)| *p);
    let names: Vec<String> = parts.into_iter().map(|(n, _)| n).collect();
    Some(format!(
        "{} {} the floor",
        join(&names),
        verb(plural, "has", "have")
    ))
}

fn silent_line(
    protocol: &Protocol,
    roles: &[RoleAssignment],
    ids: &[&str],
    round_person: Option<&str>,
) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut plural = false;
    for id in ids {
        let (name, many) = match *id {
            ROUND_PERSON => match round_person {
                Some(p) => (p.to_string(), false),
                None => ("The round's person".into(), false),
            },
            OTHERS => ("The others".into(), true),
            id => named(protocol, roles, id),
        };
        if !names.contains(&name) {
            plural |= many;
            names.push(name);
        }
    }
    if names.is_empty() {
        return None;
    }
    let plural = plural || names.len() > 1;
    Some(format!(
        "{} {} without answering",
        join(&names),
        verb(plural, "listens", "listen")
    ))
}
