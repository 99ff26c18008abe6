//! What the tracker stores and reports: operations, their changes and hook deliveries.

use regops_model::StateMachine as _;
use regops_model::lifecycle::Phase;

use crate::clock::Timestamp;

/// A change of an operation's status, recorded once, in order (by `seq`).
///
/// A change is recorded when the vendor's status differs from the last one recorded (the
/// first observation is a change from nothing). Most changes are also phase changes; a
/// change within one phase (Gandi `BILL` → `WAIT`, both `queued`) is recorded too, and
/// [`Change::phase_changed`] tells them apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Position in the store's history of all changes; increases with every change.
    pub seq: i64,
    /// The vendor (`gandi`, `netim`).
    pub vendor: String,
    /// The tracking number.
    pub operation: i64,
    /// The status before, as on the wire; `None` for the first observation.
    pub from_status: Option<String>,
    /// The status now, as on the wire.
    pub status: String,
    /// The phase before.
    pub from_phase: Option<Phase>,
    /// The phase now; `None` for a status the schema does not know.
    pub phase: Option<Phase>,
    /// The vendor's error text, if any.
    pub message: Option<String>,
    /// When the tracker saw the change.
    pub at: Timestamp,
    /// The vendor's whole answer, as JSON (`OperationListReturn`, `OperationResponse`).
    pub detail: serde_json::Value,
}

impl Change {
    /// Whether the phase changed (and not only the vendor's status within it).
    pub fn phase_changed(&self) -> bool {
        self.from_phase != self.phase
    }

    /// Whether the operation reached a terminal phase with this change.
    pub fn is_terminal(&self) -> bool {
        self.phase.is_some_and(|phase| phase.is_terminal())
    }

    /// The JSON document hooks receive (webhook body, command standard input).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "seq": self.seq,
            "vendor": self.vendor,
            "operation": self.operation,
            "from_status": self.from_status,
            "status": self.status,
            "from_phase": self.from_phase.map(|phase| phase.as_str()),
            "phase": self.phase.map(|phase| phase.as_str()),
            "message": self.message,
            "at": self.at.to_string(),
            "detail": self.detail,
        })
    }
}

/// Whether an operation is still followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowState {
    /// Polled until it reaches a terminal phase.
    Following,
    /// It reached a terminal phase; no longer polled.
    Finished,
    /// Polling gave up: a permanent error, or the error policy was exhausted.
    Abandoned,
}

impl FollowState {
    /// `following`, `finished`, `abandoned` (as stored).
    pub fn as_str(self) -> &'static str {
        match self {
            FollowState::Following => "following",
            FollowState::Finished => "finished",
            FollowState::Abandoned => "abandoned",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "following" => FollowState::Following,
            "finished" => FollowState::Finished,
            "abandoned" => FollowState::Abandoned,
            _ => return None,
        })
    }
}

/// One followed operation, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationRecord {
    /// The vendor.
    pub vendor: String,
    /// The tracking number.
    pub id: i64,
    /// Followed, finished or abandoned.
    pub state: FollowState,
    /// The last status seen, as on the wire; `None` before the first poll.
    pub status: Option<String>,
    /// The last phase seen.
    pub phase: Option<Phase>,
    /// The vendor's last error text.
    pub message: Option<String>,
    /// When the tracker started following it.
    pub added_at: Timestamp,
    /// When it was last polled or changed.
    pub updated_at: Timestamp,
    /// When it is polled next (while followed).
    pub next_poll_at: Option<Timestamp>,
    /// Successful polls so far.
    pub polls: i64,
    /// Failed polls in a row.
    pub failures: u32,
    /// The last poll error.
    pub last_error: Option<String>,
}

/// Where a hook delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// Not delivered yet; retried when due.
    Pending,
    /// The hook succeeded; never run again for this change.
    Delivered,
    /// Every attempt failed; recorded, not retried.
    Failed,
}

impl DeliveryState {
    /// `pending`, `delivered`, `failed` (as stored).
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "pending" => DeliveryState::Pending,
            "delivered" => DeliveryState::Delivered,
            "failed" => DeliveryState::Failed,
            _ => return None,
        })
    }
}

/// One hook's delivery of one change.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryRecord {
    /// The change delivered.
    pub change_seq: i64,
    /// The hook's name.
    pub hook: String,
    /// Pending, delivered or failed.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: u32,
    /// The last attempt's error.
    pub last_error: Option<String>,
    /// When it succeeded.
    pub delivered_at: Option<Timestamp>,
}

/// Counts over the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Operations still followed.
    pub following: u64,
    /// Operations that reached a terminal phase.
    pub finished: u64,
    /// Operations given up on.
    pub abandoned: u64,
    /// Changes recorded.
    pub changes: u64,
    /// Hook deliveries not made yet.
    pub deliveries_pending: u64,
    /// Hook deliveries that failed for good.
    pub deliveries_failed: u64,
}
