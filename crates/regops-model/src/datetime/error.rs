//! The error of [`DateTime::parse`](crate::DateTime::parse) and [`Date::parse`](crate::Date::parse).

use std::fmt;

/// Text that is not a date-time (or date) in a form the APIs use.
///
/// Keeps the rejected text so a decode error can show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    input: Box<str>,
    kind: Kind,
}

/// Which type was being parsed, to name the expected layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    DateTime,
    Date,
}

impl DateTimeParseError {
    /// `input` is not a date-time.
    pub(super) fn date_time(input: &str) -> Self {
        Self {
            input: input.into(),
            kind: Kind::DateTime,
        }
    }

    /// `input` is not a date.
    pub(super) fn date(input: &str) -> Self {
        Self {
            input: input.into(),
            kind: Kind::Date,
        }
    }

    /// The rejected text.
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::DateTime => write!(
                f,
                "invalid date-time `{}`: expected an ISO 8601 date-time YYYYMMDDTHH:MM:SS or \
                 YYYY-MM-DDTHH:MM:SS (also HHMMSS; a space for the T after YYYY-MM-DD), with an \
                 optional fraction (.f or ,f, 1 to 9 digits) and zone (Z, ±HH:MM, ±HHMM or ±HH)",
                self.input
            ),
            Kind::Date => write!(f, "invalid date `{}`: expected YYYY-MM-DD", self.input),
        }
    }
}

impl std::error::Error for DateTimeParseError {}
