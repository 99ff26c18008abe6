//! Gandi's XML-RPC endpoint: `POST /xmlrpc/` with a `methodCall`, answered by the generated
//! [`regops_service::gandi::dispatch`] on the sandbox's [`GandiService`](regops_service::gandi::GandiService)
//! implementation (a `methodResponse`, a fault for every refusal, HTTP 200 as XML-RPC wants).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use regops_model::gandi::{DataFaultCause, DataFaultObject};

use super::{GANDI_PATH, MAX_BODY, body};
use crate::sandbox::Sandbox;
use crate::vendor::gandi_fault;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route(GANDI_PATH, post(call))
        .route(GANDI_PATH.trim_end_matches('/'), post(call))
}

async fn call(State(sandbox): State<Arc<Sandbox>>, headers: HeaderMap, body: Body) -> Response {
    if let Some(coding) = body::coding(&headers) {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            [
                (header::ACCEPT_ENCODING, "identity"),
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            ],
            format!(
                "{} (Apache XML-RPC: setGzipCompressing(false))",
                body::unsupported_coding(&coding)
            ),
        )
            .into_response();
    }
    let xml = match body::read(body, MAX_BODY).await {
        Ok(bytes) => {
            let answer = regops_service::gandi::dispatch(&*sandbox, &bytes).await;
            if let Some(code) = answer.fault_code {
                tracing::debug!(method = answer.method, code, "fault");
            }
            answer.body
        }
        // A body over the limit is not read further: data error, unknown object, size.
        Err(body::BodyError::TooLarge) => regops_xmlrpc::write_fault(&gandi_fault::data(
            DataFaultObject::Unknown,
            DataFaultCause::Size,
            &format!("request body larger than {MAX_BODY} bytes"),
        )),
        Err(body::BodyError::Read(e)) => regops_xmlrpc::write_fault(&gandi_fault::data(
            DataFaultObject::Unknown,
            DataFaultCause::Syntax,
            &e,
        )),
    };
    (
        [(
            header::CONTENT_TYPE,
            regops_service::xml_rpc::Response::CONTENT_TYPE,
        )],
        xml,
    )
        .into_response()
}
