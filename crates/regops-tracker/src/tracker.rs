//! The tracker: follows operations to a terminal phase, records each change once and runs
//! the hooks.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use rand::rngs::SmallRng;
use regops_model::StateMachine as _;
use tokio::sync::{Notify, Semaphore, watch};

use crate::builder::TrackerBuilder;
use crate::clock::{Clock, Timestamp};
use crate::error::{TrackerError, VendorError};
use crate::hook::Hook;
use crate::policy::{Endpoint, Policies};
use crate::record::{Change, DeliveryRecord, DeliveryState, FollowState, OperationRecord, Summary};
use crate::store::{
    Claim, ClaimedDelivery, ClaimedOperation, DeliveryOutcome, NewOperation, PollOutcome,
    PollRecord, Store,
};
use crate::stream::ChangeStream;
use crate::vendor::ErasedVendor;

/// Pages of a vendor's pending list read at most by one import.
const MAX_IMPORT_PAGES: u32 = 10_000;
/// Hook deliveries run at once (also the most a killed process may leave to run twice).
pub(crate) const DELIVERY_CONCURRENCY: usize = 8;
/// The longest the run loop sleeps without looking at the store (work added by another
/// process sharing it).
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// Follows registrar operations to a terminal [`Phase`](regops_model::lifecycle::Phase).
///
/// ```no_run
/// # async fn example(gandi: impl regops_tracker::VendorApi) -> Result<(), Box<dyn std::error::Error>> {
/// use regops_tracker::{Hook, SqliteStore, Tracker, Trigger};
///
/// let tracker = Tracker::builder()
///     .store(SqliteStore::open("regops-tracker.db")?)
///     .vendor(gandi) // polled every 10 minutes, never under 5
///     .hook(Hook::command("dnssec", "./enable-dnssec.sh", ["--domain-from-stdin"]).on(Trigger::done()))
///     .hook(Hook::webhook("notify", "https://example.net/hooks/regops"))
///     .build()?;
/// tracker.add("gandi", 4242).await?;
/// tracker.import_pending().await?;
/// // Poll and run hooks for an hour (a daemon would wait for a signal instead).
/// tracker.run_until(tokio::time::sleep(std::time::Duration::from_secs(3600))).await?;
/// # Ok(()) }
/// ```
///
/// Cheap to clone: clones share one tracker.
#[derive(Clone)]
pub struct Tracker {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) vendors: BTreeMap<&'static str, VendorSlot>,
    pub(crate) hooks: Vec<Hook>,
    pub(crate) owner: String,
    pub(crate) lease: Duration,
    pub(crate) call_timeout: Duration,
    pub(crate) batch: u32,
    pub(crate) rng: Mutex<SmallRng>,
    pub(crate) work_added: Notify,
    /// The `seq` of the last change this tracker recorded; wakes change streams.
    pub(crate) changed: watch::Sender<i64>,
}

pub(crate) struct VendorSlot {
    pub(crate) api: Arc<dyn ErasedVendor>,
    pub(crate) endpoint: Endpoint,
    pub(crate) policies: Policies,
    pub(crate) calls: Arc<Semaphore>,
}

/// What one [`Tracker::run_once`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cycle {
    /// Vendor calls that answered.
    pub polled: u64,
    /// Vendor calls that failed.
    pub failed: u64,
    /// Changes recorded (read them from [`Tracker::changes`] or [`Tracker::history`]; a
    /// first cycle over 100,000 imported operations records 100,000).
    pub changes: u64,
    /// Hook deliveries that succeeded.
    pub delivered: u64,
    /// Hook delivery attempts that failed.
    pub delivery_failures: u64,
    /// When work is due next (`None`: nothing left to poll or deliver).
    pub next_due: Option<Timestamp>,
}

/// What [`Tracker::import_pending`] found at one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// The vendor.
    pub vendor: String,
    /// Pending operations the vendor listed.
    pub seen: u64,
    /// Of those, the ones the tracker was not following yet.
    pub added: u64,
}

impl std::fmt::Debug for Tracker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tracker")
            .field("owner", &self.inner.owner)
            .field("vendors", &self.inner.vendors.keys().collect::<Vec<_>>())
            .field(
                "hooks",
                &self.inner.hooks.iter().map(Hook::name).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Tracker {
    /// Starts building a tracker.
    pub fn builder() -> TrackerBuilder {
        TrackerBuilder::new()
    }

    /// This tracker's name in leases.
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

    /// The current time on the tracker's clock.
    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    fn slot(&self, vendor: &str) -> Result<(&'static str, &VendorSlot), TrackerError> {
        self.inner
            .vendors
            .get_key_value(vendor)
            .map(|(name, slot)| (*name, slot))
            .ok_or_else(|| {
                let known: Vec<&str> = self.inner.vendors.keys().copied().collect();
                TrackerError::Config(format!(
                    "vendor `{vendor}` is not configured; expected one of: {}",
                    known.join(", ")
                ))
            })
    }

    /// Starts following operation `id` of `vendor` (`gandi`, `netim`); returns `false` when
    /// it was already followed. Its first poll comes at once, spread by the jitter.
    pub async fn add(&self, vendor: &str, id: i64) -> Result<bool, TrackerError> {
        Ok(self.add_operations(vendor, [id], None, false).await? == 1)
    }

    /// Like [`Tracker::add`], with policies for this operation alone (checked against the
    /// vendor's endpoint: never under 5 minutes for a vendor's real API).
    pub async fn add_with(
        &self,
        vendor: &str,
        id: i64,
        policies: Policies,
    ) -> Result<bool, TrackerError> {
        let (_, slot) = self.slot(vendor)?;
        policies.poll.check(slot.endpoint)?;
        Ok(self
            .add_operations(vendor, [id], Some(policies), false)
            .await?
            == 1)
    }

    /// Starts following many operations of one vendor; returns how many were new.
    pub async fn add_many(
        &self,
        vendor: &str,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<u64, TrackerError> {
        self.add_operations(vendor, ids, None, false).await
    }

    async fn add_operations(
        &self,
        vendor: &str,
        ids: impl IntoIterator<Item = i64>,
        policies: Option<Policies>,
        spread_over_interval: bool,
    ) -> Result<u64, TrackerError> {
        let (name, slot) = self.slot(vendor)?;
        let poll = policies.unwrap_or(slot.policies).poll;
        let now = self.inner.clock.now();
        let operations: Vec<NewOperation> = {
            let mut rng = self.inner.rng.lock().expect("rng lock");
            ids.into_iter()
                .map(|id| {
                    let delay = if spread_over_interval {
                        poll.interval
                            .mul_f64(rand::RngExt::random::<f64>(&mut *rng))
                    } else {
                        poll.first_delay(&mut *rng)
                    };
                    NewOperation {
                        vendor: name.to_owned(),
                        id,
                        added_at: now,
                        first_poll_at: now.plus(delay),
                        interval: poll.interval,
                        policies,
                    }
                })
                .collect()
        };
        let added = self.inner.store.add(operations).await?;
        self.inner.work_added.notify_one();
        Ok(added)
    }

    /// Imports every vendor's pending operations (Netim `queryOpePending`, Gandi
    /// `operation.list` with the pending steps, all pages). Their first polls are spread over
    /// one interval: they were pending a moment ago.
    pub async fn import_pending(&self) -> Result<Vec<ImportReport>, TrackerError> {
        let mut reports = Vec::new();
        for (name, slot) in &self.inner.vendors {
            let mut ids = BTreeSet::new();
            for page in 0..MAX_IMPORT_PAGES {
                let (found, more) =
                    slot.api
                        .pending_page(page)
                        .await
                        .map_err(|error| TrackerError::Vendor {
                            vendor: (*name).to_owned(),
                            error,
                        })?;
                let before = ids.len();
                ids.extend(found);
                // A vendor repeating a page would otherwise be read forever.
                if !more || ids.len() == before {
                    break;
                }
            }
            let seen = ids.len() as u64;
            let added = self.add_operations(name, ids, None, true).await?;
            tracing::info!(vendor = name, seen, added, "imported pending operations");
            reports.push(ImportReport {
                vendor: (*name).to_owned(),
                seen,
                added,
            });
        }
        Ok(reports)
    }

    fn vendor_names(&self) -> Vec<String> {
        self.inner
            .vendors
            .keys()
            .map(|name| (*name).to_owned())
            .collect()
    }

    fn hook_names(&self) -> Vec<String> {
        self.inner
            .hooks
            .iter()
            .map(|hook| hook.name.clone())
            .collect()
    }

    /// A claim of work due by `due_by` (the cycle's start, so a cycle ends); the lease runs
    /// from the current time, however long the cycle has taken so far.
    fn claim(&self, due_by: Timestamp, limit: u32, only: Vec<String>) -> Claim {
        let now = self.inner.clock.now();
        Claim {
            owner: self.inner.owner.clone(),
            due_by,
            now,
            lease_until: now.plus(self.inner.lease),
            limit,
            only,
        }
    }

    /// Polls every operation due now and runs every hook delivery due now, then returns
    /// what it did. Never sleeps; [`Tracker::run_until`] calls it in a loop.
    pub async fn run_once(&self) -> Result<Cycle, TrackerError> {
        let now = self.inner.clock.now();
        let mut cycle = Cycle::default();
        if !self.inner.vendors.is_empty() {
            loop {
                let claim = self.claim(now, self.inner.batch, self.vendor_names());
                let lease_until = claim.lease_until;
                let claimed = self.inner.store.claim_operations(claim).await?;
                if claimed.is_empty() {
                    break;
                }
                let records: Vec<PollRecord> = futures_util::future::join_all(
                    claimed.into_iter().map(|op| self.poll(op, lease_until)),
                )
                .await
                .into_iter()
                .flatten()
                .collect();
                for record in &records {
                    match record.outcome {
                        PollOutcome::Observed { .. } => cycle.polled += 1,
                        PollOutcome::Failed { .. } => cycle.failed += 1,
                    }
                }
                let changes = self
                    .inner
                    .store
                    .record_polls(&self.inner.owner, records)
                    .await?;
                if let Some(last) = changes.last() {
                    self.inner.changed.send_replace(last.seq);
                }
                cycle.changes += changes.len() as u64;
            }
        }
        if !self.inner.hooks.is_empty() {
            self.deliver_due(now, &mut cycle).await?;
        }
        cycle.next_due = self
            .inner
            .store
            .next_due(self.vendor_names(), self.hook_names())
            .await?;
        Ok(cycle)
    }

    /// Polls one claimed operation and decides what to record; `None` when the lease left
    /// too little time to call the vendor (the operation is polled again after its hold).
    async fn poll(&self, op: ClaimedOperation, lease_until: Timestamp) -> Option<PollRecord> {
        let slot = &self.inner.vendors[op.vendor.as_str()];
        let policies = op.policies.unwrap_or(slot.policies);
        let answer = {
            let _permit = slot.calls.acquire().await.expect("semaphore open");
            // A call must end before the lease does, or another tracker could poll the same
            // operation meanwhile.
            if self.inner.clock.now().plus(self.inner.call_timeout) >= lease_until {
                tracing::warn!(vendor = %op.vendor, operation = op.id, "lease too short to poll; skipped");
                return None;
            }
            match tokio::time::timeout(
                self.inner.call_timeout,
                slot.api.observe(op.id, op.status.as_deref()),
            )
            .await
            {
                Ok(answer) => answer,
                Err(_) => Err(VendorError::retryable(format!(
                    "no answer within {} s",
                    self.inner.call_timeout.as_secs_f64()
                ))),
            }
        };
        let at = self.inner.clock.now();
        let age = at.since(op.added_at);
        let mut rng = self.inner.rng.lock().expect("rng lock");
        match answer {
            Ok(seen) => {
                let terminal = seen.phase.is_some_and(|phase| phase.is_terminal());
                let delay = policies.poll.next_delay(age, &mut *rng);
                let phase_changed = seen.phase != op.phase;
                let hooks = self
                    .inner
                    .hooks
                    .iter()
                    .filter(|hook| hook.wants(seen.phase, phase_changed))
                    .map(|hook| hook.name.clone())
                    .collect();
                Some(PollRecord {
                    vendor: op.vendor,
                    id: op.id,
                    expected_status: op.status,
                    at,
                    interval: delay,
                    state: if terminal {
                        FollowState::Finished
                    } else {
                        FollowState::Following
                    },
                    next_poll_at: (!terminal).then(|| at.plus(delay)),
                    failures: 0,
                    hooks,
                    outcome: PollOutcome::Observed {
                        status: seen.status,
                        phase: seen.phase,
                        message: seen.message,
                        detail: seen.detail,
                    },
                })
            }
            Err(error) => {
                let failures = op.failures.saturating_add(1);
                let give_up = !error.is_retryable() || policies.errors.exhausted(failures);
                tracing::warn!(vendor = %op.vendor, operation = op.id, failures, give_up, %error, "poll failed");
                let retry = policies.errors.retry_delay(
                    &policies.poll,
                    failures,
                    error.retry_after(),
                    &mut *rng,
                );
                Some(PollRecord {
                    vendor: op.vendor,
                    id: op.id,
                    expected_status: op.status,
                    at,
                    interval: retry,
                    state: if give_up {
                        FollowState::Abandoned
                    } else {
                        FollowState::Following
                    },
                    next_poll_at: (!give_up).then(|| at.plus(retry)),
                    failures,
                    hooks: Vec::new(),
                    outcome: PollOutcome::Failed {
                        error: error.to_string(),
                    },
                })
            }
        }
    }

    /// Runs the hook deliveries due at `now`, in change order per operation and hook.
    async fn deliver_due(&self, now: Timestamp, cycle: &mut Cycle) -> Result<(), TrackerError> {
        // Each round delivers or reschedules everything it claimed, so this ends; the bound
        // only guards against a store that does not.
        for _ in 0..10_000 {
            let claimed = self
                .inner
                .store
                // No more than run at once: a claimed delivery starts at once, so it ends
                // (within the hook's timeout, shorter than the lease) before its lease does.
                .claim_deliveries(self.claim(now, DELIVERY_CONCURRENCY as u32, self.hook_names()))
                .await?;
            if claimed.is_empty() {
                break;
            }
            // Each outcome is recorded as soon as it is known: a process killed now runs again
            // only the deliveries in flight, not the whole batch.
            let mut outcomes = futures_util::stream::iter(claimed)
                .map(|delivery| self.deliver(delivery))
                .buffer_unordered(DELIVERY_CONCURRENCY);
            while let Some(outcome) = outcomes.next().await {
                match outcome.state {
                    DeliveryState::Delivered => cycle.delivered += 1,
                    _ => cycle.delivery_failures += 1,
                }
                self.inner
                    .store
                    .record_deliveries(&self.inner.owner, vec![outcome])
                    .await?;
            }
        }
        Ok(())
    }

    async fn deliver(&self, delivery: ClaimedDelivery) -> DeliveryOutcome {
        let hook = self
            .inner
            .hooks
            .iter()
            .find(|hook| hook.name == delivery.hook)
            .expect("claimed deliveries are for configured hooks");
        let result = hook.deliver(&delivery.change).await;
        let at = self.inner.clock.now();
        let attempts = delivery.attempts.saturating_add(1);
        let (state, error, next) = match result {
            Ok(()) => (DeliveryState::Delivered, None, at),
            Err(error) => {
                tracing::warn!(hook = %hook.name, change = delivery.change.seq, attempts, %error, "hook failed");
                let state = if attempts >= hook.max_attempts {
                    DeliveryState::Failed
                } else {
                    DeliveryState::Pending
                };
                (state, Some(error), at.plus(hook.retry_delay(attempts)))
            }
        };
        DeliveryOutcome {
            change_seq: delivery.change.seq,
            hook: delivery.hook,
            state,
            attempts,
            error,
            at,
            next_attempt_at: next,
        }
    }

    /// Runs cycles until `stop` completes, sleeping (on the tracker's clock) until the next
    /// due work, until an operation is added, or at most 5 s (to see work other processes
    /// add to a shared store).
    pub async fn run_until(&self, stop: impl Future<Output = ()>) -> Result<(), TrackerError> {
        let mut stop = std::pin::pin!(stop);
        loop {
            let cycle = self.run_once().await?;
            let wake = self.wake_time(&cycle);
            tokio::select! {
                () = &mut stop => return Ok(()),
                () = self.inner.clock.sleep_until(wake) => {}
                () = self.inner.work_added.notified() => {}
            }
        }
    }

    /// Runs cycles until nothing is left to do: every operation of the configured vendors
    /// has ended (or was abandoned) and every hook delivery was made (or failed for good).
    pub async fn run_until_settled(&self) -> Result<(), TrackerError> {
        loop {
            let cycle = self.run_once().await?;
            if cycle.next_due.is_none() {
                return Ok(());
            }
            let wake = self.wake_time(&cycle);
            tokio::select! {
                () = self.inner.clock.sleep_until(wake) => {}
                () = self.inner.work_added.notified() => {}
            }
        }
    }

    fn wake_time(&self, cycle: &Cycle) -> Timestamp {
        let idle = self.inner.clock.now().plus(IDLE_CHECK);
        cycle.next_due.map_or(idle, |due| due.min(idle))
    }

    /// Waits until operation `id` of `vendor` is no longer followed (it reached a terminal
    /// phase or was abandoned) and returns it; a long-running-operation poller's `until_done`.
    /// The tracker must be running meanwhile ([`Tracker::run_until`], here or in another
    /// process sharing the store); `id` must have been added.
    pub async fn until_done(&self, vendor: &str, id: i64) -> Result<OperationRecord, TrackerError> {
        let mut changes = self.changes().await?;
        loop {
            let Some(record) = self.operation(vendor, id).await? else {
                return Err(TrackerError::Config(format!(
                    "operation {id} of {vendor} is not followed; add it first"
                )));
            };
            if record.state != FollowState::Following {
                return Ok(record);
            }
            // Wake on the next change of any operation, or recheck (abandonment records no
            // change).
            let _ = tokio::time::timeout(IDLE_CHECK, changes.next()).await;
        }
    }

    /// Every operation the store holds, by vendor and id.
    pub async fn status(&self) -> Result<Vec<OperationRecord>, TrackerError> {
        Ok(self.inner.store.operations().await?)
    }

    /// One operation.
    pub async fn operation(
        &self,
        vendor: &str,
        id: i64,
    ) -> Result<Option<OperationRecord>, TrackerError> {
        Ok(self.inner.store.operation(vendor, id).await?)
    }

    /// The changes of one operation, in order.
    pub async fn history(&self, vendor: &str, id: i64) -> Result<Vec<Change>, TrackerError> {
        Ok(self.inner.store.history(vendor, id).await?)
    }

    /// The hook deliveries of one operation's changes.
    pub async fn deliveries(
        &self,
        vendor: &str,
        id: i64,
    ) -> Result<Vec<DeliveryRecord>, TrackerError> {
        Ok(self.inner.store.deliveries(vendor, id).await?)
    }

    /// Counts of operations, changes and deliveries.
    pub async fn summary(&self) -> Result<Summary, TrackerError> {
        Ok(self.inner.store.summary().await?)
    }

    /// The changes recorded from now on, in order, each once (also those recorded by other
    /// trackers sharing the store).
    pub async fn changes(&self) -> Result<ChangeStream, TrackerError> {
        let last = self.inner.store.last_change_seq().await?;
        Ok(self.changes_after(last))
    }

    /// The changes recorded after `seq`, in order, each once: a consumer that keeps the
    /// `seq` of the last change it handled resumes there after a restart.
    pub fn changes_after(&self, seq: i64) -> ChangeStream {
        ChangeStream::new(
            Arc::clone(&self.inner.store),
            self.inner.changed.subscribe(),
            seq,
        )
    }
}
