//! Netim's side of the tracker: `queryOpe` answers and `queryOpePending` entries.

use regops_model::lifecycle::Phase;
use regops_model::netim::{OperationResponse, PendingOperation};

use crate::vendor::{PendingEntry, VendorOperation};

/// The vendor's key in the store: `tracker.add(netim::VENDOR, id)`.
pub const VENDOR: &str = "netim";

impl VendorOperation for OperationResponse {
    const VENDOR: &'static str = VENDOR;

    fn tracking_number(&self) -> i64 {
        self.id_ope
    }

    fn status(&self) -> &str {
        self.status.as_str()
    }

    fn phase(&self) -> Option<Phase> {
        self.status.phase()
    }

    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
}

impl PendingEntry for PendingOperation {
    /// `id_ope` is a string in `StructQueryOpePending`.
    fn tracking_number(&self) -> Option<i64> {
        self.id_ope.as_deref()?.trim().parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_ids_are_parsed_from_strings() {
        let entry = PendingOperation {
            id_ope: Some(" 4242 ".into()),
            ..Default::default()
        };
        assert_eq!(entry.tracking_number(), Some(4242));
        let bad = PendingOperation {
            id_ope: Some("n/a".into()),
            ..Default::default()
        };
        assert_eq!(bad.tracking_number(), None);
    }
}
