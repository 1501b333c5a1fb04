//! A loop over the received corpus (notifications, responses, error bodies)
//! for profiling (perf record, callgrind). The argument picks the contender:
//! `a` wagate read as a user reads it (default), `b` serde_json `Value`, `c`
//! `Value` + jsonschema, `d` the plain serde mirror; `ROUNDS` sets the number
//! of passes (default 20 000). Instruction counts of `a` against `b`/`d` do
//! not depend on the machine's load, unlike the benchmark's times.
#![allow(missing_docs, clippy::unwrap_used)]

fn main() {
    let docs: Vec<_> = wagate_bench::corpus()
        .unwrap()
        .into_iter()
        .filter(|d| d.entry.direction == wagate::Direction::Received)
        .collect();
    let contender = std::env::args().nth(1).unwrap_or_else(|| "a".to_owned());
    let run: fn(&[wagate_bench::Doc]) -> usize = match contender.as_str() {
        "a" => wagate_bench::wagate_typed,
        "b" => wagate_bench::serde_value,
        "c" => wagate_bench::value_and_jsonschema,
        "d" => wagate_bench::plain_serde,
        other => {
            eprintln!("unknown contender {other}: one of a, b, c, d");
            std::process::exit(2);
        }
    };
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20_000);
    let mut n = 0;
    for _ in 0..rounds {
        n += run(std::hint::black_box(&docs));
    }
    println!(
        "{} received documents, contender {contender}: {n} reads",
        docs.len()
    );
}
