-- regops-tracker SQLite schema, version 1.
CREATE TABLE operations (
    vendor       TEXT    NOT NULL,
    id           INTEGER NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'following',
    status       TEXT,
    phase        TEXT,
    message      TEXT,
    added_at     INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    interval_ms  INTEGER NOT NULL DEFAULT 0,
    next_poll_at INTEGER,
    polls        INTEGER NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    policies     TEXT,
    lease_owner  TEXT,
    lease_until  INTEGER,
    PRIMARY KEY (vendor, id)
);
CREATE INDEX operations_due ON operations (next_poll_at) WHERE state = 'following';

CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor      TEXT    NOT NULL,
    id          INTEGER NOT NULL,
    from_status TEXT,
    status      TEXT    NOT NULL,
    from_phase  TEXT,
    phase       TEXT,
    message     TEXT,
    at          INTEGER NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX changes_operation ON changes (vendor, id, seq);

CREATE TABLE deliveries (
    change_seq      INTEGER NOT NULL REFERENCES changes (seq),
    hook            TEXT    NOT NULL,
    vendor          TEXT    NOT NULL,
    id              INTEGER NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    delivered_at    INTEGER,
    lease_owner     TEXT,
    lease_until     INTEGER,
    PRIMARY KEY (change_seq, hook)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_order ON deliveries (hook, vendor, id, change_seq) WHERE state = 'pending';
