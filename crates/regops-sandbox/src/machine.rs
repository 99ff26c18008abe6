//! The vendors' state machines as the sandbox drives them: every move is looked up by name
//! in the schema's generated `TRANSITIONS`, so the sandbox cannot make one the schema does
//! not declare.

use std::collections::VecDeque;

use regops_model::gandi::Step;
use regops_model::netim::{DomainState, OperationStatus};
use regops_model::{StateMachine, Transition};

/// An enum with a `<machine>` in the schema, seen through its generated items.
pub trait Machine: Sized + Clone + PartialEq + 'static {
    /// The schema's transitions (`Step::TRANSITIONS`, …).
    fn transitions() -> &'static [Transition<Self>];
    /// The known values (`Step::KNOWN`, …).
    fn known() -> &'static [Self];
    /// Parses a wire value (unknown values are kept, and have no transition).
    fn parse(wire: &str) -> Self;
    /// The wire value.
    fn wire(&self) -> &str;
    /// Whether the schema marks this state initial.
    fn initial_state(&self) -> bool;
    /// Whether the schema marks this state terminal.
    fn terminal_state(&self) -> bool;

    /// The first initial state the schema declares.
    fn initial() -> &'static Self {
        Self::known()
            .iter()
            .find(|s| s.initial_state())
            .expect("every machine of the schema declares an initial state")
    }
}

macro_rules! machine {
    ($ty:ty) => {
        impl Machine for $ty {
            fn transitions() -> &'static [Transition<Self>] {
                <$ty as StateMachine>::TRANSITIONS
            }
            fn known() -> &'static [Self] {
                <$ty>::KNOWN
            }
            fn parse(wire: &str) -> Self {
                <$ty>::from(wire)
            }
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn initial_state(&self) -> bool {
                StateMachine::is_initial(self)
            }
            fn terminal_state(&self) -> bool {
                StateMachine::is_terminal(self)
            }
        }
    };
}

machine!(Step);
machine!(OperationStatus);
machine!(DomainState);

/// The transition called `name` that leaves `from`, if the schema declares one.
pub fn find<M: Machine>(from: &M, name: &str) -> Option<&'static Transition<M>> {
    M::transitions()
        .iter()
        .find(|t| t.name == name && t.from == *from)
}

/// The shortest chain of declared transitions from `from` to `to` (empty when equal);
/// `None` when the machine cannot reach `to`.
pub fn path<M: Machine>(from: &M, to: &M) -> Option<Vec<&'static Transition<M>>> {
    if from == to {
        return Some(Vec::new());
    }
    let mut queue: VecDeque<(M, Vec<&'static Transition<M>>)> = VecDeque::new();
    let mut seen = vec![from.clone()];
    queue.push_back((from.clone(), Vec::new()));
    while let Some((state, chain)) = queue.pop_front() {
        for t in M::transitions().iter().filter(|t| t.from == state) {
            if seen.contains(&t.to) {
                continue;
            }
            let mut next = chain.clone();
            next.push(t);
            if t.to == *to {
                return Some(next);
            }
            seen.push(t.to.clone());
            queue.push_back((t.to.clone(), next));
        }
    }
    None
}

/// Whether `to` may follow `from` in the schema's machine.
pub fn allowed<M: Machine>(from: &M, to: &M) -> bool {
    M::transitions()
        .iter()
        .any(|t| t.from == *from && t.to == *to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initial_states_come_from_the_schema() {
        assert_eq!(Step::initial(), &Step::Bill);
        assert_eq!(OperationStatus::initial(), &OperationStatus::Pending);
        assert_eq!(DomainState::initial(), &DomainState::Pending);
    }

    #[test]
    fn paths_follow_declared_transitions() {
        let names: Vec<&str> = path(&Step::Bill, &Step::Error)
            .unwrap()
            .iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["billed", "start", "fail"]);
        assert!(path(&Step::Done, &Step::Run).is_none());
        assert_eq!(path(&Step::Run, &Step::Run).unwrap().len(), 0);
        assert!(find(&Step::Run, "cancel").is_none());
        assert_eq!(find(&Step::Wait, "cancel").unwrap().to, Step::Cancel);
    }
}
