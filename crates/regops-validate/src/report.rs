//! The result of one validation pass.

use std::fmt;

use crate::ViolationCode;

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The vendor will (or should) reject the value.
    Error,
    /// Suspicious but possibly accepted (a value of an open enum regops does not know, a member
    /// of another TLD, a member the schema does not name).
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

/// One broken rule, at one path. Vendor-neutral: what a vendor answers for it is told by
/// the vendor modules ([`crate::gandi`], [`crate::netim`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Violation {
    /// Where, in wire names: `params.x-ca_official_rep`, `host.ipv6[3]`.
    pub path: String,
    /// What kind of rule is broken.
    pub code: ViolationCode,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// The schema `<rule>`, vendor method or hand-written rule that was broken, if any.
    pub rule: Option<&'static str>,
}

impl Violation {
    /// A violation with no rule name.
    pub fn new(
        path: impl Into<String>,
        code: ViolationCode,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            code,
            severity,
            message: message.into(),
            rule: None,
        }
    }

    /// The same violation, naming the rule it breaks.
    pub fn with_rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.severity.as_str(), self.code)?;
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " (rule {rule})")?;
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

    /// The first error, if any: what a server refusing the value answers with.
    pub fn first_error(&self) -> Option<&Violation> {
        self.errors().next()
    }

    /// Whether a violation with `code` was recorded at `path`.
    pub fn contains(&self, path: &str, code: ViolationCode) -> bool {
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
