//! Arbitrary input never panics the loader: it gives a protocol or diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use proptest::prelude::*;

use plg::protocol;

/// Fragments of real protocol syntax, so generated inputs reach deep into the
/// checker instead of failing at the first byte.
const PIECES: &[&str] = &[
    "id: x\n",
    "name: N\n",
    "summary: s\n",
    "phases:\n",
    "  - name: A\n",
    "    minutes: 5\n",
    "    minutes: -1\n",
    "    repeat: each\n",
    "    repeat: 2\n",
    "    speaker: presenter\n",
    "    notes: [warm, cool]\n",
    "roles:\n",
    "  - id: presenter\n",
    "    name: P\n",
    "note_kinds:\n",
    "  - id: warm\n",
    "    label: W\n",
    "    key: w\n",
    "    key: n\n",
    "    checkin: true\n",
    "&a [1, 2]\n",
    "*a\n",
    "\t",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    "|\n",
    ">\n",
    "---\n",
    "...\n",
    "#",
    "é",
    "\u{feff}",
    "\n",
    "  ",
    "!!str ",
    "%YAML 1.2\n",
];

fn protocolish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

/// 4,000 cases per property by default; `PROPTEST_CASES=200000` for a longer campaign.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(4000);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let checked = protocol::check(&text);
        // A value is only given when no error was found.
        prop_assert!(checked.value.is_none() || !checked.has_errors());
    }

    #[test]
    fn protocol_shaped_text_never_panics(src in protocolish()) {
        let checked = protocol::check(&src);
        prop_assert!(checked.value.is_none() || !checked.has_errors());
        for d in &checked.diagnostics {
            prop_assert!(d.span.start.line >= 1 && d.span.start.col >= 1);
            prop_assert!(d.span.start.offset <= src.len());
        }
    }
}
