#!/bin/sh
# Regenerates sitrep-trend's demo under reports/ (run from the repository root after
# `cargo build --release`; needs Debian's chromium for the PNGs): the seeded synthetic feed of
# benches/trend_feed.py (places of known story) and our corpus classified by the default model.
set -e
T=./target/release/sitrep-trend
C=./target/release/sitrep-classify
FEED=$(mktemp)
python3 benches/trend_feed.py demo --seed 7 > $FEED
$T --input $FEED --format html > reports/trend-demo.html
$T --input $FEED --alerts-only --format csv > reports/trend-demo-alerts.csv
$C --input datasets/conflict-news.csv | $T --date-column date --by country --since 2024-01-01 --format html > reports/trend-demo-corpus.html
$C --input datasets/conflict-news.csv | $T --date-column date --by country --since 2024-01-01 --alerts-only --format csv > reports/trend-demo-corpus-alerts.csv
rm -f $FEED
shot() { timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$(mktemp -d) --screenshot=$1 --window-size=$2 file://$PWD/$3 2>&1 | grep -v -i -e dbus -e "unexpected operator" || true; }
shot reports/trend-demo.png 1220,2300 reports/trend-demo.html
shot reports/trend-demo-corpus.png 1220,1800 reports/trend-demo-corpus.html
