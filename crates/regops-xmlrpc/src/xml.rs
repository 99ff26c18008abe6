//! The XML layer under the decoder: XML-RPC's element names and Apache's extensions (found
//! through namespace declarations, not a literal prefix), references, and the
//! well-formedness rules of XML 1.0 and Namespaces in XML that quick-xml leaves to its user
//! (attributes, comments, processing instructions, `]]>` in text, legal characters).
//!
//! Every check here runs only on what is rare in XML-RPC (a tag with attributes, a comment,
//! a reference, a `>` in text), so the common path costs nothing.

use std::borrow::Cow;

use quick_xml::events::{BytesPI, BytesStart};

use crate::read::is_xml_char;

/// Apache XML-RPC's extension namespace (`<ex:nil/>`, `<ex:i8>`, …).
pub(crate) const EXTENSIONS_NS: &[u8] = b"http://ws.apache.org/xmlrpc/namespaces/extensions";
/// The namespace the `xml` prefix is bound to.
const XML_NS: &[u8] = b"http://www.w3.org/XML/1998/namespace";
/// The namespace of `xmlns` declarations, which no prefix may be bound to.
const XMLNS_NS: &[u8] = b"http://www.w3.org/2000/xmlns/";

/// The element names of XML-RPC and of Apache's extensions (anything else is `Other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Value,
    Int,
    I4,
    I8,
    Boolean,
    String,
    Double,
    DateTime,
    Base64,
    Struct,
    Array,
    Data,
    Member,
    Name,
    Nil,
    MethodCall,
    MethodName,
    MethodResponse,
    Params,
    Param,
    Fault,
    /// Apache extension `i1`: a Java `byte`.
    I1,
    /// Apache extension `i2`: a Java `short`.
    I2,
    /// Apache extension `float`: a Java `float`.
    Float,
    /// Apache extension `biginteger`: a `java.math.BigInteger`.
    BigInteger,
    /// Apache extension `bigdecimal`: a `java.math.BigDecimal`.
    BigDecimal,
    Other,
}

impl Tag {
    /// The tag of an XML-RPC element name: a dispatch on the length and first byte, then one
    /// comparison of fixed size (which compiles to a couple of integer compares).
    #[inline]
    pub(crate) fn classify(b: &[u8]) -> Tag {
        match (b.len(), b.first().copied().unwrap_or(0)) {
            (5, b'v') if b == b"value" => Tag::Value,
            (6, b's') if b == b"string" => Tag::String,
            (6, b'm') if b == b"member" => Tag::Member,
            (4, b'n') if b == b"name" => Tag::Name,
            (3, b'i') if b == b"int" => Tag::Int,
            (6, b's') if b == b"struct" => Tag::Struct,
            (5, b'a') if b == b"array" => Tag::Array,
            (4, b'd') if b == b"data" => Tag::Data,
            (2, b'i') if b == b"i4" => Tag::I4,
            (2, b'i') if b == b"i8" => Tag::I8,
            (7, b'b') if b == b"boolean" => Tag::Boolean,
            (6, b'd') if b == b"double" => Tag::Double,
            (16, b'd') if b == b"dateTime.iso8601" => Tag::DateTime,
            (6, b'b') if b == b"base64" => Tag::Base64,
            (3, b'n') if b == b"nil" => Tag::Nil,
            (10, b'm') if b == b"methodCall" => Tag::MethodCall,
            (10, b'm') if b == b"methodName" => Tag::MethodName,
            (14, b'm') if b == b"methodResponse" => Tag::MethodResponse,
            (6, b'p') if b == b"params" => Tag::Params,
            (5, b'p') if b == b"param" => Tag::Param,
            (5, b'f') if b == b"fault" => Tag::Fault,
            _ => Tag::Other,
        }
    }

    /// The tag of a local name in Apache's extension namespace. Apache also defines `dom`,
    /// `serializable`, `dateTime` and `date` there; they carry Java objects or time zones
    /// no other peer reads (Python refuses them too), so they stay unknown.
    fn classify_extension(local: &[u8]) -> Tag {
        match local {
            b"nil" => Tag::Nil,
            b"i1" => Tag::I1,
            b"i2" => Tag::I2,
            b"i8" => Tag::I8,
            b"float" => Tag::Float,
            b"biginteger" => Tag::BigInteger,
            b"bigdecimal" => Tag::BigDecimal,
            _ => Tag::Other,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Tag::Value => "value",
            Tag::Int => "int",
            Tag::I4 => "i4",
            Tag::I8 => "i8",
            Tag::Boolean => "boolean",
            Tag::String => "string",
            Tag::Double => "double",
            Tag::DateTime => "dateTime.iso8601",
            Tag::Base64 => "base64",
            Tag::Struct => "struct",
            Tag::Array => "array",
            Tag::Data => "data",
            Tag::Member => "member",
            Tag::Name => "name",
            Tag::Nil => "nil",
            Tag::MethodCall => "methodCall",
            Tag::MethodName => "methodName",
            Tag::MethodResponse => "methodResponse",
            Tag::Params => "params",
            Tag::Param => "param",
            Tag::Fault => "fault",
            Tag::I1 => "ex:i1",
            Tag::I2 => "ex:i2",
            Tag::Float => "ex:float",
            Tag::BigInteger => "ex:biginteger",
            Tag::BigDecimal => "ex:bigdecimal",
            Tag::Other => "?",
        }
    }

    /// Whether this element can be the type element of a `<value>`.
    pub(crate) fn is_value_type(self) -> bool {
        matches!(
            self,
            Tag::Int
                | Tag::I4
                | Tag::I8
                | Tag::Boolean
                | Tag::String
                | Tag::Double
                | Tag::DateTime
                | Tag::Base64
                | Tag::Struct
                | Tag::Array
                | Tag::Nil
                | Tag::I1
                | Tag::I2
                | Tag::Float
                | Tag::BigInteger
                | Tag::BigDecimal
        )
    }

    /// Whether this is an integer type.
    pub(crate) fn is_integer(self) -> bool {
        matches!(
            self,
            Tag::Int | Tag::I4 | Tag::I8 | Tag::I1 | Tag::I2 | Tag::BigInteger
        )
    }

    /// Whether this is a floating-point type.
    pub(crate) fn is_float(self) -> bool {
        matches!(self, Tag::Double | Tag::Float | Tag::BigDecimal)
    }
}

/// A well-formedness problem, with where it is relative to the start of the construct
/// checked (the caller adds the construct's offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Malformed {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

fn malformed(offset: usize, message: impl Into<String>) -> Malformed {
    Malformed {
        offset,
        message: message.into(),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `name` is an XML `Name` as far as ASCII goes: a letter, `_` or `:` first, then
/// letters, digits, `.`, `-`, `_`, `:` (any non-ASCII character is allowed: the ranges XML
/// excludes from names are punctuation no peer puts there, and the XML-RPC vocabulary is
/// ASCII anyway).
fn is_name(name: &[u8]) -> bool {
    let start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80;
    let rest = |b: u8| start(b) || b.is_ascii_digit() || b == b'.' || b == b'-';
    name.first().is_some_and(|&b| start(b)) && name.iter().all(|&b| rest(b))
}

// ----- references --------------------------------------------------------------------------

/// What a reference (`&…;`, the text between `&` and `;`) stands for: one of the five
/// predefined entities or a character reference to a character XML allows. `Err` holds
/// whether the name was a character reference.
pub(crate) fn resolve_reference(name: &[u8]) -> Result<char, bool> {
    match name {
        b"amp" => Ok('&'),
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"quot" => Ok('"'),
        b"apos" => Ok('\''),
        [b'#', b'x', hex @ ..] => char_reference(hex, 16).ok_or(true),
        [b'#', decimal @ ..] => char_reference(decimal, 10).ok_or(true),
        _ => Err(false),
    }
}

/// `&#123;` or `&#x7B;`: digits only (no sign, no `X`), a character XML allows.
fn char_reference(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() {
        return None;
    }
    let mut code: u32 = 0;
    for &d in digits {
        code = code
            .checked_mul(radix)?
            .checked_add(char::from(d).to_digit(radix)?)?;
        if code > 0x10_FFFF {
            return None;
        }
    }
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

/// The value of an attribute with its references resolved, or the problem: a `<`, a `&`
/// that starts no reference, a reference to an unknown entity or an illegal character.
fn attribute_value(raw: &[u8]) -> Result<Cow<'_, [u8]>, Malformed> {
    if let Some(at) = raw.iter().position(|&b| b == b'<') {
        return Err(malformed(at, "`<` in an attribute value"));
    }
    if !raw.contains(&b'&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.iter().position(|&b| b == b'&') {
        out.extend_from_slice(&rest[..amp]);
        let at = raw.len() - rest.len() + amp;
        let after = &rest[amp + 1..];
        let Some(semi) = after.iter().position(|&b| b == b';') else {
            return Err(malformed(
                at,
                "`&` that starts no reference in an attribute value",
            ));
        };
        let name = &after[..semi];
        match resolve_reference(name) {
            Ok(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            Err(char_ref) => {
                let name = String::from_utf8_lossy(name);
                let what = if char_ref {
                    "invalid character reference"
                } else {
                    "unknown entity"
                };
                return Err(malformed(
                    at,
                    format!("{what} `&{name};` in an attribute value"),
                ));
            }
        }
        rest = &after[semi + 1..];
    }
    out.extend_from_slice(rest);
    Ok(Cow::Owned(out))
}

// ----- comments, processing instructions, text -------------------------------------------------

/// A comment must not hold `--` nor end with `-` (XML 1.0 § 2.5).
pub(crate) fn check_comment(content: &[u8]) -> Result<(), Malformed> {
    // `<!--` precedes the content.
    if let Some(at) = content.windows(2).position(|w| w == b"--") {
        return Err(malformed(4 + at, "`--` inside a comment"));
    }
    if content.last() == Some(&b'-') {
        return Err(malformed(3 + content.len(), "a comment ending in `--->`"));
    }
    Ok(())
}

/// A processing instruction's target is a name other than `xml` in any case (the XML
/// declaration is only allowed at the very start, and checked there), followed by
/// whitespace before any data (XML 1.0 § 2.6).
pub(crate) fn check_pi(pi: &BytesPI<'_>) -> Result<(), Malformed> {
    let target = pi.target();
    if !is_name(target) {
        return Err(malformed(
            2,
            "a processing instruction without a target name",
        ));
    }
    if target.eq_ignore_ascii_case(b"xml") {
        return Err(malformed(
            0,
            "an XML declaration (`<?xml …?>`) is only allowed at the very start of the document",
        ));
    }
    Ok(())
}

/// Character data must not hold `]]>` (XML 1.0 § 2.4): the offset of the first one.
#[inline]
pub(crate) fn find_cdata_end(text: &[u8]) -> Option<usize> {
    if !text.contains(&b'>') {
        return None;
    }
    text.windows(3).position(|w| w == b"]]>")
}

// ----- namespaces --------------------------------------------------------------------------

/// One namespace declaration in scope.
#[derive(Debug)]
struct Binding {
    /// Empty for the default namespace.
    prefix: Box<[u8]>,
    /// Empty when the declaration undoes a default namespace (`xmlns=""`).
    uri: Box<[u8]>,
    /// Depth of the element that declares it (1 for the root).
    depth: usize,
}

/// The namespace declarations in scope. Empty in nearly every XML-RPC document: element
/// names then need no resolution at all.
#[derive(Debug, Default)]
pub(crate) struct Namespaces {
    bindings: Vec<Binding>,
}

impl Namespaces {
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }

    /// Drops the declarations of elements deeper than `depth` (which have been closed).
    #[inline]
    pub(crate) fn close_to(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|b| b.depth > depth) {
            self.bindings.pop();
        }
    }

    /// Whether declarations deeper than `depth` remain.
    #[inline]
    pub(crate) fn deeper_than(&self, depth: usize) -> bool {
        self.bindings.last().is_some_and(|b| b.depth > depth)
    }

    fn lookup(&self, prefix: &[u8]) -> Option<&[u8]> {
        if prefix == b"xml" {
            return Some(XML_NS);
        }
        self.bindings
            .iter()
            .rev()
            .find(|b| &*b.prefix == prefix)
            .map(|b| &*b.uri)
    }

    /// The tag of an element name: XML-RPC's vocabulary for names in no namespace (or in a
    /// default namespace other than Apache's, as every XML-RPC peer reads them), Apache's
    /// extensions for names in its namespace, `Other` for any other namespace.
    pub(crate) fn classify(&self, name: &[u8]) -> Result<Tag, String> {
        let colon = name.iter().position(|&b| b == b':');
        let (prefix, local) = match colon {
            Some(colon) => (&name[..colon], &name[colon + 1..]),
            None => (&b""[..], name),
        };
        if local.contains(&b':') || (colon.is_some() && (prefix.is_empty() || local.is_empty())) {
            return Err(format!(
                "`{}` is not a namespace-valid name",
                String::from_utf8_lossy(name)
            ));
        }
        let uri = self.lookup(prefix);
        if prefix.is_empty() {
            return Ok(match uri {
                Some(EXTENSIONS_NS) => Tag::classify_extension(local),
                _ => Tag::classify(local),
            });
        }
        match uri {
            Some(EXTENSIONS_NS) => Ok(Tag::classify_extension(local)),
            Some(_) => Ok(Tag::Other),
            None => Err(format!(
                "namespace prefix `{}` is not declared (an `xmlns:{0}=\"…\"` attribute on this \
                 element or an enclosing one)",
                String::from_utf8_lossy(prefix)
            )),
        }
    }

    /// Checks the attributes of a start tag at `depth` (XML 1.0: quoted values, no
    /// duplicates, no `<`, known references; Namespaces in XML: declared prefixes, no
    /// undeclaring a prefix, `xml` and `xmlns` reserved) and takes in its namespace
    /// declarations.
    pub(crate) fn start_tag(
        &mut self,
        tag: &BytesStart<'_>,
        depth: usize,
    ) -> Result<(), Malformed> {
        let name_len = tag.name().as_ref().len();
        // Offsets from quick-xml count from the tag's name; `<` precedes it.
        let at = |offset: usize| 1 + offset;
        let mut prefixed: Vec<(&[u8], &[u8])> = Vec::new();
        let mut attributes = tag.attributes();
        attributes.with_checks(true);
        let raw = tag.attributes_raw();
        if name_len == 0 {
            return Err(malformed(
                1,
                "`<` must be followed directly by the element name",
            ));
        }
        if raw.first().is_some_and(|&b| !is_space(b)) {
            return Err(malformed(
                at(name_len),
                "expected whitespace after the element name",
            ));
        }
        for attribute in attributes {
            let attribute = attribute.map_err(|e| {
                use quick_xml::events::attributes::AttrError;
                let (offset, problem) = match e {
                    AttrError::ExpectedEq(p) => (p, "an attribute name must be followed by `=`"),
                    AttrError::ExpectedValue(p) => (p, "`=` must be followed by a quoted value"),
                    AttrError::UnquotedValue(p) => (p, "an attribute value must be quoted"),
                    AttrError::ExpectedQuote(p, _) => {
                        (p, "an attribute value lacks its closing quote")
                    }
                    AttrError::Duplicated(p, _) => (p, "an attribute appears twice"),
                };
                malformed(at(offset), problem)
            })?;
            let key: &[u8] = attribute.key.into_inner();
            let key_at = offset_in(raw, key).map_or(at(name_len), |o| at(name_len + o));
            if !is_name(key) {
                return Err(malformed(key_at, "an attribute without a valid name"));
            }
            let value = attribute_value(&attribute.value).map_err(|m| Malformed {
                offset: key_at,
                message: m.message,
            })?;
            if key == b"xmlns" {
                if &*value == XML_NS || &*value == XMLNS_NS {
                    return Err(malformed(
                        key_at,
                        "the default namespace cannot be a reserved namespace",
                    ));
                }
                self.bindings.push(Binding {
                    prefix: Box::default(),
                    uri: value.into_owned().into_boxed_slice(),
                    depth,
                });
            } else if let Some(prefix) = key.strip_prefix(b"xmlns:") {
                let problem = if prefix == b"xmlns" {
                    Some("the prefix `xmlns` cannot be declared")
                } else if prefix.contains(&b':') || prefix.is_empty() {
                    Some("a namespace prefix must be a name without `:`")
                } else if value.is_empty() {
                    Some("a namespace prefix cannot be undeclared (`xmlns:p=\"\"`)")
                } else if (prefix == b"xml") != (&*value == XML_NS) || &*value == XMLNS_NS {
                    Some("the prefix `xml` and its namespace belong only to each other")
                } else {
                    None
                };
                if let Some(problem) = problem {
                    return Err(malformed(key_at, problem));
                }
                self.bindings.push(Binding {
                    prefix: prefix.into(),
                    uri: value.into_owned().into_boxed_slice(),
                    depth,
                });
            } else if let Some(colon) = key.iter().position(|&b| b == b':') {
                prefixed.push((&key[..colon], &key[colon + 1..]));
            }
        }
        // Prefixed attributes need declared prefixes, and two of them may not name the same
        // attribute of the same namespace.
        let mut expanded: Vec<(&[u8], &[u8])> = Vec::new();
        for (prefix, local) in prefixed {
            let Some(uri) = self.lookup(prefix) else {
                let prefix = String::from_utf8_lossy(prefix);
                return Err(malformed(
                    at(name_len),
                    format!("namespace prefix `{prefix}` of an attribute is not declared"),
                ));
            };
            if expanded.contains(&(uri, local)) {
                return Err(malformed(
                    at(name_len),
                    "two attributes with the same name and namespace",
                ));
            }
            expanded.push((uri, local));
        }
        Ok(())
    }
}

/// Offset of `part` within `whole`, when it is a sub-slice of it.
fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then_some(start)
}

/// Whether a start tag has anything after its name besides whitespace.
#[inline]
pub(crate) fn has_attributes(tag: &BytesStart<'_>) -> bool {
    tag.attributes_raw().iter().any(|&b| !is_space(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(resolve_reference(b"amp"), Ok('&'));
        assert_eq!(resolve_reference(b"#x41"), Ok('A'));
        assert_eq!(resolve_reference(b"#0000065"), Ok('A'));
        assert_eq!(resolve_reference(b"#x10FFFF"), Ok('\u{10FFFF}'));
        for bad in [
            &b"#1"[..],
            b"#x0",
            b"#0",
            b"#xFFFE",
            b"#xFFFF",
            b"#xD800",
            b"#xDFFF",
            b"#x110000",
            b"#X41",
            b"#+65",
            b"#-1",
            b"# 65",
            b"#",
            b"#x",
            b"#99999999999999999999",
        ] {
            assert_eq!(
                resolve_reference(bad),
                Err(true),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert_eq!(resolve_reference(b"nbsp"), Err(false));
        assert_eq!(resolve_reference(b"#9"), Ok('\t'));
    }

    #[test]
    fn comments_and_text() {
        assert!(check_comment(b" fine - comment ").is_ok());
        assert!(check_comment(b" a -- b ").is_err());
        assert!(check_comment(b" a -").is_err());
        assert_eq!(find_cdata_end(b"a ]] > b"), None);
        assert_eq!(find_cdata_end(b"a ]]> b"), Some(2));
    }

    #[test]
    fn attribute_values() {
        assert_eq!(&*attribute_value(b"a &amp; b &#x41;").unwrap(), b"a & b A");
        assert!(attribute_value(b"a < b").is_err());
        assert!(attribute_value(b"a & b").is_err());
        assert!(attribute_value(b"&foo;").is_err());
        assert!(attribute_value(b"&#1;").is_err());
    }

    #[test]
    fn names() {
        assert!(is_name(b"value"));
        assert!(is_name(b"ex:nil"));
        assert!(is_name(b"x-a.b_c"));
        assert!(!is_name(b"1abc"));
        assert!(!is_name(b""));
        assert!(!is_name(b"a\"b"));
    }
}
