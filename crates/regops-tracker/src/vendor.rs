//! The one thing the tracker needs from a vendor: "what is the status of operation N now",
//! and, to import what is already pending, "which operations are pending".
//!
//! The typed clients implement [`VendorApi`] (`GandiClient` with `operation.info` and
//! `operation.list`, `NetimClient` with `queryOpe` and `queryOpePending`); tests implement it
//! in memory. Answers are the model's types, and their phase comes from the schema's
//! mappings (`Step::phase`, `OperationStatus::phase`) through [`VendorOperation`].

use std::future::Future;

use regops_model::lifecycle::Phase;
use serde::Serialize;

use crate::clock::BoxFuture;
use crate::error::VendorError;

/// A vendor's answer about one operation: `regops_model::gandi::OperationListReturn` or
/// `regops_model::netim::OperationResponse` (implemented in [`crate::gandi`] and
/// [`crate::netim`]).
pub trait VendorOperation: Serialize + Send + Sync + 'static {
    /// The vendor's key in the store and in every [`Change`](crate::Change): `gandi`, `netim`.
    const VENDOR: &'static str;

    /// The tracking number.
    fn tracking_number(&self) -> i64;

    /// The status exactly as on the wire (`RUN`, `Pending`), kept even when unknown.
    fn status(&self) -> &str;

    /// The vendor-neutral phase, from the schema's mapping; `None` for a status the schema
    /// does not know (the tracker keeps following such an operation).
    fn phase(&self) -> Option<Phase>;

    /// The vendor's error text, when it gives one (Gandi `last_error`, Netim `MESSAGE`).
    fn message(&self) -> Option<&str>;
}

/// One entry of a vendor's list of pending operations.
pub trait PendingEntry: Send + 'static {
    /// The tracking number, or `None` when the vendor sent one that is not an integer (the
    /// entry is then skipped, with a warning).
    fn tracking_number(&self) -> Option<i64>;
}

/// One page of a vendor's pending operations.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingPage<T> {
    /// The entries of the page.
    pub items: Vec<T>,
    /// Whether another page follows (asked for with the next page number).
    pub more: bool,
}

impl<T> PendingPage<T> {
    /// A page that is the whole list (Netim's `queryOpePending` is not paged).
    pub fn complete(items: Vec<T>) -> Self {
        Self { items, more: false }
    }
}

/// What the tracker asks of one vendor. Implemented by the typed clients; keep the
/// implementations thin: one vendor call each, errors converted to [`VendorError`].
///
/// ```
/// use regops_model::netim::{OperationResponse, PendingOperation};
/// use regops_tracker::{PendingPage, VendorApi, VendorError};
///
/// struct Netim; // a client would hold its HTTP session here
///
/// impl VendorApi for Netim {
///     type Operation = OperationResponse;
///     type Pending = PendingOperation;
///
///     async fn operation(&self, id: i64) -> Result<OperationResponse, VendorError> {
///         Err(VendorError::retryable(format!("queryOpe {id}: not connected")))
///     }
///
///     async fn pending(&self, _page: u32) -> Result<PendingPage<PendingOperation>, VendorError> {
///         Ok(PendingPage::complete(Vec::new())) // queryOpePending
///     }
/// }
/// ```
pub trait VendorApi: Send + Sync + 'static {
    /// The answer about one operation; its [`VendorOperation::VENDOR`] names the vendor.
    type Operation: VendorOperation;
    /// An entry of the pending list.
    type Pending: PendingEntry;

    /// The current status of operation `id` (Gandi `operation.info`, Netim `queryOpe`).
    fn operation(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Self::Operation, VendorError>> + Send;

    /// Page `page` (from 0) of the operations still pending (Netim `queryOpePending`, one
    /// page; Gandi `operation.list` with [`crate::gandi::pending_list_options`]).
    fn pending(
        &self,
        page: u32,
    ) -> impl Future<Output = Result<PendingPage<Self::Pending>, VendorError>> + Send;
}

/// A vendor's answer reduced to what the tracker stores.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Observation {
    pub status: String,
    pub phase: Option<Phase>,
    pub message: Option<String>,
    /// The whole answer as JSON, kept with each change for hooks (`Null` when the status is
    /// the one already known: no change will be recorded, so it is not worth encoding).
    pub detail: serde_json::Value,
}

impl Observation {
    fn of<O: VendorOperation>(operation: &O, known_status: Option<&str>) -> Self {
        let changed = known_status != Some(operation.status());
        Self {
            status: operation.status().to_owned(),
            phase: operation.phase(),
            message: operation
                .message()
                .filter(|message| !message.is_empty())
                .map(str::to_owned),
            detail: if changed {
                serde_json::to_value(operation).unwrap_or(serde_json::Value::Null)
            } else {
                serde_json::Value::Null
            },
        }
    }
}

/// [`VendorApi`] without its types, so one tracker holds clients of several vendors.
pub(crate) trait ErasedVendor: Send + Sync {
    fn name(&self) -> &'static str;
    fn observe<'a>(
        &'a self,
        id: i64,
        known_status: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Observation, VendorError>>;
    fn pending_page(&self, page: u32) -> BoxFuture<'_, Result<(Vec<i64>, bool), VendorError>>;
}

impl<V: VendorApi> ErasedVendor for V {
    fn name(&self) -> &'static str {
        V::Operation::VENDOR
    }

    fn observe<'a>(
        &'a self,
        id: i64,
        known_status: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Observation, VendorError>> {
        Box::pin(async move {
            let operation = self.operation(id).await?;
            Ok(Observation::of(&operation, known_status))
        })
    }

    fn pending_page(&self, page: u32) -> BoxFuture<'_, Result<(Vec<i64>, bool), VendorError>> {
        Box::pin(async move {
            let page = self.pending(page).await?;
            let mut ids = Vec::with_capacity(page.items.len());
            for entry in &page.items {
                match entry.tracking_number() {
                    Some(id) => ids.push(id),
                    None => tracing::warn!(
                        vendor = V::Operation::VENDOR,
                        "pending entry without an integer tracking number skipped"
                    ),
                }
            }
            Ok((ids, page.more))
        })
    }
}
