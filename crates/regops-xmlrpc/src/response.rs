//! `methodResponse`: a value, or a fault.

use serde::de::{self, value::UnitDeserializer};
use serde::ser::Serialize;

use crate::de::{Deserializer, Tag, TokKind};
use crate::error::{Error, Result};
use crate::fault::Fault;
use crate::limits::Limits;
use crate::read::{Encoding, transport_encoding};
use crate::ser::{Serializer, write_escaped};

/// Writes a `methodResponse` carrying `value` as its one parameter.
///
/// ```
/// let xml = regops_xmlrpc::write_response(&true).unwrap();
/// assert_eq!(
///     String::from_utf8(xml).unwrap(),
///     "<?xml version=\"1.0\"?><methodResponse><params><param>\
///      <value><boolean>1</boolean></value></param></params></methodResponse>"
/// );
/// ```
pub fn write_response<T: ?Sized + Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(b"<?xml version=\"1.0\"?><methodResponse><params><param>");
    value.serialize(Serializer::new(&mut out))?;
    out.extend_from_slice(b"</param></params></methodResponse>");
    Ok(out)
}

/// Writes a `methodResponse` carrying a fault.
///
/// Characters XML 1.0 cannot carry in the fault string are replaced by U+FFFD, so this
/// cannot fail.
pub fn write_fault(fault: &Fault) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    out.extend_from_slice(
        b"<?xml version=\"1.0\"?><methodResponse><fault><value><struct>\
          <member><name>faultCode</name><value><int>",
    );
    out.extend_from_slice(fault.code.to_string().as_bytes());
    out.extend_from_slice(
        b"</int></value></member><member><name>faultString</name><value><string>",
    );
    let mark = out.len();
    if write_escaped(&mut out, &fault.string).is_err() {
        out.truncate(mark);
        let cleaned: String = fault
            .string
            .chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => c,
                '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => '\u{FFFD}',
                _ => c,
            })
            .collect();
        // Cannot fail any more: every character left is allowed.
        let _ = write_escaped(&mut out, &cleaned);
    }
    out.extend_from_slice(b"</string></value></member></struct></value></fault></methodResponse>");
    out
}

/// Reads a `methodResponse` into `T`. A fault is returned as an error of kind
/// [`ErrorKind::Fault`](crate::ErrorKind::Fault): use [`Error::fault`] to get it.
///
/// A response with no `<param>` (some servers answer so for methods returning nothing)
/// decodes as nil: `()` or `None`.
///
/// ```
/// let xml = regops_xmlrpc::write_response(&vec![1, 2, 3]).unwrap();
/// let v: Vec<i32> = regops_xmlrpc::read_response(&xml).unwrap();
/// assert_eq!(v, [1, 2, 3]);
/// ```
pub fn read_response<'de, T: de::Deserialize<'de>>(input: &'de [u8]) -> Result<T> {
    read_response_with_limits(input, Limits::default())
}

/// [`read_response`] with these limits.
pub fn read_response_with_limits<'de, T: de::Deserialize<'de>>(
    input: &'de [u8],
    limits: Limits,
) -> Result<T> {
    read_response_in(input, limits, None)
}

/// [`read_response_with_limits`] for a body whose character encoding the transport named,
/// such as the `charset` parameter of an HTTP `Content-Type`: it wins over the XML
/// declaration's (RFC 7303 §3.2; a UTF-8 byte order mark wins over both). A charset the
/// decoder does not read is an [`ErrorKind::UnsupportedEncoding`](crate::ErrorKind) error.
///
/// ```
/// // ISO-8859-1 bytes, no encoding in the declaration: the transport's charset says how to read them.
/// let body = b"<?xml version=\"1.0\"?><methodResponse><params><param><value>caf\xE9</value></param></params></methodResponse>";
/// let s: String = regops_xmlrpc::read_response_with_charset(body, "ISO-8859-1", Default::default()).unwrap();
/// assert_eq!(s, "café");
/// let refused = regops_xmlrpc::read_response_with_charset::<String>(body, "koi8-r", Default::default());
/// assert!(refused.unwrap_err().to_string().contains("unsupported encoding `koi8-r`"));
/// ```
pub fn read_response_with_charset<'de, T: de::Deserialize<'de>>(
    input: &'de [u8],
    charset: &str,
    limits: Limits,
) -> Result<T> {
    read_response_in(input, limits, Some(transport_encoding(charset)?))
}

fn read_response_in<'de, T: de::Deserialize<'de>>(
    input: &'de [u8],
    limits: Limits,
    transport: Option<Encoding>,
) -> Result<T> {
    let mut de = Deserializer::from_slice_in(input, limits, transport)?;
    de.expect_start(Tag::MethodResponse)?;
    match read_answer(de)? {
        Answer::Value(response) => response.decode(),
        Answer::Fault(fault) => Err(Error::from(fault)),
    }
}

/// What a `methodResponse` carries.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per document and consumed at once; boxing would cost an allocation"
)]
pub(crate) enum Answer<'de> {
    Value(Response<'de>),
    Fault(Fault),
}

/// Reads what follows `<methodResponse>`: the start of the value, or the whole fault.
pub(crate) fn read_answer<'de>(mut de: Deserializer<'de>) -> Result<Answer<'de>> {
    let t = de.next_tok()?;
    match (t.kind, t.tag) {
        (TokKind::Start | TokKind::Empty, Tag::Params) => Ok(Answer::Value(Response {
            de,
            open: t.kind == TokKind::Start,
            pos: t.pos,
        })),
        (TokKind::Start, Tag::Fault) => {
            let fault = match <Fault as de::Deserialize>::deserialize(&mut de) {
                Ok(f) => f,
                Err(e) => {
                    let pos = de.root_pos.unwrap_or(t.pos);
                    return Err(de.fill(e, pos).push_root("fault"));
                }
            };
            de.expect_end(Tag::Fault)?;
            de.expect_end(Tag::MethodResponse)?;
            de.end()?;
            Ok(Answer::Fault(fault))
        }
        _ => Err(de.unexpected(&t, "<params> or <fault>")),
    }
}

/// The value of a `methodResponse` that is not a fault, still to be decoded (from
/// [`read_document`](crate::read_document)).
///
/// Decoding checks the rest of the document: one parameter, then nothing after
/// `</methodResponse>`. A response with no `<param>` decodes as nil (`()` or `None`).
pub struct Response<'de> {
    de: Deserializer<'de>,
    /// Inside `<params>` (not `<params/>`).
    open: bool,
    /// Where `<params>` is.
    pos: usize,
}

impl<'de> Response<'de> {
    /// Decodes the value into `T`.
    pub fn decode<T: de::Deserialize<'de>>(mut self) -> Result<T> {
        let de = &mut self.de;
        let value = if self.open {
            let t = de.next_tok()?;
            match (t.kind, t.tag) {
                (TokKind::Start, Tag::Param) => {
                    let value = match T::deserialize(&mut *de) {
                        Ok(v) => v,
                        Err(e) => {
                            let pos = de.root_pos.unwrap_or(t.pos);
                            return Err(de.fill(e, pos).push_index(0).push_root("params"));
                        }
                    };
                    de.expect_end(Tag::Param)?;
                    let t = de.next_tok()?;
                    if !t.is(TokKind::End, Tag::Params) {
                        return Err(de
                            .unexpected(&t, "</params> (a response has one parameter)")
                            .push_index(1)
                            .push_root("params"));
                    }
                    value
                }
                (TokKind::End, Tag::Params) => nil(de, t.pos)?,
                _ => return Err(de.unexpected(&t, "<param>")),
            }
        } else {
            nil(de, self.pos)?
        };
        de.expect_end(Tag::MethodResponse)?;
        de.end()?;
        Ok(value)
    }
}

fn nil<'de, T: de::Deserialize<'de>>(de: &Deserializer<'de>, pos: usize) -> Result<T> {
    T::deserialize(UnitDeserializer::<Error>::new())
        .map_err(|e| de.fill(e, pos).push_root("params"))
}
