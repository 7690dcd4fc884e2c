#!/usr/bin/env python3
"""Grouped cross-validation scored on the short items only.

Usage: datasets/tools/short_cv.py [sitrep-train options...]   (e.g. --c 0.3 --snippets)

Real reporting reaches analysts short: the real snippets we evaluate on have a median of
about 28 words (../shared/README.md). A setting can help on long articles and hurt on short
reports, which the corpus-wide cross-validation (datasets/tools/grouped_cv.sh) averages
away. This script keeps that script's grouping (one writing batch, the id prefix, never on
both sides of a fold), trains with the given sitrep-train options on the other folds, and
scores only the held-out items whose text is 10-40 words (the codebook's short items).
Folds: batches sorted by name, each assigned to the fold with the fewest rows so far (six
folds), so the split does not depend on file order.

Prints per-fold and pooled escalation QWK, MAE and level-3 recall/precision, and pooled
topic macro-F1. Run from the repository root after `cargo build --release`.
"""
import csv, os, subprocess, sys, tempfile

FOLDS = 6
BIN = "./target/release"


def qwk(truth, pred, k=4):
    n = len(truth)
    obs = [[0] * k for _ in range(k)]
    for t, p in zip(truth, pred):
        obs[t][p] += 1
    rt = [sum(r) for r in obs]
    cp = [sum(obs[i][j] for i in range(k)) for j in range(k)]
    num = sum((i - j) ** 2 * obs[i][j] for i in range(k) for j in range(k))
    den = sum((i - j) ** 2 * rt[i] * cp[j] / n for i in range(k) for j in range(k))
    return 1 - num / den if den else 0.0


def macro_f1(truth, pred):
    f1s = []
    for c in sorted(set(truth)):
        tp = sum(t == c and p == c for t, p in zip(truth, pred))
        fp = sum(t != c and p == c for t, p in zip(truth, pred))
        fn = sum(t == c and p != c for t, p in zip(truth, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def scores(rows):
    t = [int(r[0]) for r in rows]
    p = [int(r[1]) for r in rows]
    tp3 = sum(a == 3 and b == 3 for a, b in zip(t, p))
    rec = tp3 / max(1, t.count(3))
    prec = tp3 / max(1, p.count(3))
    mae = sum(abs(a - b) for a, b in zip(t, p)) / len(t)
    return qwk(t, p), mae, rec, prec


def write(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(extra):
    with open("datasets/conflict-news.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "train"]
    fields = list(rows[0].keys())
    batches = {}
    for r in rows:
        batches.setdefault(r["id"].split("-")[0], []).append(r)
    folds = [[] for _ in range(FOLDS)]
    for name in sorted(batches):
        smallest = min(range(FOLDS), key=lambda k: (len(folds[k]), k))
        folds[smallest].extend(batches[name])
    pooled, topics = [], []
    tmp = tempfile.mkdtemp(prefix="sitrep-short-cv.")
    for k in range(FOLDS):
        train = [r for j in range(FOLDS) if j != k for r in folds[j]]
        test = [r for r in folds[k] if 10 <= len(r["text"].split()) <= 40]
        tr, te, model = (os.path.join(tmp, n) for n in ("train.csv", "test.csv", "m.sitrep"))
        write(tr, fields, train)
        write(te, fields, test)
        subprocess.run(
            [f"{BIN}/sitrep-train", "--data", tr, "--text-column", "title", "--text-column", "text",
             "--target", "topic", "--target", "escalation:ordinal", "--holdout", "0", "--quiet",
             "--out", model, *extra],
            check=True,
        )
        out = subprocess.run(
            [f"{BIN}/sitrep-classify", "--model", model, "--input", te, "--text-column", "title",
             "--text-column", "text", "--min-coverage", "0", "--min-scope", "0"],
            check=True, capture_output=True, text=True,
        ).stdout
        # the input's own label columns come first; the model's are then `predicted_*`
        predicted = [
            {k.removeprefix("predicted_"): v for k, v in p.items() if k.startswith("predicted_")}
            for p in csv.DictReader(out.splitlines())
        ]
        fold = [(r["escalation"], p["escalation"]) for r, p in zip(test, predicted)]
        topics += [(r["topic"], p["topic"]) for r, p in zip(test, predicted)]
        pooled += fold
        q, mae, rec, prec = scores(fold)
        print(f"fold {k + 1}: {len(fold):4d} short items  QWK {q:.4f}  MAE {mae:.4f}  L3 R {rec:.3f} P {prec:.3f}")
    q, mae, rec, prec = scores(pooled)
    f1 = macro_f1([t for t, _ in topics], [p for _, p in topics])
    print(f"pooled: {len(pooled)} short items  topic macro-F1 {f1:.4f}  QWK {q:.4f}  MAE {mae:.4f}  "
          f"L3 R {rec:.3f} P {prec:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
