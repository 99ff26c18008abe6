//! Decoding: a serde `Deserializer` working directly on quick-xml events (no DOM).

use std::borrow::Cow;

use base64::Engine as _;
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::error::{Error, ErrorKind, LimitKind, Result};
use crate::limits::Limits;
use crate::read::{Encoding, Prepared, prepare_bytes, prepare_bytes_in, prepare_str, transcode};
use crate::tokens::{BASE64_KEY, BASE64_TOKEN, DATETIME_KEY, DATETIME_TOKEN, VALUE_TOKEN};
pub(crate) use crate::xml::Tag;
use crate::xml::{
    Malformed, Namespaces, check_comment, check_pi, find_cdata_end, has_attributes,
    resolve_reference,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Start,
    End,
    Empty,
    /// Non-whitespace text, a reference or a CDATA section where an element was expected.
    Text,
    Eof,
}

/// A structural token: an element boundary, or something that should not be there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) kind: TokKind,
    pub(crate) tag: Tag,
    pub(crate) pos: usize,
}

impl Tok {
    #[inline]
    pub(crate) fn is(&self, kind: TokKind, tag: Tag) -> bool {
        self.kind == kind && self.tag == tag
    }
}

/// What a `<value>` holds, once its type element (if any) has been read.
#[derive(Debug)]
pub(crate) enum Header<'de> {
    /// Untyped text: a string. The `</value>` has been consumed.
    Text(Cow<'de, str>),
    /// A type element; its start (or empty element, when `empty`) has been consumed.
    Typed { tag: Tag, empty: bool },
}

/// Text being gathered from text events, references and CDATA sections; borrowed from the
/// input as long as it is one piece.
enum TextAcc<'de> {
    Empty,
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> TextAcc<'de> {
    #[inline]
    fn push(&mut self, s: Cow<'de, str>) {
        match self {
            TextAcc::Empty => {
                *self = match s {
                    Cow::Borrowed(b) => TextAcc::Borrowed(b),
                    Cow::Owned(o) => TextAcc::Owned(o),
                }
            }
            TextAcc::Borrowed(b) => {
                let mut o = String::with_capacity(b.len() + s.len());
                o.push_str(b);
                o.push_str(&s);
                *self = TextAcc::Owned(o);
            }
            TextAcc::Owned(o) => o.push_str(&s),
        }
    }

    fn push_char(&mut self, c: char) {
        match self {
            TextAcc::Empty => *self = TextAcc::Owned(c.to_string()),
            TextAcc::Borrowed(b) => {
                let mut o = String::with_capacity(b.len() + 4);
                o.push_str(b);
                o.push(c);
                *self = TextAcc::Owned(o);
            }
            TextAcc::Owned(o) => o.push(c),
        }
    }

    #[inline]
    fn len(&self) -> usize {
        match self {
            TextAcc::Empty => 0,
            TextAcc::Borrowed(b) => b.len(),
            TextAcc::Owned(o) => o.len(),
        }
    }

    fn is_whitespace(&self) -> bool {
        let s = match self {
            TextAcc::Empty => return true,
            TextAcc::Borrowed(b) => *b,
            TextAcc::Owned(o) => o.as_str(),
        };
        is_xml_whitespace(s.as_bytes())
    }

    #[inline]
    fn finish(self) -> Cow<'de, str> {
        match self {
            TextAcc::Empty => Cow::Borrowed(""),
            TextAcc::Borrowed(b) => Cow::Borrowed(b),
            TextAcc::Owned(o) => Cow::Owned(o),
        }
    }
}

#[inline]
fn is_xml_whitespace(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// XML line-end normalization: `\r\n` and `\r` become `\n`.
#[inline]
fn normalize_eols(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn trim_xml(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

/// Removes XML whitespace from base64 text (Python writes it in lines of 76 characters).
fn strip_whitespace(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.bytes().any(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
        Cow::Owned(
            s.chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n'))
                .collect(),
        )
    } else {
        s
    }
}

#[inline]
fn visit_cow_str<'de, V: Visitor<'de>>(s: Cow<'de, str>, visitor: V) -> Result<V::Value> {
    match s {
        Cow::Borrowed(b) => visitor.visit_borrowed_str(b),
        Cow::Owned(o) => visitor.visit_string(o),
    }
}

/// A deserializer of XML-RPC values from a string, for use with any `serde::Deserialize`
/// type.
///
/// Most callers use [`from_str`](crate::from_str), [`from_slice`](crate::from_slice) or
/// [`read_response`](crate::read_response) instead. Used directly, it decodes one `<value>`;
/// call [`end`](Deserializer::end) afterwards to check nothing follows.
///
/// ```
/// use serde::Deserialize;
/// let mut de = regops_xmlrpc::Deserializer::from_str("<value><i4>42</i4></value>").unwrap();
/// let n = i64::deserialize(&mut de).unwrap();
/// de.end().unwrap();
/// assert_eq!(n, 42);
/// ```
pub struct Deserializer<'de> {
    /// The document after any byte order mark.
    input: &'de [u8],
    /// The document as text when it is UTF-8 (validated once); empty otherwise.
    text: &'de str,
    encoding: Encoding,
    reader: Reader<&'de [u8]>,
    limits: Limits,
    depth: usize,
    value_mode: bool,
    pending: Option<Header<'de>>,
    /// Offset where the last event began.
    pos: usize,
    /// Offset of the type element of the current value (or of its `<value>`).
    hdr_pos: usize,
    /// Offset of the first `<value>`, for errors about the outermost value.
    pub(crate) root_pos: Option<usize>,
    /// Whether quick-xml drops leading whitespace of text (on between elements, off where
    /// text is content).
    trim: bool,
    /// Whether the document starts with an XML declaration not yet passed.
    leading_declaration: bool,
    /// Whether text must be searched for `]]>` (the document holds one somewhere).
    check_cdata_end: bool,
    /// Whether text needs line-end normalization (the document holds a carriage return).
    normalize: bool,
    /// Elements open.
    open: usize,
    /// Namespace declarations in scope.
    ns: Namespaces,
    /// Declarations of an element just closed, dropped at the next event (after the caller
    /// has looked at the element's name).
    ns_stale: bool,
}

impl<'de> Deserializer<'de> {
    /// A deserializer of `input` with the default [`Limits`].
    #[allow(clippy::should_implement_trait)] // serde_json's name; it borrows, FromStr cannot
    pub fn from_str(input: &'de str) -> Result<Self> {
        Self::with_limits(input, Limits::default())
    }

    /// A deserializer of `input` with the default [`Limits`]; see
    /// [`from_slice_with_limits`](Self::from_slice_with_limits).
    pub fn from_slice(input: &'de [u8]) -> Result<Self> {
        Self::from_slice_with_limits(input, Limits::default())
    }

    /// A deserializer of `input` with these limits.
    pub fn with_limits(input: &'de str, limits: Limits) -> Result<Self> {
        Ok(Self::new(prepare_str(input, &limits)?, limits))
    }

    /// A deserializer of `input` with these limits. The bytes are UTF-8 unless the XML
    /// declaration names US-ASCII, ISO-8859-1 or windows-1252; a UTF-8 byte order mark is
    /// skipped. Every character is checked against XML 1.0 before parsing starts.
    pub fn from_slice_with_limits(input: &'de [u8], limits: Limits) -> Result<Self> {
        Ok(Self::new(prepare_bytes(input, &limits)?, limits))
    }

    /// [`from_slice_with_limits`](Self::from_slice_with_limits) with the encoding the
    /// transport named.
    pub(crate) fn from_slice_in(
        input: &'de [u8],
        limits: Limits,
        transport: Option<Encoding>,
    ) -> Result<Self> {
        Ok(Self::new(
            prepare_bytes_in(input, &limits, transport)?,
            limits,
        ))
    }

    fn new(doc: Prepared<'de>, limits: Limits) -> Self {
        let mut reader = Reader::from_reader(doc.bytes);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Deserializer {
            input: doc.bytes,
            text: doc.text,
            encoding: doc.encoding,
            reader,
            limits,
            depth: 0,
            value_mode: false,
            pending: None,
            pos: 0,
            hdr_pos: 0,
            root_pos: None,
            trim: false,
            leading_declaration: doc.has_declaration,
            check_cdata_end: doc.has_cdata_end,
            normalize: doc.has_cr,
            open: 0,
            ns: Namespaces::default(),
            ns_stale: false,
        }
    }

    /// Checks that only whitespace, comments and processing instructions follow the value.
    pub fn end(&mut self) -> Result<()> {
        let t = self.next_tok()?;
        if t.kind == TokKind::Eof {
            Ok(())
        } else {
            Err(self.err_at(ErrorKind::TrailingContent, t.pos))
        }
    }

    // ----- errors -----------------------------------------------------------------------

    /// An error at `pos`, with its line and column.
    #[cold]
    pub(crate) fn err_at(&self, kind: ErrorKind, pos: usize) -> Error {
        Error::at(kind, pos).locate(self.input, self.encoding.is_single_byte())
    }

    /// Gives an error without a position this one, with its line and column.
    #[cold]
    pub(crate) fn fill(&self, e: Error, pos: usize) -> Error {
        e.or_offset(pos)
            .locate(self.input, self.encoding.is_single_byte())
    }

    /// A well-formedness error found in the construct that starts at `pos`.
    #[cold]
    fn malformed(&self, m: Malformed, pos: usize) -> Error {
        self.err_at(ErrorKind::Syntax(m.message), pos + m.offset)
    }

    #[cold]
    fn xml_error(&self, e: quick_xml::Error) -> Error {
        let pos = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
        let rest = self.input.get(pos..).unwrap_or_default();
        let declaration = [
            &b"<!DOCTYPE"[..],
            b"<!ENTITY",
            b"<!ELEMENT",
            b"<!ATTLIST",
            b"<!NOTATION",
        ]
        .iter()
        .any(|d| rest.len() >= d.len() && rest[..d.len()].eq_ignore_ascii_case(d));
        if declaration {
            self.err_at(ErrorKind::DeclarationRefused, pos)
        } else {
            self.err_at(ErrorKind::Syntax(e.to_string()), pos)
                .with_source(e)
        }
    }

    /// How to name a token in an error message.
    fn describe(&self, t: &Tok) -> String {
        let name = |skip: usize| -> String {
            let rest = self.input.get(t.pos + skip..).unwrap_or_default();
            let end = rest
                .iter()
                .position(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/')
                .unwrap_or(rest.len());
            String::from_utf8_lossy(&rest[..end]).into_owned()
        };
        match t.kind {
            TokKind::Start => format!("<{}>", name(1)),
            TokKind::Empty => format!("<{}/>", name(1)),
            TokKind::End => format!("</{}>", name(2)),
            TokKind::Text => "text".to_owned(),
            TokKind::Eof => "end of document".to_owned(),
        }
    }

    /// The error for an unexpected token.
    #[cold]
    pub(crate) fn unexpected(&self, t: &Tok, expected: &str) -> Error {
        if t.kind == TokKind::Eof {
            self.err_at(ErrorKind::UnexpectedEof, t.pos)
        } else {
            self.err_at(
                ErrorKind::Expected {
                    expected: expected.to_owned(),
                    found: self.describe(t),
                },
                t.pos,
            )
        }
    }

    #[cold]
    fn type_error(&self, expected: &str, header: &Header<'de>) -> Error {
        let found = match header {
            Header::Text(_) => "untyped text".to_owned(),
            Header::Typed { tag, empty: false } => format!("<{}>", tag.name()),
            Header::Typed { tag, empty: true } => format!("<{}/>", tag.name()),
        };
        self.err_at(
            ErrorKind::Expected {
                expected: expected.to_owned(),
                found,
            },
            self.hdr_pos,
        )
    }

    #[cold]
    fn limit_error(&self, limit: LimitKind, max: usize, pos: usize) -> Error {
        self.err_at(ErrorKind::LimitExceeded { limit, max }, pos)
    }

    /// An invalid scalar at `pos`: `message`, and the parser's error as the source.
    #[cold]
    fn invalid_value(
        &self,
        message: String,
        source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
        pos: usize,
    ) -> Error {
        let e = self.err_at(ErrorKind::InvalidValue(message), pos);
        match source {
            Some(source) => e.with_boxed_source(source),
            None => e,
        }
    }

    // ----- events -----------------------------------------------------------------------

    /// Between elements, whitespace is not content: letting quick-xml skip it saves an event
    /// per line of pretty-printed input.
    #[inline]
    fn set_trim(&mut self, trim: bool) {
        if self.trim != trim {
            self.trim = trim;
            self.reader.config_mut().trim_text_start = trim;
        }
    }

    /// The next event, after the checks quick-xml does not make: the XML declaration only at
    /// the very start, no DOCTYPE, attributes and namespace declarations, comments,
    /// processing instructions, `]]>` in text. The common events (tags without attributes,
    /// text) cost a counter update; everything else is checked out of line.
    #[inline(always)]
    fn event(&mut self) -> Result<Event<'de>> {
        if self.ns_stale {
            self.close_namespaces();
        }
        loop {
            self.pos = self.reader.buffer_position() as usize;
            let ev = match self.reader.read_event() {
                Ok(ev) => ev,
                Err(e) => return Err(self.xml_error(e)),
            };
            match &ev {
                Event::Start(e) => {
                    self.open += 1;
                    if !e.attributes_raw().is_empty() {
                        self.start_tag(e, false)?;
                    }
                }
                Event::End(_) => {
                    self.open = self.open.saturating_sub(1);
                    if !self.ns.is_empty() {
                        self.ns_stale = self.ns.deeper_than(self.open);
                    }
                }
                Event::Empty(e) => {
                    if !e.attributes_raw().is_empty() {
                        self.start_tag(e, true)?;
                    }
                }
                Event::Text(t) => {
                    if self.check_cdata_end {
                        self.cdata_end(t)?;
                    }
                }
                Event::CData(_) | Event::GeneralRef(_) | Event::Eof => {}
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {
                    if self.markup(&ev)? {
                        // The XML declaration at the very start: the caller never sees it.
                        continue;
                    }
                }
            }
            return Ok(ev);
        }
    }

    #[cold]
    fn close_namespaces(&mut self) {
        self.ns.close_to(self.open);
        self.ns_stale = false;
    }

    /// `]]>` in character data (looked for only when the document holds one somewhere).
    #[cold]
    fn cdata_end(&self, t: &[u8]) -> Result<()> {
        match find_cdata_end(t) {
            None => Ok(()),
            Some(at) => Err(self.err_at(
                ErrorKind::Syntax("`]]>` is not allowed in text".to_owned()),
                self.offset_of(t).unwrap_or(self.pos) + at,
            )),
        }
    }

    /// Checks a comment, processing instruction, declaration or DOCTYPE; `true` for the
    /// XML declaration at the very start, which is skipped (`read` checked it).
    #[cold]
    fn markup(&mut self, ev: &Event<'de>) -> Result<bool> {
        match ev {
            Event::Comment(c) => {
                let start = self.offset_of(c).map_or(self.pos, |o| o.saturating_sub(4));
                check_comment(c).map_err(|m| self.malformed(m, start))?;
            }
            Event::PI(pi) => {
                let start = self.offset_of(pi).map_or(self.pos, |o| o.saturating_sub(2));
                check_pi(pi).map_err(|m| self.malformed(m, start))?;
            }
            Event::Decl(decl) => {
                if self.leading_declaration && self.pos == 0 {
                    self.leading_declaration = false;
                    return Ok(true);
                }
                return Err(self.err_at(
                    ErrorKind::Syntax(
                        "an XML declaration is only allowed at the very start of the document"
                            .to_owned(),
                    ),
                    self.offset_of(decl)
                        .map_or(self.pos, |o| o.saturating_sub(2)),
                ));
            }
            Event::DocType(_) => {
                return Err(self.err_at(ErrorKind::DeclarationRefused, self.pos));
            }
            _ => {}
        }
        Ok(false)
    }

    /// Where `part` (a slice of the input) starts.
    fn offset_of(&self, part: &[u8]) -> Option<usize> {
        let start = (part.as_ptr() as usize).checked_sub(self.input.as_ptr() as usize)?;
        (start + part.len() <= self.input.len()).then_some(start)
    }

    /// Attributes and namespace declarations of a start tag (rare in XML-RPC); the
    /// declarations of an empty element end with it.
    #[cold]
    fn start_tag(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<()> {
        if !has_attributes(e) {
            return Ok(());
        }
        let pos = self.offset_of(e).map_or(self.pos, |o| o.saturating_sub(1));
        let depth = self.open + usize::from(empty);
        self.ns
            .start_tag(e, depth)
            .map_err(|m| self.malformed(m, pos))?;
        if empty {
            self.ns_stale = self.ns.deeper_than(self.open);
        }
        Ok(())
    }

    /// The tag of an element name; names with a prefix (or under a default namespace) are
    /// resolved through the declarations in scope.
    #[inline(always)]
    fn classify(&self, name: &[u8], pos: usize) -> Result<Tag> {
        let tag = Tag::classify(name);
        if tag != Tag::Other && self.ns.is_empty() {
            return Ok(tag);
        }
        self.classify_namespaced(name, pos)
    }

    #[cold]
    fn classify_namespaced(&self, name: &[u8], pos: usize) -> Result<Tag> {
        self.ns
            .classify(name)
            .map_err(|msg| self.err_at(ErrorKind::Syntax(msg), pos))
    }

    #[inline(always)]
    fn tok(&self, kind: TokKind, name: &[u8], pos: usize) -> Result<Tok> {
        Ok(Tok {
            kind,
            tag: self.classify(name, pos)?,
            pos,
        })
    }

    /// The next structural token, skipping whitespace, comments and processing instructions
    /// (and the XML declaration at the very start).
    pub(crate) fn next_tok(&mut self) -> Result<Tok> {
        self.set_trim(true);
        loop {
            let ev = self.event()?;
            let pos = self.pos;
            // Where the tag itself starts (`pos` may be before skipped whitespace).
            // Events of the slice reader borrow the input, so this is an offset into it (and
            // if not, only an error's position would be off: `locate` clamps it).
            let base = self.input.as_ptr() as usize;
            let at = |part: &[u8], back: usize| {
                (part.as_ptr() as usize)
                    .wrapping_sub(base)
                    .wrapping_sub(back)
            };
            return match ev {
                Event::Start(e) => self.tok(TokKind::Start, e.name().as_ref(), at(&e, 1)),
                Event::End(e) => self.tok(TokKind::End, e.name().as_ref(), at(&e, 2)),
                Event::Empty(e) => self.tok(TokKind::Empty, e.name().as_ref(), at(&e, 1)),
                Event::Text(t) => {
                    if is_xml_whitespace(&t) {
                        continue;
                    }
                    let skipped = t.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    Ok(Tok {
                        kind: TokKind::Text,
                        tag: Tag::Other,
                        pos: at(&t, 0) + skipped,
                    })
                }
                Event::GeneralRef(r) => Ok(Tok {
                    kind: TokKind::Text,
                    tag: Tag::Other,
                    pos: at(&r, 1),
                }),
                Event::CData(c) => Ok(Tok {
                    kind: TokKind::Text,
                    tag: Tag::Other,
                    pos: at(&c, 9),
                }),
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => continue,
                Event::Eof => Ok(Tok {
                    kind: TokKind::Eof,
                    tag: Tag::Other,
                    pos,
                }),
            };
        }
    }

    pub(crate) fn expect_start(&mut self, tag: Tag) -> Result<()> {
        let t = self.next_tok()?;
        if t.is(TokKind::Start, tag) {
            Ok(())
        } else {
            Err(self.unexpected(&t, &format!("<{}>", tag.name())))
        }
    }

    pub(crate) fn expect_end(&mut self, tag: Tag) -> Result<()> {
        let t = self.next_tok()?;
        if t.is(TokKind::End, tag) {
            Ok(())
        } else {
            Err(self.unexpected(&t, &format!("</{}>", tag.name())))
        }
    }

    /// The character a reference stands for: one of the five predefined entities, or a
    /// character reference (`&#233;`, `&#xE9;`) to a character XML 1.0 allows.
    fn resolve_ref(&self, r: &BytesRef<'_>) -> Result<char> {
        resolve_reference(r).map_err(|char_ref| {
            let name = String::from_utf8_lossy(r).into_owned();
            let kind = if char_ref {
                ErrorKind::InvalidCharRef(name)
            } else {
                ErrorKind::UnknownEntity(name)
            };
            let pos = self.offset_of(r).map_or(self.pos, |o| o.saturating_sub(1));
            self.err_at(kind, pos)
        })
    }

    /// The text of a text or CDATA event, with XML line-end normalization. UTF-8 input was
    /// validated once, so the bytes quick-xml hands back are found in it again instead of
    /// being validated per event; text in a single-byte encoding is borrowed while it is
    /// ASCII and converted otherwise.
    #[inline]
    fn text_of(&self, raw: Cow<'de, [u8]>) -> Result<Cow<'de, str>> {
        let text: Cow<'de, str> = match raw {
            Cow::Borrowed(bytes) => self.borrowed_text(bytes)?,
            Cow::Owned(bytes) => Cow::Owned(self.decode(&bytes)?.into_owned()),
        };
        if !self.normalize {
            return Ok(text);
        }
        Ok(match text {
            Cow::Borrowed(s) => normalize_eols(s),
            Cow::Owned(s) => match normalize_eols(&s) {
                Cow::Borrowed(_) => Cow::Owned(s),
                Cow::Owned(n) => Cow::Owned(n),
            },
        })
    }

    #[inline]
    fn borrowed_text(&self, bytes: &'de [u8]) -> Result<Cow<'de, str>> {
        if self.encoding == Encoding::Utf8 {
            let start = (bytes.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
            if let Some(s) = start
                .checked_add(bytes.len())
                .and_then(|end| self.text.get(start..end))
                .filter(|s| s.as_ptr() == bytes.as_ptr())
            {
                return Ok(Cow::Borrowed(s));
            }
        }
        self.decode(bytes)
    }

    /// Bytes of the input's encoding as text.
    #[cold]
    fn decode<'b>(&self, bytes: &'b [u8]) -> Result<Cow<'b, str>> {
        if self.encoding != Encoding::Utf8 && !bytes.is_ascii() {
            return Ok(Cow::Owned(transcode(self.encoding, bytes)));
        }
        std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|e| self.err_at(ErrorKind::InvalidUtf8, self.pos).with_source(e))
    }

    #[inline]
    fn check_text_len(&self, acc: &TextAcc<'de>) -> Result<()> {
        if acc.len() > self.limits.max_string_bytes {
            Err(self.limit_error(
                LimitKind::StringBytes,
                self.limits.max_string_bytes,
                self.pos,
            ))
        } else {
            Ok(())
        }
    }

    /// An element where only text may be.
    #[cold]
    fn element_in_text(&self, kind: TokKind, e: &BytesStart<'_>, expected: &str) -> Error {
        match self.tok(kind, e.name().as_ref(), self.pos) {
            Ok(t) => self.unexpected(&t, expected),
            Err(e) => e,
        }
    }

    /// Reads the text content of the element just opened, up to and including its end tag.
    /// Elements inside are an error.
    pub(crate) fn read_text(&mut self) -> Result<Cow<'de, str>> {
        self.set_trim(false);
        let mut acc = TextAcc::Empty;
        loop {
            match self.event()? {
                Event::Text(t) => {
                    acc.push(self.text_of(t.into_inner())?);
                    self.check_text_len(&acc)?;
                }
                Event::End(_) => return Ok(acc.finish()),
                Event::GeneralRef(r) => {
                    acc.push_char(self.resolve_ref(&r)?);
                    self.check_text_len(&acc)?;
                }
                Event::CData(c) => {
                    acc.push(self.text_of(c.into_inner())?);
                    self.check_text_len(&acc)?;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
                Event::Start(e) => return Err(self.element_in_text(TokKind::Start, &e, "text")),
                Event::Empty(e) => return Err(self.element_in_text(TokKind::Empty, &e, "text")),
                Event::Eof => return Err(self.err_at(ErrorKind::UnexpectedEof, self.pos)),
            }
        }
    }

    /// Reads what follows a `<value>` start tag: untyped text up to `</value>`, or the start
    /// of a type element.
    fn read_value_header(&mut self) -> Result<Header<'de>> {
        self.set_trim(false);
        let mut acc = TextAcc::Empty;
        loop {
            let ev = self.event()?;
            let (kind, e) = match ev {
                Event::Start(e) => (TokKind::Start, e),
                Event::Empty(e) => (TokKind::Empty, e),
                Event::End(_) => return Ok(Header::Text(acc.finish())),
                Event::Text(t) => {
                    acc.push(self.text_of(t.into_inner())?);
                    self.check_text_len(&acc)?;
                    continue;
                }
                Event::GeneralRef(r) => {
                    acc.push_char(self.resolve_ref(&r)?);
                    self.check_text_len(&acc)?;
                    continue;
                }
                Event::CData(c) => {
                    acc.push(self.text_of(c.into_inner())?);
                    self.check_text_len(&acc)?;
                    continue;
                }
                Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => continue,
                Event::Eof => return Err(self.err_at(ErrorKind::UnexpectedEof, self.pos)),
            };
            self.hdr_pos = self.pos;
            let t = self.tok(kind, e.name().as_ref(), self.pos)?;
            if !t.tag.is_value_type() {
                return Err(self.unexpected(&t, "a value type (<string>, <int>, <struct>, …)"));
            }
            if !acc.is_whitespace() {
                return Err(self.err_at(
                    ErrorKind::Expected {
                        expected: "text alone or a type element alone".to_owned(),
                        found: "text and a type element in one <value>".to_owned(),
                    },
                    self.pos,
                ));
            }
            return Ok(Header::Typed {
                tag: t.tag,
                empty: kind == TokKind::Empty,
            });
        }
    }

    /// Opens the next value: `<value>` (or `<value/>`) and its type element.
    pub(crate) fn open_value(&mut self) -> Result<Header<'de>> {
        let t = self.next_tok()?;
        self.hdr_pos = t.pos;
        if self.root_pos.is_none() {
            self.root_pos = Some(t.pos);
        }
        match (t.kind, t.tag) {
            (TokKind::Start, Tag::Value) => self.read_value_header(),
            (TokKind::Empty, Tag::Value) => Ok(Header::Text(Cow::Borrowed(""))),
            _ => Err(self.unexpected(&t, "<value>")),
        }
    }

    /// Sets the value the next `deserialize_*` call decodes; used by the accesses, which
    /// must look at the token before knowing whether a value follows.
    pub(crate) fn set_pending(&mut self, t: &Tok) -> Result<bool> {
        self.hdr_pos = t.pos;
        match (t.kind, t.tag) {
            (TokKind::Start, Tag::Value) => {
                let h = self.read_value_header()?;
                self.pending = Some(h);
                Ok(true)
            }
            (TokKind::Empty, Tag::Value) => {
                self.pending = Some(Header::Text(Cow::Borrowed("")));
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    #[inline]
    fn header(&mut self) -> Result<Header<'de>> {
        match self.pending.take() {
            Some(h) => Ok(h),
            None => self.open_value(),
        }
    }

    /// After a type element: expects `</value>`.
    #[inline]
    fn finish_value(&mut self) -> Result<()> {
        self.expect_end(Tag::Value)
    }

    /// The text of a scalar type element, and the end of its value.
    #[inline]
    fn scalar(&mut self, empty: bool) -> Result<Cow<'de, str>> {
        let text = if empty {
            Cow::Borrowed("")
        } else {
            self.read_text()?
        };
        self.finish_value()?;
        Ok(text)
    }

    /// The integer of an integer type element. `<int>` and `<i4>` take any 64-bit value (see
    /// the crate docs), `<ex:i1>` and `<ex:i2>` their Java range, `<ex:biginteger>` up to
    /// 128 bits.
    fn parse_integer(&mut self, tag: Tag, empty: bool) -> Result<Integer> {
        let pos = self.hdr_pos;
        let text = self.scalar(empty)?;
        let digits = trim_xml(&text);
        let wide = match digits.parse::<i64>() {
            Ok(n) if !matches!(tag, Tag::I1 | Tag::I2) => return Ok(Integer::Signed(n)),
            Ok(n) => i128::from(n),
            Err(e) => match digits.parse::<i128>() {
                Ok(n) => n,
                Err(e2)
                    if matches!(
                        e2.kind(),
                        std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow
                    ) =>
                {
                    let msg = format!("integer `{digits}` does not fit in <{}>", tag.name());
                    return Err(self.invalid_value(msg, Some(Box::new(e2)), pos));
                }
                Err(_) => {
                    let msg = format!("invalid integer `{text}`");
                    return Err(self.invalid_value(msg, Some(Box::new(e)), pos));
                }
            },
        };
        let (min, max, range) = match tag {
            Tag::I1 => (i128::from(i8::MIN), i128::from(i8::MAX), "8 bits"),
            Tag::I2 => (i128::from(i16::MIN), i128::from(i16::MAX), "16 bits"),
            Tag::BigInteger => (i128::MIN, i128::MAX, "128 bits"),
            _ => (i128::from(i64::MIN), i128::from(i64::MAX), "64 bits"),
        };
        if !(min..=max).contains(&wide) {
            let msg = format!(
                "integer `{digits}` does not fit in <{}> ({range})",
                tag.name()
            );
            return Err(self.invalid_value(msg, None, pos));
        }
        Ok(match (i64::try_from(wide), u64::try_from(wide)) {
            (Ok(n), _) => Integer::Signed(n),
            (_, Ok(n)) => Integer::Unsigned(n),
            _ => Integer::Wide(wide),
        })
    }

    fn parse_bool(&mut self, empty: bool) -> Result<bool> {
        let pos = self.hdr_pos;
        let text = self.scalar(empty)?;
        match trim_xml(&text) {
            "1" => Ok(true),
            "0" => Ok(false),
            _ => Err(self.err_at(
                ErrorKind::InvalidValue(format!(
                    "invalid boolean `{text}` (only 0 and 1 are allowed)"
                )),
                pos,
            )),
        }
    }

    /// The number of `<double>`, `<ex:float>` or `<ex:bigdecimal>`.
    fn parse_double(&mut self, empty: bool) -> Result<f64> {
        let pos = self.hdr_pos;
        let text = self.scalar(empty)?;
        match trim_xml(&text).parse::<f64>() {
            Ok(n) => Ok(n),
            Err(e) => {
                let msg = format!("invalid double `{text}`");
                Err(self.invalid_value(msg, Some(Box::new(e)), pos))
            }
        }
    }

    fn base64_text(&mut self, empty: bool) -> Result<Cow<'de, str>> {
        Ok(strip_whitespace(self.scalar(empty)?))
    }

    fn decode_base64(&self, text: &str, pos: usize) -> Result<Vec<u8>> {
        base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
            .decode(text)
            .map_err(|e| self.invalid_value(format!("invalid base64: {e}"), Some(Box::new(e)), pos))
    }

    /// `<nil/>` or `<nil></nil>`, and the end of its value.
    fn nil(&mut self, empty: bool) -> Result<()> {
        let pos = self.hdr_pos;
        let text = self.scalar(empty)?;
        if is_xml_whitespace(text.as_bytes()) {
            Ok(())
        } else {
            Err(self.err_at(
                ErrorKind::InvalidValue("<nil> must be empty".to_owned()),
                pos,
            ))
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            Err(self.limit_error(LimitKind::Depth, self.limits.max_depth, self.hdr_pos))
        } else {
            Ok(())
        }
    }

    fn visit_struct<V: Visitor<'de>>(&mut self, empty: bool, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = if empty {
            visitor.visit_map(EmptyAccess)?
        } else {
            let mut access = StructAccess {
                de: self,
                key: Cow::Borrowed(""),
                key_pos: None,
                done: false,
            };
            match visitor.visit_map(&mut access) {
                Ok(value) => {
                    if !access.done {
                        self.expect_end(Tag::Struct)?;
                    }
                    value
                }
                // The visitor refused the member whose name it had just read (a name seen
                // before): the error points at that name.
                Err(e) => {
                    return Err(match access.key_pos {
                        Some(pos) => {
                            let key = std::mem::take(&mut access.key);
                            self.fill(e, pos).push_member(&key)
                        }
                        None => e,
                    });
                }
            }
        };
        self.depth -= 1;
        self.finish_value()?;
        Ok(value)
    }

    fn visit_array<V: Visitor<'de>>(&mut self, empty: bool, visitor: V) -> Result<V::Value> {
        self.enter()?;
        let value = if empty {
            visitor.visit_seq(EmptyAccess)?
        } else {
            let t = self.next_tok()?;
            match (t.kind, t.tag) {
                (TokKind::Start, Tag::Data) => {
                    let mut access = ArrayAccess {
                        de: self,
                        index: 0,
                        done: false,
                    };
                    let value = visitor.visit_seq(&mut access)?;
                    if !access.done {
                        self.expect_end(Tag::Data)?;
                    }
                    self.expect_end(Tag::Array)?;
                    value
                }
                (TokKind::Empty, Tag::Data) => {
                    let value = visitor.visit_seq(EmptyAccess)?;
                    self.expect_end(Tag::Array)?;
                    value
                }
                // `<array></array>`: tolerated as an empty array.
                (TokKind::End, Tag::Array) => visitor.visit_seq(EmptyAccess)?,
                _ => return Err(self.unexpected(&t, "<data>")),
            }
        };
        self.depth -= 1;
        self.finish_value()?;
        Ok(value)
    }

    /// Hands a date-time or base64 text to a visitor from regops-model; what it refuses is
    /// an invalid value at `pos`, with the parser's error as the source.
    fn visit_special<V: Visitor<'de>>(
        &self,
        text: Cow<'de, str>,
        pos: usize,
        datetime: bool,
        visit: impl FnOnce(Cow<'de, str>) -> Result<V::Value>,
    ) -> Result<V::Value> {
        // Free when borrowed; owned text (with entities) is rare.
        let kept = text.clone();
        visit(text).map_err(|e| {
            if !matches!(e.kind(), ErrorKind::Custom(_)) {
                return self.fill(e, pos);
            }
            // A refusal of the text itself (it does not parse) is an invalid value; any other
            // (a type that does not take a date-time or base64 here) stays as it is.
            let source: Option<Box<dyn std::error::Error + Send + Sync>> = if datetime {
                regops_model::DateTime::parse(&kept)
                    .err()
                    .map(|e| Box::new(e) as _)
            } else {
                base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
                    .decode(&*kept)
                    .err()
                    .map(|e| Box::new(e) as _)
            };
            let Some(source) = source else {
                return self.fill(e, pos);
            };
            let message = e.kind().to_string();
            let message = if datetime || message.starts_with("invalid base64") {
                message
            } else {
                format!("invalid base64: {message}")
            };
            self.invalid_value(message, Some(source), pos)
        })
    }
}

/// An integer as decoded: 64-bit signed unless `<ex:biginteger>` holds more.
#[derive(Debug, Clone, Copy)]
enum Integer {
    Signed(i64),
    Unsigned(u64),
    Wide(i128),
}

impl Integer {
    fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Integer::Signed(n) => visitor.visit_i64(n),
            Integer::Unsigned(n) => visitor.visit_u64(n),
            Integer::Wide(n) => visitor.visit_i128(n),
        }
    }
}

macro_rules! deserialize_integer {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.header()? {
                Header::Typed { tag, empty } if tag.is_integer() => {
                    self.parse_integer(tag, empty)?.visit(visitor)
                }
                h => Err(self.type_error("an integer", &h)),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let (tag, empty) = match self.header()? {
            Header::Text(s) => return visit_cow_str(s, visitor),
            Header::Typed { tag, empty } => (tag, empty),
        };
        match tag {
            Tag::String => {
                let s = self.scalar(empty)?;
                visit_cow_str(s, visitor)
            }
            tag if tag.is_integer() => self.parse_integer(tag, empty)?.visit(visitor),
            tag if tag.is_float() => visitor.visit_f64(self.parse_double(empty)?),
            Tag::Struct => self.visit_struct(empty, visitor),
            Tag::Array => self.visit_array(empty, visitor),
            Tag::Boolean => visitor.visit_bool(self.parse_bool(empty)?),
            Tag::DateTime => {
                let pos = self.hdr_pos;
                let s = self.scalar(empty)?;
                if self.value_mode {
                    self.visit_special::<V>(s, pos, true, |s| {
                        visitor.visit_map(OneEntry {
                            key: Some(DATETIME_KEY),
                            value: Some(s),
                        })
                    })
                } else {
                    // As its text; a date-time type that refuses it (`Nullable<DateTime>`
                    // reads through here) makes it an invalid value, as in a typed field.
                    self.visit_special::<V>(s, pos, true, |s| visit_cow_str(s, visitor))
                }
            }
            Tag::Base64 => {
                let pos = self.hdr_pos;
                let s = self.base64_text(empty)?;
                if self.value_mode {
                    self.visit_special::<V>(s, pos, false, |s| {
                        visitor.visit_map(OneEntry {
                            key: Some(BASE64_KEY),
                            value: Some(s),
                        })
                    })
                } else {
                    visitor.visit_byte_buf(self.decode_base64(&s, pos)?)
                }
            }
            Tag::Nil => {
                self.nil(empty)?;
                visitor.visit_unit()
            }
            _ => Err(self.type_error("a value", &Header::Typed { tag, empty })),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Boolean,
                empty,
            } => visitor.visit_bool(self.parse_bool(empty)?),
            h => Err(self.type_error("a boolean", &h)),
        }
    }

    deserialize_integer! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed { tag, empty } if tag.is_float() => {
                visitor.visit_f64(self.parse_double(empty)?)
            }
            Header::Typed { tag, empty } if tag.is_integer() => {
                self.parse_integer(tag, empty)?.visit(visitor)
            }
            h => Err(self.type_error("a double", &h)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Text(s) => visit_cow_str(s, visitor),
            // A date-time as its text; Apache's big numbers as their exact digits (no Rust
            // number holds every one of them).
            Header::Typed {
                tag: Tag::String | Tag::DateTime | Tag::BigInteger | Tag::BigDecimal,
                empty,
            } => {
                let s = self.scalar(empty)?;
                visit_cow_str(s, visitor)
            }
            h => Err(self.type_error("a string", &h)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Base64,
                empty,
            } => {
                let pos = self.hdr_pos;
                let s = self.base64_text(empty)?;
                visitor.visit_byte_buf(self.decode_base64(&s, pos)?)
            }
            Header::Typed {
                tag: Tag::Array,
                empty,
            } => self.visit_array(empty, visitor),
            Header::Text(s) => visit_cow_str(s, visitor),
            Header::Typed {
                tag: Tag::String,
                empty,
            } => {
                let s = self.scalar(empty)?;
                visit_cow_str(s, visitor)
            }
            h => Err(self.type_error("base64", &h)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Nil,
                empty,
            } => {
                self.nil(empty)?;
                visitor.visit_none()
            }
            h => {
                self.pending = Some(h);
                visitor.visit_some(self)
            }
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Nil,
                empty,
            } => {
                self.nil(empty)?;
                visitor.visit_unit()
            }
            h => Err(self.type_error("<nil/>", &h)),
        }
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
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match name {
            VALUE_TOKEN => {
                let outer = self.value_mode;
                self.value_mode = true;
                let result = visitor.visit_newtype_struct(&mut *self);
                self.value_mode = outer;
                result
            }
            DATETIME_TOKEN => {
                let text = match self.header()? {
                    Header::Text(s) => s,
                    Header::Typed {
                        tag: Tag::DateTime | Tag::String,
                        empty,
                    } => self.scalar(empty)?,
                    h => return Err(self.type_error("a <dateTime.iso8601>", &h)),
                };
                self.visit_special::<V>(text, self.hdr_pos, true, |text| {
                    visitor.visit_newtype_struct(TextDeserializer(text))
                })
            }
            BASE64_TOKEN => {
                let text = match self.header()? {
                    Header::Text(s) => strip_whitespace(s),
                    Header::Typed {
                        tag: Tag::Base64 | Tag::String,
                        empty,
                    } => self.base64_text(empty)?,
                    h => return Err(self.type_error("<base64>", &h)),
                };
                self.visit_special::<V>(text, self.hdr_pos, false, |text| {
                    visitor.visit_newtype_struct(TextDeserializer(text))
                })
            }
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Array,
                empty,
            } => self.visit_array(empty, visitor),
            h => Err(self.type_error("an array", &h)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Struct,
                empty,
            } => self.visit_struct(empty, visitor),
            h => Err(self.type_error("a struct", &h)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.header()? {
            Header::Typed {
                tag: Tag::Struct,
                empty,
            } => self.visit_struct(empty, visitor),
            Header::Typed {
                tag: Tag::Array,
                empty,
            } => self.visit_array(empty, visitor),
            h => Err(self.type_error("a struct", &h)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.header()? {
            Header::Text(s) => visitor.visit_enum(TextDeserializer(s)),
            Header::Typed {
                tag: Tag::String,
                empty,
            } => {
                let s = self.scalar(empty)?;
                visitor.visit_enum(TextDeserializer(s))
            }
            Header::Typed {
                tag: Tag::Struct,
                empty: false,
            } => {
                self.enter()?;
                let value = visitor.visit_enum(VariantAccess {
                    de: &mut *self,
                    name: Cow::Borrowed(""),
                })?;
                self.expect_end(Tag::Struct)?;
                self.depth -= 1;
                self.finish_value()?;
                Ok(value)
            }
            h => Err(self.type_error("a string or a struct with one member", &h)),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// A value nobody wants is still checked whole, with the grammar and limits of any
    /// other (its types, its depth, its base64).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value_mode = std::mem::replace(&mut self.value_mode, false);
        let checked = de::Deserializer::deserialize_any(&mut *self, de::IgnoredAny);
        self.value_mode = value_mode;
        checked?;
        visitor.visit_unit()
    }
}

/// The members of a `<struct>`.
struct StructAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    key: Cow<'de, str>,
    /// Where `key`'s `<name>` starts, from when it is read until its value is asked for.
    key_pos: Option<usize>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for StructAccess<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        self.key_pos = None;
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        let t = de.next_tok()?;
        match (t.kind, t.tag) {
            (TokKind::Start, Tag::Member) => {}
            (TokKind::End, Tag::Struct) => {
                self.done = true;
                return Ok(None);
            }
            _ => return Err(de.unexpected(&t, "<member> or </struct>")),
        }
        let t = de.next_tok()?;
        let key = match (t.kind, t.tag) {
            (TokKind::Start, Tag::Name) => de.read_text()?,
            (TokKind::Empty, Tag::Name) => Cow::Borrowed(""),
            _ => return Err(de.unexpected(&t, "<name>")),
        };
        self.key = key;
        let pos = t.pos;
        match seed.deserialize(TextDeserializer(self.key.clone())) {
            Ok(k) => {
                self.key_pos = Some(pos);
                Ok(Some(k))
            }
            Err(e) => Err(self.de.fill(e, pos).push_member(&self.key)),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.key_pos = None;
        let de = &mut *self.de;
        let t = de.next_tok()?;
        if !de.set_pending(&t)? {
            return Err(de.unexpected(&t, "<value>").push_member(&self.key));
        }
        let value = match seed.deserialize(&mut *de) {
            Ok(v) => v,
            Err(e) => return Err(de.fill(e, t.pos).push_member(&self.key)),
        };
        de.expect_end(Tag::Member)
            .map_err(|e| e.push_member(&self.key))?;
        Ok(value)
    }
}

/// The elements of an `<array>`'s `<data>`.
struct ArrayAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for ArrayAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        let t = de.next_tok()?;
        if !de.set_pending(&t)? {
            if t.is(TokKind::End, Tag::Data) {
                self.done = true;
                return Ok(None);
            }
            return Err(de.unexpected(&t, "<value> or </data>"));
        }
        match seed.deserialize(&mut *de) {
            Ok(v) => {
                self.index += 1;
                Ok(Some(v))
            }
            Err(e) => Err(de.fill(e, t.pos).push_index(self.index)),
        }
    }
}

/// A struct or array with nothing in it.
struct EmptyAccess;

impl<'de> de::MapAccess<'de> for EmptyAccess {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, _seed: K) -> Result<Option<K::Value>> {
        Ok(None)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _seed: V) -> Result<V::Value> {
        Err(de::Error::custom("no value in an empty struct"))
    }
}

impl<'de> de::SeqAccess<'de> for EmptyAccess {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, _seed: T) -> Result<Option<T::Value>> {
        Ok(None)
    }
}

/// The one-entry map `{key: text}` of value mode.
struct OneEntry<'de> {
    key: Option<&'static str>,
    value: Option<Cow<'de, str>>,
}

impl<'de> de::MapAccess<'de> for OneEntry<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.key.take() {
            Some(k) => seed.deserialize(k.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.value.take() {
            Some(v) => seed.deserialize(TextDeserializer(v)),
            None => Err(de::Error::custom("value requested twice")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(usize::from(self.key.is_some()))
    }
}

/// An enum written as a struct with one member: `{variant: value}`.
struct VariantAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    name: Cow<'de, str>,
}

impl<'de> VariantAccess<'_, 'de> {
    fn end_member(&mut self) -> Result<()> {
        let name = &self.name;
        self.de
            .expect_end(Tag::Member)
            .map_err(|e| e.push_member(name))
    }
}

impl<'de> de::EnumAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(mut self, seed: V) -> Result<(V::Value, Self)> {
        let de = &mut *self.de;
        de.expect_start(Tag::Member)?;
        let t = de.next_tok()?;
        let name = match (t.kind, t.tag) {
            (TokKind::Start, Tag::Name) => de.read_text()?,
            (TokKind::Empty, Tag::Name) => Cow::Borrowed(""),
            _ => return Err(de.unexpected(&t, "<name>")),
        };
        let variant = seed
            .deserialize(TextDeserializer(name.clone()))
            .map_err(|e| de.fill(e, t.pos))?;
        let t = de.next_tok()?;
        if !de.set_pending(&t)? {
            return Err(de.unexpected(&t, "<value>").push_member(&name));
        }
        self.name = name;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;

    fn unit_variant(mut self) -> Result<()> {
        de::Deserializer::deserialize_ignored_any(&mut *self.de, de::IgnoredAny)?;
        self.end_member()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(mut self, seed: T) -> Result<T::Value> {
        let pos = self.de.hdr_pos;
        let value = seed
            .deserialize(&mut *self.de)
            .map_err(|e| self.de.fill(e, pos).push_member(&self.name))?;
        self.end_member()?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(mut self, _len: usize, visitor: V) -> Result<V::Value> {
        let pos = self.de.hdr_pos;
        let value = de::Deserializer::deserialize_seq(&mut *self.de, visitor)
            .map_err(|e| self.de.fill(e, pos).push_member(&self.name))?;
        self.end_member()?;
        Ok(value)
    }

    fn struct_variant<V: Visitor<'de>>(
        mut self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        let pos = self.de.hdr_pos;
        let value = de::Deserializer::deserialize_struct(&mut *self.de, "", fields, visitor)
            .map_err(|e| self.de.fill(e, pos).push_member(&self.name))?;
        self.end_member()?;
        Ok(value)
    }
}

/// A piece of text: a member name, or the text of a `dateTime.iso8601` or `base64` handed to
/// regops-model. Gives a string to any request; numbers are parsed when asked for.
pub(crate) struct TextDeserializer<'de>(pub(crate) Cow<'de, str>);

macro_rules! text_number {
    ($($method:ident $ty:ty => $visit:ident,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.0.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => visit_cow_str(self.0, visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for TextDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visit_cow_str(self.0, visitor)
    }

    text_number! {
        deserialize_i8 i8 => visit_i8,
        deserialize_i16 i16 => visit_i16,
        deserialize_i32 i32 => visit_i32,
        deserialize_i64 i64 => visit_i64,
        deserialize_u8 u8 => visit_u8,
        deserialize_u16 u16 => visit_u16,
        deserialize_u32 u32 => visit_u32,
        deserialize_u64 u64 => visit_u64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for TextDeserializer<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        seed.deserialize(self).map(|v| (v, UnitOnly))
    }
}

/// The variant of an enum written as a plain string: a unit variant.
pub(crate) struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

// ----- entry points -----------------------------------------------------------------------

/// Decodes one `<value>` document (an XML declaration, comments and whitespace around it are
/// allowed) into `T`, with the default [`Limits`].
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Info { id: i64, step: String }
/// let xml = "<value><struct>
///   <member><name>id</name><value><int>42</int></value></member>
///   <member><name>step</name><value>DONE</value></member>
/// </struct></value>";
/// let info: Info = regops_xmlrpc::from_str(xml).unwrap();
/// assert_eq!(info, Info { id: 42, step: "DONE".into() });
/// ```
pub fn from_str<'de, T: de::Deserialize<'de>>(input: &'de str) -> Result<T> {
    from_str_with_limits(input, Limits::default())
}

/// [`from_str`] with these limits.
pub fn from_str_with_limits<'de, T: de::Deserialize<'de>>(
    input: &'de str,
    limits: Limits,
) -> Result<T> {
    decode_document(Deserializer::with_limits(input, limits)?)
}

/// One value, and nothing after it.
fn decode_document<'de, T: de::Deserialize<'de>>(mut de: Deserializer<'de>) -> Result<T> {
    let value = match T::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => return Err(de.fill(e, de.root_pos.unwrap_or(0))),
    };
    de.end()?;
    Ok(value)
}

/// [`from_str`] on bytes: UTF-8, or the encoding the XML declaration names (see
/// [`Deserializer::from_slice_with_limits`]).
pub fn from_slice<'de, T: de::Deserialize<'de>>(input: &'de [u8]) -> Result<T> {
    from_slice_with_limits(input, Limits::default())
}

/// [`from_slice`] with these limits.
pub fn from_slice_with_limits<'de, T: de::Deserialize<'de>>(
    input: &'de [u8],
    limits: Limits,
) -> Result<T> {
    decode_document(Deserializer::from_slice_with_limits(input, limits)?)
}
