#!/usr/bin/env bash
# The desktop app's figures, release build under Xvfb:
#  1. cold start: from spawning the process to the sign-in screen painted and taking input
#     (the UI reports its first paint through `ui_ready`, enabled by JEOPSU_REPORT_READY);
#  2. idle memory: PSS and RSS of every process of the app together (the Rust process and
#     WebKit's web and network processes), 10 s after signing in and searching, on the patient
#     screen (the desk), split into system libraries, the app's own binary, heap and other
#     anonymous memory, and shared memory; and the same on the sign-in screen before anyone signs
#     in (the screen a locked desk shows), which splits what the first screen costs from the desk's
#     own part;
#  3. the same flow beside the shipped setting with WebKit's JavaScript JIT on (JEOPSU_JIT=1),
#     with WebKit's DMA-BUF renderer on (WEBKIT_DISABLE_DMABUF_RENDERER=0), and on a PC without
#     Nanum Gothic installed (fontconfig told to skip it, so the app serves the font itself, as
#     on Windows), each with the time from the last keystroke of a search to its results painted;
#  4. the floor under both: an empty Tauri window with the same webview settings, window size
#     and release profile (bench/baseline-app), its start and its PSS in the same run, and
#     Jeopsu / floor for each; and the floor painting the desk with results as a static page
#     (taken from the release app through WebDriver, tests/e2e/bench.rs), which splits Jeopsu's
#     memory over the empty window into the webview's part for such a page and Jeopsu's own;
#     and the floor running a Svelte sign-in form with the app's Korean messages (ui/bench-hello),
#     what any Svelte screen costs in this webview, beside Jeopsu's own sign-in screen;
#  5. the day board repainted after a status change, with 300 visits, the desk's search typed
#     per keystroke against the old 120 ms pause, a long day's memory, and the memory after the
#     day's scheduled backup at 200,000 patients (tests/e2e/bench.rs).
# Usage: make bench-app   (or: bash scripts/bench-app.sh). RUNS=N changes the number of starts;
# ONLY_START=1 stops after the start figures (COLD=1: every start after dropping the page cache,
# as a PC's first start of the day; the default drops it before each one's first start only);
# ONLY_MEMORY=1 measures only the memory of the shipped setting, the served font and the floor.
# JEOPSU_BENCH_APP_BESIDE=PATH runs another build of the app beside, in the same run: its starts
# interleaved with the others, its memory on the desk measured alike.
# VARIANTS="A=1 B=2;C=3" measures the desk's memory again with each ;-separated set of
# environment settings (ONLY_MEMORY=1 too), beside the shipped setting in the same run.
# SMAPS_OUT=DIR keeps each process's /proc/PID/smaps of every setting measured, the floor's too
# (DIR/shipped, DIR/floor, DIR/with-NAME-value, ...: the label with - for anything else than a
# letter or a digit) for a closer look, and the app's stderr on the desk beside them (stderr.log).
# E2E=NAME runs only the figures of 5. whose test name holds NAME (say E2E=after_a_scheduled);
# ONLY_E2E=1 skips 1.-4.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/jeopsu/target}
runs=${RUNS:-7}

if [ -z "${JEOPSU_BENCH_INNER:-}" ]; then
  bash "$here/scripts/build-ui.sh" >/dev/null
  # The floor's Svelte page, into the floor's dist before the floor is compiled (it embeds it).
  bash "$here/scripts/build-ui.sh" --out "$here/bench/baseline-app/dist/hello" --config vite.hello.config.ts
  cargo build --release --locked -p jeopsu-app -p jeopsu-cli -p jeopsu-baseline
  # A binary just linked sits in the page cache not yet written to disk, and the kernel hands
  # back none of those dirty pages when the app gives them up (src-tauri/src/webview.rs,
  # after_first_screen): written out first, as an installed program's pages are.
  sync
  export JEOPSU_BENCH_INNER=1
  exec xvfb-run -a -s "-screen 0 1280x860x24" bash "$here/scripts/with-keyring.sh" bash "$0" "$@"
fi

app="$CARGO_TARGET_DIR/release/jeopsu-app"
baseline="$CARGO_TARGET_DIR/release/jeopsu-baseline"
cli="$CARGO_TARGET_DIR/release/jeopsu"
# shellcheck source=desk-flow.sh
. "$here/scripts/desk-flow.sh"
desk_setup "$cli"

# Measured in the page by ignored end-to-end tests driving the release build through WebDriver
# (tests/e2e/bench.rs): the board repainted after a status change with 300 visits, the desk's
# search per keystroke against the old pause, a long day's memory, and the memory after the
# day's scheduled backup.
e2e_figures() {
  JEOPSU_E2E_TIMEOUT=3600 JEOPSU_APP_BIN="$app" JEOPSU_CLI_BIN="$cli" cargo test -p jeopsu-e2e \
    --locked -- --ignored --nocapture --test-threads 1 "${E2E:-bench_}" 2>&1 \
    | sed -E 's/^test bench::[a-z_]+ \.\.\. //' \
    | grep -E '^(board|search|long day|memory after|  |test result)'
}
if [ -n "${ONLY_E2E:-}" ]; then
  e2e_figures
  exit 0
fi

# Starts the app (pid in $pid, start time in $t0), output to $log.
# $1: the binary (the app unless given or empty); the rest: environment for it (NAME=value).
start_app() {
  local bin=${1:-$app}
  : >"$log"
  t0=$(now_ms)
  env JEOPSU_REPORT_READY=1 "${@:2}" "$bin" --data-dir "$data" 2>"$log" >/dev/null &
  pid=$!
}
stop_app() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }

# Every process of the app: the app and its descendants (WebKit's helper processes).
tree() {
  local p=$1
  echo "$p"
  for c in $(pgrep -P "$p" || true); do tree "$c"; done
}

if [ -z "${ONLY_MEMORY:-}" ]; then
dropped="no"
drop_cache() { sync; echo 3 >/proc/sys/vm/drop_caches; }
if sync && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then dropped="yes"; fi
# Starts of the app and of the floor, interleaved (so a slow minute hits both alike); the first
# start of each after dropping the page cache, where allowed.
app_times=(); base_times=(); beside_times=()
# One start of $1 (after dropping the page cache on the first round, or on every one with
# COLD=1); its time is added to the array named $2.
timed_start() {
  if { [ "$i" -eq 1 ] || [ -n "${COLD:-}" ]; } && [ "$dropped" = yes ]; then drop_cache; fi
  start_app "$1"
  wait_ready sign-in
  local -n times=$2
  times+=("$ready_ms")
  stop_app
}
for i in $(seq 1 "$runs"); do
  timed_start "$app" app_times
  [ -n "${JEOPSU_BENCH_APP_BESIDE:-}" ] && timed_start "$JEOPSU_BENCH_APP_BESIDE" beside_times
  timed_start "$baseline" base_times
done
median_of() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
app_median=$(median_of "${app_times[@]}")
base_median=$(median_of "${base_times[@]}")
echo "start to interactive sign-in (ms), $runs runs each, interleaved; $([ -n "${COLD:-}" ] && echo every start || echo the first) after dropping the page cache: $dropped"
echo "  jeopsu: ${app_times[*]} (median ${app_median} ms)"
echo "  floor (empty Tauri window): ${base_times[*]} (median ${base_median} ms)"
echo "  start, jeopsu / floor: $(awk -v a="$app_median" -v b="$base_median" 'BEGIN {printf "%.2f", a / b}')"
if [ -n "${JEOPSU_BENCH_APP_BESIDE:-}" ]; then
  beside_median=$(median_of "${beside_times[@]}")
  echo "  the build beside: ${beside_times[*]} (median ${beside_median} ms); / floor: $(awk -v a="$beside_median" -v b="$base_median" 'BEGIN {printf "%.2f", a / b}')"
fi

# ONLY_START=1: the start figures alone (a minute, for trying a change to start-up).
[ -n "${ONLY_START:-}" ] && exit 0
fi

# PSS of one process's mappings by kind, in KiB: "libs binary anon shm".
pss_kinds() {
  awk -v bin="$app" '
    /^[0-9a-f]+-[0-9a-f]+ / { name = $6; next }
    /^Pss:/ {
      if (name == "" || name ~ /^\[/) k = "anon"
      else if (name == bin) k = "binary"
      else if (name ~ /^\/(SYSV|memfd|dev\/)/) k = "shm"
      else k = "libs"
      sum[k] += $2
    }
    END { printf "%d %d %d %d\n", sum["libs"], sum["binary"], sum["anon"], sum["shm"] }' "$1"
}

# Where SMAPS_OUT keeps what was measured under label $1 (- for anything but a letter or a digit).
smaps_dir() { local label=$1; echo "$SMAPS_OUT/${label//[^A-Za-z0-9]/-}"; }

# PSS and RSS of every process of the app ($pid and its descendants), in KiB: sets pss, rss,
# libs, bin, anon, shm and names. $1 = label (SMAPS_OUT keeps each setting's smaps).
measure_tree() {
  local label=$1 p kp kr k
  pss=0; rss=0; libs=0; bin=0; anon=0; shm=0; names=()
  for p in $(tree "$pid"); do
    [ -r "/proc/$p/smaps_rollup" ] || continue
    kp=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup")
    kr=$(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup")
    pss=$((pss + kp)); rss=$((rss + kr))
    names+=("$(cat "/proc/$p/comm"):$((kp / 1024))MB")
    read -r -a k < <(pss_kinds "/proc/$p/smaps")
    libs=$((libs + k[0])); bin=$((bin + k[1])); anon=$((anon + k[2])); shm=$((shm + k[3]))
    if [ -n "${SMAPS_OUT:-}" ]; then
      local dir
      dir=$(smaps_dir "$label")
      mkdir -p "$dir"; cp "/proc/$p/smaps" "$dir/$(cat "/proc/$p/comm").smaps"
    fi
  done
}

# Signs in as reception, searches on the desk, waits 10 s and measures every process of the app.
# $1 = label; the rest = environment for the app.
idle_on_desk() {
  local label=$1; shift
  start_app "$app" "$@"
  sign_in_and_search 20
  local typed
  typed=$(now_ms)
  wait_ready results
  # Includes the desk's 120 ms pause after the last keystroke (one search per name typed).
  local results_ms=$(( $(now_ms) - typed ))
  sleep 10
  measure_tree "$label"
  stop_app
  # The app's and its web process's stderr beside their smaps (say, JSC_logGC=1's heap sizes).
  if [ -n "${SMAPS_OUT:-}" ]; then cp "$log" "$(smaps_dir "$label")/stderr.log"; fi
  [ "$label" = shipped ] && shipped_pss=$pss
  echo "$label: idle on the desk with search results, all app processes: PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB (${names[*]})"
  echo "  PSS by kind: system libraries $((libs / 1024)) MB, the jeopsu-app binary $((bin / 1024)) MB, heap and anonymous $((anon / 1024)) MB, shared memory $((shm / 1024)) MB"
  echo "  last keystroke of the search to its results painted: ${results_ms} ms"
}

# A PC without the font installed: fontconfig skips Debian's copy of it.
cat >"$tmp/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>/usr/share/fonts/truetype/nanum/*</glob></rejectfont></selectfont>
</fontconfig>
XML

# One start before anything is measured: the first app started on a fresh display kept GLX's
# libraries mapped (0.4-0.6 MB) where every later start, the floor's included, had let them go
# (BENCHMARKS.md, "Small tries against the floor"), which counted against whichever was first.
start_app "$app"
wait_ready sign-in
stop_app
idle_on_desk shipped
# The sign-in screen, 11 s after it is painted, nobody signed in: the first bundle's script and
# styles, the app's start, no store read. (The start's pages are handed back at the first screen
# a person works on, not here: webview.rs, after_first_screen.)
start_app "$app"
wait_ready sign-in
sleep 11
measure_tree "on the sign-in screen"
stop_app
signin_pss=$pss
echo "on the sign-in screen, nobody signed in: PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB (${names[*]})"
echo "  PSS by kind: system libraries $((libs / 1024)) MB, the jeopsu-app binary $((bin / 1024)) MB, heap and anonymous $((anon / 1024)) MB, shared memory $((shm / 1024)) MB"
# JEOPSU_BENCH_APP_BESIDE=PATH: another build of the app, measured alike in the same run.
if [ -n "${JEOPSU_BENCH_APP_BESIDE:-}" ]; then
  app_bin_save=$app; app=$JEOPSU_BENCH_APP_BESIDE
  idle_on_desk "the build beside ($JEOPSU_BENCH_APP_BESIDE)"
  app=$app_bin_save
fi
IFS=';' read -r -a variants <<<"${VARIANTS:-}"
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086 # each variant is a list of NAME=value words
  if [ -n "$v" ]; then idle_on_desk "with $v" $v; fi
done
idle_on_desk "font not installed (served by the app)" FONTCONFIG_FILE="$tmp/fonts.conf"
if [ -z "${ONLY_MEMORY:-}" ]; then
  idle_on_desk "JIT on" JEOPSU_JIT=1
  idle_on_desk "DMA-BUF renderer on" WEBKIT_DISABLE_DMABUF_RENDERER=0
fi

# The floor, 10 s after its page is painted, measured alike. $1 = label; the rest = environment.
idle_floor() {
  local label=$1; shift
  start_app "$baseline" "$@"
  wait_ready sign-in
  sleep 11
  app_bin_save=$app; app=$baseline
  measure_tree "$label"
  app=$app_bin_save
  stop_app
}

# The same floor painting the desk with results as a static page (no script, no IPC, the styles
# inlined): what a page like the desk costs in this webview without Jeopsu's code. The page is
# the release app's own, taken through WebDriver by the e2e bench `bench_desk_snapshot` with the
# same synthetic patients and search as above.
snapshot="$tmp/desk-snapshot.html"
JEOPSU_DESK_SNAPSHOT="$snapshot" JEOPSU_APP_BIN="$app" JEOPSU_CLI_BIN="$cli" cargo test -q \
  -p jeopsu-e2e --locked -- --ignored --exact bench::bench_desk_snapshot >"$tmp/snapshot.log" 2>&1 \
  || { echo "the desk's snapshot failed:"; tail -20 "$tmp/snapshot.log"; }
desk_page_pss=""
if [ -s "$snapshot" ]; then
  idle_floor "floor painting the desk" JEOPSU_FLOOR_PAGE="$snapshot"
  desk_page_pss=$pss
  echo "floor painting the desk's page (static, $(( $(stat -c %s "$snapshot") / 1024 )) KB): PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB (${names[*]})"
  echo "  PSS by kind: system libraries $((libs / 1024)) MB, its binary $((bin / 1024)) MB, heap and anonymous $((anon / 1024)) MB, shared memory $((shm / 1024)) MB"
fi

# The same floor running a Svelte sign-in form with the app's Korean messages parsed by the same
# library (ui/bench-hello): what any Svelte screen costs in this webview, beside Jeopsu's own
# sign-in screen above.
idle_floor "floor running a Svelte sign-in form" JEOPSU_FLOOR_SCRIPT=1
hello_pss=$pss
echo "floor running a Svelte sign-in form with the app's Korean messages: PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB (${names[*]})"
echo "  PSS by kind: system libraries $((libs / 1024)) MB, its binary $((bin / 1024)) MB, heap and anonymous $((anon / 1024)) MB, shared memory $((shm / 1024)) MB"

# The floor as it was before it handed back its start's pages (webview.rs, after_first_screen),
# as the app does; measure the app so with VARIANTS="JEOPSU_KEEP_START_PAGES=1".
idle_floor "floor, start-up pages kept" JEOPSU_KEEP_START_PAGES=1
echo "floor, its start-up pages kept: PSS $((pss / 1024)) MB, its binary $((bin / 1024)) MB"
# The floor: the empty window on its static page.
idle_floor floor
echo "floor (empty Tauri window, same webview settings): PSS $((pss / 1024)) MB, RSS $((rss / 1024)) MB (${names[*]})"
echo "  PSS by kind: system libraries $((libs / 1024)) MB, its binary $((bin / 1024)) MB, heap and anonymous $((anon / 1024)) MB, shared memory $((shm / 1024)) MB"
echo "  PSS, jeopsu on the desk with results / floor: $(awk -v a="$shipped_pss" -v b="$pss" 'BEGIN {printf "%.2f (%+d MB)", a / b, (a - b) / 1024}')"
echo "  of that, the sign-in screen: $(awk -v a="$signin_pss" -v b="$pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}'); the desk with results over the sign-in screen: $(awk -v a="$shipped_pss" -v b="$signin_pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}')"
echo "  a Svelte sign-in form painted by the floor: $(awk -v a="$hello_pss" -v b="$pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}'); Jeopsu's sign-in screen over it: $(awk -v a="$signin_pss" -v b="$hello_pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}'); Jeopsu on the desk over it: $(awk -v a="$shipped_pss" -v b="$hello_pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}')"
if [ -n "$desk_page_pss" ]; then
  echo "  of that, the desk's page painted by the floor: $(awk -v a="$desk_page_pss" -v b="$pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}'); Jeopsu over the same page painted by the floor: $(awk -v a="$shipped_pss" -v b="$desk_page_pss" 'BEGIN {printf "%+.1f MB", (a - b) / 1024}')"
fi

echo "  sizes: jeopsu-app binary $(( $(stat -c %s "$app") / 1024 / 1024 )) MB, floor binary $(( $(stat -c %s "$baseline") / 1024 / 1024 )) MB; UI bundle (ui/dist, without the font) $(du -sk "$here/ui/dist" | cut -f1) KB"

[ -n "${ONLY_MEMORY:-}" ] && exit 0
e2e_figures
