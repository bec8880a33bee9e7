//! Files in shared folders are written by other people. Whatever they put in
//! a record, a protocol, a group or a theme (escape sequences that write the
//! clipboard or clear the screen, C1 controls, bidi overrides), no plain-text
//! command may pass it to the terminal raw.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::path::Path;
use std::process::{Command, Output};

mod support;

use plg::record::{read_file, store};
use support::sessions::{Plan, QUIET, math9, save};

/// ESC, BEL, C1 CSI, a right-to-left override, then an OSC 52 clipboard
/// write and a clear-screen.
const PAYLOAD: &str = "\u{1b}\u{7}\u{9b}\u{202e}\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J";
/// What shows that the payload was printed (escaped) rather than left out.
const MARK: &str = "cHduZWQ=";
/// The same payload in a YAML double-quoted string.
const YAML_PAYLOAD: &str = r"\e\a\x9b\u202e\e]52;c;cHduZWQ=\a\e[2J";

fn h(s: &str) -> String {
    format!("{s} {PAYLOAD} end")
}

fn hostile_record(home: &Path) {
    let dir = home.join("sessions");
    store::ensure_dir(&dir).unwrap();
    let plain = save(
        &dir,
        &Plan {
            start: "2026-11-30T15:30:00-05:00",
            group: math9(),
            present: &["Ana Ruiz", "Ben Okafor"],
            absent: &["Chen Li"],
            guests: &["Dana Wright"],
            presenter: Some("Ben Okafor"),
            question: Some("How do exit tickets show understanding?"),
            nexts: &[5, 10],
            notes: &[(6, "warm", "The exit ticket is clear")],
            ratings: [Some(4), Some(3)],
            comment: Some("We kept time"),
            plus: &["Good questions"],
            delta: &[("Start sooner", Some("Ana Ruiz"))],
            actions: &[(
                "Share the exit ticket",
                "Ben Okafor",
                Some("2026-12-07"),
                false,
            )],
            ..QUIET
        },
    );
    let mut r = read_file(&plain).unwrap();
    std::fs::remove_file(&plain).unwrap();
    r.protocol_name = h("Tuning");
    r.protocol.name = h("Tuning");
    let group = r.group.as_mut().unwrap();
    group.name = h("Grade 9");
    group.focus = Some(h("Focus"));
    for list in [
        &mut r.norms,
        &mut r.attendance.present,
        &mut r.attendance.absent,
        &mut r.attendance.guests,
        &mut r.plus,
    ] {
        for s in list.iter_mut() {
            *s = h(s);
        }
    }
    for role in &mut r.roles {
        role.person = h(&role.person);
    }
    r.focusing_question = r.focusing_question.as_deref().map(h);
    r.work = r.work.as_deref().map(h);
    for step in &mut r.steps {
        step.phase = h(&step.phase);
    }
    for n in &mut r.notes {
        n.phase = h(&n.phase);
        n.text = h(&n.text);
    }
    for c in &mut r.checkin {
        c.norm = h(&c.norm);
        c.comment = c.comment.as_deref().map(h);
    }
    for d in &mut r.delta {
        d.text = h(&d.text);
        d.owner = d.owner.as_deref().map(h);
    }
    for a in &mut r.actions {
        a.text = h(&a.text);
        a.owner = a.owner.as_deref().map(h);
    }
    // Unix file names may hold anything but '/' and NUL, a newline included.
    let name = if cfg!(unix) {
        format!("2026-11-30T1530_math9_{PAYLOAD}\nx_tuning.yaml")
    } else {
        "2026-11-30T1530_math9_tuning.yaml".to_string()
    };
    store::save(&dir.join(name), &r).unwrap();

    // A damaged record whose error message quotes the payload.
    let damaged = if cfg!(unix) {
        format!("2026-12-01T1200_{PAYLOAD}.yaml")
    } else {
        "2026-12-01T1200_damaged.yaml".to_string()
    };
    std::fs::write(
        dir.join(damaged),
        format!("version: 2\nstatus: \"{YAML_PAYLOAD}\"\n"),
    )
    .unwrap();
}

fn hostile_files(home: &Path) {
    let protocols = home.join("protocols");
    std::fs::create_dir_all(&protocols).unwrap();
    std::fs::write(
        protocols.join("hostile.yaml"),
        format!(
            "id: hostile\n\
             name: \"T{YAML_PAYLOAD}\"\n\
             summary: \"Summary {YAML_PAYLOAD}\"\n\
             purpose: \"Purpose {YAML_PAYLOAD}\"\n\
             phases:\n\
             \x20 - name: \"Phase {YAML_PAYLOAD}\"\n\
             \x20   minutes: 5\n\
             \x20   instructions: \"Do {YAML_PAYLOAD}\"\n\
             \x20   prompts: [\"Ask {YAML_PAYLOAD}\"]\n"
        ),
    )
    .unwrap();
    // A broken protocol: the checker quotes the unknown key in its message.
    let broken = if cfg!(unix) {
        format!("broken{PAYLOAD}\n.yaml")
    } else {
        "broken.yaml".to_string()
    };
    std::fs::write(
        protocols.join(broken),
        format!("id: broken\nname: Broken\n\"key{YAML_PAYLOAD}\": 1\nphases: []\n"),
    )
    .unwrap();

    let groups = home.join("groups");
    std::fs::create_dir_all(&groups).unwrap();
    std::fs::write(
        groups.join("hostile.yaml"),
        format!(
            "id: hostile\n\
             name: \"Group {YAML_PAYLOAD}\"\n\
             focus: \"Focus {YAML_PAYLOAD}\"\n\
             facilitator: \"Ana {YAML_PAYLOAD}\"\n\
             members: [\"Ana {YAML_PAYLOAD}\", \"Ben {YAML_PAYLOAD}\"]\n\
             meets: \"Tuesdays {YAML_PAYLOAD}\"\n\
             norms: [\"Norm {YAML_PAYLOAD}\"]\n"
        ),
    )
    .unwrap();

    let themes = home.join("themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::fs::write(
        themes.join("hostile.yaml"),
        format!(
            "id: hostile\n\
             name: \"Theme {YAML_PAYLOAD}\"\n\
             description: \"Colours {YAML_PAYLOAD}\"\n\
             colors:\n\
             \x20 text: reset\n"
        ),
    )
    .unwrap();
}

fn plg(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plg"))
        .args(args)
        .env("PLG_HOME", home)
        .env_remove("PLG_PROTOCOLS")
        .env_remove("PLG_THEMES")
        .env_remove("PLG_GROUPS")
        .env_remove("NO_COLOR")
        .output()
        .expect("plg runs")
}

/// Why `bytes` could act on a terminal, if it could.
fn hostile_in(bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Some(format!("not UTF-8: {e}")),
    };
    for (i, c) in text.char_indices() {
        let bad = matches!(c, '\u{1b}' | '\u{7}' | '\u{7f}'..='\u{9f}')
            || matches!(
                c,
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
            )
            || (c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
        if bad {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            return Some(format!("{c:?} after {:?}", &text[from..i]));
        }
    }
    None
}

#[test]
fn no_command_prints_file_controlled_controls_raw() {
    let home = tempfile::tempdir().unwrap();
    hostile_record(home.path());
    hostile_files(home.path());
    let bad_protocol = if cfg!(unix) {
        format!("broken{PAYLOAD}\n.yaml")
    } else {
        "broken.yaml".to_string()
    };
    let bad_protocol = home.path().join("protocols").join(bad_protocol);
    let bad_protocol = bad_protocol.to_str().unwrap();
    let id = "2026-11-30";

    // One row per command; a new command is one more line. The flag says
    // whether the command shows file text at all (a valid file is just "ok").
    let commands: &[(&[&str], bool)] = &[
        (&["logs"], true),
        (&["logs", "list"], true),
        (&["logs", "list", "--json"], true),
        (&["logs", "list", "--search", "exit ticket"], true),
        (&["logs", "list", "--search", "exit ticket", "--json"], true),
        (&["logs", "list", "--group", "math9"], true),
        (&["logs", "show", id], true),
        (&["report"], true),
        (&["report", "--format", "md"], true),
        (&["report", "--format", "html"], true),
        (&["protocols"], true),
        (&["show", "hostile"], true),
        (&["groups"], true),
        (&["themes"], true),
        (&["check", "protocols"], true),
        (&["check", "groups/hostile.yaml"], false),
        (&["check", "themes/hostile.yaml"], false),
        (&["check", bad_protocol], true),
        (&["export", id], true),
        (&["export", id, "--format", "md"], true),
        (&["export", id, "--format", "html"], true),
        (&["export", id, "--format", "csv"], true),
        (&["export", id, "--format", "csv", "--attendance"], true),
        (&["export", id, "--format", "json"], true),
        (&["export", "--group", "math9", "--format", "json"], true),
        (&["export", "--group", "math9"], true),
    ];
    let mut failures = Vec::new();
    for &(args, shows_file_text) in commands {
        let mut full = args.to_vec();
        // `check` paths are relative to the home folder.
        let joined;
        if args[0] == "check" && !Path::new(args[1]).is_absolute() {
            joined = home.path().join(args[1]);
            full[1] = joined.to_str().unwrap();
        }
        let out = plg(&full, home.path());
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if let Some(why) = hostile_in(bytes) {
                failures.push(format!("plg {}: {stream}: {why}", args.join(" ")));
            }
        }
        let both = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        if shows_file_text && !String::from_utf8_lossy(&both).contains(MARK) {
            failures.push(format!(
                "plg {}: the hostile text was not shown at all (status {}):\n{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&both)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether any string in `v` is `s`.
fn holds(v: &serde_json::Value, s: &str) -> bool {
    match v {
        serde_json::Value::String(t) => t == s,
        serde_json::Value::Array(a) => a.iter().any(|v| holds(v, s)),
        serde_json::Value::Object(o) => o.values().any(|v| holds(v, s)),
        _ => false,
    }
}

#[test]
fn json_output_stays_valid_and_reads_back_the_same_text() {
    let home = tempfile::tempdir().unwrap();
    hostile_record(home.path());
    for args in [
        &["logs", "list", "--json"][..],
        &["export", "2026-11-30", "--format", "json"],
    ] {
        let out = plg(args, home.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            holds(&value, &h("Tuning")),
            "the escapes decode back to the original text: {args:?}"
        );
    }
}

#[test]
fn table_rows_stay_one_line_each() {
    let home = tempfile::tempdir().unwrap();
    hostile_record(home.path());
    let out = plg(&["logs", "list"], home.path());
    let text = String::from_utf8_lossy(&out.stdout);
    // The header, the hostile session (its file name holds a newline), nothing else.
    assert_eq!(text.lines().count(), 2, "{text}");
    let row = text.lines().nth(1).unwrap();
    assert!(row.starts_with("2026-11-30T1530_math9_"), "{row}");
    if cfg!(unix) {
        assert!(row.contains("\\nx_tuning"), "the newline is shown: {row}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().count(),
        1,
        "one warning line per damaged record: {stderr}"
    );
}
