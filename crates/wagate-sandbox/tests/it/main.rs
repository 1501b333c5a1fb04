//! Integration tests: the sandbox on a free local port, driven over the
//! socket by a real HTTP client; every answer and every notification is
//! checked strictly against its TYPE.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

mod bot;
mod catalogue;
mod hostile;
mod load;
mod settings;
mod validation;
mod webhook;
