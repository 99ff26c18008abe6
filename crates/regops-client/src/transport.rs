//! The HTTP exchange a client needs, as a trait: send one request, get the status, a few
//! headers and the body as a stream of chunks. [`ReqwestTransport`] (feature `reqwest`, on by
//! default) is the implementation on reqwest + rustls; tests and embedders may bring their own.
//!
//! A transport only moves bytes. Timeouts of a whole call, body size limits, retries, sessions
//! and decoding are the client's, so every transport gets them alike.

#[cfg(feature = "reqwest")]
mod reqwest;

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;

use bytes::Bytes;
pub use regops_service::rest::Verb;

#[cfg(feature = "reqwest")]
pub use self::reqwest::ReqwestTransport;

/// One HTTP request.
#[derive(Clone)]
pub struct HttpRequest {
    /// The verb.
    pub verb: Verb,
    /// The absolute URL.
    pub url: String,
    /// Headers to send (the transport may add its own, such as `Content-Length`).
    pub headers: Vec<Header>,
    /// The body (cheap to clone: a retry sends the same bytes).
    pub body: Bytes,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("verb", &self.verb)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// One request header. A sensitive one (`Authorization`) never shows its value in `Debug`,
/// and the transport should keep it out of its own logs too.
#[derive(Clone)]
pub struct Header {
    /// The name, lower case (`authorization`).
    pub name: &'static str,
    /// The value.
    pub value: String,
    /// Whether the value is a credential.
    pub sensitive: bool,
}

impl Header {
    /// A header whose value may be shown.
    pub fn new(name: &'static str, value: impl Into<String>) -> Self {
        Self {
            name,
            value: value.into(),
            sensitive: false,
        }
    }

    /// A credential header.
    pub fn sensitive(name: &'static str, value: impl Into<String>) -> Self {
        Self {
            name,
            value: value.into(),
            sensitive: true,
        }
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = if self.sensitive {
            "<redacted>"
        } else {
            &self.value
        };
        write!(f, "{}: {value}", self.name)
    }
}

/// The head of an HTTP response, and its body still to be read.
#[derive(Debug)]
pub struct HttpResponse<B> {
    /// The status code.
    pub status: u16,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
    /// The `Content-Length` header, when the server sent one.
    pub content_length: Option<u64>,
    /// The `Content-Type` header, as sent (its `charset` says how to read an XML body).
    pub content_type: Option<String>,
    /// The `Content-Encoding` header, as sent, when the transport left the body encoded
    /// (the client reads only `identity` bodies and says so for any other).
    pub content_encoding: Option<String>,
    /// The body, read chunk by chunk.
    pub body: B,
}

/// A response body, read as a stream of chunks so the client can stop at its size limit.
pub trait ResponseBody: Send {
    /// The next chunk, or `None` at the end of the body.
    fn chunk(&mut self) -> impl Future<Output = Result<Option<Bytes>, TransportError>> + Send;
}

/// Sends HTTP requests.
pub trait Transport: Send + Sync + 'static {
    /// The body of the responses.
    type Body: ResponseBody;

    /// Sends `request` and answers the response's head once it has arrived. An error must
    /// say whether the request provably never left ([`TransportError::never_sent`]): only then
    /// may a call that changes something be sent again.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse<Self::Body>, TransportError>> + Send;
}

/// Why an exchange failed below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made: the request never left, nothing reached the server.
    Connect,
    /// The exchange took longer than the client allows; the server may have received the
    /// request.
    Timeout,
    /// The connection failed after the request may have been sent (reset, closed before the
    /// answer).
    Request,
    /// The connection failed while the answer's body was being read (closed mid-body).
    Body,
}

/// An exchange that failed below HTTP.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportError {
    /// An error of this kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// Keeps the underlying error as the `source()`.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// What failed.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request provably never reached the server (no connection was made).
    pub fn never_sent(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "cannot connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Request => "connection failed",
            TransportErrorKind::Body => "connection failed while reading the answer",
        };
        if self.message.is_empty() {
            f.write_str(what)
        } else {
            write!(f, "{what}: {}", self.message)
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_credentials() {
        let request = HttpRequest {
            verb: Verb::Post,
            url: "http://127.0.0.1/3.0/session/".into(),
            headers: vec![
                Header::sensitive("authorization", "Bearer t0k3n"),
                Header::new("content-type", "application/json"),
            ],
            body: Bytes::from_static(b"{}"),
        };
        let debug = format!("{request:?}");
        assert!(!debug.contains("t0k3n"), "{debug}");
        assert!(debug.contains("authorization: <redacted>"), "{debug}");
        assert!(debug.contains("content-type: application/json"), "{debug}");
    }

    #[test]
    fn only_connect_errors_prove_nothing_was_sent() {
        assert!(TransportError::new(TransportErrorKind::Connect, "refused").never_sent());
        for kind in [
            TransportErrorKind::Timeout,
            TransportErrorKind::Request,
            TransportErrorKind::Body,
        ] {
            assert!(!TransportError::new(kind, "").never_sent());
        }
    }
}

/// The placeholder default transport without the `reqwest` feature: every request fails with
/// a connect error (nothing is sent). Give a real transport to `with_transport`.
#[cfg(not(feature = "reqwest"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct NoTransport;

#[cfg(not(feature = "reqwest"))]
impl Transport for NoTransport {
    type Body = NoBody;

    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse<NoBody>, TransportError> {
        Err(TransportError::new(
            TransportErrorKind::Connect,
            "no transport: build regops-client with the `reqwest` feature or give one",
        ))
    }
}

/// The body of [`NoTransport`]'s responses, which never come.
#[cfg(not(feature = "reqwest"))]
#[derive(Debug)]
pub struct NoBody;

#[cfg(not(feature = "reqwest"))]
impl ResponseBody for NoBody {
    async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        Ok(None)
    }
}
