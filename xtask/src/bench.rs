//! `cargo xtask bench`: runs the corpus benchmark briefly and prints the
//! table and the ratios (how many times faster wagate is).

use std::path::Path;
use std::process::Command;

/// The contenders, in the table's order: (criterion id, what it measures).
const ROWS: &[(&str, &str)] = &[
    ("a_wagate_typed", "(a) wagate parse + validate, typed"),
    ("b_serde_value", "(b) serde_json::Value"),
    (
        "c_value_jsonschema",
        "(c) Value + jsonschema (exported schemas)",
    ),
    ("c_jsonschema_only", "(c) jsonschema validation alone"),
    ("d_plain_serde", "(d) plain serde structs, no validation"),
    ("e_wagate_serialize", "(e) wagate serialization"),
];

/// Criterion's mean time of one corpus pass, in ns.
fn mean_ns(target: &Path, id: &str) -> Result<f64, String> {
    let path = target.join(format!("criterion/corpus/{id}/new/estimates.json"));
    let v = read_json(&path)?;
    v.pointer("/mean/point_estimate")
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| format!("{}: no mean", path.display()))
}

/// The fastest of criterion's samples, per corpus pass, in ns. On a shared
/// machine another tenant's load only ever adds time, so the fastest sample
/// is the estimate least skewed by it; the mean moves with the load of the
/// seconds each contender happened to run in.
fn fastest_ns(target: &Path, id: &str) -> Result<f64, String> {
    let path = target.join(format!("criterion/corpus/{id}/new/sample.json"));
    fastest_sample(&read_json(&path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// The least time per iteration among the samples of a criterion
/// `sample.json` (its `iters` and `times` columns).
fn fastest_sample(sample: &serde_json::Value) -> Result<f64, String> {
    let column = |name: &str| {
        sample
            .get(name)
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(serde_json::Value::as_f64)
                    .collect::<Vec<_>>()
            })
            .ok_or_else(|| format!("no {name}"))
    };
    column("iters")?
        .iter()
        .zip(column("times")?)
        .filter(|(iters, _)| **iters > 0.0)
        .map(|(iters, time)| time / iters)
        .reduce(f64::min)
        .ok_or_else(|| "no samples".to_owned())
}

fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(root: &Path, seconds: u32) -> Result<String, Vec<String>> {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "bench",
            "--quiet",
            "-p",
            "wagate-bench",
            "--bench",
            "corpus",
            "--",
            "--warm-up-time",
            "1",
            "--measurement-time",
            &seconds.to_string(),
            "--noplot",
        ])
        .output()
        .map_err(|e| vec![format!("cannot run cargo bench: {e}")])?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(vec![format!("cargo bench failed:\n{stderr}")]);
    }
    // "corpus: N documents, B bytes"
    let (docs, bytes) = stderr
        .lines()
        .find_map(|l| {
            let rest = l.strip_prefix("corpus: ")?;
            let (d, b) = rest.split_once(" documents, ")?;
            Some((
                d.parse::<f64>().ok()?,
                b.strip_suffix(" bytes")?.parse::<f64>().ok()?,
            ))
        })
        .ok_or_else(|| vec!["the benchmark did not report its corpus".to_owned()])?;
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let mut table = format!(
        "corpus: {docs} documents, {bytes} bytes (every valid documented example: notifications, requests, responses)\n\n{:<44} {:>12} {:>10} {:>14} {:>10}\n",
        "contender", "µs/corpus", "MB/s", "documents/s", "µs mean"
    );
    let mut fastest = std::collections::BTreeMap::new();
    let mut means = std::collections::BTreeMap::new();
    for (id, label) in ROWS {
        let ns = fastest_ns(&target, id).map_err(|e| vec![e])?;
        let mean = mean_ns(&target, id).map_err(|e| vec![e])?;
        let secs = ns / 1e9;
        table.push_str(&format!(
            "{label:<44} {:>12.1} {:>10.1} {:>14.0} {:>10.1}\n",
            ns / 1e3,
            bytes / secs / 1e6,
            docs / secs,
            mean / 1e3
        ));
        fastest.insert(*id, ns);
        means.insert(*id, mean);
    }
    let ratios = |times: &std::collections::BTreeMap<&str, f64>| {
        let t = |id: &str| times.get(id).copied().unwrap_or(f64::NAN);
        let a = t("a_wagate_typed");
        format!(
            "typed_vs_value={:.2} typed_vs_jsonschema={:.2} typed_vs_plain={:.2}",
            t("b_serde_value") / a,
            t("c_value_jsonschema") / a,
            t("d_plain_serde") / a
        )
    };
    table.push_str(&format!(
        "\n(µs/corpus, MB/s and documents/s from each contender's fastest sample)\n\nratios: {}\nratios of criterion's means (they move with the machine's load): {}",
        ratios(&fastest),
        ratios(&means)
    ));
    // Criterion times the contenders one after another, so a shared
    // machine's changing load skews them apart; the interleaved split gives
    // ratios that drift alike, in steady state and with cold caches.
    for (mode, args) in [("steady state", &["--warm"][..]), ("cold caches", &[][..])] {
        let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "wagate-bench",
                "--example",
                "split",
                "--",
            ])
            .args(args)
            .output()
            .map_err(|e| vec![format!("cannot run the split: {e}")])?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let all = stdout
            .lines()
            .find(|l| l.starts_with("all "))
            .ok_or_else(|| vec![format!("the split printed no `all` line:\n{stdout}")])?;
        let ratio = |name: &str| {
            all.split_whitespace()
                .find_map(|w| w.strip_prefix(name))
                .unwrap_or("?")
                .to_owned()
        };
        table.push_str(&format!(
            "\nratios, interleaved, {mode}: typed_vs_value={} typed_vs_jsonschema={} typed_vs_plain={}",
            ratio("b/a="),
            ratio("c/a="),
            ratio("d/a=")
        ));
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::fastest_sample;
    use serde_json::json;

    #[test]
    fn the_fastest_sample_is_the_least_time_per_iteration() {
        // 1000 ns/iter, 800 ns/iter (the fastest, though not the least
        // total time), 1200 ns/iter.
        let sample = json!({"iters": [10.0, 20.0, 30.0], "times": [10000.0, 16000.0, 36000.0]});
        assert_eq!(fastest_sample(&sample), Ok(800.0));
    }

    #[test]
    fn a_sample_file_without_samples_is_an_error() {
        assert!(fastest_sample(&json!({"iters": [], "times": []})).is_err());
        assert!(fastest_sample(&json!({"times": [1.0]})).is_err());
        assert_eq!(
            fastest_sample(&json!({"iters": [0.0, 2.0], "times": [5.0, 8.0]})),
            Ok(4.0)
        );
    }
}
