//! `regops sandbox`: starts a sandbox registrar and prints how to reach it.

use std::net::SocketAddr;
use std::process::ExitCode;

use regops_sandbox::http::{ADMIN_PREFIX, GANDI_PATH, NETIM_BASE};
use regops_sandbox::plan::Vendor;
use regops_sandbox::{ClockMode, Config, CreateRequest, Sandbox};

/// Options of `regops sandbox`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  regops sandbox                                  # real time, state in regops-sandbox.db
  regops sandbox --clock virtual --db :memory:    # a test run: time moves only when told
  curl -s -X POST localhost:8080/_sandbox/clock/advance -d '{\"seconds\": 259200}' \\
       -H 'content-type: application/json'        # three days later

  regops sandbox --demo                           # four operations to follow (see README)

A domain's first label scripts the outcome: fail-<error> (fail-duplicate, fail-timeout, …),
support, slow, instant; anything else succeeds.")]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// SQLite database file (`:memory:` for a throw-away sandbox).
    #[arg(long, default_value = "regops-sandbox.db")]
    db: String,
    /// Real time, or a virtual clock moved by `POST /_sandbox/clock/advance`.
    #[arg(long, value_enum, default_value_t = Clock::Real)]
    clock: Clock,
    /// Seed of the test credentials (the same seed gives the same API key and secret).
    #[arg(long)]
    seed: Option<u64>,
    /// Answer a poll of the same operation within 5 minutes of sandbox time with the vendor's
    /// rate-limit error (Gandi `ratelimit` fault, Netim 429).
    #[arg(long)]
    strict_poll: bool,
    /// Create four operations to follow at start and print their tracking numbers: a Gandi
    /// domain creation that succeeds and one that fails, the same at Netim.
    #[arg(long)]
    demo: bool,
}

/// The `--demo` operations: vendor, domain (its first label scripts the outcome).
const DEMO: &[(Vendor, &str)] = &[
    (Vendor::Gandi, "example.com"),
    (Vendor::Gandi, "fail-duplicate.example.com"),
    (Vendor::Netim, "example.fr"),
    (Vendor::Netim, "fail.example.fr"),
];

/// Creates the `--demo` operations; gives `vendor id domain` lines.
fn demo(sandbox: &Sandbox) -> Result<Vec<String>, regops_sandbox::CoreError> {
    let mut lines = Vec::new();
    for (vendor, domain) in DEMO {
        let rows = sandbox.admin_create(&CreateRequest {
            vendor: *vendor,
            kind: None,
            domain: (*domain).to_string(),
            state: None,
            outcome: None,
            params: Default::default(),
            count: None,
        })?;
        for row in rows {
            let name = match vendor {
                Vendor::Gandi => "gandi",
                Vendor::Netim => "netim",
            };
            lines.push(format!("{name} {} {domain}", row.id));
        }
    }
    Ok(lines)
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Clock {
    Real,
    Virtual,
}

pub fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> ExitCode {
    let config = Config {
        db: args.db.clone(),
        clock: match args.clock {
            Clock::Real => ClockMode::Real,
            Clock::Virtual => ClockMode::Virtual,
        },
        seed: args.seed,
        strict_poll: args.strict_poll,
        ..Config::default()
    };
    let sandbox = match Sandbox::open(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e} ({})", args.db);
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().unwrap_or(args.listen);
    let creds = sandbox.credentials();
    outln!(
        "regops sandbox listening on http://{addr} ({:?} clock, database {})",
        args.clock,
        args.db
    );
    outln!(
        "  Gandi XML-RPC  http://{addr}{GANDI_PATH}   API key: {}",
        creds.gandi_api_key
    );
    outln!(
        "  Netim REST 3.0 http://{addr}{NETIM_BASE}   login: {}  secret: {}  (contacts SO1 owner, SC2 simple)",
        creds.netim_login,
        creds.netim_secret
    );
    outln!("  Admin          http://{addr}{ADMIN_PREFIX}/");
    if args.demo {
        match demo(&sandbox) {
            Ok(lines) => {
                outln!("  Demo operations (vendor, tracking number, domain):");
                for line in lines {
                    outln!("    {line}");
                }
            }
            Err(e) => {
                eprintln!("error: creating the demo operations: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    match regops_sandbox::http::serve(sandbox, listener, crate::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
