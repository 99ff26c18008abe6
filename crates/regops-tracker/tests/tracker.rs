//! The tracker against an in-process fake vendor on a virtual clock: changes emitted once,
//! in order, to the stream and to hooks; hook retries; poll policy; errors; import.

mod common;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Fake, Gandi, Netim, hours, minutes};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use regops_model::lifecycle::Phase;
use regops_tracker::{
    Change, Clock, DeliveryState, ErrorPolicy, FollowState, Hook, Policies, PollPolicy,
    SqliteStore, Timestamp, Tracker, Trigger, VendorError, VendorOptions, VirtualClock,
};

const START: Timestamp = Timestamp::from_millis(1_795_342_272_000);

/// Steps the clock by `step` and runs a cycle, until the tracker has nothing left to do or
/// `limit` steps were made.
async fn run_in_steps(
    tracker: &Tracker,
    clock: &VirtualClock,
    step: Duration,
    limit: usize,
) -> usize {
    for steps in 0..limit {
        let cycle = tracker.run_once().await.unwrap();
        if cycle.next_due.is_none() {
            return steps;
        }
        clock.advance(step);
    }
    panic!("the tracker still had work after {limit} steps");
}

/// A loopback HTTP server recording the bodies and idempotency keys it receives; it answers
/// with the statuses of `script` in turn, then 200.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<(String, serde_json::Value)>>>,
}

async fn receiver(script: Vec<StatusCode>) -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/regops", listener.local_addr().unwrap());
    let received = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(script.into_iter()));
    let log = Arc::clone(&received);
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let log = Arc::clone(&log);
            let script = Arc::clone(&script);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let log = Arc::clone(&log);
                    let script = Arc::clone(&script);
                    async move {
                        let key = request
                            .headers()
                            .get("idempotency-key")
                            .map(|v| v.to_str().unwrap().to_owned())
                            .unwrap_or_default();
                        let body = request.into_body().collect().await.unwrap().to_bytes();
                        let status = script.lock().unwrap().next().unwrap_or(StatusCode::OK);
                        if status == StatusCode::OK {
                            log.lock()
                                .unwrap()
                                .push((key, serde_json::from_slice(&body).unwrap()));
                        }
                        let mut response =
                            Response::new(http_body_util::Full::new(hyper::body::Bytes::new()));
                        *response.status_mut() = status;
                        Ok::<_, Infallible>(response)
                    }
                });
                let io = hyper_util::rt::TokioIo::new(socket);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    Receiver { url, received }
}

fn shell(script: &str) -> Vec<String> {
    vec!["-c".into(), script.into()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_is_emitted_once_in_order_to_the_stream_and_to_hooks() {
    let clock = VirtualClock::new(START);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let gandi = Fake::<Gandi>::new(Arc::clone(&shared));
    let netim = Fake::<Netim>::new(Arc::clone(&shared));
    gandi.script(
        1,
        vec![
            (Duration::ZERO, "BILL"),
            (minutes(25), "WAIT"),
            (hours(2), "RUN"),
            (hours(30), "DONE"),
        ],
    );
    gandi.script(
        2,
        vec![
            (Duration::ZERO, "WAIT"),
            (minutes(50), "RUN"),
            (hours(3), "ERROR"),
        ],
    );
    netim.script(10, vec![(Duration::ZERO, "Pending"), (hours(50), "Done")]);
    netim.script(
        11,
        vec![(Duration::ZERO, "Pending"), (minutes(40), "Failed")],
    );

    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("command-hook.log");
    let web = receiver(Vec::new()).await;
    let tracker = Tracker::builder()
        .store(SqliteStore::open(dir.path().join("tracker.db")).unwrap())
        .clock(clock.clone())
        .vendor(gandi.clone())
        .vendor(netim.clone())
        .hook(Hook::command(
            "log",
            "sh",
            shell(&format!(
                "echo \"$REGOPS_DELIVERY_ID $REGOPS_STATUS $REGOPS_PHASE\" >> '{}'",
                log.display()
            )),
        ))
        .hook(Hook::webhook("web", &web.url).on(Trigger::terminal()))
        .seed(1)
        .build()
        .unwrap();

    let mut stream = tracker.changes().await.unwrap();
    let collected = Arc::new(Mutex::new(Vec::<Change>::new()));
    let consumer = {
        let collected = Arc::clone(&collected);
        tokio::spawn(async move {
            while let Some(change) = stream.next().await {
                let done = {
                    let mut all = collected.lock().unwrap();
                    all.push(change.unwrap());
                    all.iter().filter(|c| c.is_terminal()).count() == 4
                };
                if done {
                    return;
                }
            }
        })
    };

    for (vendor, id) in [("gandi", 1), ("gandi", 2), ("netim", 10), ("netim", 11)] {
        assert!(tracker.add(vendor, id).await.unwrap());
    }
    assert!(
        !tracker.add("gandi", 1).await.unwrap(),
        "adding twice is a no-op"
    );
    run_in_steps(&tracker, &clock, minutes(1), 4 * 24 * 60).await;
    tokio::time::timeout(Duration::from_secs(30), consumer)
        .await
        .unwrap()
        .unwrap();

    // The store's history: every status once, in the script's order.
    let statuses =
        |history: &[Change]| history.iter().map(|c| c.status.clone()).collect::<Vec<_>>();
    assert_eq!(
        statuses(&tracker.history("gandi", 1).await.unwrap()),
        ["BILL", "WAIT", "RUN", "DONE"]
    );
    assert_eq!(
        statuses(&tracker.history("gandi", 2).await.unwrap()),
        ["WAIT", "RUN", "ERROR"]
    );
    assert_eq!(
        statuses(&tracker.history("netim", 10).await.unwrap()),
        ["Pending", "Done"]
    );
    assert_eq!(
        statuses(&tracker.history("netim", 11).await.unwrap()),
        ["Pending", "Failed"]
    );
    let error = tracker.history("gandi", 2).await.unwrap().pop().unwrap();
    assert_eq!(
        (error.from_phase, error.phase),
        (Some(Phase::Running), Some(Phase::Failed))
    );
    assert_eq!(error.message.as_deref(), Some("registry refused"));
    assert_eq!(error.detail["step"], "ERROR");

    // The stream: the same changes, each once, in seq order.
    let streamed = collected.lock().unwrap().clone();
    let mut all = Vec::new();
    for (vendor, id) in [("gandi", 1), ("gandi", 2), ("netim", 10), ("netim", 11)] {
        all.extend(tracker.history(vendor, id).await.unwrap());
    }
    all.sort_by_key(|c| c.seq);
    assert_eq!(streamed, all);

    // The command hook ran once per change; the webhook once per terminal change.
    let lines = std::fs::read_to_string(&log).unwrap();
    let mut ran: Vec<&str> = lines.lines().collect();
    assert_eq!(ran.len(), all.len(), "{lines}");
    ran.sort();
    ran.dedup();
    assert_eq!(
        ran.len(),
        all.len(),
        "a change was delivered twice: {lines}"
    );
    let posted = web.received.lock().unwrap().clone();
    let mut keys: Vec<&str> = posted.iter().map(|(key, _)| key.as_str()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 4);
    assert_eq!(posted.len(), 4);
    let mut terminal: Vec<(String, i64, String)> = posted
        .iter()
        .map(|(_, body)| {
            (
                body["vendor"].as_str().unwrap().to_owned(),
                body["operation"].as_i64().unwrap(),
                body["phase"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    terminal.sort();
    assert_eq!(
        terminal,
        [
            ("gandi".to_owned(), 1, "succeeded".to_owned()),
            ("gandi".to_owned(), 2, "failed".to_owned()),
            ("netim".to_owned(), 10, "succeeded".to_owned()),
            ("netim".to_owned(), 11, "failed".to_owned()),
        ]
    );
    for record in tracker.status().await.unwrap() {
        assert_eq!(record.state, FollowState::Finished, "{record:?}");
    }
    let summary = tracker.summary().await.unwrap();
    assert_eq!(
        (summary.deliveries_pending, summary.deliveries_failed),
        (0, 0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_hook_is_retried_then_recorded_and_never_run_again_after_success() {
    let clock = VirtualClock::new(START);
    let netim = Fake::<Netim>::new(Arc::new(clock.clone()));
    netim.script(7, vec![(Duration::ZERO, "Pending"), (minutes(30), "Done")]);
    let dir = tempfile::tempdir().unwrap();
    let attempts = dir.path().join("attempts");
    let successes = dir.path().join("successes");
    // Fails on its first two attempts for a change, then succeeds.
    let flaky = format!(
        "n=$(grep -c \"^$REGOPS_DELIVERY_ID$\" '{a}'); echo \"$REGOPS_DELIVERY_ID\" >> '{a}'; \
         if [ \"$n\" -lt 2 ]; then echo 'not yet' >&2; exit 3; fi; echo \"$REGOPS_DELIVERY_ID\" >> '{s}'",
        a = attempts.display(),
        s = successes.display()
    );
    std::fs::write(&attempts, "").unwrap();
    let web = receiver(vec![
        StatusCode::SERVICE_UNAVAILABLE,
        StatusCode::INTERNAL_SERVER_ERROR,
    ])
    .await;
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(netim)
        .hook(
            Hook::command("flaky", "sh", shell(&flaky))
                .on(Trigger::done())
                .retry_delays(minutes(1), minutes(10)),
        )
        .hook(
            Hook::command("broken", "sh", shell("echo 'no such host' >&2; exit 1"))
                .max_attempts(3)
                .retry_delays(minutes(1), minutes(1)),
        )
        .hook(
            Hook::webhook("web", &web.url)
                .on(Trigger::done())
                .retry_delays(minutes(2), minutes(2)),
        )
        .build()
        .unwrap();
    tracker.add("netim", 7).await.unwrap();
    run_in_steps(&tracker, &clock, minutes(1), 24 * 60).await;
    // Long after: nothing runs again.
    for _ in 0..50 {
        clock.advance(hours(1));
        let cycle = tracker.run_once().await.unwrap();
        assert_eq!((cycle.delivered, cycle.delivery_failures), (0, 0));
    }

    let history = tracker.history("netim", 7).await.unwrap();
    assert_eq!(history.len(), 2);
    let done = &history[1];
    let deliveries = tracker.deliveries("netim", 7).await.unwrap();
    let find = |seq: i64, hook: &str| {
        deliveries
            .iter()
            .find(|d| d.change_seq == seq && d.hook == hook)
            .unwrap()
            .clone()
    };
    let flaky = find(done.seq, "flaky");
    assert_eq!((flaky.state, flaky.attempts), (DeliveryState::Delivered, 3));
    assert_eq!(
        std::fs::read_to_string(&successes).unwrap().lines().count(),
        1
    );
    assert_eq!(
        std::fs::read_to_string(&attempts).unwrap().lines().count(),
        3
    );
    let web_delivery = find(done.seq, "web");
    assert_eq!(
        (web_delivery.state, web_delivery.attempts),
        (DeliveryState::Delivered, 3)
    );
    assert_eq!(web.received.lock().unwrap().len(), 1);
    for change in &history {
        let broken = find(change.seq, "broken");
        assert_eq!((broken.state, broken.attempts), (DeliveryState::Failed, 3));
        assert!(
            broken
                .last_error
                .as_deref()
                .unwrap()
                .contains("no such host"),
            "{broken:?}"
        );
    }
    // The first change (Pending) owes nothing to the done-only hooks.
    assert!(
        deliveries
            .iter()
            .all(|d| d.change_seq == done.seq || d.hook == "broken")
    );
    let summary = tracker.summary().await.unwrap();
    assert_eq!(
        (summary.deliveries_pending, summary.deliveries_failed),
        (0, 2)
    );
}

#[tokio::test]
async fn a_real_vendor_is_never_polled_more_often_than_every_five_minutes() {
    let clock = VirtualClock::new(START);
    let netim = Fake::<Netim>::new(Arc::new(clock.clone()));
    let fast = PollPolicy::every(minutes(1));
    let refused = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .vendor_with(netim.clone(), VendorOptions::vendor().poll(fast))
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("poll_too_frequent") && refused.contains("netim"),
        "{refused}"
    );
    assert!(
        Tracker::builder()
            .store(SqliteStore::in_memory().unwrap())
            .poll_policy(fast)
            .vendor(netim.clone())
            .build()
            .is_err()
    );

    // A sandbox may be polled every minute; a per-call policy is checked the same way.
    let sandboxed = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor_with(netim.clone(), VendorOptions::sandbox().poll(fast))
        .build()
        .unwrap();
    sandboxed
        .add_with(
            "netim",
            1,
            Policies {
                poll: fast,
                ..Policies::default()
            },
        )
        .await
        .unwrap();
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(netim)
        .build()
        .unwrap();
    let per_call = tracker
        .add_with(
            "netim",
            1,
            Policies {
                poll: fast,
                ..Policies::default()
            },
        )
        .await;
    assert!(
        per_call
            .unwrap_err()
            .to_string()
            .contains("poll_too_frequent")
    );
    assert!(
        tracker
            .add("gandi", 1)
            .await
            .unwrap_err()
            .to_string()
            .contains("expected one of: netim")
    );
}

#[tokio::test]
async fn the_interval_grows_with_age_up_to_its_cap_and_never_drops_under_the_minimum() {
    let clock = VirtualClock::new(START);
    let netim = Fake::<Netim>::new(Arc::new(clock.clone()));
    netim.script(1, vec![(Duration::ZERO, "Pending"), (hours(72), "Done")]);
    let policy = PollPolicy::default().max_interval(hours(1)).jitter(0.2);
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(netim.clone())
        .poll_policy(policy)
        .build()
        .unwrap();
    tracker.add("netim", 1).await.unwrap();
    run_in_steps(&tracker, &clock, Duration::from_secs(20), 4 * 24 * 180).await;

    let polls = netim.polls(1);
    let gaps: Vec<(Duration, Duration)> = polls
        .windows(2)
        .map(|pair| (pair[0].since(START), pair[1].since(pair[0])))
        .collect();
    let step = Duration::from_secs(20);
    for (age, gap) in &gaps {
        let expected = policy.interval_at(*age);
        assert!(
            *gap >= minutes(10) && *gap >= expected,
            "gap {gap:?} at age {age:?}"
        );
        assert!(
            *gap <= expected.mul_f64(1.2) + step,
            "gap {gap:?} at age {age:?}, expected ≤ {expected:?} + jitter"
        );
        assert!(
            *gap <= hours(1).mul_f64(1.2) + step,
            "the cap holds: {gap:?}"
        );
    }
    let first_hour = gaps.iter().filter(|(age, _)| *age < hours(1)).count();
    assert!(
        (5..=6).contains(&first_hour),
        "{first_hour} polls in the first hour"
    );
    assert!(
        gaps.iter()
            .any(|(age, gap)| *age > hours(2) && *gap > minutes(15)),
        "the interval grows"
    );
    // Three days pending: with a 1-hour cap, about 70 polls rather than 430 every 10 minutes.
    assert!((60..=110).contains(&polls.len()), "{} polls", polls.len());
    assert_eq!(
        tracker.operation("netim", 1).await.unwrap().unwrap().state,
        FollowState::Finished
    );
}

#[tokio::test]
async fn jitter_spreads_ten_thousand_operations_over_many_seconds() {
    let clock = VirtualClock::new(START);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let gandi = Fake::<Gandi>::new(Arc::clone(&shared));
    for id in 0..10_000 {
        gandi.script(id, vec![(Duration::ZERO, "RUN")]);
    }
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(gandi.clone())
        .batch_size(2_000)
        .build()
        .unwrap();
    assert_eq!(tracker.add_many("gandi", 0..10_000).await.unwrap(), 10_000);

    let per_second = |records: &[regops_tracker::OperationRecord]| {
        let mut buckets: BTreeMap<i64, usize> = BTreeMap::new();
        for record in records {
            *buckets
                .entry(record.next_poll_at.unwrap().as_millis() / 1000)
                .or_default() += 1;
        }
        buckets
    };
    let first = per_second(&tracker.status().await.unwrap());
    assert!(
        first.len() >= 50,
        "first polls fall in {} distinct seconds",
        first.len()
    );
    assert!(
        *first.values().max().unwrap() <= 400,
        "{:?}",
        first.values().max()
    );

    clock.advance(minutes(2));
    let cycle = tracker.run_once().await.unwrap();
    assert_eq!(cycle.polled, 10_000);
    let next = per_second(&tracker.status().await.unwrap());
    assert!(
        next.len() >= 50,
        "next polls fall in {} distinct seconds",
        next.len()
    );
    assert!(*next.values().max().unwrap() <= 400);
    let earliest = *next.keys().next().unwrap();
    assert!(
        earliest * 1000 >= START.as_millis() + 10 * 60_000,
        "no poll before the interval"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_to_one_vendor_are_limited() {
    let clock = VirtualClock::new(START);
    let netim = Fake::<Netim>::with_delay(Arc::new(clock.clone()), Some(Duration::from_millis(5)));
    for id in 0..60 {
        netim.script(id, vec![(Duration::ZERO, "Pending")]);
    }
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor_with(netim.clone(), VendorOptions::vendor().max_concurrent(3))
        .build()
        .unwrap();
    tracker.add_many("netim", 0..60).await.unwrap();
    clock.advance(minutes(2));
    assert_eq!(tracker.run_once().await.unwrap().polled, 60);
    let max = netim
        .inner
        .max_in_flight
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=3).contains(&max), "{max} calls at once");
}

#[tokio::test]
async fn failed_polls_follow_the_error_policy() {
    let clock = VirtualClock::new(START);
    let gandi = Fake::<Gandi>::new(Arc::new(clock.clone()));
    gandi.script(1, vec![(Duration::ZERO, "RUN"), (hours(5), "DONE")]);
    gandi.script(3, vec![(Duration::ZERO, "RUN")]);
    for _ in 0..3 {
        gandi.fail_next(1, VendorError::retryable("HTTP 503"));
    }
    gandi.fail_next(
        1,
        VendorError::retryable("rate limited").with_retry_after(hours(2)),
    );
    for _ in 0..10 {
        gandi.fail_next(3, VendorError::retryable("timeout"));
    }
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(gandi.clone())
        .error_policy(ErrorPolicy {
            max_consecutive: 5,
            ..ErrorPolicy::default()
        })
        .build()
        .unwrap();
    tracker.add("gandi", 1).await.unwrap();
    tracker.add("gandi", 3).await.unwrap();
    // Operation 404 does not exist at the vendor: a permanent error.
    tracker.add("gandi", 404).await.unwrap();
    run_in_steps(&tracker, &clock, minutes(1), 3 * 24 * 60).await;

    let polls = gandi.polls(1);
    let gaps: Vec<Duration> = polls.windows(2).map(|p| p[1].since(p[0])).collect();
    // 10, 20, 40 minutes (doubling from the interval, +10% jitter), then Retry-After's 2 hours.
    for (gap, base) in gaps.iter().zip([10, 20, 40, 120]) {
        assert!(
            *gap >= minutes(base) && *gap <= minutes(base).mul_f64(1.1) + minutes(1),
            "{gaps:?}"
        );
    }
    let one = tracker.operation("gandi", 1).await.unwrap().unwrap();
    assert_eq!(
        (one.state, one.status.as_deref(), one.failures),
        (FollowState::Finished, Some("DONE"), 0)
    );
    let three = tracker.operation("gandi", 3).await.unwrap().unwrap();
    assert_eq!((three.state, three.failures), (FollowState::Abandoned, 5));
    assert!(three.last_error.unwrap().contains("timeout"));
    let missing = tracker.operation("gandi", 404).await.unwrap().unwrap();
    assert_eq!(
        (missing.state, missing.failures),
        (FollowState::Abandoned, 1)
    );
    assert!(
        missing
            .last_error
            .unwrap()
            .contains("not found (permanent)")
    );
    assert_eq!(gandi.polls(404).len(), 1);
}

#[tokio::test]
async fn pending_operations_are_imported_from_every_page() {
    let clock = VirtualClock::new(START);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let gandi = Fake::<Gandi>::new(Arc::clone(&shared));
    let netim = Fake::<Netim>::new(Arc::clone(&shared));
    gandi.set_pending((1..=250).collect());
    netim.set_pending(vec![5, 6, 7]);
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(gandi)
        .vendor(netim)
        .build()
        .unwrap();
    tracker.add("netim", 5).await.unwrap();
    let reports = tracker.import_pending().await.unwrap();
    let found: Vec<(String, u64, u64)> = reports
        .into_iter()
        .map(|r| (r.vendor, r.seen, r.added))
        .collect();
    assert_eq!(
        found,
        [("gandi".to_owned(), 250, 250), ("netim".to_owned(), 3, 2)]
    );
    // Imported operations' first polls are spread over one interval.
    let first: Vec<Timestamp> = tracker
        .status()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.vendor == "gandi")
        .map(|r| r.next_poll_at.unwrap())
        .collect();
    assert!(
        first
            .iter()
            .all(|t| *t >= START && *t < START.plus(minutes(10)))
    );
    assert!(first.iter().any(|t| *t > START.plus(minutes(5))));
}

#[tokio::test]
async fn an_auto_advancing_clock_runs_days_of_polling_at_once() {
    let clock = VirtualClock::auto_advance(START);
    let gandi = Fake::<Gandi>::new(Arc::new(clock.clone()));
    gandi.script(9, vec![(Duration::ZERO, "WAIT"), (hours(60), "DONE")]);
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(gandi.clone())
        .build()
        .unwrap();
    tracker.add("gandi", 9).await.unwrap();
    tokio::time::timeout(Duration::from_secs(60), tracker.run_until_settled())
        .await
        .unwrap()
        .unwrap();
    assert!(clock.now() >= START.plus(hours(60)));
    let history = tracker.history("gandi", 9).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|c| c.status.as_str())
            .collect::<Vec<_>>(),
        ["WAIT", "DONE"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn until_done_waits_for_the_operation_to_end() {
    let clock = VirtualClock::auto_advance(START);
    let gandi = Fake::<Gandi>::new(Arc::new(clock.clone()));
    gandi.script(5, vec![(Duration::ZERO, "BILL"), (hours(5), "DONE")]);
    let tracker = Tracker::builder()
        .store(SqliteStore::in_memory().unwrap())
        .clock(clock.clone())
        .vendor(gandi)
        .build()
        .unwrap();
    tracker.add("gandi", 5).await.unwrap();
    let runner = {
        let tracker = tracker.clone();
        tokio::spawn(async move { tracker.run_until(std::future::pending()).await })
    };
    let record = tokio::time::timeout(Duration::from_secs(60), tracker.until_done("gandi", 5))
        .await
        .unwrap()
        .unwrap();
    runner.abort();
    assert_eq!(
        (record.state, record.status.as_deref()),
        (FollowState::Finished, Some("DONE"))
    );
    assert!(tracker.until_done("gandi", 6).await.is_err());
}
