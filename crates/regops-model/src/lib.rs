//! Typed model of registrar operations APIs (Gandi, Netim, SafeBrands Open Work).
//!
//! Most of this crate is generated from the regops schema (`schema/*.xml`) into one module
//! per vendor (`gandi`, `netim`, `openwork`, …). This file and its siblings are the small
//! hand-written runtime those modules build on: the wire types the schema language names
//! ([`Value`], [`DateTime`], [`Date`], [`DateTimeOrString`], [`Bytes`], [`OneOrMany`],
//! [`Nullable`], [`ApiKey`], [`IntOrDigits`]) and the traits
//! that describe enums, methods and state machines ([`WireEnum`], [`Method`], [`StateMachine`]).
//!
//! The types are format-neutral `serde` types: JSON works out of the box, and the XML-RPC
//! codec keeps `dateTime.iso8601` and `base64` values typed through private serde tokens.
//!
//! Nothing a peer sends is dropped on the way back. A generated struct keeps the members the
//! schema does not name in `extra_fields`. An optional member is an `Option` whose `None` is
//! an absent member, unless the schema says the vendor sends nil there (`nil="allowed"`): then
//! it is a [`Nullable`], which tells nil from absence. A member sent as nil where the schema
//! does not expect nil is kept as `Value::Nil` in `extra_fields` under its wire name (its field
//! is `None`), so it is written back as nil; a field set afterwards is written instead of it
//! (remove the entry too to leave the member out). A required member refuses nil, and a struct
//! (typed or [`Value`]) refuses a member named twice: `serde_json::Value` keeps the last one,
//! regops says which name came twice.
//!
//! ```
//! use regops_model::Value;
//! use regops_model::netim::OperationResponse;
//!
//! let json = r#"{"ID_OPE":4,"STATUS":"Done","MESSAGE":null}"#;
//! let mut answer: OperationResponse = serde_json::from_str(json)?;
//! assert_eq!(answer.message, None);
//! assert_eq!(answer.extra_fields["MESSAGE"], Value::Nil);
//! assert_eq!(serde_json::to_string(&answer)?, json);
//! answer.message = Some("renewed".into());
//! assert_eq!(
//!     serde_json::to_string(&answer)?,
//!     r#"{"ID_OPE":4,"STATUS":"Done","MESSAGE":"renewed"}"#
//! );
//! assert!(serde_json::from_str::<Value>(r#"{"a":1,"a":2}"#).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```
//! use regops_model::{DateTime, OneOrMany, Value};
//!
//! // XML-RPC's compact form and JSON's extended form name the same instant.
//! let when = DateTime::parse("20261122T10:11:12")?;
//! assert_eq!(when, DateTime::parse("2026-11-22T10:11:12")?);
//! assert_eq!(serde_json::to_string(&when)?, r#""2026-11-22T10:11:12""#);
//!
//! // `one-or-array(int)` keeps the form it came in.
//! let ids: OneOrMany<i64> = serde_json::from_str("[1, 2]")?;
//! assert_eq!(ids.as_slice(), &[1, 2]);
//! assert_eq!(serde_json::to_string(&ids)?, "[1,2]");
//!
//! // `any` values stay untyped.
//! let value: Value = serde_json::from_str(r#"{"id": 7, "tags": ["a"]}"#)?;
//! assert_eq!(value.as_struct().and_then(|s| s["id"].as_i64()), Some(7));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod reenter;

#[doc(hidden)]
pub mod __private;
mod bytes;
mod datetime;
mod enums;
mod int_or_digits;
mod machine;
mod method;
mod nullable;
mod one_or_many;
mod secret;
mod value;
#[rustfmt::skip]
mod generated;

pub use bytes::Bytes;
pub use datetime::{Date, DateTime, DateTimeOrString, DateTimeParseError, YearOutOfRange};
pub use enums::{UnknownEnumValue, UnrecognizedValue, WireEnum};
pub use generated::*;
pub use int_or_digits::IntOrDigits;
pub use machine::{StateMachine, Transition};
pub use method::{CallParams, Method};
pub use nullable::Nullable;
pub use one_or_many::OneOrMany;
pub use secret::ApiKey;
pub use value::{Map, Value};
