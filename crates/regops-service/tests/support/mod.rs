//! What the dispatch tests share: a poll loop for futures that never wait, and the fixtures of
//! every schema method (positional parameters and a result, in `regops-xmlrpc/tests/methods/`).

use std::future::Future;
use std::path::PathBuf;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::Value as Json;

/// Runs a future of the in-memory services (they never wait) to its end.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
    panic!("an in-memory service future did not finish in 1000 polls")
}

/// `(params, result)` of the fixture of the method `wire`.
pub fn fixture(wire: &str) -> (Json, Json) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../regops-xmlrpc/tests/methods")
        .join(format!("{wire}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut doc: Json = serde_json::from_str(&text).unwrap();
    (doc["params"].take(), doc["result"].take())
}

/// Asserts a future is `Send`, as an HTTP server on a multi-threaded runtime needs.
pub fn assert_send<T: Send>(_: &T) {}
