//! Netim's REST API 3.0 under [`NETIM_BASE`](super::NETIM_BASE): every request is handed to the
//! generated [`regops_service::netim::dispatch`], which routes the verb and path to the
//! sandbox's [`NetimService`](regops_service::netim::NetimService) implementation and writes
//! the JSON answer or the `{"message": …}` error.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use regops_service::rest;

use super::{MAX_BODY, NETIM_BASE, body};
use crate::sandbox::Sandbox;

pub fn routes() -> Router<Arc<Sandbox>> {
    let base = NETIM_BASE.trim_end_matches('/');
    Router::new()
        .route(base, any(call))
        .route(&format!("{base}/"), any(call))
        .route(&format!("{base}/{{*rest}}"), any(call))
}

fn json(status: u16, body: Vec<u8>, headers: Vec<(&'static str, String)>) -> Response {
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        [(header::CONTENT_TYPE, rest::Response::CONTENT_TYPE)],
        body,
    )
        .into_response();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(&value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

async fn call(
    State(sandbox): State<Arc<Sandbox>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Some(coding) = body::coding(&headers) {
        let body = serde_json::json!({ "message": body::unsupported_coding(&coding) })
            .to_string()
            .into_bytes();
        return json(415, body, vec![("accept-encoding", "identity".into())]);
    }
    let bytes = match body::read(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => {
            let (status, message) = match e {
                body::BodyError::TooLarge => {
                    (413, format!("request body larger than {MAX_BODY} bytes"))
                }
                body::BodyError::Read(e) => (400, e),
            };
            let body = serde_json::json!({ "message": message })
                .to_string()
                .into_bytes();
            return json(status, body, Vec::new());
        }
    };
    let path = uri
        .path()
        .strip_prefix(NETIM_BASE.trim_end_matches('/'))
        .unwrap_or_default();
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let answer = regops_service::netim::dispatch(
        &*sandbox,
        rest::Request {
            verb: method.as_str(),
            path,
            authorization,
            body: &bytes,
        },
    )
    .await;
    let extra = answer.headers();
    json(answer.status, answer.body, extra)
}
