-- Data-subject requests, legal holds, retention and destruction (issue 7).

CREATE TABLE privacy_requests (
    id             INTEGER PRIMARY KEY,
    -- No foreign key: a request is kept (3 years) after the patient's record is destroyed.
    patient_id     INTEGER NOT NULL,
    chart_no       TEXT NOT NULL,
    kind           TEXT NOT NULL,
    target         TEXT NOT NULL,
    requester_name TEXT NOT NULL,
    capacity       TEXT NOT NULL,
    check_kind     TEXT NOT NULL,
    check_note     TEXT,
    details        TEXT NOT NULL,
    received_at    TEXT NOT NULL,  -- Seoul wall-clock minute
    created_at     TEXT NOT NULL,  -- UTC
    actor          TEXT NOT NULL
) STRICT;
CREATE INDEX privacy_requests_patient ON privacy_requests (patient_id);
CREATE TRIGGER privacy_requests_no_update BEFORE UPDATE ON privacy_requests
BEGIN SELECT RAISE(ABORT, 'a privacy request is never changed; its answer is a separate row'); END;
CREATE TRIGGER privacy_requests_no_delete BEFORE DELETE ON privacy_requests
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'privacy requests leave only by retention destruction'); END;

-- One answer per request, written once.
CREATE TABLE privacy_answers (
    request_id INTEGER PRIMARY KEY REFERENCES privacy_requests (id),
    data       TEXT NOT NULL,  -- JSON of core::privacy::Answer
    at         TEXT NOT NULL,  -- UTC
    actor      TEXT NOT NULL
) STRICT;
CREATE TRIGGER privacy_answers_no_update BEFORE UPDATE ON privacy_answers
BEGIN SELECT RAISE(ABORT, 'an answer is never changed'); END;
CREATE TRIGGER privacy_answers_no_delete BEFORE DELETE ON privacy_answers
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'answers leave only by retention destruction'); END;

-- A creditor-debtor relationship not yet settled: the record is not destroyed while a hold is on.
CREATE TABLE legal_holds (
    id         INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    reason     TEXT NOT NULL,
    placed_at  TEXT NOT NULL,
    placed_by  TEXT NOT NULL,
    lifted_at  TEXT,
    lifted_by  TEXT
) STRICT;
CREATE INDEX legal_holds_patient ON legal_holds (patient_id);

-- What was destroyed: category, how many, the date range of their last events, when, by whom.
-- Never the destroyed data itself.
CREATE TABLE destruction_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    category TEXT NOT NULL,
    count    INTEGER NOT NULL,
    oldest   TEXT,
    newest   TEXT
) STRICT;
CREATE TRIGGER destruction_log_no_update BEFORE UPDATE ON destruction_log
BEGIN SELECT RAISE(ABORT, 'the destruction log is append-only'); END;
CREATE TRIGGER destruction_log_no_delete BEFORE DELETE ON destruction_log
BEGIN SELECT RAISE(ABORT, 'the destruction log is append-only'); END;

-- Consent records may now leave by retention destruction (with their patient), never otherwise.
DROP TRIGGER consents_no_delete;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;
DROP TRIGGER consent_records_no_delete;
CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;
DROP TRIGGER guardians_no_delete;
CREATE TRIGGER guardians_no_delete BEFORE DELETE ON guardians
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;
