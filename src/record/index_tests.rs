use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};

use super::*;
use crate::meeting::session::{ActionItem, Closing, Delta, GroupRef, NormRating, Setup};
use crate::meeting::{Command, Meeting, Rounds};
use crate::protocol;
use crate::record::format::{SessionRecord, SessionView, Status};
use crate::record::index_codec::INDEX_FORMAT;
use crate::record::store;

fn tuning() -> protocol::Protocol {
    let (_, src) = protocol::BUILTIN
        .iter()
        .find(|(f, _)| *f == "tuning.yaml")
        .unwrap();
    protocol::check(src).value.unwrap()
}

/// A finished meeting of `group` on November `day`, with one note.
fn record_yaml(group: &str, day: u32, note: &str) -> String {
    let t0 = Utc.with_ymd_and_hms(2026, 11, day, 14, 30, 0).unwrap();
    let mut m = Meeting::start(tuning(), &Rounds::default(), t0);
    m.update(Command::Next, t0 + TimeDelta::minutes(5));
    m.update(
        Command::AddNote {
            kind: "question".into(),
            text: note.into(),
        },
        t0 + TimeDelta::minutes(6),
    );
    m.update(Command::End, t0 + TimeDelta::minutes(55));
    let setup = Setup {
        group: Some(GroupRef {
            id: group.into(),
            name: group.into(),
            focus: None,
        }),
        ..Setup::default()
    };
    let rec = SessionRecord::from_session(
        &SessionView {
            meeting: &m,
            setup: &setup,
            closing: &Closing::default(),
            status: Status::Completed,
            draft: None,
            speed: 1,
        },
        t0 + TimeDelta::minutes(55),
        FixedOffset::east_opt(3600).unwrap(),
    );
    store::to_yaml(&rec).unwrap()
}

struct Dirs {
    _tmp: tempfile::TempDir,
    sessions: PathBuf,
    cache: PathBuf,
}

fn dirs() -> Dirs {
    let tmp = tempfile::tempdir().unwrap();
    let sessions = tmp.path().join("sessions");
    fs::create_dir_all(&sessions).unwrap();
    let cache = tmp.path().join("cache");
    Dirs {
        sessions,
        cache,
        _tmp: tmp,
    }
}

fn load(d: &Dirs) -> SessionIndex {
    SessionIndex::load_with(&d.sessions, Some(&d.cache), 2).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_second_load_reuses_the_cache_and_does_not_rewrite_it() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    write(&d.sessions, "b.yaml", &record_yaml("sci7", 9, "second"));
    let first = load(&d);
    assert_eq!((first.stats.parsed, first.stats.reused), (2, 0));
    assert!(first.stats.cache_written);
    let second = load(&d);
    assert_eq!((second.stats.parsed, second.stats.reused), (0, 2));
    assert!(!second.stats.cache_written);
    assert_eq!(first.sessions, second.sessions);
    assert_eq!(
        second
            .sessions
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>(),
        ["b", "a"],
        "newest first"
    );
}

#[test]
fn a_changed_file_is_read_again() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    load(&d);
    write(
        &d.sessions,
        "a.yaml",
        &record_yaml("math9", 2, "rewritten note"),
    );
    let again = load(&d);
    assert_eq!(again.stats.parsed, 1);
    assert_eq!(again.sessions[0].summary.notes[0].text, "rewritten note");
}

#[test]
fn a_file_rewritten_to_the_same_size_is_caught_by_its_modification_time() {
    let d = dirs();
    let path = d.sessions.join("a.yaml");
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "aaaa"));
    load(&d);
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "bbbb"));
    let later = SystemTime::now() + Duration::from_secs(5);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let again = load(&d);
    assert_eq!(again.stats.parsed, 1);
    assert_eq!(again.sessions[0].summary.notes[0].text, "bbbb");
}

#[test]
fn a_deleted_file_is_dropped_from_the_index() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    write(&d.sessions, "b.yaml", &record_yaml("math9", 9, "second"));
    load(&d);
    fs::remove_file(d.sessions.join("a.yaml")).unwrap();
    let again = load(&d);
    assert_eq!(again.stats.dropped, 1);
    assert!(again.stats.cache_written);
    assert_eq!(again.sessions.len(), 1);
    assert_eq!(
        load(&d).stats,
        LoadStats {
            reused: 1,
            ..LoadStats::default()
        }
    );
}

#[test]
fn a_damaged_file_is_reported_with_its_line_and_remembered() {
    let d = dirs();
    write(&d.sessions, "good.yaml", &record_yaml("math9", 2, "fine"));
    let broken = record_yaml("math9", 9, "x").replace("status: completed", "status: [oops");
    write(&d.sessions, "broken.yaml", &broken);
    let first = load(&d);
    assert_eq!(first.sessions.len(), 1);
    assert_eq!(first.damaged.len(), 1);
    assert_eq!(first.damaged[0].line, Some(2));
    let shown = first.damaged[0].to_string();
    assert!(shown.contains("broken.yaml:2: "), "{shown}");
    let second = load(&d);
    assert_eq!(second.stats.parsed, 0, "the damage is cached too");
    assert_eq!(second.damaged, first.damaged);
}

#[test]
fn a_corrupt_cache_is_rebuilt_silently() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    write(&d.sessions, "b.yaml", &record_yaml("math9", 9, "second"));
    load(&d);
    let cache = cache_path(&d.sessions, &d.cache);
    let bytes = fs::read(&cache).unwrap();
    for damage in [
        bytes[..bytes.len() / 2].to_vec(),
        b"{\"format\": 1, \"entries\": [tru".to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
        Vec::new(),
    ] {
        fs::write(&cache, damage).unwrap();
        let again = load(&d);
        assert_eq!(again.stats.parsed, 2);
        assert!(again.stats.cache_written);
        assert_eq!(again.sessions.len(), 2);
        assert_eq!(load(&d).stats.reused, 2, "the rebuilt cache is good");
    }
}

#[test]
fn a_cache_of_another_format_is_rebuilt() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    load(&d);
    let cache = cache_path(&d.sessions, &d.cache);
    let mut bytes = fs::read(&cache).unwrap();
    // The format number follows the 8-byte magic.
    assert_eq!(bytes[8..12], INDEX_FORMAT.to_le_bytes());
    bytes[8..12].copy_from_slice(&(INDEX_FORMAT + 1).to_le_bytes());
    fs::write(&cache, bytes).unwrap();
    assert_eq!(load(&d).stats.parsed, 1);
}

#[test]
fn summaries_come_back_from_the_cache_exactly_as_parsed() {
    let d = dirs();
    let full = crate::record::parse(&record_yaml("math9", 2, "first")).unwrap();
    let mut rec = full.clone();
    rec.checkin = vec![
        NormRating {
            norm: "Share airtime".into(),
            rating: Some(4),
            comment: Some("better".into()),
            ..NormRating::default()
        },
        NormRating {
            norm: "Start on time".into(),
            votes: Some([0, 1, 0, 2, 7, 1]),
            skipped: true,
            ..NormRating::default()
        },
    ];
    rec.checkin_skipped = true;
    rec.delta = vec![Delta {
        text: "Print copies".into(),
        owner: Some("Ana".into()),
    }];
    rec.actions = vec![ActionItem {
        text: "Share the rubric".into(),
        owner: None,
        due: chrono::NaiveDate::from_ymd_opt(2026, 12, 1),
        done: true,
    }];
    rec.action_changes = vec![crate::meeting::session::ActionChange {
        at: rec.started_at,
        session: "2026-10-26T1530_math9_tuning".into(),
        item: 2,
        text: "Book the lab".into(),
        field: crate::meeting::session::ActionField::Owner,
        from: None,
        to: Some("Chen Li".into()),
    }];
    rec.plus = vec!["On time".into()];
    rec.attendance.absent = vec!["Dana".into()];
    rec.ended_at = None;
    fs::write(d.sessions.join("a.yaml"), store::to_yaml(&rec).unwrap()).unwrap();
    let parsed = load(&d);
    let cached = load(&d);
    assert_eq!(cached.stats.reused, 1);
    assert_eq!(cached.sessions, parsed.sessions);
    assert_eq!(cached.sessions[0].summary, SessionSummary::of(&rec));
}

#[test]
fn temporaries_locks_and_other_files_are_not_records() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    write(&d.sessions, ".a.yaml.lock", "process 1");
    write(&d.sessions, ".a.yaml.123.tmp", "version: 2");
    write(&d.sessions, "notes.txt", "hello");
    fs::create_dir(d.sessions.join("old.yaml")).unwrap();
    let idx = load(&d);
    assert_eq!(idx.sessions.len(), 1);
    assert!(idx.damaged.is_empty(), "{:?}", idx.damaged);
}

#[test]
fn a_missing_sessions_folder_is_an_empty_index() {
    let d = dirs();
    fs::remove_dir(&d.sessions).unwrap();
    let idx = load(&d);
    assert!(idx.sessions.is_empty() && idx.damaged.is_empty());
}

#[test]
fn an_unwritable_cache_folder_still_gives_a_complete_index() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    // A file where the cache folder should be.
    fs::write(&d.cache, "not a folder").unwrap();
    let idx = load(&d);
    assert_eq!(idx.sessions.len(), 1);
    assert!(idx.stats.cache_error.is_some());
}

#[cfg(unix)]
#[test]
fn the_cache_is_private_like_the_records() {
    use std::os::unix::fs::PermissionsExt;
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    load(&d);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache_path(&d.sessions, &d.cache)), 0o600);
    assert_eq!(mode(&d.cache), 0o700);
}

#[test]
fn many_files_parsed_on_several_threads_keep_their_own_summaries() {
    let d = dirs();
    for day in 1..=28 {
        write(
            &d.sessions,
            &format!("s{day:02}.yaml"),
            &record_yaml("math9", day, &format!("note {day}")),
        );
    }
    let idx = SessionIndex::load_with(&d.sessions, Some(&d.cache), 4).unwrap();
    assert_eq!(idx.sessions.len(), 28);
    for s in &idx.sessions {
        let day: u32 = s.id[1..].parse().unwrap();
        assert_eq!(s.summary.notes[0].text, format!("note {day}"));
    }
}

#[test]
fn search_finds_note_text_and_highlights_the_match() {
    let d = dirs();
    write(
        &d.sessions,
        "a.yaml",
        &record_yaml("math9", 2, "The sentence FRAMES helped"),
    );
    write(
        &d.sessions,
        "b.yaml",
        &record_yaml("math9", 9, "Nothing here"),
    );
    let idx = load(&d);
    let hits = idx.search("frames");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].session.id, "a");
    let m = &hits[0].matches[0];
    assert_eq!(&m.snippet[m.highlights[0].clone()], "FRAMES");
    assert!(matches!(
        m.field,
        crate::record::search::TextField::Note { index: 0, .. }
    ));
}

#[test]
fn every_kind_of_damage_is_reported_with_a_line() {
    let d = dirs();
    let good = record_yaml("math9", 2, "fine");
    write(&d.sessions, "good.yaml", &good);
    write(&d.sessions, "truncated.yaml", &good[..good.len() / 3]);
    write(
        &d.sessions,
        "future.yaml",
        "version: 9\nstatus: completed\n",
    );
    write(&d.sessions, "empty.yaml", "");
    write(&d.sessions, "not-a-record.yaml", "- just\n- a list\n");
    fs::write(
        d.sessions.join("latin1.yaml"),
        b"version: 2\nstatus: completed\nwork: caf\xe9\n",
    )
    .unwrap();
    let idx = load(&d);
    assert_eq!(idx.sessions.len(), 1);
    let by_id = |id: &str| idx.damaged.iter().find(|x| x.id == id).unwrap();
    assert_eq!(idx.damaged.len(), 5, "{:?}", idx.damaged);
    for x in &idx.damaged {
        assert!(x.line.is_some(), "{x}");
    }
    assert_eq!(by_id("future").line, Some(1));
    assert!(by_id("future").message.contains("newer plg"));
    let latin1 = by_id("latin1");
    assert_eq!(latin1.line, Some(3));
    assert!(
        latin1
            .to_string()
            .ends_with("latin1.yaml:3: column 10: not UTF-8 text (save the file as UTF-8)"),
        "{latin1}"
    );
}

/// A small seeded generator (SplitMix64): the same summaries every run,
/// so a failure names a seed that can be replayed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }
    fn text(&mut self) -> String {
        const PIECES: [&str; 12] = [
            "",
            "a",
            "Ana Ruiz",
            " ",
            "é",
            "名前",
            "\u{1b}[31m",
            "\n",
            "👩🏽‍🏫",
            "\"",
            "\0",
            "long ",
        ];
        let n = self.below(5);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect()
    }
    fn opt_text(&mut self) -> Option<String> {
        self.coin().then(|| self.text())
    }
    fn texts(&mut self) -> Vec<String> {
        (0..self.below(4)).map(|_| self.text()).collect()
    }
    fn time(&mut self) -> chrono::DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.range(-86_399, 86_399) as i32).unwrap();
        // Years 1900 to 9999, the years a record may hold.
        let secs = self.range(-2_208_988_800, 253_402_214_399);
        let nanos = if self.coin() {
            0
        } else {
            self.below(1_000_000_000) as u32
        };
        offset.timestamp_opt(secs, nanos).single().unwrap()
    }
    fn day(&mut self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.range(1900, 9999) as i32, 1, 1)
            .unwrap()
            .checked_add_days(chrono::Days::new(self.below(365)))
            .unwrap()
    }
    fn pick<T: Copy>(&mut self, of: &[T]) -> T {
        of[self.below(of.len() as u64) as usize]
    }
}

fn random_summary(g: &mut Gen) -> SessionSummary {
    use crate::meeting::session::{ActionChange, ActionField, Attendance, RoleAssignment};
    SessionSummary {
        version: g.next() as u32,
        status: g.pick(&[Status::InProgress, Status::Completed, Status::EndedEarly]),
        started_at: g.time(),
        ended_at: g.coin().then(|| g.time()),
        duration_seconds: g.next() as i64,
        speed: g.next() as u32,
        group: g.coin().then(|| GroupRef {
            id: g.text(),
            name: g.text(),
            focus: g.opt_text(),
        }),
        protocol_id: g.text(),
        protocol_name: g.text(),
        agenda: g.coin(),
        items: (0..g.below(4))
            .map(|_| crate::record::summary::ItemSummary {
                name: g.text(),
                protocol: g.opt_text(),
                actual_seconds: g.next() as i64,
            })
            .collect(),
        attendance: Attendance {
            present: g.texts(),
            absent: g.texts(),
            guests: g.texts(),
            // Who came and went is not kept in the index.
            changes: Vec::new(),
        },
        roles: (0..g.below(4))
            .map(|_| RoleAssignment {
                role: g.text(),
                person: g.text(),
            })
            .collect(),
        focusing_question: g.opt_text(),
        work: g.opt_text(),
        notes: (0..g.below(4))
            .map(|_| IndexedNote {
                at_seconds: g.next() as i64,
                phase: g.text(),
                kind: g.text(),
                text: g.text(),
            })
            .collect(),
        checkin: (0..g.below(4))
            .map(|_| NormRating {
                norm: g.text(),
                // The cache marks "no rating" with 255; validated ratings are 0 to 5.
                rating: g.coin().then(|| g.below(255) as u8),
                votes: g.coin().then(|| [0; 6].map(|_: u32| g.next() as u32)),
                skipped: g.coin(),
                comment: g.opt_text(),
            })
            .collect(),
        checkin_skipped: g.coin(),
        plus: g.texts(),
        delta: (0..g.below(4))
            .map(|_| Delta {
                text: g.text(),
                owner: g.opt_text(),
            })
            .collect(),
        actions: (0..g.below(4))
            .map(|_| ActionItem {
                text: g.text(),
                owner: g.opt_text(),
                due: g.coin().then(|| g.day()),
                done: g.coin(),
            })
            .collect(),
        action_changes: (0..g.below(4))
            .map(|_| ActionChange {
                at: g.time(),
                session: g.text(),
                item: g.next() as usize,
                text: g.text(),
                field: g.pick(&[ActionField::State, ActionField::Owner, ActionField::Due]),
                from: g.opt_text(),
                to: g.opt_text(),
            })
            .collect(),
        presented: g.texts(),
    }
}

#[test]
fn every_summary_encodes_and_decodes_to_itself() {
    for seed in 0..2_000u64 {
        let mut g = Gen(seed);
        let entries: Vec<CacheEntry> = (0..g.below(4) + 1)
            .map(|i| CacheEntry {
                file: format!("{seed}-{i}.yaml"),
                stamp: Stamp {
                    size: g.next(),
                    secs: g.next() as i64,
                    nanos: g.next() as u32,
                },
                outcome: if g.below(5) == 0 {
                    Outcome::Damaged {
                        line: g.coin().then(|| g.next() as usize),
                        message: g.text(),
                    }
                } else {
                    Outcome::Ok(Box::new(random_summary(&mut g)))
                },
            })
            .collect();
        let bytes = encode_cache("/sessions", &entries);
        let decoded = decode_cache(&bytes, "/sessions")
            .unwrap_or_else(|| panic!("seed {seed}: the cache did not decode"));
        assert_eq!(decoded.len(), entries.len(), "seed {seed}");
        for e in &entries {
            let back = &decoded[&e.file];
            assert_eq!(back.stamp, e.stamp, "seed {seed}");
            match (&back.outcome, &e.outcome) {
                (Outcome::Ok(a), Outcome::Ok(b)) => assert_eq!(a, b, "seed {seed}"),
                (
                    Outcome::Damaged { line, message },
                    Outcome::Damaged {
                        line: l2,
                        message: m2,
                    },
                ) => assert_eq!((line, message), (l2, m2), "seed {seed}"),
                _ => panic!("seed {seed}: the outcome changed kind"),
            }
        }
        // Any byte changed is caught by the seal, never decoded into something else.
        let mut bent = bytes.clone();
        let at = g.below(bent.len() as u64) as usize;
        bent[at] ^= 1 << g.below(8);
        assert!(decode_cache(&bent, "/sessions").is_none(), "seed {seed}");
    }
}

#[test]
fn a_cache_of_the_previous_format_is_rebuilt() {
    let d = dirs();
    write(&d.sessions, "a.yaml", &record_yaml("math9", 2, "first"));
    load(&d);
    let cache = cache_path(&d.sessions, &d.cache);
    let mut bytes = fs::read(&cache).unwrap();
    bytes[8..12].copy_from_slice(&(INDEX_FORMAT - 1).to_le_bytes());
    // Sealed again, so only the format number tells it apart.
    let body = bytes.len() - 8;
    let sum = fnv1a(&bytes[..body]).to_le_bytes();
    bytes[body..].copy_from_slice(&sum);
    assert!(decode_cache(&bytes, &dir_key(&d.sessions)).is_none());
    fs::write(&cache, &bytes).unwrap();
    let again = load(&d);
    assert_eq!(again.stats.parsed, 1);
    assert!(again.stats.cache_written);
    assert_eq!(load(&d).stats.reused, 1);
}
