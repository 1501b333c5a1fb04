//! A loop over the notification corpus for profiling (perf record).
#![allow(missing_docs, clippy::unwrap_used)]
fn main() {
    let docs: Vec<_> = wagate_bench::corpus()
        .unwrap()
        .into_iter()
        .filter(|d| d.type_name.contains("webhook") || d.type_name.contains("response"))
        .collect();
    let mut n = 0;
    for _ in 0..20_000 {
        n += wagate_bench::wagate_typed(&docs);
    }
    println!("{n}");
}
