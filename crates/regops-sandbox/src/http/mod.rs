//! The sandbox over HTTP: Gandi's XML-RPC at [`GANDI_PATH`], Netim's REST 3.0 under
//! [`NETIM_BASE`], and the admin API under [`ADMIN_PREFIX`] (not a vendor route).
//!
//! Bodies are unencoded (a `Content-Encoding` such as gzip gets 415) and limited to
//! [`MAX_BODY`] bytes (a larger one gets the vendor's error), every
//! request to [`REQUEST_TIMEOUT`]; requests are traced (`tracing`), and [`serve`] stops
//! gracefully: it stops accepting, lets requests in flight finish, then stops the worker.

mod admin;
mod body;
mod gandi;
mod netim;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, Uri};
use axum::routing::get;
use tower::Layer as _;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::sandbox::Sandbox;

/// The reserved prefix of the admin API.
pub const ADMIN_PREFIX: &str = "/_sandbox";
/// Gandi's XML-RPC endpoint.
pub const GANDI_PATH: &str = "/xmlrpc/";
/// The base path of Netim's REST 3.0 API (Netim's base URL ends in `/3.0/`).
pub const NETIM_BASE: &str = "/netim/3.0/";
/// The largest request body accepted.
pub const MAX_BODY: usize = 1024 * 1024;
/// The longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The router of a sandbox (vendor routes, admin API, limits, tracing).
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    Router::new()
        .merge(gandi::routes())
        .merge(netim::routes())
        .nest(ADMIN_PREFIX, admin::routes())
        // `nest` serves the index at `/_sandbox` only; the banner and docs say `/_sandbox/`.
        .route("/_sandbox/", get(admin::index))
        .fallback(|| async { (StatusCode::NOT_FOUND, "no such route: see GET /_sandbox/\n") })
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(sandbox)
}

/// Collapses runs of slashes in the path (Netim's Java client sends `…/3.0//domain/…`).
fn normalize(mut req: Request) -> Request {
    let path = req.uri().path();
    if path.contains("//") {
        let mut clean = String::with_capacity(path.len());
        for c in path.chars() {
            if !(c == '/' && clean.ends_with('/')) {
                clean.push(c);
            }
        }
        let mut parts = req.uri().clone().into_parts();
        let query = parts
            .path_and_query
            .as_ref()
            .and_then(|pq| pq.query())
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        if let Ok(pq) = format!("{clean}{query}").parse() {
            parts.path_and_query = Some(pq);
            if let Ok(uri) = Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    req
}

/// Serves `sandbox` on `listener` until `shutdown` resolves, with its worker.
pub async fn serve(
    sandbox: Arc<Sandbox>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_worker, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(crate::worker::run(Arc::clone(&sandbox), stopped));
    let app = tower::util::MapRequestLayer::new(normalize).layer(router(sandbox));
    // Answers go out at once (no Nagle delay behind the client's delayed ACK).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY not set");
        }
    });
    let served = axum::serve(
        listener,
        axum::ServiceExt::<Request>::into_make_service(app),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    let _ = stop_worker.send(true);
    let _ = worker.await;
    served
}
