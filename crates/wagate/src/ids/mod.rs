//! Validated identifier newtypes, secrets, and the identity model across providers.
//!
//! Received data is parsed leniently: any string is kept, unchanged, and can
//! be asked what it looks like. Requests are checked strictly by the
//! validation of requests, against the documented shapes.

pub(crate) mod chat_id;
mod credentials;
pub(crate) mod identity;
mod message_id;
mod phone;
mod recipient;
mod secret;

pub use chat_id::{
    ChatId, ChatIdError, ChatIdKind, GROUP_SUFFIX, LID_SUFFIX, NEWSLETTER_SUFFIX, PERSONAL_SUFFIX,
    STATUS_BROADCAST,
};
pub use credentials::{ApiTokenInstance, IdInstance, IdInstanceError};
pub use identity::{Chat, GroupId, IdForm, IdentityError, MessageKey, Wid};
pub use message_id::MessageId;
pub use phone::{PhoneNumber, PhoneNumberError, StrictPhoneNumber};
pub use recipient::{PhoneOrChatId, PhoneOrChatIdError, PhoneOrChatIdKind};
pub use secret::{ApiKey, BearerToken, Secret};
