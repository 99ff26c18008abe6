//! [`Key`]: a struct member name read without allocating when the format allows it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A map key, borrowed from the input when the format can lend it (JSON without escapes),
/// owned otherwise.
///
/// Generated struct visitors read member names with it, so matching a known member never
/// allocates; only names kept in `extra_fields` are turned into a `String`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key<'de>(pub Cow<'de, str>);

impl Key<'_> {
    /// The member name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The member name as an owned `String`, allocating only if it was borrowed.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Borrows what it can.
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Key<'de>, E> {
        std::str::from_utf8(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
            .and_then(|v| self.visit_borrowed_str(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key<'de>, E> {
        std::str::from_utf8(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
            .and_then(|v| self.visit_str(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_json_strings() {
        let key: Key<'_> = serde_json::from_str(r#""items_per_page""#).unwrap();
        assert!(matches!(key.0, Cow::Borrowed("items_per_page")));
        assert_eq!(key.as_str(), "items_per_page");
    }

    #[test]
    fn owns_escaped_json_strings() {
        let key: Key<'_> = serde_json::from_str(r#""a\u0062c""#).unwrap();
        assert!(matches!(key.0, Cow::Owned(_)));
        assert_eq!(key.into_owned(), "abc");
    }

    /// The member names of a JSON object, read as a generated struct visitor reads them.
    struct Names<'de>(Vec<Key<'de>>);

    impl<'de> Deserialize<'de> for Names<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct NamesVisitor;

            impl<'de> Visitor<'de> for NamesVisitor {
                type Value = Names<'de>;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a map")
                }

                fn visit_map<A: de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Names<'de>, A::Error> {
                    let mut names = Vec::new();
                    while let Some(name) = map.next_key::<Key<'de>>()? {
                        map.next_value::<de::IgnoredAny>()?;
                        names.push(name);
                    }
                    Ok(Names(names))
                }
            }

            deserializer.deserialize_map(NamesVisitor)
        }
    }

    #[test]
    fn borrows_json_member_names() {
        let names: Names<'_> = serde_json::from_str(r#"{"id": 1, ">date\u0073": 2}"#).unwrap();
        assert!(matches!(names.0[0].0, Cow::Borrowed("id")));
        assert!(matches!(&names.0[1].0, Cow::Owned(name) if name == ">dates"));
    }
}
