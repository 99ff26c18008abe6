//! State transitions and the pending-operation poll policy.
//!
//! The machines themselves ([`StateMachine`]) are generated into `regops_model` from the schema;
//! the preconditions of vendor methods are generated into the vendor modules
//! ([`crate::gandi`], [`crate::netim`]) from the same machines.

use std::time::Duration;

use regops_model::StateMachine;

use crate::{Report, Severity, Violation, ViolationCode};

/// Whether the machine of `M` allows moving from `from` to `to`; the report is empty when it
/// does, and otherwise holds one `invalid_transition` error naming the allowed next states.
pub fn check_transition<M: StateMachine>(from: &M, to: &M) -> Report {
    let mut report = Report::new();
    if from.can_transition_to(to) {
        return report;
    }
    let allowed = from.next_states();
    let message = if from.is_terminal() {
        format!(
            "{} cannot move from {} to {}: {} is terminal, no state follows it",
            M::MACHINE,
            from.as_str(),
            to.as_str(),
            from.as_str()
        )
    } else if allowed.is_empty() {
        format!(
            "{} cannot move from {} to {}: no transition from {} is known",
            M::MACHINE,
            from.as_str(),
            to.as_str(),
            from.as_str()
        )
    } else {
        let names: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        format!(
            "{} cannot move from {} to {}; expected one of {}",
            M::MACHINE,
            from.as_str(),
            to.as_str(),
            names.join(", ")
        )
    };
    report.push(
        Violation::new(
            "",
            ViolationCode::InvalidTransition,
            Severity::Error,
            message,
        )
        .with_rule(M::MACHINE),
    );
    report
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
    /// `poll_too_frequent`, path `interval`).
    pub fn new(interval: Duration) -> Result<Self, Violation> {
        if interval < Self::MIN_INTERVAL {
            return Err(Violation::new(
                "interval",
                ViolationCode::PollTooFrequent,
                Severity::Error,
                format!(
                    "polling every {} s is too frequent; expected at least 300 s (5 minutes), 600 s recommended",
                    interval.as_secs()
                ),
            )
            .with_rule("poll_interval"));
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
