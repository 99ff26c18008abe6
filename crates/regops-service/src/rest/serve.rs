//! One routed request, from credentials to answer: what each arm of a generated `dispatch`
//! does, written once per authentication scheme. The method is named by its marker value
//! (`netim::QueryOpe`), which fixes every other type.

use std::future::Future;

use super::answer::{answer, error_response};
use super::auth::{basic_credentials, bearer_token};
use super::{BasicCredentials, BearerToken, Error, Request, Response, RestMethod};

/// A bearer route: the token is checked by `authenticate`, then the parameters are decoded
/// and `call` gets the caller and them.
pub async fn bearer<M, C, A, AF, F, FF>(
    method: M,
    request: Request<'_>,
    segments: &[&str],
    authenticate: A,
    call: F,
) -> Response
where
    M: RestMethod,
    A: FnOnce(BearerToken) -> AF,
    AF: Future<Output = Result<C, Error>>,
    F: FnOnce(C, M::Params) -> FF,
    FF: Future<Output = Result<M::Output, Error>>,
{
    let refuse = |error: &Error| error_response(M::API, Some(M::ROUTE.method), error);
    let token = match bearer_token(request.authorization) {
        Ok(token) => token,
        Err(error) => return refuse(&error),
    };
    match authenticate(token).await {
        Ok(caller) => open(method, request, segments, |params| call(caller, params)).await,
        Err(error) => refuse(&error),
    }
}

/// A Basic route: `call` gets the credentials and the decoded parameters.
pub async fn basic<M, F, FF>(
    method: M,
    request: Request<'_>,
    segments: &[&str],
    call: F,
) -> Response
where
    M: RestMethod,
    F: FnOnce(BasicCredentials, M::Params) -> FF,
    FF: Future<Output = Result<M::Output, Error>>,
{
    match basic_credentials(request.authorization) {
        Ok(credentials) => {
            open(method, request, segments, |params| {
                call(credentials, params)
            })
            .await
        }
        Err(error) => error_response(M::API, Some(M::ROUTE.method), &error),
    }
}

/// A route without credentials (and the rest of the other two once they have them): `call`
/// gets the decoded parameters.
pub async fn open<M, F, FF>(
    _method: M,
    request: Request<'_>,
    segments: &[&str],
    call: F,
) -> Response
where
    M: RestMethod,
    F: FnOnce(M::Params) -> FF,
    FF: Future<Output = Result<M::Output, Error>>,
{
    match M::decode_request(segments, request.body) {
        Ok(params) => answer::<M>(call(params).await),
        Err(error) => error_response(M::API, Some(M::ROUTE.method), &error),
    }
}
