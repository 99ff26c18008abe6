//! The error type of this crate: what went wrong, where in the input, and in which value.

use std::fmt::{self, Display, Write as _};

use crate::fault::Fault;

/// What an error wraps, for [`std::error::Error::source`].
type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A specialized [`Result`](std::result::Result) for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while encoding or decoding XML-RPC.
///
/// A decoding error knows the byte offset in the input where it was found (turned into a
/// 1-based line and column, counted in characters) and the path of the value being decoded,
/// such as `params[0][3].date_start` or `fault.faultCode`. Its `Display` reads
///
/// ```text
/// line 12, column 9 (params[0][3].step): expected a string, found <int>
/// ```
///
/// Paths deeper than 8 steps (say, at the depth limit) are shortened in `Display` to their
/// first and last steps around the number left out (`[0][0][0][0]…56 more…[0][0][0][0]`);
/// [`Error::path`] gives the whole path.
///
/// [`source`](std::error::Error::source) gives the error this one comes from, when there is
/// one: the XML parser's, the reader's, the base64 or date-time parser's.
///
/// A `methodResponse` that carries a fault decodes to an error of kind [`ErrorKind::Fault`];
/// [`Error::fault`] gives the fault back.
pub struct Error {
    inner: Box<ErrorImpl>,
}

struct ErrorImpl {
    kind: ErrorKind,
    /// Byte offset in the input, when known.
    offset: Option<usize>,
    /// 1-based line and column, computed from `offset` once the input is known.
    line_column: Option<(usize, usize)>,
    /// Path segments, innermost first (they are pushed while the error bubbles up).
    path: Vec<Segment>,
    /// The error this one comes from.
    source: Option<Source>,
}

/// One step of the path to the value an error was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// A named root: `params`, `fault`.
    Root(&'static str),
    /// An array element or a positional parameter.
    Index(usize),
    /// A struct member.
    Member(Box<str>),
}

impl Segment {
    fn write(&self, out: &mut String) {
        match self {
            Segment::Root(name) => out.push_str(name),
            Segment::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Segment::Member(name) => {
                let plain = !name.is_empty()
                    && name
                        .chars()
                        .all(|c| !c.is_whitespace() && !matches!(c, '.' | '[' | ']' | '"' | '…'));
                if plain {
                    if !out.is_empty() && !out.ends_with('…') {
                        out.push('.');
                    }
                    out.push_str(name);
                } else {
                    let _ = write!(out, "[{name:?}]");
                }
            }
        }
    }
}

/// Which limit of [`Limits`](crate::Limits) an input went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_depth`](crate::Limits::max_depth): structs and arrays nested too deep.
    Depth,
    /// [`Limits::max_document_bytes`](crate::Limits::max_document_bytes): the whole input.
    DocumentBytes,
    /// [`Limits::max_string_bytes`](crate::Limits::max_string_bytes): one text value.
    StringBytes,
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed XML (the message comes from quick-xml).
    Syntax(String),
    /// The input is not valid UTF-8.
    InvalidUtf8,
    /// A byte the document's declared encoding does not define (a byte above 0x7F in
    /// US-ASCII, 0x81 in windows-1252, …).
    InvalidByte {
        /// The byte.
        byte: u8,
        /// The encoding, as the decoder names it (`US-ASCII`, `windows-1252`).
        encoding: &'static str,
    },
    /// The document declares (or its byte order mark shows) an encoding the decoder does not
    /// read. It reads UTF-8, US-ASCII, ISO-8859-1 and windows-1252.
    UnsupportedEncoding(String),
    /// A character XML 1.0 does not allow in a document (production `Char`): a C0 control
    /// other than tab, line feed and carriage return, U+FFFE or U+FFFF.
    IllegalChar(u32),
    /// The document ended in the middle of a value.
    UnexpectedEof,
    /// The document holds a `<!DOCTYPE …>` or an entity (or other markup) declaration; those
    /// are never processed, so entity-expansion attacks cannot work.
    DeclarationRefused,
    /// An entity reference other than the five predefined ones (`&amp;` `&lt;` `&gt;` `&quot;`
    /// `&apos;`) and character references.
    UnknownEntity(String),
    /// A character reference that names no character XML allows (`&#0;`, `&#xD800;`, …).
    InvalidCharRef(String),
    /// The input holds something else than what the XML-RPC grammar or the requested Rust
    /// type allows here.
    Expected {
        /// What was expected, e.g. `a string` or `<member>`.
        expected: String,
        /// What was found, e.g. `<int>` or `end of document`.
        found: String,
    },
    /// A scalar whose text is not valid for its type (`<int>12a</int>`, `<boolean>2</boolean>`).
    InvalidValue(String),
    /// A limit was exceeded.
    LimitExceeded {
        /// Which limit.
        limit: LimitKind,
        /// Its value.
        max: usize,
    },
    /// Something follows the end of the document.
    TrailingContent,
    /// The `methodResponse` is a fault.
    Fault(Fault),
    /// A Rust value that XML-RPC cannot carry (an integer beyond 64 bits, a map key that is
    /// not a string, a character XML 1.0 cannot hold, …).
    Unsupported(String),
    /// Reading the document failed ([`Body::from_reader`](crate::Body::from_reader)); the
    /// I/O error is the [`source`](std::error::Error::source).
    Io(std::io::ErrorKind),
    /// A message from a `Deserialize` or `Serialize` implementation.
    Custom(String),
}

impl Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(msg) => write!(f, "malformed XML: {msg}"),
            ErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8"),
            ErrorKind::InvalidByte { byte, encoding } => {
                write!(f, "byte 0x{byte:02X} is not a character in {encoding}")
            }
            ErrorKind::UnsupportedEncoding(name) => write!(
                f,
                "unsupported encoding `{name}` (UTF-8, US-ASCII, ISO-8859-1 and windows-1252 are read)"
            ),
            ErrorKind::IllegalChar(c) => {
                write!(
                    f,
                    "character U+{c:04X} is not allowed in an XML 1.0 document"
                )
            }
            ErrorKind::UnexpectedEof => f.write_str("unexpected end of document"),
            ErrorKind::DeclarationRefused => f.write_str("DOCTYPE/entity declarations are refused"),
            ErrorKind::UnknownEntity(name) => write!(f, "unknown entity `&{name};`"),
            ErrorKind::InvalidCharRef(name) => {
                write!(f, "invalid character reference `&{name};`")
            }
            ErrorKind::Expected { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::InvalidValue(msg) => f.write_str(msg),
            ErrorKind::LimitExceeded { limit, max } => match limit {
                LimitKind::Depth => write!(
                    f,
                    "structs and arrays nested deeper than {max} levels (Limits::max_depth)"
                ),
                LimitKind::DocumentBytes => write!(
                    f,
                    "document larger than {max} bytes (Limits::max_document_bytes)"
                ),
                LimitKind::StringBytes => write!(
                    f,
                    "text value longer than {max} bytes (Limits::max_string_bytes)"
                ),
            },
            ErrorKind::TrailingContent => f.write_str("unexpected content after the document"),
            ErrorKind::Fault(fault) => write!(f, "{fault}"),
            ErrorKind::Unsupported(msg) => f.write_str(msg),
            ErrorKind::Io(kind) => write!(f, "reading the document failed: {kind}"),
            ErrorKind::Custom(msg) => f.write_str(msg),
        }
    }
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Error {
            inner: Box::new(ErrorImpl {
                kind,
                offset: None,
                line_column: None,
                path: Vec::new(),
                source: None,
            }),
        }
    }

    /// Keeps `source` as the error this one comes from.
    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// Keeps an already boxed `source`.
    pub(crate) fn with_boxed_source(mut self, source: Source) -> Self {
        self.inner.source = Some(source);
        self
    }

    /// An I/O error while reading a document.
    pub(crate) fn io(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e.kind())).with_source(e)
    }

    pub(crate) fn at(kind: ErrorKind, offset: usize) -> Self {
        let mut e = Error::new(kind);
        e.inner.offset = Some(offset);
        e
    }

    pub(crate) fn unsupported(msg: impl Into<String>) -> Self {
        Error::new(ErrorKind::Unsupported(msg.into()))
    }

    /// Sets the offset when none is known yet.
    pub(crate) fn or_offset(mut self, offset: usize) -> Self {
        if self.inner.offset.is_none() {
            self.inner.offset = Some(offset);
        }
        self
    }

    pub(crate) fn push_index(mut self, index: usize) -> Self {
        self.inner.path.push(Segment::Index(index));
        self
    }

    pub(crate) fn push_member(mut self, name: &str) -> Self {
        self.inner.path.push(Segment::Member(name.into()));
        self
    }

    pub(crate) fn push_root(mut self, root: &'static str) -> Self {
        self.inner.path.push(Segment::Root(root));
        self
    }

    /// Turns the byte offset into a line and column of `input` (once); `single_byte` when
    /// every byte is a character (not UTF-8).
    pub(crate) fn locate(mut self, input: &[u8], single_byte: bool) -> Self {
        if let (Some(offset), None) = (self.inner.offset, self.inner.line_column) {
            let offset = offset.min(input.len());
            let before = &input[..offset];
            let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            let column = 1 + before[line_start..]
                .iter()
                .filter(|&&b| single_byte || (b & 0xC0) != 0x80)
                .count();
            self.inner.line_column = Some((line, column));
        }
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The byte offset in the input where the error was found, if it comes from decoding.
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// The 1-based line of the error in the input, if known.
    pub fn line(&self) -> Option<usize> {
        self.inner.line_column.map(|(l, _)| l)
    }

    /// The 1-based column (in characters) of the error in the input, if known.
    pub fn column(&self) -> Option<usize> {
        self.inner.line_column.map(|(_, c)| c)
    }

    /// The path of the value the error was found in, such as `params[0][3].date_start`;
    /// empty for the outermost value.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.inner.path.iter().rev() {
            seg.write(&mut out);
        }
        out
    }

    /// The path, shortened to its first and last steps when it is long.
    fn short_path(&self) -> String {
        const KEEP: usize = 4;
        let path = &self.inner.path;
        if path.len() <= 2 * KEEP {
            return self.path();
        }
        let mut out = String::new();
        for seg in path.iter().rev().take(KEEP) {
            seg.write(&mut out);
        }
        let _ = write!(out, "…{} more…", path.len() - 2 * KEEP);
        for seg in path[..KEEP].iter().rev() {
            seg.write(&mut out);
        }
        out
    }

    /// The fault, when this error is a `methodResponse` fault.
    pub fn fault(&self) -> Option<&Fault> {
        match &self.inner.kind {
            ErrorKind::Fault(f) => Some(f),
            _ => None,
        }
    }

    /// The fault, when this error is a `methodResponse` fault; otherwise the error itself.
    pub fn into_fault(self) -> Result<Fault, Error> {
        match self.inner.kind {
            ErrorKind::Fault(f) => Ok(f),
            _ => Err(self),
        }
    }

    /// Whether this error is a `methodResponse` fault.
    pub fn is_fault(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Fault(_))
    }
}

impl From<Fault> for Error {
    fn from(fault: Fault) -> Self {
        Error::new(ErrorKind::Fault(fault))
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.short_path();
        match (self.inner.line_column, path.is_empty()) {
            (Some((line, column)), true) => write!(f, "line {line}, column {column}: ")?,
            (Some((line, column)), false) => write!(f, "line {line}, column {column} ({path}): ")?,
            (None, false) => write!(f, "{path}: ")?,
            (None, true) => {}
        }
        Display::fmt(&self.inner.kind, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("offset", &self.inner.offset)
            .field("line_column", &self.inner.line_column)
            .field("path", &self.path())
            .field("source", &self.inner.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}
