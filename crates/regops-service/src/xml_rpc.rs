//! XML-RPC, transport-agnostic: the endpoint of an API as data, the response a generated
//! `dispatch` answers, and the faults it answers for requests that never reach a method.
//!
//! Nothing here names a vendor: each vendor module of this crate (`gandi`) holds its
//! [`Endpoint`], generated from the schema's `<xml-rpc>` declaration.

use std::fmt;
use std::future::Future;

use regops_model::{ApiKey, Method};
use regops_xmlrpc::{ErrorKind, Fault};

/// The fault answered for one class of refused request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultAnswer {
    /// `faultCode`.
    pub code: i32,
    /// Start of the `faultString`; the details follow in brackets.
    pub string: &'static str,
}

impl FaultAnswer {
    /// The fault, with `detail` in brackets after the declared string.
    pub fn fault(&self, detail: impl fmt::Display) -> Fault {
        Fault::new(self.code, format!("{} [{detail}]", self.string))
    }
}

/// The faults of each class of request refused before any method runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Faults {
    /// The body is not a well-formed `methodCall`, or exceeds a decoding limit.
    pub malformed: FaultAnswer,
    /// No method has the called name.
    pub unknown_method: FaultAnswer,
    /// The parameters do not decode into the method's parameter types.
    pub invalid_params: FaultAnswer,
    /// The method's answer cannot be written.
    pub internal: FaultAnswer,
}

/// An XML-RPC API: its endpoint, how callers authenticate, its methods and refusal faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// The path every call is `POST`ed to (`/xmlrpc/`).
    pub path: &'static str,
    /// The parameter every method takes first, holding the API key (`apikey`).
    pub api_key_param: &'static str,
    /// The wire names of the methods, in schema order.
    pub methods: &'static [&'static str],
    /// The faults answered for refused requests.
    pub faults: Faults,
}

/// A method reachable over XML-RPC: the endpoint it is posted to. Implemented by the
/// generated code for the method marker types of `regops_model` (`gandi::OperationInfo`, …).
pub trait XmlRpcMethod: Method {
    /// The endpoint of the method's API.
    const ENDPOINT: &'static Endpoint;
}

/// What a generated `dispatch` answers: a `methodResponse` document, to send with status 200
/// and `Content-Type: text/xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The `methodResponse` document (a result or a fault).
    pub body: Vec<u8>,
    /// The wire name of the method called, if the call named one the endpoint has (for logs).
    pub method: Option<&'static str>,
    /// The fault code, when the answer is a fault.
    pub fault_code: Option<i32>,
}

impl Response {
    /// The `Content-Type` of every response.
    pub const CONTENT_TYPE: &'static str = "text/xml";

    /// A fault answer.
    pub fn fault(method: Option<&'static str>, fault: &Fault) -> Self {
        Response {
            body: regops_xmlrpc::write_fault(fault),
            method,
            fault_code: Some(fault.code),
        }
    }
}

/// Whether a decoding error means the document itself is broken (as opposed to parameters
/// that do not fit the method).
pub fn is_malformed(error: &regops_xmlrpc::Error) -> bool {
    matches!(
        error.kind(),
        ErrorKind::Syntax(_)
            | ErrorKind::InvalidUtf8
            | ErrorKind::UnexpectedEof
            | ErrorKind::DeclarationRefused
            | ErrorKind::UnknownEntity(_)
            | ErrorKind::InvalidCharRef(_)
            | ErrorKind::TrailingContent
            | ErrorKind::LimitExceeded { .. }
    )
}

#[doc(hidden)]
pub mod __private {
    //! For generated code only; may change in any release.
    use super::*;

    /// The fault for a call whose parameters could not be decoded; `params` are the method's
    /// parameter names, so the fault names the one the error is in.
    pub fn refuse_params(
        endpoint: &Endpoint,
        method: &'static str,
        params: &[&str],
        error: &regops_xmlrpc::Error,
    ) -> Response {
        let answer = if is_malformed(error) {
            &endpoint.faults.malformed
        } else {
            &endpoint.faults.invalid_params
        };
        let detail = match parameter(params, &error.path()) {
            Some(name) => format!("{method}: parameter `{name}`: {error}"),
            None => format!("{method}: {error}"),
        };
        Response::fault(Some(method), &answer.fault(detail))
    }

    /// The name of the parameter a path such as `params[1].items_per_page` starts in.
    fn parameter<'p>(params: &[&'p str], path: &str) -> Option<&'p str> {
        let index = path.strip_prefix("params[")?.split(']').next()?;
        params.get(index.parse::<usize>().ok()?).copied()
    }

    /// The fault for a body that is not a call.
    pub fn refuse_call(endpoint: &Endpoint, error: &regops_xmlrpc::Error) -> Response {
        Response::fault(None, &endpoint.faults.malformed.fault(error))
    }

    /// The fault for a call of a method the endpoint does not have.
    pub fn refuse_method(endpoint: &Endpoint, name: &str) -> Response {
        let known = endpoint.methods.join(", ");
        Response::fault(
            None,
            &endpoint
                .faults
                .unknown_method
                .fault(format_args!("no method `{name}`; the methods are {known}")),
        )
    }

    /// One call of `M`: its parameters decoded, the API key (the first parameter, `api_key`
    /// reads it) checked by `authenticate`, then `call` with the caller and the parameters.
    pub async fn serve<M, C, A, AF, F, FF>(
        _method: M,
        endpoint: &Endpoint,
        params: regops_xmlrpc::Params<'_>,
        names: &[&str],
        api_key: fn(&M::Params) -> &ApiKey,
        authenticate: A,
        call: F,
    ) -> Response
    where
        M: Method,
        A: FnOnce(ApiKey) -> AF,
        AF: Future<Output = Result<C, Fault>>,
        F: FnOnce(C, M::Params) -> FF,
        FF: Future<Output = Result<M::Output, Fault>>,
    {
        let params = match regops_xmlrpc::read_method_params::<M>(params) {
            Ok(params) => params,
            Err(error) => return refuse_params(endpoint, M::NAME, names, &error),
        };
        match authenticate(api_key(&params).clone()).await {
            Ok(caller) => answer::<M>(endpoint, M::NAME, call(caller, params).await),
            Err(fault) => Response::fault(Some(M::NAME), &fault),
        }
    }

    /// The response for a method's outcome.
    pub fn answer<M: Method>(
        endpoint: &Endpoint,
        method: &'static str,
        result: Result<M::Output, Fault>,
    ) -> Response {
        match result {
            Ok(output) => match regops_xmlrpc::write_method_response::<M>(&output) {
                Ok(body) => Response {
                    body,
                    method: Some(method),
                    fault_code: None,
                },
                Err(error) => Response::fault(
                    Some(method),
                    &endpoint.faults.internal.fault(format_args!(
                        "{method}: the result cannot be written: {error}"
                    )),
                ),
            },
            Err(fault) => Response::fault(Some(method), &fault),
        }
    }
}
