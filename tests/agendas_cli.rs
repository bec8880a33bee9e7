//! Agendas from the command line: the listing, outlines, the starter, the
//! checks on good and bad files, the shared id namespace and extra folders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{plg, plg_env, stderr, stdout};

/// The weekly meeting: connection 5, Consultancy, logistics 5, plus/delta 5.
const WEEKLY: &str = "id: weekly\nname: Weekly PLG meeting\nsummary: Connection, one protocol, logistics, plus/delta.\nitems:\n  - name: Connection\n    minutes: 5\n    prompts: [\"One word for how your week is going\"]\n  - protocol: consultancy\n  - name: Logistics and next steps\n    minutes: 5\n  - name: Plus/delta\n    minutes: 5\n    checkin: true\n";

fn write(home: &Path, rel: &str, text: &str) -> PathBuf {
    let path = home.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The agenda `id` in `plg agendas --json`.
fn listed<'v>(v: &'v serde_json::Value, id: &str) -> &'v serde_json::Value {
    let all = v.as_array().expect("an array");
    all.iter().find(|a| a["id"] == id).expect("listed")
}

/// The weekly meeting written at `rel` with its protocol item naming `protocol`.
fn weekly_naming(home: &Path, rel: &str, protocol: &str) -> PathBuf {
    let src = WEEKLY.replace("protocol: consultancy", &format!("protocol: {protocol}"));
    write(home, rel, &src)
}

/// Asserts that a command failed (status 1) printing `text`, on stdout or stderr.
fn fails_saying(out: &Output, text: &str) {
    let printed = format!("{}{}", stdout(out), stderr(out));
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains(text), "{text:?} not in\n{printed}");
}

/// The cells of the listing's row for `id`.
fn row(listing: &str, id: &str) -> Vec<String> {
    let line = listing
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no row for {id} in\n{listing}"));
    line.split("  ")
        .filter(|c| !c.trim().is_empty())
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn the_listing_shows_the_builtins_and_the_users_own_with_their_length() {
    let home = tempfile::tempdir().unwrap();
    let file = write(home.path(), "agendas/weekly.yaml", WEEKLY);
    let out = plg(&["agendas"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    assert_eq!(
        row(&t, "first-meeting"),
        ["first-meeting", "First Meeting", "75", "4", "built-in"]
    );
    assert_eq!(
        row(&t, "plg-meeting"),
        ["plg-meeting", "PLG Meeting", "12 + chosen", "4", "built-in"]
    );
    assert_eq!(
        row(&t, "weekly"),
        [
            "weekly",
            "Weekly PLG meeting",
            "65",
            "4",
            &file.display().to_string()
        ]
    );
    assert!(t.contains("+ chosen: the facilitator picks the protocol at setup"));
}

#[test]
fn the_listing_as_json() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "agendas/weekly.yaml", WEEKLY);
    let out = plg(&["agendas", "--json"], home.path());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let weekly = listed(&v, "weekly");
    assert_eq!(weekly["minutes"], 65.0);
    assert_eq!(weekly["items"], 4);
    assert_eq!(weekly["protocols"], serde_json::json!(["consultancy"]));
    assert_eq!(weekly["chooses"], false);
    let mut keys: Vec<&str> = weekly
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "chooses",
            "from",
            "id",
            "items",
            "minutes",
            "name",
            "protocols"
        ]
    );
    let regular = listed(&v, "plg-meeting");
    assert_eq!(
        (regular["chooses"].clone(), regular["minutes"].clone()),
        (true.into(), 12.0.into())
    );
}

#[test]
fn an_agenda_naming_a_missing_protocol_is_listed_with_a_warning() {
    let home = tempfile::tempdir().unwrap();
    let file = weekly_naming(home.path(), "agendas/weekly.yaml", "consultancny");
    let out = plg(&["agendas"], home.path());
    assert!(out.status.success());
    let t = stdout(&out);
    assert_eq!(row(&t, "weekly")[2], "?");
    assert!(
        t.contains(&format!(
            "warning: the agenda `weekly` ({}) names the protocol `consultancny`, which plg cannot find",
            file.display()
        )),
        "{t}"
    );
    let json = plg(&["agendas", "--json"], home.path());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let weekly = listed(&v, "weekly");
    assert!(weekly["minutes"].is_null());
    assert!(stderr(&json).contains("consultancny"));
}

#[test]
fn show_outlines_items_with_their_times_and_the_nested_phases() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "agendas/weekly.yaml", WEEKLY);
    let out = plg(&["show", "weekly"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let t = stdout(&out);
    assert!(t.starts_with("Weekly PLG meeting (weekly)\n"), "{t}");
    for line in [
        "   1     0:00  Connection",
        "   2     0:05  Consultancy",
        "    2.1  0:05  The dilemma",
        "    2.8  0:50  Debrief",
        "   3     0:55  Logistics and next steps",
        "   4     1:00  Plus/delta",
        "  Total: 65 minutes",
        "  [d] Decision (decision), in every item",
    ] {
        assert!(
            t.lines().any(|l| l.starts_with(line)),
            "{line:?} not in\n{t}"
        );
    }
    // The check-in moved to the plus/delta: the debrief no longer says so.
    let debrief = t.lines().position(|l| l.starts_with("    2.8")).unwrap();
    assert!(
        !t.lines()
            .nth(debrief + 1)
            .unwrap()
            .contains("norm check-in")
    );
    let plus = t.lines().position(|l| l.starts_with("   4 ")).unwrap();
    assert!(
        t.lines().nth(plus + 1).unwrap().contains("norm check-in"),
        "{t}"
    );
}

#[test]
fn show_sizes_rounds_for_the_people_given() {
    let home = tempfile::tempdir().unwrap();
    let src = WEEKLY.replace("protocol: consultancy", "protocol: success-analysis");
    write(home.path(), "agendas/weekly.yaml", &src);
    let total = |people: &str| -> String {
        let t = stdout(&plg(&["show", "weekly", "--people", people], home.path()));
        t.lines()
            .find(|l| l.starts_with("  Total:"))
            .unwrap()
            .to_string()
    };
    let six = total("6");
    let twelve = total("12");
    assert!(six.ends_with("for 6 people"), "{six}");
    assert!(twelve.ends_with("for 12 people"), "{twelve}");
    assert_ne!(six, twelve, "rounds follow the people present");
}

#[test]
fn show_as_json_gives_each_item_and_its_phases() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "agendas/weekly.yaml", WEEKLY);
    let out = plg(&["show", "weekly", "--json"], home.path());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "agenda");
    assert_eq!(v["total_seconds"], 65 * 60);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["kind"], "simple");
    assert_eq!(items[0]["phases"].as_array().unwrap().len(), 1);
    assert_eq!(items[1]["kind"], "protocol");
    assert_eq!(items[1]["protocol"], "consultancy");
    assert_eq!(items[1]["start_seconds"], 300);
    assert_eq!(items[1]["seconds"], 50 * 60);
    assert_eq!(items[1]["phases"].as_array().unwrap().len(), 8);
    assert_eq!(items[3]["checkin"], true);
    assert_eq!(items[1]["checkin"], false);
    // The documented shape, field for field (docs/agenda-format.md).
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k.join(" ")
    };
    assert_eq!(
        keys(&v),
        "asks chooses depends_on_people facilitator_notes from id items kind materials name note_kinds people people_given preparation purpose roles source steps summary total_seconds"
    );
    assert_eq!(
        keys(&items[1]),
        "checkin kind name number phases protocol seconds start_seconds"
    );
    let chosen = plg(&["show", "plg-meeting", "--json"], home.path());
    let v: serde_json::Value = serde_json::from_slice(&chosen.stdout).unwrap();
    assert_eq!(v["chooses"], true);
    assert_eq!(v["items"][1]["kind"], "choose");
    assert!(v["items"][1]["phases"].as_array().unwrap().is_empty());
}

#[test]
fn new_agenda_writes_a_starter_that_passes_check_and_edited_to_the_weekly_meeting_still_does() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["new", "agenda", "weekly"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let file = home.path().join("agendas/weekly.yaml");
    assert_eq!(stdout(&out).trim(), file.display().to_string());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=.schemas/agenda.schema.json\n"));
    assert!(
        home.path()
            .join("agendas/.schemas/agenda.schema.json")
            .is_file()
    );
    let check = plg(&["check", file.to_str().unwrap()], home.path());
    assert!(check.status.success(), "{}", stdout(&check));
    // Edited as the facilitator would.
    std::fs::write(&file, WEEKLY).unwrap();
    let check = plg(
        &["check", home.path().join("agendas").to_str().unwrap()],
        home.path(),
    );
    assert!(check.status.success(), "{}", stdout(&check));
    assert!(stdout(&check).contains("weekly.yaml: ok"));
    // Never over a person's work.
    let again = plg(&["new", "agenda", "weekly"], home.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));
    let bad = plg(&["new", "agenda", "Weekly Meeting"], home.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("e.g. `weekly-meeting`"),
        "{}",
        stderr(&bad)
    );
}

/// `plg new` does not write a file whose id the other kind already has:
/// `plg run ID` would refuse both, the built-in included.
#[test]
fn new_refuses_an_id_the_other_kind_already_has() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["new", "agenda", "tuning"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(
            "`tuning` is already the built-in protocol; protocols and agendas share one namespace"
        ),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join("agendas/tuning.yaml").exists());
    let out = plg(&["new", "protocol", "plg-meeting"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the built-in agenda"),
        "{}",
        stderr(&out)
    );
    assert!(
        plg(&["new", "agenda", "weekly"], home.path())
            .status
            .success()
    );
    let out = plg(&["new", "protocol", "weekly"], home.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is already the agenda in")
            && stderr(&out).contains("`weekly-protocol`"),
        "{}",
        stderr(&out)
    );
    assert!(!home.path().join("protocols/weekly.yaml").exists());
}

#[test]
fn check_points_at_a_typo_in_a_protocol_id_with_a_did_you_mean() {
    let home = tempfile::tempdir().unwrap();
    let file = weekly_naming(home.path(), "drafts/weekly.yaml", "consultancny");
    let out = plg(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let t = stdout(&out);
    assert!(
        t.contains(&format!(
            "{}:8:15: error: item 2 names the protocol `consultancny`, which plg cannot find\n  hint: did you mean `consultancy`?",
            file.display()
        )),
        "{t}"
    );
    // A protocol checked beside the agenda is found.
    write(
        home.path(),
        "drafts/consultancny.yaml",
        "id: consultancny\nname: C\nsummary: s\nphases:\n  - {name: Talk, minutes: 5}\n",
    );
    let both = plg(
        &["check", home.path().join("drafts").to_str().unwrap()],
        home.path(),
    );
    assert!(both.status.success(), "{}", stdout(&both));
}

#[test]
fn nesting_an_agenda_or_itself_is_an_error_not_a_loop() {
    let home = tempfile::tempdir().unwrap();
    let nests = weekly_naming(home.path(), "agendas/weekly.yaml", "first-meeting");
    let out = plg(&["check", nests.to_str().unwrap()], home.path());
    fails_saying(
        &out,
        ":8:15: error: item 2 names `first-meeting`, which is an agenda",
    );
    std::fs::write(
        &nests,
        WEEKLY.replace("protocol: consultancy", "protocol: weekly"),
    )
    .unwrap();
    let out = plg(&["check", nests.to_str().unwrap()], home.path());
    fails_saying(
        &out,
        ":8:15: error: item 2 names this agenda itself (`weekly`)",
    );
    // And it is refused where it would run, with the position.
    let show = plg(&["show", "weekly"], home.path());
    fails_saying(&show, ":8:15: item 2 names this agenda itself");
    std::fs::write(
        &nests,
        WEEKLY.replace("protocol: consultancy", "protocol: first-meeting"),
    )
    .unwrap();
    let show = plg(&["show", "weekly"], home.path());
    fails_saying(
        &show,
        ":8:15: error: item 2 names `first-meeting`, which is an agenda",
    );
}

#[test]
fn two_choose_items_are_refused_at_the_second() {
    let home = tempfile::tempdir().unwrap();
    let src = WEEKLY
        .replace("protocol: consultancy", "protocol: choose")
        .replace(
            "  - name: Plus/delta",
            "  - protocol: choose\n  - name: Plus/delta",
        );
    let file = write(home.path(), "agendas/weekly.yaml", &src);
    let out = plg(&["check", file.to_str().unwrap()], home.path());
    fails_saying(
        &out,
        ":11:15: error: item 4 is a second `protocol: choose`; item 2 already lets the facilitator choose",
    );
}

#[test]
fn an_id_shared_by_an_agenda_and_a_protocol_names_both_files() {
    let home = tempfile::tempdir().unwrap();
    let agenda = write(home.path(), "agendas/weekly.yaml", WEEKLY);
    let protocol = write(
        home.path(),
        "protocols/weekly.yaml",
        "id: weekly\nname: W\nsummary: s\nphases:\n  - {name: Talk, minutes: 5}\n",
    );
    let out = plg(&["check", home.path().to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let t = stdout(&out);
    for (file, line) in [(&agenda, 1), (&protocol, 1)] {
        let want = format!(
            "{}:{line}:5: error: `weekly` is the id of the",
            file.display()
        );
        assert!(t.contains(&want), "{want}\nnot in\n{t}");
    }
    assert!(
        t.contains(&format!(
            "`weekly` is the id of the agenda in {} and of the protocol in {}",
            agenda.display(),
            protocol.display()
        )),
        "{t}"
    );
    // A built-in of the other kind counts too.
    let home2 = tempfile::tempdir().unwrap();
    let tuning = write(
        home2.path(),
        "agendas/tuning.yaml",
        &WEEKLY.replace("id: weekly", "id: tuning"),
    );
    let t = stdout(&plg(&["check", tuning.to_str().unwrap()], home2.path()));
    assert!(
        t.contains("and of the built-in protocol; protocols and agendas share one namespace"),
        "{t}"
    );
    // The listings say so, as text and beside JSON.
    let clash = format!(
        "warning: `weekly` is ambiguous: the protocol in {} and the agenda in {}; rename one",
        protocol.display(),
        agenda.display()
    );
    let list = plg(&["agendas"], home.path());
    assert!(stdout(&list).contains(&clash), "{}", stdout(&list));
    let json = plg(&["agendas", "--json"], home.path());
    assert!(stderr(&json).contains(&clash), "{}", stderr(&json));
    let protocols = plg(&["protocols"], home.path());
    assert!(
        stdout(&protocols).contains(&clash),
        "{}",
        stdout(&protocols)
    );
    let json = plg(&["protocols", "--json"], home.path());
    assert!(stderr(&json).contains(&clash), "{}", stderr(&json));
    let builtin = stdout(&plg(&["agendas"], home2.path()));
    assert!(
        builtin.contains("warning: `tuning` is ambiguous: the built-in protocol and the agenda in"),
        "{builtin}"
    );
    // Where the id would run, it is refused, naming both.
    let show = plg(&["show", "weekly"], home.path());
    fails_saying(
        &show,
        &format!(
            "`weekly` is ambiguous: the protocol in {} and the agenda in {}; rename one",
            protocol.display(),
            agenda.display()
        ),
    );
}

#[test]
fn extra_agenda_folders_come_from_the_flag_or_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    write(
        shared.path(),
        "school.yaml",
        &WEEKLY.replace("id: weekly", "id: school"),
    );
    write(
        other.path(),
        "other.yaml",
        &WEEKLY.replace("id: weekly", "id: other"),
    );
    let flag = stdout(&plg(
        &["agendas", "--agendas", shared.path().to_str().unwrap()],
        home.path(),
    ));
    assert!(flag.lines().any(|l| l.starts_with("school ")), "{flag}");
    let list = std::env::join_paths([shared.path(), other.path()]).unwrap();
    let env = stdout(&plg_env(
        &["agendas"],
        home.path(),
        &[("PLG_AGENDAS", list.to_str().unwrap())],
    ));
    assert!(env.lines().any(|l| l.starts_with("school ")), "{env}");
    assert!(env.lines().any(|l| l.starts_with("other ")), "{env}");
    // The flag wins over the environment.
    let both = stdout(&plg_env(
        &["agendas", "--agendas", shared.path().to_str().unwrap()],
        home.path(),
        &[("PLG_AGENDAS", other.path().to_str().unwrap())],
    ));
    assert!(!both.lines().any(|l| l.starts_with("other ")), "{both}");
    let show = plg(
        &[
            "show",
            "school",
            "--agendas",
            shared.path().to_str().unwrap(),
        ],
        home.path(),
    );
    assert!(show.status.success(), "{}", stderr(&show));
    // A user's file with a built-in's id replaces it, and the listing says so.
    write(
        home.path(),
        "agendas/plg-meeting.yaml",
        &WEEKLY.replace("id: weekly", "id: plg-meeting"),
    );
    let t = stdout(&plg(&["agendas"], home.path()));
    assert!(
        row(&t, "plg-meeting")[4].ends_with("(replaces built-in)"),
        "{t}"
    );
}

#[test]
fn an_unknown_id_suggests_across_protocols_and_agendas() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["show", "first-meting"], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("no protocol or agenda named `first-meting`; did you mean `first-meeting`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_schema_is_printed_and_the_man_page_and_completions_know_agendas() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["schema", "agenda"], home.path());
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["title"], "plg agenda");
    let man = stdout(&plg(&["man"], home.path()));
    assert!(man.contains("agendas"), "the man page lists `plg agendas`");
    assert!(man.contains("\\-\\-agendas"), "and the --agendas flag");
    let bash = stdout(&plg(&["completions", "bash"], home.path()));
    assert!(bash.contains("agendas"));
}
