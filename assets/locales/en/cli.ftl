# Messages of the jeopsu command-line tool
cli-error-label = Error
cli-init-phrase-heading = Your recovery phrase. It is shown this one time only:
cli-init-phrase-warning = Write it down or print it and keep it under lock. Moving to a new PC or reinstalling the system needs this phrase to open the data. Without both the key and the phrase, nobody can read the data.
cli-init-phrase-written = The recovery phrase was saved to { $path } (readable by you only). Print it, store it safely, then delete the file.
cli-init-phrase-file-failed = Could not write the recovery phrase to { $path }, so here it is:
cli-init-keyring-ok = This computer's device key is in its keyring. Staff open the database with their own password (--staff and --staff-password-file); a copy of the data folder opens nothing elsewhere without the recovery phrase.
cli-init-keyring-failed = Could not put the key into this computer's keyring ({ $detail }). Staff passwords will not open the database here until it is: run `jeopsu --recovery-phrase-file FILE key to-keyring`.
cli-init-keyring-missing = This computer's keyring cannot be used ({ $detail }), so nothing was created. Start one (on Linux, a Secret Service such as GNOME Keyring), or choose sign-in keys that need only a password with --no-keyring (weaker: a copied data folder can be attacked with password guesses anywhere).
cli-init-no-keyring = No keyring, as asked: staff passwords alone open the database (weaker: a copied data folder can be attacked with password guesses anywhere). Staff sign in with --staff and --staff-password-file.
cli-init-done = Created the encrypted database in { $dir }.
cli-key-stored = This computer's keyring now holds the key that staff passwords need here.
cli-key-forget-confirm = This removes this database's keys from this computer's keyring: staff passwords will then open nothing here until the recovery phrase puts the key back. Do it before deleting the data folder. To go ahead, add --yes.
cli-key-forgotten = { $count ->
    [one] Removed 1 key of this database from this computer's keyring.
   *[other] Removed { $count } keys of this database from this computer's keyring.
}
cli-staff-added = Created staff account { $username } ({ $role }).
cli-staff-role-set = { $username } now has the role { $role }.
cli-staff-disabled = Disabled the account { $username }.
cli-staff-enabled = Enabled the account { $username } again.
cli-staff-password-reset = Set a new password for { $username }.
cli-staff-signed-in = Sign-in checked: { $username } ({ $role }).
cli-col-username = Username
cli-col-role = Role
cli-col-state = State
cli-col-name = Name
cli-state-active = active
cli-state-disabled = disabled
cli-state-locked = locked until { $until }
cli-verify-pages-ok = Page MACs and structure check passed (format { $version }).
cli-verify-chain-ok = { $stream } log chain intact: { $rows } rows.
cli-verify-all-ok = All checks passed.
cli-step-exporting = Exporting the database…
cli-step-checking = Checking integrity…
cli-step-writing = Writing the backup file…
cli-step-verifying = Opening the written file as a restore would, to check it…
cli-step-reading = Reading the backup file…
cli-step-replacing = Replacing the database…
cli-backup-done = Backup written to { $path } ({ $bytes } bytes, { $staff } staff, { $rows } log rows). It opens only with the recovery phrase or this PC's keyring.
cli-backup-usage = Backup: give one of --out FILE, --auto, or folder / list / drill. (jeopsu backup --help)
cli-backup-auto-done = Scheduled backup written to { $path } and checked by opening it as a restore would ({ $bytes } bytes; { $patients } patients, { $visits } visits, { $consents } consent records). Copies deleted by rotation: { $deleted }.
cli-backup-check-failed = A backup was written to { $path } but its check failed: { $problem }. It does not count as a good backup. Check the drive and try again.
cli-backup-folder-set = The backup folder is now { $dir }. A backup goes there at the first sign-in of each day (or at sign-out or exit if the day has none).
cli-backup-no-folder = No backup folder chosen yet: jeopsu backup folder DIR
cli-backup-folder-missing = The backup folder { $dir } is not there. Check that the USB stick is plugged in.
cli-backup-list-head = { $dir }: { $count } backups of this database (newest first)
cli-backup-check-ok = check passed
cli-backup-check-bad = check FAILED
cli-backup-check-unknown = no check recorded
cli-backup-kept = kept
cli-backup-goes = deleted at the next backup
cli-backup-elsewhere-head = Copies made outside the backup folder (latest { $count }, newest first; the destruction run cannot delete them):
cli-backup-elsewhere-here = there
cli-backup-elsewhere-away = not found (the USB stick may be out, or the file moved)
cli-backup-elsewhere-too-old = past 12 months: delete it where it is kept
cli-backup-drill-done = Restore drill passed: { $file } ({ $patients } patients, { $visits } visits, { $consents } consent records). The temporary copy was deleted.
cli-backup-drill-failed = Restore drill failed: { $file }: { $problem }
cli-restore-safety-copy = The previous database was kept in { $path }.
cli-restore-finished = A restore that was interrupted has been completed.
cli-restore-not-reapplied = The replaced database could not be read, so destructions made after this backup could not be applied again. Check with retention preview.
cli-restore-reapplied = { $count } records destroyed after this backup was made were destroyed again in the restored data.
cli-restore-done = Restore finished: { $staff } staff, { $rows } log rows, all checks passed.

# Patients
cli-import-checked = Checked only: all { $rows } rows are valid ({ $assigned } chart numbers to assign). Nothing was written.
cli-import-done = Imported { $rows } patients ({ $assigned } chart numbers assigned).
cli-import-problem =   line { $line }, { $field }: { $message }
cli-patients-none = No patient found.
cli-age = age { $years }
cli-field-chart-no = Chart number
cli-field-name = Name
cli-field-birth-date = Birth date
cli-field-gender = Gender
cli-field-rrn = Resident registration number
cli-field-address = Address
cli-field-phone = Phone
cli-field-mobile = Mobile
cli-field-email = E-mail
cli-field-service = Service applied for
cli-import-rejected = Nothing was imported: fix the { $count } problem(s) below and run it again. Nothing was written.
cli-form-written = Wrote the form to { $path } (wording version { $version }). It is blank: no personal data.
cli-consents-none = No consent is on file.
cli-consents-guardian-pending = Under 19: the legal representative has not consented yet.
cli-consents-adult-due = Turned 19 while the legal representative's "yes" to marketing is in force. Ask for the patient's own decision at this visit.
cli-consent-agreed = agreed
cli-consent-refused = did not agree
cli-consent-withdrawn = withdrawn
cli-consents-record = Signed record { $id }: { $when }, { $method }, legal representative(s) { $guardians }, witnessed by { $witness }
cli-cctv-form-written = Wrote the blank request form to { $path }. It is blank: no personal data.
cli-cctv-ledger-written = Wrote { $rows } ledger rows to { $path }. It holds personal video information: keep it safe and delete it when done.
cli-retention-due = { $category } (kept { $years } years): { $count } due, last events { $oldest } to { $newest }, { $held } held, { $waiting } waiting for their paper originals to be shredded (in the app)
cli-retention-needs-yes = Destruction cannot be undone. Check with `retention preview`, then run `retention run --yes`.
cli-retention-destroyed = { $category }: { $count } destroyed beyond recovery.
cli-retention-nothing = Nothing is due.
cli-export-written = Wrote { $path }. It holds personal data: hand it over, then delete it.
cli-visit-checked-in = Checked in: number { $no } today ({ $chart_no })
cli-visits-none = Nobody was checked in that day.
cli-booked = Booked: number { $id }, { $at }
cli-booking-clash = It overlaps { $count } other booking(s) in the same room.
cli-bookings-none = No bookings that day.
cli-booking-cancelled = Booking { $id } is cancelled.
cli-retention-phone-bookings = { $count } phone bookings by people who never registered are past the clinic's own period (6 months by default) and go too.
cli-retention-old-backups = { $count } backup copies older than 12 months in the backup folder are deleted by the run too.
cli-retention-safety-copies = { $count } restore safety copies past their 30 days are deleted by the run too.
cli-request-received = Request { $id } (chart number { $chart }) is received. It must be answered by { $due }; answer it on the app's privacy requests screen.
cli-requests-none = No requests waiting for an answer.
cli-request-line = #{ $id }  { $chart }  { $kind }  { $requester }  received { $received }  due { $due }  { $state }
cli-request-answered = answered
cli-request-overdue = { $days ->
    [one] 1 day overdue
   *[other] { $days } days overdue
}
cli-request-days-left = { $days ->
    [one] 1 day left
   *[other] { $days } days left
}
cli-holds-none = No records are on hold.
cli-hold-line = #{ $id }  { $chart }  { $reason }  ({ $placed }, { $by })
cli-hold-placed = Hold { $id }: the records of chart number { $chart } are kept past their retention period.
cli-hold-lifted = Hold { $id } is lifted. Records past their period are destroyed by the next retention run.
cli-field-problem = {"  "}{ $field }: { $message }
