//! Reading members into a [`Map`]: [`next_member`] for a member a struct does not model,
//! [`next_optional`] for a modelled optional member that may arrive as nil, [`Members`] for a
//! `map` member.

use std::collections::btree_map::Entry;
use std::fmt;

use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::{Map, Value};

/// Reads the value of the member `name` into `members`; a name already there is an error
/// that names it (`duplicate member "a" in a struct`), returned before its value is read so
/// that a codec reports where the second name stands.
///
/// [`Value`](crate::Value)'s decoder and the generated structs' `extra_fields` both read
/// members through it, so a document cannot say two things for one name and have one of
/// them dropped.
pub fn next_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    members: &mut Map,
    name: String,
) -> Result<(), A::Error> {
    match members.entry(name) {
        Entry::Occupied(entry) => Err(A::Error::custom(format_args!(
            "duplicate member {:?} in a struct",
            entry.key()
        ))),
        Entry::Vacant(entry) => {
            entry.insert(map.next_value()?);
            Ok(())
        }
    }
}

/// Reads the value of the optional member `wire` of a generated struct. Nil reads as `None`
/// and is also kept in `extra_fields` as [`Value::Nil`] (an absent member never gets here), so
/// that the struct writes the member back as it came.
#[inline]
pub fn next_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extra_fields: &mut Map,
    wire: &str,
) -> Result<Option<T>, A::Error> {
    let value = map.next_value::<Option<T>>()?;
    if value.is_none() {
        extra_fields.insert(wire.to_owned(), Value::Nil);
    }
    Ok(value)
}

/// A `map` member's [`Map`], decoded like [`Value`]'s structs: a name sent twice is an error
/// (a `BTreeMap` alone keeps the last value).
pub struct Members(pub Map);

impl Members {
    /// The members.
    pub fn into_inner(self) -> Map {
        self.0
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a struct")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Map::new();
                while let Some(name) = map.next_key::<String>()? {
                    next_member(&mut map, &mut members, name)?;
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor)
    }
}
