//! Typed method calls: [`regops_model::Method`] marker types (`gandi::OperationList`, …) give
//! the wire name and the parameter and result types, for clients and servers alike.

use regops_model::{CallParams, Method};

use crate::call::{Params, read_call_with_limits, write_call};
use crate::error::{Error, ErrorKind, Result};
use crate::fault::Fault;
use crate::limits::Limits;
use crate::response::{read_response_with_limits, write_fault, write_response};

/// Client: the `methodCall` of `M` with these parameters: `M::Params`, or the same struct
/// holding the API key by reference (so a client keeps one key and never clones it).
///
/// ```
/// use regops_model::ApiKey;
/// use regops_model::gandi::{OperationInfo, OperationInfoParams};
///
/// let key = ApiKey::new("secret");
/// let params = OperationInfoParams { apikey: &key, operation: 42 };
/// let xml = regops_xmlrpc::write_method_call::<OperationInfo>(&params).unwrap();
/// let text = String::from_utf8(xml).unwrap();
/// assert!(text.contains("<methodName>operation.info</methodName>"));
/// assert!(text.contains("<string>secret</string>"));
/// ```
pub fn write_method_call<M: Method>(params: &impl CallParams<M>) -> Result<Vec<u8>> {
    write_call(M::NAME, params)
}

/// Client: the result of `M` from its `methodResponse`; a fault is an error of kind
/// [`ErrorKind::Fault`] (see [`read_method_result`] to get it as a value).
pub fn read_method_response<M: Method>(input: &[u8]) -> Result<M::Output> {
    read_response_with_limits(input, Limits::default())
}

/// [`read_method_response`] with these limits.
pub fn read_method_response_with_limits<M: Method>(
    input: &[u8],
    limits: Limits,
) -> Result<M::Output> {
    read_response_with_limits(input, limits)
}

/// Client: the outcome of `M` from its `methodResponse`, the counterpart of
/// [`write_method_result`]: `Ok(Ok(output))`, `Ok(Err(fault))` when the server answered a
/// fault, `Err` when the answer cannot be decoded.
///
/// ```
/// use regops_model::gandi::OperationCount;
/// use regops_xmlrpc::{Fault, read_method_result, write_method_result};
///
/// let answer = write_method_result::<OperationCount>(&Ok(7)).unwrap();
/// assert_eq!(read_method_result::<OperationCount>(&answer).unwrap(), Ok(7));
///
/// let fault = Fault::new(510_042, "Error on object : OBJECT_ACCOUNT (CAUSE_NORIGHT)");
/// let answer = write_method_result::<OperationCount>(&Err(fault.clone())).unwrap();
/// assert_eq!(read_method_result::<OperationCount>(&answer).unwrap(), Err(fault));
/// ```
pub fn read_method_result<M: Method>(input: &[u8]) -> Result<Result<M::Output, Fault>> {
    read_method_result_with_limits::<M>(input, Limits::default())
}

/// [`read_method_result`] with these limits.
pub fn read_method_result_with_limits<M: Method>(
    input: &[u8],
    limits: Limits,
) -> Result<Result<M::Output, Fault>> {
    match read_response_with_limits(input, limits) {
        Ok(output) => Ok(Ok(output)),
        Err(e) => e.into_fault().map(Err),
    }
}

/// Server: the parameters of `M` from a `methodCall`, which must name `M`.
pub fn read_method_call<M: Method>(input: &[u8]) -> Result<M::Params> {
    read_method_call_with_limits::<M>(input, Limits::default())
}

/// [`read_method_call`] with these limits.
pub fn read_method_call_with_limits<M: Method>(input: &[u8], limits: Limits) -> Result<M::Params> {
    let (name, params) = read_call_with_limits(input, limits)?;
    if name != M::NAME {
        return Err(Error::new(ErrorKind::Expected {
            expected: format!("a call of `{}`", M::NAME),
            found: format!("a call of `{name}`"),
        }));
    }
    read_method_params::<M>(params)
}

/// Server: the parameters of `M` from a call already read with [`read_call`](crate::read_call)
/// (for a server that dispatches on the method name).
pub fn read_method_params<M: Method>(params: Params<'_>) -> Result<M::Params> {
    params.decode()
}

/// Server: the `methodResponse` carrying `M`'s result.
pub fn write_method_response<M: Method>(output: &M::Output) -> Result<Vec<u8>> {
    write_response(output)
}

/// Server: the `methodResponse` for `M`'s result or fault.
pub fn write_method_result<M: Method>(result: &Result<M::Output, Fault>) -> Result<Vec<u8>> {
    match result {
        Ok(output) => write_response(output),
        Err(fault) => Ok(write_fault(fault)),
    }
}
