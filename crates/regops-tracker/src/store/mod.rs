//! Where the tracker keeps its state: one [`Store`] trait, an embedded SQLite implementation
//! (the default: one file, WAL, migrations) and a PostgreSQL one for several tracker
//! processes sharing work (feature `postgres`).
//!
//! Every write that matters happens in one transaction: a poll's result, the change it
//! reveals and the hook deliveries that change owes (the outbox), so a tracker killed at any
//! point resumes with nothing lost and nothing reported twice. Work is *claimed* with a lease
//! (owner + expiry): only the owner may record its result, and a dead owner's claims are taken
//! over once their lease has expired.

mod codec;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod sqlite;

use regops_model::lifecycle::Phase;

use crate::clock::{BoxFuture, Timestamp};
use crate::error::StoreError;
use crate::policy::Policies;
use crate::record::{Change, DeliveryRecord, DeliveryState, FollowState, OperationRecord, Summary};

#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// An operation to start following.
#[derive(Debug, Clone, PartialEq)]
pub struct NewOperation {
    /// The vendor.
    pub vendor: String,
    /// The tracking number.
    pub id: i64,
    /// When it was added.
    pub added_at: Timestamp,
    /// Its first poll.
    pub first_poll_at: Timestamp,
    /// Its poll interval, kept to hold it after a claim whose result is lost.
    pub interval: std::time::Duration,
    /// Policies set for this operation alone.
    pub policies: Option<Policies>,
}

/// A request for due work, leased to `owner` until `lease_until`.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The claiming tracker.
    pub owner: String,
    /// Work due at or before this time is claimed (the start of the tracker's cycle).
    pub due_by: Timestamp,
    /// The current time: leases that expired by now may be taken over.
    pub now: Timestamp,
    /// The lease expiry; after it, another tracker may claim the same work. A claimed
    /// operation is also not due again before `lease_until` plus its interval, so that a poll
    /// whose result is lost (the process died) is not repeated within an interval.
    pub lease_until: Timestamp,
    /// At most this many items.
    pub limit: u32,
    /// Only work for these vendors (operations) or hooks (deliveries).
    pub only: Vec<String>,
}

/// An operation claimed for polling.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedOperation {
    /// The vendor.
    pub vendor: String,
    /// The tracking number.
    pub id: i64,
    /// The last status recorded.
    pub status: Option<String>,
    /// The last phase recorded.
    pub phase: Option<Phase>,
    /// When it was added (its age drives the poll interval).
    pub added_at: Timestamp,
    /// Failed polls in a row so far.
    pub failures: u32,
    /// Policies set for this operation alone.
    pub policies: Option<Policies>,
}

/// What a poll found, to be recorded.
#[derive(Debug, Clone, PartialEq)]
pub enum PollOutcome {
    /// The vendor answered.
    Observed {
        /// Status as on the wire.
        status: String,
        /// Its phase.
        phase: Option<Phase>,
        /// The vendor's error text.
        message: Option<String>,
        /// The whole answer.
        detail: serde_json::Value,
    },
    /// The call failed.
    Failed {
        /// The error.
        error: String,
    },
}

/// The result of polling one claimed operation.
#[derive(Debug, Clone, PartialEq)]
pub struct PollRecord {
    /// The vendor.
    pub vendor: String,
    /// The tracking number.
    pub id: i64,
    /// The status the claim saw; the record is dropped if the store holds another one (the
    /// claim was lost).
    pub expected_status: Option<String>,
    /// When the poll happened.
    pub at: Timestamp,
    /// What it found.
    pub outcome: PollOutcome,
    /// Whether to keep following.
    pub state: FollowState,
    /// The next poll, while followed.
    pub next_poll_at: Option<Timestamp>,
    /// The delay until that poll (kept to hold the operation after a lost claim).
    pub interval: std::time::Duration,
    /// Failed polls in a row after this one.
    pub failures: u32,
    /// Hooks owed a delivery if this poll records a change, each with its first attempt.
    pub hooks: Vec<String>,
}

/// A hook delivery claimed for running.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedDelivery {
    /// The change to deliver.
    pub change: Change,
    /// The hook.
    pub hook: String,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryOutcome {
    /// The change delivered.
    pub change_seq: i64,
    /// The hook.
    pub hook: String,
    /// Delivered, failed for good, or pending (to retry at `next_attempt_at`).
    pub state: DeliveryState,
    /// Attempts made, this one included.
    pub attempts: u32,
    /// This attempt's error.
    pub error: Option<String>,
    /// When it was made.
    pub at: Timestamp,
    /// The retry, when pending.
    pub next_attempt_at: Timestamp,
}

/// The tracker's durable state. Object-safe: a tracker holds an `Arc<dyn Store>`.
pub trait Store: Send + Sync + 'static {
    /// Starts following operations; those already known are left as they are. Returns how
    /// many were new.
    fn add(&self, operations: Vec<NewOperation>) -> BoxFuture<'_, Result<u64, StoreError>>;

    /// Claims operations due for a poll, oldest due first.
    fn claim_operations(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedOperation>, StoreError>>;

    /// Records poll results in one transaction: the operations, the changes they reveal and
    /// the deliveries those changes owe. Results whose claim `owner` no longer holds are
    /// dropped. Returns the changes recorded, in order.
    fn record_polls(
        &self,
        owner: &str,
        records: Vec<PollRecord>,
    ) -> BoxFuture<'_, Result<Vec<Change>, StoreError>>;

    /// Claims hook deliveries due, in change order; a delivery waits while an earlier change
    /// of the same operation is pending for the same hook.
    fn claim_deliveries(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedDelivery>, StoreError>>;

    /// Records delivery attempts (dropped where `owner` no longer holds the claim).
    fn record_deliveries(
        &self,
        owner: &str,
        outcomes: Vec<DeliveryOutcome>,
    ) -> BoxFuture<'_, Result<(), StoreError>>;

    /// The earliest time work is due: a poll of one of `vendors`' operations or a delivery
    /// to one of `hooks`.
    fn next_due(
        &self,
        vendors: Vec<String>,
        hooks: Vec<String>,
    ) -> BoxFuture<'_, Result<Option<Timestamp>, StoreError>>;

    /// Up to `limit` changes after `seq`, in order.
    fn changes_after(&self, seq: i64, limit: u32)
    -> BoxFuture<'_, Result<Vec<Change>, StoreError>>;

    /// The `seq` of the last change (0 when there is none).
    fn last_change_seq(&self) -> BoxFuture<'_, Result<i64, StoreError>>;

    /// One operation.
    fn operation(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Option<OperationRecord>, StoreError>>;

    /// Every operation, by vendor and id.
    fn operations(&self) -> BoxFuture<'_, Result<Vec<OperationRecord>, StoreError>>;

    /// The changes of one operation, in order.
    fn history(&self, vendor: &str, id: i64) -> BoxFuture<'_, Result<Vec<Change>, StoreError>>;

    /// The hook deliveries of one operation's changes.
    fn deliveries(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Vec<DeliveryRecord>, StoreError>>;

    /// Counts.
    fn summary(&self) -> BoxFuture<'_, Result<Summary, StoreError>>;
}
