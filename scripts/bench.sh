#!/usr/bin/env bash
# `make bench`: builds the benchmark entry (src/bin/kariz_bench.rs, release, wasm-bindgen + wasm-opt)
# and the app's release site into their own directory (never dist/), then runs bench/run.mjs:
# one headless Chromium measures Kariz and its peers (PapaParse, Dexie, MiniSearch, plain JS) on
# the same generated data and prints a table; the last line is one JSON object.
#
# Variables: KARIZ_BENCH_OUT (default /tmp/kariz-bench-dist), KARIZ_BENCH_SIZES (default
# 10000,100000), KARIZ_BENCH_SKIP_BUILD=1 reuses the last build, KARIZ_BENCH_ONLY=app seeds the
# largest size and measures only the app (no peers), KARIZ_BENCH_ONLY=score times only Kariz's
# score + rank and the learned ranking (no peers, no app; for working on scoring), KARIZ_BENCH_ONLY=learn times only
# training the learned win probability on 10,000 closed leads (learn_10k_ms), KARIZ_BENCH_ONLY=import
# runs only the app's own CSV import of the largest size (import_100k_max_task_ms), KARIZ_BENCH_ONLY=sync
# times one edit on one device until it shows on another through the sync test server
# (sync_one_change_ms), KARIZ_BENCH_ONLY=firstvisit measures only a first visit with 1,000 leads on a
# throttled "fast 4G" network (first_visit_today_ms, first_load_gzip_kb, lazy_route_first_visit_ms),
# KARIZ_BENCH_ONLY=sync100k runs only the first sync of KARIZ_BENCH_SYNC_LEADS
# leads (default: the largest size) with their activities, Kariz against PouchDB
# (sync_first_100k_ms, sync_first_100k_peer_ms; KARIZ_BENCH_SYNC_TIMEOUT_MS per side, default 40
# minutes), KARIZ_BENCH_DEALS (default 10000) open deals
# on the board. See docs/performance.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUN=scripts/toolchain.sh
OUT="${KARIZ_BENCH_OUT:-/tmp/kariz-bench-dist}"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }

for peer in papaparse dexie dexie-export-import minisearch playwright-core; do
    [ -d "node_modules/$peer" ] || { log "node_modules/$peer missing: npm ci"; npm ci --no-audit --no-fund >&2; break; }
done

if [ -z "${KARIZ_BENCH_SKIP_BUILD:-}" ]; then
    mkdir -p "$OUT"
    target_dir="$($RUN wasm sh -c 'echo "${CARGO_TARGET_DIR:-$KARIZ_ROOT/target}"')"
    log "building the benchmark entry (release)"
    $RUN wasm cargo build --release --target wasm32-unknown-unknown --bin kariz_bench
    rm -rf "$OUT/pkg"
    $RUN wasm wasm-bindgen --target web --no-typescript --out-dir "$OUT/pkg" \
        "$target_dir/wasm32-unknown-unknown/release/kariz_bench.wasm"
    # The same optimisation as the shipped app (scripts/build-site.mjs).
    $RUN wasm wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-simd \
        "$OUT/pkg/kariz_bench_bg.wasm" -o "$OUT/pkg/kariz_bench_bg.wasm"
    if [ "${KARIZ_BENCH_ONLY:-}" != score ] && [ "${KARIZ_BENCH_ONLY:-}" != learn ]; then
        log "building the app's release site into $OUT/app"
        $RUN wasm node scripts/build-site.mjs --dist "$OUT/app"
    fi
fi

log "running the benchmark in headless Chromium (a few minutes)"
exec $RUN host node bench/run.mjs --out "$OUT" --sizes "${KARIZ_BENCH_SIZES:-10000,100000}"
