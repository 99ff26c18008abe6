//! Answers: a method's result or error as a [`Response`] (server side), and a response read
//! back into the result or the API's error (client side).

use std::fmt;

use super::{Api, Error, Response, RestMethod, RouteMatch};

/// The response for a method's outcome: `200` and the result as JSON (`null` for a method
/// that returns nothing), or the error.
pub fn answer<M: RestMethod>(result: Result<M::Output, Error>) -> Response {
    let method = Some(M::ROUTE.method);
    match result.and_then(|output| {
        serde_json::to_vec(&output).map_err(|e| {
            Error::internal(format!(
                "{}: the result cannot be written as JSON: {e}",
                M::ROUTE.method
            ))
        })
    }) {
        Ok(body) => Response {
            status: 200,
            body,
            method,
            allow: Vec::new(),
            retry_after: None,
        },
        Err(error) => error_response(M::API, method, &error),
    }
}

/// The response for an error: its status, and `{"<error member>": "<message>"}`.
pub fn error_response(api: &Api, method: Option<&'static str>, error: &Error) -> Response {
    let mut object = serde_json::Map::new();
    object.insert(
        api.error_member.to_string(),
        serde_json::Value::String(error.message().to_string()),
    );
    Response {
        status: error.status(),
        // A map of strings always serializes.
        body: serde_json::to_vec(&object).unwrap_or_default(),
        method,
        allow: Vec::new(),
        retry_after: error.retry_after(),
    }
}

/// The response for a request no route takes: `404`, or `405` with the verbs the path takes.
pub fn not_routed(api: &Api, verb: &str, path: &str, found: RouteMatch) -> Response {
    match found {
        RouteMatch::MethodNotAllowed(allow) => {
            let verbs: Vec<&str> = allow.iter().map(|v| v.as_str()).collect();
            let error = Error::new(
                405,
                format!("`{verb} {path}`: this path takes {}", verbs.join(", ")),
            );
            Response {
                allow,
                ..error_response(api, None, &error)
            }
        }
        RouteMatch::NotFound | RouteMatch::Found(_) => error_response(
            api,
            None,
            &Error::not_found(format!("no route for `{verb} {path}`")),
        ),
    }
}

/// Why a client could not read a response into a method's result.
#[derive(Debug)]
pub enum ResponseError {
    /// The API answered an error status; its message is from the error member, or the status
    /// when the body has none.
    Api(Error),
    /// A 2xx answer that is not the method's result.
    Decode(serde_json::Error),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Api(e) => e.fmt(f),
            ResponseError::Decode(e) => write!(f, "the answer is not the expected result: {e}"),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Api(e) => Some(e),
            ResponseError::Decode(e) => Some(e),
        }
    }
}

/// Client side: the result of `M` from a response's status and body. Any status other than
/// 2xx is an [`ResponseError::Api`] carrying the error member's text (or the status).
pub fn read_response<M: RestMethod>(status: u16, body: &[u8]) -> Result<M::Output, ResponseError> {
    if !(200..300).contains(&status) {
        let message = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(body)
            .ok()
            .and_then(|object| {
                object
                    .get(M::API.error_member)
                    .and_then(|m| m.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| status.to_string());
        return Err(ResponseError::Api(Error::new(status, message)));
    }
    // Methods that return nothing answer `null`; an empty body reads the same.
    let body = if body.trim_ascii().is_empty() {
        b"null".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(ResponseError::Decode)
}
