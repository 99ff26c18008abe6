//! The shared store: PostgreSQL, for several tracker processes (on one or many machines)
//! sharing one database. Work is claimed with `SELECT … FOR UPDATE SKIP LOCKED` and a lease,
//! so each operation is polled by one process per interval and a dead process's claims are
//! taken over when their lease expires.

use std::sync::Arc;

use tokio::sync::Mutex;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls, Row, Transaction};

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

/// Schema migrations, applied in order; `regops_tracker_schema` counts those applied.
const MIGRATIONS: &[&str] = &[include_str!("postgres_schema.sql")];

/// Serialises migrations and change inserts across processes (an arbitrary constant).
const LOCK_MIGRATE: i64 = 0x7265_676f_7073_0001;
/// Held while a transaction inserts changes, so `seq` order is commit order and a change
/// stream reading by `seq` never skips one committed late.
const LOCK_CHANGES: i64 = 0x7265_676f_7073_0002;

/// Adding this many operations at once refreshes the table's statistics.
const BULK_ADD: u64 = 1_000;

/// The PostgreSQL store: one connection (statements are pipelined on it).
#[derive(Clone)]
pub struct PostgresStore {
    client: Arc<Mutex<Client>>,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

fn pg(context: &'static str) -> impl Fn(tokio_postgres::Error) -> StoreError {
    move |error| StoreError::caused(context, error)
}

impl PostgresStore {
    /// Connects with a libpq-style connection string (`host=127.0.0.1 port=5432 user=regops
    /// dbname=regops`, or a `postgresql://` URL; TLS is not used) and migrates the schema.
    /// Must be called inside a tokio runtime: the connection runs as a task.
    pub async fn connect(config: &str) -> Result<Self, StoreError> {
        let (client, connection) = tokio_postgres::connect(config, NoTls)
            .await
            .map_err(pg("connecting to PostgreSQL"))?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::error!(%error, "PostgreSQL connection closed");
            }
        });
        let mut client = client;
        migrate(&mut client).await?;
        Ok(Self {
            client: Arc::new(Mutex::new(client)),
        })
    }
}

impl PostgresStore {
    /// Runs a query and maps each row.
    async fn select<T>(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        context: &'static str,
        map: fn(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let client = self.client.lock().await;
        let rows = client.query(sql, params).await.map_err(pg(context))?;
        rows.iter().map(map).collect()
    }
}

async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client
        .transaction()
        .await
        .map_err(pg("starting the migration"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_MIGRATE])
        .await
        .map_err(pg("locking the migration"))?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS regops_tracker_schema (version INTEGER NOT NULL)")
        .await
        .map_err(pg("creating the schema version table"))?;
    let applied: Option<i32> = tx
        .query_opt("SELECT MAX(version) FROM regops_tracker_schema", &[])
        .await
        .map_err(pg("reading the schema version"))?
        .and_then(|row| row.get(0));
    let applied = applied.unwrap_or(0) as usize;
    if applied > MIGRATIONS.len() {
        return Err(StoreError::new(format!(
            "the database has schema version {applied}; this regops-tracker knows versions up to {}",
            MIGRATIONS.len()
        )));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(applied) {
        tx.batch_execute(migration)
            .await
            .map_err(|error| StoreError::caused(format!("migration {}", index + 1), error))?;
        let version = index as i32 + 1;
        tx.execute(
            "INSERT INTO regops_tracker_schema (version) VALUES ($1)",
            &[&version],
        )
        .await
        .map_err(pg("writing the schema version"))?;
    }
    tx.commit().await.map_err(pg("committing the migration"))
}

const CHANGE_COLUMNS: &str =
    "seq, vendor, id, from_status, status, from_phase, phase, message, at, detail";

fn change_from_row(row: &Row) -> Result<Change, StoreError> {
    let detail: String = row.get(9);
    Ok(Change {
        seq: row.get(0),
        vendor: row.get(1),
        operation: row.get(2),
        from_status: row.get(3),
        status: row.get(4),
        from_phase: phase_from_sql(row.get(5))?,
        phase: phase_from_sql(row.get(6))?,
        message: row.get(7),
        at: Timestamp::from_millis(row.get(8)),
        detail: detail_from_sql(&detail)?,
    })
}

const OPERATION_COLUMNS: &str = "vendor, id, state, status, phase, message, added_at, updated_at, next_poll_at, polls, failures, last_error";

fn operation_from_row(row: &Row) -> Result<OperationRecord, StoreError> {
    let state: String = row.get(2);
    let failures: i32 = row.get(10);
    Ok(OperationRecord {
        vendor: row.get(0),
        id: row.get(1),
        state: follow_state_from_sql(&state)?,
        status: row.get(3),
        phase: phase_from_sql(row.get(4))?,
        message: row.get(5),
        added_at: Timestamp::from_millis(row.get(6)),
        updated_at: Timestamp::from_millis(row.get(7)),
        next_poll_at: row.get::<_, Option<i64>>(8).map(Timestamp::from_millis),
        polls: row.get(9),
        failures: count(i64::from(failures)),
        last_error: row.get(11),
    })
}

/// The parameters of both claim statements: owner, lease expiry, due by, limit, names, now.
struct ClaimParams<'a> {
    owner: &'a str,
    lease_until: i64,
    due_by: i64,
    limit: i64,
    only: &'a [String],
    now: i64,
}

impl<'a> ClaimParams<'a> {
    fn of(claim: &'a Claim) -> Self {
        Self {
            owner: &claim.owner,
            lease_until: claim.lease_until.as_millis(),
            due_by: claim.due_by.as_millis(),
            limit: i64::from(claim.limit),
            only: &claim.only,
            now: claim.now.as_millis(),
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 6] {
        [
            &self.owner,
            &self.lease_until,
            &self.due_by,
            &self.limit,
            &self.only,
            &self.now,
        ]
    }
}

fn int(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl Store for PostgresStore {
    fn add(&self, operations: Vec<NewOperation>) -> BoxFuture<'_, Result<u64, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let mut vendors = Vec::with_capacity(operations.len());
            let mut ids = Vec::with_capacity(operations.len());
            let mut added = Vec::with_capacity(operations.len());
            let mut first = Vec::with_capacity(operations.len());
            let mut policies = Vec::with_capacity(operations.len());
            let mut intervals = Vec::with_capacity(operations.len());
            for op in &operations {
                vendors.push(op.vendor.as_str());
                ids.push(op.id);
                added.push(op.added_at.as_millis());
                first.push(op.first_poll_at.as_millis());
                policies.push(policies_to_sql(op.policies.as_ref()));
                intervals.push(crate::clock::millis(op.interval));
            }
            let inserted = client
                .execute(
                    "INSERT INTO operations (vendor, id, added_at, updated_at, next_poll_at, policies, interval_ms)
                     SELECT vendor, id, added_at, added_at, next_poll_at, policies, interval_ms
                     FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                                 $6::bigint[])
                        AS u(vendor, id, added_at, next_poll_at, policies, interval_ms)
                     ON CONFLICT DO NOTHING",
                    &[&vendors, &ids, &added, &first, &policies, &intervals],
                )
                .await
                .map_err(pg("adding operations"))?;
            // After a bulk import the planner would otherwise see an empty table and read
            // every due row for each claim instead of the due-time index.
            if inserted >= BULK_ADD {
                client
                    .batch_execute("ANALYZE operations")
                    .await
                    .map_err(pg("analysing operations"))?;
            }
            Ok(inserted)
        })
    }

    fn claim_operations(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedOperation>, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let rows = client
                .query(
                    "WITH due AS (
                        SELECT vendor, id FROM operations
                        WHERE state = 'following' AND next_poll_at <= $3
                          AND (lease_until IS NULL OR lease_until <= $6)
                          AND vendor = ANY($5)
                        ORDER BY next_poll_at LIMIT $4
                        FOR UPDATE SKIP LOCKED)
                     UPDATE operations o SET lease_owner = $1, lease_until = $2,
                        next_poll_at = $2 + o.interval_ms
                     FROM due WHERE o.vendor = due.vendor AND o.id = due.id
                     RETURNING o.vendor, o.id, o.status, o.phase, o.added_at, o.failures, o.policies",
                    &ClaimParams::of(&claim).params(),
                )
                .await
                .map_err(pg("claiming operations"))?;
            rows.iter()
                .map(|row| {
                    let failures: i32 = row.get(5);
                    Ok(ClaimedOperation {
                        vendor: row.get(0),
                        id: row.get(1),
                        status: row.get(2),
                        phase: phase_from_sql(row.get(3))?,
                        added_at: Timestamp::from_millis(row.get(4)),
                        failures: count(i64::from(failures)),
                        policies: policies_from_sql(row.get(6))?,
                    })
                })
                .collect()
        })
    }

    fn record_polls(
        &self,
        owner: &str,
        records: Vec<PollRecord>,
    ) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        let owner = owner.to_owned();
        Box::pin(async move {
            let mut client = self.client.lock().await;
            let tx = client.transaction().await.map_err(pg("recording polls"))?;
            let changes = record_polls(&tx, &owner, records).await?;
            tx.commit().await.map_err(pg("recording polls"))?;
            Ok(changes)
        })
    }

    fn claim_deliveries(
        &self,
        claim: Claim,
    ) -> BoxFuture<'_, Result<Vec<ClaimedDelivery>, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let claimed = client
                .query(
                    "WITH due AS (
                        SELECT d.change_seq, d.hook FROM deliveries d
                        WHERE d.state = 'pending' AND d.next_attempt_at <= $3
                          AND (d.lease_until IS NULL OR d.lease_until <= $6)
                          AND d.hook = ANY($5)
                          AND NOT EXISTS (
                            SELECT 1 FROM deliveries e
                            WHERE e.state = 'pending' AND e.hook = d.hook
                              AND e.vendor = d.vendor AND e.id = d.id
                              AND e.change_seq < d.change_seq)
                        ORDER BY d.change_seq LIMIT $4
                        FOR UPDATE SKIP LOCKED)
                     UPDATE deliveries x SET lease_owner = $1, lease_until = $2
                     FROM due WHERE x.change_seq = due.change_seq AND x.hook = due.hook
                     RETURNING x.change_seq, x.hook, x.attempts",
                    &ClaimParams::of(&claim).params(),
                )
                .await
                .map_err(pg("claiming deliveries"))?;
            if claimed.is_empty() {
                return Ok(Vec::new());
            }
            let seqs: Vec<i64> = claimed.iter().map(|row| row.get(0)).collect();
            let changes = client
                .query(
                    &format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE seq = ANY($1)"),
                    &[&seqs],
                )
                .await
                .map_err(pg("reading changes"))?
                .iter()
                .map(change_from_row)
                .collect::<Result<Vec<_>, _>>()?;
            let mut deliveries = Vec::with_capacity(claimed.len());
            for row in &claimed {
                let seq: i64 = row.get(0);
                let attempts: i32 = row.get(2);
                let change = changes
                    .iter()
                    .find(|change| change.seq == seq)
                    .cloned()
                    .ok_or_else(|| StoreError::new(format!("delivery of missing change {seq}")))?;
                deliveries.push(ClaimedDelivery {
                    change,
                    hook: row.get(1),
                    attempts: count(i64::from(attempts)),
                });
            }
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
        Box::pin(async move {
            let mut client = self.client.lock().await;
            let tx = client
                .transaction()
                .await
                .map_err(pg("recording deliveries"))?;
            let update = tx
                .prepare(
                    "UPDATE deliveries SET state = $1, attempts = $2, last_error = $3,
                        next_attempt_at = $4,
                        delivered_at = CASE WHEN $1 = 'delivered' THEN $5 ELSE delivered_at END,
                        lease_owner = NULL, lease_until = NULL
                     WHERE change_seq = $6 AND hook = $7 AND lease_owner = $8",
                )
                .await
                .map_err(pg("recording deliveries"))?;
            for outcome in &outcomes {
                tx.execute(
                    &update,
                    &[
                        &outcome.state.as_str(),
                        &int(outcome.attempts),
                        &outcome.error,
                        &outcome.next_attempt_at.as_millis(),
                        &outcome.at.as_millis(),
                        &outcome.change_seq,
                        &outcome.hook,
                        &owner,
                    ],
                )
                .await
                .map_err(pg("recording a delivery"))?;
            }
            tx.commit().await.map_err(pg("recording deliveries"))
        })
    }

    fn next_due(
        &self,
        vendors: Vec<String>,
        hooks: Vec<String>,
    ) -> BoxFuture<'_, Result<Option<Timestamp>, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let row = client
                .query_one(
                    "SELECT LEAST(
                        (SELECT MIN(GREATEST(next_poll_at, COALESCE(lease_until, 0))) FROM operations
                         WHERE state = 'following' AND vendor = ANY($1)),
                        (SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, 0))) FROM deliveries
                         WHERE state = 'pending' AND hook = ANY($2)))",
                    &[&vendors, &hooks],
                )
                .await
                .map_err(pg("finding the next due time"))?;
            Ok(row.get::<_, Option<i64>>(0).map(Timestamp::from_millis))
        })
    }

    fn changes_after(
        &self,
        seq: i64,
        limit: u32,
    ) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        Box::pin(async move {
            let sql = format!(
                "SELECT {CHANGE_COLUMNS} FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2"
            );
            let params: [&(dyn ToSql + Sync); 2] = [&seq, &i64::from(limit)];
            self.select(&sql, &params, "reading changes", change_from_row)
                .await
        })
    }

    fn last_change_seq(&self) -> BoxFuture<'_, Result<i64, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let row = client
                .query_one("SELECT COALESCE(MAX(seq), 0)::bigint FROM changes", &[])
                .await
                .map_err(pg("reading the last change"))?;
            Ok(row.get(0))
        })
    }

    fn operation(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Option<OperationRecord>, StoreError>> {
        let vendor = vendor.to_owned();
        Box::pin(async move {
            let client = self.client.lock().await;
            client
                .query_opt(
                    &format!(
                        "SELECT {OPERATION_COLUMNS} FROM operations WHERE vendor = $1 AND id = $2"
                    ),
                    &[&vendor, &id],
                )
                .await
                .map_err(pg("reading an operation"))?
                .as_ref()
                .map(operation_from_row)
                .transpose()
        })
    }

    fn operations(&self) -> BoxFuture<'_, Result<Vec<OperationRecord>, StoreError>> {
        Box::pin(async move {
            let sql = format!("SELECT {OPERATION_COLUMNS} FROM operations ORDER BY vendor, id");
            self.select(&sql, &[], "reading operations", operation_from_row)
                .await
        })
    }

    fn history(&self, vendor: &str, id: i64) -> BoxFuture<'_, Result<Vec<Change>, StoreError>> {
        let vendor = vendor.to_owned();
        Box::pin(async move {
            let sql = format!(
                "SELECT {CHANGE_COLUMNS} FROM changes WHERE vendor = $1 AND id = $2 ORDER BY seq"
            );
            let params: [&(dyn ToSql + Sync); 2] = [&vendor, &id];
            self.select(&sql, &params, "reading history", change_from_row)
                .await
        })
    }

    fn deliveries(
        &self,
        vendor: &str,
        id: i64,
    ) -> BoxFuture<'_, Result<Vec<DeliveryRecord>, StoreError>> {
        let vendor = vendor.to_owned();
        Box::pin(async move {
            let params: [&(dyn ToSql + Sync); 2] = [&vendor, &id];
            self.select(
                "SELECT change_seq, hook, state, attempts, last_error, delivered_at
                 FROM deliveries WHERE vendor = $1 AND id = $2 ORDER BY change_seq, hook",
                &params,
                "reading deliveries",
                |row| {
                    let state: String = row.get(2);
                    let attempts: i32 = row.get(3);
                    Ok(DeliveryRecord {
                        change_seq: row.get(0),
                        hook: row.get(1),
                        state: delivery_state_from_sql(&state)?,
                        attempts: count(i64::from(attempts)),
                        last_error: row.get(4),
                        delivered_at: row.get::<_, Option<i64>>(5).map(Timestamp::from_millis),
                    })
                },
            )
            .await
        })
    }

    fn summary(&self) -> BoxFuture<'_, Result<Summary, StoreError>> {
        Box::pin(async move {
            let client = self.client.lock().await;
            let row = client
                .query_one(
                    "SELECT
                        (SELECT COUNT(*) FROM operations WHERE state = 'following'),
                        (SELECT COUNT(*) FROM operations WHERE state = 'finished'),
                        (SELECT COUNT(*) FROM operations WHERE state = 'abandoned'),
                        (SELECT COUNT(*) FROM changes),
                        (SELECT COUNT(*) FROM deliveries WHERE state = 'pending'),
                        (SELECT COUNT(*) FROM deliveries WHERE state = 'failed')",
                    &[],
                )
                .await
                .map_err(pg("counting"))?;
            let n = |index: usize| row.get::<_, i64>(index) as u64;
            Ok(Summary {
                following: n(0),
                finished: n(1),
                abandoned: n(2),
                changes: n(3),
                deliveries_pending: n(4),
                deliveries_failed: n(5),
            })
        })
    }
}

/// Records poll results in `tx` with a few set-based statements: read the claimed rows,
/// insert the changes (rare) one by one, update every operation at once.
async fn record_polls(
    tx: &Transaction<'_>,
    owner: &str,
    records: Vec<PollRecord>,
) -> Result<Vec<Change>, StoreError> {
    let vendors: Vec<&str> = records.iter().map(|r| r.vendor.as_str()).collect();
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let held = tx
        .query(
            "SELECT o.vendor, o.id, o.status, o.phase FROM operations o
             JOIN unnest($1::text[], $2::bigint[]) AS u(vendor, id)
               ON o.vendor = u.vendor AND o.id = u.id
             WHERE o.lease_owner = $3",
            &[&vendors, &ids, &owner],
        )
        .await
        .map_err(pg("recording polls"))?;
    let current: std::collections::HashMap<(String, i64), (Option<String>, Option<String>)> = held
        .iter()
        .map(|row| ((row.get(0), row.get(1)), (row.get(2), row.get(3))))
        .collect();

    let mut changes = Vec::new();
    let mut hooks = Vec::new();
    let mut observed = Observed::default();
    let mut failed = Failed::default();
    for record in records {
        let Some((from_status, from_phase)) = current.get(&(record.vendor.clone(), record.id))
        else {
            continue; // the lease was lost: another tracker's result wins
        };
        if *from_status != record.expected_status {
            continue;
        }
        let keys = match record.outcome {
            PollOutcome::Observed { .. } => &mut observed.keys,
            PollOutcome::Failed { .. } => &mut failed.keys,
        };
        keys.push(&record);
        match record.outcome {
            PollOutcome::Observed {
                status,
                phase,
                message,
                detail,
            } => {
                if from_status.as_deref() != Some(status.as_str()) {
                    changes.push(Change {
                        seq: 0, // given by the insert
                        vendor: record.vendor.clone(),
                        operation: record.id,
                        from_status: from_status.clone(),
                        status: status.clone(),
                        from_phase: phase_from_sql(from_phase.clone())?,
                        phase,
                        message: message.clone(),
                        at: record.at,
                        detail,
                    });
                    hooks.push(record.hooks);
                }
                observed.statuses.push(status);
                observed.phases.push(phase_to_sql(phase));
                observed.messages.push(message);
            }
            PollOutcome::Failed { error } => {
                failed.failures.push(int(record.failures));
                failed.errors.push(error);
            }
        }
    }
    if !changes.is_empty() {
        insert_changes(tx, &mut changes, &hooks).await?;
    }
    if !observed.keys.ids.is_empty() {
        let o = &observed;
        let params: [&(dyn ToSql + Sync); 9] = [
            &o.keys.vendors,
            &o.keys.ids,
            &o.statuses,
            &o.phases,
            &o.messages,
            &o.keys.states,
            &o.keys.next,
            &o.keys.at,
            &o.keys.intervals,
        ];
        tx.execute(
            "UPDATE operations o SET status = u.status, phase = u.phase, message = u.message,
                state = u.state, next_poll_at = u.next_poll_at, polls = o.polls + 1,
                failures = 0, last_error = NULL, updated_at = u.at,
                lease_owner = NULL, lease_until = NULL, interval_ms = u.interval_ms
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::bigint[], $8::bigint[], $9::bigint[])
                AS u(vendor, id, status, phase, message, state, next_poll_at, at, interval_ms)
             WHERE o.vendor = u.vendor AND o.id = u.id",
            &params,
        )
        .await
        .map_err(pg("recording polls"))?;
    }
    if !failed.keys.ids.is_empty() {
        let f = &failed;
        let params: [&(dyn ToSql + Sync); 8] = [
            &f.keys.vendors,
            &f.keys.ids,
            &f.failures,
            &f.errors,
            &f.keys.states,
            &f.keys.next,
            &f.keys.at,
            &f.keys.intervals,
        ];
        tx.execute(
            "UPDATE operations o SET failures = u.failures, last_error = u.error, state = u.state,
                next_poll_at = u.next_poll_at, updated_at = u.at,
                lease_owner = NULL, lease_until = NULL, interval_ms = u.interval_ms
             FROM unnest($1::text[], $2::bigint[], $3::integer[], $4::text[], $5::text[],
                         $6::bigint[], $7::bigint[], $8::bigint[])
                AS u(vendor, id, failures, error, state, next_poll_at, at, interval_ms)
             WHERE o.vendor = u.vendor AND o.id = u.id",
            &params,
        )
        .await
        .map_err(pg("recording failed polls"))?;
    }
    Ok(changes)
}

/// Inserts `changes` in their order, giving each its `seq`, and the deliveries they owe
/// (`hooks[i]` for `changes[i]`): two statements, whatever their number.
async fn insert_changes(
    tx: &Transaction<'_>,
    changes: &mut [Change],
    hooks: &[Vec<String>],
) -> Result<(), StoreError> {
    // Serialises change inserts across processes, so seq order is commit order.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_CHANGES])
        .await
        .map_err(pg("locking the change log"))?;
    let vendors: Vec<&str> = changes.iter().map(|c| c.vendor.as_str()).collect();
    let ids: Vec<i64> = changes.iter().map(|c| c.operation).collect();
    let from_statuses: Vec<Option<&str>> =
        changes.iter().map(|c| c.from_status.as_deref()).collect();
    let statuses: Vec<&str> = changes.iter().map(|c| c.status.as_str()).collect();
    let from_phases: Vec<Option<&str>> =
        changes.iter().map(|c| phase_to_sql(c.from_phase)).collect();
    let phases: Vec<Option<&str>> = changes.iter().map(|c| phase_to_sql(c.phase)).collect();
    let messages: Vec<Option<&str>> = changes.iter().map(|c| c.message.as_deref()).collect();
    let at: Vec<i64> = changes.iter().map(|c| c.at.as_millis()).collect();
    let details: Vec<String> = changes.iter().map(|c| c.detail.to_string()).collect();
    let params: [&(dyn ToSql + Sync); 9] = [
        &vendors,
        &ids,
        &from_statuses,
        &statuses,
        &from_phases,
        &phases,
        &messages,
        &at,
        &details,
    ];
    let rows = tx
        .query(
            "INSERT INTO changes (vendor, id, from_status, status, from_phase, phase, message, at, detail)
             SELECT vendor, id, from_status, status, from_phase, phase, message, at, detail
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
                         $7::text[], $8::bigint[], $9::text[])
                WITH ORDINALITY AS u(vendor, id, from_status, status, from_phase, phase, message, at, detail, n)
             ORDER BY n
             RETURNING seq, vendor, id",
            &params,
        )
        .await
        .map_err(pg("recording changes"))?;
    // One change per operation per batch: match the seqs by operation.
    let seqs: std::collections::HashMap<(String, i64), i64> = rows
        .iter()
        .map(|row| ((row.get(1), row.get(2)), row.get(0)))
        .collect();
    for change in changes.iter_mut() {
        change.seq = *seqs
            .get(&(change.vendor.clone(), change.operation))
            .ok_or_else(|| StoreError::new("a recorded change returned no seq"))?;
    }
    let mut owed_seq = Vec::new();
    let mut owed_hook = Vec::new();
    let mut owed_vendor = Vec::new();
    let mut owed_id = Vec::new();
    let mut owed_at = Vec::new();
    for (change, hooks) in changes.iter().zip(hooks) {
        for hook in hooks {
            owed_seq.push(change.seq);
            owed_hook.push(hook.as_str());
            owed_vendor.push(change.vendor.as_str());
            owed_id.push(change.operation);
            owed_at.push(change.at.as_millis());
        }
    }
    if !owed_seq.is_empty() {
        tx.execute(
            "INSERT INTO deliveries (change_seq, hook, vendor, id, next_attempt_at)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])",
            &[&owed_seq, &owed_hook, &owed_vendor, &owed_id, &owed_at],
        )
        .await
        .map_err(pg("recording deliveries"))?;
    }
    // Inserted in their order, so this only guards the order the caller reports.
    changes.sort_by_key(|change| change.seq);
    Ok(())
}

/// The columns every poll result updates, for one `unnest` update per kind of result.
#[derive(Default)]
struct Keys {
    vendors: Vec<String>,
    ids: Vec<i64>,
    states: Vec<&'static str>,
    next: Vec<Option<i64>>,
    at: Vec<i64>,
    intervals: Vec<i64>,
}

impl Keys {
    fn push(&mut self, record: &PollRecord) {
        self.vendors.push(record.vendor.clone());
        self.ids.push(record.id);
        self.states.push(record.state.as_str());
        self.next
            .push(record.next_poll_at.map(Timestamp::as_millis));
        self.at.push(record.at.as_millis());
        self.intervals.push(crate::clock::millis(record.interval));
    }
}

/// Columns of the observed polls of one transaction.
#[derive(Default)]
struct Observed {
    keys: Keys,
    statuses: Vec<String>,
    phases: Vec<Option<&'static str>>,
    messages: Vec<Option<String>>,
}

/// Columns of the failed polls of one transaction.
#[derive(Default)]
struct Failed {
    keys: Keys,
    failures: Vec<i32>,
    errors: Vec<String>,
}
