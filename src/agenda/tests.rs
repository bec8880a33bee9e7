use super::model::{Agenda, DECISION, Item, ProtocolItem, ProtocolRef};
use super::{ExpandError, expand};
use crate::protocol::{self, NoteKind, Phase, Protocol};

fn simple(name: &str, minutes: f64) -> Item {
    Item::Simple(Box::new(Phase {
        name: name.into(),
        minutes,
        ..Phase::default()
    }))
}

fn nested(id: &str) -> Item {
    Item::Protocol(ProtocolItem {
        protocol: ProtocolRef::Id(id.into()),
        name: None,
    })
}

fn weekly(items: Vec<Item>) -> Agenda {
    Agenda {
        id: "weekly".into(),
        name: "Weekly PLG meeting".into(),
        summary: "Connection, one protocol, logistics, plus/delta.".into(),
        items,
        ..Agenda::default()
    }
}

fn builtin(id: &str) -> Option<Protocol> {
    protocol::builtin(id)
}

#[test]
fn items_run_in_order_with_each_phase_naming_its_item() {
    let a = weekly(vec![
        simple("Connection", 5.0),
        nested("consultancy"),
        simple("Logistics", 5.0),
    ]);
    let p = expand(&a, &builtin, None).expect("expands");
    let consultancy = builtin("consultancy").expect("built in");
    assert_eq!(p.phases.len(), consultancy.phases.len() + 2);
    assert_eq!(p.phases[0].name, "Connection");
    assert_eq!(p.phases[1].name, consultancy.phases[0].name);
    let spans = p.items();
    assert_eq!(spans.len(), 3);
    assert_eq!(spans[0].phases, 0..1);
    assert_eq!(spans[1].phases, 1..1 + consultancy.phases.len());
    assert_eq!(spans[1].name, consultancy.name);
    assert_eq!(spans[1].protocol.as_deref(), Some("consultancy"));
    assert_eq!(spans[2].name, "Logistics");
    assert_eq!(p.item_of(p.phases.len() - 1), 2);
    // The whole meeting's length is every item's.
    let people = 6;
    assert_eq!(
        p.total_secs(people),
        consultancy.total_secs(people) + 600,
        "one clock for the whole meeting"
    );
}

#[test]
fn a_protocol_run_alone_reads_as_one_item() {
    let t = builtin("tuning").expect("built in");
    let spans = t.items();
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].name, t.name);
    assert_eq!(spans[0].phases, 0..t.phases.len());
}

#[test]
fn the_checkin_happens_once_in_the_marked_item_then_the_protocols_then_the_last() {
    let consultancy = builtin("consultancy").expect("built in");
    let own = consultancy.checkin_phase();

    let mut marked = simple("Plus/delta", 5.0);
    if let Item::Simple(p) = &mut marked {
        p.checkin = true;
    }
    let a = weekly(vec![
        simple("Connection", 5.0),
        nested("consultancy"),
        marked,
    ]);
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(p.phases.iter().filter(|ph| ph.checkin).count(), 1);
    assert_eq!(p.checkin_phase(), Some(p.phases.len() - 1));

    let a = weekly(vec![nested("consultancy"), simple("Logistics", 5.0)]);
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(p.phases.iter().filter(|ph| ph.checkin).count(), 1);
    match own {
        Some(i) => assert_eq!(p.checkin_phase(), Some(i)),
        None => assert_eq!(p.checkin_phase(), Some(p.phases.len() - 1)),
    }

    let a = weekly(vec![simple("Connection", 5.0), simple("Logistics", 5.0)]);
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(p.checkin_phase(), Some(1));
}

#[test]
fn every_item_offers_decisions() {
    let mut restricted = Phase {
        name: "Logistics".into(),
        minutes: 5.0,
        notes: Some(vec!["note".into()]),
        ..Phase::default()
    };
    restricted.notes = Some(vec![]);
    let a = weekly(vec![Item::Simple(Box::new(restricted)), nested("tuning")]);
    let p = expand(&a, &builtin, None).expect("expands");
    for phase in &p.phases {
        assert!(p.offers(phase, DECISION), "{} offers decisions", phase.name);
    }
    let decision = p.note_kind(DECISION).expect("declared");
    assert_eq!(decision.label, "Decision");
}

/// Setting Norms writes "what I need" with `d`: in its phases `d` keeps
/// opening that, and everywhere else in the meeting it opens a decision.
/// A kind the agenda declares on `d` takes it in the agenda's own items.
/// In no phase does one key stand for two kinds.
#[test]
fn a_key_two_files_use_opens_the_kind_of_the_phase_s_own_file() {
    let norms = builtin("norm-setting").expect("built in");
    let need = norms
        .note_kinds
        .iter()
        .find(|k| k.key == Some('d'))
        .expect("Setting Norms has a kind on d")
        .id
        .clone();
    let mut a = weekly(vec![
        simple("Connection", 5.0),
        nested("norm-setting"),
        simple("Logistics", 5.0),
    ]);
    let p = expand(&a, &builtin, None).expect("expands");
    let on_d = |p: &Protocol, i: usize| p.kind_for_key(&p.phases[i], 'd').map(|k| k.id.clone());
    let last = p.phases.len() - 1;
    assert_eq!(on_d(&p, 0).as_deref(), Some(DECISION));
    assert_eq!(on_d(&p, last).as_deref(), Some(DECISION));
    for (i, phase) in norms.phases.iter().enumerate() {
        let expected = if norms.offers(phase, &need) {
            &need
        } else {
            DECISION
        };
        assert_eq!(on_d(&p, i + 1).as_deref(), Some(expected), "{}", phase.name);
    }
    for phase in &p.phases {
        let keys: Vec<char> = p.keyed_kinds(phase).iter().filter_map(|k| k.key).collect();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(keys.len(), unique.len(), "{}: {keys:?}", phase.name);
    }

    a.note_kinds = vec![NoteKind {
        id: "done".into(),
        label: "Done".into(),
        key: Some('d'),
    }];
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(on_d(&p, 0).as_deref(), Some("done"));
    assert!(p.offers(&p.phases[0], DECISION), "still offered, by Tab");
}

#[test]
fn choose_takes_the_facilitators_pick() {
    let a = weekly(vec![
        simple("Connection", 5.0),
        Item::Protocol(ProtocolItem {
            protocol: ProtocolRef::Choose,
            name: None,
        }),
    ]);
    assert_eq!(
        expand(&a, &builtin, None),
        Err(ExpandError::ChoiceNeeded {
            agenda: "weekly".into()
        })
    );
    let p = expand(&a, &builtin, builtin("tuning")).expect("expands");
    let plan = p.agenda.as_ref().expect("an agenda");
    assert!(plan.items[1].chosen);
    assert_eq!(plan.items[1].protocol.as_deref(), Some("tuning"));
    // A pick for an agenda that has nothing to choose is a mistake.
    let b = weekly(vec![simple("Connection", 5.0)]);
    assert!(matches!(
        expand(&b, &builtin, builtin("tuning")),
        Err(ExpandError::NothingToChoose { .. })
    ));
}

#[test]
fn a_missing_protocol_or_a_nested_agenda_is_an_error_not_a_loop() {
    let a = weekly(vec![nested("consultncy")]);
    assert!(matches!(
        expand(&a, &builtin, None),
        Err(ExpandError::UnknownProtocol { item: 0, .. })
    ));
    let inner = expand(&weekly(vec![simple("A", 1.0)]), &builtin, None).expect("expands");
    let lookup = move |id: &str| (id == "weekly").then(|| inner.clone());
    let a = weekly(vec![nested("weekly")]);
    assert!(matches!(
        expand(&a, &lookup, None),
        Err(ExpandError::NestedAgenda { .. })
    ));
}

#[test]
fn roles_and_asks_of_nested_protocols_are_kept_once() {
    let a = weekly(vec![nested("tuning"), nested("consultancy")]);
    let p = expand(&a, &builtin, None).expect("expands");
    let mut ids: Vec<&str> = p.roles.iter().map(|r| r.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "each role once");
    let asks = p.asks();
    let mut unique = asks.clone();
    unique.dedup();
    assert_eq!(asks.len(), unique.len());
    assert!(!asks.is_empty());
}

#[test]
fn an_expanded_agenda_survives_the_record_snapshot() {
    let a = weekly(vec![simple("Connection", 5.0), nested("consultancy")]);
    let p = expand(&a, &builtin, None).expect("expands");
    let yaml = serde_yaml::to_string(&p).expect("serialises");
    let back: Protocol = serde_yaml::from_str(&yaml).expect("reads back");
    assert_eq!(back, p);
    assert_eq!(back.items(), p.items());
}

/// The plan gathers every item's note kinds, but each phase offers only
/// those of the file it was written in: the connection does not offer the
/// nested protocol's evidence notes, nor the protocol's phases the agenda's
/// ideas. The plain note and decisions are offered everywhere.
#[test]
fn each_phase_offers_the_note_kinds_of_its_own_item() {
    let mut a = weekly(vec![
        simple("Connection", 5.0),
        nested("examining-student-work"),
        simple("Logistics", 5.0),
    ]);
    a.note_kinds = vec![NoteKind {
        id: "idea".into(),
        label: "Idea".into(),
        key: Some('x'),
    }];
    let esw = builtin("examining-student-work").expect("built in");
    assert!(!esw.note_kinds.is_empty(), "the protocol declares kinds");
    let p = expand(&a, &builtin, None).expect("expands");
    let offered = |i: usize| -> Vec<String> {
        p.kinds_for(&p.phases[i])
            .iter()
            .map(|k| k.id.clone())
            .collect()
    };
    let last = p.phases.len() - 1;
    for i in [0, last] {
        assert_eq!(
            offered(i),
            ["note", "idea", "decision"],
            "{}",
            p.phases[i].name
        );
    }
    for (i, phase) in esw.phases.iter().enumerate() {
        let mut own: Vec<String> = esw.kinds_for(phase).iter().map(|k| k.id.clone()).collect();
        own.push(DECISION.into());
        assert_eq!(offered(i + 1), own, "{}", phase.name);
    }
}

/// Without a marked item or a protocol's own check-in, the check-in goes to
/// the last item the facilitator cannot leave out at setup.
#[test]
fn the_check_in_falls_back_to_the_last_item_that_cannot_be_left_out() {
    let mut extra = Phase {
        name: "If time allows".into(),
        minutes: 5.0,
        optional: true,
        ..Phase::default()
    };
    let a = weekly(vec![
        simple("Connection", 5.0),
        simple("Logistics", 5.0),
        Item::Simple(Box::new(extra.clone())),
    ]);
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(p.checkin_phase(), Some(1));
    extra.optional = false;
    let a = weekly(vec![
        simple("Connection", 5.0),
        Item::Simple(Box::new(extra)),
    ]);
    let p = expand(&a, &builtin, None).expect("expands");
    assert_eq!(p.checkin_phase(), Some(1));
}
