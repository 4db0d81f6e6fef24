# Error messages. There must be one for every error code (jeopsu_core::Code).
error-not-initialized = There is no Jeopsu database in { $dir }. On a first installation, create one with 'jeopsu init'.
error-already-initialized = { $dir } already holds a database. Nothing was created, to keep the existing data safe.
error-key-not-in-keyring = This computer's keyring holds no key for this database (a new PC or a reinstalled system). Open it with the recovery phrase you were given at setup (--recovery-phrase-file).
error-keyring-unavailable = This computer's keyring cannot be used ({ $detail }). Open the database with the recovery phrase (--recovery-phrase-file).
error-device-secret-missing = This computer does not hold this clinic's device key (another PC, or a reinstalled system), so staff passwords open nothing here. Open the database once with the recovery phrase; the key is then put back and passwords work again.
error-slots-damaged = The sign-in key file (jeopsu.slots) beside the database is damaged. Open the database with the recovery phrase, then ask each staff member to sign in again after an administrator resets their password.
error-credentials-required = Say who you are: --staff USERNAME --staff-password-file FILE (before the command), or --recovery-phrase-file FILE for recovery work.
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
error-backup-folder-missing = The backup folder ({ $dir }) is not there. Check that the USB stick is plugged in. The backup is made once the folder is back.
error-secret-file-exposed = { $path } can be read by other users of this computer, so it was not used. Make it readable only by you (chmod 600 { $path }) and try again.
error-clock-suspect = The computer's clock says { $today } but the log's last activity was on { $log }. The clock may be wrong, so the destruction run did not start. If today really is { $today }, type today's date to confirm and run again.
error-disk-full = The disk is full or a file size limit was reached, so nothing was saved. The change was not applied. Free some space and try again.
error-permission-denied = The operating system refused access to { $path }. Check the folder's permissions.
error-io = A problem reading or writing a file: { $detail }
error-invalid-input = Invalid input: { $detail }
error-not-found = Not found: { $thing ->
    [patient] patient (internal number { $id })
    [chart-number] chart number { $id }
    [appointment] booking { $id }
    [visit] visit { $id }
    [consent-record] consent record { $id }
    [cctv-request] CCTV request { $id }
    [privacy-request] privacy request { $id }
    [legal-hold] hold { $id } (already lifted, or no such number)
    [staff-account] staff account { $id }
    [folder] folder { $id }
    [file] file { $id }
   *[other] { $id }
}
error-conflict = Conflicts with what already exists: { $detail }
error-duplicate-patient = This patient is already registered (chart number { $chart_no }). Open that patient instead of registering again.
error-possible-duplicate = { $count } patient(s) have the same name and birth date, or the same mobile. Check whether this is the same person.
error-bad-credentials = Wrong username or password.
error-locked-out = Too many failed sign-ins: this account is blocked until { $until }.
error-account-disabled = This account is disabled. Ask the administrator.
error-forbidden = This account's role may not do this.
error-session-locked = The screen is locked. Sign in again to continue.
error-password-change-required = Your password must be changed before you continue: it was set by an administrator, or it is older than the clinic's renewal period.
error-document-failed = The document could not be made; nothing was saved or logged: { $detail }
error-internal = Something unexpected went wrong: { $detail }

# Field-level messages (shared by the screens and the CLI)
field-required = Please fill in this field.
field-folder-absolute = Choose a folder by its full path (e.g. a folder on a USB stick).
field-date-range = Write a date between the years { $from } and { $to }.
field-import-too-many = One import takes up to { $max } rows. Split the file and import the parts. Nothing was written.
field-import-too-large = An import file may be up to { $max } MB. Split the file and import the parts. Nothing was written.
field-too-long = At most { $max } characters.
field-control-chars = Line breaks and control characters are not allowed.
field-username-rule = A username is 3 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.
field-display-name-rule = A name is 1 to 40 characters.
field-password-short = A password needs at least { $min } characters, and not only spaces.
field-password-long = A password can have at most { $max } characters.
field-name-chars = A name starts with a letter and may contain letters of any script, spaces, hyphens, apostrophes and middle dots; no digits or symbols.
field-date-format = A date must be a real date written YYYY-MM-DD (e.g. 1990-01-01).
field-appointment-past = This time has passed. Choose a time from now on.
field-last-visit-range = The last visit must be between the birth date and today.
field-id-exempt-minor = The under-19 exemption does not apply: the patient is 19 or older. Check an ID card or the mobile health-insurance card.
field-id-exempt-recent = The 6-month exemption does not apply: no identity check here in the last 6 months. Check an ID card or the mobile health-insurance card.
field-names-confirm = The privacy policy gives the officers' names in Latin letters. Check that the names above are spelt as the officers write them, then tick the box.
field-power-of-attorney = A delegate needs the power of attorney (위임장) of the person filmed: check it and tick the box.
field-date-after-today = Choose a day after today.
field-follow-up-too-far = Choose a day within { $days } days.
field-password-current-wrong = The current password is not right.
field-password-same = Choose a password different from the current one.
field-date-future = A date in the future is not possible here.
field-guardian-not-representative = A grandparent, aunt or other relative is not the legal representative. Choose mother, father or court-appointed guardian, and record the relative as the person who came with the child.
field-companion-cannot-sign = The person who came with the child cannot sign for the legal representative. Have the legal representative sign the paper form.
field-paper-not-due = This paper original is not due for shredding, or its shredding is already recorded. Reload the list.
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
field-consent-changed = The consent wording has changed. Please read the new wording again.
field-consent-guardian = A patient under 19 does not consent alone: the legal representative consents.
field-reason-required = Write a reason of at least two characters.
field-chart-format = Use placeholders such as {"{"}YYYY{"}"}, {"{"}YY{"}"} and {"{"}SEQ:5{"}"} with capital letters, digits and hyphens; {"{"}SEQ:n{"}"} (n from 3 to 9) is required.
field-choose-one = Choose one.
field-choose-some = Choose at least one.
field-datetime-format = Write the date and time like 2026-01-31 14:05.
field-signature-empty = Sign in the signature box.
field-signature-invalid = The signature cannot be read. Clear it and sign again.
field-guardian-adult = A patient of 19 or older consents for themselves; no legal representative step is needed.
field-guardian-too-many = Up to { $max } legal representatives can be recorded.
field-minor-ack = A minor aged 14 to 18 must confirm they have read the plain-language notice.
field-location-repeated = Two locations have the same name. Give each its own name.
field-location-unknown = '{ $location }' is not in the list of camera locations.
field-number-range = Enter a number from { $min } to { $max }.
field-range-order = The end is before the start.
field-date-past = That time has passed. Enter a date and time still to come.
field-ledger-unknown = There is no ledger row with that number to correct.
field-representative-adult = The patient is an adult: a parent cannot ask as legal representative. Take it in as a delegate with a power of attorney.
field-delegate-attorney = A delegate's authority is checked with a power of attorney.
field-kept-by-law = The patient list must be kept for 5 years under the Enforcement Rule of the Medical Service Act, Art. 15, so it cannot be deleted now. Answer "partly" or "refused" with the reason; it is destroyed when the period ends.
field-chart-unknown = No patient has this chart number.
field-month-format = Write the month like 2026-11.
field-correction-link = Correct the patient's record first ("correct"), then choose that correction here.
