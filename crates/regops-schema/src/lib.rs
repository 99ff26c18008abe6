//! Loads the regops schema (`schema/*.xml`) and checks it into a typed
//! intermediate representation ([`ir::Schema`]).
//!
//! The pipeline is `xml` (quick-xml → element tree with spans) → `check`
//! (names resolved, every rule checked, all errors collected) → [`ir`].
//! Emitters only read the IR, so every schema error is found here, reported with
//! `file:line:column`, a snippet and what was expected.
//!
//! ```
//! let file = regops_schema::SourceFile::new("schema/x.xml", r#"<module name="x" title="X">
//!   <doc>Example.</doc>
//!   <enum name="Color" set="open"><doc>A color.</doc>
//!     <value wire="RED"><doc>Red.</doc></value>
//!   </enum>
//! </module>"#);
//! let schema = regops_schema::load(vec![file]).expect("valid schema");
//! assert_eq!(schema.files[0].module, "x");
//! ```

// Errors are the cold path and are collected, not propagated through hot code.
#![allow(clippy::result_large_err)]
#![deny(missing_docs)]

mod check;
mod diagnostic;
pub mod ir;
pub mod naming;
mod source;
mod types;
mod xml;

use std::path::Path;

pub use diagnostic::{Code, Diagnostic, Diagnostics};
pub use source::{SourceFile, Span};

/// Why a schema could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// A file or folder could not be read.
    Io {
        /// What was being read.
        path: String,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// The schema has errors.
    Schema(Diagnostics),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, error } => write!(f, "cannot read {path}: {error}"),
            LoadError::Schema(diagnostics) => diagnostics.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { error, .. } => Some(error),
            // The diagnostics are this error, not its cause.
            LoadError::Schema(_) => None,
        }
    }
}

/// Checks a set of schema files; all errors of all files come back together.
pub fn load(files: Vec<SourceFile>) -> Result<ir::Schema, Diagnostics> {
    let mut errors = Vec::new();
    let mut roots = Vec::new();
    let mut parsed = Vec::new();
    for (index, file) in files.iter().enumerate() {
        match xml::parse(index, &file.text) {
            Ok(root) => {
                roots.push(root);
                parsed.push(file.clone());
            }
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    // Files that parsed are checked even when others did not, so one run says everything;
    // their spans keep the index of the file in `files`.
    match check::check(&parsed, &roots) {
        Ok(schema) if errors.is_empty() => Ok(schema),
        Ok(_) => Err(Diagnostics::new(files, errors)),
        Err(more) => {
            errors.extend(more);
            Err(Diagnostics::new(files, errors))
        }
    }
}

/// Reads every `*.xml` file directly in `dir` (sorted by name) and checks them.
/// `display_prefix` is prepended to file names in messages (`schema/`).
pub fn load_dir(dir: &Path, display_prefix: &str) -> Result<ir::Schema, LoadError> {
    load(read_dir(dir, display_prefix)?).map_err(LoadError::Schema)
}

/// Reads every `*.xml` file directly in `dir`, sorted by name, without checking them: the
/// files [`load_dir`] loads, for callers that also need their text (to locate IR spans).
pub fn read_dir(dir: &Path, display_prefix: &str) -> Result<Vec<SourceFile>, LoadError> {
    let io = |path: &Path, error| LoadError::Io {
        path: path.display().to_string(),
        error,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "xml") && path.is_file() {
            names.push(path);
        }
    }
    names.sort();
    let mut files = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push(SourceFile::new(format!("{display_prefix}{name}"), text));
    }
    Ok(files)
}
