//! Netim's operations and domain, contact and host functions, played by the sandbox: typed
//! results, refusals as an HTTP status with a `message`, sessions with bearer tokens.
//!
//! Requests that change something create an operation; Netim's real-time functions answer
//! `Done` at once, registrations and transfers `Pending` (see [`crate::outcome`]). Object
//! changes take effect when the operation completes.

use regops_model::netim::{
    Contact, DomainFlag, DomainInfo, DomainState, DomainStatus, OperationResponse, OperationStatus,
    PendingOperation,
};
use regops_model::{DateTimeOrString, IntOrDigits, Map};
use regops_validate::Validate as _;
use rusqlite::{Connection, OptionalExtension as _, params};

use crate::clock::to_naive;
use crate::engine;
use crate::error::{CoreError, CoreResult};
use crate::machine;
use crate::outcome::Outcome;
use crate::plan::{NETIM_START_SECS, Vendor};
use crate::sandbox::Sandbox;
use crate::store::rows::{self, Cmp, Column, ListQuery};
use crate::store::{NewOperation, OpRow};

/// A Netim error: the HTTP status and the `message` of its JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetimError {
    /// HTTP status (4xx; 5xx only when the store fails).
    pub status: u16,
    /// The text of the JSON member `message`.
    pub message: String,
    /// Seconds before trying again (`Retry-After`), for a 429.
    pub retry_after: Option<u64>,
}

impl NetimError {
    /// An error with this status and message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl std::fmt::Display for NetimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.message)
    }
}

impl std::error::Error for NetimError {}

impl From<CoreError> for NetimError {
    fn from(e: CoreError) -> Self {
        let status = match &e {
            CoreError::NotFound(_) => 404,
            CoreError::Refused { .. } | CoreError::Invalid { .. } => 400,
            CoreError::Exists(_) | CoreError::Conflict(_) => 409,
            CoreError::RateLimited { .. } => 429,
            CoreError::Store(_) => 503,
        };
        let retry_after = match &e {
            CoreError::RateLimited {
                retry_after_secs, ..
            } => u64::try_from(*retry_after_secs).ok(),
            _ => None,
        };
        NetimError {
            retry_after,
            ..NetimError::new(status, e.to_string())
        }
    }
}

/// What a domain operation changes when it completes (stored with the operation).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum DomainChange {
    /// `domainCreate`.
    Create {
        /// Contacts: owner, admin, tech, billing.
        contacts: [String; 4],
        /// Name servers.
        ns: Vec<String>,
        /// Years.
        duration: i64,
    },
    /// `domainTransferIn`.
    TransferIn {
        /// Contacts: owner, admin, tech, billing.
        contacts: [String; 4],
        /// Name servers.
        ns: Vec<String>,
    },
    /// `domainTransferOwner`.
    TransferOwner {
        /// New owner contact.
        owner: String,
    },
    /// `domainChangeDNS`.
    ChangeDns {
        /// New name servers.
        ns: Vec<String>,
    },
    /// `domainSetPreference`.
    Preference {
        /// `codePref`.
        code: String,
        /// New value.
        value: String,
    },
    /// `domainSetDNSSec`.
    DnsSec {
        /// Sign or unsign.
        enable: bool,
    },
    /// `domainAuthID`.
    AuthId,
    /// `domainZoneInit`.
    ZoneInit {
        /// Template number.
        template: i64,
    },
    /// `hostCreate` / `hostUpdate`.
    HostSet {
        /// IPv4 addresses.
        ipv4: Vec<String>,
        /// IPv6 addresses.
        ipv6: Vec<String>,
    },
    /// `hostDelete`.
    HostDelete,
}

/// The two contacts every new sandbox has: an owner (registrant) and a simple contact.
pub const SEED_CONTACTS: [(&str, &str, i64); 2] = [("SO1", "Owner", 1), ("SC2", "Contact", 0)];

/// The `idOwner` of a transfer that keeps the registrant the registry holds (schema:
/// `domainTransferIn.idOwner`).
pub const AUTO_OWNER: &str = "#AUTO#";

/// Creates [`SEED_CONTACTS`] if missing.
pub fn seed_contacts(tx: &Connection) -> rusqlite::Result<()> {
    for (id, last, owner) in SEED_CONTACTS {
        tx.prepare_cached("INSERT OR IGNORE INTO contacts (id, body) VALUES (?1, ?2)")?
            .execute(params![id, to_json(&sandbox_contact(last, owner))])?;
    }
    Ok(())
}

/// A sandbox person with last name `last`; `owner` is its `isOwner`.
fn sandbox_contact(last: &str, owner: i64) -> Contact {
    Contact {
        first_name: Some("Sandbox".into()),
        last_name: Some(last.into()),
        body_form: Some("IND".into()),
        address1: Some("1 rue de la Paix".into()),
        zip_code: Some("75002".into()),
        city: Some("Paris".into()),
        country: Some("FR".into()),
        phone: Some("+33 123456789".into()),
        email: Some("sandbox@example.com".into()),
        language: Some("EN".into()),
        is_owner: Some(owner),
        ..Default::default()
    }
}

/// Stores `contact` under a new ID: the initials of its names and a number (`SO1`, `JD3`).
fn insert_contact(tx: &Connection, contact: &Contact) -> rusqlite::Result<String> {
    let initials: String = [&contact.first_name, &contact.last_name]
        .iter()
        .map(|n| {
            n.as_deref()
                .and_then(|n| n.chars().find(char::is_ascii_alphabetic))
                .unwrap_or('X')
                .to_ascii_uppercase()
        })
        .collect();
    let n: i64 = tx.query_row("SELECT COUNT(*) + 1 FROM contacts", [], |r| r.get(0))?;
    let id = format!("{initials}{n}");
    tx.prepare_cached("INSERT INTO contacts (id, body) VALUES (?1, ?2)")?
        .execute(params![id, to_json(contact)])?;
    Ok(id)
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
}

/// Netim's functions on a sandbox.
#[derive(Debug, Clone, Copy)]
pub struct Netim<'a> {
    sandbox: &'a Sandbox,
}

impl Sandbox {
    /// The Netim side of this sandbox.
    pub fn netim(&self) -> Netim<'_> {
        Netim { sandbox: self }
    }
}

impl Netim<'_> {
    /// `sessionOpen`: checks the reseller's login and secret and gives a new token.
    pub fn open_session(&self, login: &str, secret: &str) -> Result<String, NetimError> {
        let creds = self.sandbox.credentials();
        if login != creds.netim_login || secret != creds.netim_secret {
            return Err(NetimError::new(
                401,
                "Authentication failed: unknown login or wrong secret",
            ));
        }
        let token = format!(
            "{:016x}{:016x}",
            crate::sandbox::random_u64(),
            crate::sandbox::random_u64()
        );
        let now = self.sandbox.now_ms();
        self.sandbox
            .store()
            .write(|tx| {
                tx.prepare_cached(
                    "INSERT INTO sessions (token, login, created_ms, last_ms) VALUES (?1, ?2, ?3, ?3)",
                )?
                .execute(params![token, login, now])
            })
            .map_err(CoreError::from)?;
        Ok(token)
    }

    /// Checks a bearer token: 401 when unknown, closed or idle for longer than the session
    /// lifetime; otherwise records the activity.
    pub fn check_session(&self, token: &str) -> Result<(), NetimError> {
        let now = self.sandbox.now_ms();
        let idle_ms = self
            .sandbox
            .config()
            .netim_session_idle_secs
            .saturating_mul(1000);
        let last: Option<i64> = self
            .sandbox
            .store()
            .read(|c| {
                c.prepare_cached("SELECT last_ms FROM sessions WHERE token = ?1")?
                    .query_row([token], |r| r.get(0))
                    .optional()
            })
            .map_err(CoreError::from)?;
        match last {
            None => Err(NetimError::new(
                401,
                "Session not found: open a session with POST session/",
            )),
            Some(last) if now - last > idle_ms => Err(NetimError::new(
                401,
                "Session expired: open a new session with POST session/",
            )),
            Some(last) => {
                // Write the activity at most once a minute: polling stays a read.
                if now - last >= 60_000 {
                    self.sandbox
                        .store()
                        .write(|tx| {
                            tx.prepare_cached("UPDATE sessions SET last_ms = ?2 WHERE token = ?1")?
                                .execute(params![token, now])
                        })
                        .map_err(CoreError::from)?;
                }
                Ok(())
            }
        }
    }

    /// `sessionClose`.
    pub fn close_session(&self, token: &str) -> Result<(), NetimError> {
        let closed = self
            .sandbox
            .store()
            .write(|tx| {
                tx.prepare_cached("DELETE FROM sessions WHERE token = ?1")?
                    .execute([token])
            })
            .map_err(CoreError::from)?;
        if closed == 0 {
            return Err(NetimError::new(401, "Session not found"));
        }
        Ok(())
    }

    /// `queryOpe` (rate-limited in strict poll mode).
    pub fn query_ope(&self, id: i64) -> Result<OperationResponse, NetimError> {
        let row = self
            .sandbox
            .store()
            .read(|c| rows::get(c, Vendor::Netim, id))
            .map_err(CoreError::from)?
            .ok_or_else(|| CoreError::NotFound(format!("operation {id}")))?;
        self.sandbox.check_poll(Vendor::Netim, id)?;
        Ok(to_response(&row))
    }

    /// `queryOpePending`.
    pub fn query_ope_pending(&self) -> Result<Vec<PendingOperation>, NetimError> {
        let query = ListQuery {
            conditions: vec![(
                Column::State,
                Cmp::Eq,
                vec![OperationStatus::Pending.as_str().to_string().into()],
            )],
            ..Default::default()
        };
        let found = self
            .sandbox
            .store()
            .read(|c| rows::list(c, Vendor::Netim, &query))
            .map_err(CoreError::from)?;
        Ok(found
            .iter()
            .map(|row| PendingOperation {
                // A string of digits, as the Java client's struct types it.
                id_ope: Some(IntOrDigits::as_digits(row.id)),
                code_ope: Some(row.kind.clone()),
                date_ope: Some(netim_date(row.created_ms)),
                data_ope: Some(row.target.clone()),
                ..Default::default()
            })
            .collect())
    }

    /// `cancelOpe`: only while `Pending` and before processing has started.
    pub fn cancel_ope(&self, id: i64) -> Result<(), NetimError> {
        let now = self.sandbox.now_ms();
        self.sandbox.store().write(|tx| -> CoreResult<()> {
            let row = rows::get(tx, Vendor::Netim, id)?
                .ok_or_else(|| CoreError::NotFound(format!("operation {id}")))?;
            let refused = regops_validate::netim::cancel_ope(&OperationStatus::from(row.state.as_str()));
            if let Some(v) = refused.first_error() {
                return Err(v.clone().into());
            }
            if row.started_ms.is_some_and(|start| start <= now) {
                return Err(CoreError::Refused {
                    code: regops_validate::ViolationCode::PreconditionFailed,
                    path: "STATUS".into(),
                    message: format!(
                        "operation {id} is being processed: it can be cancelled only until its processing has started"
                    ),
                });
            }
            let name = engine::name_towards(Vendor::Netim, &row.state, OperationStatus::Cancelled.as_str())
                .ok_or_else(|| CoreError::Conflict(format!("operation {id}")))?;
            engine::apply(tx, row, name, now)?;
            Ok(())
        })?;
        Ok(())
    }

    /// Submits an operation of function `kind` on `target` making `change`; `realtime`
    /// functions complete at once unless the target scripts otherwise.
    pub fn submit(
        &self,
        kind: &str,
        target: &str,
        mut change: DomainChange,
        realtime: bool,
    ) -> Result<OperationResponse, NetimError> {
        let now = self.sandbox.now_ms();
        let mut outcome = Outcome::for_target(target);
        if realtime && outcome == Outcome::Success {
            outcome = Outcome::Instant;
        }
        let row = self.sandbox.store().write(|tx| -> CoreResult<OpRow> {
            precheck(tx, target, &mut change, now)?;
            let op = NewOperation {
                vendor: Vendor::Netim,
                kind: kind.to_string(),
                state: engine::initial(Vendor::Netim).to_string(),
                target: target.to_string(),
                outcome: outcome.to_stored(),
                created_ms: now,
                started_ms: Some(if outcome == Outcome::Instant {
                    now
                } else {
                    now + NETIM_START_SECS * 1000
                }),
                params: to_json(&change),
            };
            engine::create(tx, op)
        })?;
        self.sandbox.wake.notify_one();
        Ok(to_response(&row))
    }

    /// `domainInfo`.
    pub fn domain_info(&self, domain: &str) -> Result<DomainInfo, NetimError> {
        let info = self
            .sandbox
            .store()
            .read(|c| load_domain(c, domain))
            .map_err(CoreError::from)?
            .ok_or_else(|| CoreError::NotFound(format!("domain {domain}")))?;
        Ok(info)
    }

    /// `contactCreate`: validates the contact, stores it under a new ID (two letters and a
    /// number) and records a `Done` operation.
    pub fn contact_create(&self, contact: &Contact) -> Result<String, NetimError> {
        let report = contact.validate_at("contact");
        if let Some(v) = report.first_error() {
            return Err(CoreError::invalid(v.path.clone(), v.message.clone()).into());
        }
        let now = self.sandbox.now_ms();
        let id = self.sandbox.store().write(|tx| -> CoreResult<String> {
            let id = insert_contact(tx, contact)?;
            engine::create(
                tx,
                NewOperation {
                    vendor: Vendor::Netim,
                    kind: "contactCreate".into(),
                    state: engine::initial(Vendor::Netim).to_string(),
                    target: id.clone(),
                    outcome: Outcome::Instant.to_stored(),
                    created_ms: now,
                    started_ms: Some(now),
                    params: "{}".into(),
                },
            )?;
            Ok(id)
        })?;
        Ok(id)
    }

    /// `contactInfo`.
    pub fn contact_info(&self, id: &str) -> Result<Contact, NetimError> {
        let contact = self
            .sandbox
            .store()
            .read(|c| load_contact(c, id))
            .map_err(CoreError::from)?
            .ok_or_else(|| CoreError::NotFound(format!("contact {id}")))?;
        Ok(contact)
    }
}

fn load_contact(c: &Connection, id: &str) -> rusqlite::Result<Option<Contact>> {
    let body: Option<String> = c
        .prepare_cached("SELECT body FROM contacts WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn load_domain(c: &Connection, name: &str) -> rusqlite::Result<Option<DomainInfo>> {
    let body: Option<String> = c
        .prepare_cached("SELECT info FROM domains WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?;
    Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
}

fn save_domain(c: &Connection, name: &str, info: &DomainInfo) -> rusqlite::Result<()> {
    let state = info
        .status
        .as_ref()
        .and_then(|s| s.state().map(|s| s.as_str().to_string()))
        .unwrap_or_default();
    c.prepare_cached(
        "INSERT INTO domains (name, state, info) VALUES (?1, ?2, ?3) \
         ON CONFLICT (name) DO UPDATE SET state = excluded.state, info = excluded.info",
    )?
    .execute(params![name, state, to_json(info)])?;
    Ok(())
}

/// Checks a request against the objects it names, and creates the domain object of a
/// registration or transfer (state `PENDING`). A transfer's `#AUTO#` owner becomes the
/// contact the sandbox makes for the registrant the registry holds.
fn precheck(
    tx: &Connection,
    target: &str,
    change: &mut DomainChange,
    now_ms: i64,
) -> CoreResult<()> {
    let transfer = matches!(change, DomainChange::TransferIn { .. });
    match change {
        DomainChange::Create { contacts, ns, .. } | DomainChange::TransferIn { contacts, ns } => {
            if let Some(existing) = load_domain(tx, target)?
                && existing.status.as_ref().and_then(|s| s.state()) != Some(&DomainState::Error)
            {
                return Err(CoreError::Exists(format!("domain {target}")));
            }
            if transfer && contacts[0] == AUTO_OWNER {
                // The registry keeps its registrant; Netim imports it as an owner contact.
                contacts[0] = insert_contact(tx, &sandbox_contact("Registrant", 1))?;
            }
            check_contacts(tx, contacts)?;
            let today = model_date(to_naive(now_ms).date());
            let info = DomainInfo {
                domain: Some(target.to_string()),
                date_create: Some(today),
                status: Some(DomainStatus::new(
                    Some(initial_domain_state()),
                    vec![DomainFlag::NotDelegated],
                )),
                id_owner: Some(contacts[0].clone()),
                id_admin: Some(contacts[1].clone()),
                id_tech: Some(contacts[2].clone()),
                id_billing: Some(contacts[3].clone()),
                domain_is_lock: Some(0),
                whois_privacy: Some(0),
                auto_renew: Some(0),
                ns: Some(ns.clone()),
                is_signed: Some(0),
                has_dns4_service: Some(0),
                ..Default::default()
            };
            save_domain(tx, target, &info)?;
        }
        DomainChange::HostSet { .. } => {}
        DomainChange::HostDelete => {
            if let Some(domain) = domain_using_host(tx, target)? {
                return Err(CoreError::Refused {
                    code: regops_validate::ViolationCode::PreconditionFailed,
                    path: String::new(),
                    message: format!(
                        "The object can not be deleted if it is linked to a domain name: host \
                         {target} is a name server of {domain}"
                    ),
                });
            }
        }
        DomainChange::TransferOwner { owner } => {
            require_domain(tx, target)?;
            let contact = load_contact(tx, owner)?.ok_or_else(|| {
                CoreError::invalid("idOwner", format!("contact {owner} not found"))
            })?;
            if contact.is_owner != Some(1) {
                return Err(CoreError::invalid(
                    "idOwner",
                    format!("contact {owner} is not an owner contact; expected isOwner 1"),
                ));
            }
        }
        _ => {
            require_domain(tx, target)?;
        }
    }
    Ok(())
}

/// A domain (not a failed registration) that has `host` among its name servers.
fn domain_using_host(tx: &Connection, host: &str) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached(
        "SELECT name FROM domains WHERE state <> ?2 \
         AND EXISTS (SELECT 1 FROM json_each(info, '$.ns') WHERE value = ?1) \
         ORDER BY name LIMIT 1",
    )?
    .query_row(params![host, DomainState::Error.as_str()], |r| r.get(0))
    .optional()
}

fn require_domain(tx: &Connection, name: &str) -> CoreResult<DomainInfo> {
    load_domain(tx, name)?.ok_or_else(|| CoreError::NotFound(format!("domain {name}")))
}

fn check_contacts(tx: &Connection, ids: &[String; 4]) -> CoreResult<()> {
    const PATHS: [&str; 4] = ["idOwner", "idAdmin", "idTech", "idBilling"];
    let mut found = Vec::with_capacity(4);
    for (id, path) in ids.iter().zip(PATHS) {
        found.push(
            load_contact(tx, id)?
                .ok_or_else(|| CoreError::invalid(path, format!("contact {id} not found")))?,
        );
    }
    let report = regops_validate::contacts::validate_domain_contacts(
        &found[0], &found[1], &found[2], &found[3],
    );
    match report.errors().next() {
        Some(v) => Err(CoreError::invalid(v.path.clone(), v.message.clone())),
        None => Ok(()),
    }
}

/// The schema's initial state of a domain object.
fn initial_domain_state() -> DomainState {
    <DomainState as machine::Machine>::initial().clone()
}

/// What completing (or failing) a Netim operation does to the objects it names.
pub(crate) fn effects(tx: &Connection, row: &OpRow, at_ms: i64) -> CoreResult<()> {
    let Ok(change) = serde_json::from_str::<DomainChange>(&row.params) else {
        return Ok(());
    };
    let completed = row.state == OperationStatus::Done.as_str();
    let failed = row.state == OperationStatus::Failed.as_str();
    if !completed && !failed {
        return Ok(());
    }
    if let DomainChange::HostSet { ipv4, ipv6 } = &change {
        if completed {
            tx.prepare_cached("INSERT OR REPLACE INTO hosts (name, body) VALUES (?1, ?2)")?
                .execute(params![
                    row.target,
                    to_json(&serde_json::json!({"ipv4": ipv4, "ipv6": ipv6}))
                ])?;
        }
        return Ok(());
    }
    if change == DomainChange::HostDelete {
        if completed {
            tx.prepare_cached("DELETE FROM hosts WHERE name = ?1")?
                .execute([&row.target])?;
        }
        return Ok(());
    }
    let Some(mut info) = load_domain(tx, &row.target)? else {
        return Ok(());
    };
    match &change {
        DomainChange::Create { duration, .. } => {
            move_domain(&mut info, if completed { "registered" } else { "fail" })?;
            if completed {
                let today = to_naive(at_ms).date();
                let expires = today
                    .checked_add_months(chrono::Months::new(
                        12 * u32::try_from(*duration).unwrap_or(1),
                    ))
                    .unwrap_or(today);
                info.date_expiration = Some(model_date(expires));
            }
        }
        DomainChange::TransferIn { .. } => {
            move_domain(&mut info, if completed { "registered" } else { "fail" })?;
        }
        _ if !completed => {}
        DomainChange::TransferOwner { owner } => info.id_owner = Some(owner.clone()),
        DomainChange::ChangeDns { ns } => info.ns = Some(ns.clone()),
        DomainChange::Preference { code, value } => {
            let flag = value.parse::<i64>().ok();
            match code.as_str() {
                "whois_privacy" => info.whois_privacy = flag,
                "registrar_lock" => info.domain_is_lock = flag,
                "auto_renew" => info.auto_renew = flag,
                other => {
                    info.extra_fields
                        .insert(other.to_string(), value.clone().into());
                }
            }
        }
        DomainChange::DnsSec { enable } => info.is_signed = Some(i64::from(*enable)),
        DomainChange::AuthId => {
            info.auth_id = Some(format!(
                "{:012x}",
                crate::sandbox::splitmix(row.id.cast_unsigned()) >> 16
            ));
        }
        DomainChange::ZoneInit { .. } => info.has_dns4_service = Some(1),
        DomainChange::HostSet { .. } | DomainChange::HostDelete => {}
    }
    save_domain(tx, &row.target, &info)?;
    Ok(())
}

/// Moves a domain object's state by a transition of the schema's `netim.DomainState` machine.
fn move_domain(info: &mut DomainInfo, name: &str) -> CoreResult<()> {
    let current = info
        .status
        .as_ref()
        .and_then(|s| s.state().cloned())
        .unwrap_or_else(initial_domain_state);
    let Some(t) = machine::find(&current, name) else {
        return Err(CoreError::Refused {
            code: regops_validate::ViolationCode::InvalidTransition,
            path: "status".into(),
            message: format!("domain state {current} has no transition `{name}`"),
        });
    };
    let delegated =
        if t.to == DomainState::Active && info.ns.as_ref().is_some_and(|ns| !ns.is_empty()) {
            DomainFlag::Delegated
        } else {
            DomainFlag::NotDelegated
        };
    info.status = Some(DomainStatus::new(Some(t.to.clone()), vec![delegated]));
    Ok(())
}

/// A `StructDomainInfo` date, `YYYY-MM-DD`.
fn model_date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A Netim date-time, in the layout Netim documents (`yyyy-MM-dd HH:mm:ss`).
fn netim_date(ms: i64) -> DateTimeOrString {
    DateTimeOrString::string(to_naive(ms).format("%Y-%m-%d %H:%M:%S").to_string())
}

/// The `StructOperationResponse` of a stored operation.
pub fn to_response(row: &OpRow) -> OperationResponse {
    OperationResponse {
        id_ope: row.id,
        status: OperationStatus::from(row.state.as_str()),
        message: Some(row.last_error.clone()),
        r#type: Some(row.kind.clone()),
        date: Some(netim_date(row.created_ms)),
        data: Some(row.target.clone()),
        extra_fields: Map::new(),
    }
}
