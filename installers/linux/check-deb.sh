#!/usr/bin/env bash
# Checks the .deb that `make dist` built: unpack it into a temp root with dpkg-deb -x,
# check that every package it declares in Depends is installed on this machine, that the
# binaries inside find all their libraries, that it stays under 15 MB, and drive the unpacked
# app through first-run setup and sign-in (tests/e2e/installed.rs) under Xvfb.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/jeopsu/target}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/Cargo.toml" | head -1)
deb="$CARGO_TARGET_DIR/release/bundle/deb/Jeopsu_${version}_amd64.deb"
[ -f "$deb" ] || { echo "no package at $deb: run make dist" >&2; exit 1; }

size=$(stat -c %s "$deb")
echo "package: $deb ($(( size / 1024 )) KiB)"
limit=$(( 15 * 1024 * 1024 ))
[ "$size" -lt "$limit" ] || { echo "the .deb is $size bytes, over the 15 MB target" >&2; exit 1; }

# Every declared dependency (alternatives: one of them) is installed here.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
IFS=',' read -ra deps <<<"$depends"
for dep in "${deps[@]}"; do
  ok=0
  IFS='|' read -ra alts <<<"$dep"
  for alt in "${alts[@]}"; do
    name=$(echo "$alt" | sed 's/(.*)//' | xargs)
    if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q "install ok installed"; then ok=1; fi
  done
  [ "$ok" = 1 ] || { echo "dependency not installed: $dep" >&2; exit 1; }
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
app="$root/usr/bin/jeopsu-app"
for f in "$app" "$root/usr/share/applications/Jeopsu.desktop"; do
  [ -e "$f" ] || { echo "missing from the package: ${f#"$root"}" >&2; find "$root" -type f >&2; exit 1; }
done
if ldd "$app" | grep -q "not found"; then
  echo "the app lacks libraries:" >&2; ldd "$app" | grep "not found" >&2; exit 1
fi
echo "app binary: $(( $(stat -c %s "$app") / 1024 )) KiB"

# The admin tool is in the package: `jeopsu` runs the app's binary as the CLI.
tool="$root/usr/bin/jeopsu"
[ -x "$tool" ] || { echo "missing or not executable: /usr/bin/jeopsu" >&2; exit 1; }
"$tool" --version | grep -q '^jeopsu ' || { echo "jeopsu --version did not answer" >&2; exit 1; }
set +e
"$tool" --data-dir "$root/no-data" staff list >/dev/null 2>&1
code=$?
set -e
[ "$code" = 2 ] || { echo "jeopsu without a database: exit $code, expected 2" >&2; exit 1; }
echo "admin tool: /usr/bin/jeopsu answers"

# The unpacked app, driven by WebDriver: first-run setup, then sign-in.
cd "$here"
JEOPSU_APP_BIN="$app" xvfb-run -a -s "-screen 0 1280x860x24" bash scripts/with-keyring.sh \
  cargo test -q -p jeopsu-e2e --locked --test e2e -- --ignored --exact installed::the_unpacked_package_sets_up_and_signs_in
