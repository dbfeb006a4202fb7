//! The results table: one row per measurement, Bureau next to its reference from the same run,
//! their ratio and the target it is held to.

use std::fmt::Write as _;

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// Throughput: the ratio Bureau / reference should reach the target.
    Higher,
    /// Time or memory: the ratio Bureau / reference should stay under the target.
    Lower,
}

/// One measurement.
#[derive(Debug, Clone)]
pub struct Row {
    /// What was measured, e.g. `GET /office/:id/open, 16 conn`.
    pub what: String,
    /// Bureau's figure, with its unit.
    pub bureau: String,
    /// The reference and its figure, e.g. `nginx 41 000 req/s`.
    pub reference: String,
    /// Bureau / reference, when the two are comparable.
    pub ratio: Option<f64>,
    /// The target of the ratio, when the issue sets one.
    pub target: Option<(Better, f64)>,
    /// Other targets and facts (p99, memory, errors), already judged in words.
    pub notes: String,
}

impl Row {
    /// A row without target.
    pub fn new(what: impl Into<String>, bureau: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            bureau: bureau.into(),
            reference: String::new(),
            ratio: None,
            target: None,
            notes: String::new(),
        }
    }

    /// Sets the reference figure and the ratio of the two raw values.
    #[must_use]
    pub fn against(mut self, reference: impl Into<String>, bureau: f64, reference_v: f64) -> Self {
        self.reference = reference.into();
        self.ratio = (reference_v > 0.0).then(|| bureau / reference_v);
        self
    }

    /// Sets the target of the ratio.
    #[must_use]
    pub fn target(mut self, better: Better, value: f64) -> Self {
        self.target = Some((better, value));
        self
    }

    /// Appends a note.
    #[must_use]
    pub fn note(mut self, note: impl AsRef<str>) -> Self {
        if !self.notes.is_empty() {
            self.notes.push_str("; ");
        }
        self.notes.push_str(note.as_ref());
        self
    }

    /// Whether the ratio meets its target (`None` without target or ratio).
    pub fn meets_target(&self) -> Option<bool> {
        let ratio = self.ratio?;
        match self.target? {
            (Better::Higher, t) => Some(ratio >= t),
            (Better::Lower, t) => Some(ratio <= t),
        }
    }
}

/// A Markdown table of `rows` under a `### title` heading.
pub fn markdown(title: &str, rows: &[Row]) -> String {
    let mut out = format!(
        "### {title}\n\n| Measurement | Bureau | Reference | Ratio | Target | Notes |\n|---|---|---|---|---|---|\n"
    );
    for row in rows {
        let ratio = row.ratio.map(|r| format!("{r:.2}")).unwrap_or_default();
        let target = match (row.target, row.meets_target()) {
            (Some((Better::Higher, t)), Some(ok)) => format!("≥ {t} {}", verdict(ok)),
            (Some((Better::Lower, t)), Some(ok)) => format!("≤ {t} {}", verdict(ok)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {ratio} | {target} | {} |",
            row.what, row.bureau, row.reference, row.notes
        );
    }
    out
}

/// ✅ or ❌.
pub fn verdict(ok: bool) -> &'static str {
    if ok { "✅" } else { "❌" }
}

/// `12 345.6` → `12 346`: whole numbers with thin grouping for the table.
pub fn count(value: f64) -> String {
    let digits = (value.round().max(0.0) as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Milliseconds with two decimals.
pub fn ms(d: std::time::Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// MiB/s of `bytes` moved in `secs`.
pub fn mib_per_s(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / secs
}

/// KiB → MiB, for display.
pub fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_ratios_against_targets() {
        let fast = Row::new("x", "1")
            .against("y", 50.0, 100.0)
            .target(Better::Higher, 0.4);
        assert_eq!(fast.meets_target(), Some(true));
        let slow = Row::new("x", "1")
            .against("y", 150.0, 100.0)
            .target(Better::Lower, 1.3);
        assert_eq!(slow.meets_target(), Some(false));
        assert!(markdown("t", &[slow]).contains("≤ 1.3 ❌"));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(count(1_234_567.4), "1 234 567");
        assert_eq!(count(999.0), "999");
    }
}
