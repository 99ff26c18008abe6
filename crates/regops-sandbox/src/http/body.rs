//! Reading a request body within [`MAX_BODY`](super::MAX_BODY).

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, header};
use http_body_util::BodyExt as _;

/// Why a body could not be read.
#[derive(Debug)]
pub enum BodyError {
    /// Larger than the limit.
    TooLarge,
    /// The connection failed while reading.
    Read(String),
}

/// The whole body, or an error once it passes `limit` bytes (nothing more is buffered).
pub async fn read(body: Body, limit: usize) -> Result<Bytes, BodyError> {
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => Err(BodyError::TooLarge),
        Err(e) => Err(BodyError::Read(e.to_string())),
    }
}

/// The content coding of a request body, when it is not `identity` (`gzip`, as Apache
/// XML-RPC's `gzipCompressing` sends). The sandbox reads only unencoded bodies, so the
/// request gets 415 with [`unsupported_coding`]'s message and `Accept-Encoding: identity`
/// (RFC 9110 §15.5.16).
pub fn coding(headers: &HeaderMap) -> Option<String> {
    let coding = headers
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("identity"))
        .collect::<Vec<_>>()
        .join(", ");
    (!coding.is_empty()).then_some(coding)
}

/// Why a body with content coding `coding` is refused.
pub fn unsupported_coding(coding: &str) -> String {
    format!(
        "request body has Content-Encoding: {coding}; the sandbox reads only unencoded bodies \
         (Accept-Encoding: identity): send it uncompressed"
    )
}
