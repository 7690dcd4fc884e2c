#!/bin/sh
# Regenerates the default model's reports under reports/ (models/MODEL_CARD.md quotes them).
# Run from the repository root after `cargo build --release`; the real-snippet report needs
# ../shared/eval/conflict-dev.csv and is skipped, with a message, without it.
set -e
E=./target/release/sitrep-eval
$E --data datasets/conflict-news.csv --rows split=test --format markdown > reports/default-model-test.md
$E --data datasets/conflict-news.csv --rows split=train --text-column title --text-column text \
    --target topic --target escalation:ordinal --c 0.3 --folds 5 --format markdown > reports/default-model-cv.md
datasets/tools/grouped_cv.sh --c 0.3 --by batch --format markdown > reports/default-model-grouped-cv.md
if [ -f ../shared/eval/conflict-dev.csv ]; then
    $E --data ../shared/eval/conflict-dev.csv --by source --format markdown > reports/default-model-conflict-dev.md
else
    echo "skipped reports/default-model-conflict-dev.md: ../shared/eval/conflict-dev.csv not found" >&2
fi
if [ -d ../shared/bench/data ]; then
    datasets/tools/probe.py --format markdown > reports/default-model-probe.md
else
    echo "skipped reports/default-model-probe.md: ../shared/bench/data not found" >&2
fi
