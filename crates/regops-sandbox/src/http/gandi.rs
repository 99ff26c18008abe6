//! Gandi's XML-RPC endpoint: `POST /xmlrpc/` with a `methodCall`, answered by a
//! `methodResponse` (a fault for every refusal, HTTP 200 as XML-RPC wants).
//!
//! Until the generated XML-RPC dispatch of the service surface lands (issue 10 §1), calls are
//! routed here by the `Method` markers' wire names.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use regops_model::Method;
use regops_model::gandi::{
    OperationCancel, OperationCount, OperationInfo, OperationList, OperationRelaunch,
};
use regops_xmlrpc::{ErrorKind, Fault, Limits, Params};

use super::{GANDI_PATH, MAX_BODY, body};
use crate::sandbox::Sandbox;
use crate::vendor::gandi::Gandi;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route(GANDI_PATH, post(call))
        .route(GANDI_PATH.trim_end_matches('/'), post(call))
}

/// The faults of requests refused before any method runs (regops' choices from Gandi's
/// fault tables: Gandi documents none).
mod refusal {
    use regops_model::gandi::{
        DataFaultCause, DataFaultObject, ServerFaultCause, ServerFaultObject,
    };
    use regops_xmlrpc::Fault;

    use crate::vendor::gandi_fault::{data, server};

    pub fn malformed(detail: &str) -> Fault {
        data(DataFaultObject::Unknown, DataFaultCause::Syntax, detail)
    }
    pub fn too_large() -> Fault {
        data(
            DataFaultObject::Unknown,
            DataFaultCause::Size,
            &format!("request body larger than {} bytes", super::MAX_BODY),
        )
    }
    pub fn unknown_method(name: &str) -> Fault {
        data(
            DataFaultObject::Method,
            DataFaultCause::Notfound,
            &format!("unknown method `{name}`"),
        )
    }
    pub fn invalid_params(detail: &str) -> Fault {
        data(
            DataFaultObject::Unknown,
            DataFaultCause::Badparameter,
            detail,
        )
    }
    pub fn internal(detail: &str) -> Fault {
        server(
            ServerFaultObject::Unknown,
            ServerFaultCause::Unknown,
            detail,
        )
    }
}

async fn call(State(sandbox): State<Arc<Sandbox>>, body: Body) -> Response {
    let xml = match body::read(body, MAX_BODY).await {
        Ok(bytes) => respond(&sandbox.gandi(), &bytes),
        Err(body::BodyError::TooLarge) => regops_xmlrpc::write_fault(&refusal::too_large()),
        Err(body::BodyError::Read(e)) => regops_xmlrpc::write_fault(&refusal::malformed(&e)),
    };
    ([(header::CONTENT_TYPE, "text/xml")], xml).into_response()
}

fn limits() -> Limits {
    Limits::default()
}

fn respond(gandi: &Gandi<'_>, input: &[u8]) -> Vec<u8> {
    let (name, params) = match regops_xmlrpc::read_call_with_limits(input, limits()) {
        Ok(call) => call,
        Err(e) => return regops_xmlrpc::write_fault(&refusal::malformed(&e.to_string())),
    };
    match name.as_ref() {
        OperationCancel::NAME => run::<OperationCancel>(params, |p| gandi.operation_cancel(p)),
        OperationCount::NAME => run::<OperationCount>(params, |p| gandi.operation_count(p)),
        OperationInfo::NAME => run::<OperationInfo>(params, |p| gandi.operation_info(p)),
        OperationList::NAME => run::<OperationList>(params, |p| gandi.operation_list(p)),
        OperationRelaunch::NAME => {
            run::<OperationRelaunch>(params, |p| gandi.operation_relaunch(p))
        }
        other => regops_xmlrpc::write_fault(&refusal::unknown_method(other)),
    }
}

fn run<M: Method>(
    params: Params<'_>,
    f: impl FnOnce(&M::Params) -> Result<M::Output, Fault>,
) -> Vec<u8> {
    let result = match regops_xmlrpc::read_method_params::<M>(params) {
        Ok(p) => f(&p),
        Err(e) => Err(match e.kind() {
            ErrorKind::Syntax(_)
            | ErrorKind::InvalidUtf8
            | ErrorKind::UnexpectedEof
            | ErrorKind::DeclarationRefused
            | ErrorKind::UnknownEntity(_)
            | ErrorKind::InvalidCharRef(_)
            | ErrorKind::LimitExceeded { .. }
            | ErrorKind::TrailingContent => refusal::malformed(&e.to_string()),
            _ => refusal::invalid_params(&format!("{}: {e}", M::NAME)),
        }),
    };
    regops_xmlrpc::write_method_result::<M>(&result)
        .unwrap_or_else(|e| regops_xmlrpc::write_fault(&refusal::internal(&e.to_string())))
}
