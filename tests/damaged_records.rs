//! Damaged records, through the real binary: the message names the file and
//! line, the item (step 2, "Rounds …"; action item 1, …), what was found and
//! what belongs there, and says how to fix it, instead of serde's path and
//! type names.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::PathBuf;

mod support;

use support::{plg, stderr};

const FIXTURE: &str = include_str!("fixtures/sessions/2026-11-17T1530_math9_tuning-v4.yaml");
const ID: &str = "2026-11-17T1530_math9_tuning";
const FIX: &str = "Fix the line, or restore the file from a copy.";

/// The fixture with the `nth` (from 1) occurrence of `from` replaced by `to`.
fn damaged(from: &str, nth: usize, to: &str) -> String {
    let (at, _) = FIXTURE
        .match_indices(from)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("`{from}` #{nth} is not in the fixture"));
    format!("{}{to}{}", &FIXTURE[..at], &FIXTURE[at + from.len()..])
}

fn home_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("sessions");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{ID}.yaml"));
    std::fs::write(&path, text).unwrap();
    (home, path)
}

/// What `plg logs show` says about the record, which must fail without a panic.
fn show_error(text: &str) -> (String, PathBuf) {
    let (home, path) = home_with(text);
    let o = plg(&["logs", "show", ID], home.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    (err, path)
}

#[test]
fn an_empty_phase_index_names_the_step_what_belongs_there_and_the_fix() {
    let (err, path) = show_error(&damaged("phase_index: 1\n", 1, "phase_index:\n"));
    assert_eq!(
        err.trim_end(),
        format!(
            "plg: {}:38: column 15: step 2 (\"Rounds (Round 1 of 2: Ana Ruiz)\"): `phase_index` \
             is empty; it should be a whole number: the phase's position in the protocol, from \
             0. {FIX}",
            path.display()
        )
    );
    assert!(
        !err.contains("usize") && !err.contains("unit value"),
        "{err}"
    );
}

#[test]
fn each_kind_of_damage_reads_as_a_sentence_with_its_line() {
    let cases: &[(&str, usize, &str, &str)] = &[
        (
            "status: completed",
            1,
            "status: done",
            ":3: column 9: `status` is `done`; it should be one of in-progress, completed, ended-early.",
        ),
        (
            "started_at: 2026-11-17T15:30:00-04:00\n",
            1,
            "started_at: yesterday\n",
            ":4: column 13: `started_at` is `yesterday`; it should be a date and time written like 2026-11-23T15:30:00+01:00.",
        ),
        (
            "votes: [0, 0, 0, 1, 2, 0]",
            1,
            "votes: [1, 2]",
            "check-in norm 1 (\"Start and end on time\"): `votes` has 2 items; it should be a list of six whole numbers",
        ),
        (
            "due: 2026-11-24",
            1,
            "due: next week",
            "action item 1 (\"Share the revised rubric\"): `due` is `next week`; it should be a date written YYYY-MM-DD",
        ),
        (
            "  phase_index: 1\n",
            1,
            "",
            ":37: column 3: step 2 (\"Rounds (Round 1 of 2: Ana Ruiz)\"): `phase_index` is missing;",
        ),
        (
            "present: [Ana Ruiz, Ben Okafor, Dana Wright]",
            1,
            "present: Ana Ruiz",
            ":15: column 12: `attendance.present` is `Ana Ruiz`; it should be a list of names or lines of text.",
        ),
        (
            "kind: add-minute",
            1,
            "kind: add-hour",
            "adjustment 1: `kind` is `add-hour`; it should be one of add-minute, remove-minute, rebalance.",
        ),
    ];
    for (from, nth, to, want) in cases {
        let (err, path) = show_error(&damaged(from, *nth, to));
        assert!(
            err.starts_with(&format!("plg: {}:", path.display())),
            "{to}: {err}"
        );
        assert!(err.contains(want), "{to}: want {want:?} in\n{err}");
        assert!(err.trim_end().ends_with(FIX), "{to}: {err}");
    }
}

#[test]
fn a_value_check_names_the_step_the_same_way() {
    let (err, path) = show_error(&damaged("phase_index: 1\n", 1, "phase_index: 40\n"));
    assert!(
        err.starts_with(&format!(
            "plg: {}:38: column 16: step 2 (\"Rounds (Round 1 of 2: Ana Ruiz)\"): `phase_index` is 40",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn the_list_warns_in_the_same_words_and_lists_the_rest() {
    let (home, path) = home_with(&damaged("status: completed", 1, "status: [oops]"));
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sessions/2026-11-03T1530_math9_tuning-v3.yaml"
        ),
        home.path()
            .join("sessions/2026-11-03T1530_math9_tuning.yaml"),
    )
    .unwrap();
    let o = plg(&["logs", "list"], home.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).trim_end(),
        format!(
            "warning: {}:3: column 9: `status` is a list; it should be one of in-progress, \
             completed, ended-early. {FIX}",
            path.display()
        )
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("2026-11-03T1530_math9_tuning"));
}

#[test]
fn broken_yaml_keeps_its_position_and_gets_the_advice() {
    let (err, path) = show_error(&damaged(
        "phase: Presentation\n",
        1,
        "phase: [Presentation\n",
    ));
    assert!(
        err.starts_with(&format!("plg: {}:", path.display())),
        "{err}"
    );
    assert!(err.trim_end().ends_with(FIX), "{err}");
}
