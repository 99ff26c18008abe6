//! Reads the ISO 8601 calendar date-times [`DateTime::parse`](super::DateTime::parse) accepts.
//! Date-times sit on the decode hot path, so this walks the bytes once, without allocating.
//!
//! ```text
//! date-time = date sep time [fraction] [zone]
//! date      = YYYY "-" MM "-" DD | YYYYMMDD
//! sep       = "T" | " "            ; the space only after YYYY-MM-DD
//! time      = HH ":" MM ":" SS | HHMMSS
//! fraction  = ("." | ",") 1*9DIGIT
//! zone      = "Z" | ("+" | "-") HH [[":"] MM]    ; at most 23:59
//! ```

use super::DateTime;
use super::digits;
use super::spelling::{Fraction, Layout, OffsetStyle, Zone};

/// The most fraction digits read: nanoseconds, chrono's precision.
const MAX_FRACTION_DIGITS: usize = 9;

/// The date-time `bytes` spell in full, or `None`.
pub(super) fn date_time(bytes: &[u8]) -> Option<DateTime> {
    let extended = bytes.get(4) == Some(&b'-');
    let date = digits::read_date(bytes, extended)?;
    let sep_at = if extended { 10 } else { 8 };
    let layout = match bytes.get(sep_at)? {
        b'T' => Layout::Iso8601,
        b' ' if extended => Layout::Space,
        _ => return None,
    };
    let (hour, minute, second, mut at) = time(bytes, sep_at + 1)?;
    let (nanos, fraction) = match bytes.get(at) {
        Some(&separator @ (b'.' | b',')) => {
            let start = at + 1;
            let len = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if !(1..=MAX_FRACTION_DIGITS).contains(&len) {
                return None;
            }
            at = start + len;
            let scale = 10u32.pow((MAX_FRACTION_DIGITS - len) as u32);
            let fraction = Fraction {
                digits: len as u8,
                comma: separator == b',',
            };
            (digits::read(bytes, start, len)? * scale, fraction)
        }
        _ => (0, Fraction::NONE),
    };
    let zone = zone(&bytes[at..])?;
    // chrono refuses hour 24, minute 60 and second 60; nanos never reach a leap second.
    let value = date.and_hms_nano_opt(hour, minute, second, nanos)?;
    Some(DateTime {
        value,
        zone,
        fraction,
        layout,
    })
}

/// `HH:MM:SS` or `HHMMSS` at `at`: hour, minute, second and where the time ends.
fn time(bytes: &[u8], at: usize) -> Option<(u32, u32, u32, usize)> {
    let hour = digits::read(bytes, at, 2)?;
    if bytes.get(at + 2) == Some(&b':') {
        if bytes.get(at + 5) != Some(&b':') {
            return None;
        }
        let minute = digits::read(bytes, at + 3, 2)?;
        Some((hour, minute, digits::read(bytes, at + 6, 2)?, at + 8))
    } else {
        let minute = digits::read(bytes, at + 2, 2)?;
        Some((hour, minute, digits::read(bytes, at + 4, 2)?, at + 6))
    }
}

/// The zone designator that makes up all of `rest`.
fn zone(rest: &[u8]) -> Option<Zone> {
    let (&sign, offset) = match rest {
        [] => return Some(Zone::Local),
        [b'Z'] => return Some(Zone::Utc),
        [sign @ (b'+' | b'-'), offset @ ..] => (sign, offset),
        _ => return None,
    };
    let hours = digits::read(offset, 0, 2)?;
    let (minutes, style) = match offset.len() {
        2 => (0, OffsetStyle::Hours),
        4 => (digits::read(offset, 2, 2)?, OffsetStyle::Basic),
        5 if offset[2] == b':' => (digits::read(offset, 3, 2)?, OffsetStyle::Extended),
        _ => return None,
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some(Zone::Offset {
        // At most 23 × 60 + 59: fits.
        minutes: (hours * 60 + minutes) as u16,
        negative: sign == b'-',
        style,
    })
}
