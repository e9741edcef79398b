#!/usr/bin/env bash
# Installs whatever Kariz's build or tests need and is missing. Idempotent: every step first checks
# whether its result is already there at the right version, so a second run takes about a second.
#
#   scripts/setup.sh build   wasm32 std (path A or B), wasm-bindgen-cli, wasm-split-cli, npm dev tools (wasm-opt)
#   scripts/setup.sh test    everything for `build`, plus Chromium + ChromeDriver for the browser tests
#
# Pinned versions: wasm-bindgen-cli = the wasm-bindgen version in Cargo.lock; wasm-split-cli = WASM_SPLIT_VERSION;
# wasm-opt = npm binaryen in package-lock.json; Playwright = @playwright/test in package-lock.json.
# Tools built with cargo go to .tools/bin (project-local) unless a matching version is already on PATH.

set -euo pipefail
# shellcheck source=scripts/toolchain.sh
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"

CHROMIUM="${KARIZ_CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

is_root() { [ "$(id -u)" = 0 ]; }
APT_UPDATED=0
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" = 0 ]; then
        kariz_log "apt-get update"
        apt-get update -q >&2
        APT_UPDATED=1
    fi
    kariz_log "apt-get install $*"
    apt-get install -y -q "$@" >&2
}
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

# --- wasm32 standard library: path A or B ---------------------------------------------------------
ensure_wasm_std() {
    local choice; choice="$(kariz_toolchain decide)"
    if [ "$choice" = rustup ]; then
        kariz_rustup_has_target ||
            kariz_die "path A (rustup) chosen but $WASM_TARGET is not installed: run 'rustup target add $WASM_TARGET'"
        kariz_log "toolchain: path A (rustup + $WASM_TARGET target), target dir target/"
        return
    fi
    if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ] && [ -x /usr/bin/rust-lld ] &&
        [ -d /usr/lib/rustlib/src/rust/library/std ]; then
        kariz_log "toolchain: path B ($(/usr/bin/rustc --version) + build-std), target dir target-debian/"
        return
    fi
    if can_apt; then
        apt_install rustc-web cargo-web rust-web-src rust-web-llvm
        # /usr/bin/rust-lld is a symlink to lld-<N> (e.g. lld-22), a package rust-web-llvm does not pull in.
        local lld
        lld="$(readlink /usr/bin/rust-lld || true)"
        if [ ! -x /usr/bin/rust-lld ] && [ -n "$lld" ]; then apt_install "$(basename "$lld")"; fi
        [ -x /usr/bin/rust-lld ] || kariz_die "/usr/bin/rust-lld does not work after installing path B (link target: ${lld:-none})"
        kariz_log "toolchain: path B ($(/usr/bin/rustc --version) + build-std), target dir target-debian/"
    else
        kariz_die "no wasm32 standard library. Either run 'rustup target add $WASM_TARGET' (path A), or as root
       'apt-get install rustc-web cargo-web rust-web-src rust-web-llvm' (path B, Debian)."
    fi
}

# --- cargo-installed tools at exact versions --------------------------------------------------------
# tool_matches <binary> <expected version string>: `<binary> --version` contains the version as a word.
tool_matches() {
    local out; out="$("$1" --version 2>/dev/null)" || return 1
    [[ " $out " =~ [[:space:]]v?"$2"[[:space:]] ]]
}

# Links <bin...> into .tools/bin from the first directory on PATH where <bin> has <version>.
link_from_path() {
    local version="$1"; shift
    local first="$1" candidate dir b
    for candidate in $(type -ap "$first"); do
        dir="$(dirname "$candidate")"
        [ "$(cd "$dir" && pwd)" = "$KARIZ_TOOLS/bin" ] && continue
        for b in "$@"; do [ -x "$dir/$b" ] || continue 2; done
        tool_matches "$candidate" "$version" || continue
        mkdir -p "$KARIZ_TOOLS/bin"
        for b in "$@"; do ln -sfn "$dir/$b" "$KARIZ_TOOLS/bin/$b"; done
        kariz_log "using $first $version from $dir"
        return 0
    done
    return 1
}

# ensure_cargo_tool <crate> <version> <bin...>
ensure_cargo_tool() {
    local crate="$1" version="$2"; shift 2
    local b ok=1
    for b in "$@"; do tool_matches "$KARIZ_TOOLS/bin/$b" "$version" || ok=0; done
    if [ "$ok" = 1 ]; then kariz_log "$crate $version: already installed"; return; fi
    link_from_path "$version" "$@" && return
    kariz_log "installing $crate $version into .tools/ (cargo install; this takes several minutes)"
    local start=$SECONDS
    (
        kariz_env_host
        unset CARGO_TARGET_DIR RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD
        cargo install "$crate" --version "=$version" --locked --root "$KARIZ_TOOLS" ||
        {
            kariz_log "'cargo install $crate --locked' failed; retrying without --locked (fresh dependency resolution)"
            cargo install "$crate" --version "=$version" --root "$KARIZ_TOOLS"
        }
    ) >&2
    for b in "$@"; do
        tool_matches "$KARIZ_TOOLS/bin/$b" "$version" ||
            kariz_die "$b in .tools/bin does not report version $version after installing $crate"
    done
    kariz_log "installed $crate $version in $((SECONDS - start)) s"
}

# wasm-split-cli (crate wasm_split_cli_support) splits the app's wasm at its lazy routes. It has
# no --version, so the installed version is recorded beside it.
WASM_SPLIT_VERSION=0.2.4
ensure_wasm_split() {
    local bin="$KARIZ_TOOLS/bin/wasm-split-cli" stamp="$KARIZ_TOOLS/bin/wasm-split-cli.version"
    if [ -x "$bin" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$WASM_SPLIT_VERSION" ]; then
        kariz_log "wasm_split_cli_support $WASM_SPLIT_VERSION: already installed"
        return
    fi
    kariz_log "installing wasm_split_cli_support $WASM_SPLIT_VERSION into .tools/ (cargo install; about 3 minutes)"
    local start=$SECONDS
    (
        kariz_env_host
        unset CARGO_TARGET_DIR RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD
        cargo install wasm_split_cli_support --version "=$WASM_SPLIT_VERSION" --features build-binary \
            --locked --root "$KARIZ_TOOLS"
    ) >&2
    [ -x "$bin" ] || kariz_die "cargo install wasm_split_cli_support did not give $bin"
    echo "$WASM_SPLIT_VERSION" >"$stamp"
    kariz_log "installed wasm_split_cli_support $WASM_SPLIT_VERSION in $((SECONDS - start)) s"
}

# --- npm dev tools (wasm-opt from binaryen, Playwright) --------------------------------------------
ensure_npm() {
    command -v npm >/dev/null 2>&1 ||
        kariz_die "Node.js and npm are needed (wasm-opt and Playwright come from npm): install Node.js 18 or newer"
    local stamp want
    stamp="$KARIZ_ROOT/node_modules/.kariz-stamp"
    want="$(cat "$KARIZ_ROOT/package.json" "$KARIZ_ROOT/package-lock.json" | sha256sum | cut -c1-64) node-$(node --version)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$KARIZ_ROOT/node_modules/.bin/wasm-opt" ]; then
        kariz_log "npm dev tools: node_modules is up to date"
        return
    fi
    kariz_log "npm ci (binaryen/wasm-opt, @playwright/test — no browser download)"
    (cd "$KARIZ_ROOT" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund </dev/null) >&2
    echo "$want" >"$stamp"
    "$KARIZ_ROOT/node_modules/.bin/wasm-opt" --version | grep -q 'version_132' ||
        kariz_die "node_modules/.bin/wasm-opt is not version 132 (see package.json)"
}

# --- Chromium + ChromeDriver ------------------------------------------------------------------------
ensure_chromium() {
    if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
        local cv dv
        cv="$("$CHROMIUM" --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1 || true)"
        dv="$("$CHROMEDRIVER" --version 2>/dev/null | grep -oE '[0-9]+\.' | head -1 || true)"
        [ "$cv" = "$dv" ] || kariz_log "warning: Chromium ($cv) and ChromeDriver ($dv) major versions differ"
        kariz_log "browser: $("$CHROMIUM" --version 2>/dev/null | head -1), $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
        return
    fi
    if can_apt && [ "$CHROMIUM" = /usr/bin/chromium ] && [ "$CHROMEDRIVER" = /usr/bin/chromedriver ]; then
        apt_install chromium chromium-driver
        [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || kariz_die "apt-get did not provide $CHROMIUM and $CHROMEDRIVER"
        return
    fi
    kariz_die "the browser tests need Chromium and a matching ChromeDriver, not found at
       $CHROMIUM and $CHROMEDRIVER.
       On Debian/Ubuntu:  sudo apt-get update && sudo apt-get install chromium chromium-driver
       Or point at existing ones:  make test KARIZ_CHROMIUM=/path/to/chrome CHROMEDRIVER=/path/to/chromedriver"
}

# Downloads the crates up front, so a build or test later fails only for its own reasons.
fetch_crates() {
    local locked=()
    [ "${CI:-}" = true ] && locked=(--locked)
    kariz_log "cargo fetch (crates for the build; quick when already downloaded)"
    local manifest=(--manifest-path "$KARIZ_ROOT/Cargo.toml")
    "$KARIZ_ROOT/scripts/toolchain.sh" wasm cargo fetch "${locked[@]}" "${manifest[@]}" >&2
    # With path B this also fetches the crates std itself needs for wasm32 (build-std: dlmalloc, ...).
    "$KARIZ_ROOT/scripts/toolchain.sh" wasm cargo fetch "${locked[@]}" "${manifest[@]}" --target "$WASM_TARGET" >&2
}

main() {
    local what="${1:-build}" start=$SECONDS
    case "$what" in
        build|test) ;;
        *) kariz_die "usage: $0 build|test" ;;
    esac
    ensure_wasm_std
    fetch_crates
    ensure_npm
    ensure_cargo_tool wasm-bindgen-cli "$(kariz_wasm_bindgen_version)" wasm-bindgen wasm-bindgen-test-runner
    ensure_wasm_split
    [ "$what" = test ] && ensure_chromium
    kariz_log "setup ($what) done in $((SECONDS - start)) s"
}

main "$@"
