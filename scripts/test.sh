#!/usr/bin/env bash
# Runs Kariz's test stages in order and prints a summary. Stops at the first failing stage unless
# KEEP_GOING=1. Exit status is non-zero if any stage failed. Called by `make test` (after
# `scripts/setup.sh test`), so tools are expected to be installed already.
#
#   scripts/test.sh [native] [wasm] [e2e]
#
#   native  cargo test (host toolchain, target/), with the sync test server (tests/sync/server.mjs)
#           running on a free port of 127.0.0.1 and named in KARIZ_SYNC_SERVER
#   wasm    cargo test --target wasm32-unknown-unknown --test <each tests/*.rs using wasm_bindgen_test>
#           (with the sync test server running, named in KARIZ_SYNC_SERVER at build time)
#           in headless Chromium via wasm-bindgen-test-runner + chromedriver (runner in .cargo/config.toml,
#           browser options in webdriver.json)
#   e2e     build the release site into dist/ (scripts/build-site.mjs) and again for the sub-path /crm/
#           into dist-crm/, then Playwright against them, served by tests/e2e/serve.mjs

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUN=scripts/toolchain.sh

[ $# -gt 0 ] || set -- native wasm e2e
LOCKED=()
[ "${CI:-}" = true ] && LOCKED=(--locked)

declare -a NAMES=() RESULTS=() TIMES=()
FAILED=0
TOTAL_START=$SECONDS

log() { printf '\n\033[1;34m[kariz test]\033[0m %s\n' "$*"; }

# stage <label> <command...>
stage() {
    local label="$1"; shift
    if [ "$FAILED" = 1 ] && [ "${KEEP_GOING:-}" != 1 ]; then
        NAMES+=("$label"); RESULTS+=("not run"); TIMES+=("-"); return
    fi
    log "stage: $label"
    log "\$ $*"
    local start=$SECONDS rc=0
    "$@" || rc=$?
    NAMES+=("$label"); TIMES+=("$((SECONDS - start)) s")
    if [ $rc = 0 ]; then RESULTS+=("PASS"); else RESULTS+=("FAIL (exit $rc)"); FAILED=1; fi
}

skip() { NAMES+=("$1"); RESULTS+=("SKIP ($2)"); TIMES+=("-"); }

wasm_test_files() {
    local f
    for f in tests/*.rs; do
        [ -f "$f" ] && grep -q 'wasm_bindgen_test' "$f" && basename "$f" .rs
    done
}

run_wasm_tests() {
    local args=() t
    for t in "$@"; do args+=(--test "$t"); done
    # The runner normally comes from .cargo/config.toml; fall back to it here if that is missing.
    if ! grep -qs 'wasm-bindgen-test-runner' .cargo/config.toml; then
        export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
    fi
    $RUN wasm cargo test "${LOCKED[@]}" --target wasm32-unknown-unknown "${args[@]}"
}

# A small disk for the test of a full disk (tests/e2e/storage.spec.ts): a tmpfs, which needs root.
small_disk() {
    [ "$(id -u)" = 0 ] || { log "not root: the full-disk test will be skipped"; return 0; }
    local dir
    dir=$(mktemp -d /tmp/kariz-small-disk.XXXXXX)
    if ! mount -t tmpfs -o size=16m tmpfs "$dir"; then
        echo "cannot mount a 16 MB tmpfs at $dir for the full-disk test" >&2
        return 1
    fi
    export KARIZ_SMALL_DISK="$dir"
    trap 'umount "$KARIZ_SMALL_DISK" 2>/dev/null; rmdir "$KARIZ_SMALL_DISK" 2>/dev/null' EXIT
}

# The CouchDB-compatible server the sync tests replicate through (tests/sync/server.mjs): started on
# a free port, named in KARIZ_SYNC_SERVER, stopped by stop_sync_server or when this script exits.
SYNC_SERVER_PID=
start_sync_server() {
    local log i
    log=$(mktemp /tmp/kariz-sync-server.XXXXXX)
    $RUN host node tests/sync/server.mjs --port 0 >"$log" 2>&1 &
    SYNC_SERVER_PID=$!
    trap stop_sync_server EXIT
    for i in $(seq 100); do
        KARIZ_SYNC_SERVER=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1)
        if [ -n "$KARIZ_SYNC_SERVER" ]; then
            export KARIZ_SYNC_SERVER
            log "sync test server at $KARIZ_SYNC_SERVER (pid $SYNC_SERVER_PID)"
            return 0
        fi
        kill -0 "$SYNC_SERVER_PID" 2>/dev/null || break
        sleep 0.2
    done
    echo "the sync test server did not start:" >&2
    cat "$log" >&2
    return 1
}
stop_sync_server() {
    [ -n "$SYNC_SERVER_PID" ] && kill "$SYNC_SERVER_PID" 2>/dev/null
    SYNC_SERVER_PID=
    unset KARIZ_SYNC_SERVER
    return 0
}

for s in "$@"; do
    case "$s" in
        native)
            stage "native: start the sync test server" start_sync_server
            stage "native: cargo test" $RUN host cargo test "${LOCKED[@]}"
            stop_sync_server
            ;;
        wasm)
            mapfile -t WASM_TESTS < <(wasm_test_files)
            if [ ${#WASM_TESTS[@]} = 0 ]; then
                skip "wasm: cargo test --target wasm32" "no tests/*.rs uses wasm_bindgen_test"
            else
                stage "wasm: start the sync test server" start_sync_server
                stage "wasm: cargo test --target wasm32 (${WASM_TESTS[*]})" run_wasm_tests "${WASM_TESTS[@]}"
                stop_sync_server
            fi
            ;;
        e2e)
            stage "e2e: build the site (release) → dist/" $RUN wasm node scripts/build-site.mjs --dist dist
            stage "e2e: a small disk for the full-disk test" small_disk
            stage "e2e: build the site for /crm/ → dist-crm/" $RUN wasm node scripts/build-site.mjs --dist dist-crm --base /crm/
            # shellcheck disable=SC2086
            stage "e2e: playwright test" $RUN host playwright test ${E2E_ARGS:-}
            ;;
        *) echo "unknown stage '$s' (native, wasm, e2e)" >&2; exit 2 ;;
    esac
done

printf '\n\033[1m==================== Kariz test summary ====================\033[0m\n'
for i in "${!NAMES[@]}"; do
    case "${RESULTS[$i]}" in
        PASS) color=32 ;; FAIL*) color=31 ;; *) color=33 ;;
    esac
    printf '  \033[%sm%-16s\033[0m %8s   %s\n' "$color" "${RESULTS[$i]}" "${TIMES[$i]}" "${NAMES[$i]}"
done
printf '  toolchain: %s   total: %s s\n' "$($RUN wasm sh -c 'echo $KARIZ_TOOLCHAIN_IN_USE')" "$((SECONDS - TOTAL_START))"
if [ "$FAILED" = 1 ]; then
    printf '\033[1;31m  FAILED\033[0m'
    [ -d tests/e2e/playwright-report ] && printf ' (Playwright report: tests/e2e/playwright-report/index.html)'
    printf '\n'
    exit 1
fi
printf '\033[1;32m  ALL PASSED\033[0m\n'
