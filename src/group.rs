//! Groups: who is in the PLG, who facilitates, when and where it meets, and
//! the norms it agreed on. One YAML file per group in the groups folder.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::catalog::Document;
use crate::diag::Checked;
use crate::yaml::Node;
use crate::yaml::decode::{Decoder, check_document, title_case};

pub(crate) const GROUP_KEYS: &[&str] = &[
    "id",
    "name",
    "focus",
    "facilitator",
    "members",
    "meets",
    "norms",
    "agenda",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// The group's purpose, repeated on the setup screen and in records.
    pub focus: Option<String>,
    pub facilitator: Option<String>,
    pub members: Vec<String>,
    /// When and where, free text: "Tuesdays 15:15-16:15, Room 204".
    pub meets: Option<String>,
    pub norms: Vec<String>,
    /// The agenda `plg run --group ID` runs when no agenda or protocol is named.
    pub agenda: Option<DefaultAgenda>,
}

/// `agenda: weekly` in a group file, and where it is written, so a name
/// that matches no agenda is reported at its line and column when the
/// meeting starts (the group's own check cannot see the agendas).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultAgenda {
    pub id: String,
    pub span: crate::diag::Span,
}

/// The starter `plg new group ID` writes; `{id}` and `{name}` are filled in.
const STARTER: &str = r#"# A plg group: who is in it, who facilitates, when and where it meets, and
# its norms. Check it with `plg check`; run a meeting with
# `plg run tuning --group {id}`. Lines starting with # are comments.
id: {id}                       # lowercase letters, digits and '-'; also the file name
name: {name}
focus: What the group is working on this year, in one sentence.
facilitator: Ana Ruiz          # usually also listed under members
members:
  - Ana Ruiz
  - Ben Okafor
  - Chen Li
  - Dana Wright
meets: Tuesdays 15:15-16:15, Room 204
# agenda: weekly               # what `plg run --group {id}` runs (see `plg agendas`)
norms:                         # shown during meetings and checked in on at the end
  - Start and end on time
  - Be present (devices away)
  - Hard on ideas, soft on people
  - Share airtime
  - Assume positive intent
  - What is said here stays here
"#;

pub(crate) fn starter(id: &str) -> String {
    STARTER
        .replace("{id}", id)
        .replace("{name}", &title_case(id))
}

pub fn check(src: &str) -> Checked<Group> {
    check_document(src, "a group", "id: math9", read_group)
}

/// A list of names, each once: members, norms.
fn unique_list(d: &mut Decoder, node: &Node, key: &str, what: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // Keyed by the ASCII-lowercased name, so that a roster of tens of
    // thousands of names is checked in linear time rather than by comparing
    // every name with every earlier one.
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (text, span) in d.text_list(node, key, what) {
        let text = text.trim().to_string();
        match first_line.entry(text.to_ascii_lowercase()) {
            Entry::Occupied(first) => {
                d.error(
                    span,
                    format!(
                        "`{text}` is listed twice in `{key}`; the first is on line {}",
                        first.get()
                    ),
                    "remove one of them",
                );
            }
            Entry::Vacant(slot) => {
                slot.insert(span.start.line);
                out.push(text);
            }
        }
    }
    out
}

fn read_group(root: &Node, d: &mut Decoder) -> Option<Group> {
    let map = d.map(root, "the group", GROUP_KEYS)?;
    let id = d.required_id(&map, "id: math9");
    let name = d.required_text(&map, "name", "name: Grade 9 Math PLG");
    let focus = d.optional_text(&map, "focus");
    let facilitator = d.optional_text(&map, "facilitator");
    let meets = d.optional_text(&map, "meets");
    let agenda = d
        .optional_text(&map, "agenda")
        .zip(map.get("agenda"))
        .filter(|(id, node)| d.slug(node, id, "`agenda`"))
        .map(|(id, node)| DefaultAgenda {
            id,
            span: node.span,
        });
    let members = map
        .get_some("members")
        .map(|n| unique_list(d, n, "members", "the group"))
        .unwrap_or_default();
    let norms = map
        .get_some("norms")
        .map(|n| unique_list(d, n, "norms", "the group"))
        .unwrap_or_default();
    if members.is_empty() {
        d.warning(
            map.key_span("members").unwrap_or(root.span),
            "the group lists no members",
            "list them under `members:` so attendance can be taken name by name",
        );
    }
    if let (Some(f), Some(node)) = (&facilitator, map.get("facilitator"))
        && !members.is_empty()
        && !members.iter().any(|m| m.eq_ignore_ascii_case(f))
    {
        d.warning(
            node.span,
            format!("the facilitator `{f}` is not among the members"),
            "add them under `members:` if they attend as a member; a visiting coach can stay as is",
        );
    }
    Some(Group {
        id: id?,
        name: name?,
        focus,
        facilitator,
        members,
        meets,
        norms,
        agenda,
    })
}

impl Document for Group {
    const KIND: &'static str = "group";
    fn check(src: &str) -> Checked<Self> {
        check(src)
    }
    fn id(&self) -> &str {
        &self.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_a_valid_group() {
        let checked = check(&starter("math9"));
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        let g = checked.value.unwrap();
        assert_eq!(g.name, "Math9");
        assert_eq!(g.members.len(), 4);
        assert_eq!(g.norms.len(), 6);
    }

    #[test]
    fn duplicates_and_unknown_keys_have_positions() {
        let src = "id: g\nname: G\nmembers: [Ana, Ben, ana]\nmeet: Tuesdays\n";
        let mut diags = check(src).diagnostics;
        diags.sort_by_key(|d| d.span.start.line);
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(diags[0].span.start.line, 3);
        assert!(diags[0].message.contains("`ana` is listed twice"));
        assert_eq!(diags[1].span.start.line, 4);
        assert_eq!(diags[1].hint.as_deref(), Some("did you mean `meets`?"));
    }

    #[test]
    fn duplicates_in_a_large_roster_are_all_found_with_their_first_line() {
        let mut src = String::from("id: g\nname: G\nmembers:\n");
        for i in 0..20_000 {
            src.push_str(&format!("  - Member {i}\n"));
        }
        // Line 4 holds Member 0 and line 5 Member 1; case is ignored, as before.
        src.push_str("  - member 0\n  - MEMBER 1\n  - Member 19999\n");
        let checked = check(&src);
        let messages: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "`member 0` is listed twice in `members`; the first is on line 4",
                "`MEMBER 1` is listed twice in `members`; the first is on line 5",
                "`Member 19999` is listed twice in `members`; the first is on line 20003",
            ]
        );
        assert!(checked.value.is_none());
        let unique =
            check(&src[..src.len() - "  - member 0\n  - MEMBER 1\n  - Member 19999\n".len()]);
        assert_eq!(unique.value.map(|g| g.members.len()), Some(20_000));
    }

    #[test]
    fn a_default_agenda_is_a_slug_kept_with_its_position() {
        let g = check("id: g\nname: G\nmembers: [Ana]\nagenda: weekly\n")
            .value
            .unwrap();
        let a = g.agenda.unwrap();
        assert_eq!(a.id, "weekly");
        assert_eq!((a.span.start.line, a.span.start.col), (4, 9));
        let bad = check("id: g\nname: G\nmembers: [Ana]\nagenda: Weekly Meeting\n");
        assert!(bad.value.is_none());
        assert_eq!(bad.diagnostics[0].span.start.line, 4);
        assert!(bad.diagnostics[0].message.contains("`agenda`"));
        // A group file from before agendas reads as it did: no default agenda.
        let old = check("id: g\nname: G\nmembers: [Ana]\n").value.unwrap();
        assert_eq!(old.agenda, None);
    }

    #[test]
    fn a_facilitator_outside_the_roster_is_only_a_warning() {
        let checked = check("id: g\nname: G\nfacilitator: Coach Kim\nmembers: [Ana]\n");
        assert!(checked.value.is_some());
        assert_eq!(checked.diagnostics.len(), 1);
        assert!(!checked.diagnostics[0].is_error());
    }
}
