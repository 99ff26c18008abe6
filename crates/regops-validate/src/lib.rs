//! Validators for the regops model, generated from the schema (`schema/*.xml`).
//!
//! [`Validate`] is implemented for every struct of [`regops_model`] (and every method's
//! parameter list) in `src/generated/`, written by `cargo xtask codegen`, and so are the
//! preconditions of the vendor methods the schema's state machines name
//! ([`gandi::operation_cancel`], [`gandi::operation_relaunch`], [`netim::cancel_ope`]). This
//! file and its siblings are the hand-written runtime: the vendor-neutral [`Report`] of one pass,
//! the [`Validator`] that generated code drives, the text [`Format`]s, TLD context ([`tld`]),
//! transitions and the poll policy ([`ops`]), Netim contact roles ([`contacts`]), and what each
//! vendor answers for a violation ([`gandi`], [`netim`]).
//!
//! A validator visits every member and collects *all* violations of one value; each names
//! its path in wire names (`params.x-ca_legaltype`, `opts.<date_created`, `host.ipv6[3]`), a
//! typed [`ViolationCode`] (printed in snake_case), a [`Severity`], and a message that says what
//! was expected. Path segments are borrowed and indexes sit on a fixed stack, rendered only when
//! a violation is recorded: validating a valid value allocates nothing.
//!
//! ```
//! use regops_model::gandi::RelaunchOperationParameters;
//! use regops_validate::{Validate, ViolationCode};
//!
//! let params = RelaunchOperationParameters {
//!     x_ca_legaltype: Some("LGR".into()),
//!     ..Default::default()
//! };
//! let root = String::from("params"); // any root, known at run time
//! let report = params.validate_at(&root);
//! assert!(report.has_errors());
//! assert_eq!(report.violations()[0].path, "params.x-ca_official_rep");
//! assert_eq!(report.violations()[0].code, ViolationCode::RequiredWhen);
//! assert_eq!(report.violations()[0].code.as_str(), "required_when");
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod code;
pub mod contacts;
mod format;
pub mod gandi;
pub mod netim;
pub mod ops;
pub mod precondition;
mod report;
pub mod tld;
mod types;
#[rustfmt::skip]
mod generated;

pub use code::ViolationCode;
pub use format::Format;
pub use report::{Report, Severity, Violation};
pub use types::{TYPE_NAMES, TypeVisitor, visit_type};

use std::borrow::Cow;

use regops_model::{DateTimeOrString, WireEnum};

/// A value the schema describes: its validator records every violation into `v`.
///
/// The three entry points differ only in where paths start and whether the value is sent for
/// a domain; `root` is any text known at run time (`""` for none).
pub trait Validate {
    /// Records every violation of `self` into `v`, at `v`'s current path.
    fn validate_into(&self, v: &mut Validator<'_>);

    /// All violations of `self`; paths start at the first member (`x-ca_legaltype`).
    fn validate(&self) -> Report {
        self.validate_at("")
    }

    /// All violations of `self`, with paths under `root` (`params.x-ca_legaltype`).
    fn validate_at(&self, root: &str) -> Report {
        let mut report = Report::new();
        self.validate_into(&mut Validator::new(&mut report, root));
        report
    }

    /// All violations of `self` as sent for `domain`, with paths under `root`: members of
    /// other TLDs are warnings, members a `required-for-tld` rule requires are errors when
    /// absent. The domain is normalised with IDNA (UTS 46) first, so `例子.公司` is under
    /// `.xn--55qx5d`; a domain that is not a valid name is an `invalid_domain` error and the
    /// value is then checked without TLD context.
    fn validate_for_domain(&self, root: &str, domain: &str) -> Report {
        let mut report = Report::new();
        self.validate_into(&mut Validator::for_domain(&mut report, root, domain));
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
enum Segment<'a> {
    Field(&'a str),
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
    /// The domain in A-label form, and as the caller gave it.
    domain: Option<(Cow<'a, str>, &'a str)>,
    stack: [Segment<'a>; MAX_DEPTH],
    depth: usize,
    /// Names of the `map(T)` members on the path (they are not `'static`).
    keys: Vec<Box<str>>,
}

impl<'a> Validator<'a> {
    /// A validator writing to `report`, with paths under `root` (`""` for none).
    pub fn new(report: &'a mut Report, root: &'a str) -> Self {
        let mut v = Self {
            report,
            domain: None,
            stack: [Segment::Index(0); MAX_DEPTH],
            depth: 0,
            keys: Vec::new(),
        };
        if !root.is_empty() {
            v.push(Segment::Field(root));
        }
        v
    }

    /// A validator for a value sent for `domain`, normalised to its A-label form (UTS 46);
    /// an invalid domain is recorded (`invalid_domain`, at `root`) and gives no TLD context.
    pub fn for_domain(report: &'a mut Report, root: &'a str, domain: &'a str) -> Self {
        let mut v = Self::new(report, root);
        match tld::normalize(domain) {
            Ok(ascii) => v.domain = Some((ascii, domain)),
            Err(why) => v.record(
                Severity::Error,
                ViolationCode::InvalidDomain,
                format!("{domain:?} is not a valid domain name: {why}"),
                None,
            ),
        }
        v
    }

    /// The domain the value is validated for, in A-label form (`example.xn--55qx5d`), if any.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_ref().map(|(ascii, _)| ascii.as_ref())
    }

    /// The domain for messages: as given, with its A-label form when that differs
    /// (`例子.公司 (xn--fsqu00a.xn--55qx5d)`).
    fn domain_shown(&self) -> impl std::fmt::Display + '_ {
        struct Shown<'s>(&'s str, &'s str);
        impl std::fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let Shown(ascii, given) = *self;
                if ascii == given {
                    f.write_str(ascii)
                } else {
                    write!(f, "{given} ({ascii})")
                }
            }
        }
        let (ascii, given) = self
            .domain
            .as_ref()
            .map_or(("", ""), |(a, g)| (a.as_ref(), *g));
        Shown(ascii, given)
    }

    fn push(&mut self, segment: Segment<'a>) {
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
        code: ViolationCode,
        message: String,
        rule: Option<&'static str>,
    ) {
        let path = self.path();
        self.report.push(Violation {
            path,
            code,
            severity,
            message,
            rule,
        });
    }

    /// Members the schema does not name, kept in `extra_fields`: a warning each
    /// (`unknown_member`, at the member's path), since the vendor may refuse them.
    pub fn unknown_members<'k>(
        &mut self,
        keys: impl Iterator<Item = &'k String>,
        type_name: &'static str,
    ) {
        for key in keys {
            let mut path = self.path();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(key);
            self.report.push(Violation {
                path,
                code: ViolationCode::UnknownMember,
                severity: Severity::Warning,
                message: format!(
                    "{type_name} has no member {key:?}; the vendor may refuse it (check its spelling, or remove it)"
                ),
                rule: None,
            });
        }
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
                ViolationCode::TooLong,
                format!("expected at most {max} characters, found {count}"),
                None,
            );
        }
    }

    /// `max-length` of an array, in items.
    pub fn max_items(&mut self, count: usize, max: u64) {
        if count as u64 > max {
            self.record(
                Severity::Error,
                ViolationCode::TooManyItems,
                format!("expected at most {max} items, found {count}"),
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
                ViolationCode::OutOfRange,
                format!("expected {expected}, found {n}"),
                None,
            );
        }
    }

    /// A text `format`.
    pub fn format(&mut self, text: &str, format: Format) {
        if let Err(why) = format.check(text) {
            self.record(
                Severity::Error,
                ViolationCode::InvalidFormat,
                format!("expected {}, found {text:?}{why}", format.expected()),
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
        self.record(Severity::Error, ViolationCode::InvalidDate, message, None);
    }

    /// Enum membership: an unknown value of an `open` enum is a warning, of a `closed` one an
    /// error (`closed` comes from the schema's `set`; values of `exact` enums are always known).
    /// When the enum declares a `format`, an unknown value without that shape is an
    /// `invalid_format` error instead (`"XX"` or `"FRA"` as a country code).
    #[inline]
    pub fn enum_value<E: WireEnum>(&mut self, value: &E, closed: bool, format: Option<Format>) {
        if !value.is_recognized() {
            self.unknown_enum_value(value, closed, format);
        }
    }

    /// The slow path of [`enum_value`](Self::enum_value): a value the schema does not list.
    #[cold]
    #[inline(never)]
    fn unknown_enum_value<E: WireEnum>(&mut self, value: &E, closed: bool, format: Option<Format>) {
        if let Some(format) = format
            && format.check(value.as_str()).is_err()
        {
            self.format(value.as_str(), format);
            return;
        }
        let (severity, code) = if closed {
            (Severity::Error, ViolationCode::InvalidEnumValue)
        } else {
            (Severity::Warning, ViolationCode::UnknownEnumValue)
        };
        let mut message = format!(
            "unknown {} value {:?}; expected one of {}",
            E::NAME,
            value.as_str(),
            report::list(E::VALUES)
        );
        // `fr` for `FR`: the wire is case-sensitive, say which value was meant.
        if let Some(known) = E::VALUES
            .iter()
            .find(|known| known.eq_ignore_ascii_case(value.as_str()))
        {
            message.push_str(&format!(
                " (values are case-sensitive: did you mean {known}?)"
            ));
        }
        self.record(severity, code, message, None);
    }

    /// `required`: `field` is absent (or empty) although the source calls it mandatory.
    pub fn required(
        &mut self,
        present: bool,
        field: &'static str,
        severity: Severity,
        rule: &'static str,
    ) {
        if present {
            return;
        }
        self.at(field, |v| {
            let message = format!("{field} is mandatory; add a value for it");
            v.record(severity, ViolationCode::Required, message, Some(rule));
        });
    }

    /// `requires-when`: `field` is absent although `when` is `value`.
    pub fn required_when(
        &mut self,
        present: bool,
        field: &'static str,
        when: &'static str,
        value: &str,
        severity: Severity,
        rule: &'static str,
    ) {
        if present {
            return;
        }
        self.at(field, |v| {
            let message = format!("required when {when} is {value}; add a value for {field}");
            v.record(severity, ViolationCode::RequiredWhen, message, Some(rule));
        });
    }

    /// `max-total-items`: the arrays (or maps) of `counts`, each with its item count, hold at
    /// most `max` items together. The violation is at the member whose items take the total
    /// over `max` (`ipv6` when `ipv4` holds 7 and `ipv6` 7, for 13).
    pub fn max_total_items(
        &mut self,
        counts: &[(&'static str, usize)],
        max: u64,
        severity: Severity,
        rule: &'static str,
    ) {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        if total as u64 <= max {
            return;
        }
        let mut running = 0_u64;
        let over = counts
            .iter()
            .find(|(_, n)| {
                running += *n as u64;
                running > max
            })
            .map_or(counts[counts.len() - 1].0, |(wire, _)| wire);
        let message = format!(
            "expected at most {max} items in {} together, found {total}",
            join_names(counts)
        );
        self.at(over, |v| {
            v.record(
                severity,
                ViolationCode::TooManyItemsTotal,
                message,
                Some(rule),
            );
        });
    }

    /// `min-total-items`: the arrays (or maps) of `counts`, each with its item count, hold at
    /// least `min` items together. The violation is at the first member.
    pub fn min_total_items(
        &mut self,
        counts: &[(&'static str, usize)],
        min: u64,
        severity: Severity,
        rule: &'static str,
    ) {
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        if total as u64 >= min {
            return;
        }
        let message = if counts.len() == 1 {
            format!("expected at least {min} items, found {total}")
        } else {
            format!(
                "expected at least {min} items in {} together, found {total}",
                join_names(counts)
            )
        };
        self.at(counts[0].0, |v| {
            v.record(
                severity,
                ViolationCode::TooFewItemsTotal,
                message,
                Some(rule),
            );
        });
    }

    /// `pattern`: `text` must match one of `alternatives` (`#` digit, `@` letter, `*` either).
    pub fn pattern(
        &mut self,
        text: &str,
        alternatives: &'static [&'static str],
        severity: Severity,
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
        let mut message = format!("expected {}, found {text:?}", shown.join(", or "));
        if severity == Severity::Warning {
            message.push_str(" (the shape is inferred, not stated by the vendor)");
        }
        self.record(
            severity,
            ViolationCode::PatternMismatch,
            message,
            Some(rule),
        );
    }

    /// A member that belongs to `tlds`: a warning when validated for a domain of another TLD.
    pub fn tld_member(
        &mut self,
        present: bool,
        field: &'static str,
        tlds: &'static [&'static str],
    ) {
        let Some(domain) = self.domain() else {
            return;
        };
        if !present || tld::matches_any(domain, tlds) {
            return;
        }
        let message = format!(
            "{field} belongs to {}; {} is not under one of them",
            tlds.join(", "),
            self.domain_shown()
        );
        self.at(field, |v| {
            v.record(
                Severity::Warning,
                ViolationCode::FieldForOtherTld,
                message,
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
        severity: Severity,
        rule: &'static str,
    ) {
        let Some(domain) = self.domain() else {
            return;
        };
        if present || !tld::matches_any(domain, tlds) {
            return;
        }
        let message = format!(
            "required for {}; add a value for {field}",
            self.domain_shown()
        );
        self.at(field, |v| {
            v.record(severity, ViolationCode::RequiredForTld, message, Some(rule));
        });
    }
}

/// `ipv4 and ipv6`, `a, b and c`: the members of a rule, for messages.
fn join_names(counts: &[(&'static str, usize)]) -> String {
    match counts {
        [] => String::new(),
        [one] => one.0.to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(|(wire, _)| *wire).collect();
            format!("{} and {}", rest.join(", "), last.0)
        }
    }
}
