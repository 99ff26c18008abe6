//! The admin API under [`ADMIN_PREFIX`](super::ADMIN_PREFIX): JSON in, JSON out; no vendor
//! route starts with it. It creates operations of any type and state, applies declared
//! transitions, moves the virtual clock and runs the worker.
//!
//! | route | does |
//! |---|---|
//! | `GET /_sandbox/` | endpoints, credentials, clock |
//! | `GET /_sandbox/clock` | the sandbox time |
//! | `POST /_sandbox/clock/advance` `{"seconds": N}` | moves a virtual clock (never past 9999-12-31T23:59:59Z), then makes every move due |
//! | `POST /_sandbox/operations` ([`CreateRequest`]) | creates operations |
//! | `GET /_sandbox/operations/{id}` | an operation and its transitions |
//! | `POST /_sandbox/operations/{id}/transition` `{"transition": "resume"}` or `{"to": "RUN"}` | applies a declared transition |
//! | `POST /_sandbox/worker/run` | makes every move due now |

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{GANDI_PATH, NETIM_BASE};
use crate::clock::to_datetime;
use crate::error::CoreError;
use crate::sandbox::{CreateRequest, Sandbox};
use crate::store::OpRow;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/", get(index))
        .route("/clock", get(clock))
        .route("/clock/advance", post(advance))
        .route("/operations", post(create))
        .route("/operations/{id}", get(operation))
        .route("/operations/{id}/transition", post(transition))
        .route("/worker/run", post(run_worker))
}

fn fail(e: CoreError) -> Response {
    let status = match e {
        CoreError::NotFound(_) => StatusCode::NOT_FOUND,
        CoreError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
        CoreError::Conflict(_) | CoreError::Exists(_) => StatusCode::CONFLICT,
        _ => StatusCode::BAD_REQUEST,
    };
    (status, Json(json!({ "error": e.to_string() }))).into_response()
}

fn bad_json(e: &JsonRejection) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": e.body_text() })),
    )
        .into_response()
}

/// An operation id that is no number (or past i64) gets the admin API's JSON error too.
fn bad_id(e: &PathRejection) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": format!("id: {}", e.body_text()) })),
    )
        .into_response()
}

fn time(ms: i64) -> Value {
    json!({ "ms": ms, "iso": to_datetime(ms).to_string() })
}

fn view(row: &OpRow) -> Value {
    let mut v = serde_json::to_value(row).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        map.insert(
            "params".into(),
            serde_json::from_str(&row.params).unwrap_or(Value::Null),
        );
    }
    v
}

pub(super) async fn index(State(s): State<Arc<Sandbox>>) -> Response {
    Json(json!({
        "gandi": { "xmlrpc": GANDI_PATH, "apikey": s.credentials().gandi_api_key },
        "netim": {
            "base": NETIM_BASE,
            "login": s.credentials().netim_login,
            "secret": s.credentials().netim_secret,
            "contacts": { "owner": "SO1", "contact": "SC2" },
        },
        "clock": { "mode": s.clock_mode(), "now": time(s.now_ms()) },
        "strict_poll": s.config().strict_poll,
    }))
    .into_response()
}

async fn clock(State(s): State<Arc<Sandbox>>) -> Response {
    Json(json!({ "mode": s.clock_mode(), "now": time(s.now_ms()) })).into_response()
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    seconds: i64,
}

async fn blocking<T: Send + 'static>(
    s: &Arc<Sandbox>,
    f: impl FnOnce(&Sandbox) -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    let s = Arc::clone(s);
    tokio::task::spawn_blocking(move || f(&s))
        .await
        .unwrap_or_else(|e| Err(CoreError::Conflict(format!("admin task: {e}"))))
}

async fn advance(
    State(s): State<Arc<Sandbox>>,
    body: Result<Json<Advance>, JsonRejection>,
) -> Response {
    let Json(req) = match body {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    match blocking(&s, move |s| s.advance(req.seconds)).await {
        Ok((now, moved)) => Json(json!({ "now": time(now), "transitions": moved })).into_response(),
        Err(e) => fail(e),
    }
}

async fn create(
    State(s): State<Arc<Sandbox>>,
    body: Result<Json<CreateRequest>, JsonRejection>,
) -> Response {
    let Json(req) = match body {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    match blocking(&s, move |s| s.admin_create(&req)).await {
        Ok(rows) => Json(json!({
            "ids": rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            "operations": rows.iter().map(view).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(e) => fail(e),
    }
}

async fn operation(
    State(s): State<Arc<Sandbox>>,
    id: Result<Path<i64>, PathRejection>,
) -> Response {
    let Path(id) = match id {
        Ok(id) => id,
        Err(e) => return bad_id(&e),
    };
    match s.admin_get(id) {
        Ok((row, history)) => {
            Json(json!({ "operation": view(&row), "history": history })).into_response()
        }
        Err(e) => fail(e),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    #[serde(default)]
    transition: Option<String>,
    #[serde(default)]
    to: Option<String>,
}

async fn transition(
    State(s): State<Arc<Sandbox>>,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<Step>, JsonRejection>,
) -> Response {
    let Path(id) = match id {
        Ok(id) => id,
        Err(e) => return bad_id(&e),
    };
    let Json(req) = match body {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    match blocking(&s, move |s| {
        s.admin_step(id, req.transition.as_deref(), req.to.as_deref())
    })
    .await
    {
        Ok(row) => Json(view(&row)).into_response(),
        Err(e) => fail(e),
    }
}

async fn run_worker(State(s): State<Arc<Sandbox>>) -> Response {
    match blocking(&s, Sandbox::run_due).await {
        Ok(moved) => Json(json!({ "transitions": moved })).into_response(),
        Err(e) => fail(e),
    }
}
