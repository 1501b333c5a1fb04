//! The command's contract: exit codes (0 kept, 1 refused, 2 usage), what goes
//! to stdout and stderr, and the issue's acceptance checks.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test says what failed by panicking

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use wagate_cli::example_file::{ExampleFile, Verdict};

fn wagate(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wagate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    // A command that never reads stdin (usage errors) may close it first.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("the binary ends")
}

fn check(args: &[&str], stdin: &[u8]) -> Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    wagate(&all, stdin)
}

/// The one line of JSON a stream holds.
fn one_json_line(bytes: &[u8], stream: &str) -> Value {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{stream} is UTF-8"));
    assert_eq!(
        text.lines().count(),
        1,
        "one line of JSON on {stream}: {text}"
    );
    assert!(text.ends_with('\n'), "{stream} ends its line: {text:?}");
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{stream} is JSON ({e}): {text}"))
}

fn json(out: &Output) -> Value {
    one_json_line(&out.stdout, "stdout")
}

/// Exit 0 with the document on stdout and no warnings.
fn kept_clean(out: &Output, what: &str) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stderr.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(out)
}

/// Exit 0 with the document on stdout and one `{"warnings":[…]}` line on
/// stderr: the warnings.
fn kept_with_warnings(out: &Output, what: &str) -> (Value, Vec<Value>) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let report = one_json_line(&out.stderr, "stderr");
    let object = report
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {report}"));
    assert_eq!(object.len(), 1, "{what}: only `warnings`: {report}");
    let warnings = report["warnings"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: {report}"))
        .clone();
    assert!(!warnings.is_empty(), "{what}: {report}");
    for w in &warnings {
        assert_issue_shape(w, what);
        assert!(
            w["expected"].is_string(),
            "{what}: a warning says what the documents say: {w}"
        );
    }
    (json(out), warnings)
}

/// Exit 1 with `{"errors":[…]}` on stdout and nothing on stderr: the errors.
fn refused(out: &Output, what: &str) -> Vec<Value> {
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: stdout {} stderr {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(out);
    let object = report
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {report}"));
    assert_eq!(object.len(), 1, "{what}: only `errors`: {report}");
    let errors = report["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: {report}"))
        .clone();
    assert!(!errors.is_empty(), "{what}: {report}");
    for e in &errors {
        assert_issue_shape(e, what);
    }
    errors
}

/// Exit 2, a usage text on stderr, nothing on stdout.
fn usage_error(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}");
    assert!(
        out.stdout.is_empty(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("wagate: "), "{what}: {stderr}");
    assert!(stderr.contains("usage:"), "{what}: {stderr}");
}

fn assert_issue_shape(issue: &Value, what: &str) {
    assert!(issue["path"].is_string(), "{what}: {issue}");
    let path = issue["path"].as_str().unwrap_or_default();
    assert!(
        path.is_empty() || path.starts_with('/'),
        "{what}: a JSON Pointer: {issue}"
    );
    assert!(
        issue["code"].as_str().is_some_and(|c| !c.is_empty()),
        "{what}: {issue}"
    );
    assert!(
        issue["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {issue}"
    );
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn message(units: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({"chatId": "11001234567@c.us", "message": "ж".repeat(units)}))
        .expect("serializes")
}

fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

/// A documented incoming message notification with every sender field,
/// taken from the bundled examples.
fn incoming_message() -> Value {
    wagate_cli::examples::EXAMPLES
        .iter()
        .filter_map(|(_, text)| ExampleFile::parse(text).ok())
        .filter(|f| f.type_name == "green-api/webhook" && f.verdict() == Verdict::Valid)
        .filter_map(|f| f.document)
        .find(|d| {
            d["typeWebhook"] == "incomingMessageReceived"
                && d["timestamp"].is_u64()
                && d["senderData"]["senderName"].is_string()
                && d["senderData"]["senderContactName"].is_string()
        })
        .expect("a documented incomingMessageReceived example")
}

#[test]
fn types_lists_every_type_of_the_registry() {
    let out = wagate(&["types"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let listed: Vec<&str> = text.lines().collect();
    let registry: Vec<&str> = wagate::registry::types().iter().map(|t| t.name).collect();
    assert_eq!(listed, registry);
    for t in [
        "green-api/SendMessage.request",
        "green-api/SendMessage.response",
        "green-api/SendPoll.request",
        "green-api/ForwardMessages.response",
        "green-api/webhook",
    ] {
        assert!(listed.contains(&t), "{t} missing");
    }
}

#[test]
fn check_accepts_the_longest_message_and_refuses_one_unit_more() {
    let max = wagate::limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH;
    // The documents' number, in the server's own message.
    assert_eq!(max, 20000);
    let ok = kept_clean(
        &check(&["green-api/SendMessage.request", "-"], &message(max)),
        "max",
    );
    assert_eq!(
        ok["message"].as_str().map(|m| m.encode_utf16().count()),
        Some(max)
    );

    let errors = refused(
        &check(&["green-api/SendMessage.request"], &message(max + 1)),
        "max + 1",
    );
    let first = &errors[0];
    assert_eq!(first["path"], "/message");
    assert_eq!(first["code"], "too_long");
    assert_eq!(first["limit"], max);
    assert_eq!(
        first["server_message"],
        format!(
            "Validation failed. Details: 'message' length must be less than or equal to {max} characters long"
        )
    );
}

#[test]
fn check_refuses_a_cyrillic_chat_id() {
    let doc = "{\"chatId\": \"11001234567@\u{441}.us\", \"message\": \"hi\"}";
    for strict in [false, true] {
        let args: &[&str] = if strict {
            &["--strict", "green-api/SendMessage.request"]
        } else {
            &["green-api/SendMessage.request"]
        };
        let errors = refused(&check(args, doc.as_bytes()), "cyrillic");
        assert_eq!(errors[0]["path"], "/chatId");
        assert_eq!(errors[0]["code"], "invalid_chat_id");
    }
}

#[test]
fn check_reports_every_unknown_and_missing_field_of_a_request() {
    let doc = br#"{"chatId":"11001234567@c.us","mesage":"hi"}"#;
    for args in [
        &["green-api/SendMessage.request"][..],
        &["--strict", "green-api/SendMessage.request"][..],
    ] {
        let errors = refused(&check(args, doc), "unknown + missing");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        // Document order, then what is missing.
        assert_eq!(
            found,
            [("/mesage", "unknown_field"), ("/message", "missing_field")],
            "{args:?}"
        );
    }
}

#[test]
fn check_prints_secrets_as_stars() {
    let token = "tok-never-printed-4711";
    let doc = json!({"instance_id": "I1", "access_token": token, "chatId": "11001234567@c.us", "message": "hi"});
    let out = check(&["wawp/SendText.request"], &bytes(&doc));
    let printed = kept_clean(&out, "secret");
    assert_eq!(printed["access_token"], "***");
    let mut expected = doc;
    expected["access_token"] = json!("***");
    assert_eq!(printed, expected);

    // A refused request does not quote it either.
    let mut bad = expected.clone();
    bad["access_token"] = json!(token);
    bad["extra"] = json!(1);
    let out = check(&["wawp/SendText.request"], &bytes(&bad));
    refused(&out, "secret in a refused request");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(token));
}

#[test]
fn check_reads_a_file() {
    let dir = std::env::temp_dir().join(format!("wagate-cli-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("resp.json");
    std::fs::write(&path, br#"{"idMessage":"3EB0C767D097B7C7C030","new":1}"#).expect("written");
    let out = check(
        &[
            "green-api/SendMessage.response",
            path.to_str().expect("utf-8 path"),
        ],
        b"",
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        kept_clean(&out, "file"),
        json!({"idMessage": "3EB0C767D097B7C7C030", "new": 1})
    );
}

#[test]
fn a_request_of_another_json_type_is_refused() {
    for input in [&b"[]"[..], b"null", b"42", b"\"x\"", b"true"] {
        for args in [
            &["green-api/SendMessage.request"][..],
            &["--strict", "green-api/SendMessage.request"][..],
        ] {
            let what = format!("{args:?} {}", String::from_utf8_lossy(input));
            let errors = refused(&check(args, input), &what);
            assert_eq!(errors[0]["code"], "invalid_type", "{what}");
            assert_eq!(errors[0]["path"], "", "{what}");
        }
    }
}

#[test]
fn received_data_of_another_json_type_is_kept_and_refused_with_strict() {
    for ty in [
        "green-api/GetSettings.response",
        "green-api/webhook",
        "green-api/SendMessage.response",
    ] {
        for input in [
            json!([]),
            json!(null),
            json!(42),
            json!("x"),
            json!(true),
            json!([1, {"a": 2}]),
        ] {
            let what = format!("{ty} {input}");
            let (printed, warnings) = kept_with_warnings(&check(&[ty], &bytes(&input)), &what);
            assert_eq!(printed, input, "{what}: kept whole");
            assert_eq!(warnings.len(), 1, "{what}: {warnings:?}");
            assert_eq!(warnings[0]["path"], "", "{what}");
            assert_eq!(warnings[0]["code"], "invalid_type", "{what}");

            let errors = refused(&check(&["--strict", ty], &bytes(&input)), &what);
            assert_eq!(errors.len(), 1, "{what}: {errors:?}");
            assert_eq!(errors[0]["path"], "", "{what}");
            assert_eq!(errors[0]["code"], "invalid_type", "{what}");
        }
    }
}

/// A drifted document, read leniently and strictly: kept with exactly these
/// warnings, refused with exactly these errors.
fn assert_drift(ty: &str, doc: &Value, expected: &[(&str, &str)]) {
    let what = format!("{ty} {doc}");
    let (printed, warnings) = kept_with_warnings(&check(&[ty, "-"], &bytes(doc)), &what);
    assert_eq!(&printed, doc, "{what}: kept as received");
    let found: Vec<(&str, &str)> = warnings
        .iter()
        .map(|w| (w["path"].as_str().unwrap(), w["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, expected, "{what}");
    for w in &warnings {
        let spec = w["spec"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: a warning names its spec file: {w}"));
        assert!(repo().join(spec).is_file(), "{what}: {spec} exists");
    }

    let out = check(&["--strict", ty, "-"], &bytes(doc));
    let errors = refused(&out, &format!("--strict {what}"));
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(found, expected, "--strict {what}");
}

#[test]
fn a_drifted_notification_is_kept_with_warnings_and_refused_with_strict() {
    let base = incoming_message();
    let ty = "green-api/webhook";
    assert_eq!(kept_clean(&check(&[ty], &bytes(&base)), "documented"), base);
    assert_eq!(
        kept_clean(
            &check(&["--strict", ty], &bytes(&base)),
            "documented, strict"
        ),
        base
    );

    // The documents type senderContactName optional: its absence is no drift.
    let mut no_contact_name = base.clone();
    no_contact_name["senderData"]
        .as_object_mut()
        .unwrap()
        .remove("senderContactName");
    assert_eq!(
        kept_clean(&check(&[ty], &bytes(&no_contact_name)), "optional"),
        no_contact_name
    );
    assert_eq!(
        kept_clean(
            &check(&["--strict", ty], &bytes(&no_contact_name)),
            "optional, strict"
        ),
        no_contact_name
    );

    let mut timestamp_object = base.clone();
    timestamp_object["timestamp"] = json!({"seconds": base["timestamp"]});
    assert_drift(ty, &timestamp_object, &[("/timestamp", "invalid_type")]);

    let mut no_sender_name = base.clone();
    no_sender_name["senderData"]
        .as_object_mut()
        .unwrap()
        .remove("senderName");
    assert_drift(
        ty,
        &no_sender_name,
        &[("/senderData/senderName", "missing_field")],
    );

    // Two drifts at once: still one line on stderr, both reported.
    let mut both = timestamp_object;
    both["senderData"]
        .as_object_mut()
        .unwrap()
        .remove("senderName");
    let out = check(&[ty], &bytes(&both));
    let (printed, warnings) = kept_with_warnings(&out, "two drifts");
    assert_eq!(printed, both);
    let paths: BTreeSet<&str> = warnings
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from(["/timestamp", "/senderData/senderName"])
    );
    let errors = refused(
        &check(&["--strict", ty], &bytes(&both)),
        "two drifts, strict",
    );
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn a_drifted_response_is_kept_with_warnings_and_refused_with_strict() {
    assert_drift(
        "green-api/SendMessage.response",
        &json!({"idMessage": 5}),
        &[("/idMessage", "invalid_type")],
    );
}

#[test]
fn check_round_trips_unknown_notification_kinds_and_fields() {
    // A kind the documents do not know: kept whole, no drift.
    let unknown = json!({
        "typeWebhook": "incomingReactionReceived",
        "instanceData": {"idInstance": 1101, "wid": "11001234567@c.us"},
        "reaction": {"emoji": "👍", "weight": [1, 2.5, null]}
    });
    for args in [
        &["green-api/webhook", "-"][..],
        &["--strict", "green-api/webhook"][..],
    ] {
        assert_eq!(
            kept_clean(&check(args, &bytes(&unknown)), "unknown kind"),
            unknown
        );
    }

    // A known kind carrying fields the documents do not know, at two depths.
    let known = json!({
        "typeWebhook": "stateInstanceChanged",
        "instanceData": {"idInstance": 1101, "wid": "11001234567@c.us", "typeInstance": "whatsapp", "region": "eu"},
        "timestamp": 1686735222,
        "stateInstance": "authorized",
        "reason": {"code": 7}
    });
    for args in [
        &["green-api/webhook", "-"][..],
        &["--strict", "green-api/webhook"][..],
    ] {
        assert_eq!(
            kept_clean(&check(args, &bytes(&known)), "unknown fields"),
            known
        );
    }

    // The same kind with a value of another type: kept, and its path reported.
    let mut broken = known;
    broken["stateInstance"] = json!(3);
    assert_drift(
        "green-api/webhook",
        &broken,
        &[("/stateInstance", "invalid_type")],
    );
}

#[test]
fn a_duplicate_key_is_refused_even_leniently() {
    for (ty, doc, path) in [
        (
            "green-api/SendMessage.response",
            r#"{"idMessage":"3EB0C767D097B7C7C030","idMessage":"3EB0C767D097B7C7C031"}"#,
            "/idMessage",
        ),
        (
            "green-api/webhook",
            r#"{"typeWebhook":"stateInstanceChanged","typeWebhook":"incomingCall"}"#,
            "/typeWebhook",
        ),
    ] {
        let errors = refused(&check(&[ty], doc.as_bytes()), doc);
        assert_eq!(errors[0]["code"], "duplicate_field", "{doc}");
        assert_eq!(errors[0]["path"], path, "{doc}");
    }
}

#[test]
fn usage_errors_exit_2_on_stderr() {
    for args in [
        &["check", "no/Such.request"][..],
        &["check", "--strict", "no/Such.request"][..],
        &["check", "--strict"][..],
        &["check"][..],
        &["check", "green-api/SendMessage.request", "/no/such/file"][..],
        &["check", "green-api/SendMessage.request", "-", "extra"][..],
        &["frobnicate"][..],
        &["--strict"][..],
        &[][..],
        &["schema"][..],
        &["schema", "nope/X.request"][..],
        &["openapi", "nope"][..],
        &["examples", "/no/such/dir"][..],
        &["types", "extra"][..],
    ] {
        // A document on stdin must not turn a usage error into a check.
        usage_error(
            &wagate(args, br#"{"idMessage":"3EB0C767D097B7C7C030"}"#),
            &format!("{args:?}"),
        );
    }
}

#[test]
fn usage_errors_name_what_is_wrong() {
    for (args, says) in [
        (&["check", "--strict"][..], "check needs a TYPE"),
        (&["check"][..], "check needs a TYPE"),
        (
            &["check", "--lax", "green-api/SendMessage.request"][..],
            "unknown option `--lax`",
        ),
        (
            &["check", "no/Such.request"][..],
            "unknown TYPE `no/Such.request`",
        ),
    ] {
        let out = wagate(args, b"");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("wagate: {says}")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn help_prints_the_usage_on_stdout() {
    let out = wagate(&["--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for command in [
        "types",
        "check [--strict] TYPE",
        "examples",
        "schema TYPE",
        "openapi",
        "audit",
    ] {
        assert!(text.contains(command), "{command}: {text}");
    }
}

#[test]
fn examples_all_pass_and_close_with_the_count() {
    let out = wagate(&["examples"], b"");
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("{} passed, 0 failed", wagate_cli::examples::EXAMPLES.len())
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(wagate_cli::examples::EXAMPLES.len() > 100);
    assert!(text.contains("green-api/SendMessage/older-quoted-cyrillic-chat-id.json"));
}

#[test]
fn examples_of_a_directory_count_passes_and_failures() {
    let dir = std::env::temp_dir().join(format!("wagate-cli-examples-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("nested")).expect("temp dir");
    let example = |verdict: &str, doc: &str| {
        format!(
            r#"{{"type":"green-api/SendMessage.response","seed":"x.txt:1","title":"t",{verdict},"document":{doc}}}"#
        )
    };
    let files = [
        (
            "a-pass.json",
            example(
                r#""verdict":"valid""#,
                r#"{"idMessage":"3EB0C767D097B7C7C030"}"#,
            ),
        ),
        // Drift fails a valid verdict: examples are read strictly.
        (
            "b-fail.json",
            example(r#""verdict":"valid""#, r#"{"idMessage":5}"#),
        ),
        (
            "nested/c-pass.json",
            example(
                r#""verdict":"invalid","rule":"invalid_type","path":"/idMessage""#,
                r#"{"idMessage":5}"#,
            ),
        ),
        ("d-fail.json", "not an example file".to_owned()),
        ("ignored.txt", "not JSON".to_owned()),
    ];
    for (name, text) in &files {
        std::fs::write(dir.join(name), text).expect("written");
    }
    let out = wagate(&["examples", dir.to_str().expect("utf-8 path")], b"");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().last(), Some("2 passed, 2 failed"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    let verdicts: std::collections::BTreeMap<&str, bool> = text
        .lines()
        .filter_map(|l| {
            let (result, rest) = l.split_once("  ")?;
            let name = rest.split_whitespace().next()?;
            let name = Path::new(name).file_name()?.to_str()?;
            Some((name, result.trim() == "pass"))
        })
        .filter(|(name, _)| name.ends_with(".json"))
        .collect();
    assert_eq!(
        verdicts,
        std::collections::BTreeMap::from([
            ("a-pass.json", true),
            ("b-fail.json", false),
            ("c-pass.json", true),
            ("d-fail.json", false)
        ])
    );
}

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

fn schema_files(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            schema_files(&path, out);
        } else {
            let rel = path.strip_prefix(schema_dir()).unwrap();
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn schema_and_openapi_print_the_committed_files() {
    let mut printed = BTreeSet::new();
    let types = wagate::registry::types();
    assert!(types.len() > 90);
    for ty in types.iter().map(|t| t.name) {
        let out = wagate(&["schema", ty], b"");
        assert_eq!(out.status.code(), Some(0), "{ty}");
        assert!(out.stderr.is_empty(), "{ty}");
        let name = format!("{ty}.json");
        let file =
            std::fs::read(schema_dir().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            out.stdout == file,
            "{ty}: `wagate schema` differs from schema/{name}"
        );
        let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["title"], ty);
        printed.insert(name);
    }
    let providers = wagate::registry::providers();
    assert_eq!(providers.len(), 4, "{providers:?}");
    for provider in providers {
        let out = wagate(&["openapi", provider], b"");
        assert_eq!(out.status.code(), Some(0), "{provider}");
        let name = format!("openapi/{provider}.json");
        let file =
            std::fs::read(schema_dir().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            out.stdout == file,
            "{provider}: `wagate openapi` differs from schema/{name}"
        );
        let document: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            document["openapi"]
                .as_str()
                .is_some_and(|v| v.starts_with("3.1")),
            "{provider}"
        );
        printed.insert(name);
    }
    // Nothing committed that the command cannot print.
    let mut committed = BTreeSet::new();
    schema_files(&schema_dir(), &mut committed);
    assert_eq!(committed, printed);
    assert_eq!(
        wagate(&["openapi"], b"").stdout,
        wagate(&["openapi", "green-api"], b"").stdout
    );
}

#[test]
fn schemas_carry_the_limits() {
    use wagate::limits::green_api as limits;
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(schema_dir().join(name)).unwrap()).unwrap()
    };
    let send = read("green-api/SendMessage.request.json");
    assert_eq!(send["additionalProperties"], false);
    let max = limits::SEND_MESSAGE_MESSAGE_MAX_LENGTH;
    assert_eq!(send["properties"]["message"]["maxLength"], max);
    assert_eq!(send["properties"]["message"]["x-max-length-utf16"], max);
    assert!(
        send["properties"]["chatId"]["pattern"]
            .as_str()
            .unwrap()
            .contains("@c\\.us")
    );
    let poll = read("green-api/SendPoll.request.json");
    assert_eq!(
        poll["properties"]["options"]["maxItems"],
        limits::SEND_POLL_OPTIONS_MAX_ITEMS
    );
    assert_eq!(
        poll["properties"]["options"]["minItems"],
        limits::SEND_POLL_OPTIONS_MIN_ITEMS
    );
    assert_eq!(poll["properties"]["options"]["uniqueItems"], true);
    let v1 = read("green-api-v1/Messages.request.json");
    let body = &v1["$defs"];
    assert!(body.to_string().contains(&format!(
        "\"maxLength\":{}",
        wagate::limits::green_api_v1::TEXT_BODY_BODY_MAX_LENGTH
    )));
    // Received schemas stay open.
    let webhook = read("green-api/webhook.json");
    assert!(webhook.get("additionalProperties").is_none());
    assert_eq!(webhook["required"], json!(["typeWebhook"]));
}

#[test]
fn audit_lists_every_example_with_a_cyrillic_letter_in_a_chat_id() {
    let out = wagate(&["audit"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let flagged: BTreeSet<&str> = text
        .lines()
        .filter(|l| l.starts_with("non_latin_letter_in_chat_id"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    // Independently: every example file whose text has "<digits>@<…Cyrillic…>".
    let root = repo().join("spec/examples");
    let mut expected = BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let text = match file.get("document") {
                Some(d) => d.to_string(),
                None => file["document_text"].as_str().unwrap().to_owned(),
            };
            let has = text.split('"').any(|s| {
                s.split_once('@').is_some_and(|(user, domain)| {
                    user.chars().last().is_some_and(|c| c.is_ascii_digit())
                        && domain.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
                })
            });
            if has {
                let rel = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                expected.insert(rel);
            }
        }
    }
    assert!(expected.len() > 40, "{expected:?}");
    for rel in &expected {
        assert!(flagged.contains(rel.as_str()), "{rel} is not flagged");
    }
    assert!(text.lines().last().unwrap().contains(" findings: "));
}

/// The issue's hostile inputs, for a request, a response, a notification
/// (dispatched on its kind) and a request with a secret, leniently and
/// strictly: what cannot be one JSON value is refused with its code; a root
/// of another JSON type is refused for requests and kept for received data
/// unless `--strict`.
#[test]
fn hostile_inputs_end_in_0_or_1_with_json_for_every_kind_of_type() {
    let deep_array = "[".repeat(10_000);
    let deep_object = "{\"a\":".repeat(10_000);
    let deep_in_field = format!("{{\"message\":{}}}", "[".repeat(10_000));
    // (what, input, the code of a refusal in every mode)
    let refused_always: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty file", b"".to_vec(), "syntax"),
        ("only whitespace", b" \n\t ".to_vec(), "syntax"),
        (
            "invalid UTF-8 at the root",
            b"\xff\xfe\xfd".to_vec(),
            "syntax",
        ),
        (
            "invalid UTF-8 in a string",
            b"{\"message\":\"\xc3\x28\"}".to_vec(),
            "syntax",
        ),
        ("a BOM", b"\xef\xbb\xbf{}".to_vec(), "syntax"),
        ("trailing bytes", b"{} trailing".to_vec(), "syntax"),
        ("a second document", b"{}{}".to_vec(), "syntax"),
        ("trailing NUL", b"{}\0".to_vec(), "syntax"),
        (
            "a lone surrogate escape",
            br#"{"message":"\ud800"}"#.to_vec(),
            "syntax",
        ),
        (
            "a lone low surrogate",
            br#"{"message":"\udc00x"}"#.to_vec(),
            "syntax",
        ),
        ("10 000-deep arrays", deep_array.into_bytes(), "too_deep"),
        ("10 000-deep objects", deep_object.into_bytes(), "too_deep"),
        (
            "10 000-deep in a field",
            deep_in_field.into_bytes(),
            "too_deep",
        ),
    ];
    let roots: [&[u8]; 6] = [b"[]", b"\"x\"", b"42", b"true", b"null", b"[{\"a\":1}]"];
    for (ty, request) in [
        ("green-api/SendMessage.request", true),
        ("green-api/GetSettings.response", false),
        ("green-api/webhook", false),
        ("wawp/SendText.request", true),
    ] {
        for strict in [false, true] {
            let args: Vec<&str> = if strict {
                vec!["--strict", ty, "-"]
            } else {
                vec![ty, "-"]
            };
            for (what, input, code) in &refused_always {
                let what = format!("{ty}, strict {strict}, {what}");
                let errors = refused(&check(&args, input), &what);
                assert_eq!(errors.len(), 1, "{what}: {errors:?}");
                assert_eq!(errors[0]["code"], *code, "{what}: {errors:?}");
            }
            for input in roots {
                let what = format!(
                    "{ty}, strict {strict}, root {}",
                    String::from_utf8_lossy(input)
                );
                let out = check(&args, input);
                if request || strict {
                    let errors = refused(&out, &what);
                    assert_eq!(errors[0]["code"], "invalid_type", "{what}");
                    assert_eq!(errors[0]["path"], "", "{what}");
                } else {
                    let (printed, warnings) = kept_with_warnings(&out, &what);
                    assert_eq!(
                        printed,
                        serde_json::from_slice::<Value>(input).unwrap(),
                        "{what}"
                    );
                    assert_eq!(warnings[0]["code"], "invalid_type", "{what}");
                    assert_eq!(warnings[0]["path"], "", "{what}");
                }
            }
        }
    }
}

#[test]
fn deep_nesting_where_any_json_is_kept_exits_1_with_too_deep() {
    let deep = "[".repeat(10_000);
    for (ty, doc) in [
        (
            "green-api/SendMessage.response",
            format!(r#"{{"idMessage":"3EB0C767D097B7C7C030","x":{deep}"#),
        ),
        (
            "green-api/webhook",
            format!(r#"{{"typeWebhook":"new","x":{deep}"#),
        ),
        (
            "green-api/webhook",
            format!(r#"{{"typeWebhook":"stateInstanceChanged","x":{deep}"#),
        ),
        ("green-api/webhook", format!(r#"{{"x":{deep}"#)),
    ] {
        let errors = refused(&check(&[ty], doc.as_bytes()), ty);
        assert_eq!(errors[0]["code"], "too_deep", "{ty}");
    }
}

#[test]
fn a_request_written_as_arrays_is_refused() {
    // serde reads a struct from an array of its fields; the server does not.
    for (ty, doc, path) in [
        (
            "green-api/SendMessage.request",
            r#"["11001234567@c.us","hi"]"#,
            "",
        ),
        (
            "green-api/SendPoll.request",
            r#"{"chatId":"11001234567@c.us","message":"q","options":[{"optionName":"a"},["b"]]}"#,
            "/options/1",
        ),
    ] {
        let errors = refused(&check(&[ty], doc.as_bytes()), ty);
        assert_eq!(errors[0]["code"], "invalid_type", "{errors:?}");
        assert_eq!(errors[0]["path"], path, "{errors:?}");
    }
}

#[test]
fn a_valid_document_with_surrounding_whitespace_exits_0_with_json() {
    let out = check(
        &["green-api/SendMessage.response"],
        b"\n\t {\"idMessage\":\"3EB0C767D097B7C7C030\"} \r\n",
    );
    assert_eq!(
        kept_clean(&out, "whitespace"),
        json!({"idMessage": "3EB0C767D097B7C7C030"})
    );
}

#[test]
fn input_over_the_size_cap_exits_1_with_input_too_large() {
    let mut big = vec![b' '; wagate::MAX_INPUT_BYTES];
    big.extend_from_slice(b"{}");
    for ty in [
        "green-api/SendMessage.response",
        "green-api/webhook",
        "green-api/SendMessage.request",
    ] {
        let errors = refused(&check(&[ty], &big), ty);
        assert_eq!(errors[0]["code"], "input_too_large", "{ty}");
        assert_eq!(errors[0]["limit"], wagate::MAX_INPUT_BYTES, "{ty}");
    }
}
