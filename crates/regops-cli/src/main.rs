//! `regops`: the command-line face of regops: a sandbox registrar, the vendors' operation
//! calls, an operation tracker, validation and the schema's JSON Schemas.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `out!` to standard output that ends the program quietly, with success, when the reader
/// has gone (`regops schema json | head`), where `out!` would panic.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!($($arg)*))
    };
}

/// `outln!` with [`out!`]'s handling of a closed standard output.
macro_rules! outln {
    () => {
        $crate::out::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::out::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod config;
mod fail;
mod gandi;
mod netim;
mod out;
mod sandbox;
mod schema;
mod track;
mod validate;

/// Where the vendor commands read their credentials; appended to their `--help`.
macro_rules! examples_env {
    () => {
        "Credentials come from the environment (or --config FILE of NAME=value lines), never
from arguments: REGOPS_GANDI_API_KEY, REGOPS_GANDI_URL, REGOPS_NETIM_ID,
REGOPS_NETIM_SECRET, REGOPS_NETIM_URL; or REGOPS_SANDBOX_URL=http://127.0.0.1:8080 for a
`regops sandbox` (its test credentials are read from it)."
    };
}
pub(crate) use examples_env as EXAMPLES_ENV;

/// regops: typed registrar operations (Gandi, Netim), from one schema.
#[derive(Debug, Parser)]
#[command(
    name = "regops",
    version,
    about,
    long_about = None,
    after_help = concat!("Examples:
  regops sandbox --clock virtual --db :memory:
  export REGOPS_SANDBOX_URL=http://127.0.0.1:8080
  regops gandi ops list --step RUN
  regops track add gandi 42 && regops track run --until-settled
  regops validate --type gandi.RelaunchOperationParameters fix.json --domain example.ca

", "Credentials: see `regops gandi ops list --help`.\n\n", fail::EXIT_CODES_LITERAL!())
)]
struct Cli {
    /// JSON on standard output, for scripts.
    #[arg(long, global = true)]
    json: bool,
    /// A file of NAME=value settings (REGOPS_GANDI_API_KEY=…); the environment wins.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a sandbox registrar: Gandi XML-RPC and Netim REST 3.0 on one HTTP port.
    Sandbox(sandbox::Args),
    /// Gandi's operations (XML-RPC): list, count, info, cancel, relaunch.
    Gandi(gandi::Args),
    /// Netim's operations (REST 3.0): query, pending, cancel.
    Netim(netim::Args),
    /// Follow tracking numbers to their end: add, import, run, status, history.
    Track(track::Args),
    /// Check a JSON document against the schema's rules for a type.
    Validate(validate::Args),
    /// Export the schema: JSON Schemas of its types.
    Schema(schema::Args),
}

/// What every command gets.
pub struct Context {
    pub json: bool,
    pub settings: config::Settings,
}

impl Context {
    /// The vendors' clients, from the settings.
    pub async fn vendors(&self) -> Result<config::Vendors, fail::Failure> {
        self.settings
            .vendors(&regops_client::ClientOptions::default())
            .await
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let json = cli.json;
    let result = match cli.command {
        Command::Sandbox(args) => return sandbox::run(args),
        Command::Validate(args) => validate::run(args, json),
        Command::Schema(args) => schema::run(args, json),
        command => with_runtime(command, cli.config, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !failure.message.is_empty() {
                eprintln!("error: {}", failure.message);
            }
            failure.exit_code()
        }
    }
}

fn with_runtime(
    command: Command,
    config: Option<PathBuf>,
    json: bool,
) -> Result<(), fail::Failure> {
    let settings = config::Settings::load(config.as_deref())?;
    let cx = Context { json, settings };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| fail::Failure::config(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        match command {
            Command::Gandi(args) => gandi::run(args, &cx).await,
            Command::Netim(args) => netim::run(args, &cx).await,
            Command::Track(args) => track::run(args, &cx).await,
            Command::Sandbox(_) | Command::Validate(_) | Command::Schema(_) => Ok(()),
        }
    })
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
