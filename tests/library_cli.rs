//! The protocol library from the command line: listing, overriding a
//! built-in, outlines, starters, schema and completions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::process::Command;
use support::{plg, stdout};

const MY_TUNING: &str = "id: tuning\nname: Our Tuning\nsummary: The school's own version.\nphases:\n  - name: Presentation\n    minutes: 10\n  - name: Feedback\n    minutes: 15\n";

#[test]
fn the_listing_shows_every_builtin_with_minutes_and_phases() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["protocols"], home.path());
    assert!(out.status.success());
    let t = stdout(&out);
    let tuning = t.lines().find(|l| l.starts_with("tuning ")).unwrap();
    let cells: Vec<&str> = tuning
        .split("  ")
        .filter(|c| !c.trim().is_empty())
        .map(str::trim)
        .collect();
    assert_eq!(cells, ["tuning", "Tuning Protocol", "60", "8", "built-in"]);
    for id in [
        "examining-student-work",
        "consultancy",
        "final-word",
        "success-analysis",
        "chalk-talk",
    ] {
        assert!(t.lines().any(|l| l.starts_with(id)), "{id} missing:\n{t}");
    }
}

#[test]
fn a_users_file_replaces_the_builtin_and_the_listing_says_so() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("protocols")).unwrap();
    let file = home.path().join("protocols/tuning.yaml");
    std::fs::write(&file, MY_TUNING).unwrap();
    let t = stdout(&plg(&["protocols"], home.path()));
    let line = t.lines().find(|l| l.starts_with("tuning ")).unwrap();
    assert!(line.contains("Our Tuning"), "{line}");
    assert!(
        line.contains(&format!("{} (replaces built-in)", file.display())),
        "{line}"
    );
    assert_eq!(t.lines().filter(|l| l.starts_with("tuning ")).count(), 1);
}

#[test]
fn extra_folders_come_last_and_win() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("protocols")).unwrap();
    std::fs::write(home.path().join("protocols/tuning.yaml"), MY_TUNING).unwrap();
    std::fs::write(
        shared.path().join("tuning.yaml"),
        MY_TUNING.replace("Our Tuning", "District Tuning"),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plg"))
        .arg("protocols")
        .env("PLG_HOME", home.path())
        .env("PLG_PROTOCOLS", shared.path())
        .output()
        .unwrap();
    let t = stdout(&out);
    let line = t.lines().find(|l| l.starts_with("tuning ")).unwrap();
    assert!(line.contains("District Tuning"), "{line}");
    assert!(
        line.contains(&format!(
            "(replaces {})",
            home.path().join("protocols/tuning.yaml").display()
        )),
        "{line}"
    );
}

#[test]
fn broken_user_files_are_named_not_fatal() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("protocols")).unwrap();
    std::fs::write(home.path().join("protocols/broken.yaml"), "id: [\n").unwrap();
    let out = plg(&["protocols"], home.path());
    assert!(out.status.success());
    let t = stdout(&out);
    assert!(t.contains("tuning"));
    assert!(
        t.contains("warning: skipped") && t.contains("broken.yaml"),
        "{t}"
    );
    let file = home.path().join("protocols/broken.yaml");
    assert!(
        t.contains(&format!(
            "warning: skipped {0}: it has errors\n  first: {0}:2:1: YAML syntax error",
            file.display()
        )) && t.contains(&format!("  hint: run `plg check {}`", file.display())),
        "{t}"
    );
    // Themes and groups list what they skip the same way.
    for (dir, cmd) in [("themes", "themes"), ("groups", "groups")] {
        std::fs::create_dir_all(home.path().join(dir)).unwrap();
        let file = home.path().join(dir).join("bad.yaml");
        std::fs::write(&file, "name: X\n").unwrap();
        let t = stdout(&plg(&[cmd], home.path()));
        assert!(
            t.contains(&format!(
                "warning: skipped {}: it has errors\n  first: ",
                file.display()
            )),
            "{t}"
        );
    }
}

#[test]
fn show_prints_phases_with_running_start_times_and_the_total() {
    let home = tempfile::tempdir().unwrap();
    let t = stdout(&plg(&["show", "tuning"], home.path()));
    assert!(t.starts_with("Tuning Protocol (tuning)\n"), "{t}");
    assert!(t.contains("   2   0:05  Presentation"), "{t}");
    assert!(t.contains("Total: 60 minutes"), "{t}");
    assert!(t.contains("[w] Warm feedback (warm)"), "{t}");
    assert!(t.contains("Roles\n  Facilitator:"), "{t}");
}

#[test]
fn show_sizes_rounds_for_the_people_given() {
    let home = tempfile::tempdir().unwrap();
    let t6 = stdout(&plg(&["show", "final-word", "--people", "6"], home.path()));
    let t8 = stdout(&plg(&["show", "final-word"], home.path()));
    assert!(t6.contains("for 6 people"), "{t6}");
    assert!(t8.contains(" people (--people N to change)"), "{t8}");
    assert_ne!(t6, t8);
}

/// Every key of the format, in a file of the user's.
const ROUNDS: &str = "id: rounds\nname: Rounds\nsummary: Every key.\ngroup_size: {min: 4, ideal: 6, max: 10}\nmaterials: [\"Copies of the work, names removed\", Chart paper]\npreparation: |\n  The presenter brings the work.\nasks: [dilemma, data]\ntotal_minutes: [40, 60]\nfacilitator_notes: |\n  Dilemma protocols need trust.\nroles:\n  - {id: facilitator, name: Facilitator}\n  - {id: presenter, name: Presenter}\n  - {id: participants, name: Participants}\nphases:\n  - name: Warm and cool feedback\n    minutes: 15\n    range: [10, 20]\n    speaker: participants\n    silent: [presenter]\n    protect: true\n  - name: Look\n    minutes: 5\n    mode: silent\n    optional: true\n  - name: Final word rounds\n    repeat: each\n    round:\n      who: participants\n      pass: true\n      circles: 5\n      turns:\n        - {name: Share, speaker: round_person, minutes: 3}\n        - {name: Respond, speaker: others, minutes: 1, each: true}\n        - {name: Final word, speaker: round_person, minutes: 1, silent: [others]}\n";

fn rounds_file(home: &std::path::Path) -> std::path::PathBuf {
    let file = home.join("rounds.yaml");
    std::fs::write(&file, ROUNDS).unwrap();
    file
}

#[test]
fn show_expands_rounds_turns_and_circles_for_the_people_given() {
    let home = tempfile::tempdir().unwrap();
    let file = rounds_file(home.path());
    let out = plg(
        &["show", file.to_str().unwrap(), "--people", "9"],
        home.path(),
    );
    assert!(out.status.success());
    let t = stdout(&out);
    // 9 present, a facilitator: 8 participants in two circles of 4.
    for want in [
        "2 circles of 4, 4 rounds each: Share 3 min, Respond 1 min × 3, Final word 1 min = 7 min a round, 28 min",
        "one round per participant (8 people: everyone present but the facilitator) · a person may pass",
        "   3   0:20  Final word rounds             28\n",
        "turn 3 (Final word): the others silent",
        "Total: 48 minutes for 9 people",
        "Group size: 4 to 10 people, best 6",
        "Published length: 40-60 minutes",
        "For the facilitator\n  Dilemma protocols need trust.",
        "Setup asks for: the dilemma, the data",
        "    - Copies of the work, names removed\n    - Chart paper",
        "Preparation:\n    The presenter brings the work.",
        "listening in silence: Presenter · range 10-20 min · protected: rebalancing never shortens it",
        "silent: nobody talks · optional: may be left out at setup",
    ] {
        assert!(t.contains(want), "{want:?} missing from\n{t}");
    }
    // Rounds of 5 minutes say which number is rounds and which minutes.
    let plain = tempfile::tempdir().unwrap();
    let each = plain.path().join("each.yaml");
    std::fs::write(
        &each,
        "id: each\nname: Each\nsummary: s\nphases:\n  - {name: Go round, minutes: 5, repeat: each}\n",
    )
    .unwrap();
    let t = stdout(&plg(&["show", each.to_str().unwrap()], plain.path()));
    assert!(t.contains("8 rounds × 5 min = 40 min"), "{t}");
    assert!(t.contains("one round per person present (8 people)"), "{t}");
}

#[test]
fn show_json_has_the_same_content_in_a_stable_shape() {
    let home = tempfile::tempdir().unwrap();
    let file = rounds_file(home.path());
    let out = plg(
        &["show", file.to_str().unwrap(), "--people", "9", "--json"],
        home.path(),
    );
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "rounds");
    assert_eq!(v["kind"], "protocol");
    assert_eq!(v["people"], 9);
    assert_eq!(v["people_given"], true);
    assert_eq!(v["total_seconds"], 48 * 60);
    assert_eq!(v["asks"], serde_json::json!(["dilemma", "data"]));
    assert_eq!(v["group_size"]["ideal"], 6);
    assert_eq!(v["total_minutes"], serde_json::json!([40.0, 60.0]));
    assert_eq!(v["materials"][1], "Chart paper");
    let feedback = &v["phases"][0];
    assert_eq!(feedback["range"], serde_json::json!([10.0, 20.0]));
    assert_eq!(feedback["silent"], serde_json::json!(["presenter"]));
    assert_eq!(feedback["speaker"], serde_json::json!(["participants"]));
    assert_eq!(feedback["protect"], true);
    assert_eq!(v["phases"][1]["mode"], "silent");
    assert_eq!(v["phases"][1]["optional"], true);
    let rounds = &v["phases"][2];
    assert_eq!(rounds["start_seconds"], 20 * 60);
    assert_eq!(rounds["seconds"], 28 * 60);
    assert_eq!(rounds["minutes"], serde_json::Value::Null);
    assert_eq!(
        (
            &rounds["rounds"],
            &rounds["circles"],
            &rounds["largest_circle"]
        ),
        (
            &serde_json::json!(4),
            &serde_json::json!(2),
            &serde_json::json!(4)
        )
    );
    assert_eq!(rounds["enter"], "note", "Enter opens the plain note");
    assert_eq!(rounds["round_people"], 8);
    assert_eq!(rounds["round_seconds"], 7 * 60);
    assert_eq!(rounds["steps"], 4 * 5);
    assert_eq!(rounds["round"]["who"], "participants");
    assert_eq!(rounds["round"]["turns"][1]["times"], 3);
    // The documented shape, field for field.
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k.join(" ")
    };
    assert_eq!(
        keys(&v),
        "asks depends_on_people facilitator_notes from group_size id kind materials name note_kinds people people_given phases preparation purpose roles source steps summary total_minutes total_seconds"
    );
    assert_eq!(
        keys(rounds),
        "checkin circles enter facilitator_notes instructions largest_circle minutes mode name notes number optional prompts protect range repeat round round_people round_seconds rounds seconds silent smallest_circle speaker speaker_name start_seconds steps"
    );
    assert_eq!(
        keys(&rounds["round"]),
        "circles_of_about order pass presents turns who"
    );
    assert_eq!(
        keys(&rounds["round"]["turns"][0]),
        "each minutes name silent speaker times"
    );
    assert_eq!(
        rounds["round"]["turns"][2]["silent"],
        serde_json::json!(["others"])
    );
}

#[test]
fn the_listing_counts_rounds_for_the_ideal_group_size() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("protocols")).unwrap();
    std::fs::write(
        home.path().join("protocols/rounds.yaml"),
        ROUNDS.replace("ideal: 6", "ideal: 4"),
    )
    .unwrap();
    let t = stdout(&plg(&["protocols"], home.path()));
    let line = t.lines().find(|l| l.starts_with("rounds ")).unwrap();
    // 4 present: 3 participants, one circle: 3 rounds of 3 + 2 + 1 minutes.
    assert!(line.contains(" 38*  "), "{line}");
    assert!(
        t.contains("shown for the protocol's ideal group size (8 when it gives none)"),
        "{t}"
    );
}

#[test]
fn show_accepts_a_path() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("draft.yaml");
    std::fs::write(&file, MY_TUNING).unwrap();
    let out = plg(&["show", file.to_str().unwrap()], home.path());
    assert!(out.status.success());
    assert!(stdout(&out).contains("Our Tuning (tuning)"));
}

#[test]
fn an_unknown_id_suggests_the_closest() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["show", "tunning"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no protocol or agenda named `tunning`; did you mean `tuning`?"),
        "{err}"
    );
}

#[test]
fn new_protocol_writes_a_valid_starter_and_never_overwrites() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["new", "protocol", "peer-observation"], home.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = home.path().join("protocols/peer-observation.yaml");
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    let starter = std::fs::read_to_string(&path).unwrap();
    assert!(starter.starts_with("# yaml-language-server: $schema=.schemas/protocol.schema.json"));
    assert!(
        home.path()
            .join("protocols/.schemas/protocol.schema.json")
            .exists()
    );

    let check = plg(&["check", path.to_str().unwrap()], home.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&plg(&["protocols"], home.path())).contains("peer-observation"));

    std::fs::write(&path, "edited by a coach").unwrap();
    let again = plg(&["new", "protocol", "peer-observation"], home.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited by a coach");
}

#[test]
fn new_protocol_refuses_a_bad_id() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["new", "protocol", "Peer Observation"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("e.g. `peer-observation`"));
}

#[test]
fn schema_is_json_with_the_format_keys() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["schema"], home.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["required"],
        serde_json::json!(["id", "name", "summary", "phases"])
    );
    assert!(v["properties"]["phases"]["items"]["properties"]["facilitator_notes"].is_object());
}

#[test]
fn completions_are_generated() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["completions", "bash"], home.path());
    assert!(out.status.success());
    assert!(stdout(&out).contains("protocols"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    let home = tempfile::tempdir().unwrap();
    for cmd in ["protocols", "show", "check", "new", "schema", "completions"] {
        let out = plg(&[cmd, "--help"], home.path());
        assert!(
            stdout(&out).contains("Examples:"),
            "{cmd} --help has no example"
        );
    }
}

#[test]
fn a_broken_file_is_named_as_invalid_not_missing() {
    let home = tempfile::tempdir().unwrap();
    for dir in ["protocols", "themes", "groups"] {
        std::fs::create_dir_all(home.path().join(dir)).unwrap();
    }
    let broken = home.path().join("protocols/broken.yaml");
    std::fs::write(
        &broken,
        "id: broken\nname: B\nphases:\n  - name: A\n    minutes: ten\n",
    )
    .unwrap();
    let out = plg(&["run", "broken"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("no protocol named"), "{err}");
    for want in [
        format!(
            "the protocol `broken` is in {}, but that file has errors, so plg cannot use it",
            broken.display()
        ),
        format!(
            "first: {}:1:1: the protocol is missing the required key `summary`",
            broken.display()
        ),
        format!("run `plg check {}`", broken.display()),
    ] {
        assert!(err.contains(&want), "{want:?} missing from\n{err}");
    }
    // A near miss suggests the broken file too.
    let err = String::from_utf8_lossy(&plg(&["show", "brokn"], home.path()).stderr).to_string();
    assert!(err.contains("did you mean `broken`?"), "{err}");

    // Themes and groups the same way.
    let theme = home.path().join("themes/projector2.yaml");
    std::fs::write(&theme, "name: X\n").unwrap();
    let out = plg(&["--theme", "projector2", "run", "tuning"], home.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the theme `projector2` is in") && err.contains("plg check"),
        "{err}"
    );
    std::fs::write(
        home.path().join("groups/math9.yaml"),
        "id: math9\nname: [\n",
    )
    .unwrap();
    let out = plg(&["run", "tuning", "--group", "math9"], home.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the group `math9` is in") && err.contains("YAML syntax error"),
        "{err}"
    );
}
