//! [`Method`]: what a generated method marker type tells a client.

/// An API method: its wire name and the Rust types of its parameters and result.
///
/// Implemented by the generated marker types (`gandi::OperationList`, …) so a client can be
/// written once, generically: `client.call::<OperationList>(params)` knows what to send and
/// what comes back.
pub trait Method: Sized {
    /// Wire name, e.g. `operation.list`.
    const NAME: &'static str;
    /// Positional parameters (serialized as a sequence), as a server decodes them.
    type Params: serde::Serialize + serde::de::DeserializeOwned + CallParams<Self>;
    /// Result (`()` for methods that return nothing).
    type Output: serde::Serialize + serde::de::DeserializeOwned;
    /// Whether a call only reads (`effect="read"` in the schema, or a `GET` route): a client
    /// may repeat it after any failure. A call that creates or changes something (a new
    /// operation, a cancellation, …) is repeated only when the request provably never reached
    /// the server, so that a retry never creates a second operation.
    const READ_ONLY: bool;

    /// The tracking number of the operation the call is about, when the schema marks a
    /// parameter as one (`tracking-number="true"`): for logs and spans.
    fn tracking_number(params: &Self::Params) -> Option<i64> {
        let _ = params;
        None
    }
}

/// What a client may send as the parameters of `M`: [`Method::Params`] itself, or, for a
/// method that takes an API key, the same struct holding the key by reference, so that a
/// client keeps one [`ApiKey`](crate::ApiKey) and never clones it per call:
///
/// ```
/// use regops_model::gandi::{OperationInfo, OperationInfoParams};
/// use regops_model::{ApiKey, CallParams};
///
/// fn send<M: regops_model::Method>(_params: &impl CallParams<M>) {}
///
/// let key = ApiKey::new("secret");
/// send::<OperationInfo>(&OperationInfoParams { apikey: &key, operation: 42 });
/// send::<OperationInfo>(&OperationInfoParams { apikey: key, operation: 43 });
/// ```
///
/// Implemented by the generated parameter structs only.
pub trait CallParams<M: Method>: serde::Serialize {}
