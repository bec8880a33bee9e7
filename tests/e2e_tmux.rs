//! The real binary in a real terminal: a facilitator's session typed key by key.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

mod support;

use std::time::Duration;

use support::tmux::Tmux;

/// The timeline row of the current phase, which carries the time left as text.
fn current_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains('▶'))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_facilitator_runs_tuning_writes_a_note_pauses_moves_on_and_quits() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "20"], 100, 30);

    t.wait_for("Who is here (0)");
    t.keys(&["Enter"]);
    t.wait_for("INTRODUCTION AND NORMS");
    // Waited for as a whole: a capture can land while the terminal is
    // still taking the first frame.
    let s = t.wait_for("w warm feedback");
    assert!(
        s.contains("TIME LEFT") && s.contains("Facilitator has the floor"),
        "{s}"
    );

    // A warm-feedback note, typed while the clock runs.
    t.keys(&["w"]);
    t.wait_for("New note · Warm feedback");
    t.type_text("Clear steps and timings");
    t.keys(&["Enter"]);
    let s = t.wait_for("Warm feedback: Clear steps and timings");
    assert!(!s.contains("New note"), "the editor closed:\n{s}");

    // Pausing freezes every clock and says so in large letters.
    t.keys(&["Space"]);
    let paused = t.wait_for("PAUSED");
    let frozen = current_row(&paused);
    // Twenty times faster: a real second is twenty meeting seconds, so a
    // running clock would visibly move in this time.
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(
        current_row(&t.screen()),
        frozen,
        "the clock moved while paused"
    );

    t.keys(&["Space"]);
    t.wait_until("the clock to run again", |s| {
        s.contains("TIME LEFT") || s.contains("OVERTIME")
    });
    t.wait_until("the clock to move", |s| current_row(s) != frozen);

    // On to the presentation.
    t.keys(&["n"]);
    let s = t.wait_for("PRESENTATION");
    assert!(s.contains("✓ Introduction"), "{s}");
    assert!(s.contains("Presenter has the floor"), "{s}");

    // Quitting asks first, then leaves the meeting to resume later.
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    let s = t.wait_exit();
    assert!(s.contains("Saved to") && s.contains("plg resume"), "{s}");

    let sessions: Vec<_> = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(sessions.len(), 1);
    let record = plg::record::read_file(&sessions[0]).unwrap();
    assert_eq!(record.status, plg::record::Status::InProgress);
    assert_eq!(record.notes.len(), 1);
    assert_eq!(record.notes[0].kind, "warm");
    assert_eq!(record.notes[0].text, "Clear steps and timings");
    assert_eq!(record.notes[0].phase, "Introduction and norms");
    assert_eq!(record.pauses.len(), 1);
    assert_eq!(record.clock.unwrap().current_step, 1);
}

const MATH9: &str = "id: math9
name: Grade 9 Math PLG
focus: Raising the quality of written explanations in algebra
facilitator: Ana Ruiz
members: [Ana Ruiz, Ben Okafor, Chen Li, Dana Wright]
meets: Tuesdays 15:15-16:15, Room 204
norms:
  - Start and end on time
  - Hard on ideas, soft on people
";

#[test]
fn a_group_meeting_from_attendance_to_check_in_is_recorded_in_full() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("groups")).unwrap();
    std::fs::write(home.path().join("groups/math9.yaml"), MATH9).unwrap();
    let t = Tmux::start(
        home.path(),
        &["run", "tuning", "--group", "math9", "--speed", "20"],
        110,
        32,
    );

    // Attendance: Ana, Ben and Dana are here, Chen is not; Eve comes as a guest.
    let s = t.wait_for("Who is here (0)");
    assert!(
        s.contains("Tuesdays 15:15-16:15, Room 204") && s.contains("Remove student names"),
        "{s}"
    );
    t.keys(&["Space", "Down", "Space", "Down", "Down", "Space", "Down"]);
    t.wait_for("Who is here (3)");
    t.type_text("Eve Sample");
    t.keys(&["Enter"]);
    t.wait_for("Eve Sample (guest)");
    // Ben presents: the presenter is chosen from the people here.
    // Tab goes to the next panel (the roles), arrows move inside one.
    t.keys(&["Tab", "Right", "Right"]);
    t.wait_for("◂ Ben Okafor ▸");
    t.keys(&["Tab"]);
    t.type_text("How do I get students to justify each step?");
    t.keys(&["Down"]);
    t.type_text("Lab reports, names removed");
    t.keys(&["Enter"]);

    let s = t.wait_for("Ana Ruiz (Facilitator) has the floor");
    assert!(s.contains("PHASE 1 OF 8"), "{s}");
    t.keys(&["w"]);
    t.wait_for("New note · Warm feedback");
    t.type_text("Norms read aloud");
    t.keys(&["Enter"]);
    t.wait_for("Warm feedback: Norms read aloud");

    t.keys(&["n"]);
    // The phase name is drawn in large letters at this size; the speaker line is text.
    let s = t.wait_for("Ben Okafor (Presenter) has the floor");
    assert!(s.contains("PHASE 2 OF 8"), "{s}");
    t.keys(&["k"]);
    t.wait_for("New note · Question");
    t.type_text("Which prompts did students see?");
    t.keys(&["Enter"]);
    t.wait_for("Question: Which prompts did students see?");

    // On to the debrief, where the check-in happens.
    t.keys(&["n", "n", "n", "n", "n", "n"]);
    let s = t.wait_for("Norm check-in");
    assert!(s.contains("DEBRIEF"), "{s}");
    // Each digit is one person's hand; the selection stays on the norm.
    t.keys(&["4", "4", "5"]);
    t.wait_for("3 votes · avg 4.3 · 4–5");
    t.keys(&["Down", "3"]);
    t.wait_for("1 vote · avg 3.0 · all 3");
    t.keys(&["Down", "Enter"]);
    t.wait_for("Plus: what worked");
    t.type_text("A sharp focusing question");
    t.keys(&["Enter"]);
    t.wait_for("+ A sharp focusing question");
    t.keys(&["Down", "Enter"]);
    t.wait_for("Delta: what to change");
    t.type_text("Shorter presentation");
    t.keys(&["Tab"]);
    t.type_text("Ana Ruiz");
    t.keys(&["Enter"]);
    t.wait_for("Δ Shorter presentation (Ana Ruiz)");
    t.keys(&["Down", "Enter"]);
    t.type_text("Share the revised rubric");
    t.keys(&["Tab"]);
    t.type_text("Ben Okafor");
    t.keys(&["Tab"]);
    t.type_text("2026-12-01");
    t.keys(&["Enter"]);
    t.wait_for("☐ Share the revised rubric (Ben Okafor, due 2026-12-01)");

    // The last phase: n ends the meeting after asking.
    t.keys(&["n"]);
    t.wait_for("End the meeting?");
    t.keys(&["y"]);
    let s = t.wait_for("The meeting has ended");
    assert!(s.contains("Saved to"), "{s}");
    t.keys(&["q"]);
    t.wait_exit();

    let dir = home.path().join("sessions");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with("_math9_tuning.yaml"), "{name}");
    let r = plg::record::read_file(&files[0]).unwrap();
    assert_eq!(r.status, plg::record::Status::Completed);
    assert_eq!(r.group.as_ref().unwrap().name, "Grade 9 Math PLG");
    assert_eq!(
        r.attendance.present,
        ["Ana Ruiz", "Ben Okafor", "Dana Wright"]
    );
    assert_eq!(r.attendance.absent, ["Chen Li"]);
    assert_eq!(r.attendance.guests, ["Eve Sample"]);
    assert_eq!(r.presenter(), Some("Ben Okafor"));
    assert!(
        r.roles
            .iter()
            .any(|x| x.role == "facilitator" && x.person == "Ana Ruiz")
    );
    assert_eq!(
        r.focusing_question.as_deref(),
        Some("How do I get students to justify each step?")
    );
    assert_eq!(r.work.as_deref(), Some("Lab reports, names removed"));
    let notes: Vec<(&str, &str, &str)> = r
        .notes
        .iter()
        .map(|n| (n.phase.as_str(), n.kind.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("Introduction and norms", "warm", "Norms read aloud"),
            (
                "Presentation",
                "question",
                "Which prompts did students see?"
            )
        ]
    );
    let ratings: Vec<(&str, Option<[u32; 6]>)> = r
        .checkin
        .iter()
        .map(|c| (c.norm.as_str(), c.votes))
        .collect();
    assert_eq!(
        ratings,
        [
            ("Start and end on time", Some([0, 0, 0, 0, 2, 1])),
            ("Hard on ideas, soft on people", Some([0, 0, 0, 1, 0, 0]))
        ]
    );
    assert_eq!(r.plus, ["A sharp focusing question"]);
    assert_eq!(r.delta[0].text, "Shorter presentation");
    assert_eq!(r.delta[0].owner.as_deref(), Some("Ana Ruiz"));
    assert_eq!(r.actions[0].owner.as_deref(), Some("Ben Okafor"));
    assert_eq!(r.actions[0].due.unwrap().to_string(), "2026-12-01");
    assert!(r.ended_at.is_some() && r.clock.is_none());
    assert_eq!(r.steps.len(), 8);
    assert!(
        r.steps.iter().all(|s| s.started_at.is_some()),
        "every phase was visited"
    );
}

#[test]
fn a_success_analysis_runs_turn_by_turn_and_records_everyone_who_presented() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("groups")).unwrap();
    std::fs::write(home.path().join("groups/math9.yaml"), MATH9).unwrap();
    let t = Tmux::start(
        home.path(),
        &[
            "run",
            "success-analysis",
            "--group",
            "math9",
            "--speed",
            "20",
        ],
        100,
        30,
    );
    t.wait_for("Who is here (0)");
    t.keys(&["a"]);
    t.wait_for("Who is here (4)");
    t.keys(&["Enter"]);
    t.wait_for("PHASE 1 OF 4");
    // Ana's round: she describes, then listens while the others analyse.
    t.keys(&["n"]);
    t.wait_for("Ana Ruiz has the floor");
    t.keys(&["n", "n"]);
    let s = t.wait_for("Ana Ruiz listens without answering");
    assert!(s.contains("The others have the floor"), "{s}");
    // Ben's, Chen's and Dana's rounds, the common threads, then the debrief.
    t.keys(&["n", "n", "n", "n", "n", "n", "n", "n", "n", "n", "n"]);
    t.wait_for("Norm check-in");
    t.keys(&["n"]);
    t.wait_for("End the meeting?");
    t.keys(&["y"]);
    t.wait_for("The meeting has ended");
    t.keys(&["q"]);
    t.wait_exit();

    let dir = home.path().join("sessions");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let r = plg::record::read_file(&files[0]).unwrap();
    assert_eq!(r.version, plg::record::FORMAT_VERSION);
    assert_eq!(r.steps.len(), 1 + 4 * 3 + 2);
    assert_eq!(
        r.presented,
        ["Ana Ruiz", "Ben Okafor", "Chen Li", "Dana Wright"]
    );
    let analyse = r.steps[3].round.as_ref().unwrap();
    assert_eq!(analyse.person.as_deref(), Some("Ana Ruiz"));
    assert_eq!(analyse.turn.as_ref().unwrap().index, 2);
}

#[test]
fn an_answer_the_resume_question_does_not_know_is_asked_again() {
    let home = tempfile::tempdir().unwrap();
    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "20"], 100, 30);
    t.wait_for("Who is here (0)");
    t.keys(&["Enter"]);
    t.wait_for("w warm feedback");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["l"]);
    t.wait_exit();

    let t = Tmux::start(home.path(), &["run", "tuning", "--speed", "20"], 100, 30);
    t.wait_for("Resume it?");
    t.type_text("x");
    t.keys(&["Enter"]);
    t.wait_for("Type r to resume it, n for a new meeting, or e to end it:");
    t.type_text("r");
    t.keys(&["Enter"]);
    t.wait_for("INTRODUCTION AND NORMS");
    let sessions = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(sessions, 1, "no second meeting was started");
}

/// Every file under `root`, hidden ones and subfolders included, holding `needle`.
fn files_holding(root: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let t = std::fs::symlink_metadata(&p).unwrap().file_type();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                let bytes = std::fs::read(&p).unwrap();
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    found.push(p);
                }
            }
        }
    }
    found
}

fn plg_out(home: &std::path::Path, args: &[&str]) -> String {
    let out = support::plg(args, home);
    assert!(out.status.success(), "{args:?}: {out:?}");
    support::stdout(&out)
}

/// Two meetings of one group and the setup of a third, as a facilitator
/// runs them: the debrief beside the check-in, the room's hands counted, an
/// action item closed in the next setup, a student's name taken back out of
/// every file, and a rehearsal kept out of the logs and exports.
#[test]
fn two_meetings_of_one_group_close_the_loop() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("groups")).unwrap();
    std::fs::write(home.path().join("groups/math9.yaml"), MATH9).unwrap();

    // Meeting 1, in real time: everyone moves on with n.
    let t = Tmux::start(home.path(), &["run", "tuning", "--group", "math9"], 110, 34);
    t.wait_for("Who is here (0)");
    t.keys(&["Space", "Down", "Space", "Down", "Space", "Down", "Space"]);
    t.wait_for("Who is here (4)");
    t.keys(&["Tab", "Right", "Right"]);
    t.wait_for("◂ Ben Okafor ▸");
    t.keys(&["Enter"]);
    t.wait_for("has the floor");
    // A plain note that names a student by mistake.
    t.keys(&["Enter"]);
    t.wait_for("New note");
    t.type_text("Sam Lee froze at the board");
    t.keys(&["Enter"]);
    t.wait_for("Sam Lee froze at the board");
    t.keys(&["n", "n", "n", "n", "n", "n", "n"]);
    let s = t.wait_for("Norm check-in");
    // The debrief is on screen with the check-in, and the clock stays in the header.
    assert!(
        s.contains("what was it like to listen without responding"),
        "{s}"
    );
    let header = s.lines().take(2).collect::<Vec<_>>().join("\n");
    assert!(
        header.contains("Elapsed") && header.contains("Ends") && header.contains("DEBRIEF"),
        "{s}"
    );
    assert!(
        header.contains("TIME LEFT") || header.contains("OVERTIME"),
        "{s}"
    );
    // Six hands for each norm.
    t.keys(&["4", "4", "5", "3", "4", "5"]);
    t.wait_for("6 votes · avg 4.2 · 3–5");
    t.keys(&["Down", "2", "3", "3", "4", "3", "5"]);
    t.wait_for("6 votes · avg 3.3 · 2–5");
    t.keys(&["Down", "Down", "Down", "Enter"]);
    t.type_text("Share the revised rubric");
    t.keys(&["Tab"]);
    t.type_text("Ben Okafor");
    t.keys(&["Tab"]);
    t.type_text("2026-12-01");
    t.keys(&["Enter"]);
    t.wait_for("Share the revised rubric (Ben Okafor, due 2026-12-01)");
    t.keys(&["n"]);
    t.wait_for("End the meeting?");
    t.keys(&["y"]);
    t.wait_for("The meeting has ended");
    t.keys(&["q"]);
    t.wait_exit();

    let first = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .unwrap();
    let r1 = plg::record::read_file(&first).unwrap();
    let votes: Vec<Option<[u32; 6]>> = r1.checkin.iter().map(|c| c.votes).collect();
    assert_eq!(
        votes,
        [Some([0, 0, 0, 1, 3, 2]), Some([0, 0, 1, 3, 1, 1])],
        "the room's hands, as a distribution per norm"
    );
    assert_eq!(r1.actions[0].text, "Share the revised rubric");

    // Meeting 2: the item is closed in its setup.
    let t = Tmux::start(home.path(), &["run", "tuning", "--group", "math9"], 110, 34);
    let s = t.wait_for("Open from earlier sessions");
    assert!(s.contains("Share the revised rubric"), "{s}");
    t.keys(&["Space", "Down", "Space", "Down", "Space", "BTab"]);
    t.keys(&["C-d"]);
    t.wait_for("done");
    t.keys(&["Tab", "Tab", "Right"]);
    t.keys(&["Enter"]);
    t.wait_until("the meeting to start", |s| {
        s.contains("has the floor") || s.contains("Start with nobody")
    });
    // Another student's name, cached by a look at the logs while the
    // meeting runs, then deleted in the meeting itself.
    t.keys(&["Enter"]);
    t.wait_for("New note");
    t.type_text("Maya Chen was absent again");
    t.keys(&["Enter"]);
    t.wait_for("Maya Chen was absent again");
    plg_out(home.path(), &["logs", "list", "--search", "Maya"]);
    assert!(!files_holding(&home.path().join("cache"), "Maya Chen").is_empty());
    // Saved notes are the facilitator's: not listed while projecting.
    t.keys(&["C-n"]);
    t.wait_for("facilitator view only");
    t.keys(&["f", "C-n"]);
    t.wait_for("not for the wall");
    t.keys(&["Delete"]);
    t.wait_for("Delete this note?");
    t.keys(&["y"]);
    t.wait_until("the note to go", |s| !s.contains("Maya Chen"));
    t.keys(&["Escape", "f"]);
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["e"]);
    t.wait_exit();

    // The two meetings may start in the same minute or not: the second is the other file.
    let second = std::fs::read_dir(home.path().join("sessions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "yaml") && *p != first)
        .unwrap();
    let r2 = plg::record::read_file(&second).unwrap();
    assert_eq!(r2.action_changes.len(), 1, "{r2:?}");
    let change = &r2.action_changes[0];
    assert_eq!(
        (change.text.as_str(), change.to.as_deref()),
        ("Share the revised rubric", Some("done"))
    );
    assert_eq!(change.session, first.file_stem().unwrap().to_string_lossy());
    // The first meeting's record is never rewritten for it.
    assert!(
        plg::record::read_file(&first)
            .unwrap()
            .action_changes
            .is_empty()
    );

    // Meeting 3's setup no longer lists it; nor does `plg actions --open`.
    let t = Tmux::start(home.path(), &["run", "tuning", "--group", "math9"], 110, 34);
    let s = t.wait_for("Who is here (0)");
    assert!(!s.contains("Share the revised rubric"), "{s}");
    t.keys(&["Escape"]);
    t.wait_exit();
    assert_eq!(
        files_holding(home.path(), "Maya Chen"),
        Vec::<std::path::PathBuf>::new(),
        "deleted in the meeting: gone from the record and the cache"
    );
    let open = plg_out(home.path(), &["actions", "--open", "--group", "math9"]);
    assert!(!open.contains("Share the revised rubric"), "{open}");
    let all = plg_out(home.path(), &["actions", "--group", "math9"]);
    assert!(
        all.contains("Share the revised rubric") && all.contains("done"),
        "{all}"
    );

    // The note with the student's name is deleted from the logs browser.
    let t = Tmux::start(home.path(), &["logs"], 110, 34);
    t.wait_for("Tuning Protocol");
    // Oldest last: the first meeting is the second row.
    t.keys(&["Down", "Enter"]);
    t.wait_for("Notes (1)");
    t.keys(&["C-n"]);
    t.wait_for("Sam Lee froze");
    t.keys(&["Delete"]);
    t.wait_for("Delete this note?");
    t.keys(&["y"]);
    t.wait_until("the note to go", |s| !s.contains("Sam Lee"));
    t.keys(&["Escape", "Escape", "q"]);
    t.wait_exit();
    // The list rebuilds the index cache from what is on disk now.
    plg_out(home.path(), &["logs", "list"]);
    assert_eq!(
        files_holding(home.path(), "Sam Lee"),
        Vec::<std::path::PathBuf>::new()
    );
    let r1 = plg::record::read_file(&first).unwrap();
    assert_eq!(r1.removed_notes.len(), 1);

    // A rehearsal is kept out of the logs and the group's export.
    let t = Tmux::start(
        home.path(),
        &["run", "chalk-talk", "--group", "math9", "--speed", "30"],
        110,
        34,
    );
    t.wait_for("Who is here (0)");
    t.keys(&["Space", "Enter"]);
    t.wait_for("has the floor");
    t.keys(&["q"]);
    t.wait_for("Quit plg?");
    t.keys(&["e"]);
    t.wait_exit();
    let list = plg_out(home.path(), &["logs", "list"]);
    assert!(!list.contains("chalk"), "{list}");
    assert_eq!(
        list.lines().count(),
        3,
        "a header and the two meetings:\n{list}"
    );
    let export = plg_out(
        home.path(),
        &["export", "--group", "math9", "--format", "json"],
    );
    assert!(!export.contains("chalk-talk"), "{export}");
    let with = plg_out(home.path(), &["logs", "list", "--rehearsals"]);
    assert!(with.contains("chalk"), "{with}");
}
