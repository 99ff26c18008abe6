//! Netim: the precondition of `cancelOpe` and the message Netim answers for a violation.
//!
//! [`cancel_ope`] is generated from the machine of `netim.OperationStatus`
//! (`schema/netim-operation.xml`): Netim cancels an operation "until the processing has
//! started", and its status does not tell a queued operation from a running one, so the
//! precondition allows `Pending` and the server decides.
//!
//! Netim has no function to restart an operation ("There is no function for restarting an
//! operation"): a failed operation is restarted by Netim support only, or replaced by a new
//! request with a new tracking number. The machine keeps that move as the transition
//! `restart_by_support`, which names no method, so no precondition exists for it.
//!
//! Netim's REST API answers an error with a JSON object whose `message` member is the text;
//! [`message`] and [`error_body`] write it for a violation.
//!
//! ```
//! use regops_model::netim::OperationStatus;
//! use regops_validate::netim;
//!
//! assert!(netim::cancel_ope(&OperationStatus::Pending).is_clean());
//! let refused = netim::cancel_ope(&OperationStatus::Done);
//! assert_eq!(
//!     netim::error_body(&refused).unwrap(),
//!     "STATUS: cancelOpe is not possible with STATUS Done: Done is terminal, nothing follows it; expected STATUS Pending"
//! );
//! ```

pub use crate::generated::netim::*;

use crate::{Report, Violation};

/// The text of Netim's error `message` for a violation: its path and what is wrong.
pub fn message(violation: &Violation) -> String {
    if violation.path.is_empty() {
        violation.message.clone()
    } else {
        format!("{}: {}", violation.path, violation.message)
    }
}

/// The `message` a Netim-like server refuses `report` with: that of its first error; `None`
/// when it has none.
pub fn error_body(report: &Report) -> Option<String> {
    report.first_error().map(message)
}
