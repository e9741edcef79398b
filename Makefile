# Kariz — build and test entry points. Every target goes through scripts/toolchain.sh (path A/B
# decision, pinned tools on PATH) and installs what it needs first via scripts/setup.sh.
#
#   make serve      install what is missing, build the site into dist/ and serve it on
#                   http://127.0.0.1:8080 (PORT=... for another port; BASE=/crm/ serves it at /crm/)
#   make dist       build the static site into dist/ (release, wasm-opt -Oz; scripts/build-site.mjs);
#                   BASE=/crm/ builds it for a sub-path, SYNC_ORIGIN=https://… lets it connect there
#                   (docs/hosting.md)
#   make test       install test needs, then run native → wasm-in-browser → end-to-end tests
#   make test-native | test-wasm | test-e2e    one stage (with its setup)
#   make setup      install build tools only;  make toolchain   show the toolchain in use
#   make eval TRAIN=a.csv TEST=b.csv LABEL=Converted   train the learned win probability natively on
#                   one CSV, measure it on the other; last line JSON (auc, log_loss, train_ms, …);
#                   make eval SYNTHETIC=10000 measures on a generated history (docs/scoring.md)
#   make bench      build the benchmark entry + release app, measure Kariz vs peers in headless Chromium
#                   (table + JSON line; not part of make test; see docs/performance.md)
#
# Variables: KARIZ_TOOLCHAIN=rustup|debian forces path A/B; KEEP_GOING=1 runs every test stage even
# after a failure; E2E_ARGS="..." is passed to `playwright test` (e.g. E2E_ARGS="-g Persian");
# KARIZ_CHROMIUM / CHROMEDRIVER point at a browser outside /usr/bin.

SHELL := /bin/bash
.DEFAULT_GOAL := help
RUN := scripts/toolchain.sh
PORT ?= 8080
BASE ?= /
SYNC_ORIGIN ?=

.PHONY: help setup setup-test toolchain serve dist test test-native test-wasm test-e2e clean-dist bench eval

help:
	@sed -n '1,22s/^# \{0,1\}//p' Makefile

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

toolchain:
	@$(RUN) print

serve: dist
	$(RUN) host node tests/e2e/serve.mjs --dir dist --port $(PORT) --base $(BASE)

dist: setup
	$(RUN) wasm node scripts/build-site.mjs --dist dist --base $(BASE) $(if $(SYNC_ORIGIN),--sync-origin $(SYNC_ORIGIN))

test: setup-test
	@scripts/test.sh native wasm e2e

test-native:
	@scripts/test.sh native

test-wasm: setup-test
	@scripts/test.sh wasm

test-e2e: setup-test
	@scripts/test.sh e2e

clean-dist:
	rm -rf dist dist-crm tests/e2e/test-results tests/e2e/playwright-report

eval:
	$(RUN) host cargo run --quiet --profile eval --example eval -- $(if $(SYNTHETIC),--synthetic $(SYNTHETIC),"$(TRAIN)" "$(TEST)" "$(or $(LABEL),Converted)")

bench: setup-test
	@scripts/bench.sh
