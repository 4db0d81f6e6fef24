#!/usr/bin/env bash
# Builds the UI bundle (ui/dist) the app embeds, and replaces only the files whose bytes changed.
# Vite rewrites every file of its output on each build, and the app's build script (tauri's
# asset embedding) rebuilds and relinks the app whenever a file under ui/dist is newer: a 5-minute
# release link (a 1-minute debug one) after a UI build that changed nothing. Built into a
# staging folder first, so an unchanged bundle leaves ui/dist, and the app, as they were.
# Usage: bash scripts/build-ui.sh [--out DIR] [more vite build options]   (make ui runs it;
# scripts/bench-app.sh builds the floor's Svelte page so: --out bench/baseline-app/dist/hello
# --config vite.hello.config.ts)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist="$here/ui/dist"
if [ "${1:-}" = --out ]; then
  dist=$(realpath -m "$2")
  shift 2
fi
stage=$(mktemp -d "${TMPDIR:-/tmp}/jeopsu-ui.XXXXXX")
trap 'rm -rf "$stage"' EXIT
(cd "$here/ui" && npx vite build --logLevel warn --outDir "$stage" --emptyOutDir "$@")
mkdir -p "$dist"
# New and changed files in; then what the build no longer makes out.
(cd "$stage" && find . -type f) | while IFS= read -r f; do
  if ! cmp -s "$stage/$f" "$dist/$f"; then
    mkdir -p "$(dirname "$dist/$f")"
    cp "$stage/$f" "$dist/$f"
  fi
done
(cd "$dist" && find . -type f) | while IFS= read -r f; do
  [ -e "$stage/$f" ] || rm -f "$dist/$f"
done
find "$dist" -mindepth 1 -type d -empty -delete
