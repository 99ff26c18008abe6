//! XML-RPC as a serde data format, on quick-xml.
//!
//! - Decoding works directly on quick-xml's events (no DOM in between) and borrows strings
//!   from the input whenever they hold no entity.
//! - Encoding writes bytes straight into a `Vec<u8>`.
//! - Errors carry the line and column in the input and the path of the value being decoded
//!   (`line 12, column 9 (params[0][3].step): expected a string, found <int>`), and the error
//!   they come from as their [`source`](std::error::Error::source).
//! - [`Limits`] bound nesting depth, document size and string size; a `<!DOCTYPE>` or
//!   entity declaration is always refused. [`Body`] gathers a document from a reader or from
//!   chunks and refuses it as soon as it outgrows the limit.
//!
//! # Types
//!
//! | XML-RPC | Rust (serde) |
//! |---|---|
//! | `int`, `i4` | any integer type (see below for the range); written as `<int>` when the value fits in 32 bits |
//! | `i8` (extension), Apache's `ex:i8` | any integer type; written for 64-bit values outside 32 bits; `u64` above `i64::MAX` is an error |
//! | Apache's `ex:i1`, `ex:i2` | any integer type; Java's ranges (8 and 16 bits) are checked |
//! | Apache's `ex:biginteger` | any integer type that holds the value (up to `i128`), or its exact digits as a `String` |
//! | `boolean` (`0` or `1` only) | `bool` |
//! | `string`, or text with no type element | `String`, `&str` (borrowed when the text holds no entity), `char`; unit enum variants |
//! | `double`, Apache's `ex:float` | `f64`, `f32` |
//! | Apache's `ex:bigdecimal` | `f64`, `f32`, or its exact digits as a `String` |
//! | `dateTime.iso8601` | `regops_model::DateTime`, or a string; decoded in the ISO 8601 forms peers write (see below), written compact with the fraction and zone as they came: `20261122T10:11:12.123+01:00`. `regops_model::DateTimeOrString` keeps the type (string or `dateTime.iso8601`) and the text as they came |
//! | `base64` | `regops_model::Bytes`, or bytes (`serialize_bytes` / `deserialize_byte_buf`) |
//! | `struct` | structs and maps; `None` fields are left out |
//! | `array` | sequences and tuples |
//! | `nil` (extension), Apache's `ex:nil` | `None` outside structs, `()`; `regops_model::Nullable::Null` (a struct member kept as nil, where `None` leaves the member out) |
//!
//! Enums are externally tagged: a unit variant is a string, any other variant a struct with
//! one member named after the variant. Only standard types (and `<nil/>`, `<i8>`) are ever
//! written.
//!
//! ## `<int>` and `<i4>` beyond 32 bits
//!
//! The XML-RPC specification makes `int` a 32-bit integer. regops reads any value that fits
//! in 64 bits from `<int>` and `<i4>`, as Python's `xmlrpc.client` and PHP do (PHP writes its
//! 64-bit integers as `<int>`; Python reads any size), and refuses larger ones with an
//! [`ErrorKind::InvalidValue`] rather than truncating. It never writes such an `<int>`: 64-bit
//! values outside 32 bits are written as `<i8>`, which Python and Apache read. Refusing them,
//! as Apache XML-RPC does, would turn a PHP server's valid answer into an error for no gain:
//! the value is exact either way, and the Rust type it is decoded into still checks its range
//! (`i32` refuses 5 000 000 000).
//!
//! ## Apache's extensions
//!
//! Apache XML-RPC (Java) writes `nil`, `i1`, `i2`, `i8`, `float`, `biginteger` and
//! `bigdecimal` in the namespace `http://ws.apache.org/xmlrpc/namespaces/extensions`,
//! usually with the prefix `ex`. They are found by their namespace, whatever the prefix (or
//! as the default namespace), and decode as Python's `xmlrpc.client` decodes them. Python
//! strips any prefix without looking at namespaces; regops follows Namespaces in XML instead:
//! an undeclared prefix is an error, and `ex:nil` bound to another namespace is not nil.
//! Apache's `dom`, `serializable`, `dateTime` and `date` carry Java objects and are refused,
//! as Python refuses them.
//!
//! ## `dateTime.iso8601`
//!
//! The XML-RPC specification writes `19980717T14:08:55` and names no zone; peers write more
//! of ISO 8601, and `regops_model::DateTime` reads it all: the date `YYYYMMDD` or
//! `YYYY-MM-DD`, then `T`, the time `HH:MM:SS` or `HHMMSS` (`19980717T140855`, Node's
//! `xmlrpc` without colons), a fraction of 1 to 9 digits after `.` or `,` (xmlrpc-c's
//! `19980717T14:08:55.123456`) and a zone `Z`, `±HH:MM`, `±HHMM` or `±HH`
//! (`2026-11-27T15:40:57.123Z`, `20010909T00:46:40-01`). Netim's `2026-11-22 10:11:12` is
//! read too. Other text (a week date, `24:00:00`, a leap second, surrounding spaces) is an
//! [`ErrorKind::InvalidValue`] at the value's path, in a typed field or in a
//! [`regops_model::Value`] alike.
//!
//! A value is written `YYYYMMDDTHH:MM:SS`, then its fraction (digits as they came: `.500`
//! stays `.500`) and its zone (as spelled: `Z`, `+01:00`, `+0100`, `+01`, `-00:00`). Decoding,
//! encoding and decoding again gives an equal value, and a document already in that form is
//! written back byte for byte; a time without colons or an extended date comes back in the
//! specification's layout, which every peer reads. A `Value` read from a `dateTime.iso8601`
//! in Netim's layout is written back unchanged; a typed `DateTime` in that layout is a
//! `<string>` (Netim's dates are strings).
//!
//! # What is refused
//!
//! Decoding checks well-formedness as XML 1.0 and Namespaces in XML define it, before any
//! value is produced, and refuses with a located error: characters outside XML's `Char`
//! production (raw or as character references: C0 controls other than tab, line feed and
//! carriage return, U+FFFE, U+FFFF, surrogates), `]]>` in text, an XML declaration anywhere
//! but at the very start (even after whitespace or a second byte order mark), malformed
//! declarations, comments, processing instructions and attributes, unknown entities,
//! undeclared namespace prefixes, DOCTYPEs, mismatched tags. Then the XML-RPC grammar: every
//! element where the specification puts it, one type element per value, no text beside it.
//!
//! Documents are read in UTF-8 (a byte order mark is skipped), or in US-ASCII, ISO-8859-1 or
//! windows-1252 when their XML declaration says so (as PHP and Python with `encoding=` write
//! them). UTF-16 and other encodings are refused with [`ErrorKind::UnsupportedEncoding`]: no
//! XML-RPC peer writes them by default.
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
//! and result types.
//!
//! A client writes [`write_method_call`] (its parameters may hold the API key by reference,
//! so one key serves every call), gathers the answer in a [`Body`] from a reader or the HTTP
//! client's chunks, and reads it with [`read_method_result`]: the output, the server's
//! [`Fault`], or an [`Error`] when the answer is broken.
//!
//! ```
//! use regops_model::ApiKey;
//! use regops_model::gandi::{OperationInfo, OperationInfoParams};
//! use regops_xmlrpc::{Body, Limits};
//!
//! let key = ApiKey::new("secret");
//! let request = regops_xmlrpc::write_method_call::<OperationInfo>(
//!     &OperationInfoParams { apikey: &key, operation: 42 },
//! ).unwrap();
//! # let http_response = regops_xmlrpc::write_fault(&regops_xmlrpc::Fault::new(510_150, "no"));
//! // … send `request`, then read the answer with the size limit enforced as it arrives:
//! let body = Body::from_reader(&http_response[..], Limits::default()).unwrap();
//! match regops_xmlrpc::read_method_result::<OperationInfo>(&body).unwrap() {
//!     Ok(operation) => println!("step {}", operation.step),
//!     Err(fault) => println!("fault {}: {}", fault.code, fault.string),
//! }
//! ```
//!
//! A server reads [`read_call`] (to dispatch on the name) and [`read_method_params`], or
//! [`read_method_call`], then answers with [`write_method_result`]. [`read_document`] reads
//! any document and tells a call from a response from a fault.
//!
//! # Interplay with regops-model
//!
//! `regops_model::DateTime` and `Bytes` go through `serialize_newtype_struct` /
//! `deserialize_newtype_struct` with reserved names, so they become `<dateTime.iso8601>` and
//! `<base64>`; `regops_model::Value` asks for "value mode", in which a date-time or base64
//! value keeps its type through a round trip. A date-time or base64 text they refuse is an
//! [`ErrorKind::InvalidValue`] at the value's path.

#![deny(missing_docs)]

mod call;
mod de;
mod document;
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
pub use document::{Document, read_document, read_document_with_limits};
pub use error::{Error, ErrorKind, LimitKind, Result};
pub use fault::Fault;
pub use limits::Limits;
pub use method::{
    read_method_call, read_method_call_with_limits, read_method_params, read_method_response,
    read_method_response_with_limits, read_method_result, read_method_result_with_limits,
    write_method_call, write_method_response, write_method_result,
};
pub use read::Body;
pub use response::{
    Response, read_response, read_response_with_charset, read_response_with_limits, write_fault,
    write_response,
};
pub use ser::{Serializer, to_string, to_vec};
