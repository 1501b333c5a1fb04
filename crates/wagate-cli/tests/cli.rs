//! The CLI contract: exit codes, stdout shapes, and the issue's acceptance checks.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)] // a test says what failed by panicking

use std::io::Write as _;
use std::process::{Command, Output, Stdio};

fn wagate(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wagate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("stdin accepts the input");
    child.wait_with_output().expect("the binary ends")
}

fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8");
    assert_eq!(text.lines().count(), 1, "one line of JSON: {text}");
    serde_json::from_str(&text).expect("stdout is JSON")
}

fn message(units: usize) -> Vec<u8> {
    serde_json::to_vec(
        &serde_json::json!({"chatId": "11001234567@c.us", "message": "ж".repeat(units)}),
    )
    .expect("serializes")
}

#[test]
fn types_lists_the_sending_types() {
    let out = wagate(&["types"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for t in [
        "green-api/SendMessage.request",
        "green-api/SendMessage.response",
        "green-api/SendPoll.request",
        "green-api/ForwardMessages.response",
    ] {
        assert!(text.lines().any(|l| l == t), "{t} missing");
    }
}

#[test]
fn check_accepts_20000_units_and_refuses_20001() {
    let ok = wagate(
        &["check", "green-api/SendMessage.request", "-"],
        &message(20000),
    );
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        json(&ok)["message"]
            .as_str()
            .map(|m| m.encode_utf16().count()),
        Some(20000)
    );

    let bad = wagate(&["check", "green-api/SendMessage.request"], &message(20001));
    assert_eq!(bad.status.code(), Some(1));
    let report = json(&bad);
    let first = &report["errors"][0];
    assert_eq!(first["path"], "/message");
    assert_eq!(first["code"], "too_long");
    assert_eq!(first["limit"], 20000);
    assert_eq!(
        first["server_message"],
        "Validation failed. Details: 'message' length must be less than or equal to 20000 characters long"
    );
}

#[test]
fn check_refuses_a_cyrillic_chat_id() {
    let doc = "{\"chatId\": \"11001234567@\u{441}.us\", \"message\": \"hi\"}";
    let out = wagate(&["check", "green-api/SendMessage.request"], doc.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["errors"][0]["path"], "/chatId");
    assert_eq!(report["errors"][0]["code"], "invalid_chat_id");
}

#[test]
fn check_reads_a_file() {
    let dir = std::env::temp_dir().join(format!("wagate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("resp.json");
    std::fs::write(&path, br#"{"idMessage":"3EB0C767D097B7C7C030","new":1}"#).expect("written");
    let out = wagate(
        &[
            "check",
            "green-api/SendMessage.response",
            path.to_str().expect("utf-8 path"),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"idMessage": "3EB0C767D097B7C7C030", "new": 1})
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn odd_inputs_end_in_0_1_or_2() {
    let deep = "[".repeat(10_000);
    let inputs: Vec<&[u8]> = vec![
        b"",
        b"\xff\xfe",
        b"\xef\xbb\xbf{}",
        b"{} trailing",
        br#""\ud800""#,
        deep.as_bytes(),
        b"[]",
        b"null",
        b"42",
    ];
    for input in inputs {
        let out = wagate(&["check", "green-api/SendMessage.request"], input);
        assert_eq!(
            out.status.code(),
            Some(1),
            "input {:?}",
            String::from_utf8_lossy(input)
        );
        assert!(json(&out)["errors"][0]["code"].is_string());
    }
}

#[test]
fn usage_errors_exit_2_on_stderr() {
    for args in [
        &["check", "no/Such.request"][..],
        &["frobnicate"][..],
        &[][..],
        &["check", "green-api/SendMessage.request", "/no/such/file"][..],
    ] {
        let out = wagate(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn examples_all_pass_and_close_with_the_count() {
    let out = wagate(&["examples"], b"");
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
    assert_eq!(out.status.code(), Some(0));
    let passed: usize = last
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(passed > 100, "{last}");
    assert!(text.contains("green-api/SendMessage/older-quoted-cyrillic-chat-id.json"));
}

#[test]
fn check_round_trips_unknown_notification_kinds_and_fields() {
    // A kind the documents do not know: kept whole.
    let unknown = serde_json::json!({
        "typeWebhook": "incomingReactionReceived",
        "instanceData": {"idInstance": 1101, "wid": "11001234567@c.us"},
        "reaction": {"emoji": "👍", "weight": [1, 2.5, null]}
    });
    let out = wagate(
        &["check", "green-api/webhook", "-"],
        &serde_json::to_vec(&unknown).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), unknown);

    // A known kind carrying fields the documents do not know, at two depths.
    let known = serde_json::json!({
        "typeWebhook": "stateInstanceChanged",
        "instanceData": {"idInstance": 1101, "wid": "11001234567@c.us", "typeInstance": "whatsapp", "region": "eu"},
        "timestamp": 1686735222,
        "stateInstance": "authorized",
        "reason": {"code": 7}
    });
    let out = wagate(
        &["check", "green-api/webhook", "-"],
        &serde_json::to_vec(&known).unwrap(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out), known);

    // The same kind with an impossible value: exit 1 with the path.
    let mut broken = known;
    broken["stateInstance"] = serde_json::json!(3);
    let out = wagate(
        &["check", "green-api/webhook", "-"],
        &serde_json::to_vec(&broken).unwrap(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["errors"][0]["path"], "/stateInstance");
}

/// The committed schema files, relative to crates/wagate/schema/.
fn schema_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../wagate/schema")
}

#[test]
fn schema_and_openapi_print_the_committed_files() {
    let types = wagate(&["types"], b"");
    let types = String::from_utf8(types.stdout).unwrap();
    assert!(types.lines().count() > 90);
    for ty in types.lines() {
        let out = wagate(&["schema", ty], b"");
        assert_eq!(out.status.code(), Some(0), "{ty}");
        let file = std::fs::read(schema_dir().join(format!("{ty}.json"))).unwrap();
        assert_eq!(out.stdout, file, "{ty}");
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["title"], ty);
    }
    for provider in ["green-api", "green-api-v1", "maytapi", "wawp"] {
        let out = wagate(&["openapi", provider], b"");
        assert_eq!(out.status.code(), Some(0));
        let file = std::fs::read(schema_dir().join(format!("openapi/{provider}.json"))).unwrap();
        assert_eq!(out.stdout, file, "{provider}");
    }
    assert_eq!(
        wagate(&["openapi"], b"").stdout,
        wagate(&["openapi", "green-api"], b"").stdout
    );
    assert_eq!(
        wagate(&["schema", "nope/X.request"], b"").status.code(),
        Some(2)
    );
    assert_eq!(wagate(&["openapi", "nope"], b"").status.code(), Some(2));
}

#[test]
fn schemas_carry_the_limits() {
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(schema_dir().join(name)).unwrap()).unwrap()
    };
    let send = read("green-api/SendMessage.request.json");
    assert_eq!(send["additionalProperties"], false);
    assert_eq!(send["properties"]["message"]["maxLength"], 20000);
    assert_eq!(send["properties"]["message"]["x-max-length-utf16"], 20000);
    assert!(
        send["properties"]["chatId"]["pattern"]
            .as_str()
            .unwrap()
            .contains("@c\\.us")
    );
    let poll = read("green-api/SendPoll.request.json");
    assert_eq!(poll["properties"]["options"]["maxItems"], 12);
    assert_eq!(poll["properties"]["options"]["minItems"], 2);
    assert_eq!(poll["properties"]["options"]["uniqueItems"], true);
    let v1 = read("green-api-v1/Messages.request.json");
    let body = &v1["$defs"];
    assert!(body.to_string().contains("\"maxLength\":4096"));
    // Received schemas stay open.
    let webhook = read("green-api/webhook.json");
    assert!(webhook.get("additionalProperties").is_none());
    assert_eq!(webhook["required"], serde_json::json!(["typeWebhook"]));
}

#[test]
fn audit_lists_every_example_with_a_cyrillic_letter_in_a_chat_id() {
    let out = wagate(&["audit"], b"");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let flagged: std::collections::BTreeSet<&str> = text
        .lines()
        .filter(|l| l.starts_with("non_latin_letter_in_chat_id"))
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    // Independently: every example file whose text has "<digits>@<…Cyrillic…>".
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/examples");
    let mut expected = std::collections::BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let file: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
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
/// (two-stage parse) and a request with a secret: each exits 0 or 1 with one
/// line of JSON on stdout; the expected code is named where it is certain.
#[test]
fn hostile_inputs_end_in_0_or_1_with_json_for_every_kind_of_type() {
    let deep_array = "[".repeat(10_000);
    let deep_object = "{\"a\":".repeat(10_000);
    let deep_in_field = format!("{{\"message\":{}}}", "[".repeat(10_000));
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("empty file", b"".to_vec(), Some("syntax")),
        ("only whitespace", b" \n\t ".to_vec(), Some("syntax")),
        (
            "invalid UTF-8 at the root",
            b"\xff\xfe\xfd".to_vec(),
            Some("syntax"),
        ),
        (
            "invalid UTF-8 in a string",
            b"{\"message\":\"\xc3\x28\"}".to_vec(),
            Some("syntax"),
        ),
        ("a BOM", b"\xef\xbb\xbf{}".to_vec(), Some("syntax")),
        ("trailing bytes", b"{} trailing".to_vec(), None),
        ("a second document", b"{}{}".to_vec(), None),
        ("trailing NUL", b"{}\0".to_vec(), None),
        (
            "a lone surrogate escape",
            br#"{"message":"\ud800"}"#.to_vec(),
            Some("syntax"),
        ),
        (
            "a lone low surrogate",
            br#"{"message":"\udc00x"}"#.to_vec(),
            Some("syntax"),
        ),
        // A typed root refuses the first level of the wrong type; see below
        // for depth where the model keeps any JSON.
        ("10 000-deep arrays", deep_array.into_bytes(), None),
        ("10 000-deep objects", deep_object.into_bytes(), None),
        ("10 000-deep in a field", deep_in_field.into_bytes(), None),
        ("root array", b"[]".to_vec(), None),
        ("root string", b"\"x\"".to_vec(), Some("invalid_type")),
        ("root number", b"42".to_vec(), Some("invalid_type")),
        ("root boolean", b"true".to_vec(), Some("invalid_type")),
        ("root null", b"null".to_vec(), Some("invalid_type")),
    ];
    for ty in [
        "green-api/SendMessage.request",
        "green-api/GetSettings.response",
        "green-api/webhook",
        "wawp/SendText.request",
    ] {
        for (what, input, code) in &cases {
            let out = wagate(&["check", ty, "-"], input);
            let status = out.status.code();
            assert!(
                matches!(status, Some(0 | 1)),
                "{ty}, {what}: exit {status:?}"
            );
            let report = json(&out);
            if status == Some(1) {
                let first = &report["errors"][0];
                assert!(first["code"].is_string(), "{ty}, {what}: {report}");
                if let Some(code) = code {
                    assert_eq!(first["code"], *code, "{ty}, {what}: {report}");
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
    ] {
        let out = wagate(&["check", ty], doc.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{ty}");
        assert_eq!(json(&out)["errors"][0]["code"], "too_deep", "{ty}");
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
        let out = wagate(&["check", ty], doc.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{ty}");
        let report = json(&out);
        assert_eq!(report["errors"][0]["code"], "invalid_type", "{report}");
        assert_eq!(report["errors"][0]["path"], path, "{report}");
    }
}

#[test]
fn a_valid_document_with_surrounding_whitespace_exits_0_with_json() {
    let out = wagate(
        &["check", "green-api/SendMessage.response"],
        b"\n\t {\"idMessage\":\"3EB0C767D097B7C7C030\"} \r\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"idMessage": "3EB0C767D097B7C7C030"})
    );
}

#[test]
fn input_over_the_size_cap_exits_1_with_input_too_large() {
    let mut big = vec![b' '; wagate::MAX_INPUT_BYTES];
    big.extend_from_slice(b"{}");
    let out = wagate(&["check", "green-api/SendMessage.response"], &big);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["errors"][0]["code"], "input_too_large");
    assert_eq!(report["errors"][0]["limit"], wagate::MAX_INPUT_BYTES);
}
