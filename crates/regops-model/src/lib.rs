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
