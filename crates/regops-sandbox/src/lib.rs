//! A sandbox registrar you can run on a laptop: Gandi's XML-RPC `operation` module and
//! Netim's REST 3.0 operation and domain functions, on an embedded SQLite store.
//!
//! The sandbox implements the generated service traits of `regops-service`
//! (`gandi::GandiService`, `netim::NetimService`); the generated `dispatch` functions route
//! each XML-RPC call or REST verb and path to them, so no method name is matched by hand.
//!
//! - Every request that changes something creates an operation with an integer tracking
//!   number. A worker moves operations through each vendor's machine, one transaction per
//!   transition, looking every move up in the schema's generated `TRANSITIONS`
//!   ([`machine`]): the sandbox cannot make a transition the schema does not declare.
//! - Outcomes are scripted by the domain name ([`outcome`]); the admin API under
//!   [`http::ADMIN_PREFIX`] creates operations of any type and state and moves a virtual clock
//!   ([`ClockMode::Virtual`]).
//! - The vendors' rules come from `regops-validate`: Gandi cancels only before processing and
//!   relaunches only the five relaunchable types after a failure; Netim cannot restart and
//!   cancels only until processing starts. Bad input gets the vendor's error shape.
//! - State lives in SQLite (WAL, migrations): kill the server, start it again on the same file,
//!   and the worker carries on where it was.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use regops_sandbox::{Config, ClockMode, Sandbox};
//! let sandbox = Sandbox::open(Config { clock: ClockMode::Virtual, ..Config::default() })?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! regops_sandbox::http::serve(sandbox, listener, std::future::pending()).await?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod clock;
mod engine;
mod error;
pub mod http;
pub mod machine;
mod name;
pub mod outcome;
pub mod plan;
mod sandbox;
mod service;
pub mod store;
pub mod vendor;
mod worker;

pub use clock::ClockMode;
pub use error::{CoreError, CoreResult};
pub use sandbox::{Config, CreateRequest, Credentials, Sandbox};
