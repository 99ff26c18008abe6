//! [`StateMachine`] and [`Transition`]: the state machines the schema declares.

use crate::WireEnum;

/// An enum with a `<machine>` in the schema: its initial and terminal states and its named
/// transitions. The generator implements it for every machine's enum, so validators,
/// preconditions, the sandbox worker and the tracker all read the one machine.
///
/// ```
/// use regops_model::StateMachine;
/// use regops_model::gandi::Step;
///
/// assert!(Step::Bill.is_initial());
/// assert!(Step::Wait.can_transition_to(&Step::Run));
/// assert!(Step::Done.is_terminal() && Step::Done.next_states().is_empty());
/// let cancel = Step::Wait.transition_to(&Step::Cancel).unwrap();
/// assert_eq!(cancel.method, Some("operation.cancel"));
/// assert_eq!(Step::MACHINE, "gandi.Step");
/// ```
pub trait StateMachine: WireEnum + PartialEq {
    /// `module.Enum`, for messages (`gandi.Step`).
    const MACHINE: &'static str;
    /// The named transitions, in schema order.
    const TRANSITIONS: &'static [Transition<Self>];

    /// Whether this is an initial state.
    fn is_initial(&self) -> bool;

    /// Whether this is a terminal state: nothing follows it.
    fn is_terminal(&self) -> bool;

    /// The states this one can move to; none for a terminal or an unrecognized value.
    fn next_states(&self) -> &'static [Self];

    /// Whether the machine allows moving from this state to `next`.
    fn can_transition_to(&self, next: &Self) -> bool {
        self.next_states().contains(next)
    }

    /// The transition from this state to `next`, if the machine has one.
    fn transition_to(&self, next: &Self) -> Option<&'static Transition<Self>> {
        Self::TRANSITIONS
            .iter()
            .find(|t| t.from == *self && t.to == *next)
    }
}

/// A named move of an enum from one state to another, as listed in the schema's `machine`.
///
/// Generated machines expose their edges as [`StateMachine::TRANSITIONS`], so tools
/// (diagrams, validators, workers, tests) can walk the machine as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition<S: 'static> {
    /// Name of the transition in the schema, e.g. `start`.
    pub name: &'static str,
    /// State the transition leaves.
    pub from: S,
    /// State the transition enters.
    pub to: S,
    /// The vendor method that performs it (`operation.cancel`), if the schema names one.
    pub method: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnrecognizedValue;

    /// Shaped like a generated open enum: the catch-all gives it drop glue.
    #[derive(Debug, Clone, PartialEq)]
    enum Step {
        Wait,
        Run,
        Done,
        #[allow(dead_code, reason = "only the type's shape matters")]
        Unrecognized(UnrecognizedValue),
    }

    impl Step {
        /// As the generator writes it: an associated constant.
        pub const TRANSITIONS: &'static [Transition<Step>] = &[
            Transition {
                name: "start",
                from: Step::Wait,
                to: Step::Run,
                method: None,
            },
            Transition {
                name: "finish",
                from: Step::Run,
                to: Step::Done,
                method: None,
            },
        ];
    }

    /// And as a free constant.
    const FREE: &[Transition<Step>] = &[Transition {
        name: "x",
        from: Step::Wait,
        to: Step::Done,
        method: Some("x"),
    }];

    #[test]
    fn constant_tables_of_enums_with_drop_glue_compile() {
        assert_eq!(Step::TRANSITIONS.len(), 2);
        assert_eq!(Step::TRANSITIONS[0].from, Step::Wait);
        assert_eq!(Step::TRANSITIONS[1].to, Step::Done);
        assert_eq!(FREE[0].name, "x");
        let next: Vec<&Step> = Step::TRANSITIONS
            .iter()
            .filter(|t| t.from == Step::Run)
            .map(|t| &t.to)
            .collect();
        assert_eq!(next, [&Step::Done]);
    }
}
