//! `wagate`: check documents against the wagate model (see README.md).
//!
//! Exit codes: 0 kept (stdout: the re-serialized document; for drifted
//! received data, `{"warnings":[…]}` on stderr), 1 refused (stdout:
//! `{"errors":[…]}`), 2 usage error (stderr). No input makes it panic.

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use wagate::{ReadMode, registry};
use wagate_cli::{audit, examples, schema};

const USAGE: &str = "usage:
  wagate types                          list every TYPE
  wagate check [--strict] TYPE [FILE|-] check a document (stdin when FILE is - or absent);
                                        --strict: drift of received data is an error
  wagate examples [DIR]                 run the documented examples (bundled, or DIR's *.json)
  wagate schema TYPE                    the JSON Schema (draft 2020-12) of a TYPE
  wagate schema --keywords              the extension keywords (x-…) the schemas use, as a JSON array
  wagate openapi [PROVIDER]             the OpenAPI 3.1 document of a provider (default green-api)
  wagate audit                          documented examples that break documented rules";

fn usage(msg: &str) -> ExitCode {
    eprintln!("wagate: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe is not worth a panic.
    let _ = writeln!(stdout, "{text}");
}

fn err(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

fn cmd_types() -> ExitCode {
    for t in registry::types() {
        out(t.name);
    }
    ExitCode::SUCCESS
}

fn read_input(file: Option<&str>) -> Result<Vec<u8>, String> {
    match file {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read stdin: {e}"))?;
            Ok(buf)
        }
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

fn cmd_check(mode: ReadMode, type_name: &str, file: Option<&str>) -> ExitCode {
    let Some(entry) = registry::find(type_name) else {
        return usage(&format!(
            "unknown TYPE `{type_name}` (`wagate types` lists them)"
        ));
    };
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    match (entry.read)(&bytes, mode) {
        Ok(document) => {
            let (document, drift) = document.into_parts();
            match document.to_redacted_value() {
                Ok(value) => out(&value.to_string()),
                Err(e) => {
                    out(&serde_json::json!({"errors": [{"path": "", "code": "invalid_value", "message": e.to_string()}]}).to_string());
                    return ExitCode::from(1);
                }
            }
            if !drift.is_empty() {
                err(&serde_json::json!({ "warnings": drift }).to_string());
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            out(&serde_json::to_string(&errors)
                .unwrap_or_else(|_| String::from(r#"{"errors":[]}"#)));
            ExitCode::from(1)
        }
    }
}

fn collect_dir(dir: &std::path::Path, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_dir(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            out.push((p.display().to_string(), text));
        }
    }
    Ok(())
}

fn cmd_examples(dir: Option<&str>) -> ExitCode {
    let files: Vec<(String, String)> = match dir {
        None => examples::EXAMPLES
            .iter()
            .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
            .collect(),
        Some(d) => {
            let mut v = Vec::new();
            if let Err(e) = collect_dir(std::path::Path::new(d), &mut v) {
                return usage(&e);
            }
            v
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    out(&format!(
        "{:<6}  {:<48}  {:<44}  {:<36}  {}",
        "result", "example", "type", "expected", "got"
    ));
    for (path, text) in &files {
        let o = examples::run(text);
        if o.passed {
            passed += 1;
        } else {
            failed += 1;
        }
        let result = if o.passed { "pass" } else { "FAIL" };
        out(&format!(
            "{result:<6}  {path:<48}  {:<44}  {:<36}  {}",
            o.type_name, o.expected, o.got
        ));
    }
    out(&format!("{passed} passed, {failed} failed"));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn cmd_schema(type_name: &str) -> ExitCode {
    match schema(type_name) {
        Some(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        None => usage(&format!(
            "unknown TYPE `{type_name}` (`wagate types` lists them)"
        )),
    }
}

/// The extension keywords the bundled schemas and OpenAPI documents use: what
/// a strict validator must be told about (Ajv: one `addKeyword` each).
fn cmd_keywords() -> ExitCode {
    let mut keywords = std::collections::BTreeSet::new();
    let keys = registry::types()
        .into_iter()
        .map(|t| t.name.to_owned())
        .chain(
            registry::providers()
                .into_iter()
                .map(|p| format!("openapi/{p}")),
        );
    for key in keys {
        if let Some(value) = schema(&key).and_then(|t| serde_json::from_str(t).ok()) {
            extension_keywords(&value, &mut keywords);
        }
    }
    out(&serde_json::Value::from_iter(keywords).to_string());
    ExitCode::SUCCESS
}

/// Collects the `x-` keys of a schema, not the names of its properties or
/// definitions (a wire name may start with `x-`).
fn extension_keywords(
    value: &serde_json::Value,
    keywords: &mut std::collections::BTreeSet<String>,
) {
    use serde_json::Value;
    match value {
        Value::Object(members) => {
            for (key, v) in members {
                if key.starts_with("x-") {
                    keywords.insert(key.clone());
                }
                match (key.as_str(), v) {
                    (
                        "properties" | "patternProperties" | "$defs" | "schemas",
                        Value::Object(named),
                    ) => {
                        named.values().for_each(|s| extension_keywords(s, keywords));
                    }
                    _ => extension_keywords(v, keywords),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| extension_keywords(v, keywords)),
        _ => {}
    }
}

fn cmd_openapi(provider: Option<&str>) -> ExitCode {
    let provider = provider.unwrap_or("green-api");
    match schema(&format!("openapi/{provider}")) {
        Some(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        None => usage(&format!(
            "unknown PROVIDER `{provider}` (one of: {})",
            registry::providers().join(", ")
        )),
    }
}

fn cmd_audit() -> ExitCode {
    let findings = audit::audit(examples::EXAMPLES);
    out(&format!(
        "{:<28}  {:<60}  {:<36}  {}",
        "rule", "example", "seed", "detail"
    ));
    let mut rules = std::collections::BTreeMap::new();
    for f in &findings {
        *rules.entry(f.rule).or_insert(0usize) += 1;
        out(&format!(
            "{:<28}  {:<60}  {:<36}  {}",
            f.rule, f.example, f.seed, f.detail
        ));
    }
    let summary: Vec<String> = rules.iter().map(|(r, n)| format!("{r}={n}")).collect();
    out(&format!(
        "{} findings: {}",
        findings.len(),
        summary.join(" ")
    ));
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["types"] => cmd_types(),
        ["check", "--strict", ty] => cmd_check(ReadMode::Strict, ty, None),
        ["check", "--strict", ty, file] => cmd_check(ReadMode::Strict, ty, Some(file)),
        ["check", flag, ..] if flag.starts_with("--") && *flag != "--strict" => {
            usage(&format!("unknown option `{flag}`"))
        }
        ["check", "--strict"] | ["check"] => usage("check needs a TYPE"),
        ["check", ty] => cmd_check(ReadMode::Lenient, ty, None),
        ["check", ty, file] => cmd_check(ReadMode::Lenient, ty, Some(file)),
        ["examples"] => cmd_examples(None),
        ["examples", dir] => cmd_examples(Some(dir)),
        ["schema", "--keywords"] => cmd_keywords(),
        ["schema", ty] => cmd_schema(ty),
        ["openapi"] => cmd_openapi(None),
        ["openapi", provider] => cmd_openapi(Some(provider)),
        ["audit"] => cmd_audit(),
        ["help" | "--help" | "-h"] => {
            out(USAGE);
            ExitCode::SUCCESS
        }
        _ => usage("unknown command"),
    }
}
