-- CCTV requests and the management ledger (DOMAIN.md "CCTV"; issue 6).
--
-- A request is written once at intake and never changed; what happens to it is appended to
-- cctv_events (decision, booking, viewing, deletion...). The ledger (개인영상정보 관리대장) is
-- append-only: a correction is a new row that names the row it corrects. Rows leave only by a
-- retention destruction run, which holds the gate (a row in retention_gate) inside its own
-- transaction.

CREATE TABLE retention_gate (opened_at TEXT NOT NULL) STRICT;

CREATE TABLE cctv_requests (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('view', 'confirm', 'delete')),
    requester_name    TEXT NOT NULL,
    requester_birth   TEXT NOT NULL,
    requester_address TEXT NOT NULL,
    requester_phone   TEXT NOT NULL,
    relation          TEXT NOT NULL CHECK (relation IN ('subject', 'legal-representative', 'other')),
    relation_reason   TEXT,
    -- Seoul wall-clock minutes, 'YYYY-MM-DD HH:MM', as on the recorder.
    footage_from      TEXT NOT NULL,
    footage_to        TEXT NOT NULL,
    locations         TEXT NOT NULL,  -- JSON array of location names
    purpose           TEXT NOT NULL,
    id_check          TEXT NOT NULL CHECK (id_check IN ('id-card', 'driver-licence', 'passport', 'other')),
    id_check_note     TEXT,
    received_at       TEXT NOT NULL,  -- Seoul wall-clock minute
    received_by       TEXT NOT NULL,  -- staff display name
    retention_days    INTEGER NOT NULL,  -- the footage retention when the request came in
    created_at        TEXT NOT NULL,  -- UTC
    actor             TEXT NOT NULL
) STRICT;
CREATE INDEX cctv_requests_received ON cctv_requests (received_at);
CREATE TRIGGER cctv_requests_no_update BEFORE UPDATE ON cctv_requests
BEGIN SELECT RAISE(ABORT, 'a CCTV request is never changed; its steps are appended'); END;
CREATE TRIGGER cctv_requests_no_delete BEFORE DELETE ON cctv_requests
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'CCTV requests leave only by retention destruction'); END;

CREATE TABLE cctv_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES cctv_requests (id),
    type       TEXT NOT NULL,
    data       TEXT NOT NULL,  -- JSON of core::cctv::Event
    at         TEXT NOT NULL,  -- UTC
    actor      TEXT NOT NULL,
    staff      TEXT NOT NULL   -- display name
) STRICT;
CREATE INDEX cctv_events_request ON cctv_events (request_id, id);
CREATE INDEX cctv_events_booked ON cctv_events (type, request_id);
CREATE TRIGGER cctv_events_no_update BEFORE UPDATE ON cctv_events
BEGIN SELECT RAISE(ABORT, 'a CCTV request step is never changed'); END;
CREATE TRIGGER cctv_events_no_delete BEFORE DELETE ON cctv_events
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'CCTV request steps leave only by retention destruction'); END;

CREATE TABLE cctv_ledger (
    no          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('use', 'provision', 'viewing', 'destruction')),
    at          TEXT NOT NULL,  -- Seoul wall-clock minute of the act
    footage     TEXT NOT NULL,
    staff       TEXT NOT NULL,  -- staff in charge (display name)
    reason      TEXT NOT NULL,  -- core::cctv::LedgerReason
    purpose     TEXT NOT NULL,
    party       TEXT NOT NULL,  -- requester or recipient
    basis       TEXT NOT NULL,  -- core::cctv::LegalBasis
    basis_text  TEXT,
    form        TEXT NOT NULL,  -- form of provision
    period      TEXT NOT NULL,
    request_id  INTEGER REFERENCES cctv_requests (id),
    corrects    INTEGER REFERENCES cctv_ledger (no),
    written_at  TEXT NOT NULL,  -- UTC
    actor       TEXT NOT NULL
) STRICT;
CREATE INDEX cctv_ledger_at ON cctv_ledger (at);
CREATE TRIGGER cctv_ledger_no_update BEFORE UPDATE ON cctv_ledger
BEGIN SELECT RAISE(ABORT, 'the CCTV ledger is append-only; write a correcting row'); END;
CREATE TRIGGER cctv_ledger_no_delete BEFORE DELETE ON cctv_ledger
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'the CCTV ledger is append-only'); END;
