//! The integration tests: one binary (ruma's layout).

mod boundaries;
mod current;
mod drift;
mod endpoints;
mod examples;
mod fuzz_corpus;
mod properties;
mod providers;
mod requests;
mod resources;
mod secrets;
mod support;
mod webhooks;
