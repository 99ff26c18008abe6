//! [`ViolationCode`]: what kind of rule a violation breaks.

use std::fmt;

/// What kind of rule a [`Violation`](crate::Violation) breaks: a program matches on it, a
/// report prints [`as_str`](Self::as_str).
///
/// New codes are added as the schema language grows, so matches need a wildcard arm, as with
/// `std::io::ErrorKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ViolationCode {
    /// A string has more characters than `max-length`.
    TooLong,
    /// An integer is outside `min`..`max`.
    OutOfRange,
    /// A string does not have its `format` (host name, IPv4, e-mail, phone, country, …).
    InvalidFormat,
    /// A `datetime-or-string` value whose text is in none of the date-time layouts.
    InvalidDate,
    /// A value of an `open` enum that the schema does not list (a warning).
    UnknownEnumValue,
    /// A value of a `closed` enum that the schema does not list.
    InvalidEnumValue,
    /// A member a `required` rule requires is absent (or empty).
    Required,
    /// A member a `requires-when` rule requires is absent.
    RequiredWhen,
    /// An array has more items than `max-length`.
    TooManyItems,
    /// Arrays of a `max-total-items` rule hold too many items together.
    TooManyItemsTotal,
    /// Arrays or maps of a `min-total-items` rule hold too few items together.
    TooFewItemsTotal,
    /// A string does not match a `pattern` rule.
    PatternMismatch,
    /// A member of another TLD than the domain's (a warning).
    FieldForOtherTld,
    /// A member a `required-for-tld` rule requires for the domain's TLD is absent.
    RequiredForTld,
    /// A member the schema does not name (a warning: the vendor may refuse it).
    UnknownMember,
    /// The domain a value is validated for is not a valid domain name.
    InvalidDomain,
    /// A state machine has no transition between two states.
    InvalidTransition,
    /// An operation's state (or type) does not allow the vendor method.
    PreconditionFailed,
    /// A Netim contact given a role its `isOwner` does not allow.
    OwnerContact,
    /// Pending operations polled more often than every 5 minutes.
    PollTooFrequent,
}

impl ViolationCode {
    /// Every code, in declaration order.
    pub const ALL: &'static [ViolationCode] = &[
        ViolationCode::TooLong,
        ViolationCode::OutOfRange,
        ViolationCode::InvalidFormat,
        ViolationCode::InvalidDate,
        ViolationCode::UnknownEnumValue,
        ViolationCode::InvalidEnumValue,
        ViolationCode::Required,
        ViolationCode::RequiredWhen,
        ViolationCode::TooManyItems,
        ViolationCode::TooManyItemsTotal,
        ViolationCode::TooFewItemsTotal,
        ViolationCode::PatternMismatch,
        ViolationCode::FieldForOtherTld,
        ViolationCode::RequiredForTld,
        ViolationCode::UnknownMember,
        ViolationCode::InvalidDomain,
        ViolationCode::InvalidTransition,
        ViolationCode::PreconditionFailed,
        ViolationCode::OwnerContact,
        ViolationCode::PollTooFrequent,
    ];

    /// The stable snake_case name reports print: `too_long`, `required_when`, ….
    pub const fn as_str(self) -> &'static str {
        match self {
            ViolationCode::TooLong => "too_long",
            ViolationCode::OutOfRange => "out_of_range",
            ViolationCode::InvalidFormat => "invalid_format",
            ViolationCode::InvalidDate => "invalid_date",
            ViolationCode::UnknownEnumValue => "unknown_enum_value",
            ViolationCode::InvalidEnumValue => "invalid_enum_value",
            ViolationCode::Required => "required",
            ViolationCode::RequiredWhen => "required_when",
            ViolationCode::TooManyItems => "too_many_items",
            ViolationCode::TooManyItemsTotal => "too_many_items_total",
            ViolationCode::TooFewItemsTotal => "too_few_items_total",
            ViolationCode::PatternMismatch => "pattern_mismatch",
            ViolationCode::FieldForOtherTld => "field_for_other_tld",
            ViolationCode::RequiredForTld => "required_for_tld",
            ViolationCode::UnknownMember => "unknown_member",
            ViolationCode::InvalidDomain => "invalid_domain",
            ViolationCode::InvalidTransition => "invalid_transition",
            ViolationCode::PreconditionFailed => "precondition_failed",
            ViolationCode::OwnerContact => "owner_contact",
            ViolationCode::PollTooFrequent => "poll_too_frequent",
        }
    }

    /// The code named `name` (its [`as_str`](Self::as_str)), if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with the printed name, so tests and tools can write `code == "too_long"`.
impl PartialEq<&str> for ViolationCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ViolationCode::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} twice");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            assert_eq!(ViolationCode::from_name(name), Some(*code));
            assert_eq!(code.to_string(), name);
        }
        assert_eq!(ViolationCode::from_name("nope"), None);
    }
}
