-- The monthly access-log review: who reviewed which month, when, and what they noted.
CREATE TABLE audit_reviews (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL,  -- YYYY-MM
    reviewed_at TEXT NOT NULL,  -- UTC
    reviewer    TEXT NOT NULL,
    comment     TEXT NOT NULL
) STRICT;
CREATE TRIGGER audit_reviews_no_update BEFORE UPDATE ON audit_reviews
BEGIN SELECT RAISE(ABORT, 'a review record is never changed'); END;
