#!/usr/bin/env bash
# Keeps the shared build folder (CARGO_TARGET_DIR, ~/.cache/jeopsu/target) from filling the
# disk. Every checkout and every CI clone builds into it, and cargo never removes anything:
# each commit leaves another copy of every test binary of the crates it changed, and each
# clone's path its own incremental-compilation data. On 2026-12-01 it had reached 61 GB and a
# test failed with "disk full". Run by `make test` first. It removes only what cargo rebuilds
# by itself when it is missing:
# - this workspace's own build outputs (its crates, test and bench binaries) not written for
#   JEOPSU_PRUNE_DAYS days (default 3): a current one that old is rebuilt, once;
# - the incremental-compilation data, when it is over JEOPSU_PRUNE_INCREMENTAL_GB (default 4).
# Third-party crates' builds are kept: they are what makes a warm build warm.
set -euo pipefail
target=${CARGO_TARGET_DIR:-$HOME/.cache/jeopsu/target}
days=${JEOPSU_PRUNE_DAYS:-3}
incremental_gb=${JEOPSU_PRUNE_INCREMENTAL_GB:-4}
[ -d "$target" ] || exit 0

say() { printf '[prune-build] %s\n' "$*"; }
freed=0
for profile in debug release; do
  deps="$target/$profile/deps"
  [ -d "$deps" ] || continue
  # The workspace's crates and its test and bench targets (tests/, benches/ of each crate).
  mapfile -t stale < <(find "$deps" -maxdepth 1 -type f -mtime "+$days" \( \
    -name 'jeopsu*' -o -name 'libjeopsu*' -o -name 'store-*' -o -name 'cli-*' -o -name 'e2e-*' \
    -o -name 'forms-*' -o -name 'papers-*' -o -name 'keys-*' -o -name 'patients-*' \
    -o -name 'visits-*' -o -name 'scale-*' \) -print)
  if [ "${#stale[@]}" -gt 0 ]; then
    kb=$(du -ck "${stale[@]}" | tail -1 | cut -f1)
    rm -f "${stale[@]}"
    freed=$((freed + kb))
    say "$profile: removed ${#stale[@]} of this workspace's build outputs older than $days days ($((kb / 1024)) MB)"
  fi
  inc="$target/$profile/incremental"
  if [ -d "$inc" ]; then
    kb=$(du -sk "$inc" | cut -f1)
    if [ "$kb" -gt $((incremental_gb * 1024 * 1024)) ]; then
      rm -rf "$inc"
      freed=$((freed + kb))
      say "$profile: removed the incremental data ($((kb / 1024)) MB, over $incremental_gb GB)"
    fi
  fi
done
[ "$freed" -gt 0 ] || say "nothing to remove ($(du -sh "$target" | cut -f1) in $target)"
