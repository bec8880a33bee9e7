//! Groups from the command line: starters, listing and `plg check`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;

use std::process::Command;
use support::{plg, stdout};

#[test]
fn a_new_group_is_valid_listed_and_never_overwritten() {
    let home = tempfile::tempdir().unwrap();
    assert!(stdout(&plg(&["groups"], home.path())).contains("No groups yet"));
    let out = plg(&["new", "group", "math9"], home.path());
    assert!(out.status.success());
    let path = home.path().join("groups/math9.yaml");
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    let check = plg(&["check", path.to_str().unwrap()], home.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let list = stdout(&plg(&["groups"], home.path()));
    let row = list.lines().find(|l| l.starts_with("math9")).unwrap();
    assert!(
        row.contains("Math9")
            && row.contains("4")
            && row.contains("Tuesdays 15:15-16:15, Room 204"),
        "{row}"
    );
    std::fs::write(&path, "edited").unwrap();
    assert_eq!(
        plg(&["new", "group", "math9"], home.path()).status.code(),
        Some(1)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "edited");
}

#[test]
fn check_reports_every_group_mistake_with_its_line() {
    let home = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/groups/broken.yaml");
    let out = plg(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let t = stdout(&out);
    let f = file.display();
    for expected in [
        format!(
            "{f}:1:5: error: `id` must be a lowercase slug, but it is `Math 9`\n  hint: use lowercase letters, digits and single dashes, e.g. `math-9`"
        ),
        format!("{f}:3:14: warning: the facilitator `Coach Kim` is not among the members"),
        format!("{f}:7:5: error: `ana ruiz` is listed twice in `members`; the first is on line 5"),
        format!("{f}:8:1: error: unknown key `meet` in the group\n  hint: did you mean `meets`?"),
        format!(
            "{f}:9:8: error: `norms` in the group must be a list, but it is the text \"Start and end on time\""
        ),
    ] {
        assert!(t.contains(&expected), "missing:\n{expected}\nin:\n{t}");
    }
}

#[test]
fn an_unknown_group_is_refused_with_a_suggestion() {
    let home = tempfile::tempdir().unwrap();
    plg(&["new", "group", "math9"], home.path());
    let out = plg(&["run", "tuning", "--group", "math8"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no group named `math8`; did you mean `math9`?"),
        "{err}"
    );
}

#[test]
fn extra_group_folders_are_searched() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    std::fs::write(
        shared.path().join("sci7.yaml"),
        "id: sci7\nname: Science 7\nmembers: [Kim Lee]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_plg"))
        .arg("groups")
        .env("PLG_HOME", home.path())
        .env("PLG_GROUPS", shared.path())
        .output()
        .unwrap();
    assert!(
        stdout(&out).lines().any(|l| l.starts_with("sci7")),
        "{}",
        stdout(&out)
    );
}
