//! Reading the schema of a git revision without checking it out.

use std::io::{Read as _, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use regops_schema::SourceFile;

/// A git command that failed or could not run.
#[derive(Debug)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs `git -C root args…` and returns its standard output.
pub fn git(root: &Path, args: &[&str]) -> Result<String, GitError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(GitError(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string())
}

/// The commit `rev` names, or `None` when there is none (an unknown name, or a parent a
/// shallow clone does not have).
pub fn commit(root: &Path, rev: &str) -> Option<String> {
    git(
        root,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .ok()
}

/// The `schema/*.xml` files of `commit` (every `.xml` directly in `schema/`, as the loader
/// reads a folder), named `<short>:schema/<file>` so that messages say which revision.
pub fn schema_files(root: &Path, commit: &str, short: &str) -> Result<Vec<SourceFile>, GitError> {
    let listing = git(root, &["ls-tree", "-z", commit, "--", "schema/"])?;
    let mut entries: Vec<(String, String)> = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        // `<mode> <type> <object>\t<path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(_), Some(kind), Some(object)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        let Some(name) = path.strip_prefix("schema/") else {
            continue;
        };
        if kind == "blob" && name.ends_with(".xml") && !name.contains('/') {
            entries.push((name.to_string(), object.to_string()));
        }
    }
    entries.sort();
    let objects: Vec<&str> = entries.iter().map(|(_, o)| o.as_str()).collect();
    let texts = read_blobs(root, &objects)?;
    Ok(entries
        .into_iter()
        .zip(texts)
        .map(|((name, _), text)| SourceFile::new(format!("{short}:schema/{name}"), text))
        .collect())
}

/// The contents of `objects`, read by one `git cat-file --batch`.
fn read_blobs(root: &Path, objects: &[&str]) -> Result<Vec<String>, GitError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError(format!("cannot run git: {e}")))?;
    let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(request.as_bytes())
            .map_err(|e| GitError(format!("git cat-file: {e}")))?;
    }
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        stdout
            .read_to_end(&mut out)
            .map_err(|e| GitError(format!("git cat-file: {e}")))?;
    }
    let status = child
        .wait()
        .map_err(|e| GitError(format!("git cat-file: {e}")))?;
    if !status.success() {
        return Err(GitError("`git cat-file --batch` failed".to_string()));
    }
    // `<object> blob <size>\n<contents>\n` per object.
    let mut texts = Vec::new();
    let mut rest = out.as_slice();
    for object in objects {
        let header_end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(|| GitError(format!("git cat-file: no header for {object}")))?;
        let header = String::from_utf8_lossy(&rest[..header_end]).to_string();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| GitError(format!("git cat-file: unexpected header `{header}`")))?;
        let body = rest
            .get(header_end + 1..header_end + 1 + size)
            .ok_or_else(|| GitError(format!("git cat-file: {object} is truncated")))?;
        texts.push(String::from_utf8_lossy(body).into_owned());
        rest = rest.get(header_end + 2 + size..).unwrap_or_default();
    }
    Ok(texts)
}
