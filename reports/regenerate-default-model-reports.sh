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
# The default model against complement naive Bayes on the same rows (sitrep-eval's paired tests).
./target/release/sitrep-train --data datasets/conflict-news.csv --rows split=train --text-column title \
    --text-column text --target topic --target escalation:ordinal --model cnb --seed 42 --quiet \
    --out target/cnb.sitrep
{
    cat <<'HEAD'
# Default model (linear SVM) vs complement naive Bayes on the corpus test split

Written by `reports/regenerate-default-model-reports.sh`. Model B was trained on the same
rows and columns as the default model, with `--model cnb`:

```
sitrep-train --data datasets/conflict-news.csv --rows split=train --text-column title \
    --text-column text --target topic --target escalation:ordinal --model cnb --seed 42 --out cnb.sitrep
sitrep-eval --model models/default.sitrep --model cnb.sitrep --data datasets/conflict-news.csv \
    --rows split=test --format markdown
```

A difference is a claim these rows support when its p-value is small and its 95% interval
of B - A leaves out 0. For `escalation`, MAE and QWK also weigh how far off each model's
mistakes are.

## Output

HEAD
    $E --model models/default.sitrep --model target/cnb.sitrep --data datasets/conflict-news.csv \
        --rows split=test --format markdown | sed -e 's|target/cnb.sitrep|cnb.sitrep|' -e '1,2d'
} > reports/compare-svm-vs-cnb.md
