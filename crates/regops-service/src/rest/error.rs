//! [`Error`]: a REST error answer, an HTTP status and a message.

use std::fmt;

/// A REST error: a non-2xx status and a message, sent as a JSON object whose error member
/// (Netim: `message`) holds the text.
///
/// Server implementations return it from their methods; generated code returns it for
/// requests that never reach a method (no route, bad body, missing credentials).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    status: u16,
    message: String,
    retry_after: Option<u64>,
}

impl Error {
    /// An error with this status (a status outside `400..=599` becomes 500) and message.
    pub fn new(status: u16, message: impl Into<String>) -> Self {
        Self {
            status: if (400..=599).contains(&status) {
                status
            } else {
                500
            },
            message: message.into(),
            retry_after: None,
        }
    }

    /// `400 Bad Request`: the request's parameters are not acceptable.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, message)
    }

    /// `401 Unauthorized`: no credentials, wrong credentials, or a session that has ended.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, message)
    }

    /// `403 Forbidden`: the caller may not do this.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, message)
    }

    /// `404 Not Found`: no such object, or no such route.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, message)
    }

    /// `409 Conflict`: the object's state forbids it (an operation already processed, …).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(409, message)
    }

    /// `429 Too Many Requests`, to try again after `seconds`.
    pub fn too_many_requests(message: impl Into<String>, seconds: u64) -> Self {
        Self::new(429, message).with_retry_after(seconds)
    }

    /// `500 Internal Server Error`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, message)
    }

    /// The same error, telling the client to wait `seconds` before trying again.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Seconds to wait before trying again, if the error says so.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_error_statuses() {
        assert_eq!(Error::new(200, "x").status(), 500);
        assert_eq!(Error::new(99, "x").status(), 500);
        assert_eq!(Error::new(418, "x").status(), 418);
        let e = Error::too_many_requests("slow down", 300);
        assert_eq!((e.status(), e.retry_after()), (429, Some(300)));
        assert_eq!(e.to_string(), "HTTP 429: slow down");
    }
}
