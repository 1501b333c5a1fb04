//! One run over the same bytes: (a) wagate read into typed values (lenient,
//! the default), (b) serde_json `Value`, (c) `Value` + the `jsonschema` crate
//! against the exported schemas (and validation alone), (d) plain serde
//! structs, (e) wagate serialization. `cargo xtask bench` runs it briefly and
//! prints the table and the ratios.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpus(c: &mut Criterion) {
    let docs = wagate_bench::corpus().expect("the corpus loads");
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let values: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| serde_json::from_slice(&d.bytes).expect("JSON"))
        .collect();
    let typed = wagate_bench::typed(&docs).expect("every document reads");
    eprintln!("corpus: {} documents, {bytes} bytes", docs.len());

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("a_wagate_typed", |b| {
        b.iter(|| wagate_bench::wagate_typed(black_box(&docs)))
    });
    group.bench_function("b_serde_value", |b| {
        b.iter(|| wagate_bench::serde_value(black_box(&docs)))
    });
    group.bench_function("c_value_jsonschema", |b| {
        b.iter(|| wagate_bench::value_and_jsonschema(black_box(&docs)))
    });
    group.bench_function("c_jsonschema_only", |b| {
        b.iter(|| wagate_bench::jsonschema_only(black_box(&docs), black_box(&values)))
    });
    group.bench_function("d_plain_serde", |b| {
        b.iter(|| wagate_bench::plain_serde(black_box(&docs)))
    });
    group.bench_function("e_wagate_serialize", |b| {
        b.iter(|| wagate_bench::wagate_serialize(black_box(&typed)))
    });
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
