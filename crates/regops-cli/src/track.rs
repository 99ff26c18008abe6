//! `regops track …`: follow tracking numbers to their end with a `regops_tracker::Tracker` on a
//! SQLite file.

use std::io::IsTerminal as _;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use regops_tracker::{
    Change, Hook, OperationRecord, PollPolicy, SqliteStore, Store, Timestamp, Tracker, Trigger,
    VendorOptions,
};

use crate::config::Vendors;
use crate::fail::Failure;
use crate::out::{self, Table};
use crate::{Context, EXAMPLES_ENV};

/// `regops track …`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tracker's SQLite file (default: REGOPS_TRACKER_DB, else regops-tracker.db).
    #[arg(long, global = true)]
    db: Option<String>,
    /// Poll interval of a young operation (`10m`, `30s`; default 10m); at least 5m against a
    /// real vendor. Given to `add` and `import` it also sets when the first poll comes.
    #[arg(long, global = true, value_parser = parse_duration)]
    interval: Option<Duration>,
    /// Cap of the interval, which grows for operations pending for hours or days.
    #[arg(long, global = true, value_parser = parse_duration)]
    max_interval: Option<Duration>,
    #[command(subcommand)]
    command: Track,
}

#[derive(Debug, clap::Subcommand)]
enum Track {
    /// Start following operations (tracking numbers) of a vendor.
    #[command(after_help = concat!("Examples:
  regops track add gandi 42
  regops track add netim 4242 4243 4244
", "\n", EXAMPLES_ENV!()))]
    Add {
        /// `gandi` or `netim`.
        #[arg(value_parser = ["gandi", "netim"])]
        vendor: String,
        /// Tracking numbers.
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Follow every operation the vendors list as pending (Netim `queryOpePending`, Gandi
    /// `operation.list` at BILL, WAIT or RUN, all pages).
    #[command(after_help = concat!("Examples:
  regops track import
  regops track import --json
", "\n", EXAMPLES_ENV!()))]
    Import,
    /// Poll the followed operations until they end, report each change once, run the hooks.
    ///
    /// Each change is printed as it is recorded (one JSON object per line with --json); a
    /// progress line shows on standard error when it is a terminal. Stops on Ctrl-C or
    /// SIGTERM, or with --until-settled when nothing is left to follow.
    #[command(after_help = concat!("Examples:
  regops track run                                   # every 10 minutes (the vendors' rule)
  regops track run --until-settled --on-done 'notify-send \"$REGOPS_OPERATION done\"'
  regops track run --on-error 'mail -s \"$REGOPS_VENDOR $REGOPS_OPERATION failed\" ops@example.com'
  regops track run --webhook https://hooks.example.com/regops --json

Hooks run with `sh -c`; the change is JSON on standard input and in REGOPS_VENDOR,
REGOPS_OPERATION, REGOPS_STATUS, REGOPS_PHASE, REGOPS_FROM_STATUS, REGOPS_MESSAGE,
REGOPS_DELIVERY_ID. A failing hook is retried later and recorded; a hook that succeeded is
never run again for the same change, even after a restart.
Against a vendor's real API the interval is never under 5 minutes; a sandbox
(REGOPS_SANDBOX_URL or REGOPS_ENDPOINT=sandbox) may be polled at any interval.
", "\n", EXAMPLES_ENV!()))]
    Run(RunArgs),
    /// The followed operations and where each stands.
    #[command(after_help = "Examples:
  regops track status
  regops track status --json | jq '.[] | select(.state == \"following\")'")]
    Status,
    /// The recorded changes of one operation, oldest first.
    #[command(after_help = "Examples:
  regops track history gandi 42
  regops track history netim 4242 --json")]
    History {
        /// `gandi` or `netim`.
        #[arg(value_parser = ["gandi", "netim"])]
        vendor: String,
        /// The tracking number.
        id: i64,
    },
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// Stop when every followed operation has ended and every hook ran.
    #[arg(long)]
    until_settled: bool,
    /// At most this many calls to one vendor at once.
    #[arg(long, default_value_t = 4)]
    max_concurrent: usize,
    /// Shell command run once for each operation that ends DONE (succeeded).
    #[arg(long, value_name = "COMMAND")]
    on_done: Option<String>,
    /// Shell command run once for each operation that ends in failure (ERROR, Failed, …).
    #[arg(long, value_name = "COMMAND")]
    on_error: Option<String>,
    /// Shell command run once for every change.
    #[arg(long, value_name = "COMMAND")]
    on_change: Option<String>,
    /// URL every change is POSTed to as JSON.
    #[arg(long, value_name = "URL")]
    webhook: Option<String>,
}

/// The poll policy the options give, if they give one.
fn poll_policy(interval: Option<Duration>, cap: Option<Duration>) -> Option<PollPolicy> {
    if interval.is_none() && cap.is_none() {
        return None;
    }
    let mut poll = interval.map_or_else(PollPolicy::default, PollPolicy::every);
    if let Some(cap) = cap {
        poll = poll.max_interval(cap);
    }
    Some(poll)
}

/// `90s`, `10m`, `2h`, `1d`, `500ms`, or plain seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}`: expected a duration such as 30s, 10m, 2h"))?;
    let seconds = match unit {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        "d" => number * 86400.0,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit `{unit}`; expected ms, s, m, h or d"
            ));
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("`{text}`: {e}"))
}

pub async fn run(args: Args, cx: &Context) -> Result<(), Failure> {
    let db = cx.settings.tracker_db(args.db.as_deref());
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(&db)
            .map_err(|e| Failure::from(e).context(&format!("tracker store {db}")))?,
    );
    let poll = poll_policy(args.interval, args.max_interval);
    match args.command {
        Track::Add { vendor, ids } => {
            let vendors = cx.vendors().await?;
            let tracker = build(&store, &vendors, poll, Vec::new(), 4)?;
            let added = tracker.add_many(&vendor, ids.iter().copied()).await?;
            if cx.json {
                out::json(&serde_json::json!({
                    "vendor": vendor, "ids": ids, "added": added,
                    "already_followed": ids.len() as u64 - added,
                }));
            } else {
                outln!(
                    "following {added} new {vendor} operation(s) ({} already followed) in {db}",
                    ids.len() as u64 - added
                );
            }
            vendors.close().await;
        }
        Track::Import => {
            let vendors = cx.vendors().await?;
            let tracker = build(&store, &vendors, poll, Vec::new(), 4)?;
            let reports = tracker.import_pending().await;
            vendors.close().await;
            let reports = reports?;
            if cx.json {
                let list: Vec<_> = reports
                    .iter()
                    .map(|r| serde_json::json!({"vendor": r.vendor, "pending": r.seen, "added": r.added}))
                    .collect();
                out::json(&serde_json::Value::Array(list));
            } else {
                let mut table = Table::new(&["VENDOR", "PENDING", "ADDED"]);
                for r in &reports {
                    table.row(vec![
                        r.vendor.clone(),
                        r.seen.to_string(),
                        r.added.to_string(),
                    ]);
                }
                table.print();
            }
        }
        Track::Run(run) => {
            let vendors = cx.vendors().await?;
            let result = run_loop(&store, &vendors, poll, run, cx).await;
            vendors.close().await;
            result?;
        }
        Track::Status => {
            let records = store.operations().await?;
            if cx.json {
                out::json(&serde_json::Value::Array(
                    records.iter().map(record_json).collect(),
                ));
            } else {
                status_table(&records).print();
            }
        }
        Track::History { vendor, id } => {
            if store.operation(&vendor, id).await?.is_none() {
                return Err(Failure::config(format!(
                    "{vendor} operation {id} is not followed in {db}; add it with `regops track add {vendor} {id}`"
                )));
            }
            let changes = store.history(&vendor, id).await?;
            if cx.json {
                out::json(&serde_json::Value::Array(
                    changes.iter().map(Change::to_json).collect(),
                ));
            } else {
                let mut table = Table::new(&["SEQ", "AT", "FROM", "TO", "PHASE", "MESSAGE"]);
                for c in &changes {
                    table.row(vec![
                        c.seq.to_string(),
                        c.at.to_string(),
                        out::or_dash(c.from_status.as_deref()),
                        c.status.clone(),
                        out::or_dash(c.phase.map(|p| p.as_str())),
                        out::or_dash(c.message.as_deref()),
                    ]);
                }
                table.print();
            }
        }
    }
    Ok(())
}

/// A tracker on `store` with every configured vendor.
fn build(
    store: &Arc<dyn Store>,
    vendors: &Vendors,
    poll: Option<PollPolicy>,
    hooks: Vec<Hook>,
    max_concurrent: usize,
) -> Result<Tracker, Failure> {
    let options = || {
        let o = if vendors.sandbox {
            VendorOptions::sandbox()
        } else {
            VendorOptions::vendor()
        };
        let o = o.max_concurrent(max_concurrent);
        match poll {
            Some(poll) => o.poll(poll),
            None => o,
        }
    };
    let mut builder = Tracker::builder().shared_store(store.clone());
    if let Some(gandi) = &vendors.gandi {
        builder = builder.vendor_with(gandi.clone(), options());
    }
    if let Some(netim) = &vendors.netim {
        builder = builder.vendor_with(netim.clone(), options());
    }
    for hook in hooks {
        builder = builder.hook(hook);
    }
    if vendors.gandi.is_none() && vendors.netim.is_none() {
        return Err(Failure::config(format!(
            "no vendor is configured.\n{}\n{}",
            vendors.gandi_missing, vendors.netim_missing
        )));
    }
    Ok(builder.build()?)
}

fn hooks(run: &RunArgs) -> Vec<Hook> {
    let shell = |name: &str, command: &str| Hook::command(name, "sh", ["-c", command]);
    let mut hooks = Vec::new();
    if let Some(command) = &run.on_done {
        hooks.push(shell("on-done", command).on(Trigger::done()));
    }
    if let Some(command) = &run.on_error {
        hooks.push(shell("on-error", command).on(Trigger::error()));
    }
    if let Some(command) = &run.on_change {
        hooks.push(shell("on-change", command));
    }
    if let Some(url) = &run.webhook {
        hooks.push(Hook::webhook("webhook", url.clone()));
    }
    hooks
}

async fn run_loop(
    store: &Arc<dyn Store>,
    vendors: &Vendors,
    poll: Option<PollPolicy>,
    run: RunArgs,
    cx: &Context,
) -> Result<(), Failure> {
    let tracker = build(store, vendors, poll, hooks(&run), run.max_concurrent)
        .map_err(|f| f.context("track run"))?;
    let progress = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut cursor = store.last_change_seq().await?;
    let mut stop = std::pin::pin!(crate::shutdown_signal());
    let (mut polls, mut failures, mut reported) = (0u64, 0u64, 0u64);
    loop {
        let cycle = tracker.run_once().await?;
        polls += cycle.polled;
        failures += cycle.failed;
        loop {
            let changes = store.changes_after(cursor, 256).await?;
            if changes.is_empty() {
                break;
            }
            for change in &changes {
                cursor = change.seq;
                reported += 1;
                progress.suspend(|| print_change(change, cx.json));
            }
        }
        let summary = tracker.summary().await?;
        progress.set_message(format!(
            "following {}, finished {}, abandoned {} · {polls} polls, {failures} failed, {reported} changes · hooks pending {}, failed {}",
            summary.following,
            summary.finished,
            summary.abandoned,
            summary.deliveries_pending,
            summary.deliveries_failed
        ));
        if run.until_settled && cycle.next_due.is_none() {
            break;
        }
        let now = tracker.now();
        let wake = cycle
            .next_due
            .map_or(Duration::from_secs(5), |due| due.since(now))
            .min(Duration::from_secs(5));
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(wake) => {}
        }
    }
    progress.finish_and_clear();
    if !cx.json {
        let summary = tracker.summary().await?;
        eprintln!(
            "track run: {polls} polls ({failures} failed), {reported} changes; following {}, finished {}, abandoned {}; hooks pending {}, failed {}",
            summary.following,
            summary.finished,
            summary.abandoned,
            summary.deliveries_pending,
            summary.deliveries_failed
        );
    }
    Ok(())
}

fn print_change(change: &Change, json: bool) {
    if json {
        let mut value = change.to_json();
        if let Some(map) = value.as_object_mut() {
            // The vendor's whole answer stays in the store (`track history --json`).
            map.remove("detail");
        }
        outln!("{value}");
        return;
    }
    let phase = change.phase.map_or("?", |p| p.as_str());
    let from = change.from_status.as_deref().unwrap_or("(new)");
    let message = change
        .message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default();
    outln!(
        "{} {} {} → {} ({phase}){message}",
        change.vendor,
        change.operation,
        from,
        change.status
    );
}

fn record_json(r: &OperationRecord) -> serde_json::Value {
    serde_json::json!({
        "vendor": r.vendor,
        "id": r.id,
        "state": r.state.as_str(),
        "status": r.status,
        "phase": r.phase.map(|p| p.as_str()),
        "message": r.message,
        "added_at": r.added_at.to_string(),
        "updated_at": r.updated_at.to_string(),
        "next_poll_at": r.next_poll_at.map(|t: Timestamp| t.to_string()),
        "polls": r.polls,
        "failures": r.failures,
        "last_error": r.last_error,
    })
}

fn status_table(records: &[OperationRecord]) -> Table {
    let mut table = Table::new(&[
        "VENDOR",
        "ID",
        "STATE",
        "STATUS",
        "PHASE",
        "POLLS",
        "NEXT POLL",
        "LAST ERROR",
    ]);
    for r in records {
        table.row(vec![
            r.vendor.clone(),
            r.id.to_string(),
            r.state.as_str().to_string(),
            out::or_dash(r.status.as_deref()),
            out::or_dash(r.phase.map(|p| p.as_str())),
            r.polls.to_string(),
            out::or_dash(r.next_poll_at),
            out::or_dash(r.last_error.as_deref()),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_units() {
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("m").is_err());
    }
}
