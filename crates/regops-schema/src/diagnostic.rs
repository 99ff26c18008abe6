//! Located schema errors, collected and rendered together.

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use std::fmt;

use crate::source::{SourceFile, Span};

/// Stable error codes, one per class of schema error. They appear in messages
/// (`error[E0101]`) and each has a fixture under `tests/fixtures/schema-errors/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The file is not well-formed XML.
    MalformedXml,
    /// An element the language does not have, or one in the wrong place.
    UnknownElement,
    /// An attribute the element does not take.
    UnknownAttribute,
    /// A required attribute is missing.
    MissingAttribute,
    /// An attribute value is not one the attribute takes.
    InvalidAttribute,
    /// A documented item has no `<doc>`.
    MissingDoc,
    /// A type expression that does not parse.
    InvalidType,
    /// A type name that no schema file defines.
    UnknownType,
    /// Two items, values, fields or methods with the same wire name.
    DuplicateWireName,
    /// Two wire names that become the same Rust name, or a reserved one.
    RustNameCollision,
    /// A wire name that gives no Rust identifier.
    InvalidRustName,
    /// A transition, group or machine that names a value its enum lacks.
    UnknownEnumValue,
    /// A mapping that misses a value, or maps one twice.
    IncompleteMapping,
    /// A default that does not fit its type.
    InvalidDefault,
    /// A rule that concerns several declarations (order of optional parameters, …).
    InvalidDeclaration,
    /// A `<rule>` that names a member its struct lacks, a value the member cannot hold, or a
    /// member whose type the rule's kind does not apply to.
    InvalidRule,
    /// A transport or route that does not fit the methods: an `<http>` path naming a parameter
    /// the method lacks or binding one twice, two routes for the same request, a method of a
    /// `<rest>` module without a route, an XML-RPC method without the API key first, ….
    InvalidBinding,
}

impl Code {
    /// The code as printed, `E0101`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::MalformedXml => "E0001",
            Code::UnknownElement => "E0002",
            Code::UnknownAttribute => "E0003",
            Code::MissingAttribute => "E0004",
            Code::InvalidAttribute => "E0005",
            Code::MissingDoc => "E0006",
            Code::InvalidType => "E0101",
            Code::UnknownType => "E0102",
            Code::DuplicateWireName => "E0201",
            Code::RustNameCollision => "E0202",
            Code::InvalidRustName => "E0203",
            Code::UnknownEnumValue => "E0301",
            Code::IncompleteMapping => "E0302",
            Code::InvalidDefault => "E0303",
            Code::InvalidDeclaration => "E0304",
            Code::InvalidRule => "E0305",
            Code::InvalidBinding => "E0306",
        }
    }

    /// Every code, for tests that check each has a fixture.
    pub const ALL: &'static [Code] = &[
        Code::MalformedXml,
        Code::UnknownElement,
        Code::UnknownAttribute,
        Code::MissingAttribute,
        Code::InvalidAttribute,
        Code::MissingDoc,
        Code::InvalidType,
        Code::UnknownType,
        Code::DuplicateWireName,
        Code::RustNameCollision,
        Code::InvalidRustName,
        Code::UnknownEnumValue,
        Code::IncompleteMapping,
        Code::InvalidDefault,
        Code::InvalidDeclaration,
        Code::InvalidRule,
        Code::InvalidBinding,
    ];
}

/// One schema error: what is wrong, where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Class of the error.
    pub code: Code,
    /// One-line statement of the problem.
    pub message: String,
    /// Where the problem is, with a short label.
    pub primary: (Span, String),
    /// Related places (the first definition of a duplicate, …).
    pub secondary: Vec<(Span, String)>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            primary: (span, String::new()),
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the label under the primary span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.primary.1 = label.into();
        self
    }

    /// Adds a related place.
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }

    /// Sets the advice line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// All errors of one run, with the files they point into.
#[derive(Clone)]
pub struct Diagnostics {
    files: Vec<SourceFile>,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn new(files: Vec<SourceFile>, mut items: Vec<Diagnostic>) -> Self {
        // Report in file order, then position, so output is stable.
        items.sort_by_key(|d| (d.primary.0.file, d.primary.0.start, d.code));
        items.dedup();
        Self { files, items }
    }

    /// The errors, in file and position order.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none (never true for a returned error).
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `file:line:column` of an error's primary span.
    pub fn location(&self, diagnostic: &Diagnostic) -> String {
        let span = diagnostic.primary.0;
        let file = &self.files[span.file];
        let (line, column) = file.line_column(span.start);
        format!("{}:{line}:{column}", file.name)
    }

    /// Renders every error with its source snippet, as the command line shows them.
    pub fn render(&self) -> String {
        let mut files = SimpleFiles::new();
        for file in &self.files {
            files.add(file.name.as_str(), file.text.as_str());
        }
        let config = Config::default();
        let mut out = String::new();
        for diagnostic in &self.items {
            let (span, label) = &diagnostic.primary;
            out.push_str(&self.location(diagnostic));
            out.push_str(": ");
            let mut labels =
                vec![Label::primary(span.file, span.start..span.end).with_message(label)];
            labels.extend(
                diagnostic
                    .secondary
                    .iter()
                    .map(|(s, l)| Label::secondary(s.file, s.start..s.end).with_message(l)),
            );
            let mut report = Report::error()
                .with_code(diagnostic.code.as_str())
                .with_message(&diagnostic.message)
                .with_labels(labels);
            if let Some(help) = &diagnostic.help {
                report = report.with_notes(vec![format!("help: {help}")]);
            }
            // Spans always come from the loaded files, so rendering cannot fail;
            // if it ever did, the one-line form above still says where.
            match term::emit_into_string(&config, &files, &report) {
                Ok(text) => out.push_str(&text),
                Err(_) => {
                    out.push_str(&diagnostic.message);
                    out.push('\n');
                }
            }
        }
        let n = self.items.len();
        out.push_str(&format!(
            "{n} schema error{} found; nothing was generated\n",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Debug for Diagnostics {
    // The files' text would drown the errors: show the errors only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Diagnostics")
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Diagnostics {}
