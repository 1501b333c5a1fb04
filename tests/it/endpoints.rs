//! The sans-IO layer: the `http::Request` of every method against the
//! documented verb, host, path and headers; response quirks.

use std::path::Path;

use wagate::ReadMode;
use wagate::endpoint::{
    AuthKind, BodyKind, BuildError, Credentials, ErrorBody, FilePart, HostKind, ResponseError,
    RetryAdvice, build_multipart_request, build_upload_request, parse_response,
};
use wagate::ids::{ApiKey, ApiTokenInstance, BearerToken, ChatId, IdInstance, MessageId};
use wagate::value::IntOrString;

const TOKEN: &str = "bde035edae3fc00bc116bd112297908d8145e5ba8decc5d884";
const PRODUCT_ID: &str = "dc01968f-0000-0000-0000-7cfcf51aa423";
const PHONE_ID: &str = "12";

fn credentials() -> Credentials {
    Credentials::green_api(
        "https://api.green-api.com",
        "https://media.green-api.com/",
        IdInstance::new(1101),
        ApiTokenInstance::new(TOKEN),
    )
}

/// Credentials of the kind a method's provider uses, and the host they name.
fn credentials_for(auth: AuthKind) -> (Credentials, &'static str) {
    match auth {
        AuthKind::Bearer => (
            Credentials::bearer("https://api.green-api.com", BearerToken::new(TOKEN)),
            "api.green-api.com",
        ),
        AuthKind::Header(_) => (
            Credentials::maytapi(
                "https://api.maytapi.com",
                PRODUCT_ID,
                PHONE_ID,
                ApiKey::new(TOKEN),
            ),
            "api.maytapi.com",
        ),
        AuthKind::BodyToken => (Credentials::in_body("https://api.wawp.net"), "api.wawp.net"),
        _ => (credentials(), "api.green-api.com"),
    }
}

/// The first valid request example of a method, as JSON bytes.
fn request_example(provider: &str, method: &str) -> Option<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec/examples")
        .join(provider)
        .join(method);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files.into_iter().find_map(|f| {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(f).ok()?).ok()?;
        let is_request = v["type"].as_str()?.ends_with(".request") && v["verdict"] == "valid";
        if is_request {
            v.get("document")
                .map(|d| serde_json::to_vec(d).expect("serializes"))
        } else {
            None
        }
    })
}

/// The smallest valid request of a method: its required fields with ordinary
/// values (fixtures/minimal_requests.json, written from the spec's field lists).
fn minimal_request(method: &str) -> Option<Vec<u8>> {
    let all: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/minimal_requests.json"))
            .expect("fixture is JSON");
    all.get(method)
        .map(|v| serde_json::to_vec(v).expect("serializes"))
}

#[test]
fn every_method_builds_its_documented_request() {
    let (mut built, mut needs_file, mut no_example) = (0, 0, Vec::new());
    for entry in wagate::registry::endpoints() {
        let meta = entry.meta;
        let (creds, api_host) = credentials_for(meta.auth);
        let has_request_type =
            wagate::registry::find(&format!("{}/{}.request", meta.provider, meta.name)).is_some();
        // A documented example where there is one, else the smallest valid request.
        let json = if has_request_type {
            request_example(meta.provider, meta.name).or_else(|| minimal_request(meta.name))
        } else {
            Some(b"{}".to_vec())
        };
        let Some(json) = json else {
            no_example.push(meta.name);
            continue;
        };
        match (entry.build_from_json)(&json, &creds) {
            Err(BuildError::NeedsFile(name)) => {
                assert!(
                    matches!(meta.body, BodyKind::Multipart | BodyKind::Binary),
                    "{name}"
                );
                needs_file += 1;
            }
            Err(e) => panic!("{}: {e}", meta.name),
            Ok(req) => {
                built += 1;
                assert_eq!(req.method(), meta.verb.to_http(), "{}", meta.name);
                let host = if meta.host == HostKind::Media {
                    "media.green-api.com"
                } else {
                    api_host
                };
                assert_eq!(req.uri().host(), Some(host), "{}", meta.name);
                // The documented template with the credentials filled in.
                let expected = meta
                    .path
                    .replace("{idInstance}", "1101")
                    .replace("{apiTokenInstance}", TOKEN)
                    .replace("{product_id}", PRODUCT_ID)
                    .replace("{phone_id}", PHONE_ID);
                let prefix = expected.split('{').next().unwrap_or_default();
                assert!(
                    req.uri().path().starts_with(prefix),
                    "{}: {} vs {expected}",
                    meta.name,
                    req.uri()
                );
                assert!(
                    !req.uri().path().contains('{'),
                    "{}: unfilled placeholder in {}",
                    meta.name,
                    req.uri()
                );
                let content_type = req
                    .headers()
                    .get(http::header::CONTENT_TYPE)
                    .map(|v| v.to_str().unwrap_or_default().to_owned());
                match meta.body {
                    BodyKind::Json => {
                        assert_eq!(
                            content_type.as_deref(),
                            Some("application/json"),
                            "{}",
                            meta.name
                        );
                        let body: serde_json::Value =
                            serde_json::from_slice(req.body()).expect("a JSON body");
                        assert!(body.is_object(), "{}", meta.name);
                    }
                    _ => {
                        assert!(
                            req.body().is_empty(),
                            "{}: a {} carries no body",
                            meta.name,
                            req.method()
                        );
                        assert_eq!(content_type, None, "{}", meta.name);
                    }
                }
            }
        }
    }
    assert!(
        no_example.is_empty(),
        "no request to build for {no_example:?}"
    );
    assert_eq!(built + needs_file, wagate::registry::endpoints().len());
    assert!(needs_file >= 4, "{needs_file}");
}

#[test]
fn send_message_request_is_exactly_as_documented() {
    use wagate::green_api::send_message::Request;
    let req = Request::new(
        ChatId::parse_strict("11001234567@c.us").expect("valid"),
        "I use Green-API".into(),
    );
    let http = wagate::endpoint::build_request(&req, &credentials()).expect("valid request");
    assert_eq!(http.method(), http::Method::POST);
    assert_eq!(
        http.uri().to_string(),
        format!("https://api.green-api.com/waInstance1101/sendMessage/{TOKEN}")
    );
    assert_eq!(
        http.headers()[http::header::CONTENT_TYPE],
        "application/json"
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(http.body()).expect("json"),
        serde_json::json!({"chatId": "11001234567@c.us", "message": "I use Green-API"})
    );
}

#[test]
fn invalid_requests_are_not_built() {
    use wagate::green_api::send_message::Request;
    let req = Request::new(
        ChatId::new_unchecked("11001234567@\u{441}.us"),
        "x".repeat(20001),
    );
    match wagate::endpoint::build_request(&req, &credentials()) {
        Err(BuildError::Invalid(errors)) => {
            let codes: Vec<&str> = errors.iter().map(|i| i.code.as_str()).collect();
            assert!(
                codes.contains(&"invalid_chat_id") && codes.contains(&"too_long"),
                "{codes:?}"
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn query_and_path_fields_go_where_documented() {
    let creds = credentials();
    let entry = wagate::registry::endpoints()
        .into_iter()
        .find(|e| e.meta.name == "DeleteNotification")
        .expect("DeleteNotification");
    assert_eq!(entry.path_fields, ["receiptId"]);
    assert!(entry.query_fields.is_empty());
    let req = (entry.build_from_json)(br#"{"receiptId": 1}"#, &creds).expect("builds");
    assert_eq!(req.method(), http::Method::DELETE);
    assert_eq!(
        req.uri().path(),
        format!("/waInstance1101/deleteNotification/{TOKEN}/1")
    );
    let entry = wagate::registry::endpoints()
        .into_iter()
        .find(|e| e.meta.name == "ReceiveNotification")
        .expect("ReceiveNotification");
    assert_eq!(entry.query_fields, ["receiveTimeout"]);
    assert!(entry.path_fields.is_empty());
    let req = (entry.build_from_json)(br#"{"receiveTimeout": 5}"#, &creds).expect("builds");
    assert_eq!(req.uri().query(), Some("receiveTimeout=5"));
    assert!(
        (entry.build_from_json)(br#"{"receiveTimeout": 61}"#, &creds).is_err(),
        "receiveTimeout is 5..60"
    );
}

#[test]
fn files_go_as_multipart_or_raw_bytes() {
    use wagate::green_api::send_file_by_upload::{META, Request};
    let req = Request::new(ChatId::parse_strict("120363043968066561@g.us").expect("valid"));
    let file = FilePart {
        file_name: "test.jpg".into(),
        content_type: Some("image/jpeg".into()),
        bytes: vec![0xff, 0xd8, 0xff],
    };
    let http = build_multipart_request(&req, &file, &credentials()).expect("builds");
    assert_eq!(
        http.uri().to_string(),
        format!("https://media.green-api.com/waInstance1101/sendFileByUpload/{TOKEN}")
    );
    let ct = http.headers()[http::header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .to_owned();
    let boundary = ct
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let body = String::from_utf8_lossy(http.body());
    assert!(body.contains("name=\"chatId\"\r\n\r\n120363043968066561@g.us\r\n"));
    assert!(body.contains("filename=\"test.jpg\""));
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    assert_eq!(META.body, BodyKind::Multipart);

    let upload = wagate::green_api::upload_file::META;
    let unknown = FilePart {
        file_name: "main.go".into(),
        content_type: None,
        bytes: b"package main".to_vec(),
    };
    let http = build_upload_request(&upload, &unknown, &credentials()).expect("builds");
    assert_eq!(http.headers()["GA-Filename"], "main.go");
    assert_eq!(http.body(), b"package main");
}

#[test]
fn a_picture_is_sent_once_as_the_file_part() {
    use wagate::green_api::{set_group_picture, set_profile_picture};
    let file = FilePart {
        file_name: "avatar.jpg".into(),
        content_type: Some("image/jpeg".into()),
        bytes: vec![0xff, 0xd8, 0xff],
    };
    let group = set_group_picture::Request::new(
        ChatId::parse_strict("120363043968066561@g.us").expect("valid"),
    );
    for http in [
        build_multipart_request(&group, &file, &credentials()).expect("builds"),
        build_multipart_request(&set_profile_picture::Request::new(), &file, &credentials())
            .expect("builds"),
    ] {
        let body = String::from_utf8_lossy(http.body());
        assert_eq!(body.matches("name=\"file\"").count(), 1, "{body}");
        assert!(body.contains("filename=\"avatar.jpg\""));
    }
}

#[test]
fn documented_errors_match_by_their_fixed_parts_whatever_fills_the_rest() {
    use wagate::green_api::{archive_chat, download_file, get_chat_history, receive_notification};
    fn documented(result: Result<impl std::fmt::Debug, ResponseError>) -> &'static str {
        match result {
            Err(ResponseError::Status {
                documented: Some(e),
                ..
            }) => e.text,
            other => panic!("{other:?}"),
        }
    }
    // The instance number, chat ids and message ids vary; the rows print
    // examples or XXX (spec `parts`).
    let webhook_set = b"Message cannot be received because custom webhook url is set. Go to cabinet, clear webhook url for instance: 1101000001 and wait for about 1 minute for another attempt";
    assert!(
        documented(receive_notification::parse_response(400, webhook_set))
            .starts_with("Message cannot be received")
    );
    let not_found = b"File message encrypted url not found by chatId 79001234567@c.us and idMessage BAE5F4886F6F2D05";
    assert!(
        documented(download_file::parse_response(400, not_found))
            .starts_with("File message encrypted url not found")
    );
    // "Bad Request" in the row is the status's reason phrase, not the body.
    let archived = b"ArchiveChatError: chat with id 79001234567@c.us already archive=true";
    assert!(documented(archive_chat::parse_response(400, archived)).ends_with("archive=true"));
    let count = b"Validation failed. Details: 'count' must be a number";
    assert_eq!(
        documented(get_chat_history::parse_response(400, count)),
        "Bad Request Validation failed. Details: 'count' must be a number"
    );
    // The parts must come in order, and the status must agree.
    let reversed = b"already archive=true: ArchiveChatError: chat with id 1@c.us";
    assert!(matches!(
        archive_chat::parse_response(400, reversed),
        Err(ResponseError::Status {
            documented: None,
            ..
        })
    ));
    assert!(matches!(
        archive_chat::parse_response(500, archived),
        Err(ResponseError::Status {
            documented: None,
            ..
        })
    ));
    // A generic validation answer is the catalogue's 400 row.
    match archive_chat::parse_response(400, b"Validation failed. Details: 'chatId' is required") {
        Err(ResponseError::Status {
            standard: Some(e), ..
        }) => assert_eq!(e.text, "Bad Request Validation failed"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn response_quirks_are_typed() {
    use wagate::green_api::{get_state_instance, send_file_by_upload, send_message};
    let ok = send_message::parse_response(200, br#"{"idMessage":"3EB0C767D097B7C7C030"}"#)
        .expect("success");
    assert!(ok.conforms());
    assert_eq!(
        ok.id_message.as_ref().map(MessageId::as_str),
        Some("3EB0C767D097B7C7C030")
    );
    // A documented error answered with 200.
    match send_file_by_upload::parse_response(200, b"failed to upload file") {
        Err(ResponseError::FailureWithOk {
            documented: Some(d),
            ..
        }) => assert_eq!(d.status, Some(200)),
        other => panic!("{other:?}"),
    }
    // A null body: the instance is still being created.
    let null = get_state_instance::parse_response(200, b"null").expect("null is documented");
    assert!(null.conforms());
    assert_eq!(null.0, None);
    match send_message::parse_response(429, b"Too Many Requests") {
        Err(ResponseError::Status {
            status: 429,
            advice: RetryAdvice::RetryLater,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    match send_message::parse_response(502, b"Bad Gateway") {
        Err(ResponseError::Status {
            advice: RetryAdvice::RetryWithDelay { attempts: 3 },
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    match send_message::parse_response(500, b"request entity too large") {
        Err(ResponseError::Status {
            documented: Some(d),
            ..
        }) => assert_eq!(d.text, "request entity too large"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        send_message::parse_response(200, b"Error: something"),
        Err(ResponseError::FailureWithOk { .. })
    ));
    // A success body without its documented member: kept with the drift
    // (lenient), refused with the same issue (strict).
    let drifted = send_message::parse_response(200, b"{}").expect("kept");
    assert_eq!(drifted.id_message, None);
    let drift: Vec<(&str, &str)> = drifted
        .drift()
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(drift, [("missing_field", "/idMessage")]);
    match parse_response::<send_message::Request>(200, b"{}", ReadMode::Strict) {
        Err(ResponseError::Decode(e)) => assert_eq!(e.as_ref(), drifted.drift()),
        other => panic!("{other:?}"),
    }
    // Not one JSON value: refused in both modes.
    for mode in [ReadMode::Lenient, ReadMode::Strict] {
        match parse_response::<send_message::Request>(200, b"{\"idMessage\":", mode) {
            Err(ResponseError::Decode(e)) => assert_eq!(e[0].code.as_str(), "syntax"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn standard_errors_and_the_quota_body_are_typed() {
    use wagate::green_api::{check_whatsapp, errors, send_message};
    // The whole standard table is there, in the documents' order.
    let table = errors::CATALOGUE.http_errors;
    assert_eq!(table.len(), 17);
    assert_eq!(table.first().map(|e| e.status), Some(204));
    assert_eq!(table.last().map(|e| e.text), Some("Bad Gateway"));
    assert!(
        table
            .iter()
            .all(|e| !e.meaning.is_empty() && !e.action.is_empty())
    );
    // A placeholder text is matched by its fixed part.
    match send_message::parse_response(400, b"Unexpected token } in JSON at position 17") {
        Err(ResponseError::Status {
            standard: Some(e), ..
        }) => assert_eq!(e.text, "Unexpected token _ in JSON at position XX"),
        other => panic!("{other:?}"),
    }
    match send_message::parse_response(401, b"Unauthorized") {
        Err(ResponseError::Status {
            standard: Some(e),
            advice: RetryAdvice::DoNotRetry,
            ..
        }) => assert_eq!(e.status, 401),
        other => panic!("{other:?}"),
    }
    // HTTP 466 carries the typed quota body (002:9632-9640).
    let body = br#"{"invokeStatus":{"method":"checkwhatsapp","used":100,"total":"100","status":"QUOTE_EXCEEDED","description":"Monthly quota has been exceeded."}}"#;
    match check_whatsapp::parse_response(466, body) {
        Err(ResponseError::Body {
            status: 466,
            body,
            standard: Some(e),
            ..
        }) => {
            assert_eq!(e.status, 466);
            assert!(body.conforms(), "{:?}", body.drift());
            let ErrorBody::GreenApi(quota) = body.value() else {
                panic!("not the Green API body")
            };
            let invoke = quota.invoke_status.as_ref().expect("invokeStatus");
            assert_eq!(
                invoke.used.as_ref().and_then(IntOrString::as_i64),
                Some(100)
            );
            assert_eq!(
                invoke.total.as_ref().and_then(IntOrString::as_i64),
                Some(100)
            );
            assert_eq!(invoke.status, Some(errors::QuotaStatus::QuoteExceeded));
        }
        other => panic!("{other:?}"),
    }
    // A 466 body that is not the documented shape: kept with its drift
    // (lenient), refused at the same path (strict).
    let partial = br#"{"invokeStatus":{"used":1}}"#;
    match check_whatsapp::parse_response(466, partial) {
        Err(ResponseError::Body { body, .. }) => {
            assert_eq!(
                body.drift()
                    .first()
                    .map(|i| (i.code.as_str(), i.path.as_str())),
                Some(("missing_field", "/invokeStatus/method"))
            );
            assert_eq!(
                serde_json::to_vec(&*body).expect("serializes"),
                partial.to_vec()
            );
        }
        other => panic!("{other:?}"),
    }
    match parse_response::<check_whatsapp::Request>(466, partial, ReadMode::Strict) {
        Err(ResponseError::Decode(e)) => {
            assert_eq!(
                e.first().map(|i| i.path.as_str()),
                Some("/invokeStatus/method")
            )
        }
        other => panic!("{other:?}"),
    }
    // Error markers in received text: a marker is the whole value.
    assert_eq!(
        errors::CATALOGUE.marker("{{SWE001}}").map(|m| m.field),
        Some("textMessage")
    );
    assert_eq!(
        errors::CATALOGUE.marker("see {{SWE001}}").map(|m| m.code),
        None
    );
}

#[test]
fn the_token_never_shows_in_debug() {
    let shown = format!("{:?}", credentials());
    assert!(!shown.contains(TOKEN) && shown.contains("***"), "{shown}");
}
