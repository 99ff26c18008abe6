//! Gandi faults the sandbox answers with: codes built from the schema's fault tables
//! (`gandi.DataFaultObject`, `gandi.DataFaultCause`, …), strings in Gandi's
//! `Error on object : OBJECT_… (CAUSE_…) [detail]` form.

use regops_model::gandi::{DataFaultCause, DataFaultObject, ServerFaultCause, ServerFaultObject};
use regops_xmlrpc::Fault;

use crate::error::CoreError;

fn digits(wire: &str) -> i32 {
    wire.parse().unwrap_or(0)
}

/// A data error (qualification 5) about `object`, of cause `cause`.
pub fn data(object: DataFaultObject, cause: DataFaultCause, detail: &str) -> Fault {
    Fault::new(
        500_000 + digits(object.as_str()) * 100 + digits(cause.as_str()),
        format!(
            "Error on object : OBJECT_{} (CAUSE_{}) [{detail}]",
            object.label().unwrap_or("unknown").to_ascii_uppercase(),
            cause.label().unwrap_or("unknown").to_ascii_uppercase()
        ),
    )
}

/// A server error (qualification 1).
pub fn server(object: ServerFaultObject, cause: ServerFaultCause, detail: &str) -> Fault {
    Fault::new(
        100_000 + digits(object.as_str()) * 100 + digits(cause.as_str()),
        format!(
            "Error on object : OBJECT_{} (CAUSE_{}) [{detail}]",
            object.label().unwrap_or("unknown").to_ascii_uppercase(),
            cause.label().unwrap_or("unknown").to_ascii_uppercase()
        ),
    )
}

/// The API key is not the sandbox's: `510150` (account, noright), as Gandi answers.
pub fn bad_api_key() -> Fault {
    data(
        DataFaultObject::Account,
        DataFaultCause::Noright,
        "Invalid API key",
    )
}

/// A member the method does not take: struct, unexpected.
pub fn unknown_member(path: &str, expected: &str) -> Fault {
    data(
        DataFaultObject::Struct,
        DataFaultCause::Unexpected,
        &format!("{path}: unknown member; expected one of {expected}"),
    )
}

/// The fault a validator's violation `code` at `path` becomes.
pub fn violation(code: &str, path: &str, message: &str) -> Fault {
    let (object, cause) = match code {
        "out_of_range" => (DataFaultObject::Integer, DataFaultCause::Value),
        "too_long" => (DataFaultObject::String, DataFaultCause::Size),
        "too_many_items" | "too_many_items_total" => (DataFaultObject::List, DataFaultCause::Size),
        "invalid_format" | "invalid_date" | "pattern_mismatch" => {
            (DataFaultObject::String, DataFaultCause::Syntax)
        }
        "invalid_enum_value" | "unknown_enum_value" => {
            (DataFaultObject::String, DataFaultCause::Value)
        }
        "required_when" | "required_for_tld" => {
            (DataFaultObject::Unknown, DataFaultCause::Expected)
        }
        "invalid_transition" | "precondition_failed" => {
            (DataFaultObject::Operation, DataFaultCause::InvalidStep)
        }
        _ => (DataFaultObject::Unknown, DataFaultCause::Invalid),
    };
    let detail = if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    };
    data(object, cause, &detail)
}

impl From<CoreError> for Fault {
    fn from(e: CoreError) -> Self {
        let detail = e.to_string();
        match e {
            CoreError::NotFound(_) => data(
                DataFaultObject::Operation,
                DataFaultCause::Notfound,
                &detail,
            ),
            CoreError::Refused {
                code,
                path,
                message,
            } => violation(code, &path, &message),
            CoreError::Invalid { path, message } => data(
                DataFaultObject::Unknown,
                DataFaultCause::Badparameter,
                &format!("{path}: {message}"),
            ),
            CoreError::Exists(_) => {
                data(DataFaultObject::Operation, DataFaultCause::Exist, &detail)
            }
            CoreError::RateLimited { .. } => server(
                ServerFaultObject::Service,
                ServerFaultCause::Toomany,
                &format!("{detail} (ratelimit, temporary)"),
            ),
            CoreError::Conflict(_) => server(
                ServerFaultObject::Database,
                ServerFaultCause::Query,
                &format!("{detail} (timeout, temporary)"),
            ),
            CoreError::Store(_) => server(
                ServerFaultObject::Database,
                ServerFaultCause::Query,
                &detail,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_their_parts() {
        let f = bad_api_key();
        assert_eq!(f.code, 510150);
        assert_eq!(
            f.string,
            "Error on object : OBJECT_ACCOUNT (CAUSE_NORIGHT) [Invalid API key]"
        );
        let f = Fault::from(CoreError::NotFound("operation 4".into()));
        assert_eq!(f.code, 510242);
        assert_eq!(f.gandi().data_cause(), Some(DataFaultCause::Notfound));
        let f = Fault::from(CoreError::RateLimited {
            id: 1,
            retry_after_secs: 3,
        });
        assert_eq!(f.code, 160004);
    }
}
