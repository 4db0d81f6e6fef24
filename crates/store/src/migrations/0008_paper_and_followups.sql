-- 0008: what the law-fit review still asked for (docs/LAW.md).

-- Paper originals (docs/LAW.md "Retention"): a legal representative's consent signed on paper is
-- filed in a cabinet. Before a destruction run removes its record, the privacy officer shreds
-- the paper and records it here: when, how, by whom. The row names the record it was filed for
-- and that record's own time (a row id alone could be reused after the record is gone), never
-- the patient.
CREATE TABLE paper_shredding (
    id                 INTEGER PRIMARY KEY,
    record_id          INTEGER NOT NULL,
    record_recorded_at TEXT NOT NULL,
    filed_at           TEXT NOT NULL,
    shredded_on        TEXT NOT NULL,   -- YYYY-MM-DD
    method             TEXT NOT NULL CHECK (method IN ('shredder', 'incineration', 'contractor')),
    shredded_by        TEXT NOT NULL,
    recorded_at        TEXT NOT NULL,   -- UTC
    actor              TEXT NOT NULL,
    UNIQUE (record_id, record_recorded_at)
) STRICT;
CREATE TRIGGER paper_shredding_no_update BEFORE UPDATE ON paper_shredding
BEGIN SELECT RAISE(ABORT, 'a shredding record is never changed'); END;
CREATE TRIGGER paper_shredding_no_delete BEFORE DELETE ON paper_shredding
BEGIN SELECT RAISE(ABORT, 'a shredding record is never deleted'); END;

-- The destruction log says how many paper originals went with the records of a run.
ALTER TABLE destruction_log ADD COLUMN papers INTEGER NOT NULL DEFAULT 0;

-- A grandparent or an aunt who brings the child is not the legal representative: they are
-- recorded as the person who came, with how the representative authorised them (JSON of
-- core::guardian::Companion); NULL when no one but the representatives came.
ALTER TABLE consent_records ADD COLUMN companion TEXT;

-- A deferred privacy answer keeps the request open with a follow-up date (docs/LAW.md "Privacy
-- requests"); the final answer is still written to privacy_answers.
CREATE TABLE privacy_deferrals (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES privacy_requests (id),
    data         TEXT NOT NULL,   -- JSON of core::privacy::Answer
    follow_up_on TEXT NOT NULL,   -- YYYY-MM-DD
    at           TEXT NOT NULL,   -- UTC
    actor        TEXT NOT NULL
) STRICT;
CREATE INDEX privacy_deferrals_request ON privacy_deferrals (request_id, id);
CREATE TRIGGER privacy_deferrals_no_update BEFORE UPDATE ON privacy_deferrals
BEGIN SELECT RAISE(ABORT, 'a deferral is never changed'); END;
CREATE TRIGGER privacy_deferrals_no_delete BEFORE DELETE ON privacy_deferrals
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'deferrals leave only by retention destruction'); END;

-- Regular password renewal (the policy's safety measures): a password set by an administrator
-- (a new account or a reset) is changed by its owner at the first sign-in.
ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));
