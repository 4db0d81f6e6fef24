-- A minor's legal representative consents (DOMAIN.md "People and roles", "Consent records").
--
-- One signed record per occasion: who signed (one or two guardians, how each was checked), how
-- (on the pad, with the strokes; or on paper, with where it is filed), the plain-language notice
-- the minor saw, and which staff member witnessed it. The per-item decisions are rows in
-- `consents` that point at their record. Nothing here is ever changed: a correction is a new
-- record, a withdrawal a new `consents` row.

-- The plain-language notice shown to the minor, by its version hash (like consent_texts).
CREATE TABLE notice_texts (
    hash       TEXT PRIMARY KEY,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    first_used TEXT NOT NULL
) STRICT;
CREATE TRIGGER notice_texts_no_update BEFORE UPDATE ON notice_texts
BEGIN SELECT RAISE(ABORT, 'notice wording is never changed; a new wording is a new hash'); END;

CREATE TABLE consent_records (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    lang           TEXT NOT NULL CHECK (lang IN ('ko', 'en')),
    method         TEXT NOT NULL CHECK (method IN ('pad', 'paper')),
    -- JSON {width, height, strokes: [[[x, y], ...], ...]}: the pad's vectors.
    signature      TEXT,
    paper_filed_at TEXT,
    -- 14 to 18: the minor acknowledged the plain-language notice (NULL under 14: not asked).
    minor_ack      INTEGER CHECK (minor_ack IN (0, 1)),
    patient_age    INTEGER NOT NULL,
    notice_hash    TEXT NOT NULL REFERENCES notice_texts (hash),
    recorded_at    TEXT NOT NULL,
    actor          TEXT NOT NULL,
    CHECK ((method = 'pad') = (signature IS NOT NULL)),
    CHECK ((method = 'paper') = (paper_filed_at IS NOT NULL))
) STRICT;
CREATE INDEX consent_records_patient ON consent_records (patient_id, id);
CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
BEGIN SELECT RAISE(ABORT, 'a signed consent record is never changed; record a new one'); END;
CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;

CREATE TABLE guardians (
    id                 INTEGER PRIMARY KEY,
    record_id          INTEGER NOT NULL REFERENCES consent_records (id),
    position           INTEGER NOT NULL CHECK (position IN (1, 2)),
    name               TEXT NOT NULL,
    relationship       TEXT NOT NULL
                       CHECK (relationship IN ('mother', 'father', 'legal-guardian', 'other')),
    relationship_other TEXT,
    mobile             TEXT NOT NULL,
    verification       TEXT NOT NULL
                       CHECK (verification IN ('id-in-person', 'family-certificate', 'phone',
                                               'other')),
    verification_note  TEXT,
    called_at          TEXT,
    UNIQUE (record_id, position)
) STRICT;
CREATE TRIGGER guardians_no_update BEFORE UPDATE ON guardians
BEGIN SELECT RAISE(ABORT, 'a guardian on a signed record is never changed; record a new one'); END;
CREATE TRIGGER guardians_no_delete BEFORE DELETE ON guardians
BEGIN SELECT RAISE(ABORT, 'consent records are never deleted here'); END;

ALTER TABLE consents ADD COLUMN record_id INTEGER REFERENCES consent_records (id);
