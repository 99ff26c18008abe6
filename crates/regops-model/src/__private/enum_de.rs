//! Serde entry points of generated enums.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};

use crate::WireEnum;

/// Deserializes an `open` or `closed` enum from a string: infallible past the string itself,
/// since an unknown value goes to the `Unrecognized` catch-all.
///
/// Takes `From<String>` as well as `From<&str>` so an owned unknown value is kept without a
/// copy.
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: From<String> + for<'a> From<&'a str>,
{
    deserializer.deserialize_str(OpenEnumVisitor(PhantomData))
}

/// Converts any string into `T`.
struct OpenEnumVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T> Visitor<'de> for OpenEnumVisitor<T>
where
    T: From<String> + for<'a> From<&'a str>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<T, E> {
        Ok(T::from(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::from(v))
    }
}

/// Deserializes an `exact` enum from a string; a value the schema does not list is an error
/// carrying [`UnknownEnumValue`](crate::UnknownEnumValue)'s message.
pub fn deserialize_exact_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: WireEnum,
{
    deserializer.deserialize_str(ExactEnumVisitor(PhantomData))
}

/// Parses a string strictly with [`WireEnum::try_from_wire`].
struct ExactEnumVisitor<T>(PhantomData<fn() -> T>);

impl<T: WireEnum> Visitor<'_> for ExactEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} value", T::NAME)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::try_from_wire(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{UnknownEnumValue, UnrecognizedValue};
    use serde::Deserialize;

    /// Shaped like a generated open enum.
    #[derive(Debug, PartialEq)]
    enum Step {
        Bill,
        Unrecognized(UnrecognizedValue),
    }

    impl From<&str> for Step {
        fn from(value: &str) -> Self {
            match value {
                "BILL" => Self::Bill,
                other => Self::Unrecognized(UnrecognizedValue::new(other)),
            }
        }
    }

    impl From<String> for Step {
        fn from(value: String) -> Self {
            match value.as_str() {
                "BILL" => Self::Bill,
                _ => Self::Unrecognized(UnrecognizedValue::new(value)),
            }
        }
    }

    impl<'de> Deserialize<'de> for Step {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_open_enum(deserializer)
        }
    }

    /// Shaped like a generated exact enum.
    #[derive(Debug, PartialEq)]
    enum Phase {
        Queued,
        Done,
    }

    impl WireEnum for Phase {
        const NAME: &'static str = "Phase";
        const VALUES: &'static [&'static str] = &["queued", "done"];
        const OPEN: bool = false;

        fn as_str(&self) -> &str {
            match self {
                Self::Queued => "queued",
                Self::Done => "done",
            }
        }

        fn try_from_wire(value: &str) -> Result<Self, UnknownEnumValue> {
            match value {
                "queued" => Ok(Self::Queued),
                "done" => Ok(Self::Done),
                _ => Err(UnknownEnumValue::new(Self::NAME, value, Self::VALUES)),
            }
        }

        fn is_recognized(&self) -> bool {
            true
        }
    }

    impl<'de> Deserialize<'de> for Phase {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_exact_enum(deserializer)
        }
    }

    #[test]
    fn open_enum_keeps_unknown_values() {
        assert_eq!(
            serde_json::from_str::<Step>(r#""BILL""#).unwrap(),
            Step::Bill
        );
        let unknown = serde_json::from_str::<Step>(r#""LATER\n""#).unwrap();
        assert_eq!(
            unknown,
            Step::Unrecognized(UnrecognizedValue::new("LATER\n"))
        );
        let error = serde_json::from_str::<Step>("3").unwrap_err();
        assert!(error.to_string().contains("expected a string"), "{error}");
    }

    #[test]
    fn exact_enum_rejects_unknown_values() {
        assert_eq!(
            serde_json::from_str::<Phase>(r#""done""#).unwrap(),
            Phase::Done
        );
        let error = serde_json::from_str::<Phase>(r#""later""#).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("unknown Phase value `later`; expected one of queued, done"),
            "{error}"
        );
        assert_eq!(Phase::Queued.as_str(), "queued");
        assert!(Phase::Queued.is_recognized());
    }
}
