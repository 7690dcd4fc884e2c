#!/usr/bin/env bash
# Runs one fuzz target for a given time: fuzz/run.sh TARGET SECONDS
#   TARGET: tokenize, csv_reader or model_load (see fuzz/checks.rs for what each checks)
# Needs `cargo install cargo-fuzz`. The toolchain is stable, so RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz use the nightly-only sanitizer flags. The corpus grows in fuzz/corpus/TARGET
# (seeded from fuzz/seeds/TARGET); crashes land in fuzz/artifacts/TARGET. The last lines
# of the log (fuzz/logs/TARGET.log) hold the execution count and corpus size. Run it with
# `nice -n 10` on a shared machine.
set -euo pipefail
if [ $# -ne 2 ]; then
    echo "usage: fuzz/run.sh TARGET SECONDS" >&2
    exit 2
fi
target=$1
seconds=$2
cd "$(dirname "$0")"
mkdir -p "corpus/$target" logs
if [ -d "seeds/$target" ]; then
    cp -n seeds/"$target"/* "corpus/$target/" 2>/dev/null || true
fi
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -timeout=30 -print_final_stats=1 2>&1 | tee "logs/$target.log"
