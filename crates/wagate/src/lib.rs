//! wagate: the protocol model and validation core for WhatsApp HTTP gateway
//! APIs (Green API, its `/v1/messages` API, Maytapi, Wawp).
//!
//! - Requests are strict: unknown fields are refused and every documented
//!   limit is enforced the way the server counts (JavaScript string length,
//!   i.e. UTF-16 code units).
//! - Received data is lenient: unknown fields and enumeration values are kept
//!   and re-serialized unchanged.
//! - Errors carry a JSON Pointer, a stable code, the limit and the server's
//!   own documented text.
//! - No IO, no panics, no secrets in `Debug` or `Display`.
//!
//! The types under [`generated`] are generated from `spec/` by
//! `cargo xtask codegen`; everything else is written by hand.

pub mod audit;
pub mod catalogue;
pub mod dispatch;
pub mod document;
pub mod endpoint;
pub mod error;
pub mod examples;
pub mod fuzzing;
pub mod generated;
pub mod ids;
pub mod lenient;
pub mod open_enum;
pub mod registry;
pub mod rules;
pub mod serde_util;
pub mod stream;
pub mod webhook;

pub use document::{
    Direction, Document, MAX_INPUT_BYTES, MAX_NESTING_DEPTH, check, check_to_value, decode,
};
pub use error::{ErrorCode, Errors, Issue};
pub use generated::limits;
pub use generated::{green_api, green_api_v1, maytapi, wawp};

/// The README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
