#!/usr/bin/env bash
# `make run`: seeds a DEMO data folder through the admin CLI (a short walkthrough of it), then
# the Makefile starts the app on it.
# Everything here is synthetic. The demo's recovery phrase is kept beside it in plain text,
# which is fine for a demo and never acceptable for a clinic's real installation.
set -euo pipefail
J="$1"; DIR="$2"
PHRASE="$DIR/DEMO-recovery-phrase.txt"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
if [ ! -f "$DIR/db/jeopsu.db" ]; then
  mkdir -p "$DIR"
  step "DEMO: jeopsu init (the recovery phrase is written to $PHRASE)"
  if ! "$J" --data-dir "$DIR/db" init --recovery-phrase-out "$PHRASE"; then
    # No keyring on this desktop: the demo chooses password-only sign-in keys, out loud (a
    # clinic makes that choice on the setup screen, told it is weaker).
    step "DEMO: no keyring here, so the demo uses password-only sign-in keys (weaker; fine for a demo)"
    "$J" --data-dir "$DIR/db" init --no-keyring --recovery-phrase-out "$PHRASE"
  fi
  # Password files readable only by their owner: the CLI refuses any other.
  (umask 077; printf 'demo-password-1234\n' > "$DIR/DEMO-password.txt")
  step "DEMO: staff accounts, one per role"
  for u in "admin.kim:admin:김관리" "desk.lee:reception:이접수" "privacy.park:privacy-officer:박원장" "cctv.ha:cctv-officer:하은환"; do
    IFS=: read -r name role display <<<"$u"
    "$J" --data-dir "$DIR/db" --recovery-phrase-file "$PHRASE" staff add --username "$name" --role "$role" \
      --password-file "$DIR/DEMO-password.txt" --name "$display"
  done
  step "DEMO: eleven synthetic patients (adults, a 17-year-old, two children, two foreigners) by CSV import"
  "$J" --data-dir "$DIR/db" --recovery-phrase-file "$PHRASE" import patients "$(dirname "$0")/demo-patients.csv"
fi
# A demo folder made before password files had to be private.
chmod 600 "$DIR"/DEMO-*.txt 2>/dev/null || true
O=(--data-dir "$DIR/db" --recovery-phrase-file "$PHRASE")
step "DEMO: reception signs in to the CLI (their key slot) and finds a patient by the last four digits of a phone number"
"$J" --data-dir "$DIR/db" --staff desk.lee --staff-password-file "$DIR/DEMO-password.txt" patients search 5678
step "DEMO: the same receptionist may not list staff (their role, as in the app)"
"$J" --data-dir "$DIR/db" --staff desk.lee --staff-password-file "$DIR/DEMO-password.txt" staff list || true
step "DEMO: staff list"
"$J" "${O[@]}" staff list
step "DEMO: a wrong password, then the right one"
(umask 077; printf 'not-the-password\n' > "$DIR/DEMO-wrong.txt")
"$J" "${O[@]}" staff sign-in --username desk.lee --password-file "$DIR/DEMO-wrong.txt" || true
"$J" "${O[@]}" staff sign-in --username desk.lee --password-file "$DIR/DEMO-password.txt"
step "DEMO: verify (pages, structure, both audit chains)"
"$J" "${O[@]}" verify
step "DEMO: backup"
rm -f "$DIR/DEMO-backup.jeopsu"
"$J" "${O[@]}" backup --out "$DIR/DEMO-backup.jeopsu"
step "DEMO: the last lines of the access log (English)"
"$J" "${O[@]}" --lang en audit list | tail -n 8
printf '\nDemo data is in %s (make demo-reset removes it).\n' "$DIR"
printf 'Starting the app. Sign in as desk.lee (reception), privacy.park (privacy officer) or admin.kim, password: demo-password-1234\n'
printf 'If it asks for the recovery phrase (no keyring on this desktop), it is in %s\n' "$PHRASE"
