//! Hooks: what runs when an operation changes (a command or a JSON webhook), and how a
//! failed delivery is retried.
//!
//! Each change owes one delivery to every hook whose [`Trigger`] matches it; the owed
//! deliveries are written in the same transaction as the change (an outbox), so none is lost.
//! A delivery is retried with a doubling delay until `max_attempts`, then recorded as failed;
//! once it has succeeded and been recorded it never runs again. A hook that succeeded but
//! whose success was not yet recorded when the process died runs once more: both hooks pass a
//! stable delivery id (`REGOPS_DELIVERY_ID`, header `Idempotency-Key`) so a receiver can tell.

use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use regops_model::lifecycle::Phase;
use tokio::io::AsyncWriteExt;

use crate::record::Change;

/// Which changes a hook receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// Every change.
    AnyChange,
    /// Changes into one of these phases.
    Phases(Vec<Phase>),
}

impl Trigger {
    /// The operation succeeded (Gandi `DONE`, Netim `Done`).
    pub fn done() -> Self {
        Trigger::Phases(vec![Phase::Succeeded])
    }

    /// The operation failed (Gandi `ERROR`, Netim `Failed`).
    pub fn error() -> Self {
        Trigger::Phases(vec![Phase::Failed])
    }

    /// The operation ended, whichever way.
    pub fn terminal() -> Self {
        Trigger::Phases(vec![Phase::Succeeded, Phase::Failed, Phase::Cancelled])
    }

    /// Whether `change` fires this trigger.
    pub fn matches(&self, change_phase: Option<Phase>, phase_changed: bool) -> bool {
        match self {
            Trigger::AnyChange => true,
            Trigger::Phases(phases) => {
                phase_changed && change_phase.is_some_and(|phase| phases.contains(&phase))
            }
        }
    }
}

/// What a hook does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookAction {
    /// Runs `program` with `args` (no shell). The change comes as JSON on standard input
    /// and in `REGOPS_*` environment variables; exit status 0 is success.
    Command {
        /// The program.
        program: String,
        /// Its arguments.
        args: Vec<String>,
    },
    /// POSTs the change as JSON to `url`; a 2xx status is success.
    Webhook {
        /// The URL (`http` or `https`).
        url: String,
    },
}

/// A hook: a name (stable: deliveries are stored under it), a trigger, an action and its
/// retry policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Hook {
    pub(crate) name: String,
    pub(crate) trigger: Trigger,
    pub(crate) action: HookAction,
    pub(crate) max_attempts: u32,
    pub(crate) first_retry: Duration,
    pub(crate) max_retry: Duration,
    pub(crate) timeout: Duration,
}

impl Hook {
    fn new(name: impl Into<String>, action: HookAction) -> Self {
        Self {
            name: name.into(),
            trigger: Trigger::AnyChange,
            action,
            max_attempts: 10,
            first_retry: Duration::from_secs(30),
            max_retry: Duration::from_secs(3600),
            timeout: Duration::from_secs(60),
        }
    }

    /// A hook running `program args…` on every change (narrow it with [`Hook::on`]).
    pub fn command<I, S>(name: impl Into<String>, program: impl Into<String>, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::new(
            name,
            HookAction::Command {
                program: program.into(),
                args: args.into_iter().map(Into::into).collect(),
            },
        )
    }

    /// A hook POSTing every change to `url` as JSON (narrow it with [`Hook::on`]).
    pub fn webhook(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self::new(name, HookAction::Webhook { url: url.into() })
    }

    /// Runs the hook only for changes matching `trigger`.
    pub fn on(mut self, trigger: Trigger) -> Self {
        self.trigger = trigger;
        self
    }

    /// Attempts before the delivery is recorded as failed (at least 1; default 10).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry (doubling after each failure, default 30 s) and
    /// the longest delay (default 1 hour).
    pub fn retry_delays(mut self, first: Duration, max: Duration) -> Self {
        self.first_retry = first;
        self.max_retry = max.max(first);
        self
    }

    /// How long one attempt may take (default 60 s); a command still running is killed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The hook's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Which changes it receives.
    pub fn trigger(&self) -> &Trigger {
        &self.trigger
    }

    /// What it does.
    pub fn action(&self) -> &HookAction {
        &self.action
    }

    /// Whether this hook owes a delivery for a change into `phase`.
    pub(crate) fn wants(&self, phase: Option<Phase>, phase_changed: bool) -> bool {
        self.trigger.matches(phase, phase_changed)
    }

    /// The delay before retrying after `attempts` failed attempts.
    pub(crate) fn retry_delay(&self, attempts: u32) -> Duration {
        let doublings = attempts.saturating_sub(1).min(30);
        self.first_retry
            .saturating_mul(1 << doublings)
            .min(self.max_retry)
    }

    /// Runs the hook for `change` once.
    pub(crate) async fn deliver(&self, change: &Change) -> Result<(), String> {
        let id = delivery_id(change, &self.name);
        let attempt = async {
            match &self.action {
                HookAction::Command { program, args } => {
                    run_command(program, args, change, &id).await
                }
                HookAction::Webhook { url } => post_webhook(url, change, &id).await,
            }
        };
        match tokio::time::timeout(self.timeout, attempt).await {
            Ok(result) => result,
            Err(_) => Err(format!("timed out after {} s", self.timeout.as_secs_f64())),
        }
    }
}

/// The id of one hook's delivery of one change, the same on every attempt.
pub fn delivery_id(change: &Change, hook: &str) -> String {
    format!(
        "{}:{}:{}:{}",
        change.vendor, change.operation, change.seq, hook
    )
}

async fn run_command(
    program: &str,
    args: &[String],
    change: &Change,
    id: &str,
) -> Result<(), String> {
    let phase = |phase: Option<Phase>| phase.map(|p| p.as_str()).unwrap_or("");
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .env("REGOPS_DELIVERY_ID", id)
        .env("REGOPS_CHANGE_SEQ", change.seq.to_string())
        .env("REGOPS_VENDOR", &change.vendor)
        .env("REGOPS_OPERATION", change.operation.to_string())
        .env("REGOPS_STATUS", &change.status)
        .env("REGOPS_PHASE", phase(change.phase))
        .env(
            "REGOPS_FROM_STATUS",
            change.from_status.as_deref().unwrap_or(""),
        )
        .env("REGOPS_FROM_PHASE", phase(change.from_phase))
        .env("REGOPS_MESSAGE", change.message.as_deref().unwrap_or(""))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        let body = change.to_json().to_string();
        // A command that does not read its input is fine.
        let _ = stdin.write_all(body.as_bytes()).await;
    }
    let output = child
        .wait_with_output()
        .await
        .map_err(|error| format!("waiting for {program}: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let tail: String = stderr
        .trim()
        .chars()
        .rev()
        .take(500)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    Err(format!("{program} exited with {}: {tail}", output.status))
}

/// One HTTP client for every webhook: rustls with the ring provider, no OpenSSL.
fn http_client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            // Only installs ring when the process has no provider yet.
            let _ = rustls::crypto::ring::default_provider().install_default();
            reqwest::Client::builder()
                .user_agent(concat!("regops-tracker/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(10))
                .build()
                .map_err(|error| format!("cannot build the HTTP client: {error}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

async fn post_webhook(url: &str, change: &Change, id: &str) -> Result<(), String> {
    let client = http_client()?;
    // Errors are recorded and logged: they name the URL without its credentials or query.
    let shown = redacted(url);
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("idempotency-key", id)
        .body(change.to_json().to_string())
        .send()
        .await
        .map_err(|error| format!("POST {shown}: {}", error.without_url()))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("POST {shown}: HTTP {status}"))
    }
}

/// `url` without user information, query or fragment, where webhook secrets usually live.
fn redacted(url: &str) -> String {
    let url = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    let Some(host) = url.find("://").map(|scheme| scheme + 3) else {
        return url.to_owned();
    };
    let authority_end = url[host..]
        .find('/')
        .map_or(url.len(), |slash| host + slash);
    match url[host..authority_end].rfind('@') {
        Some(at) => format!("{}{}", &url[..host], &url[host + at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_are_shown_without_secrets() {
        assert_eq!(
            redacted("https://u:pw@hooks.example.net/x?token=s3cret"),
            "https://hooks.example.net/x"
        );
        assert_eq!(
            redacted("http://127.0.0.1:8080/hook#frag"),
            "http://127.0.0.1:8080/hook"
        );
        assert_eq!(
            redacted("https://example.net/a@b"),
            "https://example.net/a@b"
        );
    }

    #[test]
    fn retries_double_up_to_the_cap() {
        let hook = Hook::webhook("w", "http://127.0.0.1/")
            .retry_delays(Duration::from_secs(30), Duration::from_secs(100));
        let delays: Vec<u64> = (1..=4).map(|n| hook.retry_delay(n).as_secs()).collect();
        assert_eq!(delays, [30, 60, 100, 100]);
    }
}
