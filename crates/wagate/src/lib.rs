//! wagate: the protocol model and validation core for WhatsApp HTTP gateway
//! APIs — Green API (its method catalogue and its `/v1/messages` API),
//! Maytapi and Wawp.
//!
//! - **Requests are strict.** Unknown fields are refused and every
//!   documented limit is enforced the way the server counts (a JavaScript
//!   string length: UTF-16 code units); every problem is reported at once.
//! - **Received data is typed where it conforms and kept where it drifts.**
//!   Unknown fields, values and kinds are kept; a missing or mistyped field
//!   never loses the document: it is kept as received and reported as
//!   drift ([`Received::drift`]). [`ReadMode::Strict`] turns drift into errors.
//! - **Nothing is lost:** a kept document re-serializes to an equal JSON value.
//! - **Errors a person can act on:** an RFC 6901 JSON Pointer, a stable code,
//!   the limit, and the server's own documented text ([`Issue`]).
//! - **Sans-IO, no panics, no secrets** in `Debug`, `Display` or reports.
//!
//! The provider modules ([`green_api`], …) are generated from `spec/`, a
//! transcription of the vendors' documents in which every fact cites its
//! source; each is behind a feature of the same name (`green-api` is on by
//! default).
//!
//! ```
//! # #[cfg(feature = "green-api")] {
//! use wagate::green_api::send_message::Request;
//!
//! let request: Request = wagate::check(br#"{"chatId":"11001234567@c.us","message":"hi"}"#)?;
//! assert_eq!(request.message, "hi");
//! # }
//! # Ok::<(), wagate::Errors>(())
//! ```

// The machinery of generated code: with some providers' features off, the
// parts only their modules use go unused.
#[cfg_attr(not(all_providers), allow(dead_code, unused_imports, unused_macros))]
mod de;
mod document;
mod error;
mod generated;
#[cfg_attr(not(all_providers), allow(dead_code, unused_imports, unused_macros))]
mod ser;
#[cfg_attr(not(all_providers), allow(dead_code, unused_imports, unused_macros))]
mod validate;

#[cfg(feature = "green-api")]
pub mod bot;
pub mod catalogue;
pub mod endpoint;
pub mod ids;
pub mod open_enum;
#[cfg(feature = "registry")]
pub mod registry;
pub mod value;

mod ext;

pub use document::{
    Direction, Document, MAX_INPUT_BYTES, MAX_NESTING_DEPTH, ReadMode, Received, check, read,
    read_with, to_redacted_value,
};
pub use error::{ErrorCode, Errors, Issue};
#[cfg(feature = "green-api")]
pub use generated::green_api;
#[cfg(feature = "green-api-v1")]
pub use generated::green_api_v1;
pub use generated::limits;
#[cfg(feature = "maytapi")]
pub use generated::maytapi;
#[cfg(feature = "wawp")]
pub use generated::wawp;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(all(
    doctest,
    feature = "green-api",
    feature = "green-api-v1",
    feature = "maytapi",
    feature = "wawp"
))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
