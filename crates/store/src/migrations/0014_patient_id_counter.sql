-- 0014: patient ids count past every id a database still mentions. Since 2026-12-01 every
-- registration and import keeps `counters.patient_id`, so a destroyed patient's id is never
-- given again (its access-log rows and privacy requests outlive it). A database from before has
-- no such counter, and its next patient would get max(id) + 1: the id of a destroyed patient
-- when the newest ones were destroyed (imported records whose last visit is years old). The
-- counter starts past the patients there are, the privacy requests (kept after the record) and
-- the access log's rows about a patient.
INSERT INTO counters (name, value)
SELECT 'patient_id', max(
    coalesce((SELECT max(id) FROM patients), 0),
    coalesce((SELECT max(patient_id) FROM privacy_requests), 0),
    coalesce((SELECT max(CAST(subject_id AS INTEGER)) FROM audit_log
              WHERE subject_kind = 'patient'), 0))
WHERE true
ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value);
