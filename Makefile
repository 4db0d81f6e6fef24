# Jeopsu. The README's quick start is `make run` and `make test`; CI runs `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# One shared build directory outside the clone, so CI and every checkout reuse the same build.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/jeopsu/target
export JEOPSU_PYTHON ?= $(HOME)/.cache/jeopsu/pyenv/bin/python
CARGO ?= cargo
JEOPSU := $(CARGO_TARGET_DIR)/debug/jeopsu
DEMO_DIR := $(CURDIR)/demo-data

.PHONY: check ui-check bench-app deps ui app run test lint unit types bench fmt demo-reset dist dist-check windows-check windows-test prune link-order

## Install what is missing (Debian packages, cargo-deny, the Python SQLCipher client). Idempotent.
deps:
	bash installers/linux/install-deps.sh

## The inner loop (README): formatting, lints and the Rust tests without the end-to-end ones
## or the package. `make test` is what CI runs.
check: deps ui
	$(CARGO) fmt --all -- --check
	$(MAKE) --no-print-directory ui-check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	JEOPSU_TEST_SLOT_KDF=low bash scripts/with-keyring.sh \
	  $(CARGO) test --workspace --exclude jeopsu-e2e --locked

## The UI's own checks: types (svelte-check), ESLint, Prettier and the unit tests of its logic
## (vitest).
ui-check: deps
	cd ui && npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
	cd ui && npx eslint .
	cd ui && npx prettier --check "src/**/*.{ts,svelte}" "*.ts" "*.js"
	cd ui && npx vitest run

## The UI bundle the app serves (ui/dist). Every target installs what it needs first (deps is
## idempotent and takes well under a second when everything is present).
ui: deps
	bash scripts/build-ui.sh

## The desktop app (debug build; always serves its bundled UI) and the admin CLI.
app: ui
	$(CARGO) build -p jeopsu-app -p jeopsu-cli --locked

## Build and start the app on a DEMO data directory (./demo-data), seeded by the CLI walkthrough.
run: deps app
	bash scripts/demo.sh "$(JEOPSU)" "$(DEMO_DIR)"
	$(CARGO_TARGET_DIR)/debug/jeopsu-app --data-dir "$(DEMO_DIR)/db" --demo

## Everything CI checks. First, the shared build folder is kept from filling the disk
## (scripts/prune-build.sh: only what cargo rebuilds by itself).
test: prune deps lint unit dist-check

prune:
	bash scripts/prune-build.sh

## The Linux installer: a release build of the app packed as a .deb by the Tauri bundler
## (configuration in src-tauri/tauri.conf.json). The `jeopsu` admin tool is in it: the app's
## binary serves it (`jeopsu-app cli`), and /usr/bin/jeopsu runs that (installers/linux/jeopsu).
dist: ui
	ui/node_modules/.bin/tauri build --ci --bundles deb -- --locked

## Checks the .deb as a clinic PC would get it: unpacked into a temp root, its declared
## dependencies installed here, its size, and the installed binary driven through first-run
## setup and sign-in under Xvfb; that the hosted-CI workflow for the installers parses; and that
## the release link still found the functions src-tauri/link-order.txt orders (else: make link-order).
dist-check: dist
	bash installers/linux/check-deb.sh
	python3 installers/check-workflow.py
	python3 scripts/link-order.py --check $(CARGO_TARGET_DIR)/release/jeopsu-app.map src-tauri/link-order.txt

lint: deps ui
	$(CARGO) fmt --all -- --check
	$(MAKE) --no-print-directory ui-check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) deny --locked check bans licenses sources
	python3 scripts/check-compliance.py

# Inside a private D-Bus session with a real Secret Service (GNOME Keyring), so the OS-keyring
# tests exercise the real thing, not a mock; under Xvfb for the end-to-end tests of the app.
# JEOPSU_TEST_SLOT_KDF=low: staff key slots at Argon2id's lowest cost in the (debug) tests, which
# add hundreds of accounts; release builds ignore it, and `make bench` measures the real cost.
# RUST_BACKTRACE=0: a failing test prints its message and place, not a backtrace, so the end of a
# CI log still says why (a backtrace once pushed a failure's message out of what CI kept).
unit: app
	RUST_BACKTRACE=0 JEOPSU_TEST_SLOT_KDF=low xvfb-run -a -s "-screen 0 1280x860x24" bash scripts/with-keyring.sh \
	  $(CARGO) test --workspace --locked 2>&1 | tee "$(CARGO_TARGET_DIR)/test-output.log"
	@awk '/^test result:/ { p += $$4; f += $$6 } END { printf "total: %d passed, %d failed\n", p, f }' "$(CARGO_TARGET_DIR)/test-output.log"

## Compiles and lints the whole workspace, tests included, for Windows (x86_64-pc-windows-gnu,
## with the MinGW cross-compiler): what the hosted Windows job would trip on first (code under
## `cfg(unix)` or `cfg(windows)`), found here. It runs nothing. Not part of `make test`: OpenSSL
## built for Windows takes about 10 minutes the first time. A build directory of its own.
windows-check: deps ui
	bash installers/windows/cross-deps.sh
	CARGO_TARGET_DIR=$(HOME)/.cache/jeopsu/target-windows $(CARGO) clippy --workspace --all-targets \
	  --locked --target x86_64-pc-windows-gnu -- -D warnings

## The Windows build of the workspace's tests (all but the forms' and the end-to-end ones), run
## under Wine: scripts/windows-test.sh says what it leaves out and why. Not part of `make test`.
windows-test: deps ui
	bash scripts/windows-test.sh

## Regenerate the TypeScript types of the IPC DTOs (ui/src/lib/generated) from the Rust ones.
types: deps
	JEOPSU_WRITE_TYPES=1 $(CARGO) test -p jeopsu-app --locked generated_types_are_current

## Release-build benchmarks; results go into BENCHMARKS.md by hand, with machine and date.
bench: deps
	$(CARGO) bench -p jeopsu-store --locked --bench store
	$(CARGO) bench -p jeopsu-store --locked --bench keys
	$(CARGO) bench -p jeopsu-store --locked --bench patients
	$(CARGO) bench -p jeopsu-store --locked --bench visits
	$(CARGO) build --release --locked -p jeopsu-cli
	$(CARGO) bench -p jeopsu-store --locked --bench scale
	$(CARGO) bench -p jeopsu-forms --locked --bench forms
	bash scripts/bench-app.sh

## Only the desktop app's figures: cold start to the sign-in screen, idle memory.
bench-app: deps
	bash scripts/bench-app.sh

## Re-make src-tauri/link-order.txt, the order the release build lays the app's code out in
## (the code of the start and the desk first): a profile under valgrind, a few minutes.
link-order: deps
	bash scripts/link-order.sh

fmt: deps
	$(CARGO) fmt --all

demo-reset:
	rm -rf "$(DEMO_DIR)"
