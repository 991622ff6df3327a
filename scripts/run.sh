#!/usr/bin/env bash
# The run command: installs what is missing, builds a release, and serves
# Firstline at http://127.0.0.1:3000 with SQLite at ./data/firstline.db.
# Any arguments are passed to the server (see `firstline --help`).

source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$FIRSTLINE_ROOT"

ensure_build_tools
say "Building the release (incremental after the first time)"
build_release

export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$FIRSTLINE_ROOT/target/site}"
binary="$(cargo_target_dir)/release/firstline"
say "Naming the bundle by its content and compressing it"
"$binary" site prepare --site-root "$LEPTOS_SITE_ROOT"
say "Serving Firstline; stop it with ctrl-c"
exec "$binary" "$@"
