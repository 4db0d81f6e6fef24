# Sourced by scripts/bench-app.sh and scripts/link-order.sh: the desk both of them drive.
#   desk_setup CLI      a temp folder removed on exit ($tmp) holding a database ($data) unlocked
#                       from the keyring, as on the clinic's PC, with one reception account and
#                       the demo's patients, made with the admin tool CLI; the app's output goes
#                       to $log
#   wait_ready SCREEN   waits for the app ($pid, output in $log) to report `jeopsu-ready SCREEN`;
#                       sets $ready_ms, the wall time since $t0
#   sign_in_and_search DELAY
#                       signs in as that account and types a search on the desk, DELAY ms between
#                       keystrokes; the caller waits for `results`. A function `on_desk`, if the
#                       caller defines one, runs once the desk is painted, before the search

now_ms() { date +%s%3N; }

desk_setup() {
  local cli=$1
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  data="$tmp/data"
  log="$tmp/app.log"
  "$cli" --data-dir "$data" init --recovery-phrase-out "$tmp/phrase" >/dev/null
  (umask 077; printf 'bench password 1\n' >"$tmp/pw")
  # Set-up work with the recovery phrase, as an administrator would do it.
  "$cli" --data-dir "$data" --recovery-phrase-file "$tmp/phrase" staff add --username bench.kim \
    --role reception --password-file "$tmp/pw" --name 김측정 >/dev/null
  # The demo's synthetic patients, so the desk has something to find.
  "$cli" --data-dir "$data" --recovery-phrase-file "$tmp/phrase" import patients \
    "$(dirname "${BASH_SOURCE[0]}")/demo-patients.csv" >/dev/null
}

wait_ready() {
  until grep -q "^jeopsu-ready $1 " "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "app exited:"; cat "$log"; exit 1; }
    sleep 0.005
  done
  ready_ms=$(( $(now_ms) - t0 ))
}

sign_in_and_search() {
  local delay=$1 win
  wait_ready sign-in
  win=$(xdotool search --sync --onlyvisible --pid "$pid" | head -1)
  xdotool windowfocus --sync "$win"
  sleep 0.3
  xdotool type --delay "$delay" "bench.kim"
  xdotool key Tab
  xdotool type --delay "$delay" "bench password 1"
  xdotool key Return
  # Reception lands on the patient screen (the desk); search, so results are on screen.
  wait_ready desk
  # A caller's `on_desk`, if it has one, runs once the desk is painted (link-order.sh marks
  # there where the start ends).
  if declare -F on_desk >/dev/null; then on_desk; fi
  sleep 1
  xdotool type --delay $((delay * 2)) "김민"
}
