//! The clients as the tracker's vendors: [`regops_tracker::VendorApi`] for [`GandiClient`]
//! (`operation.info`, `operation.list` of the pending steps) and [`NetimClient`] (`queryOpe`,
//! `queryOpePending`), with the feature `tracker` (on by default).
//!
//! The impls live here rather than in the tracker so that the tracker stays free of any
//! transport (its tests and users plug in vendors of their own) and the client crate, which
//! already knows the schema's error classes, is the one place that maps its errors.
//!
//! Errors are mapped by [`Error::is_retryable`], that is by the schema's error classes: a lost
//! connection, a timeout, 408/425/429/5xx, a Gandi fault of class `temporary` →
//! [`VendorError::retryable`] (with the server's `Retry-After`); a `client_recoverable`,
//! `fatal` or `support_recoverable` fault, an unknown operation, a bad key, an answer that
//! does not decode → [`VendorError::permanent`]. The client error is the `source()`.

use regops_model::gandi::OperationListReturn;
use regops_model::netim::{OperationResponse, PendingOperation};
use regops_tracker::{PendingPage, VendorApi, VendorError};

use crate::transport::Transport;
use crate::{Error, GandiApi, GandiClient, NetimApi, NetimClient};

/// The tracker's view of a client error.
pub fn vendor_error(error: Error) -> VendorError {
    let message = error.to_string();
    let converted = if error.is_retryable() {
        VendorError::retryable(message)
    } else {
        VendorError::permanent(message)
    };
    let converted = match error.retry_after() {
        Some(wait) => converted.with_retry_after(wait),
        None => converted,
    };
    converted.with_source(error)
}

impl<T: Transport> VendorApi for GandiClient<T> {
    type Operation = OperationListReturn;
    type Pending = OperationListReturn;

    async fn operation(&self, id: i64) -> Result<OperationListReturn, VendorError> {
        self.operation_info(id).await.map_err(vendor_error)
    }

    async fn pending(&self, page: u32) -> Result<PendingPage<OperationListReturn>, VendorError> {
        let items = self
            .operation_list(Some(regops_tracker::gandi::pending_list_options(page)))
            .await
            .map_err(vendor_error)?;
        Ok(regops_tracker::gandi::pending_page(items))
    }
}

impl<T: Transport> VendorApi for NetimClient<T> {
    type Operation = OperationResponse;
    type Pending = PendingOperation;

    async fn operation(&self, id: i64) -> Result<OperationResponse, VendorError> {
        self.query_ope(id).await.map_err(vendor_error)
    }

    /// `queryOpePending` is not paged: page 0 is the whole list.
    async fn pending(&self, page: u32) -> Result<PendingPage<PendingOperation>, VendorError> {
        if page > 0 {
            return Ok(PendingPage::complete(Vec::new()));
        }
        let items = self.query_ope_pending().await.map_err(vendor_error)?;
        Ok(PendingPage::complete(items))
    }
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;
    use std::time::Duration;

    use regops_xmlrpc::Fault;

    use super::*;

    #[test]
    fn errors_keep_their_class_their_wait_and_their_source() {
        let busy = vendor_error(Error::Status {
            method: "operation.info",
            status: 503,
            retry_after: Some(Duration::from_secs(7)),
        });
        assert!(busy.is_retryable());
        assert_eq!(busy.retry_after(), Some(Duration::from_secs(7)));
        assert!(busy.to_string().contains("operation.info"), "{busy}");
        assert!(busy.source().is_some());

        let unknown = vendor_error(Error::Netim {
            method: "queryOpe",
            status: 404,
            message: "operation not found".into(),
            retry_after: None,
        });
        assert!(!unknown.is_retryable());
    }

    #[test]
    fn gandi_faults_follow_the_schema_error_classes() {
        use regops_model::gandi::{ErrorClass, FaultCode};
        let codes: Vec<i32> = (100_000..600_000).step_by(1).collect();
        let temporary = codes
            .iter()
            .copied()
            .find(|c| FaultCode::from(*c).class() == Some(ErrorClass::Temporary));
        let fatal = codes
            .iter()
            .copied()
            .find(|c| FaultCode::from(*c).class() == Some(ErrorClass::Fatal));
        let (temporary, fatal) = (
            temporary.expect("a temporary code"),
            fatal.expect("a fatal code"),
        );
        let fault = |code| Error::Gandi {
            method: "operation.info",
            fault: Fault::new(code, "x"),
        };
        assert!(vendor_error(fault(temporary)).is_retryable());
        assert!(!vendor_error(fault(fatal)).is_retryable());
    }
}
