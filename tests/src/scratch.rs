//! Scratch Cargo workspaces that compile code generated from test schemas.
//!
//! The generated model refers to its runtime through `crate::` paths and private
//! constructors, so each model crate here is a copy of `regops-model`'s hand-written runtime
//! with the generated modules of the given schemas; a validate crate is likewise a copy of
//! `regops-validate`'s runtime with the generated validators, built on one such model. Crates
//! that use them (witness snippets, a test harness) are added beside them; one `cargo` run
//! checks or builds them all, offline, with a target folder shared by every scratch workspace
//! and kept between runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use regops_schema::ir::Schema;

/// The repository root.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Where scratch workspaces and their shared target folder live.
fn scratch_root() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target"));
    target.join("scratch-crates")
}

/// A scratch workspace.
pub struct Workspace {
    root: PathBuf,
    members: Vec<String>,
}

/// What one `cargo` run said about each crate (by package name): `Ok` or the errors.
pub type Outcome = BTreeMap<String, Result<(), String>>;

impl Workspace {
    /// An empty workspace called `name` (its previous members are removed; the shared
    /// target folder is kept, so unchanged crates are not rebuilt).
    pub fn new(name: &str) -> Workspace {
        let root = scratch_root().join(name);
        if root.exists() {
            std::fs::remove_dir_all(&root).expect("scratch workspace is removable");
        }
        std::fs::create_dir_all(&root).expect("scratch workspace is writable");
        Workspace {
            root,
            members: Vec::new(),
        }
    }

    /// Adds a model crate: `regops-model`'s runtime and the generated modules of `schemas`
    /// (whose module names must differ).
    pub fn model(&mut self, package: &str, schemas: &[&Schema]) {
        let dir = self.root.join(package);
        let runtime = repository().join("crates/regops-model");
        copy_tree(&runtime.join("src"), &dir.join("src"), &|p| {
            !p.ends_with("src/generated")
        });
        let manifest = std::fs::read_to_string(runtime.join("Cargo.toml"))
            .expect("regops-model has a manifest")
            .replace("name = \"regops-model\"", &format!("name = \"{package}\""));
        write(&dir.join("Cargo.toml"), &manifest);
        write_generated(&dir, "regops-model", schemas);
        self.members.push(package.to_string());
    }

    /// Adds a validate crate built on the model crate `model`: `regops-validate`'s runtime
    /// and the generated validators of `schemas`, whose modules (`generated::<module>`, with
    /// the preconditions of its machines) are public. The hand-written vendor modules
    /// (`gandi`, `netim`, `contacts`) are left out: they are written for the real schema.
    pub fn validate(&mut self, package: &str, model: &str, schemas: &[&Schema]) {
        const VENDOR_MODULES: [&str; 3] = ["contacts", "gandi", "netim"];
        let dir = self.root.join(package);
        let source = repository().join("crates/regops-validate/src");
        copy_tree(&source, &dir.join("src"), &|p| {
            let name = p.strip_prefix(&source).unwrap_or(p);
            name != Path::new("generated")
                && !VENDOR_MODULES
                    .iter()
                    .any(|m| name == Path::new(&format!("{m}.rs")))
        });
        let mut lib =
            std::fs::read_to_string(source.join("lib.rs")).expect("regops-validate has a lib.rs");
        for module in VENDOR_MODULES {
            let declaration = format!("pub mod {module};\n");
            assert!(
                lib.contains(&declaration),
                "regops-validate's lib.rs no longer declares `{declaration}`"
            );
            lib = lib.replace(&declaration, "");
        }
        assert!(
            lib.contains("\nmod generated;\n"),
            "regops-validate's lib.rs no longer declares `mod generated;`"
        );
        lib = lib.replace("\nmod generated;\n", "\npub mod generated;\n");
        write(&dir.join("src/lib.rs"), &lib);
        let manifest = format!(
            "[package]\nname = \"{package}\"\nversion.workspace = true\nedition.workspace = true\nrust-version.workspace = true\npublish = false\n\n[dependencies]\nregops-model = {{ path = \"../{model}\", package = \"{model}\" }}\nidna = {{ workspace = true }}\nserde = {{ workspace = true }}\n"
        );
        write(&dir.join("Cargo.toml"), &manifest);
        write_generated(&dir, "regops-validate", schemas);
        self.members.push(package.to_string());
    }

    /// Writes `text` at `path` (relative to the crate) in the member `package`: a hand-written
    /// file the generated code includes, such as a `<runtime>` module of a model crate.
    pub fn write(&self, package: &str, path: &str, text: &str) {
        write(&self.root.join(package).join(path), text);
    }

    /// Adds a crate made of `files` (paths relative to the crate: `src/lib.rs`, `src/main.rs`,
    /// …), with dependencies given as manifest lines
    /// (`model = { path = "../model-old", package = "model-old" }`).
    pub fn add(&mut self, package: &str, dependencies: &[String], files: &[(String, String)]) {
        let dir = self.root.join(package);
        let manifest = format!(
            "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{}\n",
            dependencies.join("\n")
        );
        write(&dir.join("Cargo.toml"), &manifest);
        for (path, text) in files {
            write(&dir.join(path), text);
        }
        self.members.push(package.to_string());
    }

    /// Writes the workspace manifest: the repository's, with these members and its path
    /// dependencies made absolute, and its lockfile, so the same versions are used offline.
    fn finish(&self) {
        let repository = repository();
        let manifest = std::fs::read_to_string(repository.join("Cargo.toml"))
            .expect("the repository has a manifest");
        let start = manifest.find("members = [").expect("a members list");
        let end = start + manifest[start..].find(']').expect("the list ends");
        let members: Vec<String> = self.members.iter().map(|m| format!("\"{m}\"")).collect();
        let manifest = format!(
            "{}members = [{}]{}",
            &manifest[..start],
            members.join(", "),
            &manifest[end + 1..]
        )
        .replace(
            "path = \"crates/",
            &format!("path = \"{}/crates/", repository.display()),
        );
        write(&self.root.join("Cargo.toml"), &manifest);
        std::fs::copy(repository.join("Cargo.lock"), self.root.join("Cargo.lock"))
            .expect("the lockfile copies");
    }

    fn cargo(&self, args: &[&str]) -> Command {
        self.finish();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(&self.root)
            .args(args)
            .args(["--offline", "--message-format=json"])
            .env("CARGO_TARGET_DIR", scratch_root().join("target"))
            .stdin(Stdio::null());
        // Variables cargo sets for the running test describe this crate, not the scratch one.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_CRATE_",
                "CARGO_BIN_",
                "CARGO_PRIMARY_",
            ]
            .iter()
            .any(|p| key.starts_with(p))
            {
                command.env_remove(key.as_ref());
            }
        }
        command
    }

    /// `cargo check` of every crate, going on past failures: each package's outcome.
    pub fn check(&self) -> Outcome {
        let output = self
            .cargo(&["check", "--workspace", "--keep-going"])
            .output()
            .expect("cargo runs");
        let mut outcome = outcomes(&String::from_utf8_lossy(&output.stdout));
        for member in &self.members {
            outcome.entry(member.clone()).or_insert_with(|| {
                Err(format!(
                    "cargo reported nothing for {member}:\n{}",
                    String::from_utf8_lossy(&output.stderr)
                ))
            });
        }
        outcome
    }

    /// Builds the binary `package` and returns its path, or the build errors.
    pub fn build(&self, package: &str) -> Result<PathBuf, String> {
        let output = self
            .cargo(&["build", "--package", package])
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let outcome = outcomes(&stdout);
        if let Some(Err(errors)) = outcome.get(package) {
            return Err(errors.clone());
        }
        for line in stdout.lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if message["reason"] == "compiler-artifact"
                && message["target"]["name"] == package
                && let Some(executable) = message["executable"].as_str()
            {
                return Ok(PathBuf::from(executable));
            }
        }
        Err(format!(
            "no executable for {package}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Writes what codegen generates from `schemas` for the crate `generator_crate`
/// (`regops-model`) into the crate at `dir`, under `src/generated/`, with a `mod.rs` that
/// makes each schema module public.
fn write_generated(dir: &Path, generator_crate: &str, schemas: &[&Schema]) {
    let prefix = format!("crates/{generator_crate}/src/generated/");
    let mut modules = Vec::new();
    for schema in schemas {
        for (path, text) in regops_codegen::generate(schema) {
            let Some(relative) = path.strip_prefix(&prefix) else {
                continue;
            };
            if relative != "mod.rs" {
                write(&dir.join("src/generated").join(relative), &text);
            }
        }
        modules.extend(schema.modules().keys().map(|m| m.to_string()));
    }
    modules.sort();
    let mut module_list =
        format!("//! The modules of `{generator_crate}` generated from test schemas.\n");
    for module in &modules {
        module_list.push_str(&format!("pub mod {module};\n"));
    }
    write(&dir.join("src/generated/mod.rs"), &module_list);
}

/// Per package: compiled, or the rendered errors, from cargo's JSON messages.
fn outcomes(stdout: &str) -> Outcome {
    let mut out: Outcome = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        // `path+file:///…/name#0.1.0` or `…#name@0.1.0`
        let Some(id) = message["package_id"].as_str() else {
            continue;
        };
        let fragment = id.rsplit('#').next().unwrap_or(id);
        let package = match fragment.split_once('@') {
            Some((name, _)) => name.to_string(),
            None => id
                .rsplit('/')
                .next()
                .and_then(|s| s.split('#').next())
                .unwrap_or(id)
                .to_string(),
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                out.entry(package).or_insert(Ok(()));
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or("");
                match out.entry(package).or_insert_with(|| Err(String::new())) {
                    Err(errors) => errors.push_str(rendered),
                    ok => *ok = Err(rendered.to_string()),
                }
            }
            _ => {}
        }
    }
    out
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("scratch folder is writable");
    }
    std::fs::write(path, text).expect("scratch file is writable");
}

fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) {
    std::fs::create_dir_all(to).expect("scratch folder is writable");
    for entry in std::fs::read_dir(from).expect("readable source folder") {
        let path = entry.expect("readable entry").path();
        if !keep(&path) {
            continue;
        }
        let target = to.join(path.file_name().expect("a file name"));
        if path.is_dir() {
            copy_tree(&path, &target, keep);
        } else {
            std::fs::copy(&path, &target).expect("copyable file");
        }
    }
}
