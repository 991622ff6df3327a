#!/usr/bin/env bash
# The reliability suite's long form: SIGKILL under write load, cycle after
# cycle, and concurrent changes to one ticket, on SQLite and (when a server
# answers at 127.0.0.1:5432 or FIRSTLINE_TEST_POSTGRES names one)
# PostgreSQL; then unreadable input to every route and the role × route
# matrix. Prints the figures BENCHMARKS.md records.
#
# Usage: scripts/reliability.sh
#   RELIABILITY_CYCLES  kill cycles per backend (default 20)
#   RELIABILITY_ROUNDS  concurrent pairs per backend (default 250)

source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$FIRSTLINE_ROOT"

export RELIABILITY_CYCLES="${RELIABILITY_CYCLES:-20}"
export RELIABILITY_ROUNDS="${RELIABILITY_ROUNDS:-250}"
if [ -z "${FIRSTLINE_TEST_POSTGRES:-}" ] && command -v pg_isready >/dev/null &&
  pg_isready -q -h 127.0.0.1 -p 5432; then
  export FIRSTLINE_TEST_POSTGRES="postgres://postgres@127.0.0.1:5432/test"
fi

say "Kill -9 under load and concurrent changes ($RELIABILITY_CYCLES cycles, $RELIABILITY_ROUNDS rounds)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --locked --release -p firstline-server --test binary -- reliability:: --nocapture --test-threads=1 \
  2>&1 | tee "$log"
say "Figures"
grep -o 'reliability: .*' "$log"

say "Unreadable input to every route, and the role × route matrix"
cargo test --locked --release -p firstline-server --test api -- malformed access
