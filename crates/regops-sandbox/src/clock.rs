//! Sandbox time: the wall clock, or a virtual clock that only moves when told to.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Which clock the sandbox runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockMode {
    /// The wall clock: operations progress in real time.
    #[default]
    Real,
    /// A clock that stands still until `POST /_sandbox/clock/advance` moves it, so a test runs
    /// "three days of pending" in milliseconds.
    Virtual,
}

/// Where a virtual clock starts on a new database: 2026-01-01T00:00:00Z, so runs are
/// reproducible.
pub const VIRTUAL_EPOCH_MS: i64 = 1_767_225_600_000;

/// The sandbox's clock, in milliseconds since the Unix epoch.
#[derive(Debug)]
pub struct Clock {
    mode: ClockMode,
    virtual_ms: AtomicI64,
}

impl Clock {
    /// A clock of `mode`; a virtual one reads `virtual_ms`.
    pub fn new(mode: ClockMode, virtual_ms: i64) -> Self {
        Self {
            mode,
            virtual_ms: AtomicI64::new(virtual_ms),
        }
    }

    /// Real or virtual.
    pub fn mode(&self) -> ClockMode {
        self.mode
    }

    /// Now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        match self.mode {
            ClockMode::Real => wall_ms(),
            ClockMode::Virtual => self.virtual_ms.load(Ordering::Acquire),
        }
    }

    /// Moves a virtual clock forward by `ms` and gives the new time; `None` for the real clock.
    pub fn advance(&self, ms: i64) -> Option<i64> {
        match self.mode {
            ClockMode::Real => None,
            ClockMode::Virtual => Some(self.virtual_ms.fetch_add(ms, Ordering::AcqRel) + ms),
        }
    }
}

/// The wall clock in milliseconds since the Unix epoch.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Milliseconds since the epoch as a UTC date-time (clamped to the years the wire carries).
pub fn to_naive(ms: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .naive_utc()
}

/// A model date-time (second precision) for `ms`.
pub fn to_datetime(ms: i64) -> regops_model::DateTime {
    use chrono::{Datelike as _, Timelike as _};
    let t = to_naive(ms);
    regops_model::DateTime::new(
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
    .unwrap_or_else(|| regops_model::DateTime::new(1970, 1, 1, 0, 0, 0).expect("the epoch"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_virtual_clock_moves_only_when_told() {
        let clock = Clock::new(ClockMode::Virtual, VIRTUAL_EPOCH_MS);
        assert_eq!(clock.now_ms(), VIRTUAL_EPOCH_MS);
        assert_eq!(clock.advance(1000), Some(VIRTUAL_EPOCH_MS + 1000));
        assert_eq!(clock.now_ms(), VIRTUAL_EPOCH_MS + 1000);
        assert_eq!(
            to_datetime(VIRTUAL_EPOCH_MS).to_string(),
            "2026-01-01T00:00:00"
        );
        assert!(Clock::new(ClockMode::Real, 0).advance(1).is_none());
    }
}
