//! `cargo xtask codegen [--check]`: checks spec/ and writes the generated Rust
//! and schemas; `cargo xtask schema [--check]`: the schemas only;
//! `cargo xtask bench [--seconds N]`: the benchmark table and ratios;
//! `cargo xtask fuzz [--seconds N]`: runs the fuzz targets (see `fuzz.rs`).

mod bench;
mod codegen;
mod fuzz;
mod schema;
mod spec;

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Formats Rust source with rustfmt (edition 2024), as `cargo fmt` would.
fn rustfmt(text: &str) -> Result<String, String> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| e.to_string())
}

/// Generated files that exist but are no longer generated.
fn stale_files(root: &Path, outputs: &[codegen::Output]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    walk(&root.join(codegen::LIB), &mut found);
    walk(&root.join("crates/wagate-cli/src/generated"), &mut found);
    walk(&root.join(schema::DIR), &mut found);
    found.retain(|p| !outputs.iter().any(|o| root.join(&o.path) == *p));
    found
}

/// What to write: the Rust code, the schemas, or both.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    Schemas,
}

/// Runs codegen; with `check`, changes nothing and fails if anything is stale.
pub fn run_codegen(check: bool) -> Result<usize, Vec<String>> {
    run(Part::All, check)
}

/// Writes (or checks) the generated files of `part`.
pub fn run(part: Part, check: bool) -> Result<usize, Vec<String>> {
    let root = root();
    let spec = spec::load(&root)?;
    let mut outputs = Vec::new();
    if part == Part::All {
        for o in codegen::generate(&spec)?
            .into_iter()
            .chain(std::iter::once(codegen::generate_plain(&spec)))
        {
            let text = rustfmt(&o.text).map_err(|e| vec![format!("{}: {e}", o.path)])?;
            outputs.push(codegen::Output { path: o.path, text });
        }
    }
    let schemas = schema::generate(&spec, env!("CARGO_PKG_VERSION"));
    let bundle = schema::bundle(&schemas);
    outputs.push(codegen::Output {
        text: rustfmt(&bundle.text).map_err(|e| vec![format!("{}: {e}", bundle.path)])?,
        path: bundle.path,
    });
    for f in schemas {
        outputs.push(codegen::Output {
            path: f.path,
            text: f.text,
        });
    }
    let mut stale = Vec::new();
    for o in &outputs {
        let path = root.join(&o.path);
        let current = fs::read_to_string(&path).unwrap_or_default();
        if current != o.text {
            if check {
                stale.push(format!("{} is stale", o.path));
            } else {
                if let Some(dir) = path.parent() {
                    fs::create_dir_all(dir).map_err(|e| vec![e.to_string()])?;
                }
                fs::write(&path, &o.text).map_err(|e| vec![format!("{}: {e}", o.path)])?;
            }
        }
    }
    let mut extras = stale_files(&root, &outputs);
    if part == Part::Schemas {
        extras.retain(|p| p.starts_with(root.join(schema::DIR)));
    }
    for extra in extras {
        if check {
            stale.push(format!("{} is no longer generated", extra.display()));
        } else {
            fs::remove_file(&extra).map_err(|e| vec![e.to_string()])?;
        }
    }
    if stale.is_empty() {
        Ok(outputs.len())
    } else {
        stale.push(match part {
            Part::All => "run `cargo xtask codegen` and commit the result".into(),
            Part::Schemas => "run `cargo xtask schema` and commit the result".into(),
        });
        Err(stale)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["codegen"] => run_codegen(false).map(|n| format!("codegen: {n} files up to date")),
        ["codegen", "--check"] => {
            run_codegen(true).map(|n| format!("codegen --check: {n} files fresh"))
        }
        ["schema"] => run(Part::Schemas, false).map(|n| format!("schema: {n} files up to date")),
        ["schema", "--check"] => {
            run(Part::Schemas, true).map(|n| format!("schema --check: {n} files fresh"))
        }
        ["bench"] => bench::run(&root(), 3),
        ["bench", "--seconds", n] => match n.parse() {
            Ok(n) => bench::run(&root(), n),
            Err(_) => Err(vec![format!("--seconds takes a number, not `{n}`")]),
        },
        ["fuzz", rest @ ..] => fuzz::run(&root(), rest),
        _ => Err(vec![format!(
            "usage: cargo xtask codegen [--check] | cargo xtask schema [--check] | cargo xtask bench [--seconds N]\n       {}",
            fuzz::USAGE
        )]),
    };
    match result {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("error: {p}");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codegen_is_fresh() {
        if let Err(problems) = super::run_codegen(true) {
            panic!(
                "generated code is stale or spec/ is malformed:\n{}",
                problems.join("\n")
            );
        }
    }

    /// Writes a one-method spec into a temporary root and returns what xtask says.
    fn problems_of(method_toml: &str) -> Vec<String> {
        problems_with("auth = \"path_token\"\n", None, method_toml)
    }

    /// Like `problems_of`, with the provider's auth line (and more provider
    /// keys) and an optional errors.toml.
    fn problems_with(
        provider_extra: &str,
        errors_toml: Option<&str>,
        method_toml: &str,
    ) -> Vec<String> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("wagate-xtask-{}-{n}", std::process::id()));
        let dir = root.join("spec/green-api/sending");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            root.join("spec/green-api/provider.toml"),
            format!("name = \"green-api\"\ntitle = \"Green API\"\nseed = \"002_893fe9cfe9a53da2.txt:282\"\n{provider_extra}"),
        )
        .unwrap();
        if let Some(e) = errors_toml {
            std::fs::write(root.join("spec/green-api/errors.toml"), e).unwrap();
        }
        std::fs::write(
            root.join("spec/wire.toml"),
            "[safe_integer]\nmax = 9007199254740991\nseed = \"002_893fe9cfe9a53da2.txt:1736\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("m.toml"), method_toml).unwrap();
        let result = super::spec::load(&root);
        let _ = std::fs::remove_dir_all(&root);
        result.err().unwrap_or_default()
    }

    const GOOD: &str = "name = \"SendThing\"\nsummary = \"s\"\nseed = \"002_893fe9cfe9a53da2.txt:1157\"\nverb = \"POST\"\nhost = \"api\"\npath = \"/waInstance{idInstance}/sendThing/{apiTokenInstance}\"\ncontent_type = \"json\"\n";

    #[test]
    fn a_well_formed_spec_loads() {
        assert_eq!(problems_of(GOOD), Vec::<String>::new());
    }

    #[test]
    fn malformed_specs_are_refused_precisely() {
        let cases = [
            (
                GOOD.replace("POST", "PUT"),
                "verb `PUT` must be GET, POST or DELETE",
            ),
            (GOOD.replace("1157", "x"), "is not LINE or FIRST-LAST"),
            (
                GOOD.replace("002_893fe9cfe9a53da2.txt", "nope.txt"),
                "which is not one of the seed documents",
            ),
            (format!("{GOOD}bogus = 1\n"), "unknown field `bogus`"),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"a\"\ntype = \"strnig\"\nseed = \"002_893fe9cfe9a53da2.txt:1\"\n"
                ),
                "unknown type `strnig`",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"a\"\ntype = \"bool\"\nseed = \"002_893fe9cfe9a53da2.txt:1\"\nlimits = [{{ rule = \"max_length\", value = 3, seed = \"002_893fe9cfe9a53da2.txt:1\" }}]\n"
                ),
                "rule `max_length` does not apply to type `bool`",
            ),
            (
                GOOD.replace("sendThing/", "sendThing/{receiptId}/"),
                "path placeholders",
            ),
            (GOOD.replace("\"POST\"", "\"GET\""), "a GET carries no body"),
        ];
        for (toml, expected) in cases {
            let problems = problems_of(&toml);
            assert!(problems.iter().any(|p| p.contains(expected) && p.starts_with("spec/green-api/sending/m.toml")), "expected `{expected}` in {problems:?}");
        }
    }

    #[test]
    fn malformed_extensions_are_refused_precisely() {
        const F: &str = "seed = \"002_893fe9cfe9a53da2.txt:1\"";
        let enum_def =
            format!("[[enums]]\nname = \"Kind\"\nvalues = [{{ wire = \"individual\", {F} }}]\n");
        let method_cases = [
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"k\"\ntype = \"Kind\"\nrequired = true\ndefault = \"individual\"\n{F}\n{enum_def}"
                ),
                "is required and has a default",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"k\"\ntype = \"Kind\"\ndefault = \"group\"\n{F}\n{enum_def}"
                ),
                "default `group` must be",
            ),
            (
                format!(
                    "{GOOD}[response]\n[[response.fields]]\nname = \"s\"\ntype = \"S\"\n{F}\n[[structs]]\nname = \"S\"\n{F}\n[[structs.fields]]\nname = \"t\"\ntype = \"secret\"\n{F}\n"
                ),
                "a secret is a top-level body field of [request] or [response]",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"t\"\ntype = \"array<secret>\"\n{F}\n"
                ),
                "a secret is a top-level body field of [request]",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"to\"\ntype = \"phone_or_chat_id\"\n{F}\nlimits = [{{ rule = \"max_length\", value = 3, {F} }}]\n"
                ),
                "type `phone_or_chat_id` takes no limits",
            ),
            (
                format!("{GOOD}[response]\nstatus = 404\n"),
                "[response] status 404 is not a success status",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"a\"\ntype = \"string\"\nchat_ids = [\"group\"]\n{F}\n"
                ),
                "chat_ids goes with type chat_id",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"a\"\ntype = \"chat_id\"\nchat_ids = [\"channel\"]\n{F}\n"
                ),
                "unknown chat id kind `channel`",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"listMessage\"\ntype = \"string\"\n{F}\n[[request.fields]]\nname = \"ListMessage\"\ntype = \"string\"\n{F}\n"
                ),
                "(set rust_name)",
            ),
            (
                format!(
                    "{GOOD}[request]\n[[request.fields]]\nname = \"p\"\ntype = \"phone_number\"\n{F}\nlimits = [{{ rule = \"digits\", min = 12, max = 11, {F} }}]\n"
                ),
                "rule `digits` does not apply",
            ),
            (
                format!("{GOOD}[request]\nstatus = 201\n"),
                "[request] has no `status`",
            ),
        ];
        for (toml, expected) in method_cases {
            let problems = problems_of(&toml);
            assert!(
                problems.iter().any(|p| p.contains(expected) && p.starts_with("spec/green-api/sending/m.toml")),
                "expected `{expected}` in {problems:?}"
            );
        }
        let provider_cases = [
            (
                "auth = \"header X-Key\"\n",
                "must be path_token, bearer, body_token or `header NAME`",
            ),
            (
                "auth = \"header\"\n",
                "must be path_token, bearer, body_token or `header NAME`",
            ),
            (
                "auth = \"cookie\"\n",
                "must be path_token, bearer, body_token or `header NAME`",
            ),
            (
                "auth = \"bearer\"\nchat_ids = { kinds = [\"channel\"], seed = \"004_5e08670cd3946de7.txt:16\" }\n",
                "chat_ids: unknown kind `channel`",
            ),
            (
                "auth = \"bearer\"\ninstance = [{ name = \"phone_id\", seed = \"003_b0e58736347c1fe7.txt:54\" }]\n",
                "instance placeholders go with `header NAME` auth",
            ),
            (
                "auth = \"path_token\"\nmessage_id = { min_length = 16, fields = [], seed = \"002_893fe9cfe9a53da2.txt:9590\" }\n",
                "message_id needs fields and a positive min_length",
            ),
        ];
        for (extra, expected) in provider_cases {
            let problems = problems_with(extra, None, GOOD);
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains(expected) && p.starts_with("spec/green-api/provider.toml")),
                "expected `{expected}` in {problems:?}"
            );
        }
        let errors = format!(
            "{F}\nbody_statuses = [400]\nbody_any_status = true\n[body]\ntype = \"json\"\n"
        );
        let problems = problems_with("auth = \"bearer\"\n", Some(&errors), GOOD);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("exactly one of body_statuses")
                    && p.starts_with("spec/green-api/errors.toml")),
            "{problems:?}"
        );
        // The well-formed uses load.
        let ok = format!(
            "{GOOD}[request]\n[[request.fields]]\nname = \"k\"\ntype = \"Kind\"\ndefault = \"individual\"\n{F}\n[[request.fields]]\nname = \"t\"\ntype = \"secret\"\nrequired = true\n{F}\n[response]\nstatus = 201\n{enum_def}"
        );
        assert_eq!(
            problems_with("auth = \"header x-maytapi-key\"\n", None, &ok),
            Vec::<String>::new()
        );
    }

    #[test]
    fn names_convert() {
        assert_eq!(super::spec::snake("SendMessage"), "send_message");
        assert_eq!(
            super::spec::snake("outgoingAPIMessageWebhook"),
            "outgoing_api_message_webhook"
        );
        assert_eq!(super::spec::snake("QR"), "qr");
        assert_eq!(super::spec::upper_camel("notAuthorized"), "NotAuthorized");
        assert_eq!(super::spec::upper_camel("QUOTE_EXCEEDED"), "QuoteExceeded");
    }
}
