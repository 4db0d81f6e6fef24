-- 0013: tombstones. What a destruction run removed, by a keyed tag only (HMAC of the row's kind,
-- id and creation time under a key derived from the data key: it names no one), or an audit-log
-- purge by its cutoff. Restoring an older backup of this database destroys those rows again
-- before anyone signs in. Forgotten after the longest a backup may be kept (12 months) plus one.

CREATE TABLE tombstones (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL,
    tag     BLOB,
    cutoff  TEXT,                  -- UTC, for an audit-log purge
    at      TEXT NOT NULL,         -- UTC, when the run destroyed it
    CHECK ((tag IS NULL) != (cutoff IS NULL)),
    UNIQUE (kind, tag),
    UNIQUE (kind, cutoff)
) STRICT;
