//! REST over HTTP, transport-agnostic: the routes of an API as data, the request a server hands
//! to a generated `dispatch`, the response it gets back, and the pieces generated code is built
//! from (path segments, JSON bodies, credentials).
//!
//! Nothing here names a vendor: each vendor module of this crate (`netim`) holds its [`Api`]
//! (base path, error member, session methods, routes) and the [`RestMethod`] impls of its
//! methods, generated from the schema's `<rest>` and `<http>` declarations.

mod answer;
mod auth;
mod body;
mod error;
mod path;
mod serve;

use regops_model::Method;

pub use answer::{ResponseError, read_response};
pub use auth::{BasicCredentials, BearerToken};
pub use error::Error;
pub use path::{encode_segment, split_path};

#[doc(hidden)]
pub mod __private {
    //! For generated code only; may change in any release.
    pub use super::answer::{answer, error_response, not_routed};
    pub use super::auth::{basic_credentials, bearer_token};
    pub use super::body::{Body, BodyWriter, NoBody, decode_body, required};
    pub use super::path::{parse_int, parse_text, path_param, push_encoded};
    pub use super::serve::{basic, bearer, open};
}

/// An HTTP verb a route can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verb {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Verb {
    /// Every verb, in this order.
    pub const ALL: [Verb; 5] = [Verb::Get, Verb::Post, Verb::Put, Verb::Patch, Verb::Delete];

    /// The verb as sent (`GET`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Patch => "PATCH",
            Verb::Delete => "DELETE",
        }
    }

    /// The verb spelled `text` (HTTP verbs are case-sensitive).
    pub fn parse(text: &str) -> Option<Verb> {
        Verb::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

impl std::fmt::Display for Verb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a route authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Basic base64(login:secret)`: opening a session.
    Basic,
    /// `Authorization: Bearer <token>` of an open session.
    Bearer,
}

/// One method's route, as the schema's `<http>` declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The method's wire name (`queryOpe`).
    pub method: &'static str,
    /// The verb.
    pub verb: Verb,
    /// The path template relative to the API's base (`operation/{idOpe}/cancel/`).
    pub path: &'static str,
    /// How the call authenticates.
    pub auth: Auth,
    /// The parameters the path binds, in path order.
    pub path_params: &'static [&'static str],
    /// The parameters that travel as members of the JSON body object.
    pub body_params: &'static [BodyParam],
}

/// A parameter carried by the JSON body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyParam {
    /// The member name (`idOwner`).
    pub name: &'static str,
    /// Whether a call must send it.
    pub required: bool,
}

/// The methods that open and close a session, and where the token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionMethods {
    /// Wire name of the method answering the token (`sessionOpen`).
    pub open: &'static str,
    /// Wire name of the method ending the session (`sessionClose`).
    pub close: &'static str,
    /// Member of the open method's result that holds the bearer token (`access_token`).
    pub token_member: &'static str,
}

/// A REST API: everything a client or a server needs to know besides the types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Api {
    /// The path every route is relative to (`/3.0/`).
    pub base: &'static str,
    /// The API's version (`3.0`).
    pub version: &'static str,
    /// The member of an error answer's JSON object holding its message (`message`).
    pub error_member: &'static str,
    /// How bearer tokens are obtained and given back, when routes use them.
    pub session: Option<SessionMethods>,
    /// Every route, in schema order.
    pub routes: &'static [Route],
}

impl Api {
    /// The route of the method with this wire name.
    pub fn route(&self, method: &str) -> Option<&'static Route> {
        self.routes.iter().find(|r| r.method == method)
    }

    /// The part of a request path after the API's base, for a server mounted at the vendor's
    /// path (`/3.0/operation/5` and `/3.0//operation/5` give `operation/5`); runs of `/`
    /// count as one. `None` when the path is not under the base.
    ///
    /// ```
    /// use regops_service::netim::API;
    /// assert_eq!(API.strip_base("/3.0//domain/x/info/"), Some("domain/x/info/"));
    /// assert_eq!(API.strip_base("/3.0"), Some(""));
    /// assert_eq!(API.strip_base("/3.01/x"), None);
    /// ```
    pub fn strip_base<'p>(&self, path: &'p str) -> Option<&'p str> {
        let mut rest = path;
        for wanted in self.base.split('/').filter(|s| !s.is_empty()) {
            rest = rest.trim_start_matches('/');
            let (segment, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if segment != wanted {
                return None;
            }
            rest = tail;
        }
        Some(rest.trim_start_matches('/'))
    }
}

/// A method reachable over REST: its route, and how its parameters become a path and a JSON
/// body (client side) or come back from them (server side). Implemented by the generated code
/// for the method marker types of `regops_model` (`netim::QueryOpe`, …).
pub trait RestMethod: Method {
    /// The API the method belongs to.
    const API: &'static Api;
    /// The method's route.
    const ROUTE: &'static Route;

    /// The request path, relative to the API's base, with the path parameters
    /// percent-encoded (`domain/exemple-caf%C3%A9.fr/info/`).
    fn path(params: &Self::Params) -> String;

    /// The JSON body: an object with one member per body parameter; absent optional ones are
    /// left out, and a method without body parameters sends `{}`.
    fn body(params: &Self::Params) -> Result<Vec<u8>, serde_json::Error>;

    /// Server side: the parameters from a request's decoded path segments (as
    /// [`split_path`] gives them, the route already matched) and its body.
    fn decode_request(segments: &[&str], body: &[u8]) -> Result<Self::Params, Error>;
}

/// What a server hands to a generated `dispatch`: the parts of an HTTP request it reads.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The verb (`GET`).
    pub verb: &'a str,
    /// The path relative to where the API is mounted (its base: see [`Api::strip_base`]),
    /// without the query string; percent-encoded as received. Runs of `/` count as one.
    pub path: &'a str,
    /// The `Authorization` header, if any.
    pub authorization: Option<&'a str>,
    /// The body (JSON; may be empty).
    pub body: &'a [u8],
}

/// What a generated `dispatch` answers: write it as the HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body: the method's result, or an error object.
    pub body: Vec<u8>,
    /// The wire name of the method the request was routed to, if any (for logs).
    pub method: Option<&'static str>,
    /// Verbs the path takes, for a `405 Method Not Allowed`.
    pub allow: Vec<Verb>,
    /// Seconds to wait before trying again (`Retry-After`), when the error says so.
    pub retry_after: Option<u64>,
}

impl Response {
    /// The `Content-Type` of every response.
    pub const CONTENT_TYPE: &'static str = "application/json";

    /// The headers to send besides `Content-Type`: `Allow` and `Retry-After` when set.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = Vec::new();
        if !self.allow.is_empty() {
            let verbs: Vec<&str> = self.allow.iter().map(|v| v.as_str()).collect();
            headers.push(("Allow", verbs.join(", ")));
        }
        if let Some(seconds) = self.retry_after {
            headers.push(("Retry-After", seconds.to_string()));
        }
        headers
    }
}

/// What routing a request found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMatch {
    /// The route at this index of the API's routes.
    Found(usize),
    /// The path matches routes, none with this verb; these are the verbs it takes.
    MethodNotAllowed(Vec<Verb>),
    /// No route has this path.
    NotFound,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_case_sensitive() {
        assert_eq!(Verb::parse("PATCH"), Some(Verb::Patch));
        assert_eq!(Verb::parse("patch"), None);
        assert_eq!(Verb::parse("HEAD"), None);
        assert_eq!(Verb::Delete.to_string(), "DELETE");
    }

    #[test]
    fn headers_say_what_is_allowed_and_when_to_retry() {
        let response = Response {
            status: 405,
            body: Vec::new(),
            method: None,
            allow: vec![Verb::Get, Verb::Delete],
            retry_after: Some(30),
        };
        assert_eq!(
            response.headers(),
            [
                ("Allow", "GET, DELETE".to_string()),
                ("Retry-After", "30".to_string())
            ]
        );
    }
}
