//! Every Green API method of the catalogue, on its documented verb and
//! path, built by wagate's sans-IO layer as an SDK would, and every answer
//! checked strictly; files go up and come back by URL; groups keep state.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use wagate::endpoint::{
    BodyKind, Credentials, FilePart, build_multipart_request, build_upload_request,
};
use wagate::ids::{ApiTokenInstance, ChatId, IdInstance};
use wagate_cli::example_file::{ExampleFile, Verdict};

use crate::common::{Reply, Sandbox, assert_answer, assert_response, endpoint, reply};

const CHAT: &str = "79001234567@c.us";

fn credentials(sandbox: &Sandbox) -> Credentials {
    Credentials::green_api(
        sandbox.url.clone(),
        sandbox.url.clone(),
        IdInstance::new(sandbox.id),
        ApiTokenInstance::new(sandbox.token.clone()),
    )
}

async fn send_http(sandbox: &Sandbox, request: axum::http::Request<Vec<u8>>) -> Reply {
    let (parts, body) = request.into_parts();
    let method = reqwest::Method::from_bytes(parts.method.as_str().as_bytes()).unwrap();
    let mut builder = sandbox.client.request(method, parts.uri.to_string());
    for (name, value) in &parts.headers {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    reply(builder.body(body).send().await.unwrap()).await
}

/// The documented valid request examples of a method.
fn examples(method: &str) -> Vec<Value> {
    let name = format!("green-api/{method}.request");
    wagate_cli::examples::EXAMPLES
        .iter()
        .filter_map(|(_, text)| ExampleFile::parse(text).ok())
        .filter(|f| f.type_name == name && f.verdict() == Verdict::Valid)
        .filter_map(|f| f.document)
        .collect()
}

/// Requests for methods without a valid documented request example.
fn handmade(method: &str, id: &str, file_id: &str, group: &str) -> Option<Value> {
    let participant = json!({"groupId": group, "participantChatId": "79001234565@c.us"});
    Some(match method {
        "AddGroupParticipant" | "SetGroupAdmin" | "RemoveAdmin" | "RemoveGroupParticipant" => {
            participant
        }
        "ArchiveChat" | "UnarchiveChat" | "ReadChat" | "GetAvatar" | "GetContactInfo" => {
            json!({"chatId": CHAT})
        }
        "LeaveGroup" | "GetGroupData" => json!({"groupId": group}),
        "UpdateGroupName" => json!({"groupId": group, "groupName": "Renamed"}),
        "UpdateGroupSettings" => json!({"groupId": group, "allowParticipantsSendMessages": true}),
        "SendMediaStatus" => {
            json!({"urlFile": "https://example.invalid/horse.png", "fileName": "horse.png", "caption": "Little horse"})
        }
        "SendTextStatus" => {
            json!({"message": "status", "backgroundColor": "#228B22", "font": "SERIF"})
        }
        "SendVoiceStatus" => {
            json!({"urlFile": "https://example.invalid/music.mp3", "fileName": "music.mp3"})
        }
        "SendFileByUrl" => {
            json!({"chatId": CHAT, "urlFile": "https://example.invalid/horse.png", "fileName": "horse.png", "caption": "horse"})
        }
        "SendLocation" => {
            json!({"chatId": CHAT, "nameLocation": "Cafe", "address": "Astana", "latitude": 51.128, "longitude": 71.430762})
        }
        "SendContact" => {
            json!({"chatId": CHAT, "contact": {"phoneContact": 79001234568_u64, "firstName": "Ivan", "lastName": "Petrov"}})
        }
        "SendInteractiveButtons" => {
            json!({"chatId": CHAT, "body": "Body", "buttons": [{"type": "copy", "buttonId": "1", "buttonText": "Copy", "copyCode": "123"}]})
        }
        "DownloadFile" => json!({"chatId": CHAT, "idMessage": file_id}),
        "GetMessage" | "DeleteMessage" => json!({"chatId": CHAT, "idMessage": id}),
        "EditMessage" => json!({"chatId": CHAT, "idMessage": id, "message": "edited"}),
        "ForwardMessages" => {
            json!({"chatId": "79001234568@c.us", "chatIdFrom": CHAT, "messages": [id]})
        }
        "DeleteStatus" | "GetStatusStatistic" => json!({"idMessage": id}),
        "GetChatHistory" => json!({"chatId": CHAT, "count": 5}),
        _ => return None,
    })
}

#[tokio::test]
async fn every_method_answers_on_its_documented_path() {
    let sandbox = Sandbox::start().await;
    let credentials = credentials(&sandbox);
    let entries: Vec<_> = wagate::registry::endpoints()
        .into_iter()
        .filter(|e| e.meta.provider == "green-api")
        .collect();
    // Sending first, so that later methods find messages; the queue last.
    let rank = |name: &str| match name {
        "CreateGroup" => 0,
        n if n.starts_with("Send") => 1,
        "LeaveGroup" | "Logout" => 4,
        "UpdateApiToken" => 6,
        "ReceiveNotification" | "DeleteNotification" | "ClearWebhooksQueue" => 5,
        _ => 2,
    };
    let mut order: Vec<_> = entries.iter().collect();
    order.sort_by_key(|e| (rank(e.meta.name), e.meta.name));
    let mut id = "BAE5F4886F6F2D05".to_owned();
    let mut file_id = id.clone();
    let mut group = "120363043968066561@g.us".to_owned();
    let mut answered = BTreeSet::new();
    let mut drained = Vec::new();
    for entry in order {
        let meta = entry.meta;
        if rank(meta.name) == 5 && drained.is_empty() {
            // Every notification the methods produced reads strictly
            // (Sandbox::drain checks each).
            drained = sandbox.drain().await;
        }
        sandbox.clock(10).await;
        let replies: Vec<Reply> = match meta.body {
            BodyKind::Multipart => {
                let file = FilePart {
                    file_name: "horse.png".into(),
                    content_type: Some("image/png".into()),
                    bytes: vec![0x89, b'P', b'N', b'G', 1, 2, 3],
                };
                let request = match meta.name {
                    "SendFileByUpload" => {
                        let mut r = wagate::green_api::send_file_by_upload::Request::new(
                            ChatId::parse_strict(CHAT).unwrap(),
                        );
                        r.caption = Some("a horse".into());
                        build_multipart_request(&r, &file, &credentials)
                    }
                    "SetGroupPicture" => build_multipart_request(
                        &wagate::green_api::set_group_picture::Request::new(
                            ChatId::parse_strict(&group).unwrap(),
                        ),
                        &file,
                        &credentials,
                    ),
                    "SetProfilePicture" => build_multipart_request(
                        &wagate::green_api::set_profile_picture::Request::new(),
                        &file,
                        &credentials,
                    ),
                    other => panic!("a multipart method without a test: {other}"),
                };
                vec![send_http(&sandbox, request.unwrap()).await]
            }
            BodyKind::Binary => {
                let file = FilePart {
                    file_name: "notes.txt".into(),
                    content_type: Some("text/plain".into()),
                    bytes: b"hello".to_vec(),
                };
                let request = build_upload_request(meta, &file, &credentials).unwrap();
                vec![send_http(&sandbox, request).await]
            }
            _ => {
                let mut bodies = examples(meta.name);
                if let Some(body) = handmade(meta.name, &id, &file_id, &group) {
                    bodies = vec![body];
                }
                if meta.name == "DeleteNotification" {
                    bodies = vec![json!({"receiptId": 1})];
                }
                if bodies.is_empty() {
                    bodies.push(json!({}));
                }
                let mut replies = Vec::new();
                for mut body in bodies {
                    // Webhooks stay on this machine: the HTTP queue is used here.
                    if let Some(url) = body.get_mut("webhookUrl") {
                        *url = json!("");
                    }
                    sandbox.clock(10).await;
                    let request =
                        (entry.build_from_json)(body.to_string().as_bytes(), &credentials)
                            .unwrap_or_else(|e| panic!("{}: {e}", meta.name));
                    replies.push(send_http(&sandbox, request).await);
                }
                replies
            }
        };
        for reply in &replies {
            assert_answer(meta.name, reply);
            if reply.status == 200
                && meta.name.starts_with("Send")
                && let Ok(value) = serde_json::from_slice::<Value>(&reply.body)
                && let Some(new) = value["idMessage"].as_str()
                && !meta.name.ends_with("Status")
            {
                id = new.to_owned();
                if meta.name.starts_with("SendFile") {
                    file_id = new.to_owned();
                }
            }
            if meta.name == "CreateGroup" {
                group = reply.json()["chatId"].as_str().unwrap().to_owned();
            }
        }
        answered.insert(meta.name);
    }
    assert_eq!(answered.len(), entries.len());
    let kinds: BTreeSet<String> = drained
        .iter()
        .filter_map(|n| n["messageData"]["typeMessage"].as_str().map(str::to_owned))
        .collect();
    for kind in [
        "textMessage",
        "imageMessage",
        "locationMessage",
        "contactMessage",
        "pollMessage",
    ] {
        assert!(kinds.contains(kind), "no {kind} notification in {kinds:?}");
    }
    assert!(answered.len() >= 70, "{} methods", answered.len());
}

#[tokio::test]
async fn files_go_up_and_come_back_by_url() {
    let sandbox = Sandbox::start().await;
    let credentials = credentials(&sandbox);
    let bytes: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let file = FilePart {
        file_name: "photo.jpg".into(),
        content_type: Some("image/jpeg".into()),
        bytes: bytes.clone(),
    };
    let meta = endpoint("UploadFile").meta;
    let reply = send_http(
        &sandbox,
        build_upload_request(meta, &file, &credentials).unwrap(),
    )
    .await;
    assert_response("UploadFile", &reply);
    let url = reply.json()["urlFile"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&sandbox.url));
    let got = sandbox.client.get(&url).send().await.unwrap();
    assert_eq!(got.headers()["content-type"], "image/jpeg");
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);

    // Sent by upload: the message's downloadUrl serves the same file.
    let mut request =
        wagate::green_api::send_file_by_upload::Request::new(ChatId::parse_strict(CHAT).unwrap());
    request.caption = Some("look".into());
    let reply = send_http(
        &sandbox,
        build_multipart_request(&request, &file, &credentials).unwrap(),
    )
    .await;
    assert_response("SendFileByUpload", &reply);
    let sent = reply.json();
    let id = sent["idMessage"].as_str().unwrap();
    let download = sandbox
        .ok(
            "DownloadFile",
            Some(&json!({"chatId": CHAT, "idMessage": id})),
        )
        .await;
    assert_eq!(download["downloadUrl"], sent["urlFile"]);
    let got = sandbox
        .client
        .get(download["downloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(got.bytes().await.unwrap().to_vec(), bytes);
    let notifications = sandbox.drain().await;
    assert_eq!(
        notifications[0]["messageData"]["fileMessageData"]["caption"],
        "look"
    );
    let missing = sandbox
        .client
        .get(format!("{}/media/1/2/x.jpg", sandbox.url))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn groups_keep_their_state() {
    let sandbox = Sandbox::start().await;
    let created = sandbox
        .ok(
            "CreateGroup",
            Some(&json!({"groupName": "Team", "chatIds": ["79001234568@c.us"]})),
        )
        .await;
    let group = created["chatId"].as_str().unwrap().to_owned();
    sandbox.clock(1).await;
    let data = sandbox
        .ok("GetGroupData", Some(&json!({"groupId": group})))
        .await;
    assert_eq!(data["subject"], "Team");
    assert_eq!(data["participants"].as_array().unwrap().len(), 2);
    sandbox
        .ok(
            "UpdateGroupName",
            Some(&json!({"groupId": group, "groupName": "Team 2"})),
        )
        .await;
    let added = sandbox
        .ok(
            "AddGroupParticipant",
            Some(&json!({"groupId": group, "participantChatId": "79001234569@c.us"})),
        )
        .await;
    assert_eq!(added["addParticipant"], true);
    let admin = sandbox
        .ok(
            "SetGroupAdmin",
            Some(&json!({"groupId": group, "participantChatId": "79001234569@c.us"})),
        )
        .await;
    assert_eq!(admin["setGroupAdmin"], true);
    sandbox.clock(1).await;
    let data = sandbox
        .ok("GetGroupData", Some(&json!({"groupId": group})))
        .await;
    assert_eq!(data["subject"], "Team 2");
    let admins: Vec<&str> = data["participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["isAdmin"] == true)
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(admins.len(), 2);
    assert!(admins.contains(&"79001234569@c.us"));
    let chats = sandbox.ok("GetChats", None).await;
    assert_eq!(chats[0]["id"], group.as_str());
    assert_eq!(chats[0]["type"], "group");
    sandbox
        .ok("LeaveGroup", Some(&json!({"groupId": group})))
        .await;
    sandbox.clock(1).await;
    let reply = sandbox
        .call("GetGroupData", Some(&json!({"groupId": group})))
        .await;
    assert_answer("GetGroupData", &reply);
    assert_eq!(reply.text(), "Error: item-not-found");
}
