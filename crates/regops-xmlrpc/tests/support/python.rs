//! Runs a Python script with `python3`, feeding it stdin and returning its stdout.
//! Python is on every machine of this project and on CI: a missing `python3` fails the test.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// Runs `python3 -c script args…` with `stdin`; panics with Python's output if it fails.
pub fn run(script: &str, args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 must be installed (it is on every machine of this project and on CI)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write to python");
    let out = child.wait_with_output().expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
