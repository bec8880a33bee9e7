//! Reads agenda YAML into an [`Agenda`], reporting every problem with a
//! position. A simple item is read by the protocol checker's phase reader,
//! so it takes exactly the keys of a phase, with the same messages.

use crate::diag::{Checked, Span};
use crate::protocol::Protocol;
use crate::protocol::check::{
    Kinds, PHASE_KEYS, Roles, item_key_span, labelled, node_get, read_note_kinds, read_phase_as,
    read_roles,
};
use crate::protocol::check::{LONG_TOTAL_MINUTES, MAX_STEPS_HINT};
use crate::protocol::model::MAX_STEPS;
use crate::yaml::decode::{Decoder, check_document, did_you_mean, word_list};
use crate::yaml::{Node, Value};

use super::model::{Agenda, DECISION, Item, ProtocolItem, ProtocolRef, decision_kind};

pub(crate) const AGENDA_KEYS: &[&str] = &[
    "id",
    "name",
    "summary",
    "purpose",
    "source",
    "materials",
    "preparation",
    "facilitator_notes",
    "roles",
    "note_kinds",
    "items",
];
/// The keys of an item that runs a protocol whole. Its phases bring their
/// own times, speakers and check-in, so a phase's keys do not belong here.
pub(crate) const PROTOCOL_ITEM_KEYS: &[&str] = &["protocol", "name"];
/// `protocol: choose`: the facilitator picks the protocol at setup.
pub const CHOOSE: &str = "choose";

/// Checks agenda text without knowing the library: the protocols items
/// name are not looked up (`plg check` and `plg run` do, through
/// [`check_with`]); an item naming the agenda itself is still refused.
pub fn check(src: &str) -> Checked<Agenda> {
    check_document(src, "an agenda", "id: weekly", |root, d| {
        read_agenda(root, d, None)
    })
}

/// Checks agenda text against the library: every protocol an item names
/// must be among `protocols` (with a did-you-mean), an item may not name
/// one of `agendas`, and the whole meeting, nested protocols expanded, must
/// stay under the step cap.
pub fn check_with(src: &str, protocols: &[&Protocol], agendas: &[&str]) -> Checked<Agenda> {
    let library = Library { protocols, agendas };
    check_document(src, "an agenda", "id: weekly", |root, d| {
        read_agenda(root, d, Some(&library))
    })
}

struct Library<'a> {
    protocols: &'a [&'a Protocol],
    agendas: &'a [&'a str],
}

impl Library<'_> {
    fn protocol(&self, id: &str) -> Option<&Protocol> {
        self.protocols.iter().copied().find(|p| p.id == id)
    }
}

fn read_agenda(root: &Node, d: &mut Decoder, library: Option<&Library<'_>>) -> Option<Agenda> {
    let map = d.map(root, "the agenda", AGENDA_KEYS)?;
    let id = d.required_id(&map, "id: weekly");
    let name = d.required_text(&map, "name", "name: Weekly PLG meeting");
    let summary = d.required_text(
        &map,
        "summary",
        "summary: Connection, one protocol, logistics, plus/delta.",
    );
    let purpose = d.optional_text(&map, "purpose");
    let source = d.optional_text(&map, "source");
    let materials = map
        .get_some("materials")
        .map(|n| {
            d.text_list(n, "materials", &map.what)
                .into_iter()
                .map(|(t, _)| t)
                .collect()
        })
        .unwrap_or_default();
    let preparation = d.optional_text(&map, "preparation");
    let facilitator_notes = d.optional_text(&map, "facilitator_notes");
    let roles = map
        .get_some("roles")
        .map(|n| read_roles(n, d, &map.what))
        .unwrap_or_default();
    let mut kinds = match map.get_some("note_kinds") {
        Some(n) => read_note_kinds(n, d, &map.what),
        None => Kinds {
            list: Vec::new(),
            flawed: Vec::new(),
            unreadable: false,
        },
    };
    let declared_kinds = kinds.list.clone();
    // Every item offers decisions, so `notes: [decision]` and
    // `enter: decision` are valid without declaring the kind.
    if !kinds.list.iter().any(|k| k.id == DECISION) {
        kinds.list.push(decision_kind());
    }

    let items_node = d.required(
        &map,
        "items",
        "items: [ { name: Connection, minutes: 5 }, { protocol: choose } ]",
    );
    let mut items = Vec::new();
    // Each item read, with its node: for messages about the whole meeting.
    let mut nodes: Vec<&Node> = Vec::new();
    if let Some(node) = items_node
        && let Some(list) = d.list(node, "items", &map.what)
    {
        if list.is_empty() {
            d.error(
                node.span,
                "`items` is empty; an agenda needs at least one item",
                "add an item such as `- { name: Connection, minutes: 5 }` or `- protocol: choose`",
            );
        }
        let mut reader = ItemReader {
            agenda_id: id.as_deref(),
            library,
            roles: &roles,
            kinds: &kinds,
            choose_at: None,
            checkin_at: None,
        };
        for (i, node) in list.iter().enumerate() {
            if let Some(item) = reader.read(node, i, d) {
                items.push(item);
                nodes.push(node);
            }
        }
    }

    let agenda = Agenda {
        id: id.unwrap_or_default(),
        name: name.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        purpose,
        source,
        materials,
        preparation,
        facilitator_notes,
        roles: roles.list,
        note_kinds: declared_kinds,
        items,
    };
    if let Some(node) = items_node
        && !d.has_errors()
    {
        whole_meeting(
            &agenda,
            &nodes,
            library,
            map.key_span("items").unwrap_or(node.span),
            d,
        );
    }
    Some(agenda)
}

/// What reading one item needs to know about the agenda and the items before it.
struct ItemReader<'a> {
    agenda_id: Option<&'a str>,
    library: Option<&'a Library<'a>>,
    roles: &'a Roles,
    kinds: &'a Kinds,
    /// The index of the item that says `protocol: choose`.
    choose_at: Option<usize>,
    /// The index of the simple item marked `checkin: true`.
    checkin_at: Option<usize>,
}

impl ItemReader<'_> {
    fn read(&mut self, node: &Node, index: usize, d: &mut Decoder) -> Option<Item> {
        let what = labelled("item", node, index);
        if let Value::Scalar(s) = &node.value
            && !s.is_null()
        {
            d.error(
                node.span,
                format!("{what} is the text \"{}\", not a mapping", s.text),
                format!(
                    "to run a protocol write `- protocol: {}`; a simple item is `- {{ name: {}, minutes: 5 }}`",
                    if crate::yaml::decode::is_slug(&s.text) {
                        s.text.as_str()
                    } else {
                        "tuning"
                    },
                    s.text
                ),
            );
            return None;
        }
        if node_get(node, "protocol").is_some() {
            return self.read_protocol_item(node, index, &what, d);
        }
        let phase = read_phase_as(node, what.clone(), self.roles, self.kinds, d)?;
        if phase.checkin {
            match self.checkin_at {
                Some(first) => d.error(
                    item_key_span(node, "checkin"),
                    format!(
                        "{what} also has `checkin: true`; item {} already holds the check-in",
                        first + 1
                    ),
                    "the norm check-in and the plus/delta happen once per meeting; keep `checkin: true` on one item",
                ),
                None => self.checkin_at = Some(index),
            }
        }
        Some(Item::Simple(Box::new(phase)))
    }

    fn read_protocol_item(
        &mut self,
        node: &Node,
        index: usize,
        what: &str,
        d: &mut Decoder,
    ) -> Option<Item> {
        // A phase's keys are known here so that they get a message of their
        // own rather than "unknown key".
        let mut known: Vec<&str> = PROTOCOL_ITEM_KEYS.to_vec();
        known.extend(
            PHASE_KEYS
                .iter()
                .filter(|k| !PROTOCOL_ITEM_KEYS.contains(k)),
        );
        let map = d.map(node, what, &known)?;
        for (key, _) in map.entries {
            let Some(k) = key.as_scalar().map(|s| s.text.as_str()) else {
                continue;
            };
            if PROTOCOL_ITEM_KEYS.contains(&k) || !PHASE_KEYS.contains(&k) {
                continue;
            }
            if k == "checkin" {
                d.error(
                    key.span,
                    format!("`checkin` in {what} belongs on a simple item, not on one that runs a protocol"),
                    "without a simple item marked `checkin: true`, the check-in happens in the protocol's own check-in phase; to hold it elsewhere, mark a simple item such as the plus/delta",
                );
            } else {
                d.error(
                    key.span,
                    format!("`{k}` in {what} does not apply: the item runs a protocol whole, with its own phases and times"),
                    format!("remove `{k}`; an item that runs a protocol takes only {}. To change the protocol's phases, copy it with `plg new protocol` and name the copy", word_list(PROTOCOL_ITEM_KEYS)),
                );
            }
        }
        let name = d.optional_text(&map, "name");
        let value = map.get_some("protocol")?;
        let id = d.text(value, "protocol", what)?;
        if id == CHOOSE {
            if let Some(first) = self.choose_at {
                d.error(
                    value.span,
                    format!(
                        "{what} is a second `protocol: choose`; item {} already lets the facilitator choose",
                        first + 1
                    ),
                    "an agenda has at most one protocol chosen at setup; name this one, e.g. `protocol: tuning`",
                );
                return None;
            }
            self.choose_at = Some(index);
            return Some(Item::Protocol(ProtocolItem {
                protocol: ProtocolRef::Choose,
                name,
            }));
        }
        if !d.slug(value, &id, &format!("`protocol` in {what}")) {
            return None;
        }
        if self.agenda_id == Some(id.as_str()) {
            d.error(
                value.span,
                format!("{what} names this agenda itself (`{id}`); an agenda runs protocols, not agendas"),
                "name a protocol (`plg protocols` lists them), or write `protocol: choose`",
            );
            return None;
        }
        if let Some(library) = self.library
            && library.protocol(&id).is_none()
        {
            if library.agendas.contains(&id.as_str()) {
                d.error(
                    value.span,
                    format!("{what} names `{id}`, which is an agenda: an agenda runs protocols, not other agendas"),
                    format!("copy the items of `{id}` into this agenda, or name a protocol (`plg protocols` lists them)"),
                );
                return None;
            }
            let ids = library.protocols.iter().map(|p| p.id.as_str());
            let hint = match did_you_mean(&id, ids) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "`plg protocols` lists the protocols plg can find; name one of them, or write `protocol: choose`".to_string(),
            };
            d.error(
                value.span,
                format!("{what} names the protocol `{id}`, which plg cannot find"),
                hint,
            );
            return None;
        }
        Some(Item::Protocol(ProtocolItem {
            protocol: ProtocolRef::Id(id),
            name,
        }))
    }
}

/// The checks on the meeting as it will run, nested protocols expanded:
/// the step cap, and a length past a PLG slot. Made only when every nested
/// protocol is known; the protocol chosen at setup counts as nothing.
fn whole_meeting(
    agenda: &Agenda,
    nodes: &[&Node],
    library: Option<&Library<'_>>,
    items_span: Span,
    d: &mut Decoder,
) {
    let lookup = |id: &str| library.and_then(|l| l.protocol(id)).cloned();
    if agenda.protocol_ids().iter().any(|id| lookup(id).is_none()) {
        return;
    }
    // A stand-in with no phases for the protocol picked at setup.
    let chosen = agenda.chooses().then(|| Protocol {
        id: CHOOSE.into(),
        name: "The protocol chosen at setup".into(),
        ..Protocol::default()
    });
    let Ok(meeting) = super::expand(agenda, &lookup, chosen) else {
        return;
    };
    let besides = if agenda.chooses() {
        ", besides the protocol chosen at setup"
    } else {
        ""
    };
    let people = meeting.largest_group();
    if let Some((at, steps)) = meeting.phase_past_step_cap(people) {
        let item = meeting.item_of(at);
        let node = nodes.get(item).copied();
        let span = node.map_or(items_span, |n| match node_get(n, "protocol") {
            Some(_) => item_key_span(n, "protocol"),
            None => n.span,
        });
        let what = node.map_or_else(
            || format!("item {}", item + 1),
            |n| labelled("item", n, item),
        );
        let counted = if meeting.depends_on_people() {
            format!(" for a group of {people}")
        } else {
            String::new()
        };
        d.error(
            span,
            format!(
                "{what} brings the meeting to {steps} steps{counted}{besides}; a meeting has at most {MAX_STEPS} ({MAX_STEPS_HINT})"
            ),
            "use fewer items, or a protocol with fewer phases or rounds",
        );
        return;
    }
    let planning = meeting.planning_group();
    let total = meeting.total_secs(planning) / 60;
    if total > LONG_TOTAL_MINUTES {
        let for_people = if meeting.depends_on_people() {
            format!(" for a group of {planning}")
        } else {
            String::new()
        };
        d.warning(
            items_span,
            format!(
                "the items add up to {total} minutes{for_people}{besides}, more than {LONG_TOTAL_MINUTES}"
            ),
            "PLG meetings usually run 50-60 minutes; shorten some items or split the meeting",
        );
    }
}
