//! Capped, jittered exponential backoff for reconnects (SG-NET-1): never more than one
//! attempt a second, never a thundering herd after a network comes back.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    attempt: u32,
    seed: u64,
}

impl Backoff {
    pub fn new(base: Duration, max: Duration) -> Backoff {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(7);
        Backoff {
            base: base.max(Duration::from_secs(1)),
            max,
            attempt: 0,
            seed,
        }
    }

    pub fn reset(&mut self) {
        self.attempt = 0;
    }

    /// The next delay: base * 2^attempt, capped, with ±25 % jitter, at least 1 s.
    pub fn next_delay(&mut self) -> Duration {
        let exp = self.base.saturating_mul(1u32 << self.attempt.min(16));
        self.attempt = self.attempt.saturating_add(1);
        let capped = exp.min(self.max).max(Duration::from_secs(1));
        self.seed = self
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let jitter = (self.seed >> 33) % 501; // 0..=500 -> -25 %..+25 %
        let factor = 750 + jitter; // per mille
        (capped * factor as u32 / 1000).max(Duration::from_secs(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_caps_and_never_goes_below_a_second() {
        let mut b = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));
        let delays: Vec<_> = (0..12).map(|_| b.next_delay()).collect();
        assert!(
            delays
                .iter()
                .all(|d| *d >= Duration::from_secs(1) && *d <= Duration::from_secs(75))
        );
        assert!(delays[8] >= Duration::from_secs(45), "{delays:?}");
        b.reset();
        assert!(b.next_delay() <= Duration::from_millis(1250));
    }
}
