-- 0002: patients, their correction history, the chart-number counter, and a trigram index for
-- searching any part of a phone number (or a name of three letters or more).
-- The RRN is sealed (XChaCha20-Poly1305 under a key derived from the data key) on top of the
-- database encryption, so no query, dump or debug print shows it; a keyed MAC finds duplicates.

CREATE TABLE patients (
    id             INTEGER PRIMARY KEY,
    chart_no       TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    name_initials  TEXT NOT NULL,          -- 김민수 -> ㄱㅁㅅ
    birth_date     TEXT NOT NULL,          -- YYYY-MM-DD
    gender         TEXT NOT NULL CHECK (gender IN ('M', 'F')),
    rrn_sealed     BLOB NOT NULL,
    rrn_mac        BLOB NOT NULL UNIQUE,
    rrn_masked     TEXT NOT NULL,          -- 900101-1******
    address        TEXT NOT NULL,
    phone          TEXT,                   -- normalised, e.g. 02-123-4567
    mobile         TEXT,                   -- normalised, e.g. 010-1234-5678
    phone_last4    TEXT,
    mobile_last4   TEXT,
    email          TEXT,
    service_status TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX patients_name ON patients (name);
CREATE INDEX patients_initials ON patients (name_initials);
CREATE INDEX patients_birth ON patients (birth_date);
CREATE INDEX patients_phone ON patients (phone);
CREATE INDEX patients_mobile ON patients (mobile);
CREATE INDEX patients_phone_last4 ON patients (phone_last4);
CREATE INDEX patients_mobile_last4 ON patients (mobile_last4);

-- Who corrected which fields when (never the old or new values: those are in the record).
CREATE TABLE patient_corrections (
    id         INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    fields     TEXT NOT NULL              -- JSON array of field names
) STRICT;
CREATE INDEX patient_corrections_patient ON patient_corrections (patient_id);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

-- rowid = patients.id. `digits`: the phone and mobile digits; `name`: the name.
CREATE VIRTUAL TABLE patient_search USING fts5 (
    name, digits, content = '', contentless_delete = 1, tokenize = 'trigram'
);

-- The exact wording each consent was given on, by its version hash (SHA-256 of language, item,
-- title and body; see jeopsu_core::consent). Kept for ever, so a record shows what was agreed to.
CREATE TABLE consent_texts (
    hash       TEXT PRIMARY KEY,
    item       TEXT NOT NULL CHECK (item IN ('collection', 'entrustment', 'marketing')),
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    first_used TEXT NOT NULL
) STRICT;
CREATE TRIGGER consent_texts_no_update BEFORE UPDATE ON consent_texts
BEGIN SELECT RAISE(ABORT, 'consent wording is never changed; a new wording is a new hash'); END;

-- Consents, one row per item and decision; never changed: a withdrawal is a new row.
-- `actor` is the staff member who took (witnessed) the decision.
CREATE TABLE consents (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients (id),
    item        TEXT NOT NULL CHECK (item IN ('collection', 'entrustment', 'marketing')),
    granted     INTEGER NOT NULL CHECK (granted IN (0, 1)),
    text_hash   TEXT REFERENCES consent_texts (hash),  -- NULL: imported, or a withdrawal
    signer      TEXT NOT NULL CHECK (signer IN ('patient', 'guardian', 'import')),
    method      TEXT NOT NULL CHECK (method IN ('in-person', 'phone', 'import')),
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    CHECK (text_hash IS NOT NULL OR granted = 0 OR method = 'import')
) STRICT;
CREATE INDEX consents_patient ON consents (patient_id, item, id);
CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN SELECT RAISE(ABORT, 'consent records are never changed; add a new one'); END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;
