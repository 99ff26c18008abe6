//! `cargo xtask schema-diff`: the breaking-change report of a schema edit.
//!
//! Loads the old schema (from a git revision, without a checkout, or from a folder) and the
//! working tree's `schema/` with the same loader, compares them with `regops-schema-diff` and
//! prints every change, classified. `--deny` turns categories into a CI gate.

mod args;
mod git;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use regops_schema_diff::{Category, Report, Side};

pub use args::{Args, Format, Old, USAGE};

/// Exit status when `--deny` found a breaking change.
const DENIED: u8 = 1;
/// Exit status for bad arguments.
const USAGE_ERROR: u8 = 2;
/// Exit status when a schema does not load or git cannot give the old one.
const CANNOT_COMPARE: u8 = 3;

/// Why no report could be made.
#[derive(Debug)]
pub enum Error {
    /// A schema does not load; its errors, rendered.
    Load {
        /// `old` or `new`.
        which: &'static str,
        /// What the side is.
        label: String,
        /// The loader's errors.
        errors: String,
    },
    /// Git could not give the old schema.
    Git(String),
    /// A folder could not be read.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Load {
                which,
                label,
                errors,
            } => write!(
                f,
                "schema-diff: the {which} schema ({label}) does not load, so it cannot be compared:\n{errors}"
            ),
            Error::Git(message) => writeln!(f, "schema-diff: {message}"),
            Error::Io(message) => writeln!(f, "schema-diff: {message}"),
        }
    }
}

/// Loads both sides of `args` under the workspace `root` and compares them.
pub fn report(root: &Path, args: &Args) -> Result<Report, Error> {
    let (label, old_files) = match &args.old {
        Old::Dir(dir) => {
            let prefix = format!("{}/", dir.display());
            let files =
                regops_schema::read_dir(dir, &prefix).map_err(|e| Error::Io(e.to_string()))?;
            (dir.display().to_string(), files)
        }
        Old::Rev(rev) => {
            let commit = git::commit(root, rev)
                .ok_or_else(|| Error::Git(format!("`{rev}` names no commit in this repository")))?;
            revision(root, &commit, rev)?
        }
        Old::Default => {
            let (commit, why) = default_base(root)?;
            revision(root, &commit, &why)?
        }
    };
    let old = Side::load(label.clone(), old_files).map_err(|d| Error::Load {
        which: "old",
        label,
        errors: d.render(),
    })?;
    let new_files = regops_schema::read_dir(&root.join("schema"), "schema/")
        .map_err(|e| Error::Io(e.to_string()))?;
    let new = Side::load("working tree", new_files).map_err(|d| Error::Load {
        which: "new",
        label: "working tree".to_string(),
        errors: d.render(),
    })?;
    Ok(regops_schema_diff::diff(&old, &new))
}

/// The schema files of `commit`, labelled `3f2a1c0 (why)`.
fn revision(
    root: &Path,
    commit: &str,
    why: &str,
) -> Result<(String, Vec<regops_schema::SourceFile>), Error> {
    let short = git::git(root, &["rev-parse", "--short", commit]).map_err(|e| Error::Git(e.0))?;
    let files = git::schema_files(root, commit, &short).map_err(|e| Error::Git(e.0))?;
    let label = if why == short {
        short.clone()
    } else {
        format!("{short} ({why})")
    };
    Ok((label, files))
}

/// The merge base of `HEAD` and `main` (or `origin/main`); `HEAD~1` when that is `HEAD`
/// itself (on `main`) or when there is no `main`.
fn default_base(root: &Path) -> Result<(String, String), Error> {
    let head = git::commit(root, "HEAD")
        .ok_or_else(|| Error::Git("this repository has no commit yet".to_string()))?;
    for main in ["main", "origin/main"] {
        if git::commit(root, main).is_none() {
            continue;
        }
        if let Ok(base) = git::git(root, &["merge-base", "HEAD", main])
            && base != head
        {
            return Ok((base, format!("merge base of HEAD and {main}")));
        }
        break;
    }
    let parent = git::commit(root, "HEAD~1").ok_or_else(|| {
        Error::Git(
            "HEAD has no parent commit here (a shallow clone?) and is not behind main; pass --against REV or --old DIR"
                .to_string(),
        )
    })?;
    Ok((parent, "HEAD~1".to_string()))
}

/// Runs the command with `args` (after `schema-diff`).
pub fn main(root: &Path, args: &[&str]) -> ExitCode {
    let args = match Args::parse(args) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("schema-diff: {message}\n\n{USAGE}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    if args.help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.rules {
        print!("{}", regops_schema_diff::markdown_table());
        return ExitCode::SUCCESS;
    }
    let started = Instant::now();
    let report = match report(root, &args) {
        Ok(report) => report,
        Err(error) => {
            eprint!("{error}");
            return ExitCode::from(CANNOT_COMPARE);
        }
    };
    match args.format {
        Format::Text => print!("{}", regops_schema_diff::text(&report)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&regops_schema_diff::json(&report)).unwrap_or_default()
        ),
    }
    eprintln!(
        "schema-diff: loaded and compared in {} ms",
        started.elapsed().as_millis()
    );
    let denied = report.denied(&args.deny);
    if denied.is_empty() {
        return ExitCode::SUCCESS;
    }
    let names: Vec<&str> = denied.iter().map(|c| Category::as_str(*c)).collect();
    eprintln!(
        "schema-diff: breaking changes in {} (denied by --deny)",
        names.join(", ")
    );
    ExitCode::from(DENIED)
}

#[cfg(test)]
mod tests;
