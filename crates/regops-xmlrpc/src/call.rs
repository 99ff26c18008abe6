//! `methodCall`: writing a call, and reading one (server side).

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Visitor};
use serde::forward_to_deserialize_any;
use serde::ser::Serialize;

use crate::de::{Deserializer, Tag, TokKind};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::ser::{ParamsSerializer, write_escaped};

/// Writes a `methodCall` of `method` with `params`, which must serialize as a sequence or a
/// tuple (one `<param>` per element; `()` for none). Trailing `None` elements are left out,
/// as absent optional parameters; a `None` followed by a value is written as `<nil/>`.
///
/// ```
/// let xml = regops_xmlrpc::write_call("operation.info", &("secret-key", 42)).unwrap();
/// assert_eq!(
///     String::from_utf8(xml).unwrap(),
///     "<?xml version=\"1.0\"?><methodCall><methodName>operation.info</methodName><params>\
///      <param><value><string>secret-key</string></value></param>\
///      <param><value><int>42</int></value></param></params></methodCall>"
/// );
/// ```
pub fn write_call<P: ?Sized + Serialize>(method: &str, params: &P) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"<?xml version=\"1.0\"?><methodCall><methodName>");
    write_escaped(&mut out, method)?;
    out.extend_from_slice(b"</methodName><params>");
    params.serialize(ParamsSerializer(&mut out))?;
    out.extend_from_slice(b"</params></methodCall>");
    Ok(out)
}

/// Reads a `methodCall`: gives the method name, and its parameters as a deserializer to decode
/// into the method's parameter type (a tuple, a `Vec`, or a struct read positionally).
///
/// ```
/// let xml = regops_xmlrpc::write_call("operation.info", &("secret-key", 42)).unwrap();
/// let (method, params) = regops_xmlrpc::read_call(&xml).unwrap();
/// assert_eq!(method, "operation.info");
/// let (key, id): (String, i64) = params.decode().unwrap();
/// assert_eq!((key.as_str(), id), ("secret-key", 42));
/// ```
pub fn read_call(input: &[u8]) -> Result<(Cow<'_, str>, Params<'_>)> {
    read_call_with_limits(input, Limits::default())
}

/// [`read_call`] with these limits.
pub fn read_call_with_limits(input: &[u8], limits: Limits) -> Result<(Cow<'_, str>, Params<'_>)> {
    let mut de = Deserializer::from_slice_with_limits(input, limits)?;
    de.expect_start(Tag::MethodCall)?;
    read_call_body(de)
}

/// Reads what follows `<methodCall>`: the method name and the start of the parameters.
pub(crate) fn read_call_body(mut de: Deserializer<'_>) -> Result<(Cow<'_, str>, Params<'_>)> {
    let t = de.next_tok()?;
    let name = match (t.kind, t.tag) {
        (TokKind::Start, Tag::MethodName) => de.read_text()?,
        _ => return Err(de.unexpected(&t, "<methodName>")),
    };
    let t = de.next_tok()?;
    let state = match (t.kind, t.tag) {
        (TokKind::Start, Tag::Params) => State::Open,
        (TokKind::Empty, Tag::Params) => State::Closed,
        (TokKind::End, Tag::MethodCall) => State::Finished,
        _ => return Err(de.unexpected(&t, "<params>")),
    };
    Ok((name, Params { de, state }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside `<params>`.
    Open,
    /// After `<params/>` or `</params>`.
    Closed,
    /// After `</methodCall>`.
    Finished,
}

/// The parameters of a `methodCall`, as a `serde::Deserializer` of a sequence.
///
/// Decoding checks the rest of the document: a parameter the target type does not take is an
/// error, and so is anything after `</methodCall>`.
pub struct Params<'de> {
    de: Deserializer<'de>,
    state: State,
}

impl<'de> Params<'de> {
    /// Decodes the parameters into `T`.
    pub fn decode<T: de::Deserialize<'de>>(self) -> Result<T> {
        T::deserialize(self)
    }

    fn visit<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        let mut access = ParamsAccess {
            de: &mut self.de,
            index: 0,
            done: self.state != State::Open,
        };
        let value = match visitor.visit_seq(&mut access) {
            Ok(v) => v,
            Err(e) => {
                let pos = access.de.root_pos.unwrap_or(0);
                return Err(access.de.fill(e, pos).push_root("params"));
            }
        };
        if !access.done {
            let index = access.index;
            let t = self.de.next_tok()?;
            if t.is(TokKind::Start, Tag::Param) {
                return Err(self
                    .de
                    .unexpected(&t, "</params> (no more parameters)")
                    .push_index(index)
                    .push_root("params"));
            }
            if !t.is(TokKind::End, Tag::Params) {
                return Err(self.de.unexpected(&t, "</params>"));
            }
            self.state = State::Closed;
        } else if self.state == State::Open {
            self.state = State::Closed;
        }
        self.finish()?;
        Ok(value)
    }

    fn finish(&mut self) -> Result<()> {
        if self.state != State::Finished {
            self.de.expect_end(Tag::MethodCall)?;
            self.state = State::Finished;
        }
        self.de.end()
    }
}

struct ParamsAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for ParamsAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        let t = de.next_tok()?;
        match (t.kind, t.tag) {
            (TokKind::Start, Tag::Param) => {}
            (TokKind::End, Tag::Params) => {
                self.done = true;
                return Ok(None);
            }
            _ => return Err(de.unexpected(&t, "<param> or </params>")),
        }
        // The root (`params`) is added by `Params::visit`.
        let wrap = |e: Error, index| e.push_index(index);
        let v = de.next_tok()?;
        if !de.set_pending(&v)? {
            return Err(wrap(de.unexpected(&v, "<value>"), self.index));
        }
        let value = match seed.deserialize(&mut *de) {
            Ok(value) => value,
            Err(e) => return Err(wrap(de.fill(e, v.pos), self.index)),
        };
        de.expect_end(Tag::Param).map_err(|e| wrap(e, self.index))?;
        self.index += 1;
        Ok(Some(value))
    }
}

impl<'de> de::Deserializer<'de> for Params<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(mut self, visitor: V) -> Result<V::Value> {
        if self.state == State::Open {
            let t = self.de.next_tok()?;
            if !t.is(TokKind::End, Tag::Params) {
                return Err(self
                    .de
                    .unexpected(&t, "</params> (no parameters)")
                    .push_root("params"));
            }
            self.state = State::Closed;
        }
        self.finish()?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option seq tuple tuple_struct map struct enum identifier ignored_any
    }
}
