//! [`DateTime`] and [`Date`]: the wire's ISO 8601 timestamps and calendar dates, and
//! [`DateTimeOrString`], a date-time kept in the wire form it came in.

mod date;
mod digits;
mod error;
mod or_string;
mod parse;
#[cfg(feature = "schemars")]
mod schema;
mod serde_impls;
mod spelling;

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Timelike};

pub use date::Date;
pub use error::DateTimeParseError;
pub use or_string::DateTimeOrString;
use spelling::{Fraction, Layout, Zone};

/// An ISO 8601 date and time, as XML-RPC's `dateTime.iso8601` and the registrar APIs send
/// it, kept with the way it was written.
///
/// [`parse`](Self::parse) reads the calendar date-times of ISO 8601 that XML-RPC peers
/// write: `20261127T15:40:57` (the XML-RPC specification's form), `2026-11-27T15:40:57`,
/// Netim's `2026-11-27 15:40:57`, a time without colons (`19980717T140855`), a fraction of a
/// second (xmlrpc-c's `19980717T14:08:55.123456`, `,5` too) and a zone (`Z`, `+01:00`,
/// `-0500`, `+01`).
///
/// A value remembers what it came with beyond its wall-clock time (the fraction's digits as
/// written, `.500` staying `.500`; the zone and its spelling; Netim's space) and writes it
/// back:
///
/// | written by | form |
/// |---|---|
/// | the XML-RPC codec ([`write_compact`](Self::write_compact)) | `20261127T15:40:57.123+01:00`: the specification's date and time, then the fraction and zone as they came |
/// | JSON, [`Display`](fmt::Display) ([`write_extended`](Self::write_extended)) | `2026-11-27T15:40:57.123+01:00`, or with Netim's space when it came with one |
///
/// So decoding a value, encoding it and decoding it again gives an equal value, and XML-RPC
/// text already in the compact form is written back byte for byte. The date and time
/// themselves are always written with their separators: `19980717T140855` comes back
/// `19980717T14:08:55`, the form every XML-RPC peer reads.
///
/// # What is refused
///
/// Anything else: week and ordinal dates, years beyond four digits or with a sign, hours
/// alone or hours and minutes without seconds, `24:00:00`, the leap second `23:59:60`
/// (chrono, Python's `datetime` and Go's `time` refuse it too), more than nine fraction
/// digits, offsets beyond ±23:59, lowercase `t` or `z`, and surrounding spaces.
///
/// # Equality and order
///
/// Two values are equal when they name the same wall-clock date and time (to the nanosecond)
/// with the same offset (none, or so many seconds east of UTC); the spelling is not compared
/// (`T` or space, `.5` or `.500`, `Z` or `+00:00`). Values are ordered by the instant they
/// name, a value without zone read as UTC, then by offset (none first); [`Hash`] agrees with
/// both.
///
/// ```
/// use regops_model::DateTime;
///
/// let when = DateTime::parse("20261127T15:40:57.120+01:00")?;
/// assert_eq!(when.write_compact(&mut [0; DateTime::MAX_COMPACT_LEN]), "20261127T15:40:57.120+01:00");
/// assert_eq!(when.to_string(), "2026-11-27T15:40:57.120+01:00");
/// assert_eq!(when.nanosecond(), 120_000_000);
/// assert_eq!(when.offset().unwrap().local_minus_utc(), 3600);
/// assert_eq!(when, DateTime::parse("2026-11-27T15:40:57.12+0100")?);
/// assert!(when < DateTime::parse("20261127T15:00:00Z")?);
/// # Ok::<(), regops_model::DateTimeParseError>(())
/// ```
///
/// The year is always within `0000..=9999`: that is all the wire forms can carry.
#[derive(Clone, Copy)]
pub struct DateTime {
    /// The wall-clock date and time as written, to the nanosecond.
    value: NaiveDateTime,
    zone: Zone,
    fraction: Fraction,
    layout: Layout,
}

/// The years the four-digit wire forms can carry.
const YEARS: std::ops::RangeInclusive<i32> = 0..=9999;

impl DateTime {
    /// The longest text [`write_compact`](Self::write_compact) writes:
    /// `YYYYMMDDTHH:MM:SS.fffffffff+HH:MM`.
    pub const MAX_COMPACT_LEN: usize = 33;

    /// The longest text [`write_extended`](Self::write_extended) writes:
    /// `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM`.
    pub const MAX_EXTENDED_LEN: usize = 35;

    /// Builds a date-time from its parts; `None` if they name no valid instant or the year is
    /// outside `0..=9999`. It has no fraction and no zone, and is written in the ISO 8601
    /// layout.
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
        Some(Self::local(value))
    }

    /// A whole-second local value in the ISO 8601 layout.
    fn local(value: NaiveDateTime) -> Self {
        Self {
            value,
            zone: Zone::Local,
            fraction: Fraction::NONE,
            layout: Layout::Iso8601,
        }
    }

    /// Parses an ISO 8601 calendar date-time: the date `YYYYMMDD` or `YYYY-MM-DD`; `T` (or a
    /// space after `YYYY-MM-DD`, Netim's layout); the time `HH:MM:SS` or `HHMMSS`; optionally
    /// a fraction (`.` or `,` then 1 to 9 digits); optionally a zone (`Z`, `±HH:MM`, `±HHMM`
    /// or `±HH`, within ±23:59).
    ///
    /// Nothing else is accepted (see [What is refused](Self#what-is-refused)).
    pub fn parse(text: &str) -> Result<Self, DateTimeParseError> {
        parse::date_time(text.as_bytes()).ok_or_else(|| DateTimeParseError::date_time(text))
    }

    /// The wall-clock date and time as written (with its fraction, without applying the
    /// offset), for date arithmetic with chrono.
    pub fn as_naive(&self) -> &NaiveDateTime {
        &self.value
    }

    /// The zone's offset from UTC: `Some(0)` for `Z`, `None` when the text named no zone.
    pub fn offset(&self) -> Option<FixedOffset> {
        self.zone.seconds().and_then(FixedOffset::east_opt)
    }

    /// The fraction of the second, in nanoseconds (`0` without a fraction).
    pub fn nanosecond(&self) -> u32 {
        self.value.nanosecond()
    }

    /// Whether the value is written `YYYY-MM-DD HH:MM:SS` (it was parsed from that layout).
    pub fn uses_space_layout(&self) -> bool {
        self.layout == Layout::Space
    }

    /// Writes the XML-RPC form into `buf`, without allocating: `YYYYMMDDTHH:MM:SS`, then the
    /// fraction and the zone as they came (`20261127T15:40:57.123+01:00`). A value parsed
    /// from Netim's layout gets a `T` too.
    pub fn write_compact<'b>(&self, buf: &'b mut [u8; Self::MAX_COMPACT_LEN]) -> &'b str {
        let at = digits::write_date(buf, self.value.date(), false);
        buf[at] = b'T';
        let end = at + 1 + self.write_time(&mut buf[at + 1..]);
        digits::as_str(&buf[..end])
    }

    /// Writes the JSON form into `buf`, without allocating: `YYYY-MM-DDTHH:MM:SS`, then the
    /// fraction and the zone as they came (`2026-11-27T15:40:57.123+01:00`); a value parsed
    /// from Netim's layout gets a space instead of the `T`.
    pub fn write_extended<'b>(&self, buf: &'b mut [u8; Self::MAX_EXTENDED_LEN]) -> &'b str {
        let at = digits::write_date(buf, self.value.date(), true);
        buf[at] = match self.layout {
            Layout::Iso8601 => b'T',
            Layout::Space => b' ',
        };
        let end = at + 1 + self.write_time(&mut buf[at + 1..]);
        digits::as_str(&buf[..end])
    }

    /// Writes `HH:MM:SS`, the fraction and the zone at the start of `buf`; returns the length.
    fn write_time(&self, buf: &mut [u8]) -> usize {
        digits::write(buf, 0, 2, self.value.hour());
        buf[2] = b':';
        digits::write(buf, 3, 2, self.value.minute());
        buf[5] = b':';
        digits::write(buf, 6, 2, self.value.second());
        let at = 8 + self.fraction.write(&mut buf[8..], self.value.nanosecond());
        at + self.zone.write(&mut buf[at..])
    }

    /// Whether `text` is this value written `YYYYMMDDTHH:MM:SS`, `YYYY-MM-DDTHH:MM:SS` or
    /// `YYYY-MM-DD HH:MM:SS`: whole seconds, no zone.
    fn is_plain_text(&self, text: &str) -> bool {
        self.zone == Zone::Local
            && self.fraction == Fraction::NONE
            && (text == self.write_compact(&mut [0; Self::MAX_COMPACT_LEN])
                || text == self.write_extended(&mut [0; Self::MAX_EXTENDED_LEN]))
    }

    /// The order's key: the instant (a local value read as UTC), then the offset.
    fn instant_and_offset(&self) -> (NaiveDateTime, Option<i32>) {
        let offset = self.zone.seconds();
        let utc = offset
            .and_then(|seconds| {
                self.value
                    .checked_sub_signed(TimeDelta::seconds(seconds.into()))
            })
            .unwrap_or(self.value);
        (utc, offset)
    }
}

/// `DateTime::parse`, for `text.parse::<DateTime>()`.
impl std::str::FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

/// Sub-second precision is dropped and there is no zone: a value built in Rust is written in
/// the XML-RPC specification's own form (`YYYYMMDDTHH:MM:SS`), which every peer reads. A year
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
        Ok(Self::local(value.with_nanosecond(0).unwrap_or(value)))
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

/// The same wall-clock date-time and offset, whatever the spelling.
impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value && self.zone.seconds() == other.zone.seconds()
    }
}

impl Eq for DateTime {}

/// What [`PartialEq`] compares: the wall-clock date-time and the offset.
impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
        self.zone.seconds().hash(state);
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By instant (a value without zone read as UTC), then by offset (none first). Equal exactly
/// when [`PartialEq`] says so: the instant and the offset give back the wall-clock time.
impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant_and_offset().cmp(&other.instant_and_offset())
    }
}

/// The JSON form ([`write_extended`](DateTime::write_extended)):
/// `2026-11-27T15:40:57.123+01:00`, or `2026-11-27 15:40:57` for Netim's layout.
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.write_extended(&mut [0; Self::MAX_EXTENDED_LEN]))
    }
}

/// `DateTime(2026-11-22T10:11:12)`: the text form, readable in test failures.
impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DateTime({self})")
    }
}

#[cfg(test)]
mod tests;
