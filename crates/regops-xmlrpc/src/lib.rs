//! XML-RPC as a serde data format, on quick-xml.
//!
//! - Decoding works directly on quick-xml's events (no DOM in between) and borrows strings
//!   from the input whenever they hold no entity.
//! - Encoding writes bytes straight into a `Vec<u8>`.
//! - Errors carry the line and column in the input and the path of the value being decoded
//!   (`line 12, column 9 (params[0][3].step): expected a string, found <int>`).
//! - [`Limits`] bound nesting depth, document size and string size; a `<!DOCTYPE>` or
//!   entity declaration is always refused.
//!
//! # Types
//!
//! | XML-RPC | Rust (serde) |
//! |---|---|
//! | `int`, `i4`, `i8` (extension) | any integer type; written as `<int>` when it fits in 32 bits, else `<i8>`; `u64` above `i64::MAX` is an error |
//! | `boolean` (`0` or `1` only) | `bool` |
//! | `string`, or text with no type element | `String`, `&str` (borrowed when the text holds no entity), `char`; unit enum variants |
//! | `double` | `f64`, `f32` |
//! | `dateTime.iso8601` | `regops_model::DateTime`, or a string; decoded in compact (`20261122T10:11:12`) or extended (`2026-11-22T10:11:12`) form, written compact. `regops_model::DateTimeOrString` keeps the type (string or `dateTime.iso8601`) and the text as they came |
//! | `base64` | `regops_model::Bytes`, or bytes (`serialize_bytes` / `deserialize_byte_buf`) |
//! | `struct` | structs and maps; `None` fields are left out |
//! | `array` | sequences and tuples |
//! | `nil` (extension) | `None` outside structs, `()`; `regops_model::Nullable::Null` (a struct member kept as nil, where `None` leaves the member out) |
//!
//! Enums are externally tagged: a unit variant is a string, any other variant a struct with
//! one member named after the variant.
//!
//! # Example
//!
//! ```
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Debug, PartialEq)]
//! struct Operation { id: i64, step: String, last_error: Option<String> }
//!
//! let ops = vec![Operation { id: 1, step: "DONE".into(), last_error: None }];
//! let xml = regops_xmlrpc::write_response(&ops).unwrap();
//! let back: Vec<Operation> = regops_xmlrpc::read_response(&xml).unwrap();
//! assert_eq!(back, ops);
//!
//! let err = regops_xmlrpc::read_response::<Vec<Operation>>(
//!     b"<methodResponse><params><param><value><array><data>\n\
//!       <value><struct><member><name>id</name><value><int>1</int></value></member>\n\
//!       <member><name>step</name><value><int>5</int></value></member>\n\
//!       </struct></value></data></array></value></param></params></methodResponse>",
//! )
//! .unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "line 3, column 33 (params[0][0].step): expected a string, found <int>"
//! );
//! ```
//!
//! # Typed method calls
//!
//! Each method of the regops schema has a marker type implementing [`regops_model::Method`]
//! (`regops_model::gandi::OperationList`, …) that names it on the wire and gives its parameter
//! and result types. A client uses [`write_method_call`] and [`read_method_response`]; a
//! server [`read_call`] (to dispatch on the name) and [`read_method_params`], or
//! [`read_method_call`], then [`write_method_response`] or [`write_fault`].
//!
//! # Interplay with regops-model
//!
//! `regops_model::DateTime` and `Bytes` go through `serialize_newtype_struct` /
//! `deserialize_newtype_struct` with reserved names, so they become `<dateTime.iso8601>` and
//! `<base64>`; `regops_model::Value` asks for "value mode", in which a date-time or base64
//! value keeps its type through a round trip.

#![deny(missing_docs)]

mod call;
mod de;
mod error;
mod fault;
mod limits;
mod method;
mod read;
mod response;
mod ser;
mod tokens;
mod xml;

pub use call::{Params, read_call, read_call_with_limits, write_call};
pub use de::{Deserializer, from_slice, from_slice_with_limits, from_str, from_str_with_limits};
pub use error::{Error, ErrorKind, LimitKind, Result};
pub use fault::Fault;
pub use limits::Limits;
pub use method::{
    read_method_call, read_method_call_with_limits, read_method_params, read_method_response,
    write_method_call, write_method_response, write_method_result,
};
pub use read::Body;
pub use response::{read_response, read_response_with_limits, write_fault, write_response};
pub use ser::{Serializer, to_string, to_vec};
