//! [`Error`]: every way a call can fail, as one enum a caller matches on.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use regops_model::gandi::{ErrorClass, FaultCode};
use regops_xmlrpc::Fault;

use crate::transport::TransportError;

/// Why a call failed. Every variant names the method (its wire name); `source()` gives the
/// underlying error where there is one. No variant ever holds a credential: vendor messages
/// that echo one are scrubbed.
///
/// ```
/// # async fn demo(client: regops_client::GandiClient) {
/// use regops_client::{Error, GandiApi};
/// use regops_model::gandi::ErrorClass;
/// match client.operation_info(42).await {
///     Ok(op) => println!("{}", op.step),
///     Err(e) if e.gandi_class() == Some(ErrorClass::ClientRecoverable) => {
///         eprintln!("fix the call: {e}")
///     }
///     Err(e) if e.is_retryable() => eprintln!("try again later: {e}"),
///     Err(e) => eprintln!("{e}"),
/// }
/// # }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client is not usable as configured (a URL it cannot call, …).
    Config(String),
    /// The request could not be written (a value the wire format cannot carry).
    Encode {
        /// The method's wire name.
        method: &'static str,
        /// What the encoder said.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The exchange failed below HTTP: no connection, a timeout, a connection lost before or
    /// during the answer.
    Transport {
        /// The method's wire name.
        method: &'static str,
        /// What failed, and whether the request provably never left.
        source: TransportError,
    },
    /// An HTTP status the API does not use for its own errors (Gandi answers every call with
    /// 200; a 503 comes from something in front of it).
    Status {
        /// The method's wire name.
        method: &'static str,
        /// The status code.
        status: u16,
        /// How long the server asked the client to wait (`Retry-After`).
        retry_after: Option<Duration>,
    },
    /// The answer is larger than the client accepts
    /// ([`ClientOptions::max_body_bytes`](crate::ClientOptions::max_body_bytes)).
    TooLarge {
        /// The method's wire name.
        method: &'static str,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The answer is not the method's result (the XML-RPC or JSON error says where).
    Decode {
        /// The method's wire name.
        method: &'static str,
        /// The decoder's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A Gandi fault; [`FaultCode`] splits its code into qualification, object and cause,
    /// and gives its class ([`Error::gandi_class`]).
    Gandi {
        /// The method's wire name.
        method: &'static str,
        /// The fault.
        fault: Fault,
    },
    /// A Netim error answer: a non-2xx status and the vendor's `message`.
    Netim {
        /// The method's wire name.
        method: &'static str,
        /// The status code (401: the session is gone and could not be opened again).
        status: u16,
        /// The vendor's message (the status when the answer had none).
        message: String,
        /// How long the server asked the client to wait (`Retry-After`).
        retry_after: Option<Duration>,
    },
}

/// HTTP statuses that say "not now" rather than "no" (RFC 9110: request timeout, too early,
/// too many requests, the server or a gateway failing or overloaded).
fn transient_status(status: u16) -> bool {
    matches!(status, 408 | 425 | 429 | 500 | 502 | 503 | 504)
}

impl Error {
    /// The wire name of the method that failed (`None` for [`Error::Config`]).
    pub fn method(&self) -> Option<&'static str> {
        match self {
            Error::Config(_) => None,
            Error::Encode { method, .. }
            | Error::Transport { method, .. }
            | Error::Status { method, .. }
            | Error::TooLarge { method, .. }
            | Error::Decode { method, .. }
            | Error::Gandi { method, .. }
            | Error::Netim { method, .. } => Some(method),
        }
    }

    /// Whether the same call could succeed later: a lost connection, a timeout, a transient
    /// HTTP status (408, 425, 429, 500, 502, 503, 504), a Gandi fault whose class is
    /// `temporary`. `client_recoverable`, `fatal`, `support_recoverable` and unknown faults are
    /// not: asking again would get the same answer.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } => true,
            Error::Status { status, .. } | Error::Netim { status, .. } => transient_status(*status),
            Error::Gandi { fault, .. } => {
                FaultCode::from(fault.code).class() == Some(ErrorClass::Temporary)
            }
            Error::Config(_)
            | Error::Encode { .. }
            | Error::TooLarge { .. }
            | Error::Decode { .. } => false,
        }
    }

    /// Whether the request provably never reached the server (no connection was made): the
    /// only failure after which a call that changes something is sent again.
    pub fn never_sent(&self) -> bool {
        match self {
            Error::Transport { source, .. } => source.never_sent(),
            Error::Config(_) | Error::Encode { .. } => true,
            _ => false,
        }
    }

    /// How long the server asked the client to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status { retry_after, .. } | Error::Netim { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status of the answer, when the failure is one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Netim { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The class of a Gandi fault, from the schema's mapping of its cause.
    pub fn gandi_class(&self) -> Option<ErrorClass> {
        match self {
            Error::Gandi { fault, .. } => FaultCode::from(fault.code).class(),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(why) => write!(f, "client configuration: {why}"),
            Error::Encode { method, source } => {
                write!(f, "{method}: cannot write the request: {source}")
            }
            Error::Transport { method, source } => write!(f, "{method}: {source}"),
            Error::Status {
                method,
                status,
                retry_after,
            } => {
                write!(f, "{method}: HTTP {status}")?;
                retry_after_suffix(f, *retry_after)
            }
            Error::TooLarge { method, limit } => {
                write!(f, "{method}: the answer is larger than {limit} bytes")
            }
            Error::Decode { method, source } => {
                write!(
                    f,
                    "{method}: the answer is not the expected result: {source}"
                )
            }
            Error::Gandi { method, fault } => {
                let code = FaultCode::from(fault.code);
                let class = code.class().map_or("unclassified", |c| match c {
                    ErrorClass::Unrecognized(_) => "unclassified",
                    _ => c.label().unwrap_or("unclassified"),
                });
                write!(
                    f,
                    "{method}: Gandi fault {} ({code}; {}): {}",
                    fault.code,
                    class.to_lowercase(),
                    fault.string
                )
            }
            Error::Netim {
                method,
                status,
                message,
                retry_after,
            } => {
                write!(f, "{method}: Netim HTTP {status}: {message}")?;
                retry_after_suffix(f, *retry_after)
            }
        }
    }
}

fn retry_after_suffix(f: &mut fmt::Formatter<'_>, wait: Option<Duration>) -> fmt::Result {
    match wait {
        Some(wait) => write!(f, " (retry after {} s)", wait.as_secs()),
        None => Ok(()),
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Encode { source, .. } | Error::Decode { source, .. } => {
                Some(source.as_ref() as &(dyn StdError + 'static))
            }
            Error::Transport { source, .. } => Some(source),
            Error::Gandi { fault, .. } => Some(fault),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportErrorKind;

    fn gandi(code: i32) -> Error {
        Error::Gandi {
            method: "operation.info",
            fault: Fault::new(code, "Error on object : OBJECT_X (CAUSE_Y)"),
        }
    }

    #[test]
    fn only_temporary_faults_are_retryable() {
        assert!(gandi(160_004).is_retryable()); // server, service, toomany
        assert!(gandi(100_010).is_retryable()); // server, unknown, connection
        assert!(!gandi(510_242).is_retryable()); // data, operation, notfound
        assert!(!gandi(510_150).is_retryable()); // data, account, noright
        assert!(!gandi(42).is_retryable()); // not a Gandi code
        assert_eq!(
            gandi(510_150).gandi_class(),
            Some(ErrorClass::SupportRecoverable)
        );
    }

    #[test]
    fn statuses() {
        for (status, retryable) in [
            (429, true),
            (503, true),
            (500, true),
            (400, false),
            (404, false),
            (401, false),
        ] {
            let e = Error::Netim {
                method: "queryOpe",
                status,
                message: "x".into(),
                retry_after: None,
            };
            assert_eq!(e.is_retryable(), retryable, "{status}");
        }
    }

    #[test]
    fn display_names_the_method_and_the_class() {
        assert_eq!(
            gandi(510_242).to_string(),
            "operation.info: Gandi fault 510242 (data error: object operation (102), cause notfound (42); client recoverable): Error on object : OBJECT_X (CAUSE_Y)"
        );
        let e = Error::Transport {
            method: "domainCreate",
            source: TransportError::new(TransportErrorKind::Connect, "refused"),
        };
        assert_eq!(e.to_string(), "domainCreate: cannot connect: refused");
        assert!(e.never_sent() && e.is_retryable());
        assert!(e.source().is_some());
    }
}
