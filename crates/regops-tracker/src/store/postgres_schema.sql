-- regops-tracker PostgreSQL schema, version 1.
CREATE TABLE operations (
    vendor       TEXT    NOT NULL,
    id           BIGINT  NOT NULL,
    state        TEXT    NOT NULL DEFAULT 'following',
    status       TEXT,
    phase        TEXT,
    message      TEXT,
    added_at     BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    interval_ms  BIGINT  NOT NULL DEFAULT 0,
    next_poll_at BIGINT,
    polls        BIGINT  NOT NULL DEFAULT 0,
    failures     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    policies     TEXT,
    lease_owner  TEXT,
    lease_until  BIGINT,
    PRIMARY KEY (vendor, id)
);
CREATE INDEX operations_due ON operations (next_poll_at) WHERE state = 'following';

CREATE TABLE changes (
    seq         BIGSERIAL PRIMARY KEY,
    vendor      TEXT    NOT NULL,
    id          BIGINT  NOT NULL,
    from_status TEXT,
    status      TEXT    NOT NULL,
    from_phase  TEXT,
    phase       TEXT,
    message     TEXT,
    at          BIGINT  NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX changes_operation ON changes (vendor, id, seq);

CREATE TABLE deliveries (
    change_seq      BIGINT  NOT NULL REFERENCES changes (seq),
    hook            TEXT    NOT NULL,
    vendor          TEXT    NOT NULL,
    id              BIGINT  NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    last_error      TEXT,
    delivered_at    BIGINT,
    lease_owner     TEXT,
    lease_until     BIGINT,
    PRIMARY KEY (change_seq, hook)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX deliveries_order ON deliveries (hook, vendor, id, change_seq) WHERE state = 'pending';

-- Every poll updates its row (and the due-time index): let autovacuum keep up with that churn,
-- so claims stay on short index scans.
ALTER TABLE operations SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
