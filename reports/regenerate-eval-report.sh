#!/bin/sh
# Regenerates the evaluation report, its pictures and screenshots under reports/ (run from the
# repository root after `cargo build --release`; needs Debian's chromium for the PNGs).
set -e
E=./target/release/sitrep-eval
$E --data datasets/conflict-news.csv --rows split=test --format html --errors 5 > reports/eval-report.html
P=$(mktemp -d)
$E --data datasets/conflict-news.csv --rows split=test --plots $P --format json > /dev/null
cp $P/topic-confusion.svg reports/eval-heatmap-topic.svg
cp $P/escalation-confusion.svg reports/eval-heatmap-escalation.svg
cp $P/escalation-reliability.svg reports/eval-reliability-escalation.svg
shot() { timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir=$(mktemp -d) --screenshot=$1 --window-size=$2 file://$PWD/$3 2>&1 | grep -v -i -e dbus -e "unexpected operator" || true; }
shot reports/eval-report.png 1200,2400 reports/eval-report.html
shot reports/eval-heatmap-escalation.png 520,512 reports/eval-heatmap-escalation.svg
shot reports/eval-reliability-escalation.png 420,420 reports/eval-reliability-escalation.svg
