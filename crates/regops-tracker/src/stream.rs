//! The stream of recorded changes, read from the store in `seq` order.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use tokio::sync::watch;

use crate::error::TrackerError;
use crate::record::Change;
use crate::store::Store;

/// Changes read per store round trip.
const PAGE: u32 = 256;
/// How often the store is read when this process records nothing (other processes may).
const RECHECK: Duration = Duration::from_secs(1);

/// An endless stream of [`Change`]s in `seq` order, each once; it ends when the tracker that
/// made it is dropped. Made by [`Tracker::changes`](crate::Tracker::changes).
pub struct ChangeStream {
    inner: Pin<Box<dyn Stream<Item = Result<Change, TrackerError>> + Send>>,
}

struct State {
    store: Arc<dyn Store>,
    changed: watch::Receiver<i64>,
    cursor: i64,
    buffer: VecDeque<Change>,
}

impl ChangeStream {
    pub(crate) fn new(store: Arc<dyn Store>, changed: watch::Receiver<i64>, after: i64) -> Self {
        let state = State {
            store,
            changed,
            cursor: after,
            buffer: VecDeque::new(),
        };
        let inner = futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if let Some(change) = state.buffer.pop_front() {
                    state.cursor = change.seq;
                    return Some((Ok(change), state));
                }
                match state.store.changes_after(state.cursor, PAGE).await {
                    Ok(changes) if !changes.is_empty() => state.buffer.extend(changes),
                    Ok(_) => {
                        tokio::select! {
                            changed = state.changed.changed() => {
                                if changed.is_err() {
                                    return None;
                                }
                            }
                            () = tokio::time::sleep(RECHECK) => {}
                        }
                    }
                    Err(error) => return Some((Err(TrackerError::from(error)), state)),
                }
            }
        });
        Self {
            inner: Box::pin(inner),
        }
    }
}

impl Stream for ChangeStream {
    type Item = Result<Change, TrackerError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl std::fmt::Debug for ChangeStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeStream").finish_non_exhaustive()
    }
}
