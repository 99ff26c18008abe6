//! The sandbox's store: SQLite (a file in WAL mode, or `:memory:`), migrated on open.
//!
//! One writer connection and, for a file, a few reader connections (WAL lets them read while
//! the writer writes). Calls are short (microseconds), so they run inline on the caller's
//! thread; every write is one `BEGIN IMMEDIATE` transaction.

mod migrations;
pub mod rows;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use rows::{NewOperation, OpRow, TransitionRow};

/// How many reader connections a file database gets.
const READERS: usize = 4;

/// Page cache per connection, in KiB (SQLite's negative `cache_size`).
const CACHE_KIB: i64 = 8 * 1024;

/// The sandbox's SQLite store.
#[derive(Debug)]
pub struct Store {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

/// Opening or migrating the store failed.
#[derive(Debug)]
pub struct StoreError(pub rusqlite::Error);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sandbox store: {}", self.0)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e)
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves SQLite consistent (the transaction rolls
    // back on drop), so a poisoned lock is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Store {
    /// Opens (creating and migrating) the database at `path`; `:memory:` gives a private
    /// in-memory database.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        if path == ":memory:" {
            let conn = Connection::open_in_memory()?;
            configure(&conn)?;
            migrate(&conn)?;
            return Ok(Self {
                writer: Mutex::new(conn),
                readers: Vec::new(),
                next_reader: AtomicUsize::new(0),
            });
        }
        let writer = Connection::open(Path::new(path))?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        configure(&writer)?;
        migrate(&writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let conn = Connection::open_with_flags(
                Path::new(path),
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            configure(&conn)?;
            readers.push(Mutex::new(conn));
        }
        Ok(Self {
            writer: Mutex::new(writer),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    /// Runs `f` on a reader connection (the writer for `:memory:`).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        if self.readers.is_empty() {
            return f(&lock(&self.writer));
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        for i in 0..self.readers.len() {
            if let Ok(conn) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return f(&conn);
            }
        }
        f(&lock(&self.readers[start % self.readers.len()]))
    }

    /// Runs `f` in one write transaction, committed when `f` succeeds.
    pub fn write<T, E: From<rusqlite::Error>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // A negative or huge version (a foreign file) applies nothing rather than wrapping.
    let applied = usize::try_from(version).unwrap_or(usize::MAX);
    for (i, sql) in migrations::MIGRATIONS.iter().enumerate().skip(applied) {
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}

/// A `meta` value.
pub fn get_meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension as _;
    conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// Sets a `meta` value.
pub fn set_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_database_is_migrated_once_and_reopened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let path = path.to_str().unwrap();
        {
            let store = Store::open(path).unwrap();
            store.write(|tx| set_meta(tx, "k", "v")).unwrap();
        }
        let store = Store::open(path).unwrap();
        assert_eq!(
            store.read(|c| get_meta(c, "k")).unwrap().as_deref(),
            Some("v")
        );
        let version: i64 = store
            .read(|c| c.pragma_query_value(None, "user_version", |r| r.get(0)))
            .unwrap();
        assert_eq!(usize::try_from(version), Ok(migrations::MIGRATIONS.len()));
        let mode: String = store
            .read(|c| c.pragma_query_value(None, "journal_mode", |r| r.get(0)))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
