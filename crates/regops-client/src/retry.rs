//! [`RetryPolicy`]: how many times, and how long apart, a failed call is sent again.
//!
//! Whether a failure is worth another attempt is the error's to say
//! ([`Error::is_retryable`](crate::Error::is_retryable): a Gandi fault of class `temporary`, a
//! 429 or 5xx, a timeout or a lost connection); whether this call may be sent again is the
//! method's ([`Method::READ_ONLY`](regops_model::Method::READ_ONLY) from the schema): a call
//! that creates or changes something is sent again only when the request provably never left.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use rand::rngs::SmallRng;
use rand::{RngExt, SeedableRng};

/// Bounded retries with exponential backoff and full jitter, honouring `Retry-After`.
///
/// Attempt `n` (from 1) that fails waits a random time in `[0, min(max_backoff,
/// initial_backoff × 2^(n−1))]` ("full jitter"), or what the server asked for in
/// `Retry-After` when that is longer. A server that asks for more than
/// [`max_retry_after`](Self::max_retry_after) gets the error back at once (it says when to
/// come back: [`Error::retry_after`](crate::Error::retry_after)).
///
/// ```
/// use std::time::Duration;
/// use regops_client::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .initial_backoff(Duration::from_millis(100));
/// assert_eq!(policy.attempts(), 5);
/// assert!(policy.backoff_ceiling(3) <= Duration::from_millis(400));
/// assert_eq!(RetryPolicy::never().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, backoff from 200 ms up to 10 s, `Retry-After` followed up to 60 s.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// One attempt: every failure is returned as it is.
    pub fn never() -> Self {
        Self::default().max_attempts(1)
    }

    /// At most `attempts` attempts in all (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The ceiling of the first backoff.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The largest backoff ceiling.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one returns the error.
    #[must_use]
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The number of attempts in all.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the backoff after failed attempt `attempt` (from 1).
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1u32 << doublings)
            .min(self.max_backoff)
    }

    /// How long to wait after failed attempt `attempt` before the next one, or `None` when
    /// there is no next one (attempts used up, or a `Retry-After` beyond the limit).
    pub(crate) fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        rng: &Jitter,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        if retry_after.is_some_and(|wait| wait > self.max_retry_after) {
            return None;
        }
        let jittered = rng.below(self.backoff_ceiling(attempt));
        Some(retry_after.map_or(jittered, |wait| wait.max(jittered)))
    }
}

/// The random source of the jitter, shared by a client's calls.
#[derive(Debug)]
pub(crate) struct Jitter(Mutex<SmallRng>);

impl Jitter {
    pub(crate) fn new() -> Self {
        // Jitter spreads clients apart; it needs no cryptographic seed, only a different one
        // per process and client.
        static CLIENTS: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let client = CLIENTS.fetch_add(1, Ordering::Relaxed);
        Self(Mutex::new(SmallRng::seed_from_u64(
            nanos ^ client.rotate_left(32) ^ u64::from(std::process::id()).rotate_left(48),
        )))
    }

    /// A uniformly random duration in `[0, ceiling]`.
    fn below(&self, ceiling: Duration) -> Duration {
        let fraction: f64 = match self.0.lock() {
            Ok(mut rng) => rng.random(),
            Err(poisoned) => poisoned.into_inner().random(),
        };
        ceiling.mul_f64(fraction)
    }
}

/// Reads a `Retry-After` header: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), as RFC 9110 §10.2.3 allows.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let when = u64::try_from(when.timestamp()).ok()?;
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Duration::from_secs(when.saturating_sub(now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500));
        let ceilings: Vec<u128> = (1..=5)
            .map(|n| policy.backoff_ceiling(n).as_millis())
            .collect();
        assert_eq!(ceilings, [100, 200, 400, 500, 500]);
        assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_millis(500));
    }

    #[test]
    fn delays_are_jittered_below_the_ceiling_and_bounded_in_number() {
        let policy = RetryPolicy::default()
            .max_attempts(3)
            .initial_backoff(Duration::from_millis(100));
        let rng = Jitter::new();
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let d = policy.delay(2, None, &rng).unwrap();
            assert!(d <= Duration::from_millis(200));
            seen.insert(d);
        }
        assert!(seen.len() > 100, "full jitter spreads the delays");
        assert_eq!(policy.delay(3, None, &rng), None);
    }

    #[test]
    fn retry_after_is_honoured_within_the_limit() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let rng = Jitter::new();
        assert!(
            policy.delay(1, Some(Duration::from_secs(3)), &rng).unwrap() >= Duration::from_secs(3)
        );
        assert_eq!(policy.delay(1, Some(Duration::from_secs(6)), &rng), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 120 "), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-3"), None);
    }
}
