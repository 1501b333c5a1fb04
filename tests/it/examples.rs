//! Every documented example in spec/examples/ meets its expected verdict and,
//! when valid, re-serializes to an equal JSON value (async-stripe's both-ways test).

use std::path::{Path, PathBuf};

use wagate::examples::{parse_example, run_example};

fn example_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("spec/examples is readable")
            .flatten()
        {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples"),
        &mut out,
    );
    out.sort();
    out
}

#[test]
fn every_example_meets_its_verdict() {
    let files = example_files();
    assert!(
        files.len() > 100,
        "only {} example files found",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        match parse_example(&text) {
            Ok(ex) => {
                let outcome = run_example(&ex);
                if !outcome.passed {
                    failures.push(format!(
                        "{}: expected {}, got {}",
                        f.display(),
                        outcome.expected,
                        outcome.got
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", f.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn every_sending_method_has_examples() {
    let files = example_files();
    for method in [
        "SendMessage",
        "SendPoll",
        "SendFileByUpload",
        "SendFileByUrl",
        "UploadFile",
        "SendLocation",
        "SendContact",
        "ForwardMessages",
    ] {
        let n = files
            .iter()
            .filter(|f| {
                f.parent()
                    .and_then(Path::file_name)
                    .is_some_and(|d| d == method)
            })
            .count();
        assert!(n > 0, "{method} has no example");
    }
}

#[test]
fn every_registered_type_is_named_by_the_contract() {
    for t in wagate::registry::types() {
        let (provider, rest) = t.name.split_once('/').expect("PROVIDER/NAME");
        assert!(
            ["green-api", "green-api-v1", "maytapi", "wawp"].contains(&provider),
            "{}",
            t.name
        );
        assert!(
            rest.ends_with(".request")
                || rest.ends_with(".response")
                || rest == "webhook"
                || rest == "error",
            "{}",
            t.name
        );
    }
    let names: Vec<&str> = wagate::registry::types().iter().map(|t| t.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "the registry is sorted");
    insta::assert_snapshot!("types", names.join("\n"));
}
