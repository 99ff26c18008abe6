//! The method surface of each vendor, generated from the schema: server traits, their
//! dispatch, and the route data clients build requests from.
//!
//! For each schema module that declares a transport, `cargo xtask codegen` writes a module
//! here (`src/generated/`):
//!
//! - **Gandi** (`<xml-rpc>`): [`gandi::GandiService`], one async method per `operation.*`
//!   method, typed parameters in, the typed result or a [`regops_xmlrpc::Fault`] out;
//!   [`gandi::dispatch`] reads a `methodCall`, routes it by method name, checks the API key
//!   through [`gandi::GandiService::authenticate`], calls the method and writes the
//!   `methodResponse`; [`gandi::ENDPOINT`] is the endpoint as data.
//! - **Netim** (`<rest>`): [`netim::NetimService`], one async method per route;
//!   [`netim::dispatch`] routes a verb and path ([`netim::route`]), reads the credentials,
//!   decodes the path parameters and JSON body, calls the method and writes the JSON answer or
//!   the `{"message": …}` error; [`netim::API`] lists every route, and each method marker of
//!   `regops_model::netim` implements [`rest::RestMethod`] (path, body and decoding), so a
//!   client never writes a route by hand.
//!
//! Nothing here depends on an HTTP library: a server hands the parts of a request to
//! `dispatch` and writes back what it answers. Every bad request gets the vendor's error
//! shape, never a panic: a Gandi fault naming the parameter, a Netim 4xx with `message`.
//!
//! ```
//! use regops_model::netim::{QueryOpe, QueryOpeParams};
//! use regops_service::rest::{RestMethod, Verb};
//!
//! let params = QueryOpeParams { id_ope: 42 };
//! assert_eq!(<QueryOpe as RestMethod>::ROUTE.verb, Verb::Get);
//! assert_eq!(QueryOpe::path(&params), "operation/42");
//! assert_eq!(QueryOpe::body(&params).unwrap(), b"{}");
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod rest;
pub mod xml_rpc;
#[rustfmt::skip]
mod generated;

pub use generated::*;
