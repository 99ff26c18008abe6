//! Putting a tracker together: store, clock, vendors, hooks and policies.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::SmallRng;
use tokio::sync::{Notify, Semaphore, watch};

use crate::clock::{Clock, SystemClock};
use crate::error::TrackerError;
use crate::hook::Hook;
use crate::policy::{Endpoint, ErrorPolicy, Policies, PollPolicy};
use crate::store::Store;
use crate::tracker::{Inner, Tracker, VendorSlot};
use crate::vendor::{ErasedVendor, VendorApi};

/// How one vendor is polled.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorOptions {
    endpoint: Endpoint,
    policies: Option<Policies>,
    max_concurrent: usize,
}

impl VendorOptions {
    /// The vendor's real API: its poll rules apply (no interval under 5 minutes).
    pub fn vendor() -> Self {
        Self {
            endpoint: Endpoint::Vendor,
            policies: None,
            max_concurrent: 4,
        }
    }

    /// A sandbox the user runs: any interval is allowed.
    pub fn sandbox() -> Self {
        Self {
            endpoint: Endpoint::Sandbox,
            ..Self::vendor()
        }
    }

    /// Policies for this vendor's operations (default: the tracker's).
    pub fn policies(mut self, policies: Policies) -> Self {
        self.policies = Some(policies);
        self
    }

    /// The poll policy for this vendor's operations.
    pub fn poll(mut self, poll: PollPolicy) -> Self {
        self.policies.get_or_insert_with(Policies::default).poll = poll;
        self
    }

    /// At most this many calls to the vendor at once (default 4).
    pub fn max_concurrent(mut self, calls: usize) -> Self {
        self.max_concurrent = calls.max(1);
        self
    }
}

impl Default for VendorOptions {
    fn default() -> Self {
        Self::vendor()
    }
}

/// Builds a [`Tracker`]; see [`Tracker::builder`].
pub struct TrackerBuilder {
    store: Option<Arc<dyn Store>>,
    clock: Arc<dyn Clock>,
    vendors: Vec<(Arc<dyn ErasedVendor>, VendorOptions)>,
    hooks: Vec<Hook>,
    policies: Policies,
    owner: Option<String>,
    lease: Duration,
    call_timeout: Duration,
    batch: u32,
    seed: Option<u64>,
}

impl TrackerBuilder {
    pub(crate) fn new() -> Self {
        Self {
            store: None,
            clock: Arc::new(SystemClock),
            vendors: Vec::new(),
            hooks: Vec::new(),
            policies: Policies::default(),
            owner: None,
            lease: Duration::from_secs(300),
            call_timeout: Duration::from_secs(60),
            batch: 500,
            seed: None,
        }
    }

    /// The store (required): [`SqliteStore`](crate::SqliteStore) or `PostgresStore`.
    pub fn store(mut self, store: impl Store) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// A store shared with other code.
    pub fn shared_store(mut self, store: Arc<dyn Store>) -> Self {
        self.store = Some(store);
        self
    }

    /// The clock (default: the system clock); a [`VirtualClock`](crate::VirtualClock) in tests.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// A vendor client on the vendor's real API, with the tracker's policies.
    pub fn vendor<V: VendorApi>(self, api: V) -> Self {
        self.vendor_with(api, VendorOptions::vendor())
    }

    /// A vendor client with its own options (a sandbox endpoint, policies, concurrency).
    pub fn vendor_with<V: VendorApi>(mut self, api: V, options: VendorOptions) -> Self {
        self.vendors.push((Arc::new(api), options));
        self
    }

    /// A hook. Names must be unique.
    pub fn hook(mut self, hook: Hook) -> Self {
        self.hooks.push(hook);
        self
    }

    /// The poll policy of every vendor without its own.
    pub fn poll_policy(mut self, poll: PollPolicy) -> Self {
        self.policies.poll = poll;
        self
    }

    /// The error policy of every vendor without its own.
    pub fn error_policy(mut self, errors: ErrorPolicy) -> Self {
        self.policies.errors = errors;
        self
    }

    /// This tracker's name in leases (default: host name and process id). Trackers sharing
    /// a database need distinct names.
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// How long claimed work stays with this tracker before another may take it over
    /// (default 5 minutes; must exceed the call timeout).
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// The longest a vendor call may take (default 60 s); a slower call counts as a
    /// retryable error.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// Operations or deliveries claimed per store round trip (default 500).
    pub fn batch_size(mut self, batch: u32) -> Self {
        self.batch = batch.max(1);
        self
    }

    /// Seeds the jitter (default: from the time and process id), for reproducible tests.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Checks everything and builds the tracker: a store is set, vendors and hook names are
    /// unique, and every policy suits its endpoint (never under 5 minutes for a vendor's real
    /// API).
    pub fn build(self) -> Result<Tracker, TrackerError> {
        let store = self
            .store
            .ok_or_else(|| TrackerError::Config("no store: call .store(…)".into()))?;
        if self.lease <= self.call_timeout {
            return Err(TrackerError::Config(format!(
                "lease: {} s must exceed the call timeout of {} s, or a slow call would let another tracker poll the same operation",
                self.lease.as_secs_f64(),
                self.call_timeout.as_secs_f64()
            )));
        }
        let mut vendors = BTreeMap::new();
        for (api, options) in self.vendors {
            let name = api.name();
            let policies = options.policies.unwrap_or(self.policies);
            policies
                .poll
                .check(options.endpoint)
                .map_err(|error| prefix(error, name))?;
            let slot = VendorSlot {
                api,
                endpoint: options.endpoint,
                policies,
                calls: Arc::new(Semaphore::new(options.max_concurrent)),
            };
            if vendors.insert(name, slot).is_some() {
                return Err(TrackerError::Config(format!(
                    "vendor {name} was given twice"
                )));
            }
        }
        let mut hooks: Vec<Hook> = Vec::new();
        for hook in self.hooks {
            if hooks.iter().any(|known| known.name == hook.name) {
                return Err(TrackerError::Config(format!(
                    "hook name {} was given twice; deliveries are stored by name",
                    hook.name
                )));
            }
            if hook.timeout >= self.lease {
                return Err(TrackerError::Config(format!(
                    "hook {}: its timeout of {} s must be shorter than the lease of {} s",
                    hook.name,
                    hook.timeout.as_secs_f64(),
                    self.lease.as_secs_f64()
                )));
            }
            hooks.push(hook);
        }
        let seed = self.seed.unwrap_or_else(|| {
            let now = SystemClock.now_nanos();
            now ^ (u64::from(std::process::id()) << 32)
        });
        let owner = self.owner.unwrap_or_else(default_owner);
        let (changed, _) = watch::channel(0);
        Ok(Tracker {
            inner: Arc::new(Inner {
                store,
                clock: self.clock,
                vendors,
                hooks,
                owner,
                lease: self.lease,
                call_timeout: self.call_timeout,
                batch: self.batch,
                rng: Mutex::new(SmallRng::seed_from_u64(seed)),
                work_added: Notify::new(),
                changed,
            }),
        })
    }
}

fn prefix(error: TrackerError, vendor: &str) -> TrackerError {
    match error {
        TrackerError::Policy(why) => TrackerError::Policy(format!("vendor {vendor}: {why}")),
        other => other,
    }
}

impl SystemClock {
    fn now_nanos(self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|since| since.as_nanos() as u64)
            .unwrap_or_default()
    }
}

fn default_owner() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "localhost".into());
    // Several trackers in one process get distinct names.
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{host}:{}:{n}", std::process::id())
}
