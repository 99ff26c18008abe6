//! JSON bodies: one member per body parameter. Decoding names the member an error is in;
//! encoding leaves absent optional parameters out.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::{self, Deserializer as _, IgnoredAny, MapAccess, Visitor};

use super::Error;

/// The body parameters of one method, filled member by member (generated per method).
pub trait Body: Default {
    /// The member names, in schema order.
    const MEMBERS: &'static [&'static str];

    /// Reads the value of member `index` of [`MEMBERS`](Self::MEMBERS).
    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

/// Decodes the body of a call of `method`.
///
/// An empty body, `null` and `[]` (PHP's `json_encode` of an empty array) mean no member; any
/// other non-object is an error. A member the method does not take is an error (the body is
/// the method's parameter list, as closed as XML-RPC's positional one), and so is a member
/// given twice. Errors name the member and the position in the body.
pub fn decode_body<B: Body>(method: &str, body: &[u8]) -> Result<B, Error> {
    let trimmed = body.trim_ascii();
    let empty_array = trimmed
        .strip_prefix(b"[")
        .and_then(|t| t.strip_suffix(b"]"))
        .is_some_and(|inner| inner.trim_ascii().is_empty());
    if trimmed.is_empty() || trimmed == b"null" || empty_array {
        return Ok(B::default());
    }
    let mut member: Option<&'static str> = None;
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = de
        .deserialize_map(BodyVisitor::<B> {
            method,
            member: &mut member,
            body: PhantomData,
        })
        .and_then(|b| de.end().map(|()| b));
    result.map_err(|e| {
        Error::bad_request(match member {
            Some(member) => format!("{method}: body member `{member}`: {e}"),
            None => format!("{method}: body: {e}"),
        })
    })
}

struct BodyVisitor<'m, B> {
    method: &'m str,
    /// The member being read, for the error message.
    member: &'m mut Option<&'static str>,
    body: PhantomData<B>,
}

impl<'de, B: Body> Visitor<'de> for BodyVisitor<'_, B> {
    type Value = B;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object of the parameters of `{}`", self.method)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<B, A::Error> {
        let mut body = B::default();
        let mut seen = vec![false; B::MEMBERS.len()];
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let Some(index) = B::MEMBERS.iter().position(|m| *m == key) else {
                let expected = if B::MEMBERS.is_empty() {
                    "it takes none".to_string()
                } else {
                    let names: Vec<String> = B::MEMBERS.iter().map(|m| format!("`{m}`")).collect();
                    format!("it takes {}", names.join(", "))
                };
                map.next_value::<IgnoredAny>()?;
                return Err(de::Error::custom(format_args!(
                    "unknown member `{key}`; {expected}"
                )));
            };
            if std::mem::replace(&mut seen[index], true) {
                return Err(de::Error::custom(format_args!(
                    "member `{key}` is given twice"
                )));
            }
            *self.member = Some(B::MEMBERS[index]);
            body.read_member(index, &mut map)?;
            *self.member = None;
        }
        Ok(body)
    }
}

/// The body of a method without body parameters: it takes no member.
#[derive(Debug, Default)]
pub struct NoBody;

impl Body for NoBody {
    const MEMBERS: &'static [&'static str] = &[];

    fn read_member<'de, A: MapAccess<'de>>(
        &mut self,
        _index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }
}

/// A required body member, or the error saying it is missing.
pub fn required<T>(method: &str, member: &str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| Error::bad_request(format!("{method}: body member `{member}` is missing")))
}

/// Writes a JSON body object member by member.
#[derive(Debug, Default)]
pub struct BodyWriter {
    out: Vec<u8>,
}

impl BodyWriter {
    /// An empty object.
    pub fn new() -> Self {
        Self { out: b"{".to_vec() }
    }

    /// Adds one member.
    pub fn member<T: ?Sized + Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if self.out.len() > 1 {
            self.out.push(b',');
        }
        serde_json::to_writer(&mut self.out, name)?;
        self.out.push(b':');
        serde_json::to_writer(&mut self.out, value)
    }

    /// The finished object.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.push(b'}');
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Debug, PartialEq)]
    struct Demo {
        name: Option<String>,
        count: Option<i64>,
    }

    impl Body for Demo {
        const MEMBERS: &'static [&'static str] = &["name", "count"];

        fn read_member<'de, A: MapAccess<'de>>(
            &mut self,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => self.name = Some(map.next_value()?),
                1 => self.count = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    fn message(body: &str) -> String {
        decode_body::<Demo>("demo", body.as_bytes())
            .unwrap_err()
            .message()
            .to_string()
    }

    #[test]
    fn members_decode_and_empty_forms_mean_none() {
        let demo: Demo = decode_body("demo", br#"{"name": "a", "count": null}"#).unwrap();
        assert_eq!(
            demo,
            Demo {
                name: Some("a".into()),
                count: None
            }
        );
        for empty in ["", "  ", "null", "[]", "[ ]", "{}"] {
            assert_eq!(
                decode_body::<Demo>("demo", empty.as_bytes()).unwrap(),
                Demo::default()
            );
        }
    }

    #[test]
    fn errors_name_the_member_and_the_place() {
        assert_eq!(
            message(r#"{"name": 5}"#),
            "demo: body member `name`: invalid type: integer `5`, expected a string at line 1 column 10"
        );
        assert_eq!(
            message(r#"{"nmae": "a"}"#),
            "demo: body: unknown member `nmae`; it takes `name`, `count` at line 1 column 13"
        );
        assert_eq!(
            message(r#"{"name": "a", "name": "b"}"#),
            "demo: body: member `name` is given twice at line 1 column 20"
        );
        assert!(message(r#"{"name": "a""#).contains("EOF"));
        assert!(message("[1]").contains("expected a JSON object of the parameters of `demo`"));
        assert!(message(r#"{"name": "a"} x"#).contains("trailing characters"));
    }

    #[test]
    fn writer_builds_an_object() {
        let mut body = BodyWriter::new();
        body.member("name", "a\"b").unwrap();
        body.member("count", &3).unwrap();
        assert_eq!(body.finish(), br#"{"name":"a\"b","count":3}"#);
        assert_eq!(BodyWriter::new().finish(), b"{}");
    }
}
