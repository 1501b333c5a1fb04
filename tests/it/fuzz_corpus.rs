//! The fuzz targets' bodies on stable: every committed corpus input of
//! `fuzz/corpus/<target>/` (crash reproducers included) and every input the
//! documented examples seed must pass its target's properties.
//!
//! `WAGATE_SEED_CORPUS=1` (what `cargo xtask fuzz --seed-corpus` sets) also
//! writes the example seeds into the corpus.

use std::path::{Path, PathBuf};

use wagate_devtools::fuzzing::{self, TARGETS};

fn corpus(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target)
}

fn files_in(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_in(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A stable name for a corpus file (FNV-1a, 64 bits).
fn content_name(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("seed-{hash:016x}")
}

#[test]
fn the_committed_corpus_passes_every_target() {
    let mut failures = Vec::new();
    for target in TARGETS {
        let mut files = Vec::new();
        files_in(&corpus(target), &mut files);
        assert!(
            files.len() >= 10,
            "fuzz/corpus/{target} has {} inputs; seed it with `cargo xtask fuzz --seed-corpus`",
            files.len()
        );
        for file in files {
            // A running fuzzer may replace a file meanwhile.
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            match fuzzing::run(target, &bytes) {
                Some(Ok(())) => {}
                Some(Err(failure)) => failures.push(format!("{}: {failure}", file.display())),
                None => failures.push(format!("{target} is not a fuzz body")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_example_seeds_its_targets_and_passes() {
    let write = std::env::var_os("WAGATE_SEED_CORPUS").is_some();
    let seeds = fuzzing::seeds().unwrap_or_else(|failure| panic!("{failure}"));
    let mut failures = Vec::new();
    for seed in &seeds {
        if let Some(Err(failure)) = fuzzing::run(seed.target, &seed.bytes) {
            failures.push(format!("{} ({}): {failure}", seed.example, seed.target));
        }
        if write {
            let dir = corpus(seed.target);
            std::fs::create_dir_all(&dir).expect("corpus dir");
            std::fs::write(dir.join(content_name(&seed.bytes)), &seed.bytes).expect("seed written");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Each target gets seeds from the examples.
    for target in TARGETS {
        assert!(
            seeds.iter().any(|s| s.target == *target),
            "no example seeds {target}"
        );
    }
}

/// Crashes the fuzzers found, each fixed; the reproducers also sit in the
/// corpus as `crash-*`.
#[test]
fn fuzz_crash_regressions() {
    // A large float changed by one ulp on re-parse (serde_json's fast float
    // parsing is not correctly rounded without its `float_roundtrip` feature).
    let float = br#"{"typeWebhook":"outgoangMessage890@c.us","insimestamp":1444444444444444444444444444444444444444444444444444444444444727698597,"idMeatus":"read","sendByApi":true}"#;
    assert_eq!(fuzzing::notification(float), Ok(()));
    for (target, input) in [
        ("response", &b"\x00{\"x\":1444444444444444444444444444444444444444444444444444444444444727698597}"[..]),
        ("notification", &br#"{"typeWebhook":"x","n":[2.2250738585072011e-308,1.7976931348623157e308,5e-324,0.1e-999,123456789012345678901234567890e-20]}"#[..]),
    ] {
        assert_eq!(fuzzing::run(target, input), Some(Ok(())), "{target}");
    }
    // A second `typeWebhook` later in the object replaced the first in a kept
    // unknown kind, so the re-serialized body read as another kind: a
    // duplicate key is refused.
    for (target, crash) in [
        (
            "notification",
            "crash-491740519fd185cfe6badfdc3f012f03e3b8634a",
        ),
        ("response", "crash-c192bde8f324d39db45833408f71b69a158486e3"),
    ] {
        let input = std::fs::read(corpus(target).join(crash)).expect("the reproducer is committed");
        assert_eq!(fuzzing::run(target, &input), Some(Ok(())), "{target}");
    }
    let twice = br#"{"typeWebhook":"xKind","a":1,"typeWebhook":"incomingCall"}"#;
    for mode in [wagate::ReadMode::Lenient, wagate::ReadMode::Strict] {
        let report = wagate::read_with::<wagate::green_api::webhook::Notification>(twice, mode)
            .expect_err("a duplicate tag is refused");
        let first = report.first().expect("errors are never empty");
        assert_eq!(
            (first.code.as_str(), first.path.as_str()),
            ("duplicate_field", "/typeWebhook")
        );
    }
}

/// Kept entries are written back in the order received (ser.rs: "exactly as
/// they were read"), also when the tag of a tagged object is not its first
/// key. From the `notification` corpus: a stable re-serialization needs it,
/// even though key order does not change the JSON value.
#[test]
fn kept_entries_keep_their_order_when_the_tag_is_not_first() {
    let input =
        br#"{"from":"79001us","typeWebhook":"incomingCall","ins":6691757,"idMevsage":"10BBBBB0"}"#;
    let read = wagate::read::<wagate::green_api::webhook::Notification>(input)
        .expect("the notification is kept");
    let written = serde_json::to_string(&read).expect("it serializes");
    let at = |key: &str| {
        written
            .find(&format!("\"{key}\""))
            .expect("the key is written")
    };
    assert!(at("ins") < at("idMevsage"), "{written}");
}
