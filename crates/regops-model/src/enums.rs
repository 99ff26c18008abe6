//! What generated enums share: the catch-all payload, the strict-parse error and [`WireEnum`].

use std::fmt;

/// An enum value the schema does not list, kept verbatim so it can be written back unchanged.
///
/// Only this crate can build one, so a generated `Step::Unrecognized(..)` never holds a value
/// that has its own variant: `Step::from("DONE")` is always `Step::Done`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnrecognizedValue(Box<str>);

impl UnrecognizedValue {
    /// Keeps `value`; callers must have checked that it is not a known wire value.
    #[allow(
        dead_code,
        reason = "called by generated enums, absent until codegen runs"
    )]
    pub(crate) fn new(value: impl Into<Box<str>>) -> Self {
        Self(value.into())
    }

    /// The value exactly as it was on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for UnrecognizedValue {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UnrecognizedValue".into()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        "regops_model::UnrecognizedValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string" })
    }
}

/// Error of strict enum parsing: the value is not one the schema lists.
///
/// Returned by `try_parse` on every generated enum and by [`WireEnum::try_from_wire`], and
/// reported by serde for `exact` enums, which have no catch-all variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownEnumValue {
    enum_name: &'static str,
    value: String,
    expected: &'static [&'static str],
}

/// How many expected values the message lists before summarising.
const LISTED: usize = 12;

impl UnknownEnumValue {
    /// Records that `value` is not one of `expected`, the known values of `enum_name`.
    pub fn new(
        enum_name: &'static str,
        value: impl Into<String>,
        expected: &'static [&'static str],
    ) -> Self {
        Self {
            enum_name,
            value: value.into(),
            expected,
        }
    }

    /// Rust name of the enum, e.g. `Step`.
    pub fn enum_name(&self) -> &'static str {
        self.enum_name
    }

    /// The rejected value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The known wire values, in schema order.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }
}

impl fmt::Display for UnknownEnumValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} value `{}`; ", self.enum_name, self.value)?;
        if self.expected.is_empty() {
            return f.write_str("no values are known");
        }
        f.write_str("expected one of ")?;
        for (i, value) in self.expected.iter().take(LISTED).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(value)?;
        }
        if self.expected.len() > LISTED {
            write!(f, ", … ({} in all)", self.expected.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownEnumValue {}

/// A generated enum, seen through its wire values.
///
/// Lets codecs, validators and tests handle every enum alike (list its values, parse strictly,
/// tell a known value from a kept unknown one) without knowing the concrete type.
pub trait WireEnum: Sized + 'static {
    /// Rust type name, e.g. `Step`.
    const NAME: &'static str;
    /// The known wire values, in schema order.
    const VALUES: &'static [&'static str];
    /// Whether the schema's value set is `open` (the vendor lists only some values), as opposed
    /// to `closed` or `exact`.
    const OPEN: bool;

    /// The value as written on the wire (a kept unknown value is returned verbatim).
    fn as_str(&self) -> &str;

    /// Strict parsing: a known wire value, or an error naming the known ones.
    fn try_from_wire(value: &str) -> Result<Self, UnknownEnumValue>;

    /// `false` for a kept unknown value (the `Unrecognized` catch-all), `true` otherwise.
    fn is_recognized(&self) -> bool;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unrecognized_value_is_kept_verbatim() {
        let value = UnrecognizedValue::new(String::from("Done "));
        assert_eq!(value.as_str(), "Done ");
    }

    #[test]
    fn unknown_value_lists_expected_values() {
        let error = UnknownEnumValue::new("Step", "FOO", &["BILL", "WAIT", "RUN"]);
        assert_eq!(
            error.to_string(),
            "unknown Step value `FOO`; expected one of BILL, WAIT, RUN"
        );
        assert_eq!(error.enum_name(), "Step");
        assert_eq!(error.value(), "FOO");
        assert_eq!(error.expected(), &["BILL", "WAIT", "RUN"]);
    }

    #[test]
    fn unknown_value_without_known_values() {
        let error = UnknownEnumValue::new("X", "FOO", &[]);
        assert_eq!(
            error.to_string(),
            "unknown X value `FOO`; no values are known"
        );
    }

    #[test]
    fn unknown_value_summarises_long_lists() {
        const MANY: &[&str] = &[
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        ];
        let error = UnknownEnumValue::new("Letter", "z", MANY);
        assert_eq!(
            error.to_string(),
            "unknown Letter value `z`; expected one of a, b, c, d, e, f, g, h, i, j, k, l, … (14 in all)"
        );
        let twelve = UnknownEnumValue::new("Letter", "z", &MANY[..12]);
        assert!(twelve.to_string().ends_with(", l"));
    }
}
