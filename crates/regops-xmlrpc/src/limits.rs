//! Limits on what a decoder accepts.

/// Limits the decoder enforces, so that a hostile peer cannot make it use unbounded memory or
/// stack.
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | [`max_depth`](Limits::max_depth) | 64 | structs and arrays nested in each other (recursion depth, so stack use) |
/// | [`max_document_bytes`](Limits::max_document_bytes) | 64 MiB | the whole input, checked before parsing |
/// | [`max_string_bytes`](Limits::max_string_bytes) | 16 MiB | one text value (string, base64 text, member name, number) after entity expansion |
///
/// The defaults fit every known registrar API with a wide margin: Gandi's deepest documented
/// value is 4 levels deep. Raising `max_depth` far above the default can overflow the stack of
/// a thread with a small stack, as each level costs a few stack frames.
///
/// `<!DOCTYPE …>` and entity declarations are always refused, whatever the limits, so there is
/// no entity expansion to bound.
///
/// ```
/// use regops_xmlrpc::Limits;
/// let limits = Limits::default().with_max_depth(8).with_max_string_bytes(4096);
/// assert_eq!(limits.max_depth, 8);
/// let err = regops_xmlrpc::from_str_with_limits::<String>(
///     "<value><string>hello</string></value>",
///     Limits::default().with_max_string_bytes(3),
/// )
/// .unwrap_err();
/// assert_eq!(err.to_string(), "line 1, column 16: text value longer than 3 bytes (Limits::max_string_bytes)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Maximum nesting of structs and arrays (a scalar at the top is depth 0, a struct of
    /// scalars depth 1). Default 64.
    pub max_depth: usize,
    /// Maximum size of the whole input in bytes. Default 64 MiB.
    pub max_document_bytes: usize,
    /// Maximum size in bytes of one text value after entity expansion. Default 16 MiB.
    pub max_string_bytes: usize,
}

impl Limits {
    /// The default limits (see the table above).
    pub const DEFAULT: Limits = Limits {
        max_depth: 64,
        max_document_bytes: 64 * 1024 * 1024,
        max_string_bytes: 16 * 1024 * 1024,
    };

    /// The default limits.
    pub const fn new() -> Self {
        Self::DEFAULT
    }

    /// Sets [`max_depth`](Limits::max_depth).
    #[must_use]
    pub const fn with_max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets [`max_document_bytes`](Limits::max_document_bytes).
    #[must_use]
    pub const fn with_max_document_bytes(mut self, max_document_bytes: usize) -> Self {
        self.max_document_bytes = max_document_bytes;
        self
    }

    /// Sets [`max_string_bytes`](Limits::max_string_bytes).
    #[must_use]
    pub const fn with_max_string_bytes(mut self, max_string_bytes: usize) -> Self {
        self.max_string_bytes = max_string_bytes;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}
