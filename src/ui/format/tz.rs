//! The local UTC offset without a time-zone crate: reads the system's TZif file
//! (`$TZ` naming a zone, else /etc/localtime) once. Falls back to UTC where there is
//! none (Windows, containers), which only shifts the displayed times.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Transitions (UTC seconds, offset seconds), sorted; the offset before the first
/// transition is `initial`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Zone {
    initial: i32,
    transitions: Vec<(i64, i32)>,
}

impl Zone {
    /// UTC offset in seconds at the instant `utc`.
    pub fn offset_at(&self, utc: i64) -> i32 {
        match self.transitions.partition_point(|(t, _)| *t <= utc) {
            0 => self.initial,
            i => self.transitions[i - 1].1,
        }
    }

    /// Parses a TZif file (RFC 8536), version 1 data block or the 64-bit block of v2+.
    pub fn parse(data: &[u8]) -> Option<Zone> {
        let (header, counts) = header(data)?;
        if header.version >= b'2' {
            // Skip the v1 block and read the v2 header and 64-bit block.
            let skip = 44 + block_len(&counts, 4);
            let rest = data.get(skip..)?;
            let (_, counts64) = header_of(rest)?;
            return block(rest.get(44..)?, &counts64, 8);
        }
        block(data.get(44..)?, &counts, 4)
    }
}

struct Header {
    version: u8,
}

/// (isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt)
type Counts = [usize; 6];

fn header(data: &[u8]) -> Option<(Header, Counts)> {
    header_of(data)
}

fn header_of(data: &[u8]) -> Option<(Header, Counts)> {
    if data.get(..4)? != b"TZif" {
        return None;
    }
    let version = *data.get(4)?;
    let mut counts = [0usize; 6];
    for (i, c) in counts.iter_mut().enumerate() {
        let at = 20 + i * 4;
        *c = u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize;
    }
    Some((Header { version }, counts))
}

fn block_len(c: &Counts, time_size: usize) -> usize {
    let [isut, isstd, leap, time, typ, chars] = *c;
    time * time_size + time + typ * 6 + chars + leap * (time_size + 4) + isstd + isut
}

fn block(data: &[u8], c: &Counts, time_size: usize) -> Option<Zone> {
    let [_, _, _, timecnt, typecnt, _] = *c;
    if typecnt == 0 {
        return None;
    }
    let times = data.get(..timecnt * time_size)?;
    let idx = data.get(timecnt * time_size..timecnt * time_size + timecnt)?;
    let types_at = timecnt * time_size + timecnt;
    let types = data.get(types_at..types_at + typecnt * 6)?;
    let offset_of = |i: usize| -> Option<i32> {
        let t = types.get(i * 6..i * 6 + 4)?;
        Some(i32::from_be_bytes(t.try_into().ok()?))
    };
    let mut transitions = Vec::with_capacity(timecnt);
    for i in 0..timecnt {
        let raw = times.get(i * time_size..(i + 1) * time_size)?;
        let at = if time_size == 8 {
            i64::from_be_bytes(raw.try_into().ok()?)
        } else {
            i64::from(i32::from_be_bytes(raw.try_into().ok()?))
        };
        transitions.push((at, offset_of(usize::from(*idx.get(i)?))?));
    }
    // The first non-DST type is the offset before any transition (RFC 8536 §3.2).
    let initial = (0..typecnt)
        .find(|i| types.get(i * 6 + 4) == Some(&0))
        .and_then(offset_of)
        .or_else(|| offset_of(0))?;
    Some(Zone { initial, transitions })
}

fn zone_file() -> Option<PathBuf> {
    match std::env::var("TZ") {
        Ok(tz) if !tz.is_empty() => {
            let name = tz.trim_start_matches(':');
            let path = Path::new(name);
            if path.is_absolute() {
                Some(path.to_path_buf())
            } else if !name.contains("..") {
                Some(Path::new("/usr/share/zoneinfo").join(name))
            } else {
                None
            }
        }
        _ => Some(PathBuf::from("/etc/localtime")),
    }
}

/// The local zone, read once.
pub fn local() -> &'static Zone {
    static ZONE: OnceLock<Zone> = OnceLock::new();
    ZONE.get_or_init(|| {
        zone_file()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|d| Zone::parse(&d))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_a_zone() {
        assert_eq!(Zone::parse(b"nope"), None);
        assert_eq!(Zone::default().offset_at(0), 0);
    }

    #[test]
    fn reads_a_system_zone_when_present() {
        if let Ok(data) = std::fs::read("/usr/share/zoneinfo/Europe/Berlin") {
            let z = Zone::parse(&data).expect("parses");
            assert_eq!(z.offset_at(1_704_067_200), 3600, "January: CET");
            assert_eq!(z.offset_at(1_719_792_000), 7200, "July: CEST");
        }
    }
}
