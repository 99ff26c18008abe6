//! What the sandbox's core refuses, before each vendor layer words it its own way (a Gandi
//! fault, a Netim status and `message`).

use std::fmt;

use regops_validate::{Violation, ViolationCode};

/// A refusal or failure of the sandbox core.
#[derive(Debug)]
pub enum CoreError {
    /// No such object (`what` names it: `operation 42`).
    NotFound(String),
    /// The vendor's rules forbid the request (a precondition or transition check failed).
    Refused {
        /// The kind of rule broken (`precondition_failed`, `invalid_transition`, …).
        code: ViolationCode,
        /// Path in wire names (`step`), empty when it concerns the whole request.
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A parameter is invalid: its path and what was expected.
    Invalid {
        /// Path in wire names (`opts.items_per_page`).
        path: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// The object already exists.
    Exists(String),
    /// Strict poll mode: polled again too soon.
    RateLimited {
        /// The operation polled.
        id: i64,
        /// Seconds until the next poll is allowed.
        retry_after_secs: i64,
    },
    /// Another request changed the operation first; the caller may retry.
    Conflict(String),
    /// The store failed.
    Store(rusqlite::Error),
}

impl CoreError {
    /// An invalid parameter at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoreError::NotFound(what) => write!(f, "{what} not found"),
            CoreError::Refused { path, message, .. } => {
                if path.is_empty() {
                    f.write_str(message)
                } else {
                    write!(f, "{path}: {message}")
                }
            }
            CoreError::Invalid { path, message } => write!(f, "{path}: {message}"),
            CoreError::Exists(what) => write!(f, "{what} already exists"),
            CoreError::RateLimited {
                id,
                retry_after_secs,
            } => write!(
                f,
                "operation {id} polled again too soon: poll no more often than every 5 minutes; retry in {retry_after_secs} s"
            ),
            CoreError::Conflict(what) => write!(f, "{what} changed meanwhile; retry"),
            CoreError::Store(e) => write!(f, "sandbox store error: {e}"),
        }
    }
}

impl std::error::Error for CoreError {}

impl From<Violation> for CoreError {
    fn from(v: Violation) -> Self {
        CoreError::Refused {
            code: v.code,
            path: v.path,
            message: v.message,
        }
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        CoreError::Store(e)
    }
}

/// The core's result.
pub type CoreResult<T> = Result<T, CoreError>;
