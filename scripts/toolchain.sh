#!/usr/bin/env bash
# Installs whatever Firstline's build needs and is missing, then puts it on
# PATH. Sourced by scripts/run.sh and scripts/test.sh; safe to run repeatedly:
# every step checks first and does nothing when the tool is already there.
#
# Nothing here downloads a prebuilt binary (see DEVELOPERS.md): Rust tools are
# built from crates.io, wasm-opt comes from npm, Chromium from Debian.

set -euo pipefail

FIRSTLINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Tools that are not cargo-installed live outside the clone, so a fresh clone
# on the same machine finds them again.
FIRSTLINE_TOOLS="${FIRSTLINE_TOOLS:-$HOME/.cache/firstline/tools}"
CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_VERSION="132"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version the app pins with "=X.Y.Z" in the workspace Cargo.toml.
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$FIRSTLINE_ROOT/Cargo.toml"
}

ensure_rust_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
    cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if [ -z "$want" ]; then
    echo "Cargo.toml must pin wasm-bindgen as \"=X.Y.Z\"" >&2
    return 1
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "Installing wasm-bindgen-cli $want (it must match the pinned library)"
    # --locked is not used: the CLI's lock file does not resolve from this registry.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_wasm_opt() {
  local bin="$FIRSTLINE_TOOLS/node_modules/.bin"
  if ! "$bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
    say "Installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
    mkdir -p "$FIRSTLINE_TOOLS"
    npm install --prefix "$FIRSTLINE_TOOLS" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
  fi
  # Ahead of any system wasm-opt: Debian's binaryen 108 emits wasm that fails to hydrate.
  export PATH="$bin:$PATH"
}

ensure_chromium() {
  # A Chinese font too: the browser tests keep screenshots of pages in
  # Chinese, which render as empty boxes without one.
  if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    say "Installing Debian's Chromium and a Chinese font for the browser tests"
    if [ "$(id -u)" -ne 0 ]; then
      echo "Chromium or its Chinese font is missing; run as root: apt-get update && apt-get install -y chromium fonts-wqy-microhei" >&2
      return 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  fi
}

ensure_end2end_packages() {
  local dir="$FIRSTLINE_ROOT/end2end"
  if [ ! -x "$dir/node_modules/.bin/playwright" ]; then
    say "Installing the end2end packages (Playwright without its browsers)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
  fi
}

# The directory cargo builds into (CARGO_TARGET_DIR may move it out of the clone).
cargo_target_dir() {
  cargo metadata --format-version 1 --no-deps --manifest-path "$FIRSTLINE_ROOT/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

ensure_build_tools() {
  ensure_rust_target
  ensure_cargo_leptos
  ensure_wasm_bindgen
  ensure_wasm_opt
}

# The release build of the server and the browser bundle. `--split` writes
# each page's view code to its own wasm file, loaded when the page is first
# opened (app/src/ui/routes.rs); `firstline site prepare` then publishes the
# bundle with those files (server/src/site/mod.rs).
build_release() {
  cargo leptos build --release --split "$@"
}
