//! The keyword watch behind the guarded stream: every byte, literal contents included, is
//! searched for `BODYSTRUCTURE (` and each occurrence gets its own depth count until its
//! line ends (see the `guard` module docs for why).

use super::Violation;
use super::scanner::{BODYSTRUCTURE, Scanner, Step, plain_run};

/// `BODYSTRUCTURE (` occurrences tracked at once.
const MAX_WATCHES: usize = 16;

/// Searches every byte for `BODYSTRUCTURE (` and tracks each occurrence's depth.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Watcher {
    matched: usize,
    watches: Vec<Scanner>,
}

impl Watcher {
    pub(super) fn feed(&mut self, data: &[u8], literal_cap: u64) -> Result<(), Violation> {
        self.feed_with(data, literal_cap, true)
    }

    /// `feed`, with the bulk path for plain runs on or off (see `Scanner::feed_with`).
    pub(super) fn feed_with(&mut self, data: &[u8], literal_cap: u64, bulk: bool) -> Result<(), Violation> {
        let mut i = 0;
        while i < data.len() {
            if self.watches.is_empty() && self.matched == 0 {
                // Fast path: skip to the next possible start of the keyword.
                match data[i..].iter().position(|&c| c | 0x20 == b'b') {
                    Some(p) => i += p,
                    None => return Ok(()),
                }
            }
            if bulk && self.matched == 0 {
                // Bulk path: bytes that cannot start the keyword nor change a watch.
                let run = if self.watches.iter().all(Scanner::can_skip_plain) {
                    plain_run(&data[i..])
                } else {
                    0
                };
                if run > 0 {
                    for w in &mut self.watches {
                        w.skip_plain(&data[i..i + run]);
                    }
                    i += run;
                    continue;
                }
            }
            let b = data[i];
            i += 1;
            let mut k = 0;
            while k < self.watches.len() {
                if self.watches[k].step(b)? == Step::End {
                    self.watches.swap_remove(k);
                } else {
                    k += 1;
                }
            }
            let expected = BODYSTRUCTURE[self.matched];
            if b.eq_ignore_ascii_case(&expected) {
                self.matched += 1;
                if self.matched == BODYSTRUCTURE.len() {
                    self.matched = 0;
                    if self.watches.len() >= MAX_WATCHES {
                        return Err(Violation::TooDeep);
                    }
                    self.watches.push(Scanner::watch(literal_cap));
                }
            } else {
                // 'B' occurs only at the start of the keyword.
                self.matched = usize::from(b | 0x20 == b'b');
            }
        }
        Ok(())
    }
}
