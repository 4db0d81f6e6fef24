-- 0010: the desk's day (docs/LAW.md "Visits and the ID check"). A visit is written once at
-- check-in; its status lives only in `visit_events` (append-only: who, when, from, to; an undo is
-- one more event). The day number restarts at 1 each Seoul day.

CREATE TABLE visits (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients (id),
    day             TEXT NOT NULL,            -- Seoul date, YYYY-MM-DD
    day_no          INTEGER NOT NULL CHECK (day_no >= 1),
    checked_in_at   TEXT NOT NULL,            -- UTC
    room            TEXT,
    note            TEXT,
    id_check        TEXT NOT NULL CHECK (id_check IN ('id-card', 'mobile-card', 'exempt-minor',
                                                      'exempt-recent', 'not-checked', 'imported')),
    id_check_reason TEXT,
    appointment_id  INTEGER,
    actor           TEXT NOT NULL,
    UNIQUE (day, day_no)
) STRICT;
CREATE INDEX visits_patient ON visits (patient_id, day);
CREATE TRIGGER visits_no_update BEFORE UPDATE ON visits
BEGIN SELECT RAISE(ABORT, 'a visit is never changed; its status changes are events'); END;
CREATE TRIGGER visits_no_delete BEFORE DELETE ON visits
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'visits leave only by retention destruction'); END;

CREATE TABLE visit_events (
    id          INTEGER PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits (id),
    from_status TEXT,
    to_status   TEXT NOT NULL CHECK (to_status IN ('checked-in', 'waiting', 'in-consultation',
                                                   'payment', 'done', 'cancelled')),
    undo        INTEGER NOT NULL DEFAULT 0 CHECK (undo IN (0, 1)),
    at          TEXT NOT NULL,                -- UTC
    actor       TEXT NOT NULL
) STRICT;
CREATE INDEX visit_events_visit ON visit_events (visit_id, id);
CREATE TRIGGER visit_events_no_update BEFORE UPDATE ON visit_events
BEGIN SELECT RAISE(ABORT, 'a status change is never changed; undo is a new event'); END;
CREATE TRIGGER visit_events_no_delete BEFORE DELETE ON visit_events
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'visit events leave only by retention destruction'); END;
