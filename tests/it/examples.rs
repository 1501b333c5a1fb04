//! Every documented example in spec/examples/ meets its expected verdict and,
//! when valid, re-serializes to an equal JSON value (async-stripe's both-ways test).

use std::path::Path;

use wagate_cli::example_file::ExampleFile;
use wagate_cli::examples::{EXAMPLES, run};

/// Every example file under spec/examples/, as (path under it, text).
fn example_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir)
            .expect("spec/examples is readable")
            .flatten()
        {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p.strip_prefix(base).expect("under spec/examples");
                let text = std::fs::read_to_string(&p).expect("readable");
                out.push((rel.to_string_lossy().replace('\\', "/"), text));
            }
        }
    }
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
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
    for (path, text) in &files {
        if let Err(e) = ExampleFile::parse(text) {
            failures.push(format!("{path}: {e}"));
            continue;
        }
        let outcome = run(text);
        if !outcome.passed {
            failures.push(format!(
                "{path}: expected {}, got {}",
                outcome.expected, outcome.got
            ));
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
fn the_bundled_examples_are_the_files() {
    // `wagate examples` and the drift property run the bundle.
    let mut bundled: Vec<(String, String)> = EXAMPLES
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    bundled.sort();
    let files = example_files();
    let names = |v: &[(String, String)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&bundled),
        names(&files),
        "the bundle lists other files"
    );
    let stale: Vec<&str> = bundled
        .iter()
        .zip(&files)
        .filter(|(b, f)| b.1 != f.1)
        .map(|(b, _)| b.0.as_str())
        .collect();
    assert!(stale.is_empty(), "stale in the bundle: {stale:?}");
}

#[test]
fn every_sending_method_has_examples() {
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
        let n = example_files()
            .iter()
            .filter(|(path, _)| path.split('/').nth(1) == Some(method))
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
