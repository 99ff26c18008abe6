//! [`Transition`]: one edge of a generated state machine.

/// A named move of an enum from one state to another, as listed in the schema's `machine`.
///
/// Generated enums expose their edges as `TRANSITIONS: &'static [Transition<Self>]`, so tools
/// (diagrams, validators, tests) can walk the machine as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition<S: 'static> {
    /// Name of the transition in the schema, e.g. `start`.
    pub name: &'static str,
    /// State the transition leaves.
    pub from: S,
    /// State the transition enters.
    pub to: S,
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
            },
            Transition {
                name: "finish",
                from: Step::Run,
                to: Step::Done,
            },
        ];
    }

    /// And as a free constant.
    const FREE: &[Transition<Step>] = &[Transition {
        name: "x",
        from: Step::Wait,
        to: Step::Done,
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
