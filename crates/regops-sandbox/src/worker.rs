//! The worker task: makes every scheduled move when it falls due, until shutdown.

use std::sync::Arc;
use std::time::Duration;

use crate::sandbox::Sandbox;

/// The longest the worker sleeps without looking (a request may have scheduled a move).
const MAX_SLEEP: Duration = Duration::from_secs(1);

/// Runs the worker until `shutdown` resolves.
pub async fn run(sandbox: Arc<Sandbox>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        let pass = {
            let sandbox = Arc::clone(&sandbox);
            tokio::task::spawn_blocking(move || {
                sandbox.run_due().and_then(|_| sandbox.next_due_ms())
            })
        };
        let sleep = match pass.await {
            Ok(Ok(Some(due))) => {
                let wait = (due - sandbox.now_ms()).max(0);
                Duration::from_millis(wait.cast_unsigned()).min(MAX_SLEEP)
            }
            Ok(Ok(None)) => MAX_SLEEP,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "worker pass failed; retrying");
                MAX_SLEEP
            }
            Err(e) => {
                tracing::error!(error = %e, "worker pass panicked; retrying");
                MAX_SLEEP
            }
        };
        tokio::select! {
            () = tokio::time::sleep(sleep) => {}
            () = sandbox.wake.notified() => {}
            _ = shutdown.changed() => return,
        }
        if *shutdown.borrow() {
            return;
        }
    }
}
