//! `plg check` on real files, through the real binary: one invalid file per
//! rule, asserting the position and the message a coach will read.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::{Path, PathBuf};

use support::{plg, stdout};

fn fixture(kind: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/protocols")
        .join(kind)
        .join(name)
}

/// Checks one invalid file and returns its output after asserting exit status 1.
fn check_invalid(name: &str) -> String {
    let home = tempfile::tempdir().unwrap();
    let path = fixture("invalid", name);
    let out = plg(&["check", path.to_str().unwrap()], home.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{name}: {text}");
    text
}

/// Asserts that the output has `FILE:LINE:COL: error: MESSAGE`, with a hint on the next line.
fn assert_error(out: &str, name: &str, line: usize, col: usize, message: &str, hint: &str) {
    let path = fixture("invalid", name);
    let header = format!(
        "{}:{line}:{col}: error: {message}\n  hint: ",
        path.display()
    );
    let Some(at) = out.find(&header) else {
        panic!("expected\n{header}\nin\n{out}");
    };
    let hint_line = out[at + header.len()..].lines().next().unwrap_or_default();
    assert!(
        hint_line.contains(hint),
        "hint {hint_line:?} lacks {hint:?}"
    );
}

#[test]
fn tabs_are_yaml_syntax_errors_at_the_tab() {
    let out = check_invalid("yaml-tab.yaml");
    assert_error(
        &out,
        "yaml-tab.yaml",
        5,
        1,
        "a tab character is used for indentation or structure here",
        "replace the tab with spaces",
    );
}

#[test]
fn unclosed_quotes_point_at_the_opening_quote() {
    let out = check_invalid("yaml-unclosed-quote.yaml");
    assert_error(
        &out,
        "yaml-unclosed-quote.yaml",
        2,
        7,
        "the quoted text that starts here is not closed",
        "close the quote",
    );
}

#[test]
fn empty_files_are_refused() {
    let out = check_invalid("empty.yaml");
    assert_error(
        &out,
        "empty.yaml",
        1,
        1,
        "the file is empty; a protocol file needs at least some keys",
        "plg new",
    );
}

#[test]
fn files_that_are_not_utf8_name_the_first_bad_byte() {
    let out = check_invalid("not-utf8.yaml");
    assert_error(
        &out,
        "not-utf8.yaml",
        2,
        10,
        "the file is not valid UTF-8 text",
        "save the file as UTF-8",
    );
}

#[test]
fn a_document_that_is_not_a_mapping_is_refused() {
    let out = check_invalid("not-a-mapping.yaml");
    assert_error(
        &out,
        "not-a-mapping.yaml",
        1,
        1,
        "the protocol must be a mapping of `key: value` lines, but it is a list",
        "id: …",
    );
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    let out = check_invalid("unknown-key.yaml");
    assert_error(
        &out,
        "unknown-key.yaml",
        7,
        5,
        "unknown key `instructons` in phase 1 (\"Presentation\")",
        "did you mean `instructions`?",
    );
}

#[test]
fn every_missing_required_key_is_reported() {
    let out = check_invalid("missing-required.yaml");
    assert_error(
        &out,
        "missing-required.yaml",
        1,
        1,
        "the protocol is missing the required key `summary`",
        "summary:",
    );
    assert_error(
        &out,
        "missing-required.yaml",
        4,
        5,
        "phase 1 (\"Presentation\") is missing the required key `minutes`",
        "minutes: 10",
    );
    assert_error(
        &out,
        "missing-required.yaml",
        5,
        5,
        "phase 2 is missing the required key `name`",
        "name:",
    );
}

#[test]
fn wrong_types_say_what_was_found() {
    let out = check_invalid("wrong-type.yaml");
    assert_error(
        &out,
        "wrong-type.yaml",
        6,
        14,
        "`minutes` in phase 1 (\"Presentation\") must be a number, but it is the text \"ten\"",
        "minutes: 10",
    );
    assert_error(
        &out,
        "wrong-type.yaml",
        7,
        14,
        "`prompts` in phase 1 (\"Presentation\") must be a list, but it is the text \"What do you notice?\"",
        "- ",
    );
    assert_error(
        &out,
        "wrong-type.yaml",
        8,
        14,
        "`checkin` in phase 1 (\"Presentation\") must be true or false, but it is the text \"yes\"",
        "checkin: true",
    );
}

#[test]
fn minutes_must_be_positive() {
    let out = check_invalid("minutes-zero.yaml");
    assert_error(
        &out,
        "minutes-zero.yaml",
        6,
        14,
        "`minutes` in phase 1 (\"Presentation\") is 0; it must be more than 0 and at most 240",
        "minutes: 1.5",
    );
}

#[test]
fn minutes_must_be_at_most_240() {
    let out = check_invalid("minutes-too-long.yaml");
    assert_error(
        &out,
        "minutes-too-long.yaml",
        6,
        14,
        "`minutes` in phase 1 (\"Presentation\") is 300; it must be more than 0 and at most 240",
        "planned length",
    );
}

#[test]
fn repeat_must_be_a_whole_number_or_each() {
    let out = check_invalid("repeat-invalid.yaml");
    assert_error(
        &out,
        "repeat-invalid.yaml",
        7,
        13,
        "`repeat` in phase 1 (\"Rounds\") must be a positive whole number or `each`, but it is the number 2.5",
        "repeat: each",
    );
    assert_error(
        &out,
        "repeat-invalid.yaml",
        10,
        13,
        "`repeat` in phase 2 (\"More rounds\") must be a positive whole number or `each`, but it is the text \"everyone\"",
        "repeat: 3",
    );
}

#[test]
fn a_meeting_of_more_than_500_steps_is_refused_at_the_phase_that_passes_the_cap() {
    let out = check_invalid("too-many-steps.yaml");
    // 400 + 90 + one round for each of 40 people (no `group_size` given).
    assert_error(
        &out,
        "too-many-steps.yaml",
        13,
        5,
        "phase 3 (\"Final word\") brings the meeting to 530 steps for a group of 40 (`repeat: each` is counted for 40 people when `group_size` gives no number); a meeting has at most 500 (a phase is one step, a repeated phase one per round, a round with turns one per turn)",
        "give the group size",
    );
    assert_error(
        &out,
        "too-many-steps.yaml",
        16,
        13,
        "`repeat` in phase 4 (\"Huge\") is 1000000; a meeting has at most 500 steps, rounds included",
        "from 1 to 500",
    );
}

#[test]
fn ids_must_be_lowercase_slugs() {
    let out = check_invalid("id-not-slug.yaml");
    assert_error(
        &out,
        "id-not-slug.yaml",
        1,
        5,
        "`id` must be a lowercase slug, but it is `My Protocol`",
        "e.g. `my-protocol`",
    );
}

#[test]
fn duplicate_role_ids_name_the_first() {
    let out = check_invalid("duplicate-role-ids.yaml");
    assert_error(
        &out,
        "duplicate-role-ids.yaml",
        7,
        9,
        "role id `presenter` is declared twice; the first is on line 5",
        "its own id",
    );
}

#[test]
fn duplicate_note_kind_ids_name_the_first() {
    let out = check_invalid("duplicate-note-kinds.yaml");
    assert_error(
        &out,
        "duplicate-note-kinds.yaml",
        7,
        9,
        "note kind id `warm` is declared twice; the first is on line 5",
        "its own id",
    );
}

#[test]
fn duplicate_note_keys_name_the_first() {
    let out = check_invalid("duplicate-note-keys.yaml");
    assert_error(
        &out,
        "duplicate-note-keys.yaml",
        10,
        10,
        "`key: w` in note kind 2 is already used by the note kind on line 7",
        "its own key",
    );
}

#[test]
fn duplicate_yaml_keys_name_the_first() {
    let out = check_invalid("duplicate-yaml-keys.yaml");
    assert_error(
        &out,
        "duplicate-yaml-keys.yaml",
        7,
        5,
        "duplicate key `minutes` in phase 1 (\"Presentation\"); the first is on line 6",
        "remove or merge",
    );
}

#[test]
fn speakers_must_name_a_declared_role() {
    let out = check_invalid("speaker-undeclared.yaml");
    assert_error(
        &out,
        "speaker-undeclared.yaml",
        10,
        14,
        "`speaker: presentor` in phase 1 (\"Presentation\") names no declared role",
        "did you mean `presenter`?",
    );
}

#[test]
fn phase_notes_must_name_a_declared_kind() {
    let out = check_invalid("notes-undeclared.yaml");
    assert_error(
        &out,
        "notes-undeclared.yaml",
        12,
        19,
        "`notes` in phase 1 (\"Feedback\") names `col`, which is not a declared note kind",
        "did you mean `cool`?",
    );
}

#[test]
fn note_keys_may_not_collide_with_runner_keys() {
    let out = check_invalid("key-collides.yaml");
    let hint = "pick another letter";
    assert_error(
        &out,
        "key-collides.yaml",
        7,
        10,
        "`key` in note kind 1 is `n`, which the runner already uses",
        hint,
    );
    assert_error(
        &out,
        "key-collides.yaml",
        10,
        10,
        "`key` in note kind 2 is `5`, which the runner already uses",
        hint,
    );
    assert_error(
        &out,
        "key-collides.yaml",
        13,
        10,
        "`key` in note kind 3 is Tab, which the runner already uses",
        hint,
    );
}

#[test]
fn alias_bombs_are_refused() {
    let out = check_invalid("alias-bomb.yaml");
    assert_error(
        &out,
        "alias-bomb.yaml",
        8,
        45,
        "the document expands to more than 100000 values",
        "aliases",
    );
}

#[test]
fn deep_nesting_is_refused() {
    let out = check_invalid("deep-nesting.yaml");
    assert!(
        out.contains("deep-nesting.yaml:4:")
            && out.contains("error: the file nests more than 64 levels deep"),
        "{out}"
    );
}

#[test]
fn megabytes_of_garbage_are_refused_without_reading_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.yaml");
    // A deterministic mix of bytes, including invalid UTF-8, larger than any plg file.
    let bytes: Vec<u8> = (0u32..3_000_000)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let out = plg(&["check", path.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("garbage.yaml:1:1: error: the file is larger than 1024 KiB"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn large_text_garbage_is_a_syntax_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.yaml");
    let noise = "key: [value, {other: \"x\"}, ]: - : ? ! & * | > % @ `\n".repeat(15_000);
    std::fs::write(&path, noise).unwrap();
    let out = plg(&["check", path.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("noise.yaml:1:"), "{}", stdout(&out));
}

#[test]
fn warnings_do_not_fail_the_check() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocols/warnings");
    let out = plg(&["check", dir.to_str().unwrap()], home.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    let path = |n: &str| dir.join(n).display().to_string();
    assert!(text.contains(&format!(
        "{}:4:1: warning: the phases add up to 105 minutes, more than 90",
        path("long-total.yaml")
    )));
    assert!(text.contains(&format!(
        "{}:1:5: warning: the file is named `name-differs` but the protocol id is `something-else`",
        path("name-differs.yaml")
    )));
    assert!(text.contains(&format!(
        "{}:9:14: warning: phase 1 (\"Round\") runs 12 minutes per person (`repeat: each`): 96 minutes for a group of 8",
        path("long-rounds.yaml")
    )));
    assert!(text.contains("3 files checked: 3 valid, 0 invalid (0 errors, 4 warnings)"));
}

#[test]
fn a_folder_check_reports_every_file_and_fails_if_any_is_invalid() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protocols/invalid");
    let out = plg(&["check", dir.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let count = std::fs::read_dir(&dir).unwrap().count();
    assert!(
        stdout(&out).contains(&format!("{count} files checked: 0 valid, {count} invalid")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_builtin_library_checks_clean() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let out = plg(&["check", dir.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["check", "/nonexistent/protocol.yaml"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file or folder"));
}

#[test]
fn no_arguments_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["check"], home.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn every_kind_of_mistake_is_reported_in_one_pass() {
    let name = "many-mistakes.yaml";
    let out = check_invalid(name);
    assert_error(
        &out,
        name,
        2,
        1,
        "the protocol is missing the required key `summary`",
        "summary:",
    );
    assert_error(
        &out,
        name,
        2,
        5,
        "`id` must be a lowercase slug, but it is `Many Mistakes`",
        "many-mistakes",
    );
    assert_error(
        &out,
        name,
        8,
        14,
        "`minutes` in phase 1 (\"Presentation\") must be a number, but it is the text \"ten\"",
        "write digits",
    );
    assert_error(
        &out,
        name,
        9,
        14,
        "`speaker: presentr` in phase 1 (\"Presentation\") names no declared role",
        "did you mean `presenter`?",
    );
    assert_error(
        &out,
        name,
        10,
        5,
        "phase 2 is missing the required key `name`",
        "name:",
    );
    assert_error(
        &out,
        name,
        14,
        5,
        "unknown key `instructons` in phase 3 (\"Discussion\")",
        "did you mean `instructions`?",
    );
    // Whole-protocol checks run on the phases that could be read.
    assert_error(
        &out,
        name,
        17,
        5,
        "phase 4 also has `checkin: true`; phase 2 already holds the check-in",
        "once per meeting",
    );
    assert_error(
        &out,
        name,
        18,
        12,
        "`range: [20, 10]` in phase 4 (\"Debrief\") starts above where it ends",
        "[10, 20]",
    );
    let path = fixture("invalid", name);
    assert!(
        out.contains(&format!(
            "{}:6:1: warning: the phases add up to 100 minutes, more than 90",
            path.display()
        )),
        "{out}"
    );
    assert!(out.contains("(8 errors, 1 warning)"), "{out}");
}

#[test]
fn a_config_naming_no_theme_is_an_error_at_the_value() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.yaml");
    std::fs::write(&config, "norms: [Start on time]\ntheme: projecter\n").unwrap();
    let out = plg(&["check", config.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "{}:2:8: error: `theme: projecter` names no theme plg can find\n  hint: did you mean `projector`?",
            config.display()
        )),
        "{text}"
    );
    // A theme of the user's own is found like any other.
    std::fs::create_dir_all(home.path().join("themes")).unwrap();
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/projector.yaml"),
    )
    .unwrap();
    std::fs::write(
        home.path().join("themes/projecter.yaml"),
        theme.replace("id: projector", "id: projecter"),
    )
    .unwrap();
    let out = plg(&["check", config.to_str().unwrap()], home.path());
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_key_indented_too_far_is_named_as_one() {
    let name = "key-indented-too-far.yaml";
    let out = check_invalid(name);
    assert_error(
        &out,
        name,
        8,
        7,
        "`instructions:` looks like a key indented too far: it starts further right than `minutes:` on line 7, so it is read as part of that value",
        "line `instructions:` up with `minutes:` above (column 5)",
    );
}
