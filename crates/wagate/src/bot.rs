//! What a bot reads: one view over notifications and journal records
//! ([`MessageView`]), and a sans-IO webhook receiver that checks the
//! `Authorization` header in constant time ([`receive`]).
//!
//! A notification is never refused for drifting from the documents: a
//! missing or mistyped field reads as absent and is reported in
//! [`Received::drift`]; an unknown kind is kept whole. The receiver refuses
//! only a wrong `Authorization` header and a body that cannot be kept.

use crate::catalogue::BodyMarker;
use crate::green_api::errors::CATALOGUE;
use crate::green_api::types::{JournalMessage, QuotedMessage, TypeMessage};
use crate::green_api::webhook::{Notification, WebhookMessageData, WebhookSenderData};
use crate::ids::{ChatId, MessageId};
use crate::value::Dispatched;
use crate::{Errors, ReadMode, Received};

/// What bots read from a message, whether it came as a notification or as a
/// journal or queue record: one view over both models. Every accessor reads
/// what is present and typed, and `None` otherwise.
pub trait MessageView {
    /// The chat the message belongs to.
    fn chat_id(&self) -> Option<&ChatId>;
    /// Who sent it.
    fn sender(&self) -> Option<&ChatId>;
    /// The message id.
    fn message_id(&self) -> Option<&MessageId>;
    /// The kind, with the documents' spelling variants read as the canonical value.
    fn type_message(&self) -> Option<TypeMessage>;
    /// The text: a text message, an extended text's text, a file's caption,
    /// an edited message's new text, or an interactive message's body.
    fn text(&self) -> Option<&str>;
    /// Where to download the file of a file message.
    fn download_url(&self) -> Option<&str>;
    /// The quoted message, when the message is a reply.
    fn quoted(&self) -> Option<&QuotedMessage>;
    /// When it was sent.
    fn sent_at(&self) -> Option<chrono::DateTime<chrono::Utc>>;
    /// The message this one is about: the edited or deleted message, the one
    /// a reaction or a quote refers to, the one whose button was pressed.
    fn referenced_message_id(&self) -> Option<&MessageId>;
    /// The id of the pressed button (or the chosen list row) of a reply to
    /// buttons or to a list.
    fn button_id(&self) -> Option<&str>;

    /// The documented error markers (`{{SWE001}}`, …) standing in for the
    /// text or the download URL: the message did not arrive whole. A marker
    /// is the whole value, as in every documented example.
    fn error_markers(&self) -> Vec<&'static BodyMarker> {
        [self.text(), self.download_url()]
            .into_iter()
            .flatten()
            .filter_map(|value| CATALOGUE.marker(value))
            .collect()
    }
}

impl Notification {
    /// Sender and chat of the three message kinds.
    pub fn sender_data(&self) -> Option<&WebhookSenderData> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => n.sender_data.as_deref(),
            _ => None,
        }
    }

    /// The message data of the three message kinds (a known or a kept unknown kind).
    pub fn message_data(&self) -> Option<&Dispatched<WebhookMessageData>> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => n.message_data.as_ref(),
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
            Self::OutgoingMessageStatus(n) => n.chat_id.as_ref(),
            Self::IncomingBlock(n) => n.chat_id.as_ref(),
            Self::IncomingCall(n) => n.from.as_ref(),
            Self::OutgoingCall(n) => n.from.as_ref(),
            Self::DeviceInfo(n) => n.avatar_info.as_ref()?.chat_id.as_ref(),
            _ => self.sender_data()?.chat_id.as_ref(),
        }
    }

    fn sender(&self) -> Option<&ChatId> {
        match self {
            Self::IncomingCall(n) => n.from.as_ref(),
            _ => self.sender_data()?.sender.as_ref(),
        }
    }

    fn message_id(&self) -> Option<&MessageId> {
        match self {
            Self::IncomingMessageReceived(n)
            | Self::OutgoingMessageReceived(n)
            | Self::OutgoingAPIMessageReceived(n) => n.id_message.as_ref(),
            Self::OutgoingMessageStatus(n) => n.id_message.as_ref(),
            Self::IncomingCall(n) => n.id_message.as_ref(),
            Self::OutgoingCall(n) => n.id_message.as_ref(),
            _ => None,
        }
    }

    fn type_message(&self) -> Option<TypeMessage> {
        self.message()?
            .type_message
            .as_ref()
            .map(TypeMessage::canonical)
    }

    fn text(&self) -> Option<&str> {
        let m = self.message()?;
        let text = m
            .text_message_data
            .as_ref()
            .and_then(|t| t.text_message.as_deref());
        let extended = || m.extended_text_message_data.as_ref()?.text.as_deref();
        let caption = || m.file_message_data.as_ref()?.caption.as_deref();
        let edited = || {
            let edit = m.edited_message_data.as_ref()?;
            edit.text_message.as_deref().or(edit.caption.as_deref())
        };
        let interactive = || {
            let buttons = m
                .interactive_buttons
                .as_ref()
                .or(m.interactive_buttons_reply.as_ref())?;
            buttons.body.as_deref().or(buttons.content_text.as_deref())
        };
        text.or_else(extended)
            .or_else(caption)
            .or_else(edited)
            .or_else(interactive)
    }

    fn download_url(&self) -> Option<&str> {
        self.message()?
            .file_message_data
            .as_ref()?
            .download_url
            .as_deref()
    }

    fn quoted(&self) -> Option<&QuotedMessage> {
        // The tables put it in messageData; two examples print it at the root.
        self.message()
            .and_then(|m| m.quoted_message.as_deref())
            .or_else(|| self.root_quoted())
    }

    fn sent_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.timestamp()?.to_utc()
    }

    fn referenced_message_id(&self) -> Option<&MessageId> {
        let m = self.message()?;
        [
            m.edited_message_data
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.deleted_message_data
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.extended_text_message_data
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.buttons_response_message
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.template_button_reply_message
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.list_response_message
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.interactive_buttons_response
                .as_ref()
                .and_then(|d| d.stanza_id.as_ref()),
            m.quoted_message.as_ref().and_then(|q| q.stanza_id.as_ref()),
        ]
        .into_iter()
        .flatten()
        .next()
    }

    fn button_id(&self) -> Option<&str> {
        let m = self.message()?;
        [
            m.buttons_response_message
                .as_ref()
                .and_then(|d| d.selected_button_id.as_deref()),
            m.template_button_reply_message
                .as_ref()
                .and_then(|d| d.selected_id.as_deref()),
            m.interactive_buttons_response
                .as_ref()
                .and_then(|d| d.selected_id.as_deref()),
            m.list_response_message
                .as_ref()
                .and_then(|d| d.single_select_reply.as_deref()),
        ]
        .into_iter()
        .flatten()
        .next()
    }
}

impl MessageView for JournalMessage {
    fn chat_id(&self) -> Option<&ChatId> {
        self.chat_id.as_ref()
    }

    fn sender(&self) -> Option<&ChatId> {
        self.sender_id.as_ref()
    }

    fn message_id(&self) -> Option<&MessageId> {
        self.id_message.as_ref()
    }

    fn type_message(&self) -> Option<TypeMessage> {
        self.type_message.as_ref().map(TypeMessage::canonical)
    }

    fn text(&self) -> Option<&str> {
        let extended = || self.extended_text_message.as_ref()?.text.as_deref();
        self.text_message
            .as_deref()
            .or_else(extended)
            .or(self.caption.as_deref())
    }

    fn download_url(&self) -> Option<&str> {
        self.download_url.as_deref()
    }

    fn quoted(&self) -> Option<&QuotedMessage> {
        self.quoted_message.as_deref()
    }

    fn sent_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.timestamp.as_ref()?.to_utc()
    }

    fn referenced_message_id(&self) -> Option<&MessageId> {
        let deleted = || self.deleted_message_data.as_ref()?.stanza_id.as_ref();
        let extended = || self.extended_text_message.as_ref()?.stanza_id.as_ref();
        let quoted = || self.quoted_message.as_ref()?.stanza_id.as_ref();
        deleted().or_else(extended).or_else(quoted)
    }

    fn button_id(&self) -> Option<&str> {
        None
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

    /// The `Authorization` header Green API sends with this token: the
    /// value as set when it names its scheme, otherwise `Bearer <token>`
    /// (spec/green-api/webhooks.toml). It holds the secret: a server or test
    /// double sends it; nothing should print it.
    pub fn authorization_header(&self) -> String {
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
    /// The body cannot be kept (not one JSON value, too large, too deep, a
    /// duplicate key): answer 200 anyway so the queue moves on, and log it.
    #[error("the body cannot be kept: {0}")]
    Unreadable(Errors),
}

/// Checks the `Authorization` header in constant time (when a token is
/// configured) and reads the body: typed where it conforms, kept where it
/// drifts. Never panics, whatever the bytes.
// Inline: the notification reader is compiled where a bot uses it.
#[inline]
pub fn receive(
    authorization: Option<&[u8]>,
    body: &[u8],
    token: Option<&WebhookToken>,
) -> Result<Received<Notification>, ReceiveError> {
    if let Some(token) = token {
        use subtle::ConstantTimeEq as _;
        let expected = token.authorization_header();
        let given = authorization.unwrap_or_default();
        // Lengths differ only for wrong headers; the comparison itself is constant-time.
        let equal = given.len() == expected.len() && bool::from(given.ct_eq(expected.as_bytes()));
        if !equal {
            return Err(ReceiveError::Unauthorized);
        }
    }
    crate::read_with::<Notification>(body, ReadMode::Lenient).map_err(ReceiveError::Unreadable)
}

/// [`receive`] for an `http::Request`.
#[inline]
pub fn receive_http<B: AsRef<[u8]>>(
    request: &http::Request<B>,
    token: Option<&WebhookToken>,
) -> Result<Received<Notification>, ReceiveError> {
    let authorization = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .map(http::HeaderValue::as_bytes);
    receive(authorization, request.body().as_ref(), token)
}
