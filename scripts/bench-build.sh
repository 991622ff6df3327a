#!/usr/bin/env bash
# Measures what BENCHMARKS.md reports about builds: the cold build time of the
# debug and release builds (each in an empty target directory), and the size
# of the release browser bundle's main wasm (the pages load on demand), raw
# and gzip, next to a hello-world Leptos page built with the same versions,
# profile and tools (bench/hello).
#
# Usage: scripts/bench-build.sh        (about 30 minutes on two cores)

source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$FIRSTLINE_ROOT"
ensure_build_tools

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Seconds taken by a command.
timed() {
  local start end
  start=$(date +%s)
  "$@" >"$scratch/last.log" 2>&1 || { cat "$scratch/last.log" >&2; return 1; }
  end=$(date +%s)
  echo $((end - start))
}

# "raw-bytes gzip-bytes" of a file.
sizes() {
  echo "$(stat -c %s "$1") $(gzip -9 -c "$1" | wc -c)"
}

say "Cold debug build of Firstline"
debug_s=$(CARGO_TARGET_DIR="$scratch/debug" timed cargo leptos build --split)
say "Cold release build of Firstline"
release_s=$(CARGO_TARGET_DIR="$scratch/release" timed build_release)
read -r fl_raw fl_gz <<<"$(sizes target/site/pkg/firstline.wasm)"

say "Release build of the hello-world floor"
hello_s=$(cd bench/hello && CARGO_TARGET_DIR="$scratch/hello" timed cargo leptos build --release)
read -r hw_raw hw_gz <<<"$(sizes bench/hello/target/site/pkg/hello.wasm)"
rm -rf bench/hello/target

kib() { awk -v b="$1" 'BEGIN { printf "%.0f KiB", b / 1024 }'; }
cat <<EOF

| Build | Cold time | .wasm raw | .wasm gzip -9 |
|---|---|---|---|
| Firstline, debug (\`cargo leptos build --split\`) | ${debug_s} s | | |
| Firstline, release (\`cargo leptos build --release --split\`), main .wasm | ${release_s} s | $(kib "$fl_raw") | $(kib "$fl_gz") |
| Hello-world floor, release | ${hello_s} s | $(kib "$hw_raw") | $(kib "$hw_gz") |

Firstline's bundle is $(awk -v a="$fl_gz" -v b="$hw_gz" 'BEGIN { printf "%.1f", a / b }')× the floor, gzipped.
EOF
