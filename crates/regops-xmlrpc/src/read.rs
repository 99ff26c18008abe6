//! Input sources: how bytes become a document the decoder can trust (size, byte order mark,
//! XML declaration, character encoding, the characters XML 1.0 allows), and how a body
//! arriving from a reader or in chunks is gathered with the size limit enforced as it grows.

use std::io;

use crate::error::{Error, ErrorKind, LimitKind, Result};
use crate::limits::Limits;

/// The character encodings the decoder reads. All are ASCII-compatible, so the markup is
/// parsed on the bytes as they are and only text is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    /// US-ASCII: every byte below 0x80.
    Ascii,
    /// ISO-8859-1: each byte is the code point of the same value.
    Latin1,
    /// windows-1252: ISO-8859-1 with printable characters in 0x80–0x9F.
    Windows1252,
}

impl Encoding {
    /// The encoding an `encoding="…"` declaration names (case-insensitive, with the usual
    /// aliases), or `None` if the decoder does not read it.
    fn from_label(label: &[u8]) -> Option<Encoding> {
        let label = label.to_ascii_lowercase();
        Some(match label.as_slice() {
            b"utf-8" | b"utf8" => Encoding::Utf8,
            b"us-ascii" | b"ascii" | b"iso646-us" => Encoding::Ascii,
            b"iso-8859-1" | b"iso8859-1" | b"iso_8859-1" | b"latin1" | b"latin-1" | b"l1" => {
                Encoding::Latin1
            }
            b"windows-1252" | b"cp1252" => Encoding::Windows1252,
            _ => return None,
        })
    }

    /// One byte per character (line and column counting differs from UTF-8).
    pub(crate) fn is_single_byte(self) -> bool {
        self != Encoding::Utf8
    }

    /// The encoding's usual name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Ascii => "US-ASCII",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// windows-1252's characters for 0x80–0x9F; 0 where it assigns none.
const WINDOWS_1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The character a byte stands for in a single-byte encoding (checked beforehand).
fn single_byte_char(encoding: Encoding, b: u8) -> char {
    match (encoding, b) {
        (Encoding::Windows1252, 0x80..=0x9F) => {
            char::from_u32(u32::from(WINDOWS_1252_HIGH[usize::from(b - 0x80)]))
                .unwrap_or('\u{FFFD}')
        }
        _ => char::from(b),
    }
}

/// Text of a single-byte encoding as a `String`.
pub(crate) fn transcode(encoding: Encoding, bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| single_byte_char(encoding, b))
        .collect()
}

/// A document ready to parse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Prepared<'de> {
    /// The document after any byte order mark (offsets in errors count from here).
    pub(crate) bytes: &'de [u8],
    /// The same document as text when it is UTF-8; empty otherwise.
    pub(crate) text: &'de str,
    pub(crate) encoding: Encoding,
    /// Whether the document starts with an XML declaration (checked here already).
    pub(crate) has_declaration: bool,
    /// Whether `]]>` occurs anywhere (where text may not hold it is up to the parser).
    pub(crate) has_cdata_end: bool,
    /// Whether a carriage return occurs anywhere (text needs line-end normalization).
    pub(crate) has_cr: bool,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks a document given as bytes: size, byte order mark, XML declaration and the encoding
/// it names, then that every character is one XML 1.0 allows.
pub(crate) fn prepare_bytes<'de>(input: &'de [u8], limits: &Limits) -> Result<Prepared<'de>> {
    prepare_bytes_in(input, limits, None)
}

/// The encoding a transport names (HTTP's `charset` parameter), or an error naming it when the
/// decoder does not read it.
pub(crate) fn transport_encoding(charset: &str) -> Result<Encoding> {
    let label = charset.trim().trim_matches('"');
    Encoding::from_label(label.as_bytes())
        .ok_or_else(|| Error::new(ErrorKind::UnsupportedEncoding(label.to_owned())))
}

/// [`prepare_bytes`] for a document whose encoding the transport may have named: a UTF-8 byte
/// order mark wins, then the transport's encoding, then the XML declaration's (RFC 7303 §3.2).
pub(crate) fn prepare_bytes_in<'de>(
    input: &'de [u8],
    limits: &Limits,
    transport: Option<Encoding>,
) -> Result<Prepared<'de>> {
    check_document_size(input.len(), limits)?;
    let (bytes, bom) = match input.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, true),
        None => (input, false),
    };
    second_bom(bytes)?;
    if bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"<\0")
        || bytes.starts_with(b"\0<")
    {
        return Err(
            Error::at(ErrorKind::UnsupportedEncoding("UTF-16".to_owned()), 0).locate(b"", false),
        );
    }
    let declared = declaration(bytes, Encoding::Utf8)?;
    let encoding = match declared.encoding {
        None if bom => Encoding::Utf8,
        None => transport.unwrap_or(Encoding::Utf8),
        // A UTF-8 byte order mark settles the encoding, whatever the declaration says (as
        // expat reads it).
        Some(_) if bom => Encoding::Utf8,
        Some(_) if transport.is_some() => transport.unwrap_or(Encoding::Utf8),
        Some((label, offset)) => match Encoding::from_label(label) {
            Some(encoding) => encoding,
            None => {
                return Err(located(
                    ErrorKind::UnsupportedEncoding(String::from_utf8_lossy(label).into_owned()),
                    bytes,
                    offset,
                    Encoding::Utf8,
                ));
            }
        },
    };
    let text = match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes).map_err(|e| {
            located(
                ErrorKind::InvalidUtf8,
                bytes,
                e.valid_up_to(),
                Encoding::Utf8,
            )
        })?,
        _ => "",
    };
    let scan = check_chars(bytes, encoding)?;
    Ok(Prepared {
        bytes,
        text,
        encoding,
        has_declaration: declared.present,
        has_cdata_end: scan.cdata_end,
        has_cr: scan.carriage_return,
    })
}

/// Checks a document given as text: size, byte order mark, XML declaration (its encoding is
/// moot: the text is already Unicode) and the characters.
pub(crate) fn prepare_str<'de>(input: &'de str, limits: &Limits) -> Result<Prepared<'de>> {
    check_document_size(input.len(), limits)?;
    let text = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let bytes = text.as_bytes();
    second_bom(bytes)?;
    let declared = declaration(bytes, Encoding::Utf8)?;
    let scan = check_chars(bytes, Encoding::Utf8)?;
    Ok(Prepared {
        bytes,
        text,
        encoding: Encoding::Utf8,
        has_declaration: declared.present,
        has_cdata_end: scan.cdata_end,
        has_cr: scan.carriage_return,
    })
}

/// A byte order mark is only allowed once, at the very start (the parser would otherwise
/// skip a second one as if it were the first).
fn second_bom(bytes: &[u8]) -> Result<()> {
    if bytes.starts_with(UTF8_BOM) {
        return Err(located(
            ErrorKind::Syntax(
                "a byte order mark is only allowed once, at the very start of the document"
                    .to_owned(),
            ),
            bytes,
            0,
            Encoding::Utf8,
        ));
    }
    Ok(())
}

pub(crate) fn check_document_size(len: usize, limits: &Limits) -> Result<()> {
    if len > limits.max_document_bytes {
        return Err(Error::at(
            ErrorKind::LimitExceeded {
                limit: LimitKind::DocumentBytes,
                max: limits.max_document_bytes,
            },
            limits.max_document_bytes,
        ));
    }
    Ok(())
}

/// Refuses a document holding a character XML 1.0 does not allow, or a byte its encoding
/// does not define; tells what else the scan found.
fn check_chars(bytes: &[u8], encoding: Encoding) -> Result<Scan> {
    let scan = scan(bytes, encoding);
    match scan.illegal {
        None => Ok(scan),
        Some((offset, Illegal::Char(c))) => {
            Err(located(ErrorKind::IllegalChar(c), bytes, offset, encoding))
        }
        Some((offset, Illegal::Byte(byte))) => Err(located(
            ErrorKind::InvalidByte {
                byte,
                encoding: encoding.name(),
            },
            bytes,
            offset,
            encoding,
        )),
    }
}

fn located(kind: ErrorKind, bytes: &[u8], offset: usize, encoding: Encoding) -> Error {
    Error::at(kind, offset).locate(bytes, encoding.is_single_byte())
}

// ----- the XML declaration -----------------------------------------------------------------

/// What the start of a document declares.
struct Declared<'a> {
    present: bool,
    /// The `encoding` label and its offset.
    encoding: Option<(&'a [u8], usize)>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Reads and checks the XML declaration at the very start of `bytes`, if there is one:
/// `<?xml version="1.x" (encoding="…")? (standalone="yes|no")? ?>`, in that order
/// (XML 1.0 § 2.8). A declaration anywhere else is refused later, by the parser.
fn declaration(bytes: &[u8], encoding: Encoding) -> Result<Declared<'_>> {
    let is_decl =
        bytes.starts_with(b"<?xml") && bytes.get(5).is_some_and(|&b| is_space(b) || b == b'?');
    if !is_decl {
        return Ok(Declared {
            present: false,
            encoding: None,
        });
    }
    let err = |offset: usize, msg: String| {
        Err(located(
            ErrorKind::Syntax(format!("XML declaration: {msg}")),
            bytes,
            offset,
            encoding,
        ))
    };
    let Some(end) = bytes.windows(2).position(|w| w == b"?>") else {
        return err(0, "no closing `?>`".to_owned());
    };
    let mut p = Pseudo {
        bytes: &bytes[..end],
        at: 5,
    };
    let mut declared = Declared {
        present: true,
        encoding: None,
    };
    let mut expected: &[&str] = &["version"];
    loop {
        let had_space = p.skip_space();
        if p.at == p.bytes.len() {
            break;
        }
        let name_at = p.at;
        let name = p.name();
        let Some(index) = expected.iter().position(|e| e.as_bytes() == name) else {
            let found = String::from_utf8_lossy(name);
            return match expected {
                [] => err(name_at, format!("unexpected `{found}`")),
                _ => err(
                    name_at,
                    format!("expected `{}`, found `{found}`", expected.join("` or `")),
                ),
            };
        };
        if !had_space {
            return err(
                name_at,
                "expected whitespace before a pseudo-attribute".to_owned(),
            );
        }
        let Some((value, value_at)) = p.value() else {
            return err(
                p.at,
                format!(
                    "expected `=` and a quoted value after `{}`",
                    expected[index]
                ),
            );
        };
        match expected[index] {
            "version" => {
                let ok = value.len() > 2
                    && value.starts_with(b"1.")
                    && value[2..].iter().all(u8::is_ascii_digit);
                if !ok {
                    let v = String::from_utf8_lossy(value);
                    return err(value_at, format!("version `{v}` is not 1.x"));
                }
                expected = &["encoding", "standalone"];
            }
            "encoding" => {
                let ok = value.first().is_some_and(u8::is_ascii_alphabetic)
                    && value
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
                if !ok {
                    let v = String::from_utf8_lossy(value);
                    return err(value_at, format!("`{v}` is not an encoding name"));
                }
                declared.encoding = Some((value, value_at));
                expected = &["standalone"];
            }
            _ => {
                if value != b"yes" && value != b"no" {
                    let v = String::from_utf8_lossy(value);
                    return err(
                        value_at,
                        format!("standalone must be `yes` or `no`, not `{v}`"),
                    );
                }
                expected = &[];
            }
        }
    }
    if expected.first() == Some(&"version") {
        return err(5, "the version is missing".to_owned());
    }
    Ok(declared)
}

/// A cursor over the pseudo-attributes of a declaration.
struct Pseudo<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Pseudo<'a> {
    fn skip_space(&mut self) -> bool {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|&b| is_space(b)) {
            self.at += 1;
        }
        self.at > start
    }

    fn name(&mut self) -> &'a [u8] {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|&b| !is_space(b) && b != b'=')
        {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// `S? = S? "value"` (or single quotes): the value and its offset.
    fn value(&mut self) -> Option<(&'a [u8], usize)> {
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b'=') {
            return None;
        }
        self.at += 1;
        self.skip_space();
        let quote = *self
            .bytes
            .get(self.at)
            .filter(|&&q| q == b'"' || q == b'\'')?;
        let start = self.at + 1;
        let len = self.bytes[start..].iter().position(|&b| b == quote)?;
        self.at = start + len + 1;
        Some((&self.bytes[start..start + len], start))
    }
}

// ----- characters ----------------------------------------------------------------------------

/// Whether `c` is a character XML 1.0 allows (production `Char`).
#[inline]
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Something a document may not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Illegal {
    /// A character outside XML 1.0's `Char` production.
    Char(u32),
    /// A byte the encoding does not define.
    Byte(u8),
}

/// Whether a block of UTF-8 holds a byte worth a close look (a C0 control other than tab,
/// line feed and carriage return, 0xEF (which starts U+FFFE and U+FFFF), or `]`), and whether
/// it holds a carriage return. Branch-free over a fixed-size array, so it compiles to a few
/// vector compares per 16 bytes.
#[inline]
fn suspect_utf8(block: &[u8; 64]) -> (bool, bool) {
    let mut acc = 0u8;
    let mut cr = 0u8;
    for &b in block {
        let control =
            u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r');
        acc |= control | u8::from(b == 0xEF) | u8::from(b == b']');
        cr |= u8::from(b == b'\r');
    }
    (acc != 0, cr != 0)
}

/// What one pass over a document finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The first character XML 1.0 does not allow, with its offset: a C0 control other
    /// than tab, line feed and carriage return, U+FFFE or U+FFFF (UTF-8 cannot hold
    /// surrogates), or a byte the encoding does not define.
    pub(crate) illegal: Option<(usize, Illegal)>,
    /// Whether `]]>` occurs.
    pub(crate) cdata_end: bool,
    /// Whether a carriage return occurs.
    pub(crate) carriage_return: bool,
}

/// Runs over the whole document once, 64 bytes at a time: a block is looked at closely only
/// if it holds a control byte, a `]`, a byte that may start U+FFFE/U+FFFF (0xEF), or,
/// outside UTF-8, a byte the encoding may not define.
pub(crate) fn scan(bytes: &[u8], encoding: Encoding) -> Scan {
    const BLOCK: usize = 64;
    let high_suspect = encoding != Encoding::Latin1;
    let mut cdata_end = false;
    let mut carriage_return = false;
    let mut start = 0;
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for block in blocks.chain(std::iter::once(tail)) {
        let (suspect, cr) = match <&[u8; BLOCK]>::try_from(block) {
            Ok(full) if encoding == Encoding::Utf8 => suspect_utf8(full),
            _ => (
                block.iter().any(|&b| {
                    let control = b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
                    control || b == b']' || (b >= 0x80 && high_suspect)
                }),
                block.contains(&b'\r'),
            ),
        };
        carriage_return |= cr;
        if suspect {
            for (i, &b) in block.iter().enumerate() {
                let at = start + i;
                if b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r') {
                    return Scan {
                        illegal: Some((at, Illegal::Char(u32::from(b)))),
                        cdata_end,
                        carriage_return,
                    };
                }
                if b == b']' && bytes.get(at + 1..at + 3) == Some(b"]>") {
                    cdata_end = true;
                }
                match encoding {
                    Encoding::Utf8 if b == 0xEF => {
                        if bytes.get(at + 1) == Some(&0xBF)
                            && let Some(&last @ (0xBE | 0xBF)) = bytes.get(at + 2)
                        {
                            let c = if last == 0xBE { 0xFFFE } else { 0xFFFF };
                            return Scan {
                                illegal: Some((at, Illegal::Char(c))),
                                cdata_end,
                                carriage_return,
                            };
                        }
                    }
                    Encoding::Ascii if b >= 0x80 => {
                        return Scan {
                            illegal: Some((at, Illegal::Byte(b))),
                            cdata_end,
                            carriage_return,
                        };
                    }
                    Encoding::Windows1252
                        if (0x80..=0x9F).contains(&b)
                            && WINDOWS_1252_HIGH[usize::from(b - 0x80)] == 0 =>
                    {
                        return Scan {
                            illegal: Some((at, Illegal::Byte(b))),
                            cdata_end,
                            carriage_return,
                        };
                    }
                    _ => {}
                }
            }
        }
        start += block.len();
    }
    Scan {
        illegal: None,
        cdata_end,
        carriage_return,
    }
}

// ----- bodies --------------------------------------------------------------------------------

/// A document body gathered from a reader or from chunks, refused as soon as it grows past
/// [`Limits::max_document_bytes`]: a client never holds more than the limit of a hostile or
/// broken server's answer, whatever its `Content-Length` says.
///
/// The decoder borrows strings from the body (XML-RPC values are decoded whole, and reading
/// from one buffer is what makes decoding fast), so a body is gathered first, then decoded
/// with any `read_*` function: a `&Body` is a `&[u8]`.
///
/// ```
/// use regops_xmlrpc::{Body, Limits};
///
/// // From anything that implements `std::io::Read` (a `BufRead`, a file, a socket, …).
/// let answer = b"<?xml version=\"1.0\"?><methodResponse><params><param>\
///                <value><int>42</int></value></param></params></methodResponse>";
/// let body = Body::from_reader(&answer[..], Limits::default()).unwrap();
/// let n: i32 = regops_xmlrpc::read_response(&body).unwrap();
/// assert_eq!(n, 42);
///
/// // From chunks, as an HTTP client's body stream delivers them.
/// let mut body = Body::new(Limits::default().with_max_document_bytes(64));
/// let mut refused = None;
/// for chunk in answer.chunks(16) {
///     if let Err(e) = body.push(chunk) {
///         refused = Some(e);
///         break;
///     }
/// }
/// assert_eq!(
///     refused.unwrap().to_string(),
///     "document larger than 64 bytes (Limits::max_document_bytes)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    bytes: Vec<u8>,
    max: usize,
}

impl Body {
    /// An empty body that accepts up to `limits.max_document_bytes`.
    pub fn new(limits: Limits) -> Self {
        Body {
            bytes: Vec::new(),
            max: limits.max_document_bytes,
        }
    }

    /// An empty body with room for `expected` bytes (say, a `Content-Length`), never more
    /// than the limit.
    pub fn with_capacity(expected: usize, limits: Limits) -> Self {
        Body {
            bytes: Vec::with_capacity(expected.min(limits.max_document_bytes)),
            max: limits.max_document_bytes,
        }
    }

    /// Appends a chunk; an error once the body would exceed the limit (the body then holds
    /// what came before the chunk).
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        if chunk.len() > self.max - self.bytes.len() {
            return Err(self.too_large());
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Reads all of `reader`, stopping with an error as soon as more than the limit arrives.
    pub fn from_reader<R: io::Read>(reader: R, limits: Limits) -> Result<Self> {
        let mut body = Body::new(limits);
        body.read_from(reader)?;
        Ok(body)
    }

    /// Gathers `chunks` (an HTTP client's body pieces, for example), refused as soon as they
    /// add up to more than the limit.
    pub fn from_chunks<I>(chunks: I, limits: Limits) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let mut body = Body::new(limits);
        for chunk in chunks {
            body.push(chunk.as_ref())?;
        }
        Ok(body)
    }

    /// Appends all of `reader`, stopping with an error as soon as the body would exceed the
    /// limit; never reads more than one byte past it.
    pub fn read_from<R: io::Read>(&mut self, reader: R) -> Result<()> {
        let room = self.max - self.bytes.len();
        let allowed = u64::try_from(room).unwrap_or(u64::MAX).saturating_add(1);
        let mut limited = reader.take(allowed);
        io::Read::read_to_end(&mut limited, &mut self.bytes).map_err(Error::io)?;
        if self.bytes.len() > self.max {
            self.bytes.truncate(self.max);
            return Err(self.too_large());
        }
        Ok(())
    }

    fn too_large(&self) -> Error {
        Error::new(ErrorKind::LimitExceeded {
            limit: LimitKind::DocumentBytes,
            max: self.max,
        })
    }

    /// The bytes gathered so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, without copying.
    pub fn into_vec(self) -> Vec<u8> {
        self.bytes
    }

    /// The number of bytes gathered.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing was gathered.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl Default for Body {
    /// An empty body with the default limits.
    fn default() -> Self {
        Body::new(Limits::default())
    }
}

impl std::ops::Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_transport_encoding_wins_over_the_declaration_and_a_bom_over_both() {
        let limits = Limits::default();
        let declared = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\xE9</a>";
        let latin1 = Some(Encoding::Latin1);
        assert_eq!(
            prepare_bytes_in(declared, &limits, latin1)
                .unwrap()
                .encoding,
            Encoding::Latin1
        );
        assert!(
            prepare_bytes(declared, &limits).is_err(),
            "0xE9 alone is no UTF-8"
        );
        let bom = b"\xEF\xBB\xBF<a>\xC3\xA9</a>";
        assert_eq!(
            prepare_bytes_in(bom, &limits, latin1).unwrap().encoding,
            Encoding::Utf8
        );
        assert_eq!(
            transport_encoding("\"Windows-1252\"").unwrap(),
            Encoding::Windows1252
        );
        assert!(transport_encoding("UTF-16").is_err());
    }

    #[test]
    fn illegal_characters_are_found_in_every_block_position() {
        for at in 0..70 {
            for (bad, code) in [
                (&b"\x01"[..], 1),
                (b"\x00", 0),
                (b"\x1F", 0x1F),
                (b"\xEF\xBF\xBE", 0xFFFE),
                (b"\xEF\xBF\xBF", 0xFFFF),
            ] {
                let mut doc = vec![b'a'; at];
                doc.extend_from_slice(bad);
                doc.extend_from_slice(b"tail");
                assert_eq!(
                    scan(&doc, Encoding::Utf8).illegal,
                    Some((at, Illegal::Char(code))),
                    "{at}"
                );
            }
        }
        let fine = "tab\tlf\ncr\r é ✓ \u{FFFD} \u{EFBF} \u{10FFFF} 😀".repeat(9);
        assert_eq!(scan(fine.as_bytes(), Encoding::Utf8).illegal, None);
    }

    #[test]
    fn single_byte_encodings() {
        assert_eq!(scan(b"caf\xE9", Encoding::Latin1).illegal, None);
        assert_eq!(
            scan(b"caf\xE9", Encoding::Ascii).illegal,
            Some((3, Illegal::Byte(0xE9)))
        );
        assert_eq!(scan(b"\x80 euro", Encoding::Windows1252).illegal, None);
        assert_eq!(
            scan(b"x\x81", Encoding::Windows1252).illegal,
            Some((1, Illegal::Byte(0x81)))
        );
        assert_eq!(transcode(Encoding::Windows1252, b"\x80\xE9"), "€é");
        assert_eq!(transcode(Encoding::Latin1, b"\x80\xE9"), "\u{80}é");
    }

    #[test]
    fn declarations() {
        let ok = |d: &str| declaration(d.as_bytes(), Encoding::Utf8).map(|d| d.present);
        assert!(ok("<?xml version=\"1.0\"?><a/>").unwrap());
        assert!(ok("<?xml version='1.0' encoding='utf-8' standalone='no' ?><a/>").unwrap());
        assert!(ok("<?xml version = \"1.1\"\n?><a/>").unwrap());
        assert!(!ok("<a/>").unwrap());
        assert!(!ok("<?xml-stylesheet href='a'?><a/>").unwrap());
        for bad in [
            "<?xml?>",
            "<?xml encoding='utf-8'?>",
            "<?xml version='2.0'?>",
            "<?xml version='1.'?>",
            "<?xml version='1.0' standalone='maybe'?>",
            "<?xml version='1.0' standalone='yes' encoding='utf-8'?>",
            "<?xml version='1.0'encoding='utf-8'?>",
            "<?xml version='1.0' encoding='8bit'?>",
            "<?xml version=1.0?>",
            "<?xml version='1.0'",
        ] {
            assert!(ok(bad).is_err(), "{bad}");
        }
    }
}
