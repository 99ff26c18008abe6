//! Why a command failed, and the exit code that says so.

use std::process::ExitCode;

/// The exit codes of `regops`, for `--help`.
macro_rules! exit_codes_literal {
    () => {
        "Exit codes:
  0  success (validate: no errors; warnings allowed)
  1  regops or its environment failed: configuration, store, file, output, an answer
     regops cannot read
  2  usage: unknown command or bad arguments (also a value the wire cannot carry)
  3  the vendor refused: Gandi fault, Netim error answer, unknown operation
  4  the vendor is unreachable or unavailable (timeout, connection, 5xx, 429); try again later
  5  validate or relaunch --params: the document has errors"
    };
}
pub(crate) use exit_codes_literal as EXIT_CODES_LITERAL;

/// What kind of failure, and so which exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Exit 1.
    Local,
    /// Exit 2.
    Usage,
    /// Exit 3.
    Refused,
    /// Exit 4.
    Unavailable,
    /// Exit 5.
    Invalid,
}

/// A failed command: a message (saying where) and its kind.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
}

impl Failure {
    pub fn config(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Local,
            message: message.into(),
        }
    }

    /// A bad argument (exit 2, as clap's own usage errors).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Usage,
            message: message.into(),
        }
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Unavailable,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            kind: Kind::Invalid,
            message: message.into(),
        }
    }

    /// The same failure, its message prefixed with where it happened.
    pub fn context(mut self, place: &str) -> Self {
        self.message = format!("{place}: {}", self.message);
        self
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            Kind::Local => 1,
            Kind::Usage => 2,
            Kind::Refused => 3,
            Kind::Unavailable => 4,
            Kind::Invalid => 5,
        })
    }
}

/// Which exit a client error gives: only what the vendor answered as a refusal is "refused".
fn client_kind(error: &regops_client::Error) -> Kind {
    use regops_client::Error;
    match error {
        _ if error.is_retryable() => Kind::Unavailable,
        // The request was never written: a value from the command line the wire cannot carry.
        Error::Encode { .. } => Kind::Usage,
        // Nothing was refused: regops could not use what came back (or was told to go).
        Error::Config(_) | Error::Decode { .. } | Error::TooLarge { .. } => Kind::Local,
        Error::Transport { .. } => Kind::Unavailable,
        _ => Kind::Refused,
    }
}

impl From<regops_client::Error> for Failure {
    fn from(error: regops_client::Error) -> Self {
        let kind = client_kind(&error);
        Self {
            kind,
            message: error.to_string(),
        }
    }
}

impl From<regops_tracker::TrackerError> for Failure {
    fn from(error: regops_tracker::TrackerError) -> Self {
        let kind = match &error {
            regops_tracker::TrackerError::Vendor { error, .. } => {
                match std::error::Error::source(error)
                    .and_then(|e| e.downcast_ref::<regops_client::Error>())
                {
                    Some(client) => client_kind(client),
                    None if error.is_retryable() => Kind::Unavailable,
                    None => Kind::Refused,
                }
            }
            _ => Kind::Local,
        };
        let mut message = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            let text = cause.to_string();
            if !message.contains(&text) {
                message.push_str(": ");
                message.push_str(&text);
            }
            source = cause.source();
        }
        Self { kind, message }
    }
}

impl From<regops_tracker::StoreError> for Failure {
    fn from(error: regops_tracker::StoreError) -> Self {
        regops_tracker::TrackerError::from(error).into()
    }
}
