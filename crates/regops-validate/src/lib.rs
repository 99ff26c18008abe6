//! Validators for the regops model, generated from the schema (`schema/*.xml`).
//!
//! [`Validate`] is implemented for every struct of [`regops_model`] (and every method's
//! parameter list) in `src/generated/`, written by `cargo xtask codegen`. This file and its
//! siblings are the hand-written runtime: the [`Report`] of one pass, the [`Validator`] that
//! generated code drives, the text [`Format`]s, TLD context ([`tld`]), and the hand-written
//! rules that need more than one value: state transitions, operation preconditions and the
//! poll policy ([`ops`]), and Netim contact roles ([`contacts`]).
//!
//! A validator visits every member and collects *all* violations of one value; each names
//! its path in wire names (`params.x-ca_legaltype`, `opts.<date_created`, `host.ipv6[3]`), a
//! stable snake_case [`Violation::code`], a [`Severity`], and a message that says what was
//! expected. Path segments are `&'static str`s and indexes on a fixed stack, rendered only when
//! a violation is recorded: validating a valid value allocates nothing.
//!
//! ```
//! use regops_model::gandi::RelaunchOperationParameters;
//! use regops_validate::Validate;
//!
//! let params = RelaunchOperationParameters {
//!     x_ca_legaltype: Some("LGR".into()),
//!     ..Default::default()
//! };
//! let report = params.validate_at("params");
//! assert!(report.has_errors());
//! assert_eq!(report.violations()[0].path, "params.x-ca_official_rep");
//! assert_eq!(report.violations()[0].code, "required_when");
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod contacts;
mod format;
pub mod ops;
mod report;
pub mod tld;
#[rustfmt::skip]
mod generated;

pub use format::Format;
pub use report::{Report, Severity, Violation};

use regops_model::gandi::ErrorId;
use regops_model::{DateTimeOrString, WireEnum};

/// A value the schema describes: its validator records every violation into `v`.
pub trait Validate {
    /// Records every violation of `self` into `v`, at `v`'s current path.
    fn validate_into(&self, v: &mut Validator<'_>);

    /// All violations of `self`; paths start at the first member (`x-ca_legaltype`).
    fn validate(&self) -> Report {
        let mut report = Report::new();
        self.validate_into(&mut Validator::new(&mut report, None, None));
        report
    }

    /// All violations of `self`, with paths under `root` (`params.x-ca_legaltype`).
    fn validate_at(&self, root: &'static str) -> Report {
        let mut report = Report::new();
        self.validate_into(&mut Validator::new(&mut report, Some(root), None));
        report
    }

    /// All violations of `self` as sent for `domain`: members of other TLDs are warnings, the
    /// members the schema requires for the domain's TLD are errors when absent.
    fn validate_for_domain(&self, root: Option<&'static str>, domain: &str) -> Report {
        let mut report = Report::new();
        self.validate_into(&mut Validator::new(&mut report, root, Some(domain)));
        report
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, v: &mut Validator<'_>) {
        (**self).validate_into(v);
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, v: &mut Validator<'_>) {
        for (i, item) in self.iter().enumerate() {
            v.at_index(i, |v| item.validate_into(v));
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, v: &mut Validator<'_>) {
        self.as_slice().validate_into(v);
    }
}

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Field(&'static str),
    Index(usize),
    /// A member of a `map(T)`: its name is at this index of `Validator::keys`.
    Key(usize),
}

/// Deepest path kept; deeper segments are counted and shown as `…`.
const MAX_DEPTH: usize = 16;

/// Walks one value: the current path and where violations go.
#[derive(Debug)]
pub struct Validator<'a> {
    report: &'a mut Report,
    domain: Option<&'a str>,
    stack: [Segment; MAX_DEPTH],
    depth: usize,
    /// Names of the `map(T)` members on the path (they are not `'static`).
    keys: Vec<Box<str>>,
}

impl<'a> Validator<'a> {
    /// A validator writing to `report`, with paths under `root`, for `domain` if given.
    pub fn new(
        report: &'a mut Report,
        root: Option<&'static str>,
        domain: Option<&'a str>,
    ) -> Self {
        let mut v = Self {
            report,
            domain,
            stack: [Segment::Index(0); MAX_DEPTH],
            depth: 0,
            keys: Vec::new(),
        };
        if let Some(root) = root {
            v.push(Segment::Field(root));
        }
        v
    }

    /// The domain the value is validated for, if any.
    pub fn domain(&self) -> Option<&str> {
        self.domain
    }

    fn push(&mut self, segment: Segment) {
        if self.depth < MAX_DEPTH {
            self.stack[self.depth] = segment;
        }
        self.depth += 1;
    }

    fn pop(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` with the member `wire` appended to the path.
    pub fn at(&mut self, wire: &'static str, f: impl FnOnce(&mut Self)) {
        self.push(Segment::Field(wire));
        f(self);
        self.pop();
    }

    /// Runs `f` with the index `i` appended to the path.
    pub fn at_index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        self.push(Segment::Index(i));
        f(self);
        self.pop();
    }

    /// Runs `f` with the member `key` of a `map(T)` appended to the path (`nameservers.1`).
    pub fn at_key(&mut self, key: &str, f: impl FnOnce(&mut Self)) {
        self.keys.push(key.into());
        self.push(Segment::Key(self.keys.len() - 1));
        f(self);
        self.pop();
        self.keys.pop();
    }

    /// The current path, rendered: `params.x-ca_legaltype`, `host.ipv6[3]`.
    pub fn path(&self) -> String {
        let mut path = String::new();
        for segment in &self.stack[..self.depth.min(MAX_DEPTH)] {
            match segment {
                Segment::Field(name) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(name);
                }
                Segment::Index(i) => {
                    path.push('[');
                    path.push_str(&i.to_string());
                    path.push(']');
                }
                Segment::Key(k) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(self.keys.get(*k).map_or("?", |k| k));
                }
            }
        }
        if self.depth > MAX_DEPTH {
            path.push_str(".…");
        }
        path
    }

    /// Records a violation at the current path.
    pub fn record(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        rule: Option<&'static str>,
        vendor_error: Option<ErrorId>,
    ) {
        let path = self.path();
        self.report.push(Violation {
            path,
            code,
            severity,
            message,
            rule,
            vendor_error,
        });
    }

    /// `max-length` of a string, in characters (Unicode scalar values).
    pub fn max_chars(&mut self, text: &str, max: u64) {
        // Bytes bound characters from above: most strings never need counting.
        if (text.len() as u64) <= max {
            return;
        }
        let count = text.chars().count() as u64;
        if count > max {
            self.record(
                Severity::Error,
                "too_long",
                format!("expected at most {max} characters, found {count}"),
                None,
                None,
            );
        }
    }

    /// `max-length` of an array, in items.
    pub fn max_items(&mut self, count: usize, max: u64) {
        if count as u64 > max {
            self.record(
                Severity::Error,
                "too_many_items",
                format!("expected at most {max} items, found {count}"),
                None,
                None,
            );
        }
    }

    /// `min` / `max` of an integer.
    pub fn range(&mut self, n: i64, min: Option<i64>, max: Option<i64>) {
        let below = min.is_some_and(|lo| n < lo);
        let above = max.is_some_and(|hi| n > hi);
        if below || above {
            let expected = match (min, max) {
                (Some(lo), Some(hi)) => format!("an integer from {lo} to {hi}"),
                (Some(lo), None) => format!("an integer of at least {lo}"),
                (None, Some(hi)) => format!("an integer of at most {hi}"),
                (None, None) => unreachable!("out of range needs a bound"),
            };
            self.record(
                Severity::Error,
                "out_of_range",
                format!("expected {expected}, found {n}"),
                None,
                None,
            );
        }
    }

    /// A text `format`.
    pub fn format(&mut self, text: &str, format: Format) {
        if !format.matches(text) {
            self.record(
                Severity::Error,
                "invalid_format",
                format!("expected {}, found {text:?}", format.expected()),
                None,
                None,
            );
        }
    }

    /// A `datetime-or-string` value: its text must be in one of the layouts
    /// [`DateTimeOrString::LAYOUTS`] names (whichever wire type carried it).
    pub fn date_time(&mut self, value: &DateTimeOrString) {
        if value.datetime().is_some() {
            return;
        }
        let message = format!(
            "expected a date-time in one of the layouts {}; found {:?}",
            report::list(DateTimeOrString::LAYOUTS),
            value.as_str()
        );
        self.record(Severity::Error, "invalid_date", message, None, None);
    }

    /// Enum membership: an unknown value of an `open` enum is a warning, of a `closed` one an
    /// error (`closed` comes from the schema's `set`; values of `exact` enums are always known).
    pub fn enum_value<E: WireEnum>(&mut self, value: &E, closed: bool) {
        if value.is_recognized() {
            return;
        }
        let (severity, code) = if closed {
            (Severity::Error, "invalid_enum_value")
        } else {
            (Severity::Warning, "unknown_enum_value")
        };
        let message = format!(
            "unknown {} value {:?}; expected one of {}",
            E::NAME,
            value.as_str(),
            report::list(E::VALUES)
        );
        self.record(severity, code, message, None, None);
    }

    /// `requires-when`: `field` is absent although `when` is `value`.
    pub fn required_when(
        &mut self,
        present: bool,
        field: &'static str,
        when: &'static str,
        value: &str,
        rule: &'static str,
    ) {
        if present {
            return;
        }
        self.at(field, |v| {
            let message = format!("required when {when} is {value}; add a value for {field}");
            v.record(
                Severity::Error,
                "required_when",
                message,
                Some(rule),
                Some(ErrorId::MissingParameter),
            );
        });
    }

    /// `max-total-items`: the arrays `fields` hold `count` items together, at most `max`.
    pub fn max_total_items(
        &mut self,
        count: usize,
        max: u64,
        fields: &'static [&'static str],
        rule: &'static str,
    ) {
        if count as u64 > max {
            let message = format!(
                "expected at most {max} items in {} together, found {count}",
                fields.join(" and ")
            );
            self.record(
                Severity::Error,
                "too_many_items_total",
                message,
                Some(rule),
                None,
            );
        }
    }

    /// `pattern`: `text` must match one of `alternatives` (`#` digit, `@` letter, `*` either).
    pub fn pattern(
        &mut self,
        text: &str,
        alternatives: &'static [&'static str],
        rule: &'static str,
    ) {
        if alternatives
            .iter()
            .any(|p| format::matches_pattern(text, p))
        {
            return;
        }
        let shown: Vec<String> = alternatives
            .iter()
            .map(|p| format::describe_pattern(p))
            .collect();
        self.record(
            Severity::Error,
            "pattern_mismatch",
            format!("expected {}, found {text:?}", shown.join(", or ")),
            Some(rule),
            None,
        );
    }

    /// A member that belongs to `tlds`: a warning when validated for a domain of another TLD.
    pub fn tld_member(
        &mut self,
        present: bool,
        field: &'static str,
        tlds: &'static [&'static str],
    ) {
        let Some(domain) = self.domain else { return };
        if !present || tld::matches_any(domain, tlds) {
            return;
        }
        let message = format!(
            "{field} belongs to {}; {domain} is not under one of them",
            tlds.join(", ")
        );
        self.at(field, |v| {
            v.record(
                Severity::Warning,
                "field_for_other_tld",
                message,
                None,
                None,
            );
        });
    }

    /// `required-for-tld`: `field` of `tlds` is absent although the domain is under one of them.
    pub fn required_for_tld(
        &mut self,
        present: bool,
        field: &'static str,
        tlds: &'static [&'static str],
        rule: &'static str,
    ) {
        let Some(domain) = self.domain else { return };
        if present || !tld::matches_any(domain, tlds) {
            return;
        }
        let message = format!("required for {domain}; add a value for {field}");
        self.at(field, |v| {
            v.record(
                Severity::Error,
                "required_for_tld",
                message,
                Some(rule),
                Some(ErrorId::MissingParameter),
            );
        });
    }
}
