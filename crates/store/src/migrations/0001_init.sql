-- 0001: settings, staff accounts, the hash-chained audit log.
-- Shipped migrations are never edited; a change is a new numbered file.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL
        CHECK (role IN ('reception', 'privacy-officer', 'cctv-officer', 'admin')),
    password_hash       TEXT NOT NULL,         -- Argon2id, PHC string
    failed_attempts     INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,                  -- UTC RFC 3339; NULL = not locked
    disabled_at         TEXT,                  -- NULL = active
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
) STRICT;

-- One table, two streams ('access': 2 years; 'permission': 3 years), each its own HMAC chain:
-- mac = HMAC(audit key, previous mac || this row's fields). See audit.rs.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    stream       TEXT NOT NULL CHECK (stream IN ('access', 'permission')),
    seq          INTEGER NOT NULL,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    subject_kind TEXT,
    subject_id   TEXT,
    reason       TEXT,
    detail       TEXT,
    mac          BLOB NOT NULL,
    UNIQUE (stream, seq)
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);

-- The authenticated head of each chain: where it starts (after retention purges) and ends.
-- Without it, removing the newest rows would leave a valid, shorter chain.
CREATE TABLE audit_head (
    stream     TEXT PRIMARY KEY,
    first_seq  INTEGER NOT NULL,
    anchor_mac BLOB NOT NULL,
    last_seq   INTEGER NOT NULL,
    last_mac   BLOB NOT NULL,
    head_mac   BLOB NOT NULL
) STRICT;

-- Rows are never changed. Deleting is only possible while a retention purge holds the gate
-- (a row in audit_purge_gate inside the purging transaction).
CREATE TABLE audit_purge_gate (opened_at TEXT NOT NULL) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_purge_gate)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
