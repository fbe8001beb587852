//! The local UTC offset, from the system's time zone as jiff finds it: `$TZ` or
//! /etc/localtime on Linux and macOS, the zone set in Windows (mapped to its IANA name).
//! Looked up once per run; where there is none at all, times show in UTC.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A time zone: the UTC offset at any instant, daylight saving included.
#[derive(Debug, Clone)]
pub struct Zone(TimeZone);

impl Zone {
    /// The zone named `name` ("Europe/Berlin"), from the system's or jiff's zone data.
    pub fn named(name: &str) -> Option<Zone> {
        TimeZone::get(name).ok().map(Zone)
    }

    /// UTC offset in seconds at the instant `utc` (seconds since the epoch); 0 for an
    /// instant outside the range jiff represents.
    pub fn offset_at(&self, utc: i64) -> i32 {
        Timestamp::from_second(utc)
            .map(|t| self.0.to_offset(t).seconds())
            .unwrap_or(0)
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone(TimeZone::UTC)
    }
}

/// The local zone, looked up once.
pub fn local() -> &'static Zone {
    static ZONE: OnceLock<Zone> = OnceLock::new();
    ZONE.get_or_init(|| Zone(TimeZone::try_system().unwrap_or(TimeZone::UTC)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_is_the_fallback() {
        assert_eq!(Zone::default().offset_at(0), 0);
        assert_eq!(Zone::default().offset_at(i64::MAX), 0, "out of range: no offset");
        assert!(Zone::named("Not/A_Zone").is_none());
    }

    #[test]
    fn daylight_saving_follows_the_zone() {
        let berlin = Zone::named("Europe/Berlin").expect("jiff knows Europe/Berlin");
        assert_eq!(berlin.offset_at(1_704_067_200), 3600, "January: CET");
        assert_eq!(berlin.offset_at(1_719_792_000), 7200, "July: CEST");
        let sydney = Zone::named("Australia/Sydney").expect("Australia/Sydney");
        assert_eq!(sydney.offset_at(1_704_067_200), 11 * 3600, "January: summer");
        assert_eq!(sydney.offset_at(1_719_792_000), 10 * 3600, "July: winter");
    }

    #[test]
    fn the_local_zone_is_found() {
        // Whatever the machine's zone is, its offset is a whole number of minutes
        // within a day.
        let offset = local().offset_at(1_719_792_000);
        assert!(offset.abs() < 86_400 && offset % 60 == 0, "{offset}");
    }
}
