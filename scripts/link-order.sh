#!/usr/bin/env bash
# Re-makes src-tauri/link-order.txt (`make link-order`): the functions the app runs from its start
# to the desk's first search results, which src-tauri/build.rs has the linker place first and
# together in release builds. Why: the kernel maps a program's code 64 KiB around every page it
# touches, so code run at start but spread over the binary's 12 MB costs resident memory
# (BENCHMARKS.md, "The binary's code, in the order it runs"). The code the desk runs once it is
# painted (its search, the calls between the page and the app) comes first, then what only the
# start ran: the app hands the start's pages back on the desk (src-tauri/src/webview.rs,
# after_first_screen), and what the desk reads back is then one dense run of pages, not pages
# shared with start-up code (BENCHMARKS.md, "The desk's code apart from the start's").
#
# How: a release build (its link writes lld's map beside the binary), run under valgrind's
# callgrind (the app's process only; WebKit's processes run as usual) through the flow
# scripts/bench-app.sh measures (start, sign-in, the desk, a search), under Xvfb with a
# throwaway keyring; then scripts/link-order.py maps every instruction that ran to the function
# section that holds it. A few minutes. `make dist-check` fails when the file has gone stale.
# Re-run it after large changes to the app's start or the desk: symbols the code no longer has are
# skipped, and code the file does not list is laid out as before. bench-app.sh shows the effect
# ("the jeopsu-app binary" in the PSS by kind).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/jeopsu/target}

if [ -z "${JEOPSU_LINK_ORDER_INNER:-}" ]; then
  if ! command -v valgrind >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q valgrind
  fi
  bash "$here/scripts/build-ui.sh"
  cargo build --release --locked -p jeopsu-app -p jeopsu-cli
  # The release link writes its map beside the binary (src-tauri/build.rs); a copy, as the
  # next build rewrites it.
  map=$(mktemp --suffix=.map)
  cp "$CARGO_TARGET_DIR/release/jeopsu-app.map" "$map"
  export JEOPSU_LINK_ORDER_INNER=1 JEOPSU_LINK_MAP_FILE="$map"
  status=0
  # The run takes about a minute; a quarter of an hour means it is stuck (say, a screen that
  # never came), not slow.
  timeout 900 xvfb-run -a -s "-screen 0 1280x860x24" bash "$here/scripts/with-keyring.sh" \
    bash "$0" "$@" || status=$?
  [ "$status" -eq 124 ] && echo "link-order: no results on the desk after 15 minutes; the file is unchanged" >&2
  rm -f "$map"
  # The next build links with the new order.
  exit "$status"
fi

app="$CARGO_TARGET_DIR/release/jeopsu-app"
cli="$CARGO_TARGET_DIR/release/jeopsu"
# shellcheck source=desk-flow.sh
. "$here/scripts/desk-flow.sh"
desk_setup "$cli"

profile="$tmp/callgrind.out"
# The start's part of the profile ends when the desk is painted: callgrind writes it to
# $profile.1 then, and the rest (the desk and its search) to $profile at the end.
on_desk() { callgrind_control --dump "$pid" >/dev/null; }
t0=$(now_ms)
JEOPSU_REPORT_READY=1 valgrind --tool=callgrind --callgrind-out-file="$profile" \
  --dump-instr=yes --compress-pos=no --compress-strings=no \
  "$app" --data-dir "$data" 2>"$log" >/dev/null &
pid=$!
# Keystrokes queue while the app runs slowly under valgrind; a slower pace all the same.
sign_in_and_search 100
wait_ready results
echo "link-order: results on the desk after $((ready_ms / 1000)) s under callgrind"
sleep 5
kill "$pid"
wait "$pid" || true
python3 "$here/scripts/link-order.py" "$app" "$JEOPSU_LINK_MAP_FILE" \
  "$here/src-tauri/link-order.txt" "$profile" "$profile.1"
