//! Arbitrary bytes and arbitrary YAML as a session record never panic, and
//! reading one never reads more bytes or expands to more values than the
//! stated caps. Counts are asserted, not times.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use std::io::Read;

use proptest::prelude::*;

use plg::files::{ReadError, read_up_to};
use plg::record::read::parse;
use plg::yaml::{Limits, guard};

/// Pieces of real record syntax plus the ways YAML grows: anchors, aliases, brackets.
const PIECES: &[&str] = &[
    "version: 2\n",
    "version: 1\n",
    "version: 99999999999999999999\n",
    "status: completed\n",
    "status: in-progress\n",
    "started_at: 2026-11-23T15:30:00+01:00\n",
    "started_at: 9999-12-31T23:59:59+14:00\n",
    "planned_seconds: 9223372036854775807\n",
    "speed: 0\n",
    "notes:\n",
    "  - at: 2026-11-23T15:31:00+01:00\n",
    "    text: hi\n",
    "a: &a [x, x, x]\n",
    "b: &b [*a, *a, *a]\n",
    "c: [*b, *b, *b, *b]\n",
    "d: *c\n",
    "&s long text\n",
    "*s\n",
    "[[[[[[[[",
    "]]]]",
    "{a: {b: {c:",
    "}}}",
    "- ",
    "\t",
    "\"",
    "'",
    "\u{feff}",
    "\u{1b}[2J",
    "---\n",
    ": ",
    "\n",
    "  ",
];

fn yamlish() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

/// Counts what a reader hands out.
struct Counting<R> {
    inner: R,
    read: usize,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

/// Values and text bytes of a fully expanded document, as serde sees it.
fn expanded(v: &serde_yaml::Value) -> (usize, usize) {
    use serde_yaml::Value;
    let add = |(a, b): (usize, usize), (c, d): (usize, usize)| (a + c, b + d);
    match v {
        Value::Sequence(items) => items.iter().map(expanded).fold((1, 1), add),
        Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| add(expanded(k), expanded(v)))
            .fold((1, 1), add),
        Value::Tagged(t) => expanded(&t.value),
        Value::String(s) => (1, s.len() + 1),
        other => (
            1,
            serde_yaml::to_string(other).map_or(1, |s| s.trim_end().len() + 1),
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_yaml_never_panics(text in yamlish()) {
        let _ = parse(&text);
    }

    #[test]
    fn reads_stop_one_byte_past_the_cap(len in 0usize..5000, cap in 0u64..3000) {
        let mut from = Counting { inner: std::io::repeat(b'x').take(len as u64), read: 0 };
        let result = read_up_to(&mut from, len as u64, cap);
        prop_assert!(from.read as u64 <= cap + 1);
        match result {
            Ok(bytes) => prop_assert_eq!(bytes.len(), len),
            Err(ReadError::TooLarge(c)) => { prop_assert_eq!(c, cap); prop_assert!(len as u64 > cap); }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    /// With small caps, whatever the guard accepts expands (as serde expands
    /// it) to no more than the caps.
    #[test]
    fn what_the_guard_accepts_stays_within_its_caps(text in yamlish()) {
        let limits = Limits { depth: 6, values: 60, expanded_bytes: 400 };
        if let Ok(stats) = guard(&text, limits) {
            prop_assert!(stats.values <= limits.values);
            prop_assert!(stats.expanded_bytes <= limits.expanded_bytes);
            prop_assert!(stats.deepest <= limits.depth);
            if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text) {
                let (values, bytes) = expanded(&value);
                prop_assert!(values <= limits.values, "{values} values from {text:?}");
                prop_assert!(bytes <= limits.expanded_bytes + values, "{bytes} bytes from {text:?}");
            }
        }
    }
}

#[test]
fn the_guard_counts_an_alias_by_what_it_repeats() {
    let text = format!("a: &a \"{}\"\nb: [*a, *a, *a]\n", "x".repeat(100));
    let limits = Limits {
        depth: 8,
        values: 1000,
        expanded_bytes: 1000,
    };
    let stats = guard(&text, limits).unwrap();
    assert_eq!(stats.aliases, 3);
    assert!(stats.expanded_bytes >= 400, "{stats:?}");
    let tight = Limits {
        expanded_bytes: 300,
        ..limits
    };
    let refused = guard(&text, tight).unwrap_err();
    assert!(
        refused.diagnostic.message.contains("expands"),
        "{}",
        refused.diagnostic.message
    );
    assert!(!refused.syntax);
}
