//! Typed async clients of the registrars' operations APIs, built on the schema's generated
//! surface: [`GandiClient`] (XML-RPC, API key) and [`NetimClient`] (REST 3.0, sessions).
//!
//! - **Every schema method**, typed: the generated traits [`GandiApi`] and [`NetimApi`] give
//!   one method per schema method (`operation_info(42)`, `query_ope(42)`, `domain_create(…)`)
//!   on top of one generic `call::<M>(params)`. Routes, verbs, bodies and the session flow come
//!   from `regops_service` (`gandi::ENDPOINT`, `netim::API`), never typed here. Calls borrow
//!   the credentials (no copy of the API key or the session token per call) and their futures
//!   are `Send`.
//! - **Retries driven by the schema**: a Gandi fault is classified by the schema's mapping of
//!   its cause to an error class; only `temporary` ones (and 429/5xx answers, timeouts, lost
//!   connections) are retried, with exponential backoff and full jitter, honouring
//!   `Retry-After` ([`RetryPolicy`]). A method the schema marks as changing something
//!   (`effect`, or a non-`GET` route) is sent again only when its request provably never
//!   left: a retry never creates a second operation.
//! - **Transport**: [`Transport`] is one `send`; the default [`ReqwestTransport`] is reqwest
//!   with rustls (no OpenSSL). Every attempt has a timeout; answers are read as a stream and
//!   refused past [`ClientOptions::max_body_bytes`].
//! - **Errors**: one [`Error`] enum (transport, HTTP status, too large, decode, Gandi fault,
//!   Netim message), `source()` chained.
//! - **Tracker**: with the feature `tracker` (default), both clients are
//!   [`regops_tracker::VendorApi`]s ([`mod@tracker`]), so a tracker follows operations
//!   through them.
//! - **Secrets** (API key, Netim secret, session token) never show in `Debug`, logs or
//!   errors; each call runs in a `tracing` span `regops.call` with the vendor, the method and
//!   the tracking number.
//!
//! ```no_run
//! # async fn demo() -> Result<(), regops_client::Error> {
//! use regops_client::{GandiApi, GandiClient, NetimApi, NetimClient, Secret};
//! use regops_model::{ApiKey, StateMachine};
//!
//! let gandi = GandiClient::new("http://127.0.0.1:8080", ApiKey::new("…"))?;
//! let op = gandi.operation_info(42).await?;
//! if op.step.phase().is_some_and(|p| p.is_terminal()) { /* DONE, CANCEL, ERROR, … */ }
//!
//! let netim = NetimClient::new("http://127.0.0.1:8080", "NR1", Secret::new("…"))?;
//! let op = netim.query_ope(4242).await?;
//! netim.close().await?;
//! # Ok(()) }
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod core;
mod error;
mod gandi;
mod netim;
mod retry;
mod secret;
#[cfg(feature = "tracker")]
pub mod tracker;
pub mod transport;

pub use crate::core::{ClientOptions, USER_AGENT};
pub use error::Error;
pub use gandi::GandiClient;
pub use netim::NetimClient;
pub use regops_service::gandi::GandiApi;
pub use regops_service::netim::NetimApi;
pub use retry::RetryPolicy;
pub use secret::Secret;
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{Transport, TransportError};

/// The transport a client uses unless given another: [`ReqwestTransport`].
#[cfg(feature = "reqwest")]
pub type DefaultTransport = ReqwestTransport;

/// Without the `reqwest` feature there is no default transport: give one to
/// `with_transport`.
#[cfg(not(feature = "reqwest"))]
pub type DefaultTransport = transport::NoTransport;
