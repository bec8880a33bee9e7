//! Schemas for editors, starters that point at them, the man page and the
//! completions, through the real binary on real folders. The schema beside
//! a starter is written into a folder that may be shared: a link, a file
//! plg did not write, or a `.schemas` that is a link are refused and left
//! as they were.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::path::Path;
use std::process::Output;

#[cfg(unix)]
use support::hostile::{Victim, link};
use support::{plg, stdout};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

const KINDS: [(&str, &str); 3] = [
    ("protocol", "protocols"),
    ("group", "groups"),
    ("theme", "themes"),
];

#[test]
fn plg_schema_prints_each_format_and_protocol_when_none_is_named() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert_eq!(
        json(&plg(&["schema"], h)),
        json(&plg(&["schema", "protocol"], h))
    );
    for (kind, required) in [
        (
            "protocol",
            serde_json::json!(["id", "name", "summary", "phases"]),
        ),
        ("group", serde_json::json!(["id", "name"])),
        ("theme", serde_json::json!(["id", "name"])),
    ] {
        let v = json(&plg(&["schema", kind], h));
        assert_eq!(
            v["$id"],
            format!("https://plg.local/schemas/{kind}.schema.json")
        );
        assert_eq!(v["required"], required, "{kind}");
    }
    let config = json(&plg(&["schema", "config"], h));
    assert_eq!(
        config["properties"]["share"]["enum"],
        serde_json::json!(["private", "group"])
    );
    let theme = json(&plg(&["schema", "theme"], h));
    assert!(theme["properties"]["colors"]["properties"]["clock_overtime"].is_object());
    let bad = plg(&["schema", "record"], h);
    assert_eq!(bad.status.code(), Some(2));
}

/// The path a starter's modeline names, taken from beside the starter.
fn modeline_target(starter: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(starter).unwrap();
    let first = text.lines().next().unwrap();
    let rel = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("no modeline: {first}"));
    assert!(!rel.starts_with('/') && !rel.starts_with(".."), "{rel}");
    starter.parent().unwrap().join(rel)
}

#[test]
fn every_starter_points_at_its_schema_written_beside_it() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for (kind, dir) in KINDS {
        let out = plg(&["new", kind, "room-204"], h);
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        let starter = h.join(dir).join("room-204.yaml");
        assert_eq!(stdout(&out).trim(), starter.display().to_string());
        let schema = modeline_target(&starter);
        assert_eq!(
            schema,
            h.join(dir).join(format!(".schemas/{kind}.schema.json"))
        );
        assert_eq!(
            std::fs::read(&schema).unwrap(),
            plg(&["schema", kind], h).stdout,
            "{kind}: the schema beside the starter is the one plg prints"
        );
        let check = plg(&["check", starter.to_str().unwrap()], h);
        assert_eq!(check.status.code(), Some(0), "{kind}: {}", stdout(&check));
        // A folder check reads the starters, not the schemas beside them.
        let folder = plg(&["check", h.join(dir).to_str().unwrap()], h);
        assert_eq!(folder.status.code(), Some(0), "{kind}: {}", stdout(&folder));
        assert!(!stdout(&folder).contains(".schemas"), "{}", stdout(&folder));
    }
    // The pair moves together: the starter still finds its schema elsewhere.
    let moved = tempfile::tempdir().unwrap();
    let from = h.join("groups");
    for name in ["room-204.yaml", ".schemas"] {
        std::fs::rename(from.join(name), moved.path().join(name)).unwrap();
    }
    assert!(modeline_target(&moved.path().join("room-204.yaml")).is_file());
    // And the new theme is one plg offers.
    assert!(stdout(&plg(&["themes"], h)).contains("room-204"));
}

#[cfg(unix)]
#[test]
fn schemas_are_readable_by_others_whatever_the_folder() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = support::hostile::run_with_umask(&["new", "group", "g"], h, "077");
    assert!(o.status.success(), "{o:?}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&h.join("groups/g.yaml")), 0o600);
    assert_eq!(mode(&h.join("groups/.schemas")), 0o755);
    assert_eq!(mode(&h.join("groups/.schemas/group.schema.json")), 0o644);
}

#[cfg(unix)]
#[test]
fn the_same_schema_and_another_plgs_are_left_alone() {
    use std::os::unix::fs::MetadataExt;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert!(plg(&["new", "group", "a"], h).status.success());
    let schema = h.join("groups/.schemas/group.schema.json");
    let inode = std::fs::metadata(&schema).unwrap().ino();
    assert!(plg(&["new", "group", "b"], h).status.success());
    assert_eq!(
        std::fs::metadata(&schema).unwrap().ino(),
        inode,
        "an identical schema is not rewritten"
    );
    let older = "{\n  \"$id\": \"https://plg.local/schemas/group.schema.json\",\n  \"title\": \"plg group\"\n}\n";
    std::fs::write(&schema, older).unwrap();
    let out = plg(&["new", "group", "c"], h);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("as it is"),
        "{out:?}"
    );
    assert_eq!(
        std::fs::read_to_string(&schema).unwrap(),
        older,
        "a file plg did not write this run is never replaced"
    );
    assert!(h.join("groups/c.yaml").exists());
}

#[test]
fn a_file_plg_did_not_write_is_never_replaced() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let schema = h.join("groups/.schemas/group.schema.json");
    std::fs::create_dir_all(schema.parent().unwrap()).unwrap();
    let mine = "{\"title\": \"our own group schema\"}\n";
    std::fs::write(&schema, mine).unwrap();
    let out = plg(&["new", "group", "g"], h);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("is not a schema plg wrote") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&schema).unwrap(), mine);
    assert!(
        !h.join("groups/g.yaml").exists(),
        "no starter pointing at a schema it does not have"
    );
}

#[cfg(unix)]
#[test]
fn a_schema_that_is_a_link_is_refused_and_its_target_untouched() {
    for (kind, dir) in KINDS {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        let victim = Victim::new(h);
        let schema = h.join(dir).join(format!(".schemas/{kind}.schema.json"));
        link(&schema, &victim.path);
        let out = plg(&["new", kind, "x"], h);
        assert_eq!(out.status.code(), Some(1), "{kind}");
        assert!(stderr(&out).contains("a link"), "{kind}: {}", stderr(&out));
        victim.assert_untouched(kind);
        assert!(
            std::fs::symlink_metadata(&schema)
                .unwrap()
                .file_type()
                .is_symlink(),
            "{kind}: the link is left as it was"
        );
        assert!(!h.join(dir).join("x.yaml").exists(), "{kind}");
    }
}

#[cfg(unix)]
#[test]
fn a_schemas_folder_that_is_a_link_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(h.join("groups")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), h.join("groups/.schemas")).unwrap();
    let out = plg(&["new", "group", "g"], h);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is a link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    assert!(!h.join("groups/g.yaml").exists());
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_the_schema_is_refused_without_hanging() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let schema = h.join("themes/.schemas/theme.schema.json");
    support::hostile::fifo(&schema);
    let out = support::hostile::run(
        &["new", "theme", "t"],
        h,
        std::time::Duration::from_secs(20),
    )
    .finished("new theme");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("a FIFO"), "{}", stderr(&out));
}

#[test]
fn the_man_page_has_a_section_for_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let out = plg(&["man"], home.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.contains(".TH plg 1"), "{page}");
    for sub in [
        "run",
        "resume",
        "groups",
        "themes",
        "protocols",
        "show",
        "check",
        "new",
        "schema",
        "man",
        "logs",
        "export",
        "report",
        "actions",
        "completions",
    ] {
        let heading = format!(".SH \"PLG {}\"", sub.to_uppercase());
        assert!(page.contains(&heading), "{heading} missing");
    }
    assert!(page.contains("\\-\\-table"), "export's options are there");
    assert_eq!(plg(&["manpage"], home.path()).stdout, out.stdout);
}

#[test]
fn completions_name_subcommands_and_help_says_where_to_put_them() {
    let home = tempfile::tempdir().unwrap();
    let bash = stdout(&plg(&["completions", "bash"], home.path()));
    assert!(bash.contains("export") && bash.contains("schema"), "{bash}");
    let help = stdout(&plg(&["completions", "--help"], home.path()));
    for place in [
        "~/.local/share/bash-completion/completions/plg",
        "$fpath",
        "~/.zfunc/_plg",
        "~/.config/fish/completions/plg.fish",
        "$PROFILE",
    ] {
        assert!(help.contains(place), "{place} missing from\n{help}");
    }
}
