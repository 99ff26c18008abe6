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
    /// parameter as one (`tracking-number="true"`): for logs and spans. The same as
    /// [`CallParams::tracking_number`], which also reads parameters that borrow their key.
    fn tracking_number(params: &Self::Params) -> Option<i64> {
        CallParams::<Self>::tracking_number(params)
    }
}

/// What a client may send as the parameters of `M`: [`Method::Params`] itself, or, for a
/// method that takes an API key, the same struct holding the key by reference, so that a
/// client keeps one [`ApiKey`](crate::ApiKey) and never clones it per call; or a reference to
/// either, for a caller that keeps its parameters:
///
/// ```
/// use regops_model::gandi::{OperationInfo, OperationInfoParams};
/// use regops_model::{ApiKey, CallParams};
///
/// fn send<M: regops_model::Method>(params: impl CallParams<M>) -> Option<i64> {
///     params.tracking_number() // and serialize it: `regops_xmlrpc::write_method_call`
/// }
///
/// let key = ApiKey::new("secret");
/// assert_eq!(send::<OperationInfo>(OperationInfoParams { apikey: &key, operation: 42 }), Some(42));
/// let owned = OperationInfoParams { apikey: key, operation: 43 };
/// assert_eq!(send::<OperationInfo>(&owned), Some(43));
/// assert_eq!(send::<OperationInfo>(owned), Some(43));
/// ```
///
/// Implemented by the generated parameter structs, and by references to what implements it.
pub trait CallParams<M: Method>: serde::Serialize {
    /// The tracking number of the operation the call is about, when the schema marks a
    /// parameter as one (`tracking-number="true"`): for logs and spans.
    fn tracking_number(&self) -> Option<i64> {
        None
    }
}

impl<M: Method, P: CallParams<M> + ?Sized> CallParams<M> for &P {
    fn tracking_number(&self) -> Option<i64> {
        (**self).tracking_number()
    }
}
