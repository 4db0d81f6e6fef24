#!/usr/bin/env bash
# Installs what building and testing Jeopsu needs on Debian/Ubuntu. Idempotent: every step first
# checks whether its tool is already there, so a second run takes a few seconds and needs no network.
# Used by `make run`, `make test` and CI (`.ci/run`). Never relies on anything installed by hand.
set -euo pipefail

say() { printf '[install-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    say "not root and no sudo: install the Debian packages listed in this script by hand"; fi
fi

# Debian packages. Build: C toolchain + perl/make for the vendored OpenSSL inside SQLCipher.
# Tests: dbus + gnome-keyring (a real Secret Service for the keyring tests), util-linux (setpriv,
# to drop root's override of file permissions in the permission test; unshare for the
# network-unplugged test, with iproute2 to bring up its loopback), python3-pip (the
# SQLCipher interoperability test), poppler-utils (PDF text extraction, used from the forms issue).
APT_PACKAGES=(
  build-essential pkg-config perl make
  dbus dbus-x11 gnome-keyring libsecret-tools
  util-linux iproute2 python3 python3-pip python3-venv
  poppler-utils
  # The UI font as the .deb gets it (fonts-nanum, recommended): the E2E tests check that the
  # page uses the installed copy, and that without it the app serves its own.
  fonts-nanum
  # The installers: the .deb check (its declared dependencies) and the workflow check.
  xdg-utils python3-yaml
  # The desktop app (Tauri 2 on WebKitGTK) and its end-to-end tests under Xvfb.
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev file
  xvfb xauth webkit2gtk-driver xdotool imagemagick x11-apps
)
# Node.js and npm for the UI build: only if the machine has none (some images ship a Node
# package that bundles npm, which Debian's separate npm package would conflict with).
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # An install cut off half-way (a killed session) leaves packages unpacked but not configured,
  # and apt refuses to go on until they are: finish them first.
  if [ -n "$(dpkg --audit 2>/dev/null)" ]; then
    say "finishing an interrupted package install"
    $SUDO dpkg --configure -a >/dev/null || true
    $SUDO apt-get install -y -qq -f >/dev/null
  fi
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: all present"
fi

# cargo-deny (licence allow-list and the ban on network client crates).
if ! command -v cargo-deny >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  say "building cargo-deny (once, a few minutes)"
  cargo install --locked cargo-deny@0.20.2
else
  say "cargo-deny: present"
fi

# tauri-driver: the WebDriver bridge the end-to-end tests drive the real app through.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "building tauri-driver (once)"
  cargo install --locked tauri-driver@2.1.0
else
  say "tauri-driver: present"
fi

# The UI's npm packages, exactly as locked.
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [ ! -d "$ROOT/ui/node_modules" ] || [ "$ROOT/ui/package-lock.json" -nt "$ROOT/ui/node_modules/.package-lock.json" ]; then
  say "installing the UI's npm packages"
  (cd "$ROOT/ui" && npm ci --no-audit --no-fund)
else
  say "ui/node_modules: present"
fi

# A standard SQLCipher 4 client that is not ours, for the interoperability test.
VENV="${JEOPSU_CACHE:-$HOME/.cache/jeopsu}/pyenv"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sqlcipher3' 2>/dev/null; then
  say "installing Python sqlcipher3-binary into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q sqlcipher3-binary
else
  say "python sqlcipher3: present"
fi
say "done"
