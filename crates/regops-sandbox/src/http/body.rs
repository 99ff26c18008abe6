//! Reading a request body within [`MAX_BODY`](super::MAX_BODY).

use axum::body::{Body, Bytes};
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
