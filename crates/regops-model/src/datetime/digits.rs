//! Fixed-width ASCII digits, read and written by hand: date-times sit on the decode hot path,
//! so they are parsed without allocating or going through a format-string parser.

use chrono::{Datelike, NaiveDate};

/// Reads the `len` ASCII digits at `at`; `None` if one is missing or is not a digit.
pub(super) fn read(bytes: &[u8], at: usize, len: usize) -> Option<u32> {
    let digits = bytes.get(at..at.checked_add(len)?)?;
    digits.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// Writes `value` as `len` zero-padded ASCII digits at `at` (higher digits are dropped).
pub(super) fn write(buf: &mut [u8], at: usize, len: usize, mut value: u32) {
    for slot in buf[at..at + len].iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

/// Reads `YYYY?MM?DD` at the start of `bytes`, where `dash` says whether `?` is `-` or absent.
pub(super) fn read_date(bytes: &[u8], dash: bool) -> Option<NaiveDate> {
    let (month_at, day_at) = if dash {
        if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        (5, 8)
    } else {
        (4, 6)
    };
    let year = i32::try_from(read(bytes, 0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, read(bytes, month_at, 2)?, read(bytes, day_at, 2)?)
}

/// Writes `date` as `YYYY-MM-DD` (`dash`) or `YYYYMMDD` at the start of `buf`; returns the
/// number of bytes written. The year must be in `0..=9999`.
pub(super) fn write_date(buf: &mut [u8], date: NaiveDate, dash: bool) -> usize {
    let year = u32::try_from(date.year()).unwrap_or(0);
    write(buf, 0, 4, year);
    if dash {
        buf[4] = b'-';
        write(buf, 5, 2, date.month());
        buf[7] = b'-';
        write(buf, 8, 2, date.day());
        10
    } else {
        write(buf, 4, 2, date.month());
        write(buf, 6, 2, date.day());
        8
    }
}

/// Turns a buffer this module filled into text.
pub(super) fn as_str(buf: &[u8]) -> &str {
    // Only ASCII digits and separators are ever written, so this cannot fail.
    std::str::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_digits_and_rejects_the_rest() {
        assert_eq!(read(b"2026", 0, 4), Some(2026));
        assert_eq!(read(b"x07", 1, 2), Some(7));
        assert_eq!(read(b"2a26", 0, 4), None);
        assert_eq!(read(b"20", 0, 4), None);
        assert_eq!(read(b"20", usize::MAX, 4), None);
        assert_eq!(read("２０".as_bytes(), 0, 2), None);
    }

    #[test]
    fn writes_padded_digits() {
        let mut buf = [0u8; 4];
        write(&mut buf, 0, 4, 7);
        assert_eq!(&buf, b"0007");
    }
}
