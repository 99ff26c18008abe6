//! Load benchmark: 100,000 followed operations on a virtual clock, SQLite vs PostgreSQL, in
//! one run. Each store runs in its own child process so that its peak RSS is its own.
//!
//! ```text
//! cargo bench -p regops-tracker --features postgres --bench tracker_load [-- OPERATIONS]
//! ```
//!
//! Phases, per store: add every operation; cycle 1 polls all of them for the first time
//! (one change each); cycle 2 polls all of them again (steady state, no change); cycle 3 polls
//! them again while a tenth finish (a tenth of changes). PostgreSQL needs its server binaries
//! (the cluster is started on a temporary directory, as in the tests).

#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Fake, Gandi, minutes};
use regops_tracker::{Clock, SqliteStore, Store, Timestamp, Tracker, VirtualClock};

const START: Timestamp = Timestamp::from_millis(1_795_342_272_000);

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn measure(store: impl Store, operations: i64) -> Vec<(String, f64)> {
    let clock = VirtualClock::new(START);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let gandi = Fake::<Gandi>::new(shared);
    for id in 0..operations {
        let mut script = vec![(Duration::ZERO, "RUN")];
        if id % 10 == 0 {
            script.push((minutes(25), "DONE"));
        }
        gandi.script(id, script);
    }
    let tracker = Tracker::builder()
        .store(store)
        .clock(clock.clone())
        .vendor_with(
            gandi,
            regops_tracker::VendorOptions::vendor().max_concurrent(64),
        )
        .batch_size(1_000)
        .seed(1)
        .build()
        .unwrap();
    let mut figures = Vec::new();
    let started = Instant::now();
    for chunk in (0..operations).collect::<Vec<_>>().chunks(10_000) {
        tracker
            .add_many("gandi", chunk.iter().copied())
            .await
            .unwrap();
    }
    figures.push(("add_s".to_owned(), started.elapsed().as_secs_f64()));
    for (name, advance, expected_changes) in [
        ("cycle1_first_poll_s", minutes(2), operations),
        ("cycle2_steady_s", minutes(12), 0),
        ("cycle3_tenth_done_s", minutes(12), operations / 10),
    ] {
        clock.advance(advance);
        let started = Instant::now();
        let cycle = tracker.run_once().await.unwrap();
        figures.push((name.to_owned(), started.elapsed().as_secs_f64()));
        assert_eq!(cycle.polled as i64, operations, "{name}");
        assert_eq!(cycle.changes as i64, expected_changes, "{name}");
    }
    let summary = tracker.summary().await.unwrap();
    assert_eq!(summary.finished as i64, operations / 10);
    figures
}

fn child(store_kind: &str, operations: i64, target: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let figures = runtime.block_on(async {
        match store_kind {
            "sqlite" => {
                let path = format!("{target}/tracker.db");
                let mut figures = measure(SqliteStore::open(&path).unwrap(), operations).await;
                let size: u64 = ["", "-wal", "-shm"]
                    .iter()
                    .filter_map(|suffix| std::fs::metadata(format!("{path}{suffix}")).ok())
                    .map(|m| m.len())
                    .sum();
                figures.push(("store_mib".to_owned(), size as f64 / 1_048_576.0));
                figures
            }
            _ => {
                let store = regops_tracker::PostgresStore::connect(target).await.unwrap();
                let mut figures = measure(store, operations).await;
                let (client, connection) =
                    tokio_postgres::connect(target, tokio_postgres::NoTls).await.unwrap();
                tokio::spawn(connection);
                let row = client
                    .query_one(
                        "SELECT pg_total_relation_size('operations') + pg_total_relation_size('changes') + pg_total_relation_size('deliveries')",
                        &[],
                    )
                    .await
                    .unwrap();
                figures.push(("store_mib".to_owned(), row.get::<_, i64>(0) as f64 / 1_048_576.0));
                figures
            }
        }
    });
    for (name, value) in figures {
        println!("{name} {value}");
    }
    println!("peak_rss_mib {}", peak_rss_kib() as f64 / 1024.0);
}

fn run_child(store_kind: &str, operations: i64, target: &str) -> Vec<(String, f64)> {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--child", store_kind, &operations.to_string(), target])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{store_kind} run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(' ')?;
            Some((name.to_owned(), value.parse().ok()?))
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--child") {
        child(&args[2], args[3].parse().unwrap(), &args[4]);
        return;
    }
    // `cargo bench` passes `--bench`; an integer argument sets the number of operations.
    let operations: i64 = args
        .iter()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let sqlite = run_child("sqlite", operations, dir.path().to_str().unwrap());
    let cluster = common::pg::PgCluster::start("tracker_load (PostgreSQL)");
    let postgres = cluster
        .as_ref()
        .map(|cluster| run_child("postgres", operations, &cluster.conninfo()));

    println!("\n{operations} followed operations, virtual clock, one run:\n");
    println!("| figure | SQLite | PostgreSQL | PostgreSQL / SQLite |");
    println!("|---|---|---|---|");
    for (name, value) in &sqlite {
        let other = postgres
            .as_ref()
            .and_then(|figures| figures.iter().find(|(n, _)| n == name))
            .map(|(_, v)| *v);
        match other {
            Some(other) => println!(
                "| {name} | {value:.3} | {other:.3} | {:.2}× |",
                other / value
            ),
            None => println!("| {name} | {value:.3} | skipped | |"),
        }
    }
    let per_op = |figures: &[(String, f64)]| {
        figures
            .iter()
            .find(|(n, _)| n == "cycle2_steady_s")
            .map(|(_, v)| v / operations as f64 * 1e6)
            .unwrap_or(0.0)
    };
    print!(
        "\nsteady cycle per operation: SQLite {:.1} µs",
        per_op(&sqlite)
    );
    if let Some(postgres) = &postgres {
        print!(", PostgreSQL {:.1} µs", per_op(postgres));
    }
    println!();
}
