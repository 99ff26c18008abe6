//! [`DateTime`] and [`Date`]: the wire's offset-less timestamps and calendar dates, and
//! [`DateTimeOrString`], a date-time kept in the wire form it came in.

mod date;
mod digits;
mod error;
mod or_string;
#[cfg(feature = "schemars")]
mod schema;
mod serde_impls;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

pub use date::Date;
pub use error::DateTimeParseError;
pub use or_string::DateTimeOrString;

/// A date and time to the second, without offset, as the registrar APIs send it.
///
/// XML-RPC writes it `20261122T10:11:12` (`dateTime.iso8601`), JSON `2026-11-22T10:11:12`,
/// and Netim `2026-11-22 10:11:12`. A value remembers whether it came with Netim's space so
/// it is written back the same way; comparison and hashing look at the instant only.
///
/// The year is always within `0000..=9999` and there is no sub-second part: that is all the
/// wire forms can carry.
#[derive(Clone, Copy)]
pub struct DateTime {
    value: NaiveDateTime,
    layout: Layout,
}

/// How the value is written in JSON and in strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// ISO 8601 with a `T` (`dateTime.iso8601` in XML-RPC).
    Iso8601,
    /// `YYYY-MM-DD HH:MM:SS`, a plain string (Netim).
    Space,
}

/// The years the four-digit wire forms can carry.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl DateTime {
    /// Builds a date-time from its parts; `None` if they name no valid instant or the year is
    /// outside `0..=9999`. It is written in the ISO 8601 layout.
    pub fn new(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: u32,
    ) -> Option<Self> {
        if !YEARS.contains(&year) {
            return None;
        }
        let value = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, second)?;
        Some(Self {
            value,
            layout: Layout::Iso8601,
        })
    }

    /// Parses `YYYYMMDDTHH:MM:SS` (XML-RPC), `YYYY-MM-DDTHH:MM:SS` (JSON) or
    /// `YYYY-MM-DD HH:MM:SS` (Netim, remembered so the value is written back with a space).
    ///
    /// Nothing else is accepted: no offset, no fraction, no surrounding spaces.
    pub fn parse(text: &str) -> Result<Self, DateTimeParseError> {
        Self::parse_bytes(text.as_bytes()).ok_or_else(|| DateTimeParseError::date_time(text))
    }

    fn parse_bytes(bytes: &[u8]) -> Option<Self> {
        let (date, time_at, layout) = match bytes.len() {
            17 if bytes[8] == b'T' => (digits::read_date(bytes, false)?, 9, Layout::Iso8601),
            19 => {
                let layout = match bytes[10] {
                    b'T' => Layout::Iso8601,
                    b' ' => Layout::Space,
                    _ => return None,
                };
                (digits::read_date(bytes, true)?, 11, layout)
            }
            _ => return None,
        };
        if bytes[time_at + 2] != b':' || bytes[time_at + 5] != b':' {
            return None;
        }
        let value = date.and_hms_opt(
            digits::read(bytes, time_at, 2)?,
            digits::read(bytes, time_at + 3, 2)?,
            digits::read(bytes, time_at + 6, 2)?,
        )?;
        Some(Self { value, layout })
    }

    /// The instant, for date arithmetic with chrono.
    pub fn as_naive(&self) -> &NaiveDateTime {
        &self.value
    }

    /// Whether the value is written `YYYY-MM-DD HH:MM:SS` (it was parsed from that layout).
    pub fn uses_space_layout(&self) -> bool {
        self.layout == Layout::Space
    }

    /// Writes the XML-RPC form `YYYYMMDDTHH:MM:SS` into `buf`, without allocating.
    pub fn write_compact<'b>(&self, buf: &'b mut [u8; 17]) -> &'b str {
        let at = digits::write_date(buf, self.value.date(), false);
        buf[at] = b'T';
        self.write_time(&mut buf[at + 1..]);
        digits::as_str(buf)
    }

    /// Writes the JSON form `YYYY-MM-DDTHH:MM:SS` into `buf`, without allocating; a value
    /// parsed from Netim's layout gets a space instead of the `T`.
    pub fn write_extended<'b>(&self, buf: &'b mut [u8; 19]) -> &'b str {
        let at = digits::write_date(buf, self.value.date(), true);
        buf[at] = match self.layout {
            Layout::Iso8601 => b'T',
            Layout::Space => b' ',
        };
        self.write_time(&mut buf[at + 1..]);
        digits::as_str(buf)
    }

    /// Writes `HH:MM:SS` at the start of `buf`.
    fn write_time(&self, buf: &mut [u8]) {
        digits::write(buf, 0, 2, self.value.hour());
        buf[2] = b':';
        digits::write(buf, 3, 2, self.value.minute());
        buf[5] = b':';
        digits::write(buf, 6, 2, self.value.second());
    }
}

/// `DateTime::parse`, for `text.parse::<DateTime>()`.
impl std::str::FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Sub-second precision is dropped, because every wire form carries whole seconds; a year
/// outside `0..=9999`, which no four-digit wire form can carry, is an error.
///
/// ```
/// use chrono::NaiveDate;
/// use regops_model::DateTime;
///
/// let precise = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_milli_opt(10, 11, 12, 500).unwrap();
/// assert_eq!(DateTime::try_from(precise).unwrap().to_string(), "2026-11-22T10:11:12");
/// let far = NaiveDate::from_ymd_opt(12_345, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// assert_eq!(DateTime::try_from(far).unwrap_err().year(), 12_345);
/// ```
impl TryFrom<NaiveDateTime> for DateTime {
    type Error = YearOutOfRange;

    fn try_from(value: NaiveDateTime) -> Result<Self, Self::Error> {
        if !YEARS.contains(&value.year()) {
            return Err(YearOutOfRange(value.year()));
        }
        Ok(Self {
            value: value.with_nanosecond(0).unwrap_or(value),
            layout: Layout::Iso8601,
        })
    }
}

/// A chrono value whose year the wire forms cannot carry (outside `0..=9999`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearOutOfRange(i32);

impl YearOutOfRange {
    /// The year that does not fit.
    pub fn year(&self) -> i32 {
        self.0
    }
}

impl fmt::Display for YearOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "year {} is outside 0000..=9999, which the wire forms cannot carry",
            self.0
        )
    }
}

impl std::error::Error for YearOutOfRange {}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for DateTime {}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

/// The JSON form: `YYYY-MM-DDTHH:MM:SS`, or `YYYY-MM-DD HH:MM:SS` for Netim's layout.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.write_extended(&mut [0; 19]))
    }
}

/// `DateTime(2026-11-22T10:11:12)`: the text form, readable in test failures.
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(text: &str) -> DateTime {
        DateTime::parse(text).unwrap()
    }

    #[test]
    fn parses_the_three_layouts() {
        let expected = DateTime::new(2026, 11, 22, 10, 11, 12).unwrap();
        let compact = dt("20261122T10:11:12");
        let extended = dt("2026-11-22T10:11:12");
        let space = dt("2026-11-22 10:11:12");
        assert_eq!(compact, expected);
        assert_eq!(extended, expected);
        assert_eq!(space, expected);
        assert!(!compact.uses_space_layout());
        assert!(!extended.uses_space_layout());
        assert!(space.uses_space_layout());
        assert_eq!(space.as_naive(), expected.as_naive());
    }

    #[test]
    fn rejects_bad_text_without_panicking() {
        for bad in [
            "",
            "2026",
            "2026-13-01T00:00:00",
            "2026-02-30T00:00:00",
            "2026-02-28T24:00:00",
            "2026-02-28T23:60:00",
            "2026-02-28T23:59:60",
            "20261301T00:00:00",
            "2026-11-22T10:11",
            "2026-11-22T10:11:1",
            "2026-11-22T10:11:12Z",
            "2026-11-22T10:11:12.5",
            "2026-11-22X10:11:12",
            "2026/11/22T10:11:12",
            "2026-11-22T10-11-12",
            "20261122 10:11:12",
            "2026112210:11:12x",
            "2026-1a-22T10:11:12",
            "+026-11-22T10:11:12",
            "-026-11-22T10:11:12",
            " 2026-11-22T10:11:12",
            "2026-11-22T10:11:1é",
            "２０２６-11-22T10:11:12",
            "xxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxx",
        ] {
            let error = DateTime::parse(bad).unwrap_err();
            assert_eq!(error.input(), bad);
        }
    }

    #[test]
    fn error_names_the_layouts() {
        assert_eq!(
            DateTime::parse("nope").unwrap_err().to_string(),
            "invalid date-time `nope`: expected YYYYMMDDTHH:MM:SS, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS"
        );
    }

    #[test]
    fn writes_compact_and_extended_forms() {
        let value = dt("2026-01-02T03:04:05");
        assert_eq!(value.write_compact(&mut [0; 17]), "20260102T03:04:05");
        assert_eq!(value.write_extended(&mut [0; 19]), "2026-01-02T03:04:05");
        let space = dt("0007-01-02 03:04:05");
        assert_eq!(space.write_compact(&mut [0; 17]), "00070102T03:04:05");
        assert_eq!(space.write_extended(&mut [0; 19]), "0007-01-02 03:04:05");
    }

    #[test]
    fn display_and_debug_show_the_text() {
        let value = dt("20261122T10:11:12");
        assert_eq!(value.to_string(), "2026-11-22T10:11:12");
        assert_eq!(format!("{value:?}"), "DateTime(2026-11-22T10:11:12)");
        assert_eq!(dt("2026-11-22 10:11:12").to_string(), "2026-11-22 10:11:12");
    }

    #[test]
    fn comparison_ignores_the_layout() {
        use std::collections::HashSet;
        let a = dt("2026-11-22T10:11:12");
        let b = dt("2026-11-22 10:11:12");
        assert_eq!(a, b);
        assert_eq!(a.cmp(&b), Ordering::Equal);
        assert_eq!(HashSet::from([a, b]).len(), 1);
        assert!(dt("2026-11-22T10:11:11") < b);
    }

    #[test]
    fn new_rejects_invalid_parts() {
        assert!(DateTime::new(2026, 2, 29, 0, 0, 0).is_none());
        assert!(DateTime::new(2024, 2, 29, 0, 0, 0).is_some());
        assert!(DateTime::new(10_000, 1, 1, 0, 0, 0).is_none());
        assert!(DateTime::new(-1, 1, 1, 0, 0, 0).is_none());
        assert!(DateTime::new(2026, 1, 1, 0, 60, 0).is_none());
    }

    #[test]
    fn from_chrono_drops_fractions_and_refuses_years_out_of_range() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let precise = date.and_hms_nano_opt(10, 11, 12, 999_999_999).unwrap();
        assert_eq!(DateTime::try_from(precise), Ok(dt("2026-11-22T10:11:12")));
        let leap = date.and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert_eq!(DateTime::try_from(leap), Ok(dt("2026-11-22T23:59:59")));
        let edges = [(0, "0000-01-01T00:00:00"), (9999, "9999-01-01T00:00:00")];
        for (year, text) in edges {
            let value = NaiveDate::from_ymd_opt(year, 1, 1)
                .unwrap()
                .and_time(Default::default());
            assert_eq!(DateTime::try_from(value).unwrap().to_string(), text);
        }
        for year in [12_345, 10_000, -1, -5] {
            let value = NaiveDate::from_ymd_opt(year, 6, 7)
                .unwrap()
                .and_hms_opt(1, 2, 3)
                .unwrap();
            let error = DateTime::try_from(value).unwrap_err();
            assert_eq!(error.year(), year);
            assert!(error.to_string().contains("outside 0000..=9999"), "{error}");
        }
    }

    #[test]
    fn from_str_is_parse() {
        let parsed: DateTime = "20261122T10:11:12".parse().unwrap();
        assert_eq!(parsed, dt("2026-11-22 10:11:12"));
        let error = "nope".parse::<DateTime>().unwrap_err();
        assert_eq!(error, DateTime::parse("nope").unwrap_err());
    }
}
