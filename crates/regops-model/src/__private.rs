//! Support for generated code and for the XML-RPC codec. Not a public API: it may change in
//! any release.

mod empty_or_null;
mod enum_de;
mod key;
mod member;
#[cfg(feature = "schemars")]
mod schema;

pub use empty_or_null::EmptyOrNull;
pub use enum_de::{deserialize_exact_enum, deserialize_open_enum};
pub use key::Key;
pub use member::{Members, next_member, next_optional};
#[cfg(feature = "schemars")]
pub use schema::enum_schema;

/// Newtype-struct name [`Value`](crate::Value) (and
/// [`DateTimeOrString`](crate::DateTimeOrString)) deserializes through, so a codec can tell an
/// untyped value is wanted: one that says which XML-RPC type carried it.
pub const VALUE_TOKEN: &str = "$regops::Value";

/// Newtype-struct name of an ISO 8601 [`DateTime`](crate::DateTime); the XML-RPC codec writes
/// it as `<dateTime.iso8601>` and JSON as a plain string.
pub const DATETIME_TOKEN: &str = "$regops::DateTime";

/// Newtype-struct name of a [`DateTimeOrString`](crate::DateTimeOrString) sent as a
/// `dateTime.iso8601`: it wraps the one-member map `{DATETIME_MEMBER: text}`, which JSON shows
/// as it is, and whose text the XML-RPC codec writes unchanged inside `<dateTime.iso8601>`.
pub const DATETIME_TEXT_TOKEN: &str = "$regops::DateTimeText";

/// Member name under which JSON shows a [`DateTimeOrString`](crate::DateTimeOrString) sent as
/// a `dateTime.iso8601`: `{"dateTime.iso8601": "20260115T00:00:00"}`.
pub const DATETIME_MEMBER: &str = "dateTime.iso8601";

/// Newtype-struct name of [`Bytes`](crate::Bytes); the XML-RPC codec writes it as `<base64>`
/// and JSON as base64 text.
pub const BASE64_TOKEN: &str = "$regops::Base64";

/// Member name of the one-member map a codec hands to [`Value`](crate::Value) for a
/// `dateTime.iso8601` (the member's value is the date-time text).
pub const DATETIME_KEY: &str = "$regops::dateTime.iso8601";

/// Member name of the one-member map a codec hands to [`Value`](crate::Value) for a `base64`
/// (the member's value is the base64 text).
pub const BASE64_KEY: &str = "$regops::base64";
