//! How a [`DateTime`](super::DateTime) was written, beyond its wall-clock value: the layout,
//! the fraction's digits and separator, and the zone designator. Kept so a value is written
//! back as it came.

use super::digits;

/// What separates the date from the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Layout {
    /// ISO 8601's `T` (`dateTime.iso8601` in XML-RPC).
    Iso8601,
    /// A space after `YYYY-MM-DD` (Netim); such a value is a plain string on every wire.
    Space,
}

/// The fraction of a second as written: how many digits (0 when there is none) and whether
/// ISO 8601's comma separated them rather than a full stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fraction {
    pub(super) digits: u8,
    pub(super) comma: bool,
}

impl Fraction {
    /// No fraction.
    pub(super) const NONE: Self = Self {
        digits: 0,
        comma: false,
    };

    /// Writes `.ddd` (as many digits as were read) for `nanos` at the start of `buf`; returns
    /// the number of bytes written (0 without a fraction).
    pub(super) fn write(self, buf: &mut [u8], nanos: u32) -> usize {
        if self.digits == 0 {
            return 0;
        }
        let digits = usize::from(self.digits);
        buf[0] = if self.comma { b',' } else { b'.' };
        // Parsed values have no digit beyond those written, so this drops only zeros.
        let scale = 10u32.pow(9 - u32::from(self.digits));
        digits::write(buf, 1, digits, nanos / scale);
        1 + digits
    }
}

/// The zone designator as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Zone {
    /// None: the time is local to an unstated zone, which is all the XML-RPC specification
    /// defines.
    Local,
    /// `Z`.
    Utc,
    /// A numeric offset: `minutes` (at most 23 × 60 + 59) east of UTC, or west when
    /// `negative`. The sign is kept apart so that `-00:00` (RFC 3339's "offset unknown") is
    /// written back as it came.
    Offset {
        minutes: u16,
        negative: bool,
        style: OffsetStyle,
    },
}

/// How a numeric offset is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OffsetStyle {
    /// `±HH:MM`.
    Extended,
    /// `±HHMM`.
    Basic,
    /// `±HH` (whole hours only).
    Hours,
}

impl Zone {
    /// The offset in seconds east of UTC; `None` for a local time.
    pub(super) fn seconds(self) -> Option<i32> {
        match self {
            Self::Local => None,
            Self::Utc => Some(0),
            Self::Offset {
                minutes, negative, ..
            } => {
                let seconds = i32::from(minutes) * 60;
                Some(if negative { -seconds } else { seconds })
            }
        }
    }

    /// Writes the designator at the start of `buf`; returns the number of bytes written.
    pub(super) fn write(self, buf: &mut [u8]) -> usize {
        match self {
            Self::Local => 0,
            Self::Utc => {
                buf[0] = b'Z';
                1
            }
            Self::Offset {
                minutes,
                negative,
                style,
            } => {
                buf[0] = if negative { b'-' } else { b'+' };
                let (hours, minutes) = (u32::from(minutes / 60), u32::from(minutes % 60));
                digits::write(buf, 1, 2, hours);
                match style {
                    OffsetStyle::Extended => {
                        buf[3] = b':';
                        digits::write(buf, 4, 2, minutes);
                        6
                    }
                    OffsetStyle::Basic => {
                        digits::write(buf, 3, 2, minutes);
                        5
                    }
                    OffsetStyle::Hours => 3,
                }
            }
        }
    }
}
