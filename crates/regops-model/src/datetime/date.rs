//! [`Date`]: a calendar date sent as a `YYYY-MM-DD` string.

use std::fmt;

use chrono::NaiveDate;

use super::{DateTimeParseError, YEARS, digits};

/// A calendar date, written `YYYY-MM-DD` (a plain string on every wire).
///
/// The year is always within `0000..=9999`, so the text form is always ten characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date(NaiveDate);

impl Date {
    /// Builds a date from its parts; `None` if they name no valid day or the year is outside
    /// `0..=9999`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        if !YEARS.contains(&year) {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DateTimeParseError> {
        let bytes = text.as_bytes();
        (bytes.len() == 10)
            .then(|| digits::read_date(bytes, true))
            .flatten()
            .map(Self)
            .ok_or_else(|| DateTimeParseError::date(text))
    }

    /// The date, for calendar arithmetic with chrono.
    pub fn as_naive(&self) -> &NaiveDate {
        &self.0
    }

    /// Writes `YYYY-MM-DD` into `buf`, without allocating.
    pub(super) fn write<'b>(&self, buf: &'b mut [u8; 10]) -> &'b str {
        digits::write_date(buf, self.0, true);
        digits::as_str(buf)
    }
}

/// `Date::parse`, for `text.parse::<Date>()`.
impl std::str::FromStr for Date {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// A year outside `0..=9999`, which the `YYYY-MM-DD` form cannot carry, is an error.
impl TryFrom<NaiveDate> for Date {
    type Error = super::YearOutOfRange;

    fn try_from(value: NaiveDate) -> Result<Self, Self::Error> {
        use chrono::Datelike;
        if YEARS.contains(&value.year()) {
            Ok(Self(value))
        } else {
            Err(super::YearOutOfRange(value.year()))
        }
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.write(&mut [0; 10]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays() {
        let date = Date::parse("2026-02-28").unwrap();
        assert_eq!(date, Date::new(2026, 2, 28).unwrap());
        assert_eq!(date.to_string(), "2026-02-28");
        assert_eq!(Date::parse("0001-01-01").unwrap().to_string(), "0001-01-01");
        assert_eq!(
            date.as_naive(),
            &NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        );
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "20260228",
            "2026-2-28",
            "2026-02-28 ",
            "2026_02_28",
            "abcd-ef-gh",
        ] {
            let error = Date::parse(bad).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("invalid date `{bad}`: expected YYYY-MM-DD")
            );
        }
        assert!(Date::new(10_000, 1, 1).is_none());
    }

    #[test]
    fn from_str_and_try_from_chrono() {
        let date: Date = "2026-02-28".parse().unwrap();
        assert_eq!(date, Date::new(2026, 2, 28).unwrap());
        assert!("2026-02-30".parse::<Date>().is_err());
        let naive = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(Date::try_from(naive), Ok(date));
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(Date::try_from(far).unwrap_err().year(), 10_000);
    }
}
