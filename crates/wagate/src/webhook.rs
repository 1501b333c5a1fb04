//! Notifications for bots: the documented message kinds and drifts, typed
//! accessors across kinds, and a sans-IO receiver that checks the
//! `Authorization` header in constant time.

/// A documented message kind (generated: `green_api::webhook::MESSAGE_KINDS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageKindInfo {
    /// The canonical `typeMessage`.
    pub type_message: &'static str,
    /// The `messageData` key that carries the kind's data.
    pub data_key: &'static str,
    /// What the documents say about it.
    pub doc: &'static str,
    /// Where.
    pub seed: &'static str,
}

/// Where an example drifts from its table (generated: `green_api::webhook::DRIFTS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drift {
    /// spelling, type, placement, shape, presence, value, …
    pub kind: &'static str,
    /// Where in the body.
    pub path: &'static str,
    /// What the table documents.
    pub documented: &'static str,
    /// What the examples show.
    pub shown: &'static str,
    /// Explanation.
    pub text: &'static str,
    /// Seed lines.
    pub seeds: &'static [&'static str],
    /// The example files that show it (under spec/).
    pub examples: &'static [&'static str],
}

use crate::catalogue::BodyMarker;
use crate::dispatch::Dispatched;
use crate::error::Errors;
use crate::generated::green_api::errors::CATALOGUE;
use crate::generated::green_api::get_chat_history::{JournalMessage, QuotedMessage, TypeMessage};
use crate::generated::green_api::webhook::{
    Notification, WebhookInstanceData, WebhookMessageData, WebhookSenderData,
};
use crate::ids::{ChatId, MessageId};

/// What bots read from a message, whether it came as a notification or as a
/// journal or queue record: one view over both models.
pub trait MessageView {
    /// The chat the message belongs to.
    fn chat_id(&self) -> Option<&ChatId>;
    /// Who sent it.
    fn sender(&self) -> Option<&ChatId>;
    /// The message id.
    fn message_id(&self) -> Option<&MessageId>;
    /// The kind, with the documents' spelling variants read as the canonical value.
    fn type_message(&self) -> Option<TypeMessage>;
    /// The text: a text message, an extended text's text, or a file's caption.
    fn text(&self) -> Option<&str>;
    /// Where to download the file of a file message.
    fn download_url(&self) -> Option<&str>;
    /// The quoted message, when the message is a reply.
    fn quoted(&self) -> Option<&QuotedMessage>;
    /// When it was sent.
    fn timestamp(&self) -> Option<chrono::DateTime<chrono::Utc>>;

    /// The documented error markers (`{{SWE001}}`, …) standing in for the
    /// text or the download URL: the message did not arrive whole.
    fn error_markers(&self) -> Vec<&'static BodyMarker> {
        let mut found = Vec::new();
        for text in [self.text(), self.download_url()].into_iter().flatten() {
            found.extend(CATALOGUE.markers_in(text));
        }
        found
    }
}

impl Notification {
    /// The `typeWebhook` as received (also for kinds the documents do not know).
    pub fn type_webhook(&self) -> Option<&str> {
        use crate::open_enum::OpenEnum as _;
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => Some(n.type_webhook.as_str()),
            Self::OutgoingMessageStatus(n) => Some(n.type_webhook.as_str()),
            Self::StateInstanceChanged(n) => Some(n.type_webhook.as_str()),
            Self::StatusInstanceChanged(n) => Some(n.type_webhook.as_str()),
            Self::DeviceInfo(n) => Some(n.type_webhook.as_str()),
            Self::IncomingCall(n) => Some(n.type_webhook.as_str()),
            Self::IncomingBlock(n) => Some(n.type_webhook.as_str()),
            Self::QuotaExceeded(n) => Some(n.type_webhook.as_str()),
            Self::Unknown(object) => object.get("typeWebhook").and_then(|v| v.as_str()),
        }
    }

    /// True for a kind the documents do not describe (kept whole).
    pub fn is_unknown(&self) -> bool {
        matches!(self, Self::Unknown(_))
    }

    /// The instance the notification is about.
    pub fn instance(&self) -> Option<&WebhookInstanceData> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => Some(&n.instance_data),
            Self::OutgoingMessageStatus(n) => Some(&n.instance_data),
            Self::StateInstanceChanged(n) => Some(&n.instance_data),
            Self::StatusInstanceChanged(n) => Some(&n.instance_data),
            Self::DeviceInfo(n) => Some(&n.instance_data),
            Self::IncomingCall(n) => Some(&n.instance_data),
            Self::IncomingBlock(n) => Some(&n.instance_data),
            Self::QuotaExceeded(n) => Some(&n.instance_data),
            Self::Unknown(_) => None,
        }
    }

    /// Sender and chat of the three message kinds.
    pub fn sender_data(&self) -> Option<&WebhookSenderData> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => Some(&n.sender_data),
            _ => None,
        }
    }

    /// The message data of the three message kinds (a known or a kept unknown kind).
    pub fn message_data(&self) -> Option<&Dispatched<WebhookMessageData>> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => Some(&n.message_data),
            _ => None,
        }
    }

    /// The message data when its kind is known.
    pub fn message(&self) -> Option<&WebhookMessageData> {
        self.message_data().and_then(Dispatched::known)
    }

    fn root_quoted(&self) -> Option<&QuotedMessage> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => n.quoted_message.as_deref(),
            _ => None,
        }
    }
}

impl MessageView for Notification {
    fn chat_id(&self) -> Option<&ChatId> {
        match self {
            Self::OutgoingMessageStatus(n) => Some(&n.chat_id),
            Self::IncomingBlock(n) => Some(&n.chat_id),
            Self::IncomingCall(n) => Some(&n.from),
            Self::DeviceInfo(n) => n.avatar_info.as_ref().map(|a| &a.chat_id),
            _ => self.sender_data().map(|s| &s.chat_id),
        }
    }

    fn sender(&self) -> Option<&ChatId> {
        match self {
            Self::IncomingCall(n) => Some(&n.from),
            _ => self.sender_data().map(|s| &s.sender),
        }
    }

    fn message_id(&self) -> Option<&MessageId> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => Some(&n.id_message),
            Self::OutgoingMessageStatus(n) => Some(&n.id_message),
            Self::IncomingCall(n) => Some(&n.id_message),
            _ => None,
        }
    }

    fn type_message(&self) -> Option<TypeMessage> {
        self.message().map(|m| m.type_message.canonical())
    }

    fn text(&self) -> Option<&str> {
        let m = self.message()?;
        m.text_message_data
            .as_ref()
            .map(|t| t.text_message.as_str())
            .or_else(|| {
                m.extended_text_message_data
                    .as_ref()
                    .map(|t| t.text.as_str())
            })
            .or_else(|| m.file_message_data.as_ref()?.caption.as_deref())
    }

    fn download_url(&self) -> Option<&str> {
        Some(
            self.message()?
                .file_message_data
                .as_ref()?
                .download_url
                .as_str(),
        )
    }

    fn quoted(&self) -> Option<&QuotedMessage> {
        // The tables put it in messageData; two examples print it at the root.
        self.message()
            .and_then(|m| m.quoted_message.as_deref())
            .or_else(|| self.root_quoted())
    }

    fn timestamp(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let t = match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => &n.timestamp,
            Self::OutgoingMessageStatus(n) => &n.timestamp,
            Self::StateInstanceChanged(n) => &n.timestamp,
            Self::StatusInstanceChanged(n) => &n.timestamp,
            Self::DeviceInfo(n) => &n.timestamp,
            Self::IncomingCall(n) => &n.timestamp,
            Self::IncomingBlock(n) => &n.timestamp,
            Self::QuotaExceeded(n) => n.timestamp.as_ref()?,
            Self::Unknown(_) => return None,
        };
        t.to_utc()
    }
}

impl MessageView for JournalMessage {
    fn chat_id(&self) -> Option<&ChatId> {
        Some(&self.chat_id)
    }

    fn sender(&self) -> Option<&ChatId> {
        self.sender_id.as_ref()
    }

    fn message_id(&self) -> Option<&MessageId> {
        self.id_message.as_ref()
    }

    fn type_message(&self) -> Option<TypeMessage> {
        Some(self.type_message.canonical())
    }

    fn text(&self) -> Option<&str> {
        self.text_message
            .as_deref()
            .or_else(|| self.extended_text_message.as_ref()?.text.as_deref())
            .or(self.caption.as_deref())
    }

    fn download_url(&self) -> Option<&str> {
        self.download_url.as_deref()
    }

    fn quoted(&self) -> Option<&QuotedMessage> {
        self.quoted_message.as_deref()
    }

    fn timestamp(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.timestamp.to_utc()
    }
}

/// The `webhookUrlToken` of the instance settings. `Debug` and `Display`
/// never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookToken(Box<str>);

impl WebhookToken {
    /// The token as set in `webhookUrlToken` (`Bearer <token>`,
    /// `Basic <token>`, or a bare token).
    pub fn new(webhook_url_token: impl Into<String>) -> Self {
        Self(webhook_url_token.into().into_boxed_str())
    }

    /// The `Authorization` header Green API sends: the value as set when it
    /// names its scheme, otherwise `Bearer <token>` (002:2220-2244).
    fn expected_header(&self) -> String {
        if self.0.starts_with("Bearer ") || self.0.starts_with("Basic ") {
            self.0.to_string()
        } else {
            format!("Bearer {}", self.0)
        }
    }
}

impl std::fmt::Debug for WebhookToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookToken(***)")
    }
}

impl std::fmt::Display for WebhookToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Why a webhook request was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiveError {
    /// The `Authorization` header is missing or wrong: answer 401.
    #[error("the Authorization header does not match the webhook token")]
    Unauthorized,
    /// The body is not a notification: answer 200 anyway so the queue moves
    /// on (002:10020-10024), and log the errors.
    #[error("the body is not a valid notification: {0}")]
    Invalid(Errors),
}

/// Checks the `Authorization` header in constant time (when a token is
/// configured) and parses the body. Never panics, whatever the bytes.
pub fn receive(
    authorization: Option<&[u8]>,
    body: &[u8],
    token: Option<&WebhookToken>,
) -> Result<Notification, ReceiveError> {
    if let Some(token) = token {
        use subtle::ConstantTimeEq as _;
        let expected = token.expected_header();
        let given = authorization.unwrap_or_default();
        // Lengths differ only for wrong headers; the comparison itself is constant-time.
        let equal = given.len() == expected.len() && bool::from(given.ct_eq(expected.as_bytes()));
        if !equal {
            return Err(ReceiveError::Unauthorized);
        }
    }
    crate::document::check::<Notification>(body).map_err(ReceiveError::Invalid)
}

/// [`receive`] for an `http::Request`.
pub fn receive_http<B: AsRef<[u8]>>(
    request: &http::Request<B>,
    token: Option<&WebhookToken>,
) -> Result<Notification, ReceiveError> {
    let authorization = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .map(http::HeaderValue::as_bytes);
    receive(authorization, request.body().as_ref(), token)
}
