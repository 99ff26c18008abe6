//! Operation rows and the SQL that reads and writes them.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension as _, Row, params};

use crate::plan::Vendor;

/// One operation as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OpRow {
    /// Tracking number.
    pub id: i64,
    /// Vendor.
    pub vendor: Vendor,
    /// Gandi operation type or Netim function name.
    pub kind: String,
    /// Wire value of the current step / status.
    pub state: String,
    /// Domain, host or contact the operation is about.
    pub target: String,
    /// Scripted outcome ([`crate::outcome::Outcome::to_stored`]).
    pub outcome: String,
    /// How many times it was relaunched.
    pub attempt: i64,
    /// Creation time (ms since the epoch, sandbox clock).
    pub created_ms: i64,
    /// Last change.
    pub updated_ms: i64,
    /// When processing started (Gandi `start`) or starts (Netim).
    pub started_ms: Option<i64>,
    /// When the worker makes [`OpRow::next_move`].
    pub due_ms: Option<i64>,
    /// The transition scheduled at `due_ms`.
    pub next_move: Option<String>,
    /// Gandi error identifier when in error.
    pub error_id: Option<String>,
    /// Last error message (empty when none).
    pub last_error: String,
    /// Parameters, a JSON object.
    pub params: String,
}

/// The columns of [`OpRow`], in [`OpRow::from_row`]'s order.
pub const COLUMNS: &str = "id, vendor, kind, state, target, outcome, attempt, created_ms, updated_ms, started_ms, due_ms, next_move, error_id, last_error, params";

impl OpRow {
    /// Reads a row selected with [`COLUMNS`].
    pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Self> {
        let vendor: String = r.get(1)?;
        Ok(Self {
            id: r.get(0)?,
            vendor: Vendor::parse(&vendor).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    format!("unknown vendor {vendor}").into(),
                )
            })?,
            kind: r.get(2)?,
            state: r.get(3)?,
            target: r.get(4)?,
            outcome: r.get(5)?,
            attempt: r.get(6)?,
            created_ms: r.get(7)?,
            updated_ms: r.get(8)?,
            started_ms: r.get(9)?,
            due_ms: r.get(10)?,
            next_move: r.get(11)?,
            error_id: r.get(12)?,
            last_error: r.get(13)?,
            params: r.get(14)?,
        })
    }
}

/// An operation to insert, in its machine's initial state.
#[derive(Debug, Clone)]
pub struct NewOperation {
    /// Vendor.
    pub vendor: Vendor,
    /// Gandi type or Netim function.
    pub kind: String,
    /// Initial state's wire value.
    pub state: String,
    /// Target.
    pub target: String,
    /// Scripted outcome.
    pub outcome: String,
    /// Creation time.
    pub created_ms: i64,
    /// Netim: when processing starts.
    pub started_ms: Option<i64>,
    /// Parameters (JSON object).
    pub params: String,
}

/// One recorded transition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TransitionRow {
    /// Order within the operation, from 1.
    pub seq: i64,
    /// Transition name in the schema.
    pub name: String,
    /// State left.
    pub from: String,
    /// State entered.
    pub to: String,
    /// When (ms since the epoch).
    pub at_ms: i64,
}

/// Inserts an operation and gives its tracking number.
pub fn insert(conn: &Connection, op: &NewOperation) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO operations (vendor, kind, state, target, outcome, created_ms, updated_ms, started_ms, params) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
    )?
    .execute(params![
        op.vendor.as_str(),
        op.kind,
        op.state,
        op.target,
        op.outcome,
        op.created_ms,
        op.started_ms,
        op.params
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The operation `id` of `vendor`.
pub fn get(conn: &Connection, vendor: Vendor, id: i64) -> rusqlite::Result<Option<OpRow>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM operations WHERE id = ?1 AND vendor = ?2"
    ))?
    .query_row(params![id, vendor.as_str()], OpRow::from_row)
    .optional()
}

/// The operation `id`, whatever its vendor.
pub fn get_any(conn: &Connection, id: i64) -> rusqlite::Result<Option<OpRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM operations WHERE id = ?1"))?
        .query_row([id], OpRow::from_row)
        .optional()
}

/// Operations whose next move is due at `now_ms`, earliest first.
pub fn due(conn: &Connection, now_ms: i64, limit: i64) -> rusqlite::Result<Vec<OpRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM operations WHERE due_ms IS NOT NULL AND due_ms <= ?1 ORDER BY due_ms, id LIMIT ?2"
    ))?;
    stmt.query_map(params![now_ms, limit], OpRow::from_row)?
        .collect()
}

/// The earliest scheduled move, if any.
pub fn next_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT MIN(due_ms) FROM operations WHERE due_ms IS NOT NULL")?
        .query_row([], |r| r.get(0))
}

/// Writes `row`'s new state, guarded by the state it had (`expected`): `false` when the row
/// is no longer in that state (another writer moved it first).
pub fn update_guarded(conn: &Connection, row: &OpRow, expected: &str) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "UPDATE operations SET state = ?1, outcome = ?2, attempt = ?3, updated_ms = ?4, started_ms = ?5, \
             due_ms = ?6, next_move = ?7, error_id = ?8, last_error = ?9, params = ?10 \
             WHERE id = ?11 AND state = ?12",
        )?
        .execute(params![
            row.state,
            row.outcome,
            row.attempt,
            row.updated_ms,
            row.started_ms,
            row.due_ms,
            row.next_move,
            row.error_id,
            row.last_error,
            row.params,
            row.id,
            expected
        ])?;
    Ok(changed == 1)
}

/// Records a transition of operation `id`.
pub fn record_transition(
    conn: &Connection,
    id: i64,
    name: &str,
    from: &str,
    to: &str,
    at_ms: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO transitions (op_id, seq, name, from_state, to_state, at_ms) \
         VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM transitions WHERE op_id = ?1), ?2, ?3, ?4, ?5)",
    )?
    .execute(params![id, name, from, to, at_ms])?;
    Ok(())
}

/// The transitions of operation `id`, in order.
pub fn history(conn: &Connection, id: i64) -> rusqlite::Result<Vec<TransitionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, name, from_state, to_state, at_ms FROM transitions WHERE op_id = ?1 ORDER BY seq",
    )?;
    stmt.query_map([id], |r| {
        Ok(TransitionRow {
            seq: r.get(0)?,
            name: r.get(1)?,
            from: r.get(2)?,
            to: r.get(3)?,
            at_ms: r.get(4)?,
        })
    })?
    .collect()
}

/// A column or expression operations can be filtered and sorted on.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Tracking number.
    Id,
    /// Step / status.
    State,
    /// Type / function.
    Kind,
    /// Domain.
    Target,
    /// Creation time.
    Created,
    /// Processing start.
    Started,
    /// Last update.
    Updated,
    /// A member of `params` (`vm_id`, `cert.hostname`, …).
    Param(String),
}

impl Column {
    fn sql(&self) -> String {
        match self {
            Column::Id => "id".into(),
            Column::State => "state".into(),
            Column::Kind => "kind".into(),
            Column::Target => "target".into(),
            Column::Created => "created_ms".into(),
            Column::Started => "started_ms".into(),
            Column::Updated => "updated_ms".into(),
            Column::Param(name) => {
                format!(
                    "json_extract(params, '$.\"{}\"')",
                    name.replace(['\'', '"'], "")
                )
            }
        }
    }
}

/// How a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// Equal.
    Eq,
    /// Less than.
    Lt,
    /// Greater than.
    Gt,
}

/// A query over one vendor's operations.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Conditions, all of which must hold: a column compared with a value, or one of values.
    pub conditions: Vec<(Column, Cmp, Vec<SqlValue>)>,
    /// Sort key (then id).
    pub sort: Option<Column>,
    /// Page size (`None`: everything).
    pub limit: Option<i64>,
    /// Rows skipped.
    pub offset: i64,
}

impl ListQuery {
    fn where_clause(&self, vendor: Vendor, args: &mut Vec<SqlValue>) -> String {
        args.push(SqlValue::Text(vendor.as_str().into()));
        let mut sql = String::from(" WHERE vendor = ?1");
        for (column, cmp, values) in &self.conditions {
            let col = column.sql();
            let first = args.len() + 1;
            args.extend(values.iter().cloned());
            match (cmp, values.len()) {
                (_, 0) => sql.push_str(" AND 0"),
                (Cmp::Eq, 1) => sql.push_str(&format!(" AND {col} = ?{first}")),
                (Cmp::Eq, n) => {
                    let marks: Vec<String> = (first..first + n).map(|i| format!("?{i}")).collect();
                    sql.push_str(&format!(" AND {col} IN ({})", marks.join(", ")));
                }
                (Cmp::Lt, _) => sql.push_str(&format!(" AND {col} < ?{first}")),
                (Cmp::Gt, _) => sql.push_str(&format!(" AND {col} > ?{first}")),
            }
        }
        sql
    }
}

/// The operations of `vendor` matching `query`, sorted and paged.
pub fn list(conn: &Connection, vendor: Vendor, query: &ListQuery) -> rusqlite::Result<Vec<OpRow>> {
    let mut args = Vec::new();
    let mut sql = format!("SELECT {COLUMNS} FROM operations");
    sql.push_str(&query.where_clause(vendor, &mut args));
    match &query.sort {
        Some(column) if *column != Column::Id => {
            sql.push_str(&format!(" ORDER BY {} , id", column.sql()));
        }
        _ => sql.push_str(" ORDER BY id"),
    }
    if let Some(limit) = query.limit {
        sql.push_str(&format!(" LIMIT {limit} OFFSET {}", query.offset));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    stmt.query_map(rusqlite::params_from_iter(args), OpRow::from_row)?
        .collect()
}

/// How many operations of `vendor` match `query` (paging ignored).
pub fn count(conn: &Connection, vendor: Vendor, query: &ListQuery) -> rusqlite::Result<i64> {
    let mut args = Vec::new();
    let sql = format!(
        "SELECT COUNT(*) FROM operations{}",
        query.where_clause(vendor, &mut args)
    );
    conn.prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
}
