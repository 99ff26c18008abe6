//! The sandbox core: store, clock, credentials, the worker pass and the admin operations.
//! The vendor layers (`vendor::gandi`, `vendor::netim`) and the HTTP server build on it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::clock::{self, AdvanceError, Clock, ClockMode, VIRTUAL_EPOCH_MS};
use crate::engine;
use crate::error::{CoreError, CoreResult};
use crate::outcome::Outcome;
use crate::plan::{NETIM_START_SECS, Vendor};
use crate::store::{self, NewOperation, OpRow, Store, StoreError, TransitionRow, rows};

/// How a sandbox runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// SQLite database file, or `:memory:`.
    pub db: String,
    /// Real or virtual time.
    pub clock: ClockMode,
    /// Seeds the credentials (and nothing else random): the same seed gives the same API key
    /// and Netim secret. `None` keeps the database's seed, or picks one for a new database.
    pub seed: Option<u64>,
    /// Answer a poll of the same operation within 5 minutes (sandbox time) with the vendor's
    /// rate-limit error.
    pub strict_poll: bool,
    /// The largest `items_per_page` `operation.list` accepts (a sandbox limit; Gandi documents
    /// none).
    pub max_items_per_page: i64,
    /// A Netim session unused for this long (sandbox time) has expired.
    pub netim_session_idle_secs: i64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            db: ":memory:".into(),
            clock: ClockMode::Real,
            seed: None,
            strict_poll: false,
            max_items_per_page: 1000,
            netim_session_idle_secs: 3600,
        }
    }
}

/// The test credentials of a sandbox.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct Credentials {
    /// Gandi API key (first parameter of every XML-RPC call).
    pub gandi_api_key: String,
    /// Netim reseller login (HTTP Basic user of `POST session/`).
    pub netim_login: String,
    /// Netim secret (HTTP Basic password).
    pub netim_secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("gandi_api_key", &"<redacted>")
            .field("netim_login", &self.netim_login)
            .field("netim_secret", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// The credentials seed `seed` gives.
    pub fn from_seed(seed: u64) -> Self {
        let a = splitmix(seed);
        let b = splitmix(a);
        Self {
            gandi_api_key: format!("sandbox-{a:016x}"),
            netim_login: "SANDBOX".into(),
            netim_secret: format!("sandbox-{b:016x}"),
        }
    }
}

/// SplitMix64: a seed → well-spread 64-bit values.
pub(crate) fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64 random bits from the standard library's per-process random hash keys.
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(crate::clock::wall_ms().cast_unsigned());
    h.finish()
}

/// A request of the admin API to create operations.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    /// `gandi` or `netim`.
    pub vendor: Vendor,
    /// Gandi operation type (default `domain_create`) or Netim function (default
    /// `domainCreate`).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The domain (or other target); its first label scripts the outcome.
    pub domain: String,
    /// The step / status to bring the operation to at once, through declared transitions.
    #[serde(default)]
    pub state: Option<String>,
    /// An outcome overriding the domain's (`success`, `instant`, `fail-duplicate`, `support`,
    /// `slow`).
    #[serde(default)]
    pub outcome: Option<String>,
    /// Extra members of `params` (Gandi resource ids such as `vm_id` are filterable).
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// How many such operations to create (default 1, at most 1,000,000).
    #[serde(default)]
    pub count: Option<u32>,
}

/// A running sandbox registrar.
#[derive(Debug)]
pub struct Sandbox {
    pub(crate) store: Store,
    clock: Clock,
    pub(crate) config: Config,
    credentials: Credentials,
    polls: Mutex<HashMap<(Vendor, i64), i64>>,
    pub(crate) wake: tokio::sync::Notify,
}

const META_SEED: &str = "seed";
const META_VIRTUAL_NOW: &str = "virtual_now_ms";

impl Sandbox {
    /// Opens the store of `config` (creating or migrating it) and the clock.
    pub fn open(config: Config) -> Result<Arc<Self>, StoreError> {
        let store = Store::open(&config.db)?;
        let (seed, virtual_ms) = store.write(|tx| -> Result<_, rusqlite::Error> {
            let stored: Option<u64> = store::get_meta(tx, META_SEED)?.and_then(|s| s.parse().ok());
            let seed = config.seed.or(stored).unwrap_or_else(random_u64);
            store::set_meta(tx, META_SEED, &seed.to_string())?;
            // A stored time outside what the clock allows (a database edited by hand) is
            // brought back within it rather than read as it is.
            let virtual_ms = store::get_meta(tx, META_VIRTUAL_NOW)?
                .and_then(|s| s.parse::<i64>().ok())
                .map_or(VIRTUAL_EPOCH_MS, |ms| ms.clamp(0, clock::MAX_MS));
            store::set_meta(tx, META_VIRTUAL_NOW, &virtual_ms.to_string())?;
            crate::vendor::netim::seed_contacts(tx)?;
            Ok((seed, virtual_ms))
        })?;
        Ok(Arc::new(Self {
            store,
            clock: Clock::new(config.clock, virtual_ms),
            credentials: Credentials::from_seed(seed),
            config,
            polls: Mutex::new(HashMap::new()),
            wake: tokio::sync::Notify::new(),
        }))
    }

    /// The test credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sandbox time, ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Real or virtual.
    pub fn clock_mode(&self) -> ClockMode {
        self.clock.mode()
    }

    /// Moves a virtual clock forward by `secs` seconds, then makes every move due by then
    /// (each its own transaction). Gives the new time and the number of transitions made.
    /// The clock never passes 9999-12-31T23:59:59Z ([`clock::MAX_MS`]): a larger advance is
    /// refused with the allowed range and nothing moves.
    pub fn advance(&self, secs: i64) -> CoreResult<(i64, usize)> {
        let out_of_range = |max_ms: i64| {
            CoreError::invalid(
                "seconds",
                format!(
                    "expected 0 to {} (the virtual clock stops at 9999-12-31T23:59:59Z), got {secs}",
                    max_ms / 1000
                ),
            )
        };
        if self.clock.mode() == ClockMode::Real {
            return Err(CoreError::invalid(
                "clock",
                "the sandbox runs on the real clock; start it with --clock virtual",
            ));
        }
        let ms = match secs.checked_mul(1000) {
            Some(ms) if ms >= 0 => ms,
            _ => return Err(out_of_range(clock::MAX_MS - self.now_ms())),
        };
        // Hold the writer while the time moves, so that the stored time and the clock agree.
        let now = self.store.write(|tx| -> CoreResult<i64> {
            let now = self.clock.advance(ms).map_err(|e| match e {
                AdvanceError::OutOfRange { max_ms } => out_of_range(max_ms),
                AdvanceError::RealClock => CoreError::invalid("clock", "the real clock"),
            })?;
            store::set_meta(tx, META_VIRTUAL_NOW, &now.to_string())?;
            Ok(now)
        })?;
        let moved = self.run_due()?;
        self.wake.notify_one();
        Ok((now, moved))
    }

    /// The worker's pass: makes every move due now, earliest first, each transition in its own
    /// transaction guarded by the state it leaves. Gives the number of transitions made.
    pub fn run_due(&self) -> CoreResult<usize> {
        let now = self.now_ms();
        let mut moved = 0;
        loop {
            let batch = self.store.read(|c| rows::due(c, now, 256))?;
            if batch.is_empty() {
                return Ok(moved);
            }
            for stale in batch {
                moved += self.store.write(|tx| -> CoreResult<usize> {
                    // Read again inside the transaction: a request may have moved it.
                    let Some(row) = rows::get_any(tx, stale.id)? else {
                        return Ok(0);
                    };
                    match (row.next_move.clone(), row.due_ms) {
                        (Some(name), Some(due)) if due <= now => {
                            engine::apply(tx, row, &name, due)?;
                            Ok(1)
                        }
                        _ => Ok(0),
                    }
                })?;
            }
        }
    }

    /// When the next scheduled move is due, if any.
    pub fn next_due_ms(&self) -> CoreResult<Option<i64>> {
        Ok(self.store.read(rows::next_due)?)
    }

    /// Creates operations as the admin API asks: in the machine's initial state, then moved
    /// through declared transitions to `state` if given. Gives the first and last ids.
    pub fn admin_create(&self, req: &CreateRequest) -> CoreResult<Vec<OpRow>> {
        let count = req.count.unwrap_or(1);
        if count == 0 || count > 1_000_000 {
            return Err(CoreError::invalid("count", "expected 1 to 1000000"));
        }
        let target = crate::name::canonical(&req.domain).map_err(|why| {
            CoreError::invalid(
                "domain",
                format!("`{}` is not a domain or host name: {why}", req.domain),
            )
        })?;
        let kind = req.kind.clone().unwrap_or_else(|| match req.vendor {
            Vendor::Gandi => "domain_create".into(),
            Vendor::Netim => "domainCreate".into(),
        });
        let outcome = match &req.outcome {
            Some(name) => Outcome::from_name(name).ok_or_else(|| {
                CoreError::invalid(
                    "outcome",
                    format!("unknown outcome `{name}`; expected success, instant, support, slow or fail-<error>"),
                )
            })?,
            None => Outcome::for_target(&target),
        };
        let initial = engine::initial(req.vendor);
        let path = match &req.state {
            Some(state) => engine::path_names(req.vendor, initial, state).ok_or_else(|| {
                CoreError::invalid(
                    "state",
                    format!(
                        "the {} machine cannot reach `{state}` from {initial}",
                        req.vendor.as_str()
                    ),
                )
            })?,
            None => Vec::new(),
        };
        let mut params = req.params.clone();
        params.insert("domain".into(), target.clone().into());
        let params = serde_json::Value::Object(params).to_string();
        let now = self.now_ms();
        let mut created = Vec::new();
        let mut left = count;
        while left > 0 {
            let chunk = left.min(10_000);
            left -= chunk;
            let rows = self.store.write(|tx| -> CoreResult<Vec<OpRow>> {
                let mut out = Vec::new();
                for _ in 0..chunk {
                    let op = NewOperation {
                        vendor: req.vendor,
                        kind: kind.clone(),
                        state: initial.to_string(),
                        target: target.clone(),
                        outcome: outcome.to_stored(),
                        created_ms: now,
                        started_ms: (req.vendor == Vendor::Netim)
                            .then(|| now + NETIM_START_SECS * 1000),
                        params: params.clone(),
                    };
                    let mut row = engine::create(tx, op)?;
                    for name in &path {
                        row = engine::apply(tx, row, name, now)?;
                    }
                    // A bulk creation answers with its first and last operations only.
                    if count <= 1000 || out.len() < 2 {
                        out.push(row);
                    } else {
                        out[1] = row;
                    }
                }
                Ok(out)
            })?;
            if count <= 1000 || created.len() < 2 {
                created.extend(rows);
            } else if let Some(last) = rows.into_iter().last() {
                created[1] = last;
            }
        }
        self.wake.notify_one();
        Ok(created)
    }

    /// Applies a transition to operation `id` as the admin API asks: by name (`resume`) or
    /// towards a state (`RUN`), only if the vendor's machine declares it.
    pub fn admin_step(
        &self,
        id: i64,
        transition: Option<&str>,
        to: Option<&str>,
    ) -> CoreResult<OpRow> {
        let now = self.now_ms();
        let row = self.store.write(|tx| -> CoreResult<OpRow> {
            let row = rows::get_any(tx, id)?
                .ok_or_else(|| CoreError::NotFound(format!("operation {id}")))?;
            let name = match (transition, to) {
                (Some(name), _) => name.to_string(),
                (None, Some(to)) => engine::name_towards(row.vendor, &row.state, to)
                    .ok_or_else(|| CoreError::Refused {
                        code: regops_validate::ViolationCode::InvalidTransition,
                        path: "to".into(),
                        message: format!(
                            "the {} machine has no transition from {} to {to}",
                            row.vendor.as_str(),
                            row.state
                        ),
                    })?
                    .to_string(),
                (None, None) => {
                    return Err(CoreError::invalid(
                        "transition",
                        "expected `transition` or `to`",
                    ));
                }
            };
            engine::apply(tx, row, &name, now)
        })?;
        self.wake.notify_one();
        Ok(row)
    }

    /// Operation `id` (any vendor) and its recorded transitions.
    pub fn admin_get(&self, id: i64) -> CoreResult<(OpRow, Vec<TransitionRow>)> {
        self.store
            .read(|c| Ok(rows::get_any(c, id)?.map(|row| (row, rows::history(c, id)))))?
            .map(|(row, history)| Ok((row, history?)))
            .unwrap_or_else(|| Err(CoreError::NotFound(format!("operation {id}"))))
    }

    /// Strict poll mode: refuses a poll of the same operation within 5 minutes of sandbox
    /// time, and remembers this one.
    pub(crate) fn check_poll(&self, vendor: Vendor, id: i64) -> CoreResult<()> {
        if !self.config.strict_poll {
            return Ok(());
        }
        const MIN_MS: i64 = 5 * 60 * 1000;
        let now = self.now_ms();
        let mut polls = self
            .polls
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(&last) = polls.get(&(vendor, id))
            && now - last < MIN_MS
        {
            return Err(CoreError::RateLimited {
                id,
                retry_after_secs: (MIN_MS - (now - last) + 999) / 1000,
            });
        }
        polls.insert((vendor, id), now);
        Ok(())
    }

    /// The store (for the vendor layers).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}
