//! The old/new schema pairs of `fixtures/schema-diff/`: one file per fixture, sections
//! `<!-- old schema/x.xml -->`, `<!-- new schema/x.xml -->` (or `both`) holding each file.

use std::path::{Path, PathBuf};

use regops_schema::SourceFile;
use regops_schema_diff::Side;

/// One fixture: the files of each side.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// File stem (`enum-value-added`).
    pub name: String,
    /// The old schema's files, named `old:schema/x.xml`.
    pub old: Vec<SourceFile>,
    /// The new schema's files, named `schema/x.xml`.
    pub new: Vec<SourceFile>,
}

impl Fixture {
    /// Parses one fixture file.
    pub fn parse(name: &str, text: &str) -> Fixture {
        let mut fixture = Fixture {
            name: name.to_string(),
            old: Vec::new(),
            new: Vec::new(),
        };
        let mut current: Option<(String, String)> = None;
        let mut body = String::new();
        let flush = |current: &Option<(String, String)>, body: &mut String, f: &mut Fixture| {
            if let Some((side, file)) = current {
                let text = std::mem::take(body);
                if side == "old" || side == "both" {
                    f.old
                        .push(SourceFile::new(format!("old:{file}"), text.clone()));
                }
                if side == "new" || side == "both" {
                    f.new.push(SourceFile::new(file.clone(), text));
                }
            }
            body.clear();
        };
        for line in text.lines() {
            let marker = line
                .trim()
                .strip_prefix("<!-- ")
                .and_then(|l| l.strip_suffix(" -->"))
                .and_then(|l| l.split_once(' '))
                .filter(|(side, file)| {
                    ["old", "new", "both"].contains(side) && file.ends_with(".xml")
                });
            if let Some((side, file)) = marker {
                flush(&current, &mut body, &mut fixture);
                current = Some((side.to_string(), file.to_string()));
            } else if current.is_some() {
                body.push_str(line);
                body.push('\n');
            }
        }
        flush(&current, &mut body, &mut fixture);
        fixture
    }

    /// Both sides, loaded; panics with the loader's errors on a broken fixture.
    pub fn sides(&self) -> (Side, Side) {
        let load = |label: &str, files: &[SourceFile]| {
            Side::load(label, files.to_vec())
                .unwrap_or_else(|e| panic!("fixture {}, {label} side:\n{e}", self.name))
        };
        (load("old", &self.old), load("new", &self.new))
    }
}

/// The fixture folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema-diff")
}

/// Every fixture, by name.
pub fn all() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("fixtures/schema-diff exists")
        .map(|e| e.expect("readable folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| load(p)).collect()
}

/// The fixture at `path`.
pub fn load(path: &Path) -> Fixture {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Fixture::parse(&name, &text)
}
