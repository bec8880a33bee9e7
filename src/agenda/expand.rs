//! An agenda expanded for one meeting: one [`Protocol`] whose phases are
//! every item's phases in order, each naming its item, so the runner, the
//! record, resuming and rebalancing treat the whole meeting as they treat
//! a protocol (one clock, one projected end).

use crate::protocol::model::PLAIN_NOTE;
use crate::protocol::{AgendaPlan, NoteKind, Phase, PlannedItem, Protocol, Role};

use super::model::{Agenda, DECISION, Item, ProtocolRef, decision_kind};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    #[error("item {} of agenda `{agenda}` names the protocol `{id}`, which plg cannot find", item + 1)]
    UnknownProtocol {
        agenda: String,
        item: usize,
        id: String,
    },
    #[error("agenda `{agenda}` lets the facilitator choose a protocol; name one")]
    ChoiceNeeded { agenda: String },
    #[error("agenda `{agenda}` has no `protocol: choose` item; there is no protocol to choose")]
    NothingToChoose { agenda: String },
    #[error("item {} of agenda `{agenda}` names `{id}`, which is an agenda: an agenda runs protocols, not other agendas", item + 1)]
    NestedAgenda {
        agenda: String,
        item: usize,
        id: String,
    },
}

/// Expands `agenda` for a meeting. `lookup` finds a protocol by id;
/// `chosen` is the facilitator's pick for the `protocol: choose` item.
pub fn expand(
    agenda: &Agenda,
    lookup: &dyn Fn(&str) -> Option<Protocol>,
    chosen: Option<Protocol>,
) -> Result<Protocol, ExpandError> {
    if chosen.is_some() && !agenda.chooses() {
        return Err(ExpandError::NothingToChoose {
            agenda: agenda.id.clone(),
        });
    }
    let mut roles: Vec<Role> = agenda.roles.clone();
    let mut kinds: Vec<NoteKind> = agenda.note_kinds.clone();
    let mut phases: Vec<Phase> = Vec::new();
    let mut items: Vec<PlannedItem> = Vec::with_capacity(agenda.items.len());
    let mut nested: Vec<Protocol> = Vec::new();
    // The phase index of the first simple item marked `checkin: true`.
    let mut simple_checkin: Option<usize> = None;

    for (index, item) in agenda.items.iter().enumerate() {
        match item {
            Item::Simple(phase) => {
                if phase.checkin && simple_checkin.is_none() {
                    simple_checkin = Some(phases.len());
                }
                phases.push(Phase {
                    item: Some(index),
                    notes: Some(offered(phase, &agenda.note_kinds)),
                    ..(**phase).clone()
                });
                items.push(PlannedItem {
                    name: phase.name.clone(),
                    protocol: None,
                    chosen: false,
                });
            }
            Item::Protocol(p) => {
                let (protocol, was_chosen) = match &p.protocol {
                    ProtocolRef::Id(id) => {
                        let found = lookup(id).ok_or_else(|| ExpandError::UnknownProtocol {
                            agenda: agenda.id.clone(),
                            item: index,
                            id: id.clone(),
                        })?;
                        (found, false)
                    }
                    ProtocolRef::Choose => {
                        let c = chosen.clone().ok_or_else(|| ExpandError::ChoiceNeeded {
                            agenda: agenda.id.clone(),
                        })?;
                        (c, true)
                    }
                };
                if protocol.agenda.is_some() {
                    return Err(ExpandError::NestedAgenda {
                        agenda: agenda.id.clone(),
                        item: index,
                        id: protocol.id.clone(),
                    });
                }
                for role in &protocol.roles {
                    if !roles.iter().any(|r| r.id == role.id) {
                        roles.push(role.clone());
                    }
                }
                for kind in &protocol.note_kinds {
                    merge_kind(&mut kinds, kind);
                }
                phases.extend(protocol.phases.iter().map(|ph| Phase {
                    item: Some(index),
                    notes: Some(offered(ph, &protocol.note_kinds)),
                    ..ph.clone()
                }));
                items.push(PlannedItem {
                    name: p.name.clone().unwrap_or_else(|| protocol.name.clone()),
                    protocol: Some(protocol.id.clone()),
                    chosen: was_chosen,
                });
                nested.push(protocol);
            }
        }
    }

    // Every item offers decisions (each phase's list says so, see
    // `offered`).
    // It keeps its key `d` even where another kind has it: each phase offers
    // its own file's kinds first, and the first offered takes the key
    // (`Protocol::kind_for_key`).
    if !kinds.iter().any(|k| k.id == DECISION) {
        kinds.push(decision_kind());
    }
    // Declared kinds replace the implicit plain note; an agenda that
    // declares none keeps it, as a protocol without `note_kinds` does.
    if kinds.is_empty() {
        kinds = crate::protocol::model::default_note_kinds();
    }

    place_checkin(&mut phases, simple_checkin);

    let mut asks = Vec::new();
    for p in &nested {
        for a in p.asks() {
            if !asks.contains(&a) {
                asks.push(a);
            }
        }
    }
    let mut materials = agenda.materials.clone();
    for p in &nested {
        for m in &p.materials {
            if !materials.contains(m) {
                materials.push(m.clone());
            }
        }
    }
    let preparation = joined(
        agenda.preparation.as_deref(),
        nested
            .iter()
            .map(|p| (p.name.as_str(), p.preparation.as_deref())),
    );
    let facilitator_notes = joined(
        agenda.facilitator_notes.as_deref(),
        nested
            .iter()
            .map(|p| (p.name.as_str(), p.facilitator_notes.as_deref())),
    );

    Ok(Protocol {
        id: agenda.id.clone(),
        name: agenda.name.clone(),
        summary: agenda.summary.clone(),
        purpose: agenda.purpose.clone(),
        source: agenda.source.clone(),
        group_size: nested.iter().find_map(|p| p.group_size.clone()),
        materials,
        preparation,
        asks: Some(asks),
        total_minutes: None,
        facilitator_notes,
        roles,
        note_kinds: kinds,
        phases,
        agenda: Some(AgendaPlan {
            id: agenda.id.clone(),
            name: agenda.name.clone(),
            items,
        }),
    })
}

/// The kinds a phase offers in the meeting: what it offers where it was
/// written (its `notes:`, else every kind its agenda or protocol declares,
/// and the plain note unless that file declares its own), and a decision.
/// Always a list, since the plan gathers every item's kinds: without one a
/// Connection item would offer the nested protocol's evidence notes.
fn offered(phase: &Phase, declared: &[NoteKind]) -> Vec<String> {
    let mut list: Vec<String> = match &phase.notes {
        Some(ids) => ids.clone(),
        None => declared.iter().map(|k| k.id.clone()).collect(),
    };
    if !declared.iter().any(|k| k.id == PLAIN_NOTE) && !list.iter().any(|k| k == PLAIN_NOTE) {
        list.push(PLAIN_NOTE.into());
    }
    if !list.iter().any(|k| k == DECISION) {
        list.push(DECISION.into());
    }
    list
}

/// A kind from a nested protocol: the first of an id wins. Its key stays
/// even when an earlier file's kind has it: the phases that offer it are its
/// protocol's, which offer their own kinds first.
fn merge_kind(kinds: &mut Vec<NoteKind>, kind: &NoteKind) {
    if !kinds.iter().any(|k| k.id == kind.id) {
        kinds.push(kind.clone());
    }
}

/// The check-in and plus/delta happen once: in the simple item marked
/// `checkin: true` if any; otherwise in the first nested protocol's own
/// check-in phase; otherwise in the last phase that cannot be left out at
/// setup (an optional one left out would take the check-in with it).
fn place_checkin(phases: &mut [Phase], simple_marked: Option<usize>) {
    let keep = simple_marked
        .or_else(|| phases.iter().position(|p| p.checkin))
        .or_else(|| phases.iter().rposition(|p| !p.optional))
        .or(phases.len().checked_sub(1));
    for (i, p) in phases.iter_mut().enumerate() {
        p.checkin = Some(i) == keep;
    }
}

/// The agenda's text, then each nested protocol's under its name.
fn joined<'a>(
    own: Option<&str>,
    nested: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Option<String> {
    let mut parts: Vec<String> = own.map(str::to_string).into_iter().collect();
    parts.extend(
        nested.filter_map(|(name, text)| text.map(|t| format!("{name}: {}", t.trim_end()))),
    );
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
