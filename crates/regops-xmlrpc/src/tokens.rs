//! The names regops-model uses to tell a data format about its wire-specific types.
//!
//! These are copies of the constants in `regops_model::__private` (`VALUE_TOKEN`,
//! `DATETIME_TOKEN`, `BASE64_TOKEN`, `DATETIME_KEY`, `BASE64_KEY`). The model crate is being
//! generated in parallel and does not export them yet; once it does, this module re-exports
//! them from there instead (the strings must stay identical).

/// `regops_model::Value` deserializes through `deserialize_newtype_struct(VALUE_TOKEN, …)`:
/// the deserializer then switches to "value mode" for that subtree.
pub(crate) const VALUE_TOKEN: &str = "$regops::Value";
/// `regops_model::DateTime` serializes as `serialize_newtype_struct(DATETIME_TOKEN, text)`,
/// with the extended text `YYYY-MM-DDTHH:MM:SS`.
pub(crate) const DATETIME_TOKEN: &str = "$regops::DateTime";
/// `regops_model::Bytes` serializes as `serialize_newtype_struct(BASE64_TOKEN, base64 text)`.
pub(crate) const BASE64_TOKEN: &str = "$regops::Base64";
/// In value mode, a `dateTime.iso8601` is presented as the one-entry map
/// `{DATETIME_KEY: text}`.
pub(crate) const DATETIME_KEY: &str = "$regops::dateTime.iso8601";
/// In value mode, a `base64` is presented as the one-entry map `{BASE64_KEY: text}`.
pub(crate) const BASE64_KEY: &str = "$regops::base64";
