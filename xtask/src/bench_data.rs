//! `cargo xtask bench-data [DIR]`: the payloads the benchmarks generate in memory, written to
//! files for peers (other implementations, load tools) that read them from disk.

use std::fmt::Write as _;
use std::path::Path;

/// Writes every payload file into `dir` (created if needed); returns what it wrote.
pub fn write(dir: &Path) -> std::io::Result<String> {
    std::fs::create_dir_all(dir)?;
    let mut report = String::new();
    for (name, contents) in regops_testdata::files(&regops_testdata::SIZES) {
        let path = dir.join(&name);
        std::fs::write(&path, &contents)?;
        let _ = writeln!(
            report,
            "wrote {} ({} bytes)",
            path.display(),
            contents.len()
        );
    }
    Ok(report)
}
