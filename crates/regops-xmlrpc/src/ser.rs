//! Encoding: a serde `Serializer` writing XML-RPC bytes straight into a `Vec<u8>`.

use serde::ser::{self, Impossible, Serialize};

use crate::error::{Error, Result};
use crate::tokens::{BASE64_TOKEN, DATETIME_TEXT_TOKEN, DATETIME_TOKEN};

/// Bytes of text that need a look: `&`, `<`, `>`, `\r`, the C0 controls XML 1.0 cannot carry,
/// and 0xEF (which starts U+FFFE and U+FFFF).
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A);
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[0xEF] = true;
    t
};

/// Writes `s` as XML character data: `&`, `<` and `>` as entities, `\r` as `&#13;` (so that it
/// survives line-end normalization). Characters XML 1.0 cannot carry at all (C0 controls other
/// than tab, line feed and carriage return; U+FFFE; U+FFFF) are an error.
pub(crate) fn write_escaped(out: &mut Vec<u8>, s: &str) -> Result<()> {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !SPECIAL[b as usize] {
            continue;
        }
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#13;",
            0xEF => {
                if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                {
                    return Err(unrepresentable(if bytes[i + 2] == 0xBE {
                        '\u{FFFE}'
                    } else {
                        '\u{FFFF}'
                    }));
                }
                continue;
            }
            _ => return Err(unrepresentable(char::from(b))),
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(rep);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    Ok(())
}

#[cold]
fn unrepresentable(c: char) -> Error {
    Error::unsupported(format!(
        "U+{:04X} cannot be written in XML 1.0 text",
        u32::from(c)
    ))
}

fn write_i64(out: &mut Vec<u8>, n: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut m = n.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

fn write_int(out: &mut Vec<u8>, n: i64) {
    if i32::try_from(n).is_ok() {
        out.extend_from_slice(b"<value><int>");
        write_i64(out, n);
        out.extend_from_slice(b"</int></value>");
    } else {
        out.extend_from_slice(b"<value><i8>");
        write_i64(out, n);
        out.extend_from_slice(b"</i8></value>");
    }
}

fn write_double(out: &mut Vec<u8>, v: f64) {
    out.extend_from_slice(b"<value><double>");
    if v.is_nan() {
        out.extend_from_slice(b"nan");
    } else if v.is_infinite() {
        out.extend_from_slice(if v > 0.0 { b"inf" } else { b"-inf" });
    } else {
        let s = v.to_string();
        out.extend_from_slice(s.as_bytes());
        if !s.contains('.') {
            out.extend_from_slice(b".0");
        }
    }
    out.extend_from_slice(b"</double></value>");
}

pub(crate) fn write_str_value(out: &mut Vec<u8>, s: &str) -> Result<()> {
    out.extend_from_slice(b"<value><string>");
    write_escaped(out, s)?;
    out.extend_from_slice(b"</string></value>");
    Ok(())
}

/// `<value><tag>text</tag></value>`, the text escaped and otherwise as it is.
fn write_typed_text(out: &mut Vec<u8>, tag: &str, text: &str) -> Result<()> {
    out.extend_from_slice(b"<value><");
    out.extend_from_slice(tag.as_bytes());
    out.push(b'>');
    write_escaped(out, text)?;
    out.extend_from_slice(b"</");
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(b"></value>");
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS…` → `YYYYMMDDTHH:MM:SS…` (the fraction and zone follow unchanged);
/// any other text, such as Netim's `YYYY-MM-DD HH:MM:SS` in a `Value`, is kept as it is.
fn write_datetime(out: &mut Vec<u8>, s: &str) -> Result<()> {
    out.extend_from_slice(b"<value><dateTime.iso8601>");
    let b = s.as_bytes();
    let extended = b.len() >= 11
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit());
    if extended {
        out.extend_from_slice(&b[0..4]);
        out.extend_from_slice(&b[5..7]);
        write_escaped(out, &s[8..])?;
    } else {
        write_escaped(out, s)?;
    }
    out.extend_from_slice(b"</dateTime.iso8601></value>");
    Ok(())
}

/// A serializer of one XML-RPC `<value>` into a byte buffer, for any `serde::Serialize` type.
///
/// Most callers use [`to_vec`](crate::to_vec), [`to_string`](crate::to_string),
/// [`write_call`](crate::write_call) or [`write_response`](crate::write_response) instead.
///
/// ```
/// use serde::Serialize;
/// let mut out = Vec::new();
/// (1, "a&b").serialize(regops_xmlrpc::Serializer::new(&mut out)).unwrap();
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "<value><array><data><value><int>1</int></value>\
///      <value><string>a&amp;b</string></value></data></array></value>"
/// );
/// ```
pub struct Serializer<'a> {
    out: &'a mut Vec<u8>,
    /// When this value is a struct member: where the `<member>` began, so that `None` can
    /// remove it.
    member_start: Option<usize>,
}

impl<'a> Serializer<'a> {
    /// A serializer appending to `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Serializer {
            out,
            member_start: None,
        }
    }
}

/// A struct, array, map or enum variant being written; `close` is written at the end.
#[doc(hidden)]
pub struct Compound<'a> {
    out: &'a mut Vec<u8>,
    close: &'static [u8],
    /// Where the current map member began.
    mark: usize,
}

const CLOSE_ARRAY: &[u8] = b"</data></array></value>";
const CLOSE_STRUCT: &[u8] = b"</struct></value>";
const CLOSE_TUPLE_VARIANT: &[u8] = b"</data></array></value></member></struct></value>";
const CLOSE_STRUCT_VARIANT: &[u8] = b"</struct></value></member></struct></value>";

fn open_variant(out: &mut Vec<u8>, variant: &str) -> Result<()> {
    out.extend_from_slice(b"<value><struct><member><name>");
    write_escaped(out, variant)?;
    out.extend_from_slice(b"</name>");
    Ok(())
}

impl<'a> ser::Serializer for Serializer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.extend_from_slice(if v {
            b"<value><boolean>1</boolean></value>"
        } else {
            b"<value><boolean>0</boolean></value>"
        });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        write_int(self.out, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.serialize_i64(v),
            Err(_) => Err(Error::unsupported(format!(
                "integer {v} does not fit in XML-RPC's 64-bit <i8>"
            ))),
        }
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.serialize_i128(i128::from(v))
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.serialize_i64(v),
            Err(_) => Err(Error::unsupported(format!(
                "integer {v} does not fit in XML-RPC's 64-bit <i8>"
            ))),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        write_double(self.out, v);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        write_str_value(self.out, v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        use base64::Engine as _;
        self.out.extend_from_slice(b"<value><base64>");
        let start = self.out.len();
        let encoded_len = v.len().div_ceil(3) * 4;
        self.out.resize(start + encoded_len, 0);
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(v, &mut self.out[start..])
            .map_err(|e| Error::unsupported(e.to_string()))?;
        self.out.truncate(start + written);
        self.out.extend_from_slice(b"</base64></value>");
        Ok(())
    }

    fn serialize_none(self) -> Result<()> {
        match self.member_start {
            // An absent optional member is left out.
            Some(mark) => self.out.truncate(mark),
            None => self.out.extend_from_slice(b"<value><nil/></value>"),
        }
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.extend_from_slice(b"<value><nil/></value>");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        match name {
            DATETIME_TOKEN => write_datetime(self.out, &value.serialize(TextCapture(name))?),
            // A date-time kept as its peer wrote it: the text goes back unchanged.
            DATETIME_TEXT_TOKEN => {
                let text = value.serialize(TextCapture(name))?;
                write_typed_text(self.out, "dateTime.iso8601", &text)
            }
            BASE64_TOKEN => {
                let text = value.serialize(TextCapture(name))?;
                write_typed_text(self.out, "base64", &text)
            }
            _ => value.serialize(self),
        }
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        open_variant(self.out, variant)?;
        value.serialize(Serializer::new(&mut *self.out))?;
        self.out.extend_from_slice(b"</member></struct></value>");
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.extend_from_slice(b"<value><array><data>");
        Ok(Compound {
            out: self.out,
            close: CLOSE_ARRAY,
            mark: 0,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        open_variant(self.out, variant)?;
        self.out.extend_from_slice(b"<value><array><data>");
        Ok(Compound {
            out: self.out,
            close: CLOSE_TUPLE_VARIANT,
            mark: 0,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.out.extend_from_slice(b"<value><struct>");
        Ok(Compound {
            out: self.out,
            close: CLOSE_STRUCT,
            mark: 0,
        })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        open_variant(self.out, variant)?;
        self.out.extend_from_slice(b"<value><struct>");
        Ok(Compound {
            out: self.out,
            close: CLOSE_STRUCT_VARIANT,
            mark: 0,
        })
    }

    fn collect_str<T: ?Sized + std::fmt::Display>(self, value: &T) -> Result<()> {
        self.serialize_str(&value.to_string())
    }
}

impl Compound<'_> {
    #[inline]
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        value.serialize(Serializer::new(&mut *self.out))
    }

    #[inline]
    fn member<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<()> {
        let mark = self.out.len();
        self.out.extend_from_slice(b"<member><name>");
        write_escaped(self.out, key)?;
        self.out.extend_from_slice(b"</name>");
        value.serialize(Serializer {
            out: &mut *self.out,
            member_start: Some(mark),
        })?;
        if self.out.len() != mark {
            self.out.extend_from_slice(b"</member>");
        }
        Ok(())
    }

    #[inline]
    fn close(self) -> Result<()> {
        self.out.extend_from_slice(self.close);
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(key, value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(key, value)
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.mark = self.out.len();
        self.out.extend_from_slice(b"<member><name>");
        key.serialize(KeySerializer(&mut *self.out))?;
        self.out.extend_from_slice(b"</name>");
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let mark = self.mark;
        value.serialize(Serializer {
            out: &mut *self.out,
            member_start: Some(mark),
        })?;
        if self.out.len() != mark {
            self.out.extend_from_slice(b"</member>");
        }
        Ok(())
    }
    fn end(self) -> Result<()> {
        self.close()
    }
}

#[cold]
fn key_error() -> Error {
    Error::unsupported("struct member names must be strings")
}

/// Writes a map key as a member name: strings, characters and integers.
struct KeySerializer<'a>(&'a mut Vec<u8>);

macro_rules! key_integer {
    ($($method:ident $ty:ty,)*) => {$(
        fn $method(self, v: $ty) -> Result<()> {
            self.0.extend_from_slice(v.to_string().as_bytes());
            Ok(())
        }
    )*};
}

macro_rules! refuse {
    ($($method:ident $($arg:ty)?,)*) => {$(
        fn $method(self $(, _: $arg)?) -> Result<Self::Ok> {
            Err(self.refuse())
        }
    )*};
}

impl KeySerializer<'_> {
    #[cold]
    fn refuse(&self) -> Error {
        key_error()
    }
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<()> {
        write_escaped(self.0, v)
    }

    fn serialize_char(self, v: char) -> Result<()> {
        write_escaped(self.0, v.encode_utf8(&mut [0; 4]))
    }

    key_integer! {
        serialize_i8 i8, serialize_i16 i16, serialize_i32 i32, serialize_i64 i64,
        serialize_u8 u8, serialize_u16 u16, serialize_u32 u32, serialize_u64 u64,
    }

    refuse! {
        serialize_bool bool, serialize_f32 f32, serialize_f64 f64, serialize_bytes &[u8],
        serialize_none, serialize_unit,
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Err(key_error())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(key_error())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}

/// Captures the string inside a regops-model newtype (`$regops::DateTime`, `$regops::Base64`),
/// or the value of the one-member map inside one (`$regops::DateTimeText`).
struct TextCapture(&'static str);

/// The one-member map of a [`TextCapture`]: its value is the text.
struct MemberCapture {
    newtype: &'static str,
    text: Option<String>,
}

impl ser::SerializeMap for MemberCapture {
    type Ok = String;
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, _key: &T) -> Result<()> {
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.text.is_some() {
            return Err(TextCapture(self.newtype).refuse());
        }
        self.text = Some(value.serialize(TextCapture(self.newtype))?);
        Ok(())
    }
    fn end(self) -> Result<String> {
        self.text.ok_or_else(|| TextCapture(self.newtype).refuse())
    }
}

impl TextCapture {
    #[cold]
    fn refuse(&self) -> Error {
        Error::unsupported(format!("{} must hold a string", self.0))
    }
}

impl ser::Serializer for TextCapture {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = MemberCapture;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_owned())
    }

    refuse! {
        serialize_bool bool, serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
        serialize_i64 i64, serialize_u8 u8, serialize_u16 u16, serialize_u32 u32,
        serialize_u64 u64, serialize_f32 f32, serialize_f64 f64, serialize_char char,
        serialize_bytes &[u8], serialize_none, serialize_unit,
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<String> {
        value.serialize(self)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<String> {
        Err(self.refuse())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<String> {
        Err(self.refuse())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String> {
        Err(self.refuse())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(self.refuse())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(self.refuse())
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(self.refuse())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(self.refuse())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(MemberCapture {
            newtype: self.0,
            text: None,
        })
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(self.refuse())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(self.refuse())
    }
}

/// Writes a method's parameters: each element of a sequence or tuple becomes a `<param>`.
/// Trailing `None`s are left out (absent optional parameters); a `None` followed by a value
/// is written as `<nil/>`.
pub(crate) struct ParamsSerializer<'a>(pub(crate) &'a mut Vec<u8>);

/// The parameter list being written.
#[doc(hidden)]
pub struct ParamsCompound<'a> {
    out: &'a mut Vec<u8>,
    /// Where a run of `None` parameters began, if the last ones were `None`.
    trailing_none: Option<usize>,
}

impl ParamsCompound<'_> {
    fn param<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        let mark = self.out.len();
        self.out.extend_from_slice(b"<param>");
        value.serialize(Serializer {
            out: &mut *self.out,
            member_start: Some(mark),
        })?;
        if self.out.len() == mark {
            // `None`: written as nil for now, removed at the end if nothing follows.
            self.out
                .extend_from_slice(b"<param><value><nil/></value></param>");
            self.trailing_none.get_or_insert(mark);
        } else {
            self.out.extend_from_slice(b"</param>");
            self.trailing_none = None;
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if let Some(mark) = self.trailing_none {
            self.out.truncate(mark);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for ParamsCompound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTuple for ParamsCompound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for ParamsCompound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }
    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl ParamsSerializer<'_> {
    #[cold]
    fn refuse(&self) -> Error {
        Error::unsupported(
            "method parameters must serialize as a sequence or a tuple (or unit for none)",
        )
    }
}

impl<'a> ser::Serializer for ParamsSerializer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ParamsCompound<'a>;
    type SerializeTuple = ParamsCompound<'a>;
    type SerializeTupleStruct = ParamsCompound<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    refuse! {
        serialize_bool bool, serialize_i8 i8, serialize_i16 i16, serialize_i32 i32,
        serialize_i64 i64, serialize_u8 u8, serialize_u16 u16, serialize_u32 u32,
        serialize_u64 u64, serialize_f32 f32, serialize_f64 f64, serialize_char char,
        serialize_str &str, serialize_bytes &[u8], serialize_none,
    }

    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<()> {
        Err(self.refuse())
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        Err(self.refuse())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<ParamsCompound<'a>> {
        Ok(ParamsCompound {
            out: self.0,
            trailing_none: None,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<ParamsCompound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<ParamsCompound<'a>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(self.refuse())
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(self.refuse())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(self.refuse())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(self.refuse())
    }
}

// ----- entry points -----------------------------------------------------------------------

/// Encodes `value` as one XML-RPC `<value>` element.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Info { id: i64, note: Option<String> }
/// let xml = regops_xmlrpc::to_string(&Info { id: 42, note: None }).unwrap();
/// assert_eq!(
///     xml,
///     "<value><struct><member><name>id</name><value><int>42</int></value></member></struct></value>"
/// );
/// ```
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(128);
    value.serialize(Serializer::new(&mut out))?;
    Ok(out)
}

/// [`to_vec`] as a `String`.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    let out = to_vec(value)?;
    // Only `&str` pieces and ASCII markup are ever written.
    String::from_utf8(out).map_err(|e| Error::unsupported(e.to_string()))
}
