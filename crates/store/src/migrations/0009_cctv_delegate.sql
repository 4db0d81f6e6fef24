-- 0009: a CCTV request can come from a delegate with a power of attorney (위임장), and a request
-- made for someone else (a legal representative, a delegate) names the person filmed (docs/LAW.md
-- "CCTV"; PIPA Decree Art. 45-46). The relation's CHECK gains 'delegate', so the table is rebuilt
-- the way SQLite documents it (migrate() runs this with foreign keys off and checks them all
-- before it commits). Every row and column is kept as it was.

CREATE TABLE cctv_requests_new (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('view', 'confirm', 'delete')),
    requester_name    TEXT NOT NULL,
    requester_birth   TEXT NOT NULL,
    requester_address TEXT NOT NULL,
    requester_phone   TEXT NOT NULL,
    relation          TEXT NOT NULL
        CHECK (relation IN ('subject', 'legal-representative', 'delegate', 'other')),
    relation_reason   TEXT,
    footage_from      TEXT NOT NULL,
    footage_to        TEXT NOT NULL,
    locations         TEXT NOT NULL,
    purpose           TEXT NOT NULL,
    id_check          TEXT NOT NULL CHECK (id_check IN ('id-card', 'driver-licence', 'passport', 'other')),
    id_check_note     TEXT,
    received_at       TEXT NOT NULL,
    received_by       TEXT NOT NULL,
    retention_days    INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    actor             TEXT NOT NULL,
    retention_unit    TEXT NOT NULL DEFAULT 'days' CHECK (retention_unit IN ('days', 'months')),
    -- The person filmed when someone else asks: JSON {name, birth}; NULL for the person themself
    -- and on requests from before this version.
    filmed            TEXT,
    -- A delegate's power of attorney was checked.
    power_of_attorney INTEGER NOT NULL DEFAULT 0 CHECK (power_of_attorney IN (0, 1)),
    CHECK ((relation = 'delegate') = (power_of_attorney = 1))
) STRICT;

INSERT INTO cctv_requests_new (id, kind, requester_name, requester_birth, requester_address,
    requester_phone, relation, relation_reason, footage_from, footage_to, locations, purpose,
    id_check, id_check_note, received_at, received_by, retention_days, created_at, actor,
    retention_unit)
SELECT id, kind, requester_name, requester_birth, requester_address, requester_phone, relation,
    relation_reason, footage_from, footage_to, locations, purpose, id_check, id_check_note,
    received_at, received_by, retention_days, created_at, actor, retention_unit
FROM cctv_requests;

DROP TABLE cctv_requests;
ALTER TABLE cctv_requests_new RENAME TO cctv_requests;
CREATE INDEX cctv_requests_received ON cctv_requests (received_at);
CREATE TRIGGER cctv_requests_no_update BEFORE UPDATE ON cctv_requests
BEGIN SELECT RAISE(ABORT, 'a CCTV request is never changed; its steps are appended'); END;
CREATE TRIGGER cctv_requests_no_delete BEFORE DELETE ON cctv_requests
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'CCTV requests leave only by retention destruction'); END;
