//! A worker running in a test: started on the test's runtime, its events read with
//! time limits, stopped with Shutdown.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::channel::mpsc::UnboundedReceiver;
use tern::config::{AccountConfig, KeyringStore};
use tern::core::{AccountEvent, Command, Handle, Stamped};
use tern::engine::{AccountSpec, Tuning, run_worker};

use super::Cache;

pub struct Running {
    pub handle: Handle,
    /// The Ready event, for tests that check its stamp.
    pub ready: Stamped,
    events: UnboundedReceiver<Stamped>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    /// Starts a worker for `acct` on `cache` and waits for its Ready event.
    pub async fn start(acct: AccountConfig, cache: &Cache, generation: u64, tuning: Tuning) -> Running {
        let spec = AccountSpec {
            id: cache.id,
            generation,
            config: acct,
            db_path: cache.path(),
            secrets: Arc::new(KeyringStore),
            tuning,
        };
        let (tx, mut events) = futures::channel::mpsc::unbounded();
        let task = tokio::spawn(run_worker(spec, tx));
        let ready = tokio::time::timeout(Duration::from_secs(5), events.next())
            .await
            .expect("worker events")
            .expect("the worker's first event");
        let AccountEvent::Ready(handle) = ready.event.clone() else {
            panic!("the first event is Ready, got {:?}", ready.event)
        };
        Running {
            handle,
            ready,
            events,
            task,
        }
    }

    /// The next event within `limit`, or None.
    pub async fn next(&mut self, limit: Duration) -> Option<Stamped> {
        tokio::time::timeout(limit, self.events.next())
            .await
            .ok()
            .flatten()
    }

    /// The next event `want` accepts within `limit` (others are skipped), or None.
    pub async fn until(&mut self, limit: Duration, want: impl Fn(&AccountEvent) -> bool) -> Option<Stamped> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.events.next()).await {
                Ok(Some(e)) if want(&e.event) => return Some(e),
                Ok(Some(_)) => continue,
                _ => return None,
            }
        }
    }

    /// Sends Shutdown and waits for the worker to end cleanly.
    pub async fn stop(self) {
        assert!(self.handle.send(Command::Shutdown));
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("worker stops")
            .expect("no panic");
    }

    /// Ends the worker without asking (for workers stuck waiting for a password).
    pub fn abort(self) {
        self.task.abort();
    }
}
