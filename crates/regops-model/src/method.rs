//! [`Method`]: what a generated method marker type tells a client.

/// An API method: its wire name and the Rust types of its parameters and result.
///
/// Implemented by the generated marker types (`gandi::OperationList`, …) so a client can be
/// written once, generically: `client.call::<OperationList>(params)` knows what to send and
/// what comes back.
pub trait Method {
    /// Wire name, e.g. `operation.list`.
    const NAME: &'static str;
    /// Positional parameters (serialized as a sequence).
    type Params: serde::Serialize + serde::de::DeserializeOwned;
    /// Result (`()` for methods that return nothing).
    type Output: serde::Serialize + serde::de::DeserializeOwned;
}
