//! Errors of the tracker and of the vendor calls it makes.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// An error a vendor call returned, as the tracker needs to know it: may the poll be retried?
///
/// The client crates convert their errors into this: a transport failure, a timeout, an HTTP
/// 5xx or 429, or a Gandi fault of class `temporary` is [`VendorError::retryable`]; an
/// unknown operation, a bad API key or any other answer that will not change by asking again
/// is [`VendorError::permanent`]. The original error is kept as the `source()`.
#[derive(Debug)]
pub struct VendorError {
    retryable: bool,
    retry_after: Option<Duration>,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl VendorError {
    /// An error that may go away: the poll is retried under the error policy.
    pub fn retryable(message: impl Into<String>) -> Self {
        Self {
            retryable: true,
            retry_after: None,
            message: message.into(),
            source: None,
        }
    }

    /// An error that will not go away: the operation is no longer followed.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            retryable: false,
            ..Self::retryable(message)
        }
    }

    /// Keeps the underlying error as the `source()`.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The vendor asked to wait this long (`Retry-After`); the retry waits at least as long.
    pub fn with_retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }

    /// Whether a later poll may succeed.
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// How long the vendor asked to wait, if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

impl fmt::Display for VendorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.retryable {
            "retryable"
        } else {
            "permanent"
        };
        write!(f, "{} ({kind})", self.message)
    }
}

impl StdError for VendorError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// An error of the tracker itself.
#[derive(Debug)]
#[non_exhaustive]
pub enum TrackerError {
    /// A poll or error policy was refused (too frequent for a real vendor, cap below the
    /// interval, …); the text names the field and what was expected.
    Policy(String),
    /// The tracker was built without something it needs, or asked about a vendor it does not
    /// know.
    Config(String),
    /// The store failed.
    Store(StoreError),
    /// Importing the pending operations of a vendor failed.
    Vendor {
        /// The vendor.
        vendor: String,
        /// What it answered.
        error: VendorError,
    },
}

impl fmt::Display for TrackerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrackerError::Policy(why) => write!(f, "poll policy refused: {why}"),
            TrackerError::Config(why) => write!(f, "tracker configuration: {why}"),
            TrackerError::Store(error) => write!(f, "tracker store: {error}"),
            TrackerError::Vendor { vendor, error } => write!(f, "{vendor}: {error}"),
        }
    }
}

impl StdError for TrackerError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            TrackerError::Store(error) => Some(error),
            TrackerError::Vendor { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<StoreError> for TrackerError {
    fn from(error: StoreError) -> Self {
        TrackerError::Store(error)
    }
}

/// An error of a [`Store`](crate::store::Store): the database said no, or its content is not
/// what this version of regops wrote.
#[derive(Debug)]
pub struct StoreError {
    context: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl StoreError {
    /// An error with a description of what was being done.
    pub fn new(context: impl Into<String>) -> Self {
        Self {
            context: context.into(),
            source: None,
        }
    }

    /// An error caused by `source` while doing `context`.
    pub fn caused(
        context: impl Into<String>,
        source: impl StdError + Send + Sync + 'static,
    ) -> Self {
        Self {
            context: context.into(),
            source: Some(Box::new(source)),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.context),
            None => f.write_str(&self.context),
        }
    }
}

impl StdError for StoreError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}
