//! Seconds since 1970 to a civil date-time and back (proleptic Gregorian, UTC), so the
//! generator needs no date crate.

/// A date-time, in seconds since 1970-01-01T00:00:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The timestamp of a civil date-time.
    pub fn from_civil(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Self {
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        Self(days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second))
    }

    /// `(year, month, day, hour, minute, second)`.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        (
            year,
            month,
            day,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }

    /// `YYYYMMDDTHH:MM:SS`, the layout of XML-RPC's `dateTime.iso8601`.
    pub fn compact(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}{mo:02}{d:02}T{h:02}:{mi:02}:{s:02}")
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the layout in JSON.
    pub fn extended(self) -> String {
        let (y, mo, d, h, mi, s) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
    }

    /// `YYYY-MM-DD`.
    pub fn date(self) -> String {
        let (y, mo, d, ..) = self.civil();
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn known_dates() {
        assert_eq!(Timestamp::from_civil(1970, 1, 1, 0, 0, 0), Timestamp(0));
        assert_eq!(Timestamp(951_782_400).extended(), "2000-02-29T00:00:00");
        let t = Timestamp::from_civil(2026, 3, 9, 20, 5, 42);
        assert_eq!(t.compact(), "20260309T20:05:42");
        assert_eq!(t.extended(), "2026-03-09T20:05:42");
        assert_eq!(t.date(), "2026-03-09");
    }

    #[test]
    fn round_trips_every_day_for_ten_years() {
        let start = Timestamp::from_civil(2024, 1, 1, 12, 0, 0).0;
        for day in 0..3653 {
            let t = Timestamp(start + day * 86_400 + 3723);
            let (y, mo, d, h, mi, s) = t.civil();
            assert_eq!(Timestamp::from_civil(y, mo, d, h, mi, s), t);
        }
    }
}
