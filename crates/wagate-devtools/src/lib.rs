//! Developer tooling beside the model, not published: the fuzz targets'
//! bodies (run by `fuzz/` on nightly and replayed on stable by the tests)
//! and helpers the integration tests share.

pub mod fuzzing;
