//! Hash maps keyed by integers Tern makes itself: thread ids (counted up) and link keys
//! (keyed SipHash outputs, see `KeyHasher`). No sender chooses these keys, so a
//! multiply-and-fold hash serves; std's default (SipHash, built to resist chosen keys)
//! was most of the in-memory cost of threading a window (perf, issue 11).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// An odd constant with well-mixed bits (2^64 / golden ratio).
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct IntHasher(u64);

impl IntHasher {
    fn mix(&mut self, x: u64) {
        // The full 128-bit product folded: high and low bits both depend on every bit
        // of the key (hashbrown reads the top 7 bits and the low ones).
        let product = u128::from(self.0 ^ x) * u128::from(MIX);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.mix(n as u64);
    }
}

/// A map from an integer Tern made (thread id, link key) to `V`.
pub(super) type IntMap<V> = HashMap<i64, V, BuildHasherDefault<IntHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_up_keys_spread_over_the_top_and_low_bits() {
        let hash = |k: i64| {
            let mut h = IntHasher::default();
            h.write_i64(k);
            h.finish()
        };
        let top: std::collections::HashSet<u64> = (0..1000).map(|k| hash(k) >> 57).collect();
        let low: std::collections::HashSet<u64> = (0..1000).map(|k| hash(k) & 1023).collect();
        assert!(top.len() > 100, "top 7 bits: {} distinct", top.len());
        assert!(low.len() > 500, "low 10 bits: {} distinct", low.len());
        let mut map: IntMap<i64> = IntMap::default();
        for k in 0..10_000 {
            map.insert(k, k * 2);
        }
        assert!((0..10_000).all(|k| map.get(&k) == Some(&(k * 2))));
    }
}
