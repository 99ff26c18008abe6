//! `regops`: the command-line face of regops. Today it runs a sandbox registrar
//! (`regops sandbox`); the client and tracker commands come next.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod sandbox;

/// regops: typed registrar operations (Gandi, Netim), from one schema.
#[derive(Debug, Parser)]
#[command(name = "regops", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a sandbox registrar: Gandi XML-RPC and Netim REST 3.0 on one HTTP port.
    Sandbox(sandbox::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Sandbox(args) => sandbox::run(args),
    }
}
