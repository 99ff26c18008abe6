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

/// The latest time a virtual clock reaches: 9999-12-31T23:59:59.999Z, the last instant the
/// vendors' date-times (four-digit years) can carry.
pub const MAX_MS: i64 = 253_402_300_799_999;

/// Why a clock did not move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvanceError {
    /// The sandbox runs on the wall clock, which nobody moves.
    RealClock,
    /// Moving that far would pass [`MAX_MS`]; `max_ms` is the most it can still move.
    OutOfRange {
        /// The largest advance still allowed, in milliseconds.
        max_ms: i64,
    },
}

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

    /// Moves a virtual clock forward by `ms` (≥ 0) and gives the new time. The clock never
    /// passes [`MAX_MS`]: an advance that would is refused and the clock stays where it was.
    pub fn advance(&self, ms: i64) -> Result<i64, AdvanceError> {
        if self.mode == ClockMode::Real {
            return Err(AdvanceError::RealClock);
        }
        let mut refused = 0;
        self.virtual_ms
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| {
                refused = MAX_MS.saturating_sub(now).max(0);
                now.checked_add(ms).filter(|&then| then <= MAX_MS)
            })
            .map(|before| before + ms)
            .map_err(|_| AdvanceError::OutOfRange { max_ms: refused })
    }
}

/// The wall clock in milliseconds since the Unix epoch.
pub fn wall_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Milliseconds since the epoch as a UTC date-time, clamped to 1970 ..= [`MAX_MS`] (the years
/// the wire carries): never a silent jump back to 1970 for a time past year 9999.
pub fn to_naive(ms: i64) -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(ms.clamp(0, MAX_MS))
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
        assert_eq!(clock.advance(1000), Ok(VIRTUAL_EPOCH_MS + 1000));
        assert_eq!(clock.now_ms(), VIRTUAL_EPOCH_MS + 1000);
        assert_eq!(
            to_datetime(VIRTUAL_EPOCH_MS).to_string(),
            "2026-01-01T00:00:00"
        );
        assert_eq!(
            Clock::new(ClockMode::Real, 0).advance(1),
            Err(AdvanceError::RealClock)
        );
    }

    #[test]
    fn a_virtual_clock_never_passes_year_9999_nor_wraps() {
        let clock = Clock::new(ClockMode::Virtual, VIRTUAL_EPOCH_MS);
        let room = MAX_MS - VIRTUAL_EPOCH_MS;
        for ms in [i64::MAX, room + 1] {
            assert_eq!(
                clock.advance(ms),
                Err(AdvanceError::OutOfRange { max_ms: room })
            );
            assert_eq!(clock.now_ms(), VIRTUAL_EPOCH_MS, "unchanged after {ms}");
        }
        assert_eq!(clock.advance(room), Ok(MAX_MS));
        assert_eq!(to_datetime(MAX_MS).to_string(), "9999-12-31T23:59:59");
        assert_eq!(to_datetime(i64::MAX).to_string(), "9999-12-31T23:59:59");
    }
}
