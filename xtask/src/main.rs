//! `cargo xtask codegen [--check]`: regenerates the committed generated files from
//! `schema/`, or checks that they are up to date. `cargo xtask schema-diff`: classifies the
//! changes of a schema edit. `cargo xtask bench-data [DIR]`: writes the generated benchmark
//! payloads (`regops-testdata`) for tools outside the repository.

#![deny(missing_docs)]

mod bench_data;
mod codegen;
mod schema_diff;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]
       cargo xtask schema-diff [--against GIT-REV | --old DIR] [--format text|json] [--deny CATEGORY…]
       cargo xtask bench-data [DIR]

  codegen          regenerate every generated file from schema/*.xml
  codegen --check  fail, naming each stale file with a short diff, if any is out of date
  schema-diff      list and classify the changes of schema/ against an older schema
                   (`cargo xtask schema-diff --help` for its options)
  bench-data [DIR] write the benchmark payloads (operation.list, N = 10/100/1000, XML-RPC
                   in Python's and the compact layout, JSON) to DIR (target/bench-data)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => codegen::Mode::Write,
        ["codegen", "--check"] => codegen::Mode::Check,
        ["schema-diff", rest @ ..] => {
            return schema_diff::main(&codegen::workspace_root(), rest);
        }
        ["bench-data", rest @ ..] if rest.len() <= 1 => {
            let root = codegen::workspace_root();
            let dir = rest
                .first()
                .map_or_else(|| root.join("target/bench-data"), std::path::PathBuf::from);
            return match bench_data::write(&dir) {
                Ok(report) => {
                    print!("{report}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("bench-data: {error}");
                    ExitCode::FAILURE
                }
            };
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match codegen::run(&codegen::workspace_root(), mode) {
        Ok(report) => {
            print!("{report}");
            if report.is_success(mode) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprint!("{error}");
            ExitCode::FAILURE
        }
    }
}
