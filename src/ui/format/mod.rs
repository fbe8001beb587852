//! Numbers, sizes and dates as people read them, in the user's language (the separators
//! and month names come from the Fluent files).

pub mod kind;
pub mod tz;

use crate::core::SizeUnit;
use crate::fl;

/// `48113` -> "48,113" (en), "48.113" (de), "48 113" (fr).
pub fn count(n: u64) -> String {
    group(n, &fl!("format-group-separator"))
}

fn group(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A file size: "812 B", "14 KB", "1,4 Mo" (the same rounding as the CLI's, with the
/// unit and the decimal separator of the user's language).
pub fn size(bytes: u64) -> String {
    let (number, unit) = crate::core::size_parts(bytes);
    let n = number.replace('.', &fl!("format-decimal-separator"));
    match unit {
        SizeUnit::Bytes => fl!("format-bytes", n = n),
        SizeUnit::Kilo => fl!("format-kilobytes", n = n),
        SizeUnit::Mega => fl!("format-megabytes", n = n),
        SizeUnit::Giga => fl!("format-gigabytes", n = n),
        SizeUnit::Tera => fl!("format-terabytes", n = n),
    }
}

pub use crate::core::civil;

/// Local wall-clock parts of a UTC timestamp: (days since epoch, seconds into the day).
fn local_parts(utc: i64) -> (i64, i64) {
    let local = utc + i64::from(tz::local().offset_at(utc));
    (local.div_euclid(86_400), local.rem_euclid(86_400))
}

fn month_name(month: u32) -> String {
    match month {
        1 => fl!("month-1"),
        2 => fl!("month-2"),
        3 => fl!("month-3"),
        4 => fl!("month-4"),
        5 => fl!("month-5"),
        6 => fl!("month-6"),
        7 => fl!("month-7"),
        8 => fl!("month-8"),
        9 => fl!("month-9"),
        10 => fl!("month-10"),
        11 => fl!("month-11"),
        _ => fl!("month-12"),
    }
}

/// A list date relative to `now`: "14:05" today, "12 Mar" this year, "12 Mar 2023" before.
pub fn list_date(utc: i64, now: i64) -> String {
    if utc <= 0 {
        return String::new();
    }
    let (day, secs) = local_parts(utc);
    let (today, _) = local_parts(now);
    let (y, m, d) = civil(day);
    let (ty, _, _) = civil(today);
    if day == today {
        format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
    } else if y == ty {
        fl!("date-this-year", day = d.to_string(), month = month_name(m))
    } else {
        fl!(
            "date-other-year",
            day = d.to_string(),
            month = month_name(m),
            year = y.to_string()
        )
    }
}

/// A full date and time for the reader's header: "12 Mar 2024, 14:05".
pub fn full_date(utc: i64) -> String {
    let (day, secs) = local_parts(utc);
    let (y, m, d) = civil(day);
    fl!(
        "date-full",
        day = d.to_string(),
        month = month_name(m),
        year = y.to_string(),
        time = format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
    )
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits() {
        assert_eq!(group(0, ","), "0");
        assert_eq!(group(999, ","), "999");
        assert_eq!(group(2000, ","), "2,000");
        assert_eq!(group(48_113, "."), "48.113");
        assert_eq!(group(1_234_567, "\u{202f}"), "1\u{202f}234\u{202f}567");
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_782), (2024, 2, 29));
        assert_eq!(civil(-1), (1969, 12, 31));
    }
}
