#!/usr/bin/env bash
# The dashboard benchmark of issue 6: the shop dashboard (36 months, plan against actuals)
# against the Fortunes baseline served by the same binary, at scales 0.1 and 1.0 of the data
# generator, with the overview, the finance view, a plan save and a mixed soak. See
# bench/README.md.
#
#   bench/dashboard.sh                                   # SCALES="0.1 1.0" ROUNDS=3
#   SCALES=0.1 ROUNDS=1 RUN_SECONDS=3 SOAK_SECONDS=5 bench/dashboard.sh   # a smoke run
#
# Installs wrk (Debian) and oha (crates.io) when missing, builds the release binary with the
# `bench` feature (the Fortunes route exists only there), and hands over to dashboard.py.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/postgres.sh >/dev/null
if ! command -v wrk >/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi
if ! command -v oha >/dev/null; then
    cargo install oha --locked --version "^1.16" --quiet
fi

TARGET=${CARGO_TARGET_DIR:-target}
SQLX_OFFLINE=true cargo build --release --locked --quiet --features bench --bin shopplan
mkdir -p bench/out
# A copy, so that a later build without the feature does not replace the binary mid-run.
cp "$TARGET/release/shopplan" bench/out/shopplan-bench
SERVER_BIN="$PWD/bench/out/shopplan-bench" exec python3 bench/dashboard.py
