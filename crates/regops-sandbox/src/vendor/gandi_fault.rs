//! Gandi faults the sandbox answers with: codes from the schema's fault tables
//! (`gandi::FaultCode`), strings in Gandi's `Error on object : OBJECT_… (CAUSE_…) [detail]`
//! form. A refusal by a validator or a precondition gets the fault `regops_validate::gandi`
//! gives it.

use regops_model::gandi::{
    DataFaultCause, DataFaultObject, FaultCode, ServerFaultCause, ServerFaultObject,
};
use regops_validate::{Report, Severity, Violation};
use regops_xmlrpc::Fault;

use crate::error::CoreError;

fn fault(code: FaultCode, detail: &str) -> Fault {
    let name = |label: Option<&str>| label.unwrap_or("unknown").to_ascii_uppercase();
    Fault::new(
        code.code(),
        format!(
            "Error on object : OBJECT_{} (CAUSE_{}) [{detail}]",
            name(code.object_name()),
            name(code.cause_name())
        ),
    )
}

/// A data error (qualification 5) about `object`, of cause `cause`.
pub fn data(object: DataFaultObject, cause: DataFaultCause, detail: &str) -> Fault {
    fault(FaultCode::data(&object, &cause), detail)
}

/// A server error (qualification 1).
pub fn server(object: ServerFaultObject, cause: ServerFaultCause, detail: &str) -> Fault {
    fault(FaultCode::server(&object, &cause), detail)
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

/// The fault of the first error of `report`, as `regops_validate::gandi` words it.
pub fn refusal(report: &Report) -> Option<Fault> {
    let (code, string) = regops_validate::gandi::fault(report)?;
    Some(Fault::new(code.code(), string))
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
            } => {
                let mut report = Report::new();
                report.push(Violation::new(path, code, Severity::Error, message));
                refusal(&report).unwrap_or_else(|| {
                    data(DataFaultObject::Unknown, DataFaultCause::Invalid, &detail)
                })
            }
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
        let f = Fault::from(CoreError::RateLimited {
            id: 1,
            retry_after_secs: 3,
        });
        assert_eq!(f.code, 160004);
    }
}
