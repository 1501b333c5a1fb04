//! Extra `impl` blocks on hand-written and generated types that tie them to
//! one provider's generated model; each behind its provider's feature.

#[cfg(feature = "green-api-v1")]
mod green_api_v1;
#[cfg(feature = "wawp")]
mod wawp;
