#!/usr/bin/env bash
# The test command: installs what is missing, then runs every check Firstline
# has: format, clippy for the server (ssr) and browser (hydrate) builds, the
# unit and integration tests, and the end2end tests in Chromium against the
# release binary.

source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$FIRSTLINE_ROOT"

ensure_build_tools
ensure_chromium
ensure_end2end_packages

say "Format"
cargo fmt --all -- --check

say "Clippy: server build (ssr)"
cargo clippy --locked --workspace --all-targets -- -D warnings

say "Clippy: browser build (hydrate, wasm32)"
cargo clippy --locked -p firstline-app --lib --target wasm32-unknown-unknown \
  --no-default-features --features hydrate -- -D warnings

# The store conformance suite also runs on PostgreSQL when a server is named;
# .ci/run always names one. Locally, the machine's own server is used if it answers.
if [ -z "${FIRSTLINE_TEST_POSTGRES:-}" ] && command -v pg_isready >/dev/null &&
  pg_isready -q -h 127.0.0.1 -p 5432; then
  export FIRSTLINE_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/test"
fi
say "Unit and integration tests (PostgreSQL: ${FIRSTLINE_TEST_POSTGRES:-not configured, skipped})"
cargo test --locked --workspace

say "Release build for the end2end tests"
build_release

say "End2end tests (Playwright, system Chromium)"
export FIRSTLINE_BIN="$(cargo_target_dir)/release/firstline"
export LEPTOS_SITE_ROOT="$FIRSTLINE_ROOT/target/site"
"$FIRSTLINE_BIN" site prepare --site-root "$LEPTOS_SITE_ROOT"
(cd end2end && npx playwright test)

say "All checks passed"
