//! The embedded store: one SQLite file in WAL mode (or memory, for tests), migrated on open.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::codec::{
    count, delivery_state_from_sql, detail_from_sql, follow_state_from_sql, phase_from_sql,
    phase_to_sql, policies_from_sql, policies_to_sql,
};
use super::{
    Claim, ClaimedDelivery, ClaimedOperation, DeliveryOutcome, NewOperation, PollOutcome,
    PollRecord, Store,
};
use crate::clock::{BoxFuture, Timestamp};
use crate::error::StoreError;
use crate::record::{Change, DeliveryRecord, OperationRecord, Summary};

/// Schema migrations, applied in order; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[include_str!("sqlite_schema.sql")];

/// The SQLite store. Cheap to clone (one connection behind a mutex); every call runs on
/// tokio's blocking pool.
///
/// Several processes may open the same file (SQLite locks it); for tracker processes on
/// several machines use the PostgreSQL store.
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

fn sql(context: &'static str) -> impl Fn(rusqlite::Error) -> StoreError {
    move |error| StoreError::caused(context, error)
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`, in WAL mode, and migrates it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        let connection = Connection::open(path)
            .map_err(|error| StoreError::caused(format!("opening {}", path.display()), error))?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("enabling WAL"))?;
        Self::setup(connection)
    }

    /// A database in memory, gone when the store is dropped.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::setup(Connection::open_in_memory().map_err(sql("opening a memory database"))?)
    }

    fn setup(mut connection: Connection) -> Result<Self, StoreError> {
        // NORMAL is durable against a killed process in WAL mode (only a power loss may
        // lose the last commits); the busy timeout lets several processes share the file.
        connection
            .execute_batch(
                "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
            )
            .map_err(sql("setting pragmas"))?;
        migrate(&mut connection)?;
        Ok(Self {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` on the connection on tokio's blocking pool.
    fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> BoxFuture<'_, Result<T, StoreError>> {
        let connection = Arc::clone(&self.connection);
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut connection = connection.lock().map_err(|_| {
                    StoreError::new("the SQLite connection was poisoned by a panic")
                })?;
                work(&mut connection)
            })
            .await
            .map_err(|error| StoreError::caused("SQLite task", error))?
        })
    }
}

fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Exclusive)
        .map_err(sql("starting the migration"))?;
    let applied: i64 = tx
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(sql("reading the schema version"))?;
    let applied = usize::try_from(applied).unwrap_or(usize::MAX);
    if applied > MIGRATIONS.len() {
        return Err(StoreError::new(format!(
            "the database has schema version {applied}; this regops-tracker knows versions up to {}",
            MIGRATIONS.len()
        )));
    }
    for (version, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        tx.execute_batch(migration)
            .map_err(|error| StoreError::caused(format!("migration {}", version + 1), error))?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)
        .map_err(sql("writing the schema version"))?;
    tx.commit().map_err(sql("committing the migration"))
}

fn names_json(names: &[String]) -> String {
    serde_json::to_string(names).expect("names serialize")
}

/// The parameters of both claim statements: owner, lease expiry, due by, limit, names, now.
fn claim_params(claim: &Claim) -> (&str, i64, i64, u32, String, i64) {
    (
        &claim.owner,
        claim.lease_until.as_millis(),
        claim.due_by.as_millis(),
        claim.limit,
        names_json(&claim.only),
        claim.now.as_millis(),
    )
}

const CHANGE_COLUMNS: &str =
    "seq, vendor, id, from_status, status, from_phase, phase, message, at, detail";

fn change_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Change, StoreError>> {
    let detail: String = row.get(9)?;
    let from_phase = phase_from_sql(row.get(5)?);
    let phase = phase_from_sql(row.get(6)?);
    Ok((|| {
        Ok(Change {
            seq: row.get(0).map_err(sql("change"))?,
            vendor: row.get(1).map_err(sql("change"))?,
            operation: row.get(2).map_err(sql("change"))?,
            from_status: row.get(3).map_err(sql("change"))?,
            status: row.get(4).map_err(sql("change"))?,
            from_phase: from_phase?,
            phase: phase?,
            message: row.get(7).map_err(sql("change"))?,
            at: Timestamp::from_millis(row.get(8).map_err(sql("change"))?),
            detail: detail_from_sql(&detail)?,
        })
    })())
}

/// Runs a cached query and maps each row.
fn select<T>(
    connection: &Connection,
    query: &str,
    params: impl rusqlite::Params,
    context: &'static str,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<Result<T, StoreError>>,
) -> Result<Vec<T>, StoreError> {
    let mut statement = connection.prepare_cached(query).map_err(sql(context))?;
    let rows = statement.query_map(params, map).map_err(sql(context))?;
    collect(rows, context)
}

fn collect<T>(
    rows: impl Iterator<Item = rusqlite::Result<Result<T, StoreError>>>,
    context: &'static str,
) -> Result<Vec<T>, StoreError> {
    rows.map(|row| row.map_err(sql(context))?).collect()
}

const OPERATION_COLUMNS: &str = "vendor, id, state, status, phase, message, added_at, updated_at, next_poll_at, polls, failures, last_error";

fn operation_from_row(row: &Row<'_>) -> rusqlite::Result<Result<OperationRecord, StoreError>> {
    let state: String = row.get(2)?;
    let phase = phase_from_sql(row.get(4)?);
    let next: Option<i64> = row.get(8)?;
    let failures: i64 = row.get(10)?;
    let (vendor, id, status, message, added, updated, polls, last_error) = (
        row.get(0)?,
        row.get(1)?,
        row.get(3)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(9)?,
        row.get(11)?,
    );
    Ok((|| {
        Ok(OperationRecord {
            vendor,
            id,
            state: follow_state_from_sql(&state)?,
            status,
            phase: phase?,
            message,
            added_at: Timestamp::from_millis(added),
            updated_at: Timestamp::from_millis(updated),
            next_poll_at: next.map(Timestamp::from_millis),
            polls,
            failures: count(failures),
            last_error,
        })
    })())
}

impl Store for SqliteStore {
    fn add(&self, operations: Vec<NewOperation>) -> BoxFuture<'_, Result<u64, StoreError>> {
        self.with(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql("adding operations"))?;
            let mut added = 0;
            {
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO operations (vendor, id, added_at, updated_at, next_poll_at, policies, interval_ms)
                         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    )
                    .map_err(sql("adding operations"))?;
                for op in &operations {
                    added += insert
                        .execute(params![
                            op.vendor,
                            op.id,
                            op.added_at.as_millis(),
                            op.first_poll_at.as_millis(),
                            policies_to_sql(op.policies.as_ref()),
                            crate::clock::millis(op.interval),
                        ])
                        .map_err(sql("adding an operation"))? as u64;
                }
            }
            tx.commit().map_err(sql("adding operations"))?;
            Ok(added)
        })
    }

    fn claim_operations(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedOperation>, StoreError>> {
        self.with(move |connection| {
            // `+vendor`, `+d.hook`: keep SQLite on the due-time index (the primary key would
            // make every claim read all of a vendor's operations).
            let mut claim_due = connection
                .prepare_cached(
                    "UPDATE operations SET lease_owner = ?1, lease_until = ?2,
                        next_poll_at = ?2 + interval_ms
                     WHERE rowid IN (
                        SELECT rowid FROM operations
                        WHERE state = 'following' AND next_poll_at <= ?3
                          AND (lease_until IS NULL OR lease_until <= ?6)
                          AND +vendor IN (SELECT value FROM json_each(?5))
                        ORDER BY next_poll_at LIMIT ?4)
                     RETURNING vendor, id, status, phase, added_at, failures, policies",
                )
                .map_err(sql("claiming operations"))?;
            let rows = claim_due
                .query_map(claim_params(&claim), |row| {
                    let phase = phase_from_sql(row.get(3)?);
                    let policies = policies_from_sql(row.get(6)?);
                    let failures: i64 = row.get(5)?;
                    let (vendor, id, status, added): (String, i64, Option<String>, i64) =
                        (row.get(0)?, row.get(1)?, row.get(2)?, row.get(4)?);
                    Ok((|| {
                        Ok(ClaimedOperation {
                            vendor,
                            id,
                            status,
                            phase: phase?,
                            added_at: Timestamp::from_millis(added),
                            failures: count(failures),
                            policies: policies?,
                        })
                    })())
                })
                .map_err(sql("claiming operations"))?;
            collect(rows, "claiming operations")
        })
    }

    fn record_polls(
        &self,
        owner: &str,
        records: Vec<PollRecord>,
    ) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        let owner = owner.to_owned();
        self.with(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql("recording polls"))?;
            let mut changes = Vec::new();
            for record in records {
                if let Some(change) = record_poll(&tx, &owner, record)? {
                    changes.push(change);
                }
            }
            tx.commit().map_err(sql("recording polls"))?;
            Ok(changes)
        })
    }

    fn claim_deliveries(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedDelivery>, StoreError>> {
        self.with(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql("claiming deliveries"))?;
            let claimed: Vec<(i64, String, i64)> = {
                let mut claim_due = tx
                    .prepare_cached(
                        "UPDATE deliveries SET lease_owner = ?1, lease_until = ?2
                         WHERE rowid IN (
                            SELECT d.rowid FROM deliveries d
                            WHERE d.state = 'pending' AND d.next_attempt_at <= ?3
                              AND (d.lease_until IS NULL OR d.lease_until <= ?6)
                              AND +d.hook IN (SELECT value FROM json_each(?5))
                              AND NOT EXISTS (
                                SELECT 1 FROM deliveries e
                                WHERE e.state = 'pending' AND e.hook = d.hook
                                  AND e.vendor = d.vendor AND e.id = d.id
                                  AND e.change_seq < d.change_seq)
                            ORDER BY d.change_seq LIMIT ?4)
                         RETURNING change_seq, hook, attempts",
                    )
                    .map_err(sql("claiming deliveries"))?;
                claim_due
                    .query_map(claim_params(&claim), |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })
                    .map_err(sql("claiming deliveries"))?
                    .collect::<rusqlite::Result<_>>()
                    .map_err(sql("claiming deliveries"))?
            };
            let mut deliveries = Vec::with_capacity(claimed.len());
            {
                let mut change_by_seq = tx
                    .prepare_cached(&format!(
                        "SELECT {CHANGE_COLUMNS} FROM changes WHERE seq = ?1"
                    ))
                    .map_err(sql("reading a change"))?;
                for (seq, hook, attempts) in claimed {
                    let change = change_by_seq
                        .query_row([seq], change_from_row)
                        .map_err(sql("reading a change"))??;
                    deliveries.push(ClaimedDelivery {
                        change,
                        hook,
                        attempts: count(attempts),
                    });
                }
            }
            tx.commit().map_err(sql("claiming deliveries"))?;
            deliveries.sort_by_key(|delivery| delivery.change.seq);
            Ok(deliveries)
        })
    }

    fn record_deliveries(
        &self,
        owner: &str,
        outcomes: Vec<DeliveryOutcome>,
    ) -> BoxFuture<'_, Result<(), StoreError>> {
        let owner = owner.to_owned();
        self.with(move |connection| {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql("recording deliveries"))?;
            {
                let mut update = tx
                    .prepare_cached(
                        "UPDATE deliveries SET state = ?1, attempts = ?2, last_error = ?3,
                            next_attempt_at = ?4,
                            delivered_at = CASE WHEN ?1 = 'delivered' THEN ?5 ELSE delivered_at END,
                            lease_owner = NULL, lease_until = NULL
                         WHERE change_seq = ?6 AND hook = ?7 AND lease_owner = ?8",
                    )
                    .map_err(sql("recording deliveries"))?;
                for outcome in &outcomes {
                    update
                        .execute(params![
                            outcome.state.as_str(),
                            outcome.attempts,
                            outcome.error,
                            outcome.next_attempt_at.as_millis(),
                            outcome.at.as_millis(),
                            outcome.change_seq,
                            outcome.hook,
                            owner,
                        ])
                        .map_err(sql("recording a delivery"))?;
                }
            }
            tx.commit().map_err(sql("recording deliveries"))
        })
    }

    fn next_due(
        &self,
        vendors: Vec<String>,
        hooks: Vec<String>,
    ) -> BoxFuture<'_, Result<Option<Timestamp>, StoreError>> {
        self.with(move |connection| {
            let mut next = connection
                .prepare_cached(
                    "SELECT MIN(t) FROM (
                        SELECT MIN(MAX(next_poll_at, COALESCE(lease_until, 0))) AS t FROM operations
                        WHERE state = 'following' AND vendor IN (SELECT value FROM json_each(?1))
                        UNION ALL
                        SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) FROM deliveries
                        WHERE state = 'pending' AND hook IN (SELECT value FROM json_each(?2)))",
                )
                .map_err(sql("finding the next due time"))?;
            let due: Option<i64> = next
                .query_row(params![names_json(&vendors), names_json(&hooks)], |row| {
                    row.get(0)
                })
                .map_err(sql("finding the next due time"))?;
            Ok(due.map(Timestamp::from_millis))
        })
    }

    fn changes_after(
        &self,
        seq: i64,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        self.with(move |connection| {
            select(
                connection,
                &format!(
                    "SELECT {CHANGE_COLUMNS} FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2"
                ),
                params![seq, limit],
                "reading changes",
                change_from_row,
            )
        })
    }

    fn last_change_seq(&self) -> BoxFuture<'_, Result<i64, StoreError>> {
        self.with(|connection| {
            connection
                .query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |row| {
                    row.get(0)
                })
                .map_err(sql("reading the last change"))
        })
    }

    fn operation(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Option<OperationRecord>, StoreError>> {
        let vendor = vendor.to_owned();
        self.with(move |connection| {
            connection
                .query_row(
                    &format!(
                        "SELECT {OPERATION_COLUMNS} FROM operations WHERE vendor = ?1 AND id = ?2"
                    ),
                    params![vendor, id],
                    operation_from_row,
                )
                .optional()
                .map_err(sql("reading an operation"))?
                .transpose()
        })
    }

    fn operations(&self) -> BoxFuture<'_, Result<Vec<OperationRecord>, StoreError>> {
        self.with(|connection| {
            select(
                connection,
                &format!("SELECT {OPERATION_COLUMNS} FROM operations ORDER BY vendor, id"),
                [],
                "reading operations",
                operation_from_row,
            )
        })
    }

    fn history(&self, vendor: &str, id: i64) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        let vendor = vendor.to_owned();
        self.with(move |connection| {
            select(
                connection,
                &format!(
                    "SELECT {CHANGE_COLUMNS} FROM changes WHERE vendor = ?1 AND id = ?2 ORDER BY seq"
                ),
                params![vendor, id],
                "reading history",
                change_from_row,
            )
        })
    }

    fn deliveries(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Vec<DeliveryRecord>, StoreError>> {
        let vendor = vendor.to_owned();
        self.with(move |connection| {
            select(
                connection,
                "SELECT change_seq, hook, state, attempts, last_error, delivered_at
                 FROM deliveries WHERE vendor = ?1 AND id = ?2 ORDER BY change_seq, hook",
                params![vendor, id],
                "reading deliveries",
                |row| {
                    let state: String = row.get(2)?;
                    let attempts: i64 = row.get(3)?;
                    let delivered: Option<i64> = row.get(5)?;
                    let (change_seq, hook, last_error) = (row.get(0)?, row.get(1)?, row.get(4)?);
                    Ok(delivery_state_from_sql(&state).map(|state| DeliveryRecord {
                        change_seq,
                        hook,
                        state,
                        attempts: count(attempts),
                        last_error,
                        delivered_at: delivered.map(Timestamp::from_millis),
                    }))
                },
            )
        })
    }

    fn summary(&self) -> BoxFuture<'_, Result<Summary, StoreError>> {
        self.with(|connection| {
            connection
                .query_row(
                    "SELECT
                        (SELECT COUNT(*) FROM operations WHERE state = 'following'),
                        (SELECT COUNT(*) FROM operations WHERE state = 'finished'),
                        (SELECT COUNT(*) FROM operations WHERE state = 'abandoned'),
                        (SELECT COUNT(*) FROM changes),
                        (SELECT COUNT(*) FROM deliveries WHERE state = 'pending'),
                        (SELECT COUNT(*) FROM deliveries WHERE state = 'failed')",
                    [],
                    |row| {
                        Ok(Summary {
                            following: row.get::<_, i64>(0)? as u64,
                            finished: row.get::<_, i64>(1)? as u64,
                            abandoned: row.get::<_, i64>(2)? as u64,
                            changes: row.get::<_, i64>(3)? as u64,
                            deliveries_pending: row.get::<_, i64>(4)? as u64,
                            deliveries_failed: row.get::<_, i64>(5)? as u64,
                        })
                    },
                )
                .map_err(sql("counting"))
        })
    }
}

/// Records one poll result inside the caller's transaction; returns the change it reveals.
fn record_poll(
    tx: &rusqlite::Transaction<'_>,
    owner: &str,
    record: PollRecord,
) -> Result<Option<Change>, StoreError> {
    let current: Option<(Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT status, phase FROM operations
             WHERE vendor = ?1 AND id = ?2 AND lease_owner = ?3 AND status IS ?4",
        )
        .map_err(sql("recording a poll"))?
        .query_row(
            params![record.vendor, record.id, owner, record.expected_status],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
        .map_err(sql("recording a poll"))?;
    let Some((from_status, from_phase)) = current else {
        // The lease expired and another tracker took the operation: its result wins.
        return Ok(None);
    };
    let next_poll = record.next_poll_at.map(Timestamp::as_millis);
    match record.outcome {
        PollOutcome::Observed {
            status,
            phase,
            message,
            detail,
        } => {
            let mut change = None;
            if from_status.as_deref() != Some(status.as_str()) {
                let seq: i64 = tx
                    .prepare_cached(
                        "INSERT INTO changes (vendor, id, from_status, status, from_phase, phase, message, at, detail)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq",
                    )
                    .map_err(sql("recording a change"))?
                    .query_row(
                        params![
                            record.vendor,
                            record.id,
                            from_status,
                            status,
                            from_phase,
                            phase_to_sql(phase),
                            message,
                            record.at.as_millis(),
                            detail.to_string(),
                        ],
                        |row| row.get(0),
                    )
                    .map_err(sql("recording a change"))?;
                let mut owe = tx
                    .prepare_cached(
                        "INSERT INTO deliveries (change_seq, hook, vendor, id, next_attempt_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(sql("recording a delivery"))?;
                for hook in &record.hooks {
                    owe.execute(params![
                        seq,
                        hook,
                        record.vendor,
                        record.id,
                        record.at.as_millis()
                    ])
                    .map_err(sql("recording a delivery"))?;
                }
                change = Some(Change {
                    seq,
                    vendor: record.vendor.clone(),
                    operation: record.id,
                    from_status,
                    status: status.clone(),
                    from_phase: phase_from_sql(from_phase)?,
                    phase,
                    message: message.clone(),
                    at: record.at,
                    detail,
                });
            }
            tx.prepare_cached(
                "UPDATE operations SET status = ?3, phase = ?4, message = ?5, state = ?6,
                    next_poll_at = ?7, polls = polls + 1, failures = 0, last_error = NULL,
                    updated_at = ?8, lease_owner = NULL, lease_until = NULL, interval_ms = ?9
                 WHERE vendor = ?1 AND id = ?2",
            )
            .map_err(sql("recording a poll"))?
            .execute(params![
                record.vendor,
                record.id,
                status,
                phase_to_sql(phase),
                message,
                record.state.as_str(),
                next_poll,
                record.at.as_millis(),
                crate::clock::millis(record.interval),
            ])
            .map_err(sql("recording a poll"))?;
            Ok(change)
        }
        PollOutcome::Failed { error } => {
            tx.prepare_cached(
                "UPDATE operations SET failures = ?3, last_error = ?4, state = ?5,
                    next_poll_at = ?6, updated_at = ?7, lease_owner = NULL, lease_until = NULL,
                    interval_ms = ?8
                 WHERE vendor = ?1 AND id = ?2",
            )
            .map_err(sql("recording a failed poll"))?
            .execute(params![
                record.vendor,
                record.id,
                record.failures,
                error,
                record.state.as_str(),
                next_poll,
                record.at.as_millis(),
                crate::clock::millis(record.interval),
            ])
            .map_err(sql("recording a failed poll"))?;
            Ok(None)
        }
    }
}
