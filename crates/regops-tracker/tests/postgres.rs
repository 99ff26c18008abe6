//! The PostgreSQL store, on a throw-away cluster started by the test: the same guarantees as
//! SQLite, and several tracker processes sharing the work.
#![cfg(feature = "postgres")]

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::pg::PgCluster;
use common::{Fake, Netim, append_line, child_env, hours, minutes, spawn_child};
use futures_util::StreamExt;
use regops_tracker::{
    Clock, DeliveryState, FollowState, Hook, PollPolicy, PostgresStore, SystemClock, Timestamp,
    Tracker, Trigger, VendorOptions, VirtualClock,
};

const START: Timestamp = Timestamp::from_millis(1_795_342_272_000);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postgres_store_records_each_change_and_delivery_once() {
    let Some(cluster) =
        PgCluster::start("the_postgres_store_records_each_change_and_delivery_once")
    else {
        return;
    };
    let clock = VirtualClock::new(START);
    let netim = Fake::<Netim>::new(Arc::new(clock.clone()));
    for id in 1..=20 {
        let end = if id % 3 == 0 { "Failed" } else { "Done" };
        netim.script(
            id,
            vec![(Duration::ZERO, "Pending"), (hours(id as u64), end)],
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("hooks.log");
    let build = |store: PostgresStore| {
        Tracker::builder()
            .store(store)
            .clock(clock.clone())
            .vendor(netim.clone())
            .hook(Hook::command(
                "log",
                "sh",
                [
                    "-c".to_owned(),
                    format!("echo \"$REGOPS_DELIVERY_ID\" >> '{}'", log.display()),
                ],
            ))
            .hook(
                Hook::command("broken", "false", Vec::<String>::new())
                    .on(Trigger::error())
                    .max_attempts(2),
            )
            .build()
            .unwrap()
    };
    let tracker = build(PostgresStore::connect(&cluster.conninfo()).await.unwrap());
    // Migrating twice is a no-op.
    let again = build(PostgresStore::connect(&cluster.conninfo()).await.unwrap());
    let mut stream = again.changes().await.unwrap();
    assert_eq!(tracker.add_many("netim", 1..=20).await.unwrap(), 20);
    assert_eq!(again.add_many("netim", 1..=20).await.unwrap(), 0);
    for _ in 0..(24 * 60) {
        let cycle = tracker.run_once().await.unwrap();
        if cycle.next_due.is_none() {
            break;
        }
        clock.advance(minutes(1));
    }
    let mut all = Vec::new();
    for id in 1..=20 {
        let record = tracker.operation("netim", id).await.unwrap().unwrap();
        assert_eq!(record.state, FollowState::Finished);
        let history = tracker.history("netim", id).await.unwrap();
        let statuses: Vec<&str> = history.iter().map(|c| c.status.as_str()).collect();
        let end = if id % 3 == 0 { "Failed" } else { "Done" };
        assert_eq!(statuses, ["Pending", end]);
        for delivery in tracker.deliveries("netim", id).await.unwrap() {
            let expected = if delivery.hook == "log" {
                (DeliveryState::Delivered, 1)
            } else {
                (DeliveryState::Failed, 2)
            };
            assert_eq!(
                (delivery.state, delivery.attempts),
                expected,
                "{delivery:?}"
            );
        }
        all.extend(history);
    }
    all.sort_by_key(|c| c.seq);
    let mut streamed = Vec::new();
    while streamed.len() < all.len() {
        let change = tokio::time::timeout(Duration::from_secs(30), stream.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        streamed.push(change);
    }
    assert_eq!(streamed, all);
    let hook_runs = std::fs::read_to_string(&log).unwrap();
    assert_eq!(hook_runs.lines().count(), all.len());
    let summary = tracker.summary().await.unwrap();
    assert_eq!(
        (summary.finished, summary.changes, summary.deliveries_failed),
        (20, 40, 6)
    );
}

const SHARED_OPERATIONS: i64 = 1_000;
const INTERVAL: Duration = Duration::from_secs(1);
const LEASE: Duration = Duration::from_secs(3);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "child process of `two_tracker_processes_share_the_work_and_take_over_a_dead_ones`"]
async fn postgres_tracker_child() {
    let owner = child_env("REGOPS_CHILD_OWNER");
    let log = child_env("REGOPS_CHILD_LOG");
    let store = PostgresStore::connect(&child_env("REGOPS_CHILD_PG"))
        .await
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let netim = Fake::<Netim>::new(Arc::clone(&clock));
    for id in 0..SHARED_OPERATIONS {
        netim.script(id, vec![(Duration::ZERO, "Pending")]);
    }
    let tracker = Tracker::builder()
        .store(store)
        .vendor_with(
            LoggingVendor {
                inner: netim,
                log,
                owner: owner.clone(),
            },
            VendorOptions::sandbox()
                .poll(PollPolicy::every(INTERVAL).jitter(0.2))
                .max_concurrent(16),
        )
        .owner(owner)
        .lease(LEASE)
        .call_timeout(Duration::from_secs(1))
        .batch_size(100)
        .build()
        .unwrap();
    tracker
        .run_until(tokio::time::sleep(Duration::from_secs(120)))
        .await
        .unwrap();
}

/// The fake Netim, logging `owner id millis` for every call.
struct LoggingVendor {
    inner: Fake<Netim>,
    log: String,
    owner: String,
}

impl regops_tracker::VendorApi for LoggingVendor {
    type Operation = regops_model::netim::OperationResponse;
    type Pending = regops_model::netim::PendingOperation;

    async fn operation(&self, id: i64) -> Result<Self::Operation, regops_tracker::VendorError> {
        append_line(
            &self.log,
            &format!("{} {id} {}", self.owner, SystemClock.now().as_millis()),
        );
        self.inner.operation(id).await
    }

    async fn pending(
        &self,
        page: u32,
    ) -> Result<regops_tracker::PendingPage<Self::Pending>, regops_tracker::VendorError> {
        self.inner.pending(page).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tracker_processes_share_the_work_and_take_over_a_dead_ones() {
    let Some(cluster) =
        PgCluster::start("two_tracker_processes_share_the_work_and_take_over_a_dead_ones")
    else {
        return;
    };
    {
        let store = PostgresStore::connect(&cluster.conninfo()).await.unwrap();
        let setup = Tracker::builder()
            .store(store)
            .vendor_with(
                Fake::<Netim>::new(Arc::new(SystemClock)),
                VendorOptions::sandbox().poll(PollPolicy::every(INTERVAL).jitter(0.2)),
            )
            .build()
            .unwrap();
        assert_eq!(
            setup.add_many("netim", 0..SHARED_OPERATIONS).await.unwrap(),
            1_000
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("polls.log");
    let env = |owner: &str| {
        [
            ("REGOPS_CHILD_OWNER", owner.to_owned()),
            ("REGOPS_CHILD_LOG", log.display().to_string()),
            ("REGOPS_CHILD_PG", cluster.conninfo()),
        ]
    };
    let started = SystemClock.now();
    let mut a = spawn_child("postgres_tracker_child", &env("a"));
    let mut b = spawn_child("postgres_tracker_child", &env("b"));
    // Both share the work for a while, then `a` dies (SIGKILL) and `b` carries on alone.
    std::thread::sleep(Duration::from_secs(6));
    a.kill().unwrap();
    a.wait().unwrap();
    let killed_at = SystemClock.now();
    std::thread::sleep(LEASE + Duration::from_secs(5));
    b.kill().unwrap();
    b.wait().unwrap();

    let text = std::fs::read_to_string(&log).unwrap();
    let mut polls: BTreeMap<i64, Vec<(i64, char)>> = BTreeMap::new();
    for line in text.lines() {
        let mut fields = line.split(' ');
        let owner = fields.next().unwrap().chars().next().unwrap();
        let id: i64 = fields.next().unwrap().parse().unwrap();
        let at: i64 = fields.next().unwrap().parse().unwrap();
        polls.entry(id).or_default().push((at, owner));
    }
    assert_eq!(
        polls.len() as i64,
        SHARED_OPERATIONS,
        "every operation was polled"
    );
    let mut by_a = 0;
    let mut by_b_before_kill = 0;
    for (id, calls) in &mut polls {
        calls.sort();
        // Never two polls of one operation within an interval, whichever process made them.
        for pair in calls.windows(2) {
            let gap = pair[1].0 - pair[0].0;
            assert!(
                gap >= INTERVAL.as_millis() as i64,
                "operation {id} polled twice within {gap} ms: {pair:?}"
            );
        }
        // While both ran, every operation was polled by one of them.
        let window = started.plus(Duration::from_secs(2)).as_millis()..killed_at.as_millis();
        assert!(
            calls.iter().any(|(at, _)| window.contains(at)),
            "operation {id} was not polled while both ran: {calls:?}"
        );
        let a_polls = calls.iter().filter(|(_, owner)| *owner == 'a').count();
        by_a += usize::from(a_polls > 0);
        by_b_before_kill += usize::from(
            calls
                .iter()
                .any(|(at, owner)| *owner == 'b' && *at < killed_at.as_millis()),
        );
        // After the lease of the dead process expired, `b` polls every operation.
        let taken_over = killed_at.plus(LEASE).as_millis();
        assert!(
            calls
                .iter()
                .any(|(at, owner)| *owner == 'b' && *at >= taken_over),
            "operation {id} was not taken over after the lease expired: {calls:?}"
        );
    }
    eprintln!(
        "{by_a} operations polled by a, {by_b_before_kill} by b before the kill; {} polls",
        text.lines().count()
    );
    assert!(
        by_a >= 100 && by_b_before_kill >= 100,
        "the work was shared: a {by_a}, b {by_b_before_kill}"
    );
}
