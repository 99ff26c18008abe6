//! An in-process vendor for the tracker's tests: each operation follows a script of
//! statuses over the tracker's clock, and every call is recorded.
#![allow(dead_code)]

pub mod pg;

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use regops_model::gandi::{OperationListReturn, OperationType, Step};
use regops_model::netim::{OperationResponse, OperationStatus, PendingOperation};
use regops_model::{DateTime, Nullable};
use regops_tracker::{Clock, PendingPage, Timestamp, VendorApi, VendorError};

/// Which vendor's answers a fake gives.
pub trait Kind: Send + Sync + 'static {
    type Operation: regops_tracker::VendorOperation;
    type Pending: regops_tracker::PendingEntry;
    fn answer(id: i64, status: &str) -> Self::Operation;
    fn pending_entry(id: i64) -> Self::Pending;
    /// Entries per page of the pending list (`None`: one page).
    const PAGE: Option<usize>;
}

pub struct Gandi;
pub struct Netim;

impl Kind for Gandi {
    type Operation = OperationListReturn;
    type Pending = OperationListReturn;
    const PAGE: Option<usize> = Some(regops_tracker::gandi::PENDING_PAGE_SIZE as usize);

    fn answer(id: i64, status: &str) -> OperationListReturn {
        let date = DateTime::parse("20261122T10:11:12").unwrap();
        OperationListReturn {
            id,
            r#type: OperationType::from("domain_create"),
            step: Step::from(status),
            date_created: date,
            date_updated: date,
            date_start: Nullable::Empty,
            eta: None,
            errortype: Nullable::Absent,
            infos: None,
            last_error: match status {
                "ERROR" => Nullable::Value("registry refused".to_owned()),
                _ => Nullable::Absent,
            },
            params: None,
            session_id: None,
            source: None,
            cert_id: Nullable::Absent,
            vm_id: Nullable::Absent,
            extra_fields: Default::default(),
        }
    }

    fn pending_entry(id: i64) -> OperationListReturn {
        Self::answer(id, "RUN")
    }
}

impl Kind for Netim {
    type Operation = OperationResponse;
    type Pending = PendingOperation;
    const PAGE: Option<usize> = None;

    fn answer(id: i64, status: &str) -> OperationResponse {
        OperationResponse {
            id_ope: id,
            status: OperationStatus::from(status),
            message: (status == "Failed").then(|| "registry refused".to_owned()),
            r#type: Some("domainCreate".into()),
            date: None,
            data: Some("example.fr".into()),
            extra_fields: Default::default(),
        }
    }

    fn pending_entry(id: i64) -> PendingOperation {
        PendingOperation {
            id_ope: Some(regops_model::IntOrDigits::as_digits(id)),
            code_ope: Some("domainCreate".into()),
            ..Default::default()
        }
    }
}

/// A script: from each offset (since the fake was made) on, the operation has that status.
pub type Script = Vec<(Duration, &'static str)>;

pub struct Inner {
    clock: Arc<dyn Clock>,
    start: Timestamp,
    scripts: Mutex<BTreeMap<i64, Script>>,
    pub polls: Mutex<BTreeMap<i64, Vec<Timestamp>>>,
    errors: Mutex<BTreeMap<i64, VecDeque<VendorError>>>,
    pending: Mutex<Vec<i64>>,
    delay: Option<Duration>,
    in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

/// A fake vendor; clones share their state.
pub struct Fake<K> {
    pub inner: Arc<Inner>,
    kind: std::marker::PhantomData<fn() -> K>,
}

impl<K> Clone for Fake<K> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            kind: std::marker::PhantomData,
        }
    }
}

impl<K: Kind> Fake<K> {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self::with_delay(clock, None)
    }

    /// A fake whose calls each take `delay` of real time.
    pub fn with_delay(clock: Arc<dyn Clock>, delay: Option<Duration>) -> Self {
        let start = clock.now();
        Self {
            inner: Arc::new(Inner {
                clock,
                start,
                scripts: Mutex::default(),
                polls: Mutex::default(),
                errors: Mutex::default(),
                pending: Mutex::default(),
                delay,
                in_flight: AtomicUsize::new(0),
                max_in_flight: AtomicUsize::new(0),
            }),
            kind: std::marker::PhantomData,
        }
    }

    pub fn script(&self, id: i64, script: Script) {
        self.inner.scripts.lock().unwrap().insert(id, script);
    }

    pub fn fail_next(&self, id: i64, error: VendorError) {
        self.inner
            .errors
            .lock()
            .unwrap()
            .entry(id)
            .or_default()
            .push_back(error);
    }

    pub fn set_pending(&self, ids: Vec<i64>) {
        *self.inner.pending.lock().unwrap() = ids;
    }

    pub fn polls(&self, id: i64) -> Vec<Timestamp> {
        self.inner
            .polls
            .lock()
            .unwrap()
            .get(&id)
            .cloned()
            .unwrap_or_default()
    }

    pub fn total_polls(&self) -> usize {
        self.inner
            .polls
            .lock()
            .unwrap()
            .values()
            .map(Vec::len)
            .sum()
    }

    fn status_now(&self, id: i64) -> Option<&'static str> {
        let elapsed = self.inner.clock.now().since(self.inner.start);
        let scripts = self.inner.scripts.lock().unwrap();
        scripts
            .get(&id)?
            .iter()
            .rev()
            .find(|(from, _)| *from <= elapsed)
            .map(|(_, status)| *status)
    }
}

impl<K: Kind> VendorApi for Fake<K> {
    type Operation = K::Operation;
    type Pending = K::Pending;

    async fn operation(&self, id: i64) -> Result<K::Operation, VendorError> {
        let now = self.inner.clock.now();
        self.inner
            .polls
            .lock()
            .unwrap()
            .entry(id)
            .or_default()
            .push(now);
        let in_flight = self.inner.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.inner
            .max_in_flight
            .fetch_max(in_flight, Ordering::SeqCst);
        if let Some(delay) = self.inner.delay {
            tokio::time::sleep(delay).await;
        }
        self.inner.in_flight.fetch_sub(1, Ordering::SeqCst);
        if let Some(error) = self
            .inner
            .errors
            .lock()
            .unwrap()
            .get_mut(&id)
            .and_then(VecDeque::pop_front)
        {
            return Err(error);
        }
        match self.status_now(id) {
            Some(status) => Ok(K::answer(id, status)),
            None => Err(VendorError::permanent(format!("operation {id} not found"))),
        }
    }

    async fn pending(&self, page: u32) -> Result<PendingPage<K::Pending>, VendorError> {
        let ids = self.inner.pending.lock().unwrap().clone();
        let Some(size) = K::PAGE else {
            return Ok(PendingPage::complete(
                ids.into_iter().map(K::pending_entry).collect(),
            ));
        };
        let items: Vec<K::Pending> = ids
            .iter()
            .skip(page as usize * size)
            .take(size)
            .map(|id| K::pending_entry(*id))
            .collect();
        let more = items.len() == size;
        Ok(PendingPage { items, more })
    }
}

pub fn minutes(n: u64) -> Duration {
    Duration::from_secs(60 * n)
}

pub fn hours(n: u64) -> Duration {
    Duration::from_secs(3600 * n)
}

/// Runs the `#[ignore]`d test `name` of this test binary as a child process with `env`.
pub fn spawn_child(name: &str, env: &[(&str, String)]) -> std::process::Child {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            name,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .stdout(std::process::Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().expect("the test binary runs as a child")
}

/// The value of `key` in a child's environment.
pub fn child_env(key: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| panic!("{key} is set by the parent test"))
}

/// Appends one line to `path` (one `write` call, so lines of a killed process are whole).
pub fn append_line(path: &str, line: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    file.write_all(format!("{line}\n").as_bytes()).unwrap();
}
