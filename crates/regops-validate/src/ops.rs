//! State transitions, operation preconditions and the pending-operation poll policy.
//!
//! Each check returns the one [`Violation`] that explains the refusal, so the same type
//! carries every verdict regops gives.

use std::time::Duration;

use regops_model::gandi::{OperationListReturn, Step};
use regops_model::netim::OperationStatus;

use crate::{Severity, Violation};

/// An enum with a `<machine>` in the schema; implemented by generated code for every machine.
pub trait StateMachine: Sized + PartialEq + 'static {
    /// `module.Enum`, for messages (`gandi.Step`).
    const MACHINE: &'static str;

    /// The wire value.
    fn wire(&self) -> &str;

    /// The states that may follow this one; none for a terminal or unrecognized state.
    fn allowed_next(&self) -> &'static [Self];

    /// Whether nothing follows this state.
    fn terminal(&self) -> bool;
}

fn violation(code: &'static str, path: &str, message: String, rule: &'static str) -> Violation {
    Violation {
        path: path.to_string(),
        code,
        severity: Severity::Error,
        message,
        rule: Some(rule),
        vendor_error: None,
    }
}

/// Whether the machine of `M` allows moving from `from` to `to`; the error names the allowed
/// next states (code `invalid_transition`).
pub fn check_transition<M: StateMachine>(from: &M, to: &M) -> Result<(), Violation> {
    let allowed = from.allowed_next();
    if allowed.contains(to) {
        return Ok(());
    }
    let message = if from.terminal() {
        format!(
            "{} cannot move from {} to {}: {} is terminal, no state follows it",
            M::MACHINE,
            from.wire(),
            to.wire(),
            from.wire()
        )
    } else if allowed.is_empty() {
        format!(
            "{} cannot move from {} to {}: no transition from {} is known",
            M::MACHINE,
            from.wire(),
            to.wire(),
            from.wire()
        )
    } else {
        let names: Vec<&str> = allowed.iter().map(StateMachine::wire).collect();
        format!(
            "{} cannot move from {} to {}; expected one of {}",
            M::MACHINE,
            from.wire(),
            to.wire(),
            names.join(", ")
        )
    };
    Err(violation("invalid_transition", "", message, "machine"))
}

/// `operation.cancel` is possible only before processing has started: step `BILL` or `WAIT`
/// (code `precondition_failed`, path `step`).
pub fn gandi_can_cancel(op: &OperationListReturn) -> Result<(), Violation> {
    if matches!(op.step, Step::Bill | Step::Wait) {
        return Ok(());
    }
    Err(violation(
        "precondition_failed",
        "step",
        format!(
            "operation {} cannot be cancelled in step {}: processing has started; expected step BILL or WAIT",
            op.id,
            op.step.as_str()
        ),
        "cancel_before_processing",
    ))
}

/// `operation.relaunch` is possible only for the five relaunchable types
/// (`OperationType::relaunchable`) and only for a failed operation (step `ERROR`); a
/// successful operation can never be restarted (code `precondition_failed`).
pub fn gandi_can_relaunch(op: &OperationListReturn) -> Result<(), Violation> {
    if !op.r#type.relaunchable() {
        return Err(violation(
            "precondition_failed",
            "type",
            format!(
                "operation {} of type {} cannot be relaunched; expected one of domain_create, domain_transfer_in, domain_ns_set, domain_transfer_reseller, domain_change_owner",
                op.id,
                op.r#type.as_str()
            ),
            "relaunch_types",
        ));
    }
    if op.step != Step::Error {
        let why = if op.step == Step::Done {
            "a successful operation can never be restarted"
        } else {
            "only a failed operation can be relaunched"
        };
        return Err(violation(
            "precondition_failed",
            "step",
            format!(
                "operation {} in step {} cannot be relaunched: {why}; expected step ERROR",
                op.id,
                op.step.as_str()
            ),
            "relaunch_failed_only",
        ));
    }
    Ok(())
}

/// `cancelOpe` is possible only while the operation is `Pending` (Netim: "until processing
/// has started"; the status does not tell queued from running, the server decides).
pub fn netim_can_cancel(status: &OperationStatus) -> Result<(), Violation> {
    if *status == OperationStatus::Pending {
        return Ok(());
    }
    Err(violation(
        "precondition_failed",
        "STATUS",
        format!(
            "an operation in status {} cannot be cancelled; expected status Pending",
            status.as_str()
        ),
        "cancel_before_processing",
    ))
}

/// Netim has no restart function: a failed operation is restarted by Netim support only, or
/// replaced by a new request. Always an error.
pub fn netim_can_restart(status: &OperationStatus) -> Result<(), Violation> {
    Err(violation(
        "precondition_failed",
        "STATUS",
        format!(
            "Netim has no restart function (status {}); ask Netim support or send a new request",
            status.as_str()
        ),
        "netim_no_restart",
    ))
}

/// How often pending operations are polled: never more often than every 5 minutes, every 10
/// minutes by default (Netim's recommendation, sensible for Gandi and Open Work too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PollPolicy {
    interval: Duration,
}

impl PollPolicy {
    /// The shortest interval allowed.
    pub const MIN_INTERVAL: Duration = Duration::from_secs(5 * 60);
    /// The default interval.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(10 * 60);

    /// A policy polling every `interval`; under 5 minutes is rejected (code
    /// `poll_too_frequent`).
    pub fn new(interval: Duration) -> Result<Self, Violation> {
        if interval < Self::MIN_INTERVAL {
            return Err(violation(
                "poll_too_frequent",
                "interval",
                format!(
                    "polling every {} s is too frequent; expected at least 300 s (5 minutes), 600 s recommended",
                    interval.as_secs()
                ),
                "poll_interval",
            ));
        }
        Ok(Self { interval })
    }

    /// The interval.
    pub fn interval(&self) -> Duration {
        self.interval
    }
}

impl Default for PollPolicy {
    fn default() -> Self {
        Self {
            interval: Self::DEFAULT_INTERVAL,
        }
    }
}
