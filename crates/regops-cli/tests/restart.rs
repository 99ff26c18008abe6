//! `regops sandbox` killed with SIGKILL in the middle of its work, then started again on the
//! same database: every operation is there, and the worker finishes the work with no
//! transition lost or applied twice.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const OPERATIONS: usize = 5000;

struct Sandbox {
    child: Child,
    base: String,
}

fn start(db: &str) -> Sandbox {
    let mut child = Command::new(env!("CARGO_BIN_EXE_regops"))
        .args([
            "sandbox",
            "--listen",
            "127.0.0.1:0",
            "--clock",
            "virtual",
            "--seed",
            "5",
            "--db",
            db,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("regops starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let base = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address is printed")
        .to_string();
    // Keep reading stdout so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Sandbox { child, base }
}

fn transitions(db: &str) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row("SELECT COUNT(*) FROM transitions", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_work_then_restart_loses_and_repeats_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sandbox.db");
    let db = db.to_str().unwrap().to_string();
    // reqwest has no default TLS provider in this workspace (see the root Cargo.toml).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();

    let mut first = start(&db);
    let created: Value = http
        .post(format!("{}/_sandbox/operations", first.base))
        .json(&json!({"vendor": "gandi", "domain": "example.com", "count": OPERATIONS}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (first_id, last_id) = (
        created["ids"][0].as_i64().unwrap(),
        created["ids"][1].as_i64().unwrap(),
    );
    assert_eq!(last_id - first_id + 1, OPERATIONS as i64);

    // Three days later: 3 transitions per operation, one transaction each. Kill mid-way.
    let advance = tokio::spawn({
        let url = format!("{}/_sandbox/clock/advance", first.base);
        let http = http.clone();
        async move {
            http.post(url)
                .json(&json!({"seconds": 259_200}))
                .send()
                .await
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while transitions(&db) == 0 {
        assert!(Instant::now() < deadline, "the worker never started");
        std::thread::sleep(Duration::from_millis(2));
    }
    first.child.kill().unwrap(); // SIGKILL
    first.child.wait().unwrap();
    let _ = advance.await;
    let at_kill = transitions(&db);
    assert!(
        at_kill > 0 && at_kill < 3 * OPERATIONS as i64,
        "killed mid-work ({at_kill} transitions)"
    );

    let mut second = start(&db);
    let deadline = Instant::now() + Duration::from_secs(60);
    while transitions(&db) < 3 * OPERATIONS as i64 {
        assert!(
            Instant::now() < deadline,
            "the worker did not carry on ({} transitions)",
            transitions(&db)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        transitions(&db),
        3 * OPERATIONS as i64,
        "no transition applied twice"
    );

    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let done: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM operations WHERE state = 'DONE' AND due_ms IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        done, OPERATIONS as i64,
        "every operation is there and finished"
    );
    let chains: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM (SELECT op_id, group_concat(name, ',') AS names FROM \
             (SELECT op_id, name FROM transitions ORDER BY op_id, seq) GROUP BY op_id) \
             WHERE names = 'billed,start,finish'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        chains, OPERATIONS as i64,
        "each operation went billed, start, finish once"
    );
    // The sandbox still answers, with the state it had.
    let info: Value = http
        .get(format!("{}/_sandbox/operations/{last_id}", second.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["operation"]["state"], "DONE");
    second.child.kill().unwrap();
    second.child.wait().unwrap();
}
