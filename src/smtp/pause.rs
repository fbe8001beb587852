//! TEST ONLY: pause points for the durability tests (kill -9 of a `tern send` at a
//! chosen moment). When `TERN_TEST_PAUSE` names a point, the process prints
//! `TERN_PAUSED <point>` on stderr when it gets there and then waits forever for the
//! test to kill it. Unset (always, outside the tests) it does nothing.
//!
//! Points: before-outbox, after-outbox, before-data (the row says `sending`, nothing
//! went to the server yet), during-data (after 512 KiB of DATA), after-250,
//! before-append (the Sent copy's APPEND is next; a kill inside its literal leaves
//! the server with nothing, the same state), after-append.

use std::io::Write as _;

/// Whether the test asked to pause at `point`.
pub fn wanted(point: &str) -> bool {
    std::env::var("TERN_TEST_PAUSE").is_ok_and(|p| p == point)
}

/// Prints the marker the test waits for (once per process).
pub fn announce(point: &str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let mut err = std::io::stderr();
        let _ = writeln!(err, "TERN_PAUSED {point}");
        let _ = err.flush();
    });
}

/// Pauses (forever) at `point` if the test asked for it.
pub async fn at(point: &str) {
    if wanted(point) {
        announce(point);
        std::future::pending::<()>().await;
    }
}

/// Blocking twin of `at`, for code outside the runtime (queueing in the CLI).
pub fn block_at(point: &str) {
    if wanted(point) {
        announce(point);
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}
