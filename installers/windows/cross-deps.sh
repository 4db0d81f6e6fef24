#!/usr/bin/env bash
# What `make windows-check` needs on Debian/Ubuntu to compile the workspace for Windows: the
# MinGW cross-compiler (SQLCipher's C and the vendored OpenSSL are built with it) and Rust's
# standard library for x86_64-pc-windows-gnu. Idempotent. Not needed to build, run or test the
# app on Linux; the hosted Windows runner builds with its own MSVC toolchain instead.
set -euo pipefail

say() { printf '[cross-deps] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  say "installing the MinGW-w64 cross-compiler"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q gcc-mingw-w64-x86-64
else
  say "MinGW-w64: present"
fi

if ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  say "adding Rust's x86_64-pc-windows-gnu target"
  rustup target add x86_64-pc-windows-gnu
else
  say "x86_64-pc-windows-gnu: present"
fi
