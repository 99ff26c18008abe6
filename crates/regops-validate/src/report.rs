//! The result of one validation pass.

use std::fmt;

use regops_model::gandi::{ErrorClass, ErrorId};

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The vendor will (or should) reject the value.
    Error,
    /// Suspicious but possibly accepted (a value of an open enum regops does not know, a member
    /// of another TLD).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One broken rule, at one path.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Violation {
    /// Where, in wire names: `params.x-ca_official_rep`, `host.ipv6[3]`.
    pub path: String,
    /// Stable snake_case code: `too_long`, `out_of_range`, `invalid_format`,
    /// `unknown_enum_value`, `invalid_enum_value`, `required_when`, `too_many_items`,
    /// `too_many_items_total`, `pattern_mismatch`, `field_for_other_tld`, `required_for_tld`,
    /// `invalid_transition`, `precondition_failed`, `owner_contact`, `poll_too_frequent`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// The schema `<rule>` (or hand-written rule) that was broken, if any.
    pub rule: Option<&'static str>,
    /// The Gandi error identifier the vendor would answer with, where one fits.
    pub vendor_error: Option<ErrorId>,
}

impl Violation {
    /// The class of [`Violation::vendor_error`] (`client_recoverable` for `missing_parameter`).
    pub fn vendor_class(&self) -> Option<ErrorClass> {
        self.vendor_error.as_ref().and_then(ErrorId::class)
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity.as_str(), self.code)?;
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        let mut notes = Vec::new();
        if let Some(rule) = self.rule {
            notes.push(format!("rule {rule}"));
        }
        if let Some(id) = &self.vendor_error {
            match self.vendor_class() {
                Some(class) => notes.push(format!("Gandi answers {id} ({class})")),
                None => notes.push(format!("Gandi answers {id}")),
            }
        }
        if !notes.is_empty() {
            write!(f, " ({})", notes.join("; "))?;
        }
        Ok(())
    }
}

impl std::error::Error for Violation {}

/// Every violation of one value, in visiting order. Empty (and unallocated) when it is valid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// An empty report.
    pub const fn new() -> Self {
        Self {
            violations: Vec::new(),
        }
    }

    /// Adds a violation.
    pub fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }

    /// Adds every violation of `other`.
    pub fn extend(&mut self, other: Report) {
        self.violations.extend(other.violations);
    }

    /// Whether nothing at all was found (no errors, no warnings).
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }

    /// Whether the value is acceptable: no errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.has_errors()
    }

    /// Whether at least one error was found.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Every violation, in visiting order.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Warning)
    }

    /// Whether a violation with `code` was recorded at `path`.
    pub fn contains(&self, path: &str, code: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.path == path && v.code == code)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.violations.is_empty() {
            return f.write_str("valid\n");
        }
        for violation in &self.violations {
            writeln!(f, "{violation}")?;
        }
        let errors = self.errors().count();
        let warnings = self.violations.len() - errors;
        writeln!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// `A, B, C`, or the first 12 and a count.
pub(crate) fn list(values: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut text = values
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > SHOWN {
        text.push_str(&format!(", … ({} in all)", values.len()));
    }
    if text.is_empty() {
        text.push_str("(no known values)");
    }
    text
}
