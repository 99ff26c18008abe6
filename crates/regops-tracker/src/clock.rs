//! Time as the tracker sees it: the system clock, or a virtual clock tests move by hand.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

/// A point in time: milliseconds since the Unix epoch, UTC. The unit the store keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(i64);

impl Timestamp {
    /// The Unix epoch.
    pub const EPOCH: Timestamp = Timestamp(0);

    /// From milliseconds since the Unix epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis)
    }

    /// Milliseconds since the Unix epoch.
    pub const fn as_millis(self) -> i64 {
        self.0
    }

    /// `self + duration`, saturating (also `timestamp + duration`).
    pub fn plus(self, duration: Duration) -> Self {
        Self(self.0.saturating_add(millis(duration)))
    }

    /// The time from `earlier` to `self` (zero when `earlier` is later).
    pub fn since(self, earlier: Timestamp) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0).max(0) as u64)
    }

    /// As a [`SystemTime`].
    pub fn to_system_time(self) -> SystemTime {
        if self.0 >= 0 {
            UNIX_EPOCH + Duration::from_millis(self.0 as u64)
        } else {
            UNIX_EPOCH - Duration::from_millis(self.0.unsigned_abs())
        }
    }

    /// From a [`SystemTime`] (truncated to milliseconds).
    pub fn from_system_time(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => Self(millis(after)),
            Err(before) => Self(-millis(before.duration())),
        }
    }
}

/// Whole milliseconds of `duration`, saturating at `i64::MAX`.
pub(crate) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl std::ops::Add<Duration> for Timestamp {
    type Output = Timestamp;

    fn add(self, duration: Duration) -> Timestamp {
        self.plus(duration)
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with milliseconds: `2026-11-22T10:11:12.345Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(time) => write!(f, "{}", time.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
            None => write!(f, "{} ms since the epoch", self.0),
        }
    }
}

/// A boxed future, as the object-safe traits of this crate return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where the tracker reads the time and how it waits.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> Timestamp;

    /// Completes once [`Clock::now`] has reached `deadline`.
    fn sleep_until(&self, deadline: Timestamp) -> BoxFuture<'_, ()>;
}

/// The operating system's wall clock and tokio's timers.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_system_time(SystemTime::now())
    }

    fn sleep_until(&self, deadline: Timestamp) -> BoxFuture<'_, ()> {
        let wait = deadline.since(self.now());
        Box::pin(tokio::time::sleep(wait))
    }
}

/// A clock that moves only when told, so tests run days of polling in milliseconds.
///
/// [`VirtualClock::advance`] and [`VirtualClock::set`] move it and wake every sleeper whose
/// deadline has passed. A clock made with [`VirtualClock::auto_advance`] also jumps forward
/// by itself whenever someone sleeps: the tracker, idle until its next due poll, then
/// reaches that poll at once. Clones share the same time.
#[derive(Debug, Clone)]
pub struct VirtualClock {
    now: Arc<AtomicI64>,
    auto: Arc<AtomicBool>,
    moved: watch::Sender<i64>,
}

impl VirtualClock {
    /// A clock standing at `start` that moves only when told.
    pub fn new(start: Timestamp) -> Self {
        let (moved, _) = watch::channel(start.0);
        Self {
            now: Arc::new(AtomicI64::new(start.0)),
            auto: Arc::new(AtomicBool::new(false)),
            moved,
        }
    }

    /// A clock standing at `start` that jumps to the deadline of whoever sleeps on it.
    pub fn auto_advance(start: Timestamp) -> Self {
        let clock = Self::new(start);
        clock.auto.store(true, Ordering::SeqCst);
        clock
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let now = self.now.fetch_add(millis(by), Ordering::SeqCst) + millis(by);
        self.moved.send_replace(now);
    }

    /// Moves the clock to `to` (never backwards).
    pub fn set(&self, to: Timestamp) {
        let now = self.now.fetch_max(to.0, Ordering::SeqCst).max(to.0);
        self.moved.send_replace(now);
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.now.load(Ordering::SeqCst))
    }

    fn sleep_until(&self, deadline: Timestamp) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            if self.auto.load(Ordering::SeqCst) {
                // Let other tasks run first, as a real sleep would.
                tokio::task::yield_now().await;
                self.set(deadline);
                return;
            }
            let mut moved = self.moved.subscribe();
            while self.now() < deadline {
                if moved.changed().await.is_err() {
                    return;
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_as_rfc3339() {
        assert_eq!(
            Timestamp::from_millis(1_795_342_272_345).to_string(),
            "2026-11-22T10:11:12.345Z"
        );
        let t = Timestamp::from_millis(-1500);
        assert_eq!(Timestamp::from_system_time(t.to_system_time()), t);
    }

    #[tokio::test]
    async fn a_virtual_sleeper_wakes_when_the_clock_passes_its_deadline() {
        let clock = VirtualClock::new(Timestamp::EPOCH);
        let sleeper = {
            let clock = clock.clone();
            tokio::spawn(async move { clock.sleep_until(Timestamp::from_millis(5_000)).await })
        };
        clock.advance(Duration::from_secs(4));
        tokio::task::yield_now().await;
        assert!(!sleeper.is_finished());
        clock.advance(Duration::from_secs(1));
        sleeper.await.unwrap();
        assert_eq!(clock.now(), Timestamp::from_millis(5_000));
    }

    #[tokio::test]
    async fn an_auto_advancing_clock_jumps_to_the_deadline() {
        let clock = VirtualClock::auto_advance(Timestamp::EPOCH);
        clock.sleep_until(Timestamp::from_millis(86_400_000)).await;
        assert_eq!(clock.now(), Timestamp::from_millis(86_400_000));
    }
}
