-- 0012: scheduled backups. One row per backup written and checked, and per restore
-- drill: what a "last good backup" and "last drill" are read from. No personal data: a file
-- name, its folder, its size, the check's result and, for a drill, row counts.

CREATE TABLE backup_runs (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,        -- UTC, when the check finished
    kind       TEXT NOT NULL CHECK (kind IN ('scheduled', 'manual', 'drill')),
    folder     TEXT NOT NULL,
    file_name  TEXT NOT NULL,
    bytes      INTEGER NOT NULL CHECK (bytes >= 0),
    ok         INTEGER NOT NULL CHECK (ok IN (0, 1)),
    problem    TEXT,                 -- why the check failed
    counts     TEXT,                 -- a drill's counts, JSON
    actor      TEXT NOT NULL
) STRICT;
CREATE INDEX backup_runs_at ON backup_runs (kind, at);
CREATE INDEX backup_runs_file ON backup_runs (file_name);
CREATE TRIGGER backup_runs_no_update BEFORE UPDATE ON backup_runs
BEGIN SELECT RAISE(ABORT, 'a backup run is recorded once'); END;
