//! The names regops-model uses to tell a data format about its wire-specific types (see
//! `regops_model::__private`):
//!
//! - `VALUE_TOKEN`: `regops_model::Value` deserializes through
//!   `deserialize_newtype_struct(VALUE_TOKEN, …)`; the deserializer then switches to "value
//!   mode" for that subtree, where a `dateTime.iso8601` is presented as the one-entry map
//!   `{DATETIME_KEY: text}` and a `base64` as `{BASE64_KEY: text}`.
//! - `DATETIME_TOKEN`: `regops_model::DateTime` serializes as
//!   `serialize_newtype_struct(DATETIME_TOKEN, "YYYY-MM-DDTHH:MM:SS")`, followed by the
//!   fraction and zone it came with; the codec writes the date without its dashes.
//! - `DATETIME_TEXT_TOKEN`: `regops_model::DateTimeOrString` sent as a `dateTime.iso8601`
//!   serializes as `serialize_newtype_struct(DATETIME_TEXT_TOKEN, {"dateTime.iso8601": text})`;
//!   the text is written unchanged. It deserializes through `VALUE_TOKEN`.
//! - `BASE64_TOKEN`: `regops_model::Bytes` serializes as
//!   `serialize_newtype_struct(BASE64_TOKEN, base64 text)`.

pub(crate) use regops_model::__private::{
    BASE64_KEY, BASE64_TOKEN, DATETIME_KEY, DATETIME_TEXT_TOKEN, DATETIME_TOKEN, VALUE_TOKEN,
};
