# Error messages. There must be one for every error code (jeopsu_core::Code).
error-not-initialized = There is no Jeopsu database in { $dir }. On a first installation, create one with 'jeopsu init'.
error-already-initialized = { $dir } already holds a database. Nothing was created, to keep the existing data safe.
error-key-not-in-keyring = This computer's keyring holds no key for this database (a new PC or a reinstalled system). Open it with the recovery phrase you were given at setup (--recovery-phrase-file).
error-keyring-unavailable = This computer's keyring cannot be used ({ $detail }). Open the database with the recovery phrase (--recovery-phrase-file).
error-phrase-typo = { $group ->
    [0] The recovery phrase has a typo: its length or check characters do not match. Compare it letter by letter with the printed recovery sheet.
   *[other] Group { $group } of the recovery phrase has a typo. Compare it with the printed recovery sheet.
}
error-phrase-wrong = This recovery phrase is well formed but does not belong to this database. Check that it is not the sheet of another installation.
error-key-file-damaged = The key file beside the database ({ $path }) is missing or damaged. Restore from a backup.
error-database-unreadable = The database file ({ $path }) cannot be read with this key: it is damaged, truncated, or belongs to another installation. The file was not changed. Restore from a backup.
error-schema-too-new = This database was written by a newer version of Jeopsu (format { $found }; this program knows up to { $known }). Update the program. The file was not changed.
error-integrity-failed = Integrity check failed: { $detail }
error-backup-damaged = The backup file cannot be used: { $detail }
error-disk-full = The disk is full or a file size limit was reached, so nothing was saved. The change was not applied. Free some space and try again.
error-permission-denied = The operating system refused access to { $path }. Check the folder's permissions.
error-io = A problem reading or writing a file: { $detail }
error-invalid-input = Invalid input: { $detail }
error-not-found = Not found: { $what }
error-conflict = Conflicts with what already exists: { $detail }
error-bad-credentials = Wrong username or password.
error-locked-out = Too many failed sign-ins: this account is blocked until { $until }.
error-account-disabled = This account is disabled. Ask the administrator.
error-forbidden = This account's role may not do this.
error-session-locked = The screen is locked. Sign in again to continue.
error-internal = Something unexpected went wrong: { $detail }
