//! Extra folders through the real binary: PLG_PROTOCOLS lists folders the
//! way the platform lists paths, and `--protocols` given on the command
//! line takes the place of the list.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;
use std::process::Command;

fn protocol(dir: &Path, id: &str) {
    std::fs::write(
        dir.join(format!("{id}.yaml")),
        format!(
            "id: {id}\nname: {id}\nsummary: A school's own.\nphases:\n  - name: Talk\n    minutes: 10\n"
        ),
    )
    .unwrap();
}

/// The protocol ids `plg protocols` lists, with PLG_PROTOCOLS set to `list`.
fn listed(home: &Path, list: &std::ffi::OsStr, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_plg"))
        .arg("protocols")
        .args(args)
        .env("PLG_HOME", home)
        .env("PLG_PROTOCOLS", list)
        .env_remove("PLG_THEMES")
        .env_remove("PLG_GROUPS")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn every_folder_in_the_list_is_searched_and_the_flag_replaces_the_list() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    // A `;` in a folder's name: not a separator on Unix, quoted on Windows.
    let a = shared.path().join("district; one");
    std::fs::create_dir_all(&a).unwrap();
    protocol(&a, "from-a");
    protocol(shared.path(), "from-shared");
    let list = std::env::join_paths([shared.path(), a.as_path()]).unwrap();

    let t = listed(home.path(), &list, &[]);
    assert!(t.lines().any(|l| l.starts_with("from-a ")), "{t}");
    assert!(t.lines().any(|l| l.starts_with("from-shared ")), "{t}");

    let t = listed(home.path(), &list, &["--protocols", a.to_str().unwrap()]);
    assert!(t.lines().any(|l| l.starts_with("from-a ")), "{t}");
    assert!(!t.contains("from-shared"), "{t}");
}

/// A folder named on the command line is one folder, whatever its name holds.
#[cfg(unix)]
#[test]
fn a_folder_given_with_the_flag_is_never_split() {
    let home = tempfile::tempdir().unwrap();
    let shared = tempfile::tempdir().unwrap();
    let odd = shared.path().join("school:two");
    std::fs::create_dir_all(&odd).unwrap();
    protocol(&odd, "from-odd");
    let t = listed(
        home.path(),
        std::ffi::OsStr::new(""),
        &["--protocols", odd.to_str().unwrap()],
    );
    assert!(t.lines().any(|l| l.starts_with("from-odd ")), "{t}");
}
