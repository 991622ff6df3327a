#!/usr/bin/env bash
# Measures what BENCHMARKS.md reports about a first load: the bytes over the
# wire and the time until the page is hydrated in headless Chromium, on an
# emulated office link (10 Mbit/s, 40 ms) with and without 4x CPU throttling,
# and on a second visit; for Firstline's queue and intake pages and for the
# hello-world floor (bench/hello), built with the same profile and served the
# same way (precompressed brotli and gzip), all in one run.
#
# Usage: scripts/bench-first-load.sh     (RUNS=7 by default; the first time
# also builds the hello-world floor, a few minutes)

source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$FIRSTLINE_ROOT"
ensure_build_tools
ensure_chromium
ensure_end2end_packages

scratch="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT

say "Release build of Firstline"
build_release
binary="$(cargo_target_dir)/release/firstline"
"$binary" site prepare --site-root target/site

say "Release build of the hello-world floor"
hello_target="$(cargo_target_dir)/hello"
(cd bench/hello && CARGO_TARGET_DIR="$hello_target" cargo leptos build --release)
"$binary" site compress bench/hello/target/site/pkg/hello.js bench/hello/target/site/pkg/hello.wasm

password="first-load benchmark password"
firstline_addr="127.0.0.1:3917"
hello_addr="127.0.0.1:3918"

say "Starting both servers"
FIRSTLINE_ADMIN_PASSWORD="$password" LEPTOS_SITE_ROOT="$FIRSTLINE_ROOT/target/site" RUST_LOG=warn \
  "$binary" --addr "$firstline_addr" --data-dir "$scratch/data" >"$scratch/firstline.log" 2>&1 &
pids+=($!)
LEPTOS_OUTPUT_NAME=hello LEPTOS_SITE_ROOT="$FIRSTLINE_ROOT/bench/hello/target/site" \
  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR="$hello_addr" LEPTOS_ENV=PROD \
  "$hello_target/release/hello-server" >"$scratch/hello.log" 2>&1 &
pids+=($!)
for url in "http://$firstline_addr/health" "http://$hello_addr/"; do
  for _ in $(seq 150); do
    curl -fs -o /dev/null "$url" && break
    sleep 0.2
  done
done

# The agent and the lead the pages are opened as, created by the first admin.
for account in agent lead; do
  jar="$scratch/admin.cookies"
  curl -fsS -c "$jar" -b "$jar" -H "Origin: http://$firstline_addr" -H 'Accept: application/json' \
    --data-urlencode login=admin --data-urlencode "password=$password" --data-urlencode next=/ \
    "http://$firstline_addr/api/session/login" >/dev/null
  curl -fsS -c "$jar" -b "$jar" -H "Origin: http://$firstline_addr" -H 'Accept: application/json' \
    --data-urlencode "draft[login]=$account" --data-urlencode "draft[display_name]=$account" \
    --data-urlencode "draft[role]=$account" --data-urlencode "draft[password]=$password" \
    "http://$firstline_addr/api/team/create" >/dev/null
done

say "Measuring"
FIRSTLINE_URL="http://$firstline_addr" HELLO_URL="http://$hello_addr" PASSWORD="$password" \
  node end2end/bench/first-load.mjs
