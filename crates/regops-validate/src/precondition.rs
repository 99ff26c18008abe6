//! What generated preconditions record when they refuse a vendor method.
//!
//! A precondition is generated for every vendor method a `<transition method="…">` of the
//! schema names: the method is possible in the states those transitions leave, and, when they
//! carry `when="Enum.group"`, only for the values of that group. Generated functions call the
//! two helpers here, so every refusal reads alike: a `precondition_failed` error at the input
//! that forbids it, naming the method as its rule and listing what would be accepted.

use regops_model::{StateMachine, WireEnum};

use crate::{Report, Severity, Violation, ViolationCode};

/// Records that `method` is not possible while the state (`path`) is `state`; it is in the
/// states of `allowed`.
pub fn refuse_state<S: StateMachine>(
    report: &mut Report,
    method: &'static str,
    path: &'static str,
    state: &S,
    allowed: &[S],
) {
    let expected: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
    let why = if !state.is_recognized() {
        format!("{} is a value {} does not know", state.as_str(), S::MACHINE)
    } else if state.is_terminal() {
        format!("{} is terminal, nothing follows it", state.as_str())
    } else {
        format!(
            "the {} machine has no {method} transition from {}",
            S::MACHINE,
            state.as_str()
        )
    };
    let message = format!(
        "{method} is not possible with {path} {}: {why}; expected {path} {}",
        state.as_str(),
        either(&expected)
    );
    push_refusal(report, method, path, message);
}

/// Records that `method` is not possible for `value` (at `path`): it is only for the
/// `members` of `group` (`gandi.OperationType.relaunchable`).
pub fn refuse_kind<K: WireEnum>(
    report: &mut Report,
    method: &'static str,
    path: &'static str,
    value: &K,
    group: &'static str,
    members: &[&str],
) {
    let message = format!(
        "{method} is not possible for {path} {}; expected one of {} (group {group})",
        value.as_str(),
        members.join(", ")
    );
    push_refusal(report, method, path, message);
}

/// `A`, `A or B`, `A, B or C`.
fn either(items: &[&str]) -> String {
    match items {
        [] => "(none)".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A `precondition_failed` error at `path`, under the rule named after `method`.
fn push_refusal(report: &mut Report, method: &'static str, path: &'static str, message: String) {
    report.push(
        Violation::new(
            path,
            ViolationCode::PreconditionFailed,
            Severity::Error,
            message,
        )
        .with_rule(method),
    );
}
