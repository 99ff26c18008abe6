//! What the worker does next to an operation: the schema transition its scripted outcome
//! takes from its current state, and after how long (sandbox time).

use regops_model::gandi::Step;
use regops_model::netim::OperationStatus;

use crate::outcome::{LONG_PENDING_SECS, Outcome};

/// The vendor an operation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vendor {
    /// Gandi XML-RPC v3 (`gandi.Step` machine).
    Gandi,
    /// Netim REST 3.0 (`netim.OperationStatus` machine).
    Netim,
}

impl Vendor {
    /// `gandi` or `netim`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Gandi => "gandi",
            Vendor::Netim => "netim",
        }
    }

    /// Reads [`Vendor::as_str`]'s form.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "gandi" => Some(Vendor::Gandi),
            "netim" => Some(Vendor::Netim),
            _ => None,
        }
    }
}

/// The next scheduled move: a transition name of the vendor's machine and a delay in seconds.
pub type Move = (&'static str, i64);

/// How long after creation a Netim operation starts being processed (until then it can be
/// cancelled).
pub const NETIM_START_SECS: i64 = 60;

/// The move an operation of `vendor` in `state` with `outcome` makes next, if any.
pub fn next_move(vendor: Vendor, state: &str, outcome: &Outcome) -> Option<Move> {
    let at_once = *outcome == Outcome::Instant;
    let delay = |secs: i64| if at_once { 0 } else { secs };
    match vendor {
        Vendor::Gandi => match Step::from(state) {
            Step::Bill => Some(("billed", delay(60))),
            Step::Wait => Some(("start", delay(60))),
            Step::Run => Some(match outcome {
                Outcome::Success | Outcome::Instant => ("finish", delay(240)),
                Outcome::Failure(_) => ("fail", 120),
                Outcome::Support => ("escalate", 120),
                Outcome::LongPending => ("finish", LONG_PENDING_SECS),
            }),
            _ => None,
        },
        Vendor::Netim => match OperationStatus::from(state) {
            OperationStatus::Pending => Some(match outcome {
                Outcome::Success | Outcome::Instant => ("complete", delay(600)),
                Outcome::Failure(_) | Outcome::Support => ("fail", 600),
                Outcome::LongPending => ("complete", LONG_PENDING_SECS),
            }),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::{self, Machine};

    /// Every scheduled move is a transition the schema declares from that state.
    #[test]
    fn every_move_is_declared_by_the_schema() {
        let outcomes = [
            Outcome::Success,
            Outcome::Instant,
            Outcome::Support,
            Outcome::LongPending,
            Outcome::Failure(regops_model::gandi::ErrorId::Duplicate),
        ];
        for o in &outcomes {
            for s in Step::known() {
                if let Some((name, _)) = next_move(Vendor::Gandi, s.as_str(), o) {
                    assert!(machine::find(s, name).is_some(), "{s} {name}");
                }
            }
            for s in OperationStatus::known() {
                if let Some((name, _)) = next_move(Vendor::Netim, s.as_str(), o) {
                    assert!(machine::find(s, name).is_some(), "{s} {name}");
                }
            }
        }
    }
}
