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
error-duplicate-patient = This patient is already registered (chart number { $chart_no }). Open that patient instead of registering again.
error-possible-duplicate = { $count } patient(s) have the same name and birth date, or the same mobile. Check whether this is the same person.
error-bad-credentials = Wrong username or password.
error-locked-out = Too many failed sign-ins: this account is blocked until { $until }.
error-account-disabled = This account is disabled. Ask the administrator.
error-forbidden = This account's role may not do this.
error-session-locked = The screen is locked. Sign in again to continue.
error-internal = Something unexpected went wrong: { $detail }

# Field-level messages (shared by the screens and the CLI)
field-required = Please fill in this field.
field-too-long = At most { $max } characters.
field-control-chars = Line breaks and control characters are not allowed.
field-username-rule = A username is 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.
field-display-name-rule = A name is 1 to 40 characters.
field-password-short = A password needs at least { $min } characters, and not only spaces.
field-password-long = A password can have at most { $max } characters.
field-name-chars = A name may contain only Hangul, Latin letters and spaces.
field-date-format = A date must be a real date written YYYY-MM-DD (e.g. 1990-01-01).
field-date-future = A date in the future is not possible here.
field-gender = Choose the gender (M or F).
field-rrn-format = A resident registration number is 13 digits: YYMMDD-GNNNNNN.
field-rrn-date = The first digits of the resident registration number are not a real date.
field-rrn-birth-mismatch = The birth date in the resident registration number ({ $rrn_date }) differs from the birth date entered.
field-rrn-gender-mismatch = The first digit after the hyphen ({ $g }) does not match the gender entered.
field-phone-format = Not a telephone number (e.g. 010-1234-5678, 02-123-4567).
field-mobile-not-mobile = The mobile number must be a mobile number (010 and so on).
field-contact-required = Give a phone or a mobile number.
field-email-format = Not an e-mail address (e.g. hong@example.kr).
field-chart-no-format = A chart number is letters, digits and hyphens, at most { $max } characters.
field-yes-no = Must be y or n.
field-rrn-repeated = The same resident registration number is on line { $line } too.
field-rrn-registered = Already registered (chart number { $chart_no }).
field-chart-no-repeated = The same chart number is on line { $line } too.
field-chart-no-taken = This chart number is already in use.
field-consent-answer = Choose agree or do not agree.
field-consent-required = The required item must be agreed to before registering.
field-consent-changed = The consent wording has changed. Please read the new wording again.
field-consent-guardian = A patient under 19 does not consent alone: the legal representative consents.
field-reason-required = Write a reason of at least two characters.
field-chart-format = Use placeholders such as {"{"}YYYY{"}"}, {"{"}YY{"}"} and {"{"}SEQ:5{"}"} with capital letters, digits and hyphens; {"{"}SEQ:n{"}"} (n from 3 to 9) is required.
