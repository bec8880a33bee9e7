//! Loading and checking the whole built-in protocol library, which every
//! `plg protocols`, `plg show` and `plg run` does before anything else.
//! Target: `plg protocols` under 20 ms wall, so this must be a small part of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark fails loudly on bad setup

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use plg::catalog::Catalog;
use plg::protocol::{self, Protocol};

fn library_benches(c: &mut Criterion) {
    let catalog: Catalog<Protocol> = Catalog::load(protocol::BUILTIN, &[]);
    assert_eq!(
        catalog.ids().len(),
        protocol::BUILTIN.len(),
        "every built-in loads"
    );

    c.bench_function(
        &format!(
            "load and check the {} built-in protocols",
            protocol::BUILTIN.len()
        ),
        |b| b.iter(|| Catalog::<Protocol>::load(black_box(protocol::BUILTIN), &[])),
    );
    let tuning = protocol::BUILTIN
        .iter()
        .find(|(f, _)| *f == "tuning.yaml")
        .map(|(_, s)| *s)
        .unwrap();
    c.bench_function("check tuning.yaml", |b| {
        b.iter(|| protocol::check(black_box(tuning)))
    });
}

criterion_group!(benches, library_benches);
criterion_main!(benches);
