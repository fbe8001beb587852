//! The bridge from an account worker (`engine::run_worker`, which sends `Stamped`
//! events into an unbounded futures channel) to an iced subscription. One subscription
//! per (account, generation): a new generation replaces the worker, and dropping the
//! subscription drops the worker's future, which closes its connections.

use std::hash::{Hash, Hasher};

use futures::{SinkExt, Stream, StreamExt};
use iced::Subscription;

use crate::core::Stamped;
use crate::engine::{AccountSpec, run_worker};

/// Identifies a worker subscription by (account, generation) only.
#[derive(Debug, Clone)]
pub struct WorkerKey(pub AccountSpec);

impl Hash for WorkerKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
        self.0.generation.hash(state);
    }
}

/// The subscription running one account's worker.
pub fn subscription(spec: AccountSpec) -> Subscription<Stamped> {
    Subscription::run_with(WorkerKey(spec), |key| events(key.0.clone()))
}

/// The worker's events as a stream; the worker runs while the stream is polled and
/// stops when it is dropped. Tests poll this on their own tokio runtime.
pub fn events(spec: AccountSpec) -> impl Stream<Item = Stamped> + Send + 'static {
    iced::stream::channel(
        64,
        async move |mut output: futures::channel::mpsc::Sender<Stamped>| {
            let (tx, mut rx) = futures::channel::mpsc::unbounded();
            let forward = async move {
                while let Some(event) = rx.next().await {
                    if output.send(event).await.is_err() {
                        break;
                    }
                }
            };
            futures::future::join(run_worker(spec, tx), forward).await;
        },
    )
}
