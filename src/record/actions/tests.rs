use chrono::TimeZone;

use super::*;

fn at(day: u32, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    FixedOffset::west_opt(5 * 3600)
        .and_then(|o| o.with_ymd_and_hms(2026, 12, day, hour, minute, 0).single())
        .expect("a valid time")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).expect("a valid day")
}

fn item(text: &str) -> ActionItem {
    ActionItem {
        text: text.into(),
        owner: None,
        due: None,
        done: false,
    }
}

fn owned(text: &str, owner: &str, due: u32) -> ActionItem {
    ActionItem {
        owner: Some(owner.into()),
        due: Some(day(due)),
        ..item(text)
    }
}

fn change(
    session: &str,
    index: usize,
    text: &str,
    field: ActionField,
    from: Option<&str>,
    to: Option<&str>,
    when: DateTime<FixedOffset>,
) -> ActionChange {
    ActionChange {
        at: when,
        session: session.into(),
        item: index,
        text: text.into(),
        field,
        from: from.map(String::from),
        to: to.map(String::from),
    }
}

fn state(
    session: &str,
    index: usize,
    text: &str,
    to: &str,
    when: DateTime<FixedOffset>,
) -> ActionChange {
    change(
        session,
        index,
        text,
        ActionField::State,
        None,
        Some(to),
        when,
    )
}

const FIRST: &str = "2026-12-01T1530_math9_tuning";
const SECOND: &str = "2026-12-08T1530_math9_tuning";
const FOLLOW: &str = "2026-12-09T1000_math9_follow-up";

fn first_items() -> Vec<ActionItem> {
    vec![
        owned("Share the rubric", "Ana Ruiz", 5),
        item("Book the lab"),
        ActionItem {
            done: true,
            ..item("Send the agenda")
        },
    ]
}

fn written<'a>(session: &'a str, d: u32, actions: &'a [ActionItem]) -> Written<'a> {
    Written {
        session,
        day: day(d),
        group: Some("math9"),
        actions,
    }
}

#[test]
fn items_as_written_keep_their_order_owner_due_and_done() {
    let actions = first_items();
    let second = vec![item("Try the warm-up")];
    let (items, unmatched) = combine(
        [written(FIRST, 1, &actions), written(SECOND, 8, &second)],
        [],
    );
    assert!(unmatched.is_empty());
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[0],
        TrackedItem {
            session: FIRST.into(),
            index: 0,
            written: day(1),
            group: Some("math9".into()),
            text: "Share the rubric".into(),
            owner: Some("Ana Ruiz".into()),
            due: Some(day(5)),
            state: ItemState::Open,
            history: Vec::new(),
        }
    );
    assert_eq!(items[1].index, 1);
    assert_eq!(items[2].state, ItemState::Done, "done as written");
    assert!(!items[2].is_open());
    assert!(items[1].is_open());
    assert_eq!((items[3].session.as_str(), items[3].index), (SECOND, 0));
    assert_eq!(items[3].written, day(8));
}

#[test]
fn a_later_meeting_closes_an_item_and_the_history_says_where() {
    let actions = first_items();
    let done = state(FIRST, 1, "Book the lab", "done", at(8, 15, 40));
    let (items, unmatched) = combine([written(FIRST, 1, &actions)], [(SECOND, &done)]);
    assert!(unmatched.is_empty());
    assert_eq!(items[1].state, ItemState::Done);
    assert!(!items[1].is_open());
    assert_eq!(
        items[1].history,
        [AppliedChange {
            source: SECOND.into(),
            change: done.clone()
        }]
    );
    assert!(items[0].history.is_empty(), "other items untouched");
    assert!(items[0].is_open());
    assert_eq!(
        items[1].state_note().as_deref(),
        Some("done 2026-12-08 (in 2026-12-08T1530_math9_tuning)")
    );
    assert_eq!(items[0].state_note(), None);
}

#[test]
fn changes_apply_in_time_order_whichever_file_holds_them() {
    let actions = first_items();
    // Given newest first and from two sources: the follow-up on the 9th
    // drops it, the meeting on the 10th reopens it, the one on the 8th
    // had closed it. Time order: done, dropped, open.
    let reopened = state(FIRST, 1, "Book the lab", "open", at(10, 16, 0));
    let dropped = state(FIRST, 1, "Book the lab", "dropped", at(9, 10, 0));
    let done = state(FIRST, 1, "Book the lab", "done", at(8, 15, 40));
    let third = "2026-12-10T1530_math9_tuning";
    let (items, _) = combine(
        [written(FIRST, 1, &actions)],
        [(third, &reopened), (FOLLOW, &dropped), (SECOND, &done)],
    );
    let sources: Vec<&str> = items[1].history.iter().map(|c| c.source.as_str()).collect();
    assert_eq!(sources, [SECOND, FOLLOW, third]);
    assert_eq!(items[1].state, ItemState::Open, "reopened last");
    assert!(items[1].is_open());
    assert_eq!(
        items[1].state_note().as_deref(),
        Some("open 2026-12-10 (in 2026-12-10T1530_math9_tuning)")
    );

    // Without the reopening, the last word is the drop.
    let (items, _) = combine(
        [written(FIRST, 1, &actions)],
        [(SECOND, &done), (FOLLOW, &dropped)],
    );
    assert_eq!(items[1].state, ItemState::Dropped);
    assert!(!items[1].is_open());
}

#[test]
fn time_order_compares_instants_not_local_clock_readings() {
    let actions = first_items();
    // 16:00 at UTC-5 is 21:00 UTC; 20:00 at UTC+0 comes an hour before it.
    let later = state(FIRST, 1, "Book the lab", "done", at(8, 16, 0));
    let earlier_clock_later_text = ActionChange {
        at: FixedOffset::east_opt(0)
            .and_then(|o| o.with_ymd_and_hms(2026, 12, 8, 20, 0, 0).single())
            .expect("a valid time"),
        ..state(FIRST, 1, "Book the lab", "dropped", at(8, 16, 0))
    };
    let (items, _) = combine(
        [written(FIRST, 1, &actions)],
        [(SECOND, &later), (FOLLOW, &earlier_clock_later_text)],
    );
    assert_eq!(items[1].state, ItemState::Done);
    assert_eq!(items[1].history[0].source, FOLLOW);
}

#[test]
fn changes_at_the_same_moment_go_in_order_of_their_file_then_as_given() {
    let actions = first_items();
    let a = state(FIRST, 1, "Book the lab", "dropped", at(8, 15, 40));
    let b = state(FIRST, 1, "Book the lab", "done", at(8, 15, 40));
    // Same moment: SECOND's ID ("2026-12-08…") sorts before FOLLOW's ("2026-12-09…").
    let (items, _) = combine([written(FIRST, 1, &actions)], [(FOLLOW, &a), (SECOND, &b)]);
    assert_eq!(
        items[1].state,
        ItemState::Dropped,
        "FOLLOW's change is later"
    );
    let (items, _) = combine([written(FIRST, 1, &actions)], [(SECOND, &a), (SECOND, &b)]);
    assert_eq!(items[1].state, ItemState::Done, "same file: as given");
    let (items, _) = combine([written(FIRST, 1, &actions)], [(SECOND, &b), (SECOND, &a)]);
    assert_eq!(items[1].state, ItemState::Dropped, "same file: as given");
}

#[test]
fn owner_and_due_are_set_changed_and_cleared() {
    let actions = first_items();
    let hand_on = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::Owner,
        Some("Ana Ruiz"),
        Some("Ben Okafor"),
        at(8, 15, 41),
    );
    let redate = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::Due,
        Some("2026-12-05"),
        Some("2026-12-15"),
        at(8, 15, 42),
    );
    let owner_for_lab = change(
        FIRST,
        1,
        "Book the lab",
        ActionField::Owner,
        None,
        Some("Chen Li"),
        at(8, 15, 43),
    );
    let due_for_lab = change(
        FIRST,
        1,
        "Book the lab",
        ActionField::Due,
        None,
        Some("2026-12-20"),
        at(8, 15, 44),
    );
    let (items, unmatched) = combine(
        [written(FIRST, 1, &actions)],
        [
            (SECOND, &hand_on),
            (SECOND, &redate),
            (SECOND, &owner_for_lab),
            (SECOND, &due_for_lab),
        ],
    );
    assert!(unmatched.is_empty());
    assert_eq!(items[0].owner.as_deref(), Some("Ben Okafor"));
    assert_eq!(items[0].due, Some(day(15)));
    assert_eq!(items[0].state, ItemState::Open, "state untouched");
    assert_eq!(items[0].history.len(), 2);
    assert_eq!(items[0].state_note(), None, "no state change");
    assert_eq!(items[1].owner.as_deref(), Some("Chen Li"));
    assert_eq!(items[1].due, Some(day(20)));

    let clear_owner = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::Owner,
        Some("Ben Okafor"),
        None,
        at(9, 9, 0),
    );
    let clear_due = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::Due,
        Some("2026-12-15"),
        None,
        at(9, 9, 1),
    );
    let (items, _) = combine(
        [written(FIRST, 1, &actions)],
        [
            (SECOND, &hand_on),
            (SECOND, &redate),
            (FOLLOW, &clear_owner),
            (FOLLOW, &clear_due),
        ],
    );
    assert_eq!(items[0].owner, None);
    assert_eq!(items[0].due, None);
    assert_eq!(
        items[0]
            .last_change(ActionField::Owner)
            .map(|c| c.source.as_str()),
        Some(FOLLOW)
    );
    assert_eq!(
        items[0].last_change(ActionField::Due).map(|c| &c.change),
        Some(&clear_due)
    );
    assert_eq!(items[0].last_change(ActionField::State), None);
}

#[test]
fn a_done_item_as_written_can_be_reopened() {
    let actions = first_items();
    let reopen = state(FIRST, 2, "Send the agenda", "open", at(8, 15, 45));
    let (items, _) = combine([written(FIRST, 1, &actions)], [(SECOND, &reopen)]);
    assert_eq!(items[2].state, ItemState::Open);
    assert!(items[2].is_open());
}

#[test]
fn a_position_that_no_longer_matches_falls_back_to_the_first_item_with_the_text() {
    // Someone edited the earlier record by hand and put an item in front.
    let actions = vec![
        item("A new first item"),
        item("Book the lab"),
        item("Share the rubric"),
        item("Share the rubric"),
    ];
    let moved = state(FIRST, 0, "Share the rubric", "done", at(8, 15, 40));
    let (items, unmatched) = combine([written(FIRST, 1, &actions)], [(SECOND, &moved)]);
    assert!(unmatched.is_empty());
    assert!(items[0].is_open(), "the text at position 0 differs");
    assert_eq!(items[2].state, ItemState::Done, "the first with that text");
    assert!(items[3].is_open(), "only the first");

    // When the text at the position matches, the position wins over an
    // earlier item with the same text.
    let at_three = state(FIRST, 3, "Share the rubric", "dropped", at(8, 15, 40));
    let (items, _) = combine([written(FIRST, 1, &actions)], [(SECOND, &at_three)]);
    assert!(items[2].is_open());
    assert_eq!(items[3].state, ItemState::Dropped);

    // A position past the end falls back too.
    let past = state(FIRST, 9, "Book the lab", "done", at(8, 15, 40));
    let (items, unmatched) = combine([written(FIRST, 1, &actions)], [(SECOND, &past)]);
    assert!(unmatched.is_empty());
    assert_eq!(items[1].state, ItemState::Done);
}

#[test]
fn the_fallback_looks_only_in_the_named_session() {
    let first = first_items();
    let second = vec![item("Book the lab")];
    let wrong_text = state(SECOND, 0, "Share the rubric", "done", at(9, 9, 0));
    let (items, unmatched) = combine(
        [written(FIRST, 1, &first), written(SECOND, 8, &second)],
        [(FOLLOW, &wrong_text)],
    );
    assert!(items.iter().all(|i| i.history.is_empty()));
    assert_eq!(items[0].state, ItemState::Open, "same text, other session");
    assert_eq!(unmatched, [(FOLLOW.to_string(), wrong_text.clone())]);

    // The matching item of the second session is found by its own session.
    let right = state(SECOND, 0, "Book the lab", "done", at(9, 9, 0));
    let (items, _) = combine(
        [written(FIRST, 1, &first), written(SECOND, 8, &second)],
        [(FOLLOW, &right)],
    );
    assert!(items[1].is_open(), "first session's lab booking untouched");
    assert_eq!(items[3].state, ItemState::Done);
}

#[test]
fn a_change_with_no_item_is_unmatched_and_nothing_else_moves() {
    let actions = first_items();
    let gone = state(FIRST, 1, "Text nobody wrote", "done", at(8, 15, 40));
    let elsewhere = state(
        "2026-11-01T1530_math9_tuning",
        0,
        "Book the lab",
        "done",
        at(8, 15, 41),
    );
    let good = state(FIRST, 1, "Book the lab", "dropped", at(8, 15, 42));
    let (items, unmatched) = combine(
        [written(FIRST, 1, &actions)],
        [(SECOND, &gone), (SECOND, &elsewhere), (FOLLOW, &good)],
    );
    assert_eq!(
        unmatched,
        [(SECOND.to_string(), gone), (SECOND.to_string(), elsewhere)]
    );
    assert_eq!(items[1].state, ItemState::Dropped);
    assert_eq!(items[1].history.len(), 1);
}

#[test]
fn an_item_of_a_rehearsal_or_damaged_record_is_not_written_so_its_change_is_unmatched() {
    // Readers leave rehearsals (unless asked) and damaged records out of
    // `written`; a change to one of their items has nothing to apply to.
    let actions = first_items();
    let to_rehearsal = state(
        "2026-12-02T0900_math9_tuning",
        0,
        "Share the rubric",
        "done",
        at(8, 15, 40),
    );
    let (items, unmatched) = combine([written(FIRST, 1, &actions)], [(SECOND, &to_rehearsal)]);
    assert!(items.iter().all(|i| i.history.is_empty()));
    assert_eq!(unmatched.len(), 1);
    assert_eq!(unmatched[0].0, SECOND);

    let (items, unmatched) = combine([], [(SECOND, &to_rehearsal)]);
    assert!(items.is_empty());
    assert_eq!(unmatched.len(), 1);
}

#[test]
fn a_session_given_twice_is_written_once() {
    let actions = first_items();
    let done = state(FIRST, 0, "Share the rubric", "done", at(8, 15, 40));
    let (items, _) = combine(
        [written(FIRST, 1, &actions), written(FIRST, 1, &actions)],
        [(SECOND, &done)],
    );
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].state, ItemState::Done);
}

#[test]
fn an_unreadable_value_is_kept_in_history_but_changes_nothing() {
    let actions = first_items();
    let bad_state = state(FIRST, 0, "Share the rubric", "finished", at(8, 15, 40));
    let bad_due = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::Due,
        None,
        Some("next week"),
        at(8, 15, 41),
    );
    let no_state = change(
        FIRST,
        0,
        "Share the rubric",
        ActionField::State,
        None,
        None,
        at(8, 15, 42),
    );
    let (items, _) = combine(
        [written(FIRST, 1, &actions)],
        [
            (SECOND, &bad_state),
            (SECOND, &bad_due),
            (SECOND, &no_state),
        ],
    );
    assert_eq!(items[0].state, ItemState::Open);
    assert_eq!(items[0].due, Some(day(5)));
    assert_eq!(items[0].history.len(), 3);
}

#[test]
fn apply_shows_a_change_at_once_without_touching_history() {
    let actions = first_items();
    let mut t = TrackedItem::written(FIRST, 0, day(1), Some("math9"), &actions[0]);
    let c = t
        .change(ActionField::State, Some("done".into()), at(8, 15, 40))
        .expect("a change");
    t.apply(&c);
    assert_eq!(t.state, ItemState::Done);
    assert!(t.history.is_empty());
    t.apply_from(SECOND, &c);
    assert_eq!(t.history.len(), 1);
    assert_eq!(t.history[0].source, SECOND);
    // A blank owner clears it; a padded date still reads.
    let mut t = TrackedItem::written(FIRST, 0, day(1), None, &actions[0]);
    t.apply(&change(
        FIRST,
        0,
        "",
        ActionField::Owner,
        None,
        Some("  "),
        at(8, 1, 1),
    ));
    assert_eq!(t.owner, None);
    t.apply(&change(
        FIRST,
        0,
        "",
        ActionField::Owner,
        None,
        Some(" Chen Li "),
        at(8, 1, 1),
    ));
    assert_eq!(t.owner.as_deref(), Some("Chen Li"));
    t.apply(&change(
        FIRST,
        0,
        "",
        ActionField::Due,
        None,
        Some(" 2026-12-24 "),
        at(8, 1, 1),
    ));
    assert_eq!(t.due, Some(day(24)));
    assert_eq!(t.group, None);
}

#[test]
fn change_builds_a_change_from_the_current_value() {
    let actions = first_items();
    let t = TrackedItem::written(FIRST, 0, day(1), Some("math9"), &actions[0]);
    let when = at(8, 15, 40);
    assert_eq!(
        t.change(ActionField::State, Some("done".into()), when),
        Some(ActionChange {
            at: when,
            session: FIRST.into(),
            item: 0,
            text: "Share the rubric".into(),
            field: ActionField::State,
            from: Some("open".into()),
            to: Some("done".into()),
        })
    );
    assert_eq!(
        t.change(ActionField::Owner, None, when)
            .map(|c| (c.from, c.to)),
        Some((Some("Ana Ruiz".into()), None))
    );
    assert_eq!(
        t.change(ActionField::Owner, Some(" Ben Okafor ".into()), when)
            .map(|c| (c.from, c.to)),
        Some((Some("Ana Ruiz".into()), Some("Ben Okafor".into())))
    );
    assert_eq!(
        t.change(ActionField::Due, Some("2026-12-15".into()), when)
            .map(|c| (c.from, c.to)),
        Some((Some("2026-12-05".into()), Some("2026-12-15".into())))
    );
    assert_eq!(
        t.change(ActionField::Due, None, when)
            .map(|c| (c.from, c.to)),
        Some((Some("2026-12-05".into()), None))
    );
    let at_two = TrackedItem::written(FIRST, 2, day(1), None, &actions[2]);
    assert_eq!(
        at_two
            .change(ActionField::State, Some("open".into()), when)
            .map(|c| (c.item, c.from, c.to)),
        Some((2, Some("done".into()), Some("open".into())))
    );
}

#[test]
fn change_is_none_when_the_value_is_already_so() {
    let actions = first_items();
    let t = TrackedItem::written(FIRST, 0, day(1), Some("math9"), &actions[0]);
    let when = at(8, 15, 40);
    assert_eq!(
        t.change(ActionField::State, Some("open".into()), when),
        None
    );
    assert_eq!(
        t.change(ActionField::State, Some(" open ".into()), when),
        None
    );
    assert_eq!(
        t.change(ActionField::Owner, Some("Ana Ruiz".into()), when),
        None
    );
    assert_eq!(
        t.change(ActionField::Owner, Some(" Ana Ruiz ".into()), when),
        None
    );
    assert_eq!(
        t.change(ActionField::Due, Some("2026-12-05".into()), when),
        None
    );
    let bare = TrackedItem::written(FIRST, 1, day(1), None, &actions[1]);
    assert_eq!(bare.change(ActionField::Owner, None, when), None);
    assert_eq!(
        bare.change(ActionField::Owner, Some("   ".into()), when),
        None
    );
    assert_eq!(bare.change(ActionField::Due, None, when), None);
    // Nothing that reads as a value is no change either.
    assert_eq!(
        t.change(ActionField::State, Some("finished".into()), when),
        None
    );
    assert_eq!(t.change(ActionField::State, None, when), None);
    assert_eq!(t.change(ActionField::Due, Some("soon".into()), when), None);
}

#[test]
fn value_reads_each_field_as_a_change_writes_it() {
    let actions = first_items();
    let t = TrackedItem::written(FIRST, 0, day(1), None, &actions[0]);
    assert_eq!(t.value(ActionField::State).as_deref(), Some("open"));
    assert_eq!(t.value(ActionField::Owner).as_deref(), Some("Ana Ruiz"));
    assert_eq!(t.value(ActionField::Due).as_deref(), Some("2026-12-05"));
    let bare = TrackedItem::written(FIRST, 1, day(1), None, &actions[1]);
    assert_eq!(bare.value(ActionField::Owner), None);
    assert_eq!(bare.value(ActionField::Due), None);
    assert_eq!(parse_due("2026-02-30"), None);
    assert_eq!(parse_due("2026-12-05"), Some(day(5)));
    assert_eq!(due_text(day(5)), "2026-12-05");
}

fn indexed(
    id: &str,
    speed: u32,
    actions: Vec<ActionItem>,
    changes: Vec<ActionChange>,
) -> crate::record::index::IndexedSession {
    let text =
        include_str!("../../../tests/fixtures/sessions/2026-10-06T1530_math9_tuning-v2.yaml");
    let mut rec = crate::record::parse(text).expect("the fixture reads");
    rec.speed = speed;
    rec.actions = actions;
    rec.action_changes = changes;
    crate::record::index::IndexedSession {
        id: id.into(),
        path: std::path::PathBuf::from(format!("{id}.yaml")),
        summary: crate::record::summary::SessionSummary::of(&rec),
    }
}

#[test]
fn tracked_items_leave_rehearsals_and_their_changes_out_unless_asked() {
    let rehearsal = "2026-12-02T0900_math9_tuning";
    let index = SessionIndex {
        sessions: vec![
            indexed(
                rehearsal,
                20,
                vec![item("Practise the timing")],
                vec![state(FIRST, 1, "Book the lab", "done", at(2, 9, 5))],
            ),
            indexed(FIRST, 1, first_items(), vec![]),
        ],
        ..SessionIndex::default()
    };
    let follow = FollowUp {
        saved_at: at(3, 9, 0),
        group: None,
        action_changes: vec![state(FIRST, 0, "Share the rubric", "dropped", at(3, 9, 0))],
    };
    let followups = [(FOLLOW.to_string(), follow)];

    let (items, unmatched) = tracked_items(&index, &followups, false);
    assert!(unmatched.is_empty());
    let texts: Vec<&str> = items.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Share the rubric", "Book the lab", "Send the agenda"]
    );
    assert_eq!(items[0].state, ItemState::Dropped, "the follow-up applies");
    assert!(items[1].is_open(), "the rehearsal's change does not");
    assert_eq!(items[0].group.as_deref(), Some("math9"));

    let (items, unmatched) = tracked_items(&index, &followups, true);
    assert!(unmatched.is_empty());
    assert_eq!(items[0].text, "Practise the timing", "newest record first");
    assert_eq!(items[0].session, rehearsal);
    assert_eq!(
        items[2].state,
        ItemState::Done,
        "with rehearsals, its change applies"
    );
    assert_eq!(items[2].history[0].source, rehearsal);
}
