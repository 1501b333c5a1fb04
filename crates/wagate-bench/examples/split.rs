//! Where the time goes: each contender per kind of document (a rough split, not the benchmark).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]
use std::time::Instant;

fn time(f: impl Fn() -> usize) -> f64 {
    for _ in 0..50 {
        std::hint::black_box(f());
    }
    let n = 400;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    t.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn main() {
    let all = wagate_bench::corpus().unwrap();
    for class in ["webhook", ".request", ".response", "error"] {
        let docs: Vec<_> = all.iter().filter(|d| d.type_name.contains(class)).collect();
        let docs: Vec<wagate_bench::Doc> = docs
            .into_iter()
            .map(|d| wagate_bench::Doc {
                type_name: d.type_name.clone(),
                bytes: d.bytes.clone(),
                entry: d.entry,
                plain: d.plain,
                schema: d.schema.clone(),
            })
            .collect();
        let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
        let a = time(|| wagate_bench::wagate_typed(&docs));
        let b = time(|| wagate_bench::serde_value(&docs));
        let d = time(|| wagate_bench::plain_serde(&docs));
        println!(
            "{class:<10} {:>4} docs {bytes:>6} B  a={a:>8.1}us b={b:>8.1}us d={d:>8.1}us  a/b={:.2} a/d={:.2}",
            docs.len(),
            b / a,
            d / a
        );
    }
}
