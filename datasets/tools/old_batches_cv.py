#!/usr/bin/env python3
"""Does a new corpus round hurt the items we already had? Grouped CV scored on the old items only.

Usage: datasets/tools/old_batches_cv.py ROUND.csv [ROUND.csv ...] [--c 0.3]

Why it exists: grouped CV (datasets/tools/grouped_cv.sh) holds each writing batch out
whole, so the folds that hold out a new round score it with models that never saw anything
like it, and a round that teaches what the corpus lacked lowers that score by construction.
This test asks the narrower question the corpus can answer (datasets/held-back/README.md):
the train split's items keep the folds that grouped CV gives them (`sitrep-eval --folds 6
--group batch --seed 42 --predictions`); for each fold the default settings are trained on
the other folds' items, once as they are and once with every row of the round files added
(draft format, as datasets/tools/merge_drafts.py reads it), and both models score the
fold's items. The six folds' confusion matrices are summed and both arms are scored from
the pooled matrices the same way: escalation QWK and MAE, topic macro-F1.

Run from the repository root after `cargo build --release`. Prints one JSON object.
"""
import argparse, csv, json, os, subprocess, sys

TRAIN = "./target/release/sitrep-train"
EVAL = "./target/release/sitrep-eval"
WORK = "target/old-batches-cv"
COLUMNS = ["id", "title", "text", "topic", "escalation"]


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"old_batches_cv: {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def write_rows(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def folds_of_train_split():
    """The train split's rows, each with the fold grouped CV holds it out in."""
    run(["sh", "datasets/tools/grouped_cv.sh", "--c", "0.3", "--format", "json",
         "--predictions", f"{WORK}/folds.csv"])
    rows = list(csv.DictReader(open("target/grouped-cv.csv", encoding="utf-8", newline="")))
    folds = list(csv.DictReader(open(f"{WORK}/folds.csv", encoding="utf-8", newline="")))
    if len(rows) != len(folds):
        sys.exit(f"old_batches_cv: {len(rows)} rows but {len(folds)} predictions")
    for i, (row, fold) in enumerate(zip(rows, folds)):
        if int(fold["line"]) != i + 2:
            sys.exit(f"old_batches_cv: prediction {i} is for line {fold['line']}, expected {i + 2}")
        row["fold"] = fold["fold"]
    return rows


def pooled_confusions(train_rows, test_rows, c, name):
    write_rows(f"{WORK}/{name}-train.csv", train_rows)
    write_rows(f"{WORK}/{name}-test.csv", test_rows)
    model = f"{WORK}/{name}.sitrep"
    run([TRAIN, "--data", f"{WORK}/{name}-train.csv", "--text-column", "title", "--text-column",
         "text", "--target", "topic", "--target", "escalation:ordinal", "--model", "svm", "--c",
         str(c), "--seed", "42", "--quiet", "--out", model])
    report = json.loads(run([EVAL, "--data", f"{WORK}/{name}-test.csv", "--model", model,
                             "--text-column", "title", "--text-column", "text", "--target",
                             "topic", "--target", "escalation:ordinal", "--format", "json"]))
    out = {}
    for target in report["targets"]:
        confusion = target["classification"]["confusion"]  # rows: true, columns: predicted
        out[target["target"]] = (confusion["labels"], confusion["counts"])
    return out


def add(total, part):
    for target, (labels, matrix) in part.items():
        if target not in total:
            total[target] = (labels, [[0] * len(labels) for _ in labels])
        if total[target][0] != labels:
            sys.exit(f"old_batches_cv: labels of {target} differ between folds")
        for i, row in enumerate(matrix):
            for j, n in enumerate(row):
                total[target][1][i][j] += n


def macro_f1(matrix):
    k = len(matrix)
    f1s = []
    for i in range(k):
        tp = matrix[i][i]
        predicted = sum(matrix[r][i] for r in range(k))
        actual = sum(matrix[i])
        p = tp / predicted if predicted else 0.0
        r = tp / actual if actual else 0.0
        f1s.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(f1s) / k


def ordinal_scores(labels, matrix):
    levels = [float(l) for l in labels]
    n = sum(map(sum, matrix))
    mae = sum(matrix[i][j] * abs(levels[i] - levels[j])
              for i in range(len(labels)) for j in range(len(labels))) / n
    # Quadratic weighted kappa: observed against expected disagreement, weights by distance.
    k = len(labels)
    rows = [sum(matrix[i]) for i in range(k)]
    cols = [sum(matrix[i][j] for i in range(k)) for j in range(k)]
    w = [[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    observed = sum(w[i][j] * matrix[i][j] for i in range(k) for j in range(k))
    expected = sum(w[i][j] * rows[i] * cols[j] / n for i in range(k) for j in range(k))
    return {"qwk": 1 - observed / expected, "mae": mae, "rows": n}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rounds", nargs="+")
    ap.add_argument("--c", type=float, default=0.3)
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    rows = folds_of_train_split()
    extra = []
    for path in args.rounds:
        extra += list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    result = {"rounds": args.rounds, "added_rows": len(extra), "folds": 6}
    for arm, added in (("without", []), ("with", extra)):
        total = {}
        for fold in sorted({r["fold"] for r in rows}):
            train = [r for r in rows if r["fold"] != fold] + added
            test = [r for r in rows if r["fold"] == fold]
            add(total, pooled_confusions(train, test, args.c, f"{arm}-{fold}"))
        labels, esc = total["escalation"]
        result[arm] = dict(ordinal_scores(labels, esc), topic_macro_f1=macro_f1(total["topic"][1]))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
