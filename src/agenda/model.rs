//! The checked agenda: a whole meeting as a list of items, each a simple
//! timed item or a protocol run whole.

use crate::protocol::{NoteKind, Phase, Role};

/// An agenda as a coach writes it (`agendas/ID.yaml`), after checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agenda {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub purpose: Option<String>,
    pub source: Option<String>,
    /// What to have in the room, besides what nested protocols ask for.
    pub materials: Vec<String>,
    pub preparation: Option<String>,
    /// Agenda-level notes for the facilitator.
    pub facilitator_notes: Option<String>,
    /// Roles simple items may name as `speaker` or `silent`.
    pub roles: Vec<Role>,
    /// Note kinds the agenda declares; `decision` is added to every item
    /// when the meeting runs (see [`DECISION`]).
    pub note_kinds: Vec<NoteKind>,
    pub items: Vec<Item>,
}

/// One item of an agenda.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A simple timed item, written with the keys of a protocol phase
    /// (`checkin: true` marks the item where the norm check-in and the
    /// plus/delta happen).
    Simple(Box<Phase>),
    /// A whole protocol, its phases nested under the item.
    Protocol(ProtocolItem),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProtocolItem {
    pub protocol: ProtocolRef,
    /// A name for the item; the protocol's own name when absent.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolRef {
    /// A protocol by id.
    Id(String),
    /// `protocol: choose`: the facilitator picks the protocol at setup.
    Choose,
}

/// The note kind every agenda item offers: what the group decided.
pub const DECISION: &str = "decision";

pub(crate) fn decision_kind() -> NoteKind {
    NoteKind {
        id: DECISION.into(),
        label: "Decision".into(),
        key: Some('d'),
    }
}

impl Agenda {
    /// The protocol ids the agenda names (not `choose`), in order.
    pub fn protocol_ids(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Protocol(ProtocolItem {
                    protocol: ProtocolRef::Id(id),
                    ..
                }) => Some(id.as_str()),
                _ => None,
            })
            .collect()
    }

    /// Whether one item lets the facilitator pick the protocol at setup.
    pub fn chooses(&self) -> bool {
        self.items.iter().any(|i| {
            matches!(
                i,
                Item::Protocol(ProtocolItem {
                    protocol: ProtocolRef::Choose,
                    ..
                })
            )
        })
    }
}
