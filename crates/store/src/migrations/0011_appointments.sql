-- 0011: appointments (예약). A booking is written once; what happens to it (cancelled, no-show,
-- arrived, rescheduled) is an event; a reschedule is a new booking that names the old one.
-- A phone booking by someone not yet registered keeps only a name and a mobile number (never an
-- RRN by phone); at arrival they register through the normal form and the booking is linked to
-- the new patient (`appointment_links`).

CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER REFERENCES patients (id),
    caller_name   TEXT,
    caller_mobile TEXT,
    at          TEXT NOT NULL,        -- Seoul wall-clock minute, YYYY-MM-DD HH:MM
    minutes     INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 240),
    room        TEXT,
    note        TEXT,
    replaces    INTEGER REFERENCES appointments (id),
    created_at  TEXT NOT NULL,        -- UTC
    actor       TEXT NOT NULL,
    CHECK ((patient_id IS NULL) = (caller_name IS NOT NULL AND caller_mobile IS NOT NULL))
) STRICT;
CREATE INDEX appointments_at ON appointments (at);
CREATE INDEX appointments_patient ON appointments (patient_id, at);
CREATE TRIGGER appointments_no_update BEFORE UPDATE ON appointments
BEGIN SELECT RAISE(ABORT, 'a booking is never changed; a reschedule is a new booking'); END;
CREATE TRIGGER appointments_no_delete BEFORE DELETE ON appointments
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'bookings leave only by retention destruction'); END;

CREATE TABLE appointment_events (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    status         TEXT NOT NULL
        CHECK (status IN ('arrived', 'cancelled', 'no-show', 'rescheduled')),
    at             TEXT NOT NULL,     -- UTC
    actor          TEXT NOT NULL
) STRICT;
CREATE INDEX appointment_events_appointment ON appointment_events (appointment_id, id);
CREATE TRIGGER appointment_events_no_update BEFORE UPDATE ON appointment_events
BEGIN SELECT RAISE(ABORT, 'a booking event is never changed'); END;
CREATE TRIGGER appointment_events_no_delete BEFORE DELETE ON appointment_events
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'booking events leave only by retention destruction'); END;

CREATE TABLE appointment_links (
    appointment_id INTEGER PRIMARY KEY REFERENCES appointments (id),
    patient_id     INTEGER NOT NULL REFERENCES patients (id),
    at             TEXT NOT NULL,     -- UTC
    actor          TEXT NOT NULL
) STRICT;
CREATE INDEX appointment_links_patient ON appointment_links (patient_id);
CREATE TRIGGER appointment_links_no_update BEFORE UPDATE ON appointment_links
BEGIN SELECT RAISE(ABORT, 'a booking is linked to its patient once'); END;
CREATE TRIGGER appointment_links_no_delete BEFORE DELETE ON appointment_links
WHEN NOT EXISTS (SELECT 1 FROM retention_gate)
BEGIN SELECT RAISE(ABORT, 'booking links leave only by retention destruction'); END;
