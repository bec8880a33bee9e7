//! Reads agenda YAML into an [`Agenda`], reporting every problem with a
//! position. A simple item is read by the protocol checker's phase reader,
//! so it takes exactly the keys of a phase, with the same messages.

use crate::diag::{Checked, Span};
use crate::protocol::Protocol;
use crate::protocol::check::{
    Kinds, PHASE_KEYS, Roles, item_key_span, labelled, node_get, read_note_kinds, read_phase_as,
    read_roles, wrong_kind,
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
    if wrong_kind(root, d, "phases", "items") {
        return None;
    }
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
            everywhere: Vec::new(),
        },
    };
    let declared_kinds = kinds.list.clone();
    // Every item offers decisions, so `notes: [decision]` and
    // `enter: decision` are valid without declaring the kind.
    if !kinds.list.iter().any(|k| k.id == DECISION) {
        kinds.list.push(decision_kind());
    }
    // Offered in every item whatever its `notes:` lists, so `enter: decision`
    // is valid beside `notes: [idea]`.
    kinds.everywhere.push(DECISION.into());

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
        // `protocl: tuning` is a protocol item mistyped, not a simple item
        // missing its name and minutes: one error, pointing at the key.
        if let Value::Map(entries) = &node.value
            && let Some((key, text)) = entries.iter().find_map(|(k, _)| {
                let t = &k.as_scalar()?.text;
                let near =
                    !PHASE_KEYS.contains(&t.as_str()) && did_you_mean(t, ["protocol"]).is_some();
                near.then_some((k, t))
            })
        {
            d.error(
                key.span,
                format!("unknown key `{text}` in {what}"),
                "did you mean `protocol`? An item that runs a protocol is `- protocol: tuning`",
            );
            return None;
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
        let name = match map.get_some("name") {
            Some(_) => d.required_text(&map, "name", "name: Consultancy on Ana's dilemma"),
            None => None,
        };
        // `protocol:` left blank is a mistake, not an item to drop.
        let value = d.required(&map, "protocol", "protocol: choose")?;
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
    let Ok(meeting) = super::planned(agenda, &lookup) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Protocol;

    /// The issue's weekly meeting, as a coach writes it.
    const WEEKLY: &str = "id: weekly\nname: Weekly PLG meeting\nsummary: Connection, one protocol, logistics, plus/delta.\nitems:\n  - name: Connection\n    minutes: 5\n    prompts: [\"One word for how your week is going\"]\n  - protocol: consultancy\n  - name: Logistics and next steps\n    minutes: 5\n  - name: Plus/delta\n    minutes: 5\n    checkin: true\n";

    fn builtins() -> Vec<Protocol> {
        crate::protocol::BUILTIN
            .iter()
            .filter_map(|(_, src)| crate::protocol::check(src).value)
            .collect()
    }

    /// Each problem as `LINE:COL: message`, checked against the built-in protocols.
    fn messages_with(src: &str, agendas: &[&str]) -> Vec<String> {
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        let mut diagnostics = check_with(src, &known, agendas).diagnostics;
        diagnostics.sort_by_key(|d| (d.span.start.line, d.span.start.col));
        diagnostics
            .iter()
            .map(|d| format!("{}:{}: {}", d.span.start.line, d.span.start.col, d.message))
            .collect()
    }

    fn messages(src: &str) -> Vec<String> {
        messages_with(src, &[])
    }

    /// A protocol item left blank, or its key mistyped, is one error where
    /// it is written; neither is dropped nor read as a simple item.
    #[test]
    fn a_blank_or_mistyped_protocol_key_is_one_error_at_it() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - protocol:\n  - {protocl: tuning}\n  - {name: Talk, minutes: 5, protect: true}\n";
        let m = messages(src);
        assert_eq!(
            m,
            [
                "5:5: `protocol` in item 1 is empty",
                "6:6: unknown key `protocl` in item 2",
            ]
        );
    }

    /// Left out at setup, the item holding the check-in would take the
    /// plus/delta and the action items with it: refused, in agendas and
    /// protocols alike.
    #[test]
    fn the_item_holding_the_check_in_cannot_be_optional() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - {name: One, minutes: 5}\n  - {name: Plus/delta, minutes: 5, checkin: true, optional: true}\n";
        let m = messages(src);
        assert_eq!(
            m,
            [
                "6:51: item 2 (\"Plus/delta\") holds the check-in (`checkin: true`), so it cannot be `optional`"
            ]
        );
        let protocol = src.replace("items:", "phases:");
        let c = crate::protocol::check(&protocol).diagnostics;
        assert_eq!(c.len(), 1, "{c:#?}");
        assert!(c[0].message.contains("cannot be `optional`"), "{c:#?}");
        assert!(messages(&src.replace(", optional: true", "")).is_empty());
    }

    /// A protocol saved among agendas (or an agenda among protocols) gets
    /// one error saying what it is and where it belongs, not one per key.
    #[test]
    fn a_protocol_read_as_an_agenda_says_so_once() {
        let tuning = crate::protocol::BUILTIN
            .iter()
            .find(|(f, _)| *f == "tuning.yaml")
            .map(|(_, s)| *s)
            .expect("built in");
        let m = messages(tuning);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(
            m[0].ends_with(
                "the file has `phases:`, so it is a protocol, but it is read as an agenda"
            ),
            "{m:#?}"
        );
        let c = crate::protocol::check(WEEKLY).diagnostics;
        assert_eq!(c.len(), 1, "{c:#?}");
        assert_eq!(
            (c[0].span.start.line, c[0].message.as_str()),
            (
                4,
                "the file has `items:`, so it is an agenda, but it is read as a protocol"
            )
        );
        let hint = c[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("`agendas` folder"), "{hint}");
    }

    /// A blank name would leave the timeline, the room's screen and the
    /// record with an item nobody can read: as empty as no name at all.
    #[test]
    fn blank_names_are_empty() {
        let src = "id: a\nname: \"  \"\nsummary: \"\"\nitems:\n  - {name: \" \", minutes: 5}\n  - {protocol: tuning, name: \"\"}\n";
        assert_eq!(
            messages(src),
            [
                "2:7: `name` in the agenda is empty",
                "3:10: `summary` in the agenda is empty",
                "5:12: `name` in item 1 is empty",
                "6:30: `name` in item 2 is empty",
            ]
        );
    }

    fn hint(src: &str) -> Option<String> {
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        check_with(src, &known, &[]).diagnostics[0].hint.clone()
    }

    #[test]
    fn the_weekly_meeting_reads_into_simple_and_protocol_items() {
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        let checked = check_with(WEEKLY, &known, &[]);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let a = checked.value.unwrap();
        assert_eq!(a.items.len(), 4);
        let Item::Simple(connection) = &a.items[0] else {
            panic!("a simple item: {:?}", a.items[0]);
        };
        assert_eq!(
            (connection.name.as_str(), connection.minutes),
            ("Connection", 5.0)
        );
        assert_eq!(connection.prompts.len(), 1);
        assert_eq!(a.protocol_ids(), ["consultancy"]);
        assert!(matches!(&a.items[3], Item::Simple(p) if p.checkin));
        assert!(a.note_kinds.is_empty(), "decision is offered, not declared");
        // The same text without the library: structure only.
        assert!(check(WEEKLY).diagnostics.is_empty());
    }

    #[test]
    fn every_mistake_is_reported_not_only_the_first() {
        let src = "id: Weekly\nname: W\nitems:\n  - name: A\n    minuts: 5\n  - {protocol: choose, nmae: x}\nlength: 60\n";
        let m = messages(src);
        // the id, the missing summary, `minuts`, `nmae`, the missing minutes, `length`
        assert_eq!(m.len(), 6, "{m:#?}");
        assert!(
            m.iter()
                .any(|x| x.starts_with("1:5: `id` must be a lowercase slug"))
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("5:5: unknown key `minuts` in item 1 (\"A\")"))
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("6:24: unknown key `nmae` in item 2"))
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("7:1: unknown key `length` in the agenda"))
        );
        assert!(
            m.iter()
                .any(|x| x.contains("missing the required key `summary`"))
        );
        let empty = messages("id: e\nname: E\nsummary: s\nitems: []\n");
        assert_eq!(empty.len(), 1, "{empty:#?}");
        assert!(empty[0].starts_with("4:8: `items` is empty"), "{empty:#?}");
    }

    #[test]
    fn a_simple_item_takes_every_key_of_a_phase_and_its_mistakes_read_as_an_items() {
        let src =
            "id: a\nname: A\nsummary: s\nitems:\n  - name: Talk\n    minutes: 0\n    mode: quiet\n";
        let m = messages(src);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[0].starts_with("6:14: `minutes` in item 1 (\"Talk\") is 0"),
            "{m:#?}"
        );
        assert!(
            m[1].starts_with("7:11: `mode: quiet` in item 1 (\"Talk\")"),
            "{m:#?}"
        );
        let every = "id: a\nname: A\nsummary: s\nitems:\n  - name: Rounds\n    minutes: 2\n    repeat: each\n    range: [1, 3]\n    mode: silent\n    protect: true\n    optional: true\n    instructions: Write.\n    facilitator_notes: Why.\n";
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        let a = check_with(every, &known, &[]).value.unwrap();
        let Item::Simple(p) = &a.items[0] else {
            panic!("simple");
        };
        assert!(p.protect && p.optional && p.instructions.is_some());
    }

    #[test]
    fn speakers_resolve_against_the_agendas_roles_and_everyone() {
        let src = "id: a\nname: A\nsummary: s\nroles:\n  - {id: facilitator, name: Facilitator}\nitems:\n  - {name: One, minutes: 5, speaker: facilitator}\n  - {name: Two, minutes: 5, speaker: everyone, silent: [facilitator]}\n  - {name: Three, minutes: 5, speaker: facilitatr}\n";
        let m = messages(src);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(
            m[0].starts_with(
                "9:40: `speaker: facilitatr` in item 3 (\"Three\") names no declared role"
            ),
            "{m:#?}"
        );
        assert_eq!(hint(src).as_deref(), Some("did you mean `facilitator`?"));
    }

    #[test]
    fn decision_and_note_are_offered_in_every_item_and_declared_kinds_too() {
        let src = "id: a\nname: A\nsummary: s\nnote_kinds:\n  - {id: idea, label: Idea, key: i}\nitems:\n  - {name: One, minutes: 5, notes: [decision, idea, note], enter: decision}\n  - {name: Two, minutes: 5, notes: [decison]}\n  - {name: Three, minutes: 5, enter: ida}\n";
        let m = messages(src);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[0].starts_with("8:37: `notes` in item 2 (\"Two\") names `decison`"),
            "{m:#?}"
        );
        assert!(
            m[1].starts_with("9:38: `enter` in item 3 (\"Three\") names `ida`"),
            "{m:#?}"
        );
        let ok = src
            .replace("[decison]", "[decision]")
            .replace("ida", "idea");
        let a = check(&ok).value.unwrap();
        let ids: Vec<&str> = a.note_kinds.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["idea"], "what the file declares, no more");
    }

    /// The decision is offered in every item whatever its `notes:` lists
    /// (the plain note too), so Enter may open it there.
    #[test]
    fn enter_may_open_a_decision_or_a_note_beside_a_narrower_notes_list() {
        let src = "id: a\nname: A\nsummary: s\nnote_kinds:\n  - {id: idea, label: Idea, key: i}\nitems:\n  - {name: One, minutes: 5, notes: [idea], enter: decision}\n  - {name: Two, minutes: 5, notes: [idea], enter: note}\n";
        assert_eq!(messages(src), Vec::<String>::new());
        let a = check(src).value.expect("valid");
        let p = crate::agenda::expand(&a, &|_| None, None).expect("expands");
        assert_eq!(p.enter_kind(&p.phases[0]), DECISION);
        assert_eq!(p.enter_kind(&p.phases[1]), "note");
    }

    #[test]
    fn a_second_choose_is_refused_where_it_is_written() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - protocol: choose\n  - {name: Break, minutes: 5}\n  - protocol: choose\n";
        let m = messages(src);
        assert_eq!(
            m,
            [
                "7:15: item 3 is a second `protocol: choose`; item 1 already lets the facilitator choose"
            ]
        );
        let one = check(&src.replace("  - protocol: choose\n  - {name", "  - {name"));
        assert!(one.value.unwrap().chooses());
    }

    #[test]
    fn a_second_checkin_is_refused_and_a_protocol_item_cannot_hold_one() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - {name: One, minutes: 5, checkin: true}\n  - {name: Two, minutes: 5, checkin: true}\n  - {protocol: tuning, checkin: true}\n";
        let m = messages(src);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(
            m[0].starts_with(
                "6:29: item 2 (\"Two\") also has `checkin: true`; item 1 already holds the check-in"
            ),
            "{m:#?}"
        );
        assert!(
            m[1].starts_with("7:24: `checkin` in item 3 belongs on a simple item"),
            "{m:#?}"
        );
    }

    #[test]
    fn a_protocol_item_takes_only_protocol_and_name() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - protocol: tuning\n    name: Tuning a unit test\n    minutes: 30\n    colour: red\n";
        let m = messages(src);
        assert_eq!(m.len(), 2, "{m:#?}");
        assert!(m[0].starts_with("7:5: `minutes` in item 1 (\"Tuning a unit test\") does not apply: the item runs a protocol whole"), "{m:#?}");
        assert!(m[1].starts_with("8:5: unknown key `colour`"), "{m:#?}");
        let named = "id: a\nname: A\nsummary: s\nitems:\n  - {protocol: tuning, name: Tuning a unit test}\n";
        let a = check(named).value.unwrap();
        assert_eq!(
            a.items[0],
            Item::Protocol(ProtocolItem {
                protocol: ProtocolRef::Id("tuning".into()),
                name: Some("Tuning a unit test".into()),
            })
        );
    }

    #[test]
    fn an_unknown_protocol_is_an_error_at_its_id_with_a_did_you_mean() {
        let src = WEEKLY.replace("protocol: consultancy", "protocol: consultancny");
        let m = messages(&src);
        assert_eq!(
            m,
            ["8:15: item 2 names the protocol `consultancny`, which plg cannot find"]
        );
        assert_eq!(hint(&src).as_deref(), Some("did you mean `consultancy`?"));
        let far = WEEKLY.replace("protocol: consultancy", "protocol: zzz");
        assert!(hint(&far).unwrap().contains("plg protocols"));
        // Without the library the id is not looked up.
        assert!(check(&src).diagnostics.is_empty());
        // Not a slug: said so, not looked up.
        let bad = WEEKLY.replace("protocol: consultancy", "protocol: Consultancy");
        let m = messages(&bad);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(
            m[0].starts_with("8:15: `protocol` in item 2 must be a lowercase slug"),
            "{m:#?}"
        );
    }

    #[test]
    fn an_item_naming_an_agenda_or_its_own_agenda_is_an_error_not_a_loop() {
        let src = WEEKLY.replace("protocol: consultancy", "protocol: first-meeting");
        let m = messages_with(&src, &["first-meeting", "weekly"]);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(m[0].starts_with("8:15: item 2 names `first-meeting`, which is an agenda: an agenda runs protocols, not other agendas"), "{m:#?}");
        let itself = WEEKLY.replace("protocol: consultancy", "protocol: weekly");
        let m = messages_with(&itself, &["weekly"]);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(
            m[0].starts_with("8:15: item 2 names this agenda itself (`weekly`)"),
            "{m:#?}"
        );
        // Even without the library.
        assert!(check(&itself).has_errors());
    }

    #[test]
    fn an_item_that_is_text_gets_a_hint_of_both_kinds_of_item() {
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - tuning\n";
        let m = messages(src);
        assert_eq!(m, ["5:5: item 1 is the text \"tuning\", not a mapping"]);
        assert!(
            hint(src)
                .unwrap()
                .starts_with("to run a protocol write `- protocol: tuning`")
        );
    }

    #[test]
    fn the_whole_meeting_is_held_to_the_step_cap_with_its_protocols_expanded() {
        // Tuning's 8 phases, then 495 rounds: 503 steps, passed in item 2.
        let src = "id: a\nname: A\nsummary: s\nitems:\n  - protocol: tuning\n  - {name: Rounds, minutes: 0.02, repeat: 495}\n";
        let m = messages(src);
        assert_eq!(m.len(), 1, "{m:#?}");
        assert!(m[0].starts_with("6:5: item 2 (\"Rounds\") brings the meeting to 503 steps; a meeting has at most 500"), "{m:#?}");
        let fits = src.replace("495", "400");
        assert!(messages(&fits).is_empty(), "{:#?}", messages(&fits));
        // The protocol item is where the count passes: the error is at its `protocol`.
        let first = "id: a\nname: A\nsummary: s\nitems:\n  - {name: Rounds, minutes: 0.02, repeat: 495}\n  - protocol: tuning\n";
        let m = messages(first);
        assert!(
            m[0].starts_with("6:5: item 2 brings the meeting to"),
            "{m:#?}"
        );
    }

    #[test]
    fn the_complete_example_in_the_format_guide_is_valid_and_uses_every_key() {
        let guide = include_str!("../../docs/agenda-format.md");
        let start = guide.find("```yaml\n").unwrap() + "```yaml\n".len();
        let end = start + guide[start..].find("```").unwrap();
        let example = &guide[start..end];
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        let checked = check_with(example, &known, &[]);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let a = checked.value.unwrap();
        for key in AGENDA_KEYS.iter().chain(PROTOCOL_ITEM_KEYS) {
            assert!(example.contains(&format!("{key}:")), "{key} not shown");
        }
        // The length the guide states.
        let lookup = |id: &str| crate::protocol::builtin(id);
        let m = super::super::expand(&a, &lookup, None).unwrap();
        assert_eq!(m.total_secs(m.planning_group()), 65 * 60);
        assert!(guide.contains("counts this meeting at 65 minutes"));
    }

    #[test]
    fn a_meeting_past_ninety_minutes_is_warned_with_what_it_counts() {
        let src = WEEKLY.replace(
            "Logistics and next steps\n    minutes: 5",
            "Logistics and next steps\n    minutes: 40",
        );
        let protocols = builtins();
        let known: Vec<&Protocol> = protocols.iter().collect();
        let checked = check_with(&src, &known, &[]);
        assert!(checked.value.is_some(), "a warning only");
        let m = messages(&src);
        assert_eq!(m, ["4:1: the items add up to 100 minutes, more than 90"]);
        let chosen = src.replace("protocol: consultancy", "protocol: choose");
        assert_eq!(
            messages(&chosen),
            Vec::<String>::new(),
            "50 minutes besides the choice"
        );
        let long = chosen.replace("minutes: 40", "minutes: 90");
        assert_eq!(
            messages(&long),
            [
                "4:1: the items add up to 100 minutes, besides the protocol chosen at setup, more than 90"
            ]
        );
    }
}
