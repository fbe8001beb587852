//! The figures of a benchmark as one markdown table (figure, value, baseline, ratio),
//! printed below its summary lines so a run can be pasted into the README as it is.

pub struct Table {
    title: String,
    rows: Vec<[String; 4]>,
}

impl Table {
    pub fn new(title: &str) -> Table {
        Table {
            title: title.to_string(),
            rows: Vec::new(),
        }
    }

    /// A figure against its baseline; the ratio is value / baseline, so for a
    /// throughput it reads "higher is better" and for a time "lower is better".
    pub fn compare(&mut self, figure: &str, value: f64, baseline_label: &str, baseline: f64, unit: &str) {
        let ratio = if baseline.abs() > f64::EPSILON {
            format!("{:.2}", value / baseline)
        } else {
            "-".into()
        };
        self.rows.push([
            figure.to_string(),
            format!("{} {unit}", num(value)),
            format!("{baseline_label}: {} {unit}", num(baseline)),
            ratio,
        ]);
    }

    /// A figure with no baseline measured in the run (absolute, e.g. peak RSS).
    pub fn absolute(&mut self, figure: &str, value: f64, unit: &str) {
        self.rows.push([
            figure.to_string(),
            format!("{} {unit}", num(value)),
            "-".into(),
            "-".into(),
        ]);
    }

    /// A row whose figure could not be measured, with the reason.
    pub fn missing(&mut self, figure: &str, why: &str) {
        self.rows
            .push([figure.to_string(), format!("({why})"), "-".into(), "-".into()]);
    }

    pub fn print(&self) {
        println!();
        println!("{}", self.title);
        println!();
        println!("| Figure | Value | Baseline (same run) | Ratio |");
        println!("|---|---|---|---|");
        for [a, b, c, d] in &self.rows {
            println!("| {a} | {b} | {c} | {d} |");
        }
        println!();
    }
}

/// Three significant figures without scientific notation.
pub fn num(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}
