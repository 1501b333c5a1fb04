//! The integration tests: one binary (ruma's layout).

mod boundaries;
mod examples;
mod properties;
mod support;
