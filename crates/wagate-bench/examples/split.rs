//! Where the time goes: each contender per kind of document (a rough split,
//! not the benchmark). The contenders take turns, and each one's fastest
//! pass is kept, so that a busy machine skews them alike. `x/a` is how many
//! times longer contender x takes than wagate (a): above 1, wagate is faster.
//!
//! By default each turn is one pass, so every pass starts with caches the
//! other contenders filled (a reader that meets documents of many kinds
//! after other work). `--warm` makes each turn 20 passes, so the fastest
//! pass is one in steady state (a reader busy with a stream of documents).
#![allow(missing_docs, clippy::unwrap_used)]
use std::hint::black_box;
use std::time::Instant;

type Contender = fn(&[wagate_bench::Doc]) -> usize;

/// The fastest pass of each contender over `docs`, in µs.
fn fastest(
    docs: &[wagate_bench::Doc],
    contenders: &[Contender],
    passes_per_turn: usize,
) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; contenders.len()];
    for _ in 0..300 / passes_per_turn {
        for (f, best) in contenders.iter().zip(&mut best) {
            for _ in 0..passes_per_turn {
                let t = Instant::now();
                black_box(f(black_box(docs)));
                *best = best.min(t.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    best
}

fn main() {
    let all = wagate_bench::corpus().unwrap();
    let passes_per_turn = if std::env::args().any(|a| a == "--warm") {
        20
    } else {
        1
    };
    let contenders: [Contender; 4] = [
        wagate_bench::wagate_typed,
        wagate_bench::serde_value,
        wagate_bench::value_and_jsonschema,
        wagate_bench::plain_serde,
    ];
    for class in ["", "webhook", ".request", ".response", "error"] {
        let docs: Vec<wagate_bench::Doc> = all
            .iter()
            .filter(|d| d.type_name.contains(class))
            .cloned()
            .collect();
        let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
        let [a, b, c, d] = fastest(&docs, &contenders, passes_per_turn)[..] else {
            unreachable!("one time per contender")
        };
        let class = if class.is_empty() { "all" } else { class };
        println!(
            "{class:<10} {:>4} docs {bytes:>6} B  a={a:>8.1}us b={b:>8.1}us c={c:>8.1}us d={d:>8.1}us  b/a={:.2} c/a={:.2} d/a={:.2}",
            docs.len(),
            b / a,
            c / a,
            d / a
        );
    }
}
