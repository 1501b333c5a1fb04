//! The integration tests: one binary (ruma's layout).

mod boundaries;
mod endpoints;
mod examples;
mod fuzz_corpus;
mod properties;
mod providers;
mod resources;
mod secrets;
mod support;
mod webhooks;
