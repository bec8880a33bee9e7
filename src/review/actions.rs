//! Action items in reviews and exports: a meeting's own items as they
//! stand now (a later meeting or a follow-up may have closed, dropped,
//! reopened, handed on or re-dated them), and the changes a meeting made
//! to earlier meetings' items.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::meeting::session::{ActionChange, ActionItem, ItemState};
use crate::record::SessionRecord;
use crate::record::actions::TrackedItem;

/// How every item stands, by the record it was written in. Empty, every
/// item shows as its record wrote it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ItemStates {
    by_session: HashMap<String, Vec<TrackedItem>>,
}

impl ItemStates {
    pub fn new(items: impl IntoIterator<Item = TrackedItem>) -> ItemStates {
        let mut by_session: HashMap<String, Vec<TrackedItem>> = HashMap::new();
        for t in items {
            by_session.entry(t.session.clone()).or_default().push(t);
        }
        ItemStates { by_session }
    }

    /// The item at `index` of record `session`, when it still reads `text`.
    fn get(&self, session: &str, index: usize, text: &str) -> Option<&TrackedItem> {
        self.by_session
            .get(session)?
            .iter()
            .find(|t| t.index == index && t.text == text)
    }
}

/// One of a meeting's own action items, as it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ShownItem {
    pub text: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub state: ItemState,
    /// How it came to its state, when a later meeting or a follow-up
    /// changed it: `done 2026-12-11 (in 2026-12-11T1530_math9_tuning)`.
    pub note: Option<String>,
}

impl ShownItem {
    fn written(a: &ActionItem) -> ShownItem {
        ShownItem {
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.due,
            state: if a.done {
                ItemState::Done
            } else {
                ItemState::Open
            },
            note: None,
        }
    }

    /// The item as owner and due date only, for [`super::owner_and_due`].
    pub fn as_item(&self) -> ActionItem {
        ActionItem {
            text: self.text.clone(),
            owner: self.owner.clone(),
            due: self.due,
            done: self.state == ItemState::Done,
        }
    }

    /// `[x]` done, `[ ]` open, `[-]` dropped: the box a text list shows.
    pub fn mark(&self) -> &'static str {
        match self.state {
            ItemState::Open => "[ ]",
            ItemState::Done => "[x]",
            ItemState::Dropped => "[-]",
        }
    }
}

/// Item `index` of record `id`, written as `a`, as it stands in `states`
/// (as written when `states` does not know it).
pub(crate) fn stands(states: &ItemStates, id: &str, index: usize, a: &ActionItem) -> ShownItem {
    match states.get(id, index, &a.text) {
        Some(t) => ShownItem {
            text: t.text.clone(),
            owner: t.owner.clone(),
            due: t.due,
            state: t.state,
            note: t.state_note(),
        },
        None => ShownItem::written(a),
    }
}

/// The action items of record `id`, each as it stands in `states`.
pub(crate) fn own_items(id: &str, record: &SessionRecord, states: &ItemStates) -> Vec<ShownItem> {
    record
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| stands(states, id, i, a))
        .collect()
}

/// One change a meeting made to an earlier meeting's item, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChangeLine<'a> {
    /// The item's text as it read.
    pub text: &'a str,
    /// The ID of the record the item was written in.
    pub session: &'a str,
    /// `state`, `owner` or `due`.
    pub field: &'static str,
    /// `—` when there was none.
    pub from: &'a str,
    /// `—` when cleared.
    pub to: &'a str,
}

/// The changes `record` made to earlier meetings' action items, in the
/// order they were made.
pub(crate) fn changes_made(record: &SessionRecord) -> Vec<ChangeLine<'_>> {
    let mut changes: Vec<&ActionChange> = record.action_changes.iter().collect();
    changes.sort_by_key(|c| c.at);
    changes
        .into_iter()
        .map(|c| ChangeLine {
            text: &c.text,
            session: &c.session,
            field: c.field.label(),
            from: c.from.as_deref().unwrap_or("—"),
            to: c.to.as_deref().unwrap_or("—"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset};

    use super::*;
    use crate::meeting::session::ActionField;
    use crate::record::actions::{Written, combine};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn record_with(actions: Vec<ActionItem>, changes: Vec<ActionChange>) -> SessionRecord {
        let text =
            include_str!("../../tests/fixtures/sessions/2026-10-06T1530_math9_tuning-v2.yaml");
        let mut r = crate::record::parse(text).unwrap();
        r.actions = actions;
        r.action_changes = changes;
        r
    }

    fn item(text: &str, done: bool) -> ActionItem {
        ActionItem {
            text: text.into(),
            owner: Some("Ana Ruiz".into()),
            due: None,
            done,
        }
    }

    fn change(
        index: usize,
        text: &str,
        field: ActionField,
        from: Option<&str>,
        to: Option<&str>,
        when: &str,
    ) -> ActionChange {
        ActionChange {
            at: at(when),
            session: "first".into(),
            item: index,
            text: text.into(),
            field,
            from: from.map(String::from),
            to: to.map(String::from),
        }
    }

    #[test]
    fn without_states_items_show_as_written() {
        let r = record_with(vec![item("a", false), item("b", true)], vec![]);
        let shown = own_items("first", &r, &ItemStates::default());
        assert_eq!(
            shown.iter().map(ShownItem::mark).collect::<Vec<_>>(),
            ["[ ]", "[x]"]
        );
        assert!(shown.iter().all(|s| s.note.is_none()));
        assert_eq!(shown[0].as_item(), item("a", false));
        assert_eq!(shown[1].as_item(), item("b", true));
    }

    #[test]
    fn items_show_their_current_state_owner_due_and_where_it_changed() {
        let actions = vec![item("a", false), item("b", true), item("c", false)];
        let r = record_with(actions.clone(), vec![]);
        let changes = [
            change(
                0,
                "a",
                ActionField::State,
                Some("open"),
                Some("done"),
                "2026-12-11T15:50:00-05:00",
            ),
            change(
                1,
                "b",
                ActionField::State,
                Some("done"),
                Some("dropped"),
                "2026-12-12T09:00:00-05:00",
            ),
            change(
                2,
                "c",
                ActionField::Owner,
                Some("Ana Ruiz"),
                Some("Ben Okafor"),
                "2026-12-12T09:01:00-05:00",
            ),
            change(
                2,
                "c",
                ActionField::Due,
                None,
                Some("2026-12-20"),
                "2026-12-12T09:02:00-05:00",
            ),
        ];
        let (items, _) = combine(
            [Written {
                session: "first",
                day: r.started_at.date_naive(),
                group: None,
                actions: &actions,
            }],
            [
                ("2026-12-11T1530_math9_tuning", &changes[0]),
                ("2026-12-12T0900_follow-up", &changes[1]),
                ("2026-12-12T0900_follow-up", &changes[2]),
                ("2026-12-12T0900_follow-up", &changes[3]),
            ],
        );
        let states = ItemStates::new(items);
        let shown = own_items("first", &r, &states);
        assert_eq!(
            shown.iter().map(ShownItem::mark).collect::<Vec<_>>(),
            ["[x]", "[-]", "[ ]"]
        );
        assert_eq!(
            shown[0].note.as_deref(),
            Some("done 2026-12-11 (in 2026-12-11T1530_math9_tuning)")
        );
        assert_eq!(
            shown[1].note.as_deref(),
            Some("dropped 2026-12-12 (in 2026-12-12T0900_follow-up)")
        );
        assert_eq!(shown[2].note, None, "its state never changed");
        assert_eq!(shown[2].owner.as_deref(), Some("Ben Okafor"));
        assert_eq!(shown[2].due, NaiveDate::from_ymd_opt(2026, 12, 20));
        assert!(!shown[1].as_item().done);

        // Another record's items, or an item whose text no longer matches, show as written.
        assert_eq!(own_items("second", &r, &states)[0].state, ItemState::Open);
        let edited = record_with(vec![item("a, edited", false)], vec![]);
        assert_eq!(
            own_items("first", &edited, &states)[0].state,
            ItemState::Open
        );
    }

    #[test]
    fn changes_made_are_listed_in_time_order_with_dashes_for_none() {
        let r = record_with(
            vec![],
            vec![
                change(
                    2,
                    "c",
                    ActionField::Due,
                    None,
                    Some("2026-12-20"),
                    "2026-12-12T09:02:00-05:00",
                ),
                change(
                    0,
                    "a",
                    ActionField::State,
                    Some("open"),
                    Some("done"),
                    "2026-12-12T09:00:00-05:00",
                ),
                change(
                    2,
                    "c",
                    ActionField::Owner,
                    Some("Ana Ruiz"),
                    None,
                    "2026-12-12T09:01:00-05:00",
                ),
            ],
        );
        let lines = changes_made(&r);
        assert_eq!(
            lines,
            [
                ChangeLine {
                    text: "a",
                    session: "first",
                    field: "state",
                    from: "open",
                    to: "done"
                },
                ChangeLine {
                    text: "c",
                    session: "first",
                    field: "owner",
                    from: "Ana Ruiz",
                    to: "—"
                },
                ChangeLine {
                    text: "c",
                    session: "first",
                    field: "due",
                    from: "—",
                    to: "2026-12-20"
                },
            ]
        );
    }
}
