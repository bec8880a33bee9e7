//! The built-in library against the published protocols it follows.
//!
//! Every rule here runs over every built-in protocol, so a protocol added to
//! `protocols/` is held to the same standard without touching this file:
//! it is valid with nothing to warn about, it fits its published length at
//! the group size it works best with, and the presenter's silence (the core
//! of Tuning, Consultancy, ATLAS, the Collaborative Assessment Conference and
//! Success Analysis) is written down wherever it holds.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly by design

use plg::protocol::{BUILTIN, OTHERS, Phase, Protocol, ROUND_PERSON, check};

const PRESENTER: &str = "presenter";
const EVERYONE: &str = "everyone";
const FACILITATOR: &str = "facilitator";

/// Every built-in, checked, with its file name.
fn library() -> Vec<(&'static str, Protocol)> {
    BUILTIN
        .iter()
        .map(|(file, src)| {
            let checked = check(src);
            let errors: Vec<_> = checked
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .collect();
            assert!(errors.is_empty(), "{file}: {errors:#?}");
            (*file, checked.value.unwrap())
        })
        .collect()
}

fn speakers(phase: &Phase) -> Vec<&str> {
    phase.speaker.as_ref().map(|s| s.ids()).unwrap_or_default()
}

/// `talk`, `silent` or `written`, as a coach writes it.
fn mode(phase: &Phase) -> String {
    format!("{:?}", phase.mode).to_lowercase()
}

fn has_role(p: &Protocol, id: &str) -> bool {
    p.roles.iter().any(|r| r.id == id)
}

fn ideal(p: &Protocol, file: &str) -> usize {
    p.group_size
        .as_ref()
        .and_then(|g| g.ideal())
        .unwrap_or_else(|| panic!("{file}: group_size gives no ideal size"))
}

#[test]
fn every_builtin_is_valid_with_nothing_to_warn_about_and_named_after_its_id() {
    for (file, src) in BUILTIN {
        let checked = check(src);
        assert!(
            checked.diagnostics.is_empty(),
            "{file}: {:#?}",
            checked.diagnostics
        );
        let p = checked.value.unwrap();
        assert_eq!(format!("{}.yaml", p.id), *file);
    }
}

#[test]
fn the_library_holds_the_protocols_the_groups_need() {
    let ids: Vec<String> = library().into_iter().map(|(_, p)| p.id).collect();
    for id in [
        // The nine the library began with; records refer to these ids.
        "tuning",
        "consultancy",
        "examining-student-work",
        "collaborative-assessment-conference",
        "success-analysis",
        "final-word",
        "chalk-talk",
        "compass-points",
        "data-driven-dialogue",
        // What the seed documents point at.
        "atlas-looking-at-data",
        "plc-four-questions",
        "calibration",
        "four-as-text-protocol",
        "save-the-last-word",
        "norm-setting",
        "norms-review",
        "peer-observation-pre-conference",
        "peer-observation-post-conference",
        "descriptive-consultancy",
        "plg-self-assessment",
        "facilitators-meeting",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} is not built in");
    }
}

#[test]
fn every_builtin_says_what_a_facilitator_needs_before_the_meeting() {
    for (file, p) in library() {
        let source = p
            .source
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            source.contains("Adapted")
                || source.contains("adapt")
                || source.contains("plg project's"),
            "{file}: the source does not say what plg adapts"
        );
        assert!(!p.materials.is_empty(), "{file}: no materials");
        assert!(p.preparation.is_some(), "{file}: no preparation");
        assert!(p.asks.is_some(), "{file}: does not say what setup asks for");
        assert!(
            p.facilitator_notes.is_some(),
            "{file}: no protocol-level facilitator notes"
        );
        assert!(p.checkin_phase().is_some(), "{file}: no norm check-in");
    }
}

#[test]
fn every_builtin_fits_its_published_length_at_its_ideal_size() {
    for (file, p) in library() {
        let people = ideal(&p, file);
        let range = p
            .total_minutes
            .unwrap_or_else(|| panic!("{file}: no total_minutes"));
        let minutes = p.total_secs(people) as f64 / 60.0;
        assert!(
            range.low <= minutes && minutes <= range.high,
            "{file}: {minutes} minutes for {people} people, outside [{}, {}]",
            range.low,
            range.high
        );
    }
}

#[test]
fn every_phase_stays_inside_its_published_range() {
    for (file, p) in library() {
        for ph in &p.phases {
            if let Some(r) = ph.range {
                assert!(
                    r.low <= ph.minutes && ph.minutes <= r.high,
                    "{file}: {} plans {} minutes, outside [{}, {}]",
                    ph.name,
                    ph.minutes,
                    r.low,
                    r.high
                );
            }
        }
    }
}

/// The rule: in a protocol that declares a `presenter` role, a phase whose
/// speakers do not include the presenter lists the presenter in `silent`,
/// unless it is an open discussion (`speaker: everyone`), nobody talks
/// (`mode: silent`), the conversation is written (`mode: written`), or its
/// rounds have timed turns (the turns say who speaks; see the next test).
#[test]
fn the_presenter_is_silent_wherever_others_have_the_floor() {
    let mut checked = 0;
    for (file, p) in library() {
        if !has_role(&p, PRESENTER) {
            continue;
        }
        for ph in &p.phases {
            let who = speakers(ph);
            let exempt = who.contains(&PRESENTER)
                || who == [EVERYONE]
                || mode(ph) != "talk"
                || !ph.turns().is_empty();
            if exempt {
                continue;
            }
            checked += 1;
            assert!(
                ph.silent.iter().any(|r| r == PRESENTER),
                "{file}: in `{}` {who:?} speak but the presenter is not listed as silent",
                ph.name
            );
        }
    }
    assert!(checked >= 15, "the rule checked only {checked} phases");
}

/// Inside a round's timed turns: while the round's person has the floor the
/// others listen silently, and when each other person answers in turn
/// (`each`), the round's person listens without answering.
#[test]
fn in_timed_rounds_the_person_holding_the_floor_is_listened_to() {
    let mut turns = 0;
    for (file, p) in library() {
        for ph in &p.phases {
            for t in ph.turns() {
                turns += 1;
                if t.speaker == ROUND_PERSON {
                    assert!(
                        t.silent.iter().any(|r| r == OTHERS),
                        "{file}: in `{}`, `{}` does not silence the others",
                        ph.name,
                        t.name
                    );
                }
                if t.speaker == OTHERS && t.each {
                    assert!(
                        t.silent.iter().any(|r| r == ROUND_PERSON),
                        "{file}: in `{}`, `{}` does not silence the round's person",
                        ph.name,
                        t.name
                    );
                }
            }
        }
    }
    assert!(turns >= 9, "only {turns} timed turns in the library");
}

/// A presenter who speaks alone after listening silently to the group (the
/// reflection, the response, the next steps) keeps that time: rebalancing
/// never shrinks it. So does the last phase of every protocol (the debrief,
/// or the commitments that close a short review).
#[test]
fn the_debrief_and_the_presenters_reflection_are_protected() {
    for (file, p) in library() {
        let last = p.phases.last().unwrap();
        assert!(last.protect, "{file}: `{}` is not protected", last.name);
        for (i, ph) in p.phases.iter().enumerate() {
            if speakers(ph) != [PRESENTER] {
                continue;
            }
            let listened_before = p.phases[..i].iter().any(|earlier| {
                earlier.silent.iter().any(|r| r == PRESENTER) && speakers(earlier) != [FACILITATOR]
            });
            if listened_before {
                assert!(
                    ph.protect,
                    "{file}: `{}` follows the presenter's silence but is not protected",
                    ph.name
                );
            }
        }
    }
}

#[test]
fn everyone_presents_in_success_analysis() {
    let p = plg::protocol::builtin("success-analysis").unwrap();
    let rounds = p.phases.iter().find(|ph| !ph.turns().is_empty()).unwrap();
    assert!(rounds.round.as_ref().unwrap().presents);
    let names: Vec<&str> = rounds.turns().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Describe the success",
            "Clarifying questions",
            "Analyse why it worked"
        ]
    );
    assert!(rounds.turns()[2].silent.iter().any(|r| r == ROUND_PERSON));
}

#[test]
fn the_group_hears_the_presenting_teacher_only_after_the_implications_in_atlas() {
    let (_, p) = library()
        .into_iter()
        .find(|(_, p)| p.id == "examining-student-work")
        .unwrap();
    let position = |name: &str| p.phases.iter().position(|ph| ph.name == name).unwrap();
    assert!(position("Implications for teaching") < position("Presenter reflection"));
    for ph in &p.phases[1..position("Presenter reflection")] {
        assert!(
            ph.silent.iter().any(|r| r == PRESENTER),
            "the presenting teacher speaks in `{}`",
            ph.name
        );
    }
}

#[test]
fn setup_asks_each_protocol_for_what_it_works_on() {
    let asks = |p: &Protocol| -> Vec<String> {
        p.asks()
            .iter()
            .map(|a| format!("{a:?}").to_lowercase())
            .collect()
    };
    for (file, p) in library() {
        let a = asks(&p);
        match p.id.as_str() {
            "chalk-talk" | "compass-points" => {
                assert!(!a.contains(&"focusingquestion".into()), "{file}: {a:?}");
            }
            "final-word" => {
                assert!(!a.contains(&"focusingquestion".into()), "{file}: {a:?}");
                assert!(a.contains(&"text".into()), "{file}: {a:?}");
            }
            "consultancy" | "descriptive-consultancy" => {
                assert!(a.contains(&"dilemma".into()), "{file}: {a:?}");
            }
            "save-the-last-word" | "four-as-text-protocol" => {
                assert!(a.contains(&"text".into()), "{file}: {a:?}");
            }
            "data-driven-dialogue" | "atlas-looking-at-data" | "plc-four-questions" => {
                assert!(a.contains(&"data".into()), "{file}: {a:?}");
            }
            _ => {}
        }
    }
}

#[test]
fn chalk_talk_is_written_and_silent_looking_is_silent() {
    for (file, p) in library() {
        for ph in &p.phases {
            if mode(ph) != "talk" {
                assert!(
                    ph.silent.is_empty(),
                    "{file}: `{}` is {} for everyone; a silent list adds nothing",
                    ph.name,
                    mode(ph)
                );
            }
        }
    }
    let chalk = plg::protocol::builtin("chalk-talk").unwrap();
    assert!(chalk.phases.iter().any(|ph| mode(ph) == "written"));
    let tuning = plg::protocol::builtin("tuning").unwrap();
    let examine = tuning
        .phases
        .iter()
        .find(|ph| ph.name == "Examine the work")
        .unwrap();
    assert_eq!(mode(examine), "silent");
}
