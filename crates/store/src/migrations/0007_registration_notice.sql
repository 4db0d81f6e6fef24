-- The notice of what care needs, its legal basis and the entrustment (docs/LAW.md "Registration
-- and consent") replaced the "required" consent. A legal representative's signed record keeps
-- which version of that notice they read, beside the plain-language notice it already keeps.
-- Records signed before this version have none (NULL): they were given on the old wording, which
-- stays readable through their consent rows.
ALTER TABLE consent_records ADD COLUMN registration_notice_hash TEXT REFERENCES notice_texts (hash);
