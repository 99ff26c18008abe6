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
    /// `id_ope` comes as a number or a string of digits; the value is the same.
    fn tracking_number(&self) -> Option<i64> {
        self.id_ope.as_ref().map(|id| id.value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_ids_are_read_from_numbers_and_strings_of_digits() {
        for text in [r#"{"id_ope": 4242}"#, r#"{"id_ope": "4242"}"#] {
            let entry: PendingOperation = serde_json::from_str(text).unwrap();
            assert_eq!(entry.tracking_number(), Some(4242), "{text}");
        }
        let none = PendingOperation::default();
        assert_eq!(none.tracking_number(), None);
    }
}
