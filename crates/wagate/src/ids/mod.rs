//! Validated identifier newtypes.
//!
//! Received data is parsed leniently: any string is kept, unchanged, and can
//! be asked what it looks like. Requests are checked strictly by the
//! validation rules in [`crate::rules`], against the documented shapes.

mod chat_id;
mod credentials;
mod message_id;
mod phone;

pub use chat_id::{ChatId, ChatIdError, ChatIdKind};
pub use credentials::{ApiTokenInstance, IdInstance, IdInstanceError};
pub use message_id::MessageId;
pub use phone::{PhoneNumber, PhoneNumberError, StrictPhoneNumber};
