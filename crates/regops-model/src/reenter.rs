//! Re-entering `T::deserialize` from inside a `deserialize_any` visitor.
//!
//! [`OneOrMany`](crate::OneOrMany) and [`EmptyOrNull`](crate::__private::EmptyOrNull) look
//! at a value before knowing it is a `T`. Instead of buffering it (what `#[serde(untagged)]`
//! does), their visitors hand the value they were given straight back to `T::deserialize`
//! through serde's single-value deserializers. This macro writes the visits both share.

/// Expands to the `visit_*` methods that re-enter `<$t>::deserialize` with the visited value
/// and map the result with `$wrap` (a function or closure taking a `$t`).
///
/// String, unit, option and sequence visits are left to the caller: that is where the two
/// visitors differ.
macro_rules! reenter_visits {
    ($de:lifetime, $t:ty, $wrap:expr) => {
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_char<E: serde::de::Error>(self, v: char) -> Result<Self::Value, E> {
            let d = serde::de::IntoDeserializer::<E>::into_deserializer(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            let d = serde::de::value::BytesDeserializer::<E>::new(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_borrowed_bytes<E: serde::de::Error>(self, v: &$de [u8]) -> Result<Self::Value, E> {
            let d = serde::de::value::BorrowedBytesDeserializer::<E>::new(v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Self::Value, E> {
            let d = serde::de::value::BytesDeserializer::<E>::new(&v);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_newtype_struct<D: serde::Deserializer<$de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            <$t as serde::Deserialize<$de>>::deserialize(deserializer).map($wrap)
        }

        fn visit_map<A: serde::de::MapAccess<$de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let d = serde::de::value::MapAccessDeserializer::new(map);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }

        fn visit_enum<A: serde::de::EnumAccess<$de>>(self, data: A) -> Result<Self::Value, A::Error> {
            let d = serde::de::value::EnumAccessDeserializer::new(data);
            <$t as serde::Deserialize<$de>>::deserialize(d).map($wrap)
        }
    };
}

pub(crate) use reenter_visits;
