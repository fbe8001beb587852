//! The one way Tern writes a file size, in the window and on the command line (issue 17
//! item 9: the same attachment read 3.2 MB in one and 3.1 MB in the other). Decimal units
//! (1 MB = 1,000,000 bytes, as file managers on Linux and macOS show them); one decimal
//! below 10, none above. The window translates the unit and the decimal separator.

/// The unit of a formatted size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeUnit {
    Bytes,
    Kilo,
    Mega,
    Giga,
    Tera,
}

impl SizeUnit {
    /// The English symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            SizeUnit::Bytes => "B",
            SizeUnit::Kilo => "KB",
            SizeUnit::Mega => "MB",
            SizeUnit::Giga => "GB",
            SizeUnit::Tera => "TB",
        }
    }
}

/// `bytes` as a number (with `.` as the decimal point) and its unit.
pub fn size_parts(bytes: u64) -> (String, SizeUnit) {
    const UNITS: [SizeUnit; 4] = [SizeUnit::Kilo, SizeUnit::Mega, SizeUnit::Giga, SizeUnit::Tera];
    if bytes < 1000 {
        return (bytes.to_string(), SizeUnit::Bytes);
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    // Round first, so 999,999 bytes reads "1.0 MB" and not "1000 KB".
    while (if value < 10.0 {
        (value * 10.0).round() / 10.0
    } else {
        value.round()
    }) >= 1000.0
        && unit < UNITS.len() - 1
    {
        value /= 1000.0;
        unit += 1;
    }
    let number = if value < 10.0 && (value * 10.0).round() < 100.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.0}")
    };
    (number, UNITS[unit])
}

/// `bytes` in English: "812 B", "14 KB", "3.2 MB".
pub fn size_en(bytes: u64) -> String {
    let (number, unit) = size_parts(bytes);
    format!("{number} {}", unit.symbol())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_same_everywhere() {
        assert_eq!(size_en(0), "0 B");
        assert_eq!(size_en(999), "999 B");
        assert_eq!(size_en(1000), "1.0 KB");
        assert_eq!(size_en(1536), "1.5 KB");
        assert_eq!(size_en(14_200), "14 KB");
        assert_eq!(size_en(3_200_000), "3.2 MB");
        assert_eq!(size_en(999_999), "1.0 MB");
        assert_eq!(size_en(9_960_000), "10 MB");
        assert_eq!(size_en(5 * 1024 * 1024), "5.2 MB");
    }
}
