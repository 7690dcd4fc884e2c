#!/bin/sh
# Cross-validates training settings on the corpus's train split with folds grouped by writing
# batch (the id prefix: one writer's batch never sits on both sides of a fold), the way the
# default model's settings are chosen (models/MODEL_CARD.md). Extra arguments go to
# sitrep-eval, e.g. `datasets/tools/grouped_cv.sh --c 1 --format markdown`.
# Run from the repository root after `cargo build --release`.
set -e
mkdir -p target
python3 - <<'PY'
import csv
rows = list(csv.DictReader(open("datasets/conflict-news.csv", encoding="utf-8", newline="")))
with open("target/grouped-cv.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) + ["batch"], lineterminator="\n")
    w.writeheader()
    for r in rows:
        if r["split"] == "train":
            r["batch"] = r["id"].split("-")[0]
            w.writerow(r)
PY
exec ./target/release/sitrep-eval --data target/grouped-cv.csv --text-column title --text-column text \
    --target topic --target escalation:ordinal --folds 6 --group batch --seed 42 "$@"
