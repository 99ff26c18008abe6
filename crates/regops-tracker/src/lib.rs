//! Follows registrar operations of Gandi and Netim to a terminal
//! [`Phase`](regops_model::lifecycle::Phase), with the vendors' poll rules built in.
//!
//! A registrar answers a request that does not finish at once with a tracking number; the
//! reseller stores it and polls (Gandi `operation.info`, Netim `queryOpe`) "no more often than
//! every 5 minutes, 10 is best", for minutes to several days, until the operation is done or
//! failed, then acts (Netim's "Pending requests management"). A [`Tracker`] does exactly that:
//!
//! - **Vendors** plug in through [`VendorApi`], one call each: "status of operation N" and
//!   "which are pending" (for [`Tracker::import_pending`]). Answers are the model's types;
//!   their phase comes from the schema's mappings.
//! - **Poll policy** ([`PollPolicy`]): every 10 minutes by default, never under 5 against a
//!   vendor's real API (the check of `regops_validate::ops::PollPolicy`; only an endpoint
//!   marked [`Endpoint::Sandbox`] may go faster), growing with the operation's age up to a cap,
//!   with jitter; an [`ErrorPolicy`] for failed polls; both per tracker, per vendor or per
//!   operation. Calls to each vendor are limited ([`VendorOptions::max_concurrent`]).
//! - **Changes** ([`Change`]) are recorded once each, in order, in the same transaction as the
//!   poll that found them and the hook deliveries they owe; read them as a stream
//!   ([`Tracker::changes`]), wait for one operation ([`Tracker::until_done`]), or let
//!   [`Hook`]s run a command or POST a webhook.
//! - **Store**: [`SqliteStore`] (a file, WAL, migrations) by default; `PostgresStore`
//!   (feature `postgres`) lets several tracker processes share the work, leased with
//!   `SELECT … FOR UPDATE SKIP LOCKED`.
//! - **Clock**: [`SystemClock`], or a [`VirtualClock`] that runs days of polling in
//!   milliseconds.
//!
//! ```
//! use std::time::Duration;
//! use regops_model::netim::{OperationResponse, OperationStatus, PendingOperation};
//! use regops_tracker::{
//!     PendingPage, PollPolicy, SqliteStore, Timestamp, Tracker, VendorApi, VendorError,
//!     VendorOptions, VirtualClock,
//! };
//!
//! /// A Netim whose operations are all done.
//! struct Netim;
//!
//! impl VendorApi for Netim {
//!     type Operation = OperationResponse;
//!     type Pending = PendingOperation;
//!     async fn operation(&self, id: i64) -> Result<OperationResponse, VendorError> {
//!         Ok(OperationResponse {
//!             id_ope: id,
//!             status: OperationStatus::Done,
//!             message: None,
//!             r#type: Some("domainCreate".into()),
//!             date: None,
//!             data: None,
//!             extra_fields: Default::default(),
//!         })
//!     }
//!     async fn pending(&self, _page: u32) -> Result<PendingPage<PendingOperation>, VendorError> {
//!         Ok(PendingPage::complete(vec![]))
//!     }
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! let clock = VirtualClock::auto_advance(Timestamp::EPOCH);
//! let tracker = Tracker::builder()
//!     .store(SqliteStore::in_memory()?)
//!     .clock(clock)
//!     .vendor(Netim)
//!     .build()?;
//! tracker.add("netim", 4242).await?;
//! tracker.run_until_settled().await?;
//! let history = tracker.history("netim", 4242).await?;
//! assert_eq!(history.len(), 1);
//! assert_eq!(history[0].status, "Done");
//!
//! // A real vendor is never polled more often than every 5 minutes.
//! let refused = Tracker::builder()
//!     .store(SqliteStore::in_memory()?)
//!     .vendor_with(Netim, VendorOptions::vendor().poll(PollPolicy::every(Duration::from_secs(60))))
//!     .build();
//! assert!(refused.is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(()) })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
mod clock;
mod error;
pub mod gandi;
mod hook;
pub mod netim;
mod policy;
mod record;
pub mod store;
mod stream;
mod tracker;
mod vendor;

pub use builder::{TrackerBuilder, VendorOptions};
pub use clock::{BoxFuture, Clock, SystemClock, Timestamp, VirtualClock};
pub use error::{StoreError, TrackerError, VendorError};
pub use hook::{Hook, HookAction, Trigger, delivery_id};
pub use policy::{Endpoint, ErrorPolicy, Policies, PollPolicy};
pub use record::{Change, DeliveryRecord, DeliveryState, FollowState, OperationRecord, Summary};
#[cfg(feature = "postgres")]
pub use store::PostgresStore;
pub use store::{SqliteStore, Store};
pub use stream::ChangeStream;
pub use tracker::{Cycle, ImportReport, Tracker};
pub use vendor::{PendingEntry, PendingPage, VendorApi, VendorOperation};
