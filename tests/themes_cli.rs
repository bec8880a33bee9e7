//! Themes from the command line: listing, user themes, and `plg check`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;

use support::{plg, stdout};

#[test]
fn the_five_builtin_themes_are_listed_with_the_default_marked() {
    let home = tempfile::tempdir().unwrap();
    let t = stdout(&plg(&["themes"], home.path()));
    for id in ["colorblind", "default*", "light", "mono", "projector"] {
        assert!(t.lines().any(|l| l.starts_with(id)), "{id} missing:\n{t}");
    }
}

#[test]
fn config_picks_the_default_theme_and_a_user_theme_replaces_a_builtin() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.yaml"), "theme: projector\n").unwrap();
    std::fs::create_dir_all(home.path().join("themes")).unwrap();
    std::fs::write(
        home.path().join("themes/light.yaml"),
        "id: light\nname: Our light\ncolors:\n  accent: '#005500'\n",
    )
    .unwrap();
    let t = stdout(&plg(&["themes"], home.path()));
    assert!(t.lines().any(|l| l.starts_with("projector*")), "{t}");
    let light = t.lines().find(|l| l.starts_with("light")).unwrap();
    assert!(
        light.contains("Our light") && light.contains("(replaces built-in)"),
        "{light}"
    );
}

#[test]
fn check_reports_every_theme_mistake_with_its_line() {
    let home = tempfile::tempdir().unwrap();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/themes/broken.yaml");
    let out = plg(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    let t = stdout(&out);
    let f = file.display();
    assert!(
        t.contains(&format!(
            "{f}:1:5: error: `id` must be a lowercase slug, but it is `Broken Theme`"
        )),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "{f}:4:3: error: unknown key `clok` in `colors`\n  hint: did you mean `clock`?"
        )),
        "{t}"
    );
    assert!(t.contains(&format!("{f}:5:11: error: `accent` is not a colour: `lite-red`\n  hint: did you mean `light-red`?")), "{t}");
    assert!(
        t.contains(&format!(
            "{f}:6:11: error: `paused` is not a colour: `#12345`"
        )),
        "{t}"
    );
}

#[test]
fn check_validates_config_files() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config.yaml");
    std::fs::write(&file, "theme: mono\nnorm: [Start on time]\n").unwrap();
    let out = plg(&["check", file.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            ":2:1: error: unknown key `norm` in the config\n  hint: did you mean `norms`?"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_builtin_themes_check_clean() {
    let home = tempfile::tempdir().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let out = plg(&["check", dir.to_str().unwrap()], home.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn an_unknown_theme_is_refused_before_the_screen_changes() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["run", "tuning", "--theme", "projecter"], home.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no theme named `projecter`; did you mean `projector`?"),
        "{err}"
    );
}
