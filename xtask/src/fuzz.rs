//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs every fuzz target (or the
//! named ones) for N seconds each (default 60) with `cargo +nightly fuzz run`,
//! one after another, and prints each target's executions and coverage.
//! `cargo xtask fuzz --seed-corpus` writes the documented examples into
//! `fuzz/corpus/`; `cargo xtask fuzz --cmin` minimizes every corpus.

use std::path::Path;
use std::process::{Command, Stdio};

/// One target's closing numbers, from libFuzzer's final lines.
#[derive(Debug, Default, PartialEq)]
struct Summary {
    execs: Option<u64>,
    execs_per_sec: Option<u64>,
    cov: Option<u64>,
    ft: Option<u64>,
    corpus: Option<String>,
}

/// The number after `key` in `line` (`cov: 123` → 123).
fn number_after(line: &str, key: &str) -> Option<u64> {
    let rest = line.split(key).nth(1)?;
    rest.split_whitespace().next()?.parse().ok()
}

fn summarize(log: &str) -> Summary {
    let mut s = Summary::default();
    for line in log.lines() {
        if let Some(n) = number_after(line, "stat::number_of_executed_units:") {
            s.execs = Some(n);
        }
        if let Some(n) = number_after(line, "stat::average_exec_per_sec:") {
            s.execs_per_sec = Some(n);
        }
        if line.starts_with('#') && line.contains(" cov: ") {
            s.cov = number_after(line, " cov:").or(s.cov);
            s.ft = number_after(line, " ft:").or(s.ft);
            s.corpus = line
                .split(" corp: ")
                .nth(1)
                .and_then(|r| r.split_whitespace().next())
                .map(str::to_owned)
                .or(s.corpus.take());
        }
    }
    s
}

fn targets(fuzz_dir: &Path) -> Result<Vec<String>, String> {
    let out = Command::new("cargo")
        .args(["+nightly", "fuzz", "list"])
        .current_dir(fuzz_dir)
        .output()
        .map_err(|e| format!("cannot run cargo fuzz (cargo install cargo-fuzz): {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

fn show(n: Option<u64>) -> String {
    n.map_or_else(|| "?".into(), |n| n.to_string())
}

/// Runs the command; its stderr (libFuzzer's log) is echoed and returned.
fn run_logged(mut command: Command) -> Result<(bool, String), String> {
    let out = command
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    eprint!("{log}");
    Ok((out.status.success(), log))
}

pub fn run(root: &Path, args: &[&str]) -> Result<String, Vec<String>> {
    let fuzz_dir = root.join("fuzz");
    match args {
        ["--seed-corpus"] => {
            let status = Command::new("cargo")
                .args(["test", "-p", "wagate-tests", "--test", "it", "fuzz_corpus"])
                .env("WAGATE_SEED_CORPUS", "1")
                .current_dir(root)
                .status()
                .map_err(|e| vec![e.to_string()])?;
            return if status.success() {
                Ok("fuzz: corpus seeded from spec/examples".into())
            } else {
                Err(vec!["seeding the corpus failed".into()])
            };
        }
        ["--cmin"] => {
            for t in targets(&fuzz_dir).map_err(|e| vec![e])? {
                // cmin keeps only inputs that add coverage; crash reproducers
                // are regression tests and stay whatever their coverage.
                let corpus = fuzz_dir.join("corpus").join(&t);
                let crashes: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(&corpus)
                    .map(|rd| {
                        rd.flatten()
                            .map(|e| e.path())
                            .filter(|p| {
                                p.file_name()
                                    .is_some_and(|n| n.to_string_lossy().starts_with("crash-"))
                            })
                            .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
                            .collect()
                    })
                    .unwrap_or_default();
                let mut c = Command::new("cargo");
                c.args(["+nightly", "fuzz", "cmin", &t, "--", "-use_counters=0"])
                    .current_dir(&fuzz_dir);
                let ok = run_logged(c).map_err(|e| vec![e])?.0;
                for (path, bytes) in crashes {
                    std::fs::write(&path, bytes).map_err(|e| vec![e.to_string()])?;
                }
                if !ok {
                    return Err(vec![format!("cmin {t} failed")]);
                }
            }
            return Ok("fuzz: every corpus minimized".into());
        }
        _ => {}
    }
    let mut seconds = 60u64;
    let mut chosen = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--seconds" => {
                seconds = rest
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| vec!["--seconds takes a number".to_owned()])?;
            }
            name if !name.starts_with('-') => chosen.push(name.to_owned()),
            other => return Err(vec![format!("unknown option {other}"), USAGE.into()]),
        }
    }
    let all = targets(&fuzz_dir).map_err(|e| vec![e])?;
    let chosen = if chosen.is_empty() { all } else { chosen };
    let mut report = vec![format!(
        "{:<18} {:>8} {:>12} {:>9} {:>7} {:>7} {:>14}  result",
        "target", "seconds", "execs", "execs/s", "cov", "ft", "corpus"
    )];
    let mut failed = Vec::new();
    for t in &chosen {
        let mut c = Command::new("cargo");
        c.args(["+nightly", "fuzz", "run", t, "--"])
            .arg(format!("-max_total_time={seconds}"))
            .arg("-print_final_stats=1")
            .current_dir(&fuzz_dir);
        let (ok, log) = run_logged(c).map_err(|e| vec![e])?;
        let s = summarize(&log);
        report.push(format!(
            "{:<18} {:>8} {:>12} {:>9} {:>7} {:>7} {:>14}  {}",
            t,
            seconds,
            show(s.execs),
            show(s.execs_per_sec),
            show(s.cov),
            show(s.ft),
            s.corpus.as_deref().unwrap_or("?"),
            if ok {
                "ok"
            } else {
                "CRASH (see fuzz/artifacts/)"
            }
        ));
        if !ok {
            failed.push(t.clone());
        }
    }
    let table = report.join("\n");
    if failed.is_empty() {
        Ok(table)
    } else {
        Err(vec![table, format!("crashed: {}", failed.join(", "))])
    }
}

pub const USAGE: &str = "cargo xtask fuzz [--seconds N] [TARGET...] | --seed-corpus | --cmin";

#[cfg(test)]
mod tests {
    #[test]
    fn libfuzzer_final_lines_are_summarized() {
        let log = "#59\tINITED cov: 5373 ft: 7481 corp: 54/10510b exec/s: 0 rss: 59Mb\n\
                   #4686467\tDONE   cov: 14064 ft: 28125 corp: 6499/364Kb lim: 4096 exec/s: 15069 rss: 669Mb\n\
                   stat::number_of_executed_units: 4686467\n\
                   stat::average_exec_per_sec:     15069\n";
        assert_eq!(
            super::summarize(log),
            super::Summary {
                execs: Some(4_686_467),
                execs_per_sec: Some(15_069),
                cov: Some(14_064),
                ft: Some(28_125),
                corpus: Some("6499/364Kb".into()),
            }
        );
    }
}
