//! Requests report every problem at once; success bodies are told from the
//! documented failures by their shape, not by a substring.

use serde_json::json;
use wagate::endpoint::{DocumentedError, ResponseError};
use wagate::green_api::{get_contacts, qr, remove_admin, send_message, update_group_settings};
use wagate::{Document, ReadMode, limits};

use crate::support::{check, read_bytes};

const SEND_MESSAGE: &str = "green-api/SendMessage.request";

/// (code, path) of every issue of a strictly read document.
fn issues_of(ty: &str, bytes: &[u8]) -> Vec<(String, String)> {
    read_bytes(ty, bytes, ReadMode::Strict)
        .err()
        .map(|e| {
            e.iter()
                .map(|i| (i.code.as_str().to_owned(), i.path.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn every_structural_problem_is_reported_at_once_in_document_order() {
    // Two unknown fields, a duplicated key and a missing required field.
    let text = br#"{"wrongName": 1, "message": "a", "message": "b", "other": [true]}"#;
    assert_eq!(
        issues_of(SEND_MESSAGE, text),
        pairs(&[
            ("unknown_field", "/wrongName"),
            ("duplicate_field", "/message"),
            ("unknown_field", "/other"),
            ("missing_field", "/chatId"),
        ])
    );
    // Mistyped fields are structural too; nested paths keep their place.
    let poll = br#"{"chatId": 5, "message": "?", "options": [{"optionName": "a", "x": 1}, {}], "multipleAnswers": "no"}"#;
    assert_eq!(
        issues_of("green-api/SendPoll.request", poll),
        pairs(&[
            ("invalid_type", "/chatId"),
            ("unknown_field", "/options/0/x"),
            ("missing_field", "/options/1/optionName"),
            ("invalid_type", "/multipleAnswers"),
        ])
    );
}

#[test]
fn a_text_that_is_not_json_reports_only_its_syntax_error() {
    for text in [
        &br#"{"chatId": 1, "x": "#[..],
        br#"{"chatId": 1, "x": 2"#,
        br#"{"chatId": 1, "chatId": 2, "x": }"#,
        b"{\"message\": \"\xff\"}",
    ] {
        let errors = read_bytes(SEND_MESSAGE, text, ReadMode::Strict).expect_err("not JSON");
        assert_eq!(errors.len(), 1, "{errors}");
        assert_eq!(errors[0].code.as_str(), "syntax", "{errors}");
        assert!(errors[0].line.is_some() && errors[0].column.is_some());
    }
}

#[test]
fn structural_problems_come_before_broken_rules() {
    let long = "ж".repeat(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH + 1);
    let doc = json!({"chatId": "11001234567@c.us", "extraField": 1, "message": long});
    let errors = check(SEND_MESSAGE, &doc).expect_err("invalid");
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [("unknown_field", "/extraField"), ("too_long", "/message")]
    );
    assert_eq!(
        errors[1].limit,
        Some(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH as u64)
    );
    // Every broken rule of a request that could be built, in field order.
    let doc =
        json!({"chatId": "11001234567@\u{441}.us", "message": "", "quotedMessageId": "short"});
    let errors = check(SEND_MESSAGE, &doc).expect_err("invalid");
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("invalid_chat_id", "/chatId"),
            ("empty", "/message"),
            ("too_short", "/quotedMessageId")
        ]
    );
}

#[test]
fn a_built_request_reports_its_broken_rules_the_same_ways() {
    let request = send_message::Request::new(
        wagate::ids::ChatId::new_unchecked("11001234567@c.uss"),
        "x".repeat(limits::green_api::SEND_MESSAGE_MESSAGE_MAX_LENGTH + 1),
    );
    let issues = request.issues();
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["/chatId", "/message"]);
    // The same issues as reading the request's JSON.
    let bytes = serde_json::to_vec(&request).expect("JSON");
    let read = read_bytes(SEND_MESSAGE, &bytes, ReadMode::Strict).expect_err("invalid");
    assert_eq!(read.into_vec(), issues);
}

/// The method's documented failures answered with HTTP 200.
fn ok_failures(errors: &'static [DocumentedError]) -> Vec<&'static DocumentedError> {
    errors.iter().filter(|e| e.status == Some(200)).collect()
}

/// Whether a 200 response was read as the documented failure `text`.
fn is_failure<T: std::fmt::Debug>(result: &Result<T, ResponseError>, text: &str) -> bool {
    matches!(result, Err(ResponseError::FailureWithOk { documented: Some(d), .. }) if d.text == text)
}

#[test]
fn a_qr_code_whose_base64_contains_ok_is_a_success() {
    let failures = ok_failures(qr::META.errors);
    let texts: Vec<&str> = failures.iter().map(|e| e.text).collect();
    assert_eq!(texts, ["OK"]);
    let body = br#"{"type":"qrCode","message":"iVBORw0KGgoOKAAAAOK"}"#;
    let read = qr::parse_response(200, body).expect("a QR code");
    assert!(read.conforms(), "{:?}", read.drift());
    assert_eq!(read.message.as_deref(), Some("iVBORw0KGgoOKAAAAOK"));
    // The documented failure: the body is exactly OK (as text or as a JSON string).
    for failed in [&b"OK"[..], b"\"OK\"", b" OK\n"] {
        assert!(
            is_failure(&qr::parse_response(200, failed), "OK"),
            "{failed:?}"
        );
    }
}

#[test]
fn a_contact_named_with_brackets_is_a_success() {
    let texts: Vec<&str> = ok_failures(get_contacts::META.errors)
        .iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(texts, ["[]"]);
    let body = br#"[{"id":"79001234567@c.us","name":"Ann []","type":"user"}]"#;
    let read = get_contacts::parse_response(200, body).expect("contacts");
    assert!(read.conforms(), "{:?}", read.drift());
    assert_eq!(read.items.len(), 1);
    assert_eq!(read.items[0].name.as_deref(), Some("Ann []"));
    for failed in [&b"[]"[..], b" [ ] "] {
        assert!(
            is_failure(&get_contacts::parse_response(200, failed), "[]"),
            "{failed:?}"
        );
    }
}

#[test]
fn remove_admin_false_is_a_failure_and_true_a_success() {
    let failures = ok_failures(remove_admin::META.errors);
    assert!(!failures.is_empty());
    assert!(failures.iter().all(|e| e.text == r#""removeAdmin": false"#));
    let failed = remove_admin::parse_response(200, br#"{"removeAdmin": false}"#);
    assert!(is_failure(&failed, r#""removeAdmin": false"#), "{failed:?}");
    for body in [
        &br#"{"removeAdmin": true}"#[..],
        br#"{"removeAdmin":true,"note":"\"removeAdmin\": false"}"#,
    ] {
        let read = remove_admin::parse_response(200, body).expect("a success");
        assert_eq!(read.remove_admin, Some(true));
    }
}

#[test]
fn every_documented_ok_failure_is_a_failure_and_only_when_it_is_the_whole_body() {
    let mut checked = 0;
    for entry in wagate::registry::endpoints() {
        for error in ok_failures(entry.meta.errors) {
            checked += 1;
            // The documented text itself, and (for members) the object holding them.
            let mut bodies = vec![error.text.to_owned()];
            let members = format!("{{{}}}", error.text);
            if serde_json::from_str::<serde_json::Value>(&members).is_ok() {
                bodies.push(members);
            }
            for body in bodies {
                let result = (entry.parse_response)(200, body.as_bytes(), ReadMode::Lenient);
                assert!(
                    is_failure(&result, error.text),
                    "{}: {body} read as {result:?}",
                    entry.meta.name
                );
            }
            // The text inside a longer value is not the failure.
            let quoted = serde_json::to_string(&format!("see {} below", error.text)).expect("JSON");
            let result = (entry.parse_response)(200, quoted.as_bytes(), ReadMode::Lenient);
            assert!(
                !matches!(result, Err(ResponseError::FailureWithOk { .. })),
                "{}: {quoted} read as {result:?}",
                entry.meta.name
            );
        }
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn update_group_settings_failures_are_failures_as_the_server_sends_them() {
    // The page prints the failures without the colon
    // ('"updateGroupSettings" false, "reason": "NOT_ENOUGH_RIGHTS"',
    // green-api-current/new-UpdateGroupSettings.md:53-54); the server sends JSON.
    for reason in ["NOT_ENOUGH_RIGHTS", "FORBIDDEN"] {
        let body = format!(r#"{{"updateGroupSettings": false, "reason": "{reason}"}}"#);
        let result = update_group_settings::parse_response(200, body.as_bytes());
        assert!(
            matches!(
                result,
                Err(ResponseError::FailureWithOk {
                    documented: Some(_),
                    ..
                })
            ),
            "{body} read as {result:?}"
        );
    }
    let ok = update_group_settings::parse_response(
        200,
        br#"{"updateGroupSettings": true, "reason": ""}"#,
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_mistyped_field_names_what_it_found_and_carries_the_servers_type_text() {
    let cases = [
        (
            "green-api/SendPoll.request",
            json!({"chatId": "79001234567@c.us", "message": "Q", "options": "a,b"}),
            "/options",
            "found a string",
            "Validation failed. Details: 'options' must be an array",
        ),
        (
            "green-api/SendPoll.request",
            json!({"chatId": "79001234567@c.us", "message": "Q",
                   "options": [{"optionName": "a"}, {"optionName": "b"}], "multipleAnswers": "yes"}),
            "/multipleAnswers",
            "found a string",
            "Validation failed. Details: 'multipleAnswers' must be a boolean",
        ),
        (
            "green-api/SendPoll.request",
            json!({"chatId": "79001234567@c.us", "message": "Q",
                   "options": [{"optionName": 1}, {"optionName": "b"}]}),
            "/options/0/optionName",
            "found a number",
            "Validation failed. Details: 'options[0].optionName' must be a string",
        ),
        (
            SEND_MESSAGE,
            json!({"chatId": "79001234567@c.us", "message": null}),
            "/message",
            "found null",
            "Validation failed. Details: 'message' must be a string",
        ),
    ];
    for (ty, doc, path, found, server) in cases {
        let errors = check(ty, &doc).expect_err("a mistyped request");
        let issue = errors
            .iter()
            .find(|i| i.path == path)
            .unwrap_or_else(|| panic!("{ty}: no issue at {path}: {errors:?}"));
        assert_eq!(issue.code.as_str(), "invalid_type");
        assert!(issue.message.ends_with(found), "{issue:?}");
        assert_eq!(issue.server_message.as_deref(), Some(server), "{issue:?}");
    }
}
