//! Developer tooling beside the model, not published: the fuzz targets'
//! bodies (run by `fuzz/` on nightly and replayed on stable by the tests)
//! and helpers the integration tests share.

mod credentials;
pub mod fuzzing;

pub use credentials::{
    API_URL, ID_INSTANCE, MEDIA_URL, PHONE_ID, PRODUCT_ID, SECRET, credentials_for,
};
