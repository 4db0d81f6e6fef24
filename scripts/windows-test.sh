#!/usr/bin/env bash
# The Windows build of the workspace's tests, run under Wine on Linux (`make windows-test`):
# core, i18n, api, store (SQLCipher, files, backups, the keyring through Wine's Credential
# Manager), the app's unit tests and the CLI. It found a restore that failed on every Windows PC
# (a file flushed through a read-only handle). Wine is not Windows: the hosted Windows job
# (.github/workflows/installers.yml) is the real check; this is the one that runs here.
#
# Left out here, each for a tool Wine does not have (the hosted job has them): the tests that
# read PDFs back with poppler (pdftotext and friends: the forms crate and three CLI tests), the
# ACL test (PowerShell). The end-to-end suite needs WebView2, which Wine does not run. The CLI's
# JSON snapshots run: insta is told where the workspace is (it would ask `cargo metadata`, a
# Linux program Wine cannot start).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/installers/windows/cross-deps.sh"
if ! command -v wine >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine64
fi

target=x86_64-pc-windows-gnu
export CARGO_TARGET_DIR=${JEOPSU_WINDOWS_TARGET_DIR:-$HOME/.cache/jeopsu/target-windows}
stub="$CARGO_TARGET_DIR/wine-stub"
mkdir -p "$stub"
if [ ! -f "$stub/bcryptprimitives.dll" ] || [ "$here/installers/windows/wine/bcryptprimitives.c" -nt "$stub/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$stub/bcryptprimitives.dll" \
    "$here/installers/windows/wine/bcryptprimitives.c" -ladvapi32
fi

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export WINEDEBUG=-all
# The stub, and WebView2Loader.dll, which the app's tests link against (copied there by its build).
export WINEPATH="$(winepath -w "$stub");$(winepath -w "$CARGO_TARGET_DIR/$target/debug")"
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/jeopsu/wine}
export JEOPSU_TEST_SLOT_KDF=low JEOPSU_SECRET_SERVICE=1
INSTA_WORKSPACE_ROOT="$(winepath -w "$here")"
export INSTA_WORKSPACE_ROOT
cd "$here"
cargo test --locked --target "$target" -p jeopsu-core -p jeopsu-i18n -p jeopsu-api -p jeopsu-store \
  -p jeopsu-app -- --skip files_in_the_app_data_folder_admit_no_other_desk_user
cargo test --locked --target "$target" -p jeopsu-cli -- \
  --skip blank_consent_forms_print_in_both_languages_without_a_database \
  --skip cctv_ledger_exports_pdf_and_csv_and_blank_request_form_prints \
  --skip retention_preview_run_and_the_subject_export_follow_the_contract
