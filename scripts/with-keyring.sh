#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring: a real Secret
# Service, as on a clinic's Linux desktop, but throwaway (its keyring lives in a temp folder and
# vanishes afterwards). `make test` runs the whole test suite through this.
set -euo pipefail
if [ -z "${JEOPSU_IN_KEYRING_SESSION:-}" ]; then
  export JEOPSU_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
tmp=$(mktemp -d)
cleanup() {
  # The daemon ends with the D-Bus session anyway; stop it early when we know its pid.
  if [ -n "${GNOME_KEYRING_PID:-}" ]; then kill "$GNOME_KEYRING_PID" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# --unlock creates and unlocks the login keyring with the password read from stdin.
eval "$(printf 'jeopsu-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export JEOPSU_SECRET_SERVICE=1
"$@"
