//! `wagate`: check documents against the wagate model (see README.md).
//!
//! Exit codes: 0 valid (stdout: the re-serialized document), 1 invalid
//! (stdout: `{"errors":[…]}`), 2 usage error (stderr). No input makes it panic.

mod generated_examples;

use std::io::{Read as _, Write as _};
use std::process::ExitCode;

use wagate::examples::{parse_example, run_example};
use wagate::registry;

const USAGE: &str = "usage:
  wagate types                 list every TYPE
  wagate check TYPE [FILE|-]   check a document (stdin when FILE is - or absent)
  wagate examples [DIR]        run the documented examples (bundled, or DIR's *.json)
  wagate schema TYPE           JSON Schema of a TYPE (not implemented yet)
  wagate openapi [PROVIDER]    OpenAPI document (not implemented yet)
  wagate audit                 documented examples that break documented rules (not implemented yet)";

fn usage(msg: &str) -> ExitCode {
    eprintln!("wagate: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe is not worth a panic.
    let _ = writeln!(stdout, "{text}");
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

fn cmd_check(type_name: &str, file: Option<&str>) -> ExitCode {
    let Some(entry) = registry::find(type_name) else {
        return usage(&format!(
            "unknown TYPE `{type_name}` (`wagate types` lists them)"
        ));
    };
    let bytes = match read_input(file) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    match (entry.check)(&bytes) {
        Ok(value) => {
            out(&value.to_string());
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
        None => generated_examples::EXAMPLES
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
        let (ok, ty, expected, got) = match parse_example(text) {
            Ok(ex) => {
                let o = run_example(&ex);
                (o.passed, ex.type_name, o.expected, o.got)
            }
            Err(e) => (false, String::from("?"), String::from("an example file"), e),
        };
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
        out(&format!(
            "{:<6}  {:<48}  {:<44}  {:<36}  {}",
            if ok { "pass" } else { "FAIL" },
            path,
            ty,
            expected,
            got
        ));
    }
    out(&format!("{passed} passed, {failed} failed"));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["types"] => cmd_types(),
        ["check", ty] => cmd_check(ty, None),
        ["check", ty, file] => cmd_check(ty, Some(file)),
        ["examples"] => cmd_examples(None),
        ["examples", dir] => cmd_examples(Some(dir)),
        ["schema", _] | ["openapi"] | ["openapi", _] | ["audit"] => usage("not implemented yet"),
        ["help" | "--help" | "-h"] => {
            out(USAGE);
            ExitCode::SUCCESS
        }
        _ => usage("unknown command"),
    }
}
