//! Gandi: the preconditions of its operation methods and what Gandi answers for a violation.
//!
//! [`operation_cancel`] and [`operation_relaunch`] are generated from the machine of
//! `gandi.Step` (`schema/gandi-operation.xml`): a method is possible in the steps its
//! transitions leave (`operation.cancel` from `BILL` and `WAIT`, `operation.relaunch` from
//! `ERROR`), and `operation.relaunch` only for the types of `OperationType::relaunchable`.
//!
//! Reports are vendor-neutral; the functions below say what Gandi answers for a violation: the
//! error identifier of an operation in error ([`error_id`], documented by Gandi for
//! `missing_parameter` only), and the XML-RPC fault a Gandi-like server refuses a request with
//! ([`fault_code`], [`fault`]). Gandi documents the fault-code scheme and its tables, not which
//! code each check gives, so the table of [`fault_code`] is `[inferred]`: it picks the object
//! and cause of Gandi's tables that name the problem.
//!
//! ```
//! use regops_model::gandi::{OperationType, Step};
//! use regops_validate::gandi;
//!
//! assert!(gandi::operation_cancel(&Step::Wait).is_clean());
//! let refused = gandi::operation_relaunch(&OperationType::DomainRenew, &Step::Done);
//! let (code, string) = gandi::fault(&refused).unwrap();
//! assert_eq!(code.code(), 525191); // data error: operation_type, invalid
//! assert!(string.starts_with("Error on object : OBJECT_OPERATION_TYPE (CAUSE_INVALID) ["));
//! ```

pub use crate::generated::gandi::*;

use regops_model::gandi::{
    DataFaultCause as Cause, DataFaultObject as Object, ErrorClass, ErrorId, FaultCode,
};

use crate::{Report, Violation, ViolationCode};

/// The error identifier Gandi gives an operation that fails for this violation, where the
/// reference documents one: `missing_parameter` (class `client_recoverable`) for a member a
/// rule requires.
pub fn error_id(violation: &Violation) -> Option<ErrorId> {
    match violation.code {
        ViolationCode::Required | ViolationCode::RequiredWhen | ViolationCode::RequiredForTld => {
            Some(ErrorId::MissingParameter)
        }
        _ => None,
    }
}

/// The class of [`error_id`]: `client_recoverable` for `missing_parameter`, so the client
/// fixes the parameters and calls `operation.relaunch`.
pub fn error_class(violation: &Violation) -> Option<ErrorClass> {
    error_id(violation)?.class()
}

/// The data fault (qualification 5) a Gandi-like server answers when it refuses a request for
/// this violation; `None` for a rule that concerns no request (the poll policy). `[inferred]`
/// mapping, see the module docs.
pub fn fault_code(violation: &Violation) -> Option<FaultCode> {
    use ViolationCode as C;
    let (object, cause) = match violation.code {
        C::TooLong => (Object::String, Cause::Size),
        C::OutOfRange => (Object::Integer, Cause::Value),
        C::InvalidFormat | C::PatternMismatch => (Object::String, Cause::Syntax),
        C::InvalidDate => (Object::Date, Cause::Syntax),
        C::UnknownEnumValue | C::InvalidEnumValue => (Object::String, Cause::Value),
        C::Required | C::RequiredWhen | C::RequiredForTld => (Object::Key, Cause::Expected),
        C::TooManyItems | C::TooManyItemsTotal => (Object::List, Cause::Toomany),
        C::TooFewItemsTotal => (Object::List, Cause::Expected),
        C::FieldForOtherTld | C::UnknownMember => (Object::Key, Cause::Unexpected),
        C::InvalidDomain => (Object::Fqdn, Cause::Badparameter),
        C::InvalidTransition => (Object::OperationState, Cause::InvalidStep),
        // The operation's type is not one the method accepts; otherwise its step forbids it.
        C::PreconditionFailed if violation.path == "type" => {
            (Object::OperationType, Cause::Invalid)
        }
        C::PreconditionFailed => (Object::Operation, Cause::InvalidStep),
        C::OwnerContact => (Object::Contact, Cause::Value),
        C::PollTooFrequent => return None,
    };
    Some(FaultCode::data(&object, &cause))
}

/// The fault a Gandi-like server refuses `report` with: the code of its first error and a
/// `faultString` in Gandi's form, `Error on object : OBJECT_… (CAUSE_…) [the violation]`.
/// `None` when the report has no error that concerns a request.
pub fn fault(report: &Report) -> Option<(FaultCode, String)> {
    report.errors().find_map(|violation| {
        let code = fault_code(violation)?;
        let name = |label: Option<&str>| label.unwrap_or("unknown").to_ascii_uppercase();
        let string = format!(
            "Error on object : OBJECT_{} (CAUSE_{}) [{violation}]",
            name(code.object_name()),
            name(code.cause_name())
        );
        Some((code, string))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;

    #[test]
    fn every_code_but_the_poll_policy_has_a_data_fault() {
        for &code in ViolationCode::ALL {
            let v = Violation::new("x", code, Severity::Error, "m");
            match fault_code(&v) {
                Some(fault) => {
                    assert_eq!(fault.code() / 100_000, 5, "{code}");
                    assert!(fault.object_name().is_some() && fault.cause_name().is_some());
                }
                None => assert_eq!(code, ViolationCode::PollTooFrequent),
            }
        }
    }

    #[test]
    fn missing_members_are_missing_parameter() {
        let v = Violation::new(
            "params.x",
            ViolationCode::RequiredWhen,
            Severity::Error,
            "m",
        );
        assert_eq!(error_id(&v), Some(ErrorId::MissingParameter));
        assert_eq!(error_class(&v), Some(ErrorClass::ClientRecoverable));
        let v = Violation::new("params.x", ViolationCode::TooLong, Severity::Error, "m");
        assert_eq!(error_id(&v), None);
    }
}
