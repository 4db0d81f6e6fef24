-- The notice of what care needs, its legal basis and the entrustment (docs/LAW.md "Registration
-- and consent") replaced the "required" consent. A legal representative's signed record keeps
-- which version of that notice they read, beside the plain-language notice it already keeps.
-- Records signed before this version have none (NULL): they were given on the old wording, which
-- stays readable through their consent rows.
ALTER TABLE consent_records ADD COLUMN registration_notice_hash TEXT REFERENCES notice_texts (hash);

-- CCTV footage retention is a count with its unit (docs/LAW.md "CCTV"): the policy's "1 month
-- from the shooting date" is a calendar month, not 30 days. The old default of 30 days stood for
-- that month and becomes 1 month; any other number the officer chose stays that many days.
UPDATE settings
SET value = json_remove(
        json_set(value, '$.retention',
            CASE WHEN json_extract(value, '$.retention_days') = 30
                 THEN json_object('count', 1, 'unit', 'months')
                 ELSE json_object('count', json_extract(value, '$.retention_days'), 'unit', 'days')
            END),
        '$.retention_days')
WHERE key = 'cctv.setup' AND json_extract(value, '$.retention_days') IS NOT NULL;

-- A request keeps the retention in force when it came in: `retention_days` holds its count and
-- this column its unit. Requests taken in before this version were counted in days.
ALTER TABLE cctv_requests ADD COLUMN retention_unit TEXT NOT NULL DEFAULT 'days'
    CHECK (retention_unit IN ('days', 'months'));

-- From 14 to 18 the minor decides the optional item too, beside the legal representative: the
-- decision rows hold the use in force (yes only where both said yes) and the signed record keeps
-- what each said (JSON {"representative": [[item, granted]], "minor": [[item, granted]]}); NULL
-- under 14 and on records from before.
ALTER TABLE consent_records ADD COLUMN teen_answers TEXT;
