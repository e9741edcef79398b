#!/usr/bin/env bash
# Kariz toolchain wrapper: every make target runs its commands through this script, so the
# wasm32 standard library, tool versions, PATH and target directory are chosen in ONE place.
#
#   scripts/toolchain.sh wasm <command...>   run <command> with the wasm build environment
#   scripts/toolchain.sh host <command...>   run <command> with the host (native) environment
#   scripts/toolchain.sh decide              decide path A/B (may run `rustup target add`), print it
#   scripts/toolchain.sh print               print the decision and the resulting environment
#
# Two ways to get a wasm32 standard library:
#   A ("rustup")  the rustup toolchain with the wasm32-unknown-unknown target installed
#                 (already installed, or `timeout 120 rustup target add` succeeds). Target dir: target/
#   B ("debian")  Debian's rustc-web/cargo-web + rust-web-src, building std from source:
#                 PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort.
#                 Target dir: target-debian/ (switching RUSTC_BOOTSTRAP in one dir rebuilds everything)
# The decision is made once and cached in .tools/toolchain. Force it with
# KARIZ_TOOLCHAIN=rustup|debian (also accepted: a|b); delete .tools/toolchain to decide again.
#
# Native `cargo test` always uses the host toolchain (no build-std) in target/.
# The Debian packages for path B are installed by scripts/setup.sh, not here.

set -euo pipefail

KARIZ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KARIZ_TOOLS="$KARIZ_ROOT/.tools"
WASM_TARGET=wasm32-unknown-unknown

kariz_log() { printf '\033[1;34m[kariz]\033[0m %s\n' "$*" >&2; }
kariz_die() { printf '\033[1;31m[kariz] error:\033[0m %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version comes from Cargo.lock, never from a hard-coded number.
kariz_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
        "$KARIZ_ROOT/Cargo.lock"
}

kariz_normalise_choice() {
    case "${1:-}" in
        a|A|rustup|path-a) echo rustup ;;
        b|B|debian|path-b) echo debian ;;
        "") echo "" ;;
        *) kariz_die "KARIZ_TOOLCHAIN must be 'rustup' (path A) or 'debian' (path B), not '$1'" ;;
    esac
}

kariz_rustup_has_target() {
    command -v rustup >/dev/null 2>&1 &&
        rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"
}

# Prints rustup|debian. With "decide", it may run `rustup target add` (once) and caches the result.
kariz_toolchain() {
    local forced cached
    forced="$(kariz_normalise_choice "${KARIZ_TOOLCHAIN:-}")"
    if [ -n "$forced" ]; then echo "$forced"; return; fi
    if [ -f "$KARIZ_TOOLS/toolchain" ]; then
        cached="$(kariz_normalise_choice "$(cat "$KARIZ_TOOLS/toolchain")")"
        # A cached path A whose target disappeared (e.g. new rustup toolchain) is decided again.
        if [ "$cached" = debian ] || kariz_rustup_has_target; then echo "$cached"; return; fi
    fi
    if [ "${1:-}" != decide ]; then
        if kariz_rustup_has_target; then echo rustup; else echo debian; fi
        return
    fi
    local choice=debian
    if kariz_rustup_has_target; then
        choice=rustup
    elif command -v rustup >/dev/null 2>&1; then
        kariz_log "wasm32 target missing: trying 'rustup target add $WASM_TARGET' (120 s limit)"
        if timeout 120 rustup target add "$WASM_TARGET" >&2 && kariz_rustup_has_target; then
            choice=rustup
        else
            kariz_log "rustup could not add $WASM_TARGET: using Debian's rustc-web with build-std (path B)"
        fi
    fi
    mkdir -p "$KARIZ_TOOLS"
    echo "$choice" >"$KARIZ_TOOLS/toolchain"
    echo "$choice"
}

# PATH entries shared by both modes: project-local tools first (npm .bin has wasm-opt 132 and
# playwright; .tools/bin has wasm-bindgen, wasm-bindgen-test-runner at pinned versions).
kariz_base_path() {
    local p="$KARIZ_ROOT/node_modules/.bin:$KARIZ_TOOLS/bin"
    local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in *":$cargo_bin:"*) ;; *) [ -d "$cargo_bin" ] && PATH="$PATH:$cargo_bin" ;; esac
    echo "$p:$PATH"
}

# Removes repeated PATH entries (keeps the first), so nested wrapper calls do not grow PATH.
kariz_dedupe_path() {
    local out="" dir IFS=:
    for dir in $1; do
        case ":$out:" in *":$dir:"*) ;; *) out="${out:+$out:}$dir" ;; esac
    done
    echo "$out"
}

kariz_env_host() {
    export PATH; PATH="$(kariz_dedupe_path "$(kariz_base_path)")"
    export KARIZ_ROOT
}

kariz_env_wasm() {
    local choice; choice="$(kariz_toolchain)"
    export PATH KARIZ_ROOT KARIZ_TOOLCHAIN_IN_USE="$choice"
    PATH="$(kariz_dedupe_path "$(kariz_base_path)")"
    if [ "$choice" = debian ]; then
        # Debian's cargo/rustc must win over ~/.cargo/bin, but not over the pinned project tools.
        PATH="$(kariz_dedupe_path "$KARIZ_ROOT/node_modules/.bin:$KARIZ_TOOLS/bin:/usr/bin:$PATH")"
        export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
        export CARGO_TARGET_DIR="$KARIZ_ROOT/target-debian"
    fi
    export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    cmd="${1:-print}"; shift || true
    case "$cmd" in
        wasm) kariz_env_wasm; [ $# -gt 0 ] || kariz_die "usage: $0 wasm <command...>"; exec "$@" ;;
        host) kariz_env_host; [ $# -gt 0 ] || kariz_die "usage: $0 host <command...>"; exec "$@" ;;
        decide) kariz_toolchain decide ;;
        print)
            kariz_env_wasm
            echo "toolchain:        $KARIZ_TOOLCHAIN_IN_USE ($( [ "$KARIZ_TOOLCHAIN_IN_USE" = rustup ] && echo 'path A' || echo 'path B'))"
            echo "cargo:            $(command -v cargo) ($(cargo --version 2>/dev/null || echo missing))"
            echo "rustc:            $(rustc --version 2>/dev/null || echo missing)"
            echo "target dir:       ${CARGO_TARGET_DIR:-$KARIZ_ROOT/target}"
            echo "wasm-bindgen:     Cargo.lock $(kariz_wasm_bindgen_version), on PATH: $(wasm-bindgen --version 2>/dev/null || echo missing)"
            echo "wasm-opt:         $(command -v wasm-opt || echo missing) $(wasm-opt --version 2>/dev/null || true)"
            echo "chromedriver:     $CHROMEDRIVER"
            ;;
        *) kariz_die "unknown command '$cmd' (use wasm, host, decide or print)" ;;
    esac
fi
