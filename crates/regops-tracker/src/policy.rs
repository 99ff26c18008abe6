//! How often operations are polled, and what a failed poll does: the vendors' rules built in.
//!
//! Netim's advice (seed 004, "Pending requests management"): poll no more often than every
//! 5 minutes, 10 is best, for minutes to several days. [`PollPolicy`] starts at its
//! `interval` (10 minutes by default), lets the interval grow with the operation's age once it
//! has been pending for `grow_after`, caps it at `max_interval`, and adds jitter so that
//! operations added together do not poll in the same second. The 5-minute floor is the one
//! `regops_validate::ops::PollPolicy` enforces; only an endpoint marked
//! [`Endpoint::Sandbox`] may be polled faster.

use std::time::Duration;

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::error::TrackerError;

/// Which kind of server a vendor client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Endpoint {
    /// The vendor's real API (production or the vendor's own test environment): the
    /// vendor's poll rules apply.
    #[default]
    Vendor,
    /// A sandbox the user runs (`regops sandbox`): any interval is allowed.
    Sandbox,
}

/// The schedule of polls of one operation (a polling backoff policy).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PollPolicy {
    /// Interval while the operation is young.
    pub interval: Duration,
    /// Age from which the interval grows in proportion to the age (at age `2 × grow_after`
    /// it is twice `interval`).
    pub grow_after: Duration,
    /// The interval never exceeds this.
    pub max_interval: Duration,
    /// Each delay is stretched by a random fraction in `[0, jitter]` of itself (and the first
    /// poll of an operation is spread over `jitter × interval`).
    pub jitter: f64,
}

impl PollPolicy {
    /// The shortest interval a vendor's real endpoint may be polled at (5 minutes).
    pub const MIN_INTERVAL: Duration = regops_validate::ops::PollPolicy::MIN_INTERVAL;
    /// The default interval (10 minutes).
    pub const DEFAULT_INTERVAL: Duration = regops_validate::ops::PollPolicy::DEFAULT_INTERVAL;

    /// A policy polling every `interval`, growing after an hour up to 2 hours, 10% jitter.
    pub fn every(interval: Duration) -> Self {
        Self {
            interval,
            grow_after: Duration::from_secs(3600),
            max_interval: Duration::from_secs(2 * 3600).max(interval),
            jitter: 0.1,
        }
    }

    /// Sets the age from which the interval grows.
    pub fn grow_after(mut self, age: Duration) -> Self {
        self.grow_after = age;
        self
    }

    /// Sets the cap of the interval.
    pub fn max_interval(mut self, cap: Duration) -> Self {
        self.max_interval = cap;
        self
    }

    /// Sets the jitter fraction (0 to 1).
    pub fn jitter(mut self, jitter: f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// Checks the policy for an endpoint: a vendor's real endpoint is never polled more often
    /// than every 5 minutes (the check of `regops_validate::ops::PollPolicy`); a cap below the
    /// interval or a jitter outside `[0, 1]` is refused for any endpoint.
    pub fn check(&self, endpoint: Endpoint) -> Result<(), TrackerError> {
        if endpoint == Endpoint::Vendor {
            regops_validate::ops::PollPolicy::new(self.interval)
                .map_err(|violation| TrackerError::Policy(violation.to_string()))?;
        }
        if self.interval.is_zero() {
            return Err(TrackerError::Policy(
                "interval: expected a positive duration, found 0".into(),
            ));
        }
        if self.max_interval < self.interval {
            return Err(TrackerError::Policy(format!(
                "max_interval: {} s is below the interval of {} s; expected at least the interval",
                self.max_interval.as_secs_f64(),
                self.interval.as_secs_f64()
            )));
        }
        if !(0.0..=1.0).contains(&self.jitter) {
            return Err(TrackerError::Policy(format!(
                "jitter: expected a fraction between 0 and 1, found {}",
                self.jitter
            )));
        }
        Ok(())
    }

    /// The interval (before jitter) for an operation pending for `age`.
    pub fn interval_at(&self, age: Duration) -> Duration {
        if age <= self.grow_after || self.grow_after.is_zero() {
            return self.interval;
        }
        let grown = self
            .interval
            .mul_f64(age.as_secs_f64() / self.grow_after.as_secs_f64());
        grown.clamp(self.interval, self.max_interval)
    }

    /// The delay until the next poll of an operation pending for `age`, jitter included.
    pub fn next_delay(&self, age: Duration, rng: &mut impl rand::Rng) -> Duration {
        stretch(self.interval_at(age), self.jitter, rng)
    }

    /// The delay before the first poll of a newly added operation: spread over
    /// `jitter × interval` so that a batch does not poll at once.
    pub fn first_delay(&self, rng: &mut impl rand::Rng) -> Duration {
        self.interval.mul_f64(self.jitter * rng.random::<f64>())
    }
}

impl Default for PollPolicy {
    /// Every 10 minutes, growing after an hour up to 2 hours, 10% jitter.
    fn default() -> Self {
        Self::every(Self::DEFAULT_INTERVAL)
    }
}

/// Stretches `delay` by a random fraction in `[0, jitter]` of itself: never shorter.
fn stretch(delay: Duration, jitter: f64, rng: &mut impl rand::Rng) -> Duration {
    delay.mul_f64(1.0 + jitter * rng.random::<f64>())
}

/// What a failed poll does (a polling error policy).
///
/// A retryable error (the vendor's `temporary` class, a timeout, a 5xx or 429) is retried
/// after a delay that doubles with each consecutive failure, starting at the poll interval
/// (so retries respect the vendor's poll rules) and capped at `max_delay`; a vendor's
/// `Retry-After` is honoured when longer. After `max_consecutive` failures in a row, or on a
/// non-retryable error, the operation is no longer followed (state `abandoned`, the error
/// recorded).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ErrorPolicy {
    /// Failures in a row after which the operation is abandoned.
    pub max_consecutive: u32,
    /// The longest delay between two retries.
    pub max_delay: Duration,
}

impl ErrorPolicy {
    /// The delay before retry number `failures` (1 for the first failure), jitter included.
    pub fn retry_delay(
        &self,
        poll: &PollPolicy,
        failures: u32,
        retry_after: Option<Duration>,
        rng: &mut impl rand::Rng,
    ) -> Duration {
        let doublings = failures.saturating_sub(1).min(30);
        let base = poll
            .interval
            .saturating_mul(1 << doublings)
            .min(self.max_delay.max(poll.interval));
        stretch(base, poll.jitter, rng).max(retry_after.unwrap_or_default())
    }

    /// Whether `failures` consecutive failures exhaust the policy.
    pub fn exhausted(&self, failures: u32) -> bool {
        failures >= self.max_consecutive
    }
}

impl Default for ErrorPolicy {
    /// 20 failures in a row, retries at most 6 hours apart: a vendor outage of several days
    /// does not lose the operation.
    fn default() -> Self {
        Self {
            max_consecutive: 20,
            max_delay: Duration::from_secs(6 * 3600),
        }
    }
}

/// The policies of one operation: set per tracker, per vendor, or per added operation.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Policies {
    /// When to poll.
    pub poll: PollPolicy,
    /// What to do when a poll fails.
    pub errors: ErrorPolicy,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::SmallRng;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn the_default_polls_every_ten_minutes() {
        let policy = PollPolicy::default();
        assert_eq!(policy.interval_at(Duration::ZERO), 10 * MIN);
        assert!(policy.check(Endpoint::Vendor).is_ok());
    }

    #[test]
    fn under_five_minutes_is_refused_unless_the_endpoint_is_a_sandbox() {
        let fast = PollPolicy::every(4 * MIN);
        let err = fast.check(Endpoint::Vendor).unwrap_err().to_string();
        assert!(err.contains("poll_too_frequent"), "{err}");
        assert!(fast.check(Endpoint::Sandbox).is_ok());
        assert!(PollPolicy::every(5 * MIN).check(Endpoint::Vendor).is_ok());
    }

    #[test]
    fn bad_caps_and_jitters_are_refused() {
        let policy = PollPolicy::every(10 * MIN).max_interval(5 * MIN);
        assert!(policy.check(Endpoint::Sandbox).is_err());
        assert!(
            PollPolicy::default()
                .jitter(1.5)
                .check(Endpoint::Vendor)
                .is_err()
        );
    }

    #[test]
    fn the_interval_grows_with_age_up_to_the_cap() {
        let policy = PollPolicy::default();
        assert_eq!(policy.interval_at(30 * MIN), 10 * MIN);
        assert_eq!(policy.interval_at(120 * MIN), 20 * MIN);
        assert_eq!(policy.interval_at(6 * 60 * MIN), 60 * MIN);
        assert_eq!(policy.interval_at(3 * 24 * 60 * MIN), 120 * MIN);
    }

    #[test]
    fn jitter_only_stretches() {
        let policy = PollPolicy::default().jitter(0.5);
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..1000 {
            let delay = policy.next_delay(Duration::ZERO, &mut rng);
            assert!(delay >= 10 * MIN && delay <= 15 * MIN, "{delay:?}");
        }
    }

    #[test]
    fn retries_double_from_the_interval_and_honour_retry_after() {
        let poll = PollPolicy::default().jitter(0.0);
        let errors = ErrorPolicy::default();
        let mut rng = SmallRng::seed_from_u64(1);
        assert_eq!(errors.retry_delay(&poll, 1, None, &mut rng), 10 * MIN);
        assert_eq!(errors.retry_delay(&poll, 3, None, &mut rng), 40 * MIN);
        assert_eq!(errors.retry_delay(&poll, 30, None, &mut rng), 360 * MIN);
        let later = Some(90 * MIN);
        assert_eq!(errors.retry_delay(&poll, 1, later, &mut rng), 90 * MIN);
        assert!(errors.exhausted(20) && !errors.exhausted(19));
    }
}
