//! What both clients share: their options, one HTTP attempt (timeout, body size limit) and the
//! retry loop.

use std::time::Duration;

use bytes::Bytes;

use crate::error::Error;
use crate::retry::{Jitter, RetryPolicy, parse_retry_after};
use crate::transport::{
    Header, HttpRequest, HttpResponse, ResponseBody, Transport, TransportError, TransportErrorKind,
    Verb,
};

/// The `User-Agent` clients send unless told otherwise.
pub const USER_AGENT: &str = concat!("regops/", env!("CARGO_PKG_VERSION"));

/// How a client calls: timeouts, user agent, size limits, retries.
///
/// ```
/// use std::time::Duration;
/// use regops_client::{ClientOptions, RetryPolicy};
/// let options = ClientOptions::default()
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::default().max_attempts(3));
/// assert_eq!(options.user_agent_value(), regops_client::USER_AGENT);
/// ```
#[derive(Debug, Clone)]
pub struct ClientOptions {
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    max_body_bytes: usize,
    xmlrpc_limits: regops_xmlrpc::Limits,
    retry: RetryPolicy,
}

impl Default for ClientOptions {
    /// 30 s per attempt (answer included), 10 s to connect, [`USER_AGENT`], answers up to the
    /// XML-RPC codec's document limit (64 MiB), [`RetryPolicy::default`].
    fn default() -> Self {
        let xmlrpc_limits = regops_xmlrpc::Limits::default();
        Self {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            user_agent: USER_AGENT.to_string(),
            max_body_bytes: xmlrpc_limits.max_document_bytes,
            xmlrpc_limits,
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientOptions {
    /// The longest one attempt may take, from sending the request to the last byte of the
    /// answer.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest a connection may take to open (used by the default transport).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The largest answer body accepted, in bytes; reading stops there.
    #[must_use]
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// The XML-RPC decoder's limits (depth, string size) for Gandi's answers.
    #[must_use]
    pub fn xmlrpc_limits(mut self, limits: regops_xmlrpc::Limits) -> Self {
        self.xmlrpc_limits = limits;
        self
    }

    /// The retry policy of every call (a client handle can change it:
    /// `client.with_retry(policy)`).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` sent.
    pub fn user_agent_value(&self) -> &str {
        &self.user_agent
    }

    pub(crate) fn timeout_value(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn decoding_limits(&self) -> regops_xmlrpc::Limits {
        self.xmlrpc_limits
    }

    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    #[cfg(feature = "reqwest")]
    pub(crate) fn default_transport(&self) -> Result<crate::ReqwestTransport, Error> {
        crate::ReqwestTransport::new(self.connect_timeout)
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
    }
}

/// A client's transport and options, shared by its clones.
#[derive(Debug)]
pub(crate) struct Core<T> {
    pub transport: std::sync::Arc<T>,
    pub options: ClientOptions,
    jitter: Jitter,
}

/// An answer read in full.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    /// The `Content-Type` header, as sent.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The `charset` parameter of the `Content-Type` (RFC 9110 §8.3.1: case-insensitive
    /// name, the value possibly quoted). An empty value names no charset (as PHP writes
    /// `charset=` when its encoding is unset): the XML declaration decides.
    pub fn charset(&self) -> Option<&str> {
        let content_type = self.content_type.as_deref()?;
        content_type
            .split(';')
            .skip(1)
            .find_map(|param| {
                let (name, value) = param.split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| value.trim().trim_matches('"').trim())
            })
            .filter(|charset| !charset.is_empty())
    }
}

/// An answer whose body is content-coded (`Content-Encoding: gzip`): the client reads only
/// `identity` bodies, and asks for them.
#[derive(Debug)]
pub(crate) struct EncodedAnswer(pub String);

impl std::fmt::Display for EncodedAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the answer is {}-encoded (Content-Encoding: {}), which this client does not decode; \
             it asked for an unencoded answer (Accept-Encoding: identity)",
            self.0, self.0
        )
    }
}

impl std::error::Error for EncodedAnswer {}

impl<T: Transport> Core<T> {
    pub fn new(transport: T, options: ClientOptions) -> Self {
        Self {
            transport: std::sync::Arc::new(transport),
            options,
            jitter: Jitter::new(),
        }
    }

    /// A request with the headers every call sends.
    pub fn request(
        &self,
        verb: Verb,
        url: &str,
        content_type: &'static str,
        body: Bytes,
    ) -> HttpRequest {
        HttpRequest {
            verb,
            url: url.to_owned(),
            headers: vec![
                Header::new("user-agent", self.options.user_agent.clone()),
                Header::new("content-type", content_type),
                Header::new("accept", content_type),
                Header::new("accept-encoding", "identity"),
            ],
            body,
        }
    }

    /// One attempt: the request sent and its answer read, within the timeout and the size
    /// limit.
    pub async fn exchange(
        &self,
        method: &'static str,
        request: HttpRequest,
    ) -> Result<Answer, Error> {
        let limit = self.options.max_body_bytes;
        let attempt = async {
            let response = self.transport.send(request).await?;
            read_answer(response, limit).await
        };
        match tokio::time::timeout(self.options.timeout, attempt).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(Failure::Transport(source))) => Err(Error::Transport { method, source }),
            Ok(Err(Failure::TooLarge)) => Err(Error::TooLarge { method, limit }),
            Ok(Err(Failure::Encoded(coding))) => Err(Error::Decode {
                method,
                source: Box::new(EncodedAnswer(coding)),
            }),
            Err(_) => Err(Error::Transport {
                method,
                source: TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("no complete answer within {:?}", self.options.timeout),
                ),
            }),
        }
    }

    /// The retry loop of one call of `method`.
    pub fn retries(
        &self,
        method: &'static str,
        read_only: bool,
        policy: RetryPolicy,
    ) -> Retries<'_> {
        Retries {
            jitter: &self.jitter,
            policy,
            method,
            read_only,
            attempt: 1,
        }
    }
}

enum Failure {
    Transport(TransportError),
    TooLarge,
    /// The body is content-coded with this coding.
    Encoded(String),
}

impl From<TransportError> for Failure {
    fn from(e: TransportError) -> Self {
        Failure::Transport(e)
    }
}

/// Reads the body chunk by chunk, refusing it as soon as it passes `limit` (or when its
/// announced length already does).
async fn read_answer<B: ResponseBody>(
    mut response: HttpResponse<B>,
    limit: usize,
) -> Result<Answer, Failure> {
    if let Some(coding) = response.content_encoding.as_deref().map(str::trim)
        && !coding.is_empty()
        && !coding.eq_ignore_ascii_case("identity")
    {
        return Err(Failure::Encoded(coding.to_owned()));
    }
    if response.content_length.is_some_and(|n| n > limit as u64) {
        return Err(Failure::TooLarge);
    }
    let capacity = response.content_length.map_or(8 * 1024, |n| n as usize);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.body.chunk().await? {
        if body.len() + chunk.len() > limit {
            return Err(Failure::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer {
        status: response.status,
        retry_after: response.retry_after.as_deref().and_then(parse_retry_after),
        content_type: response.content_type,
        body,
    })
}

/// The retry state of one call: after each failure, [`after`](Self::after) either waits the
/// backoff (try again) or gives the error back.
pub(crate) struct Retries<'c> {
    jitter: &'c Jitter,
    policy: RetryPolicy,
    method: &'static str,
    read_only: bool,
    attempt: u32,
}

impl Retries<'_> {
    /// After a failed attempt: `Ok` once the backoff has passed and another attempt may go,
    /// the error when the call must stop. A call that changes something goes again only when
    /// its request never left; any call only for an error that may go away.
    pub async fn after(&mut self, error: Error) -> Result<(), Error> {
        let may_repeat = error.is_retryable() && (self.read_only || error.never_sent());
        let delay = if may_repeat {
            self.policy
                .delay(self.attempt, error.retry_after(), self.jitter)
        } else {
            None
        };
        let Some(delay) = delay else {
            return Err(error);
        };
        tracing::info!(
            method = self.method,
            attempt = self.attempt,
            delay_ms = delay.as_millis() as u64,
            error = %error,
            "retrying"
        );
        tokio::time::sleep(delay).await;
        self.attempt += 1;
        Ok(())
    }

    /// The attempt about to be made (from 1).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
}

/// The URL calls go to: `given` as it is when it has a path, even `/`
/// (`https://rpc.gandi.net/xmlrpc/`; `http://127.0.0.1:8000/RPC2` is posted to `/RPC2`, as
/// Python's `ServerProxy` does: an XML-RPC server answers only at the path it serves), or the
/// bare server `given` names with the schema's path (`http://127.0.0.1:8080` + `/xmlrpc/`).
/// Credentials never travel in a URL: one with a user or password is refused.
pub(crate) fn endpoint_url(given: &str, default_path: &str) -> Result<String, Error> {
    let mut url = url::Url::parse(given)
        .map_err(|e| Error::Config(format!("`{given}` is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "`{given}`: the scheme must be http or https"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the URL holds credentials; give them to the client instead".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the URL must have no query or fragment".into(),
        ));
    }
    // `url` shows `/` for `http://host` too: look at what was written.
    let written_path = given
        .split_once("://")
        .is_some_and(|(_, rest)| rest.contains('/'));
    if !written_path {
        url.set_path(default_path);
    }
    Ok(url.into())
}

/// The base URL relative routes are joined to: [`endpoint_url`], ending with `/` so that
/// `https://rest.netim.com/3.0` + `operation/42` is `…/3.0/operation/42`.
pub(crate) fn base_url(given: &str, default_path: &str) -> Result<String, Error> {
    let mut url = endpoint_url(given, default_path)?;
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charset_of(content_type: &str) -> Option<String> {
        let answer = Answer {
            status: 200,
            retry_after: None,
            content_type: Some(content_type.to_owned()),
            body: Vec::new(),
        };
        answer.charset().map(str::to_owned)
    }

    #[test]
    fn the_charset_parameter_is_read_case_insensitively_quoted_or_not() {
        for (content_type, charset) in [
            ("text/xml; charset=utf-8", Some("utf-8")),
            ("text/xml;charset=\"utf-8\"", Some("utf-8")),
            ("text/xml; Charset=UTF-8", Some("UTF-8")),
            ("text/xml;charset=iso-8859-1;q=1", Some("iso-8859-1")),
            ("text/xml; CHARSET = latin1 ", Some("latin1")),
            ("text/xml", None),
            ("text/xml;", None),
            // PHP's `header("Content-Type: text/xml; charset=$enc")` with an empty `$enc`:
            // no charset named, so the XML declaration decides (not "unsupported encoding ``").
            ("text/xml; charset=", None),
            ("text/xml; charset=\"\"", None),
        ] {
            assert_eq!(
                charset_of(content_type).as_deref(),
                charset,
                "{content_type}"
            );
        }
    }

    #[test]
    fn endpoints_take_the_schema_path_when_given_a_server() {
        assert_eq!(
            endpoint_url("http://127.0.0.1:8080", "/xmlrpc/").unwrap(),
            "http://127.0.0.1:8080/xmlrpc/"
        );
        assert_eq!(
            base_url("https://rest.netim.com/3.0", "/3.0/").unwrap(),
            "https://rest.netim.com/3.0/"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080", "/3.0/").unwrap(),
            "http://127.0.0.1:8080/3.0/"
        );
        // A path given is where the server answers: kept, no slash added; `/` is a path too.
        assert_eq!(
            endpoint_url("http://127.0.0.1:8000/RPC2", "/xmlrpc/").unwrap(),
            "http://127.0.0.1:8000/RPC2"
        );
        assert_eq!(
            endpoint_url("http://127.0.0.1:8000/", "/xmlrpc/").unwrap(),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8000/", "/3.0/").unwrap(),
            "http://127.0.0.1:8000/"
        );
        assert_eq!(
            endpoint_url("https://rpc.ote.gandi.net/xmlrpc/", "/xmlrpc/").unwrap(),
            "https://rpc.ote.gandi.net/xmlrpc/"
        );
        for bad in [
            "ftp://x/",
            "http://user:pw@x/",
            "http://x/?key=1",
            "not a url",
        ] {
            let e = endpoint_url(bad, "/xmlrpc/").unwrap_err().to_string();
            assert!(!e.contains("pw@"), "{e}");
        }
    }
}
