# Jeopsu. The README's quick start is `make run` and `make test`; CI runs `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

# One shared build directory outside the clone, so CI and every checkout reuse the same build.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/jeopsu/target
export JEOPSU_PYTHON ?= $(HOME)/.cache/jeopsu/pyenv/bin/python
CARGO ?= cargo
JEOPSU := $(CARGO_TARGET_DIR)/debug/jeopsu
DEMO_DIR := $(CURDIR)/demo-data

.PHONY: deps run test lint unit bench fmt demo-reset

## Install what is missing (Debian packages, cargo-deny, the Python SQLCipher client). Idempotent.
deps:
	bash installers/linux/install-deps.sh

## Build and walk through the admin CLI on a DEMO data directory (./demo-data).
run: deps
	$(CARGO) build -p jeopsu-cli
	bash scripts/demo.sh "$(JEOPSU)" "$(DEMO_DIR)"

## Everything CI checks.
test: deps lint unit

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) deny --locked check bans licenses sources

# Inside a private D-Bus session with a real Secret Service (GNOME Keyring), so the OS-keyring
# tests exercise the real thing, not a mock.
unit:
	bash scripts/with-keyring.sh $(CARGO) test --workspace --locked 2>&1 | tee "$(CARGO_TARGET_DIR)/test-output.log"
	@awk '/^test result:/ { p += $$4; f += $$6 } END { printf "total: %d passed, %d failed\n", p, f }' "$(CARGO_TARGET_DIR)/test-output.log"

## Release-build benchmarks; results go into BENCHMARKS.md by hand, with machine and date.
bench: deps
	$(CARGO) bench -p jeopsu-store --locked --bench store

fmt:
	$(CARGO) fmt --all

demo-reset:
	rm -rf "$(DEMO_DIR)"
