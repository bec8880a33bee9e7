//! Saving a long meeting: plg writes the whole record after every note, so a
//! save has to stay quick even with 1,000 notes. Target: the full save (YAML,
//! temporary file, fsync, rename, folder fsync) under 10 ms.
//!
//! The fsyncs dominate and depend on the disk: the figures say as much about
//! the machine as about plg.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark fails loudly on bad setup

use std::hint::black_box;
use std::time::Duration;

use chrono::{FixedOffset, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

use plg::meeting::session::{Closing, Setup, starter_norms};
use plg::meeting::{Command, Meeting, Rounds};
use plg::record::format::{SessionRecord, SessionView};
use plg::record::{Status, parse, store};

const NOTES: usize = 1_000;

const KINDS: [&str; 3] = ["warm", "cool", "question"];

fn record_with_notes(notes: usize) -> SessionRecord {
    let tuning = plg::protocol::builtin("tuning").expect("the built-in tuning protocol is valid");
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 14, 30, 0).unwrap();
    let mut meeting = Meeting::start(tuning, &Rounds::default(), t0);
    let steps = meeting.steps.len();
    for i in 0..notes {
        let at = t0 + TimeDelta::seconds(3 * i as i64);
        // Spread the notes over the phases, as a long meeting would.
        if i > 0 && i % (notes / steps + 1) == 0 && meeting.current + 1 < steps {
            meeting.update(Command::Next, at);
        }
        meeting.update(
            Command::AddNote {
                kind: KINDS[i % KINDS.len()].into(),
                text: format!(
                    "Note {i}: students justified each step — “because the café lab said so” — \
                     and the rubric's second row needs clearer wording for élèves."
                ),
            },
            at,
        );
    }
    let setup = Setup {
        norms: starter_norms(),
        ..Setup::default()
    };
    let closing = Closing::for_norms(&setup.norms);
    let record = SessionRecord::from_session(
        &SessionView {
            meeting: &meeting,
            setup: &setup,
            closing: &closing,
            status: Status::InProgress,
            draft: Some(("warm", "half a thought, still being typed")),
            speed: 1,
        },
        t0 + TimeDelta::seconds(3 * notes as i64),
        FixedOffset::east_opt(3600).unwrap(),
    );
    assert_eq!(record.notes.len(), notes);
    record
}

fn store_benches(c: &mut Criterion) {
    let record = record_with_notes(NOTES);
    let yaml = store::to_yaml(&record).unwrap();
    assert_eq!(parse(&yaml).unwrap(), record, "the record round-trips");
    eprintln!(
        "a record with {NOTES} notes is {} KiB of YAML",
        yaml.len() / 1024
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-23T1430_tuning.yaml");
    let mut g = c.benchmark_group(format!("record with {NOTES} notes"));
    g.sample_size(50).measurement_time(Duration::from_secs(8));
    g.bench_function("save (YAML + atomic replace with fsync)", |b| {
        b.iter(|| store::save(black_box(&path), black_box(&record)).unwrap())
    });
    g.bench_function("write_atomic only (fsync, rename, folder fsync)", |b| {
        b.iter(|| store::write_atomic(black_box(&path), black_box(yaml.as_bytes())).unwrap())
    });
    g.bench_function("to_yaml (serialise)", |b| {
        b.iter(|| store::to_yaml(black_box(&record)).unwrap())
    });
    g.bench_function("parse", |b| b.iter(|| parse(black_box(&yaml)).unwrap()));
    g.finish();
    assert_eq!(plg::record::read_file(&path).unwrap(), record);
}

criterion_group!(benches, store_benches);
criterion_main!(benches);
