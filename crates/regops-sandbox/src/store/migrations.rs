//! The store's schema, one migration per version (`PRAGMA user_version` records the last one
//! applied). Append new migrations; never edit an applied one.

/// Migration `i` brings the database from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: operations, their transition history, Netim sessions and objects.
    "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE operations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        vendor TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL,
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        started_ms INTEGER,
        due_ms INTEGER,
        next_move TEXT,
        error_id TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX operations_due ON operations (due_ms) WHERE due_ms IS NOT NULL;
    CREATE INDEX operations_vendor ON operations (vendor, id);
    CREATE INDEX operations_vendor_state ON operations (vendor, state);
    CREATE INDEX operations_vendor_target ON operations (vendor, target);
    CREATE TABLE transitions (
        op_id INTEGER NOT NULL REFERENCES operations (id),
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        PRIMARY KEY (op_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE sessions (
        token TEXT PRIMARY KEY,
        login TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE domains (name TEXT PRIMARY KEY, state TEXT NOT NULL, info TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE contacts (id TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE hosts (name TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
    ",
];
