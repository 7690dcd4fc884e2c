#!/usr/bin/env python3
"""What would real labeled reporting in training buy? The probe, cross-fitted.

Usage: datasets/tools/real_in_training.py [--dev]   (from the repository root, after
`cargo build --release`)

The default model learns from our own writing only, and reads real reporting less well
(models/MODEL_CARD.md). Whether real labeled text in training would close that gap is a
decision the data rules leave to the CEO (option (b)); this script measures it on the one
real labeled text the project may train on in an experiment, the probe (837 AG News
"World" items of 2004, labels in datasets/probe-ag-world.csv, texts in ../shared/bench).
Nothing it trains is kept or shipped.

The probe's items go to 5 folds by the CRC-32 of their reference modulo 5. For each fold a
model is trained with the default model's settings on the corpus's train split plus a share
(1/4, 1/2, all, and all three times over) of the other folds' items, taken in order of that
CRC-32, and classifies the held-out fold with the gates off, as sitrep-eval scores. The figures are pooled over the 837
items; the corpus-only model is scored by the same code as the reference (it must match
`probe.py`'s QWK).

With --dev it also trains one model on the train split plus all probe items and scores it
with sitrep-eval on ../shared/eval/conflict-dev.csv and on our test split: the one scoring
of the real snippets the model card's rule allows for this question.
"""
import csv, os, subprocess, sys, zlib

BIN = "target/release"
CORPUS = "datasets/conflict-news.csv"
PROBE = "target/probe-ag-world.csv"  # written by probe.py
DEV = "../shared/eval/conflict-dev.csv"
WORK = "target/real-in-training"
FOLDS = 5
# (numerator, denominator, copies): the share of the other folds' items, each given `copies`
# times (the last row is an exploratory weighting beyond the model card's rule)
SHARES = [(1, 4, 1), (1, 2, 1), (1, 1, 1), (1, 1, 3)]
LEVELS = ["0", "1", "2", "3"]
TRAIN_ARGS = ["--text-column", "title", "--text-column", "text", "--target", "topic",
              "--target", "escalation:ordinal", "--model", "svm", "--c", "0.3", "--seed", "42",
              "--background", "datasets/background.csv", "--quiet"]


def run(args, **kw):
    return subprocess.run(args, check=True, **kw)


def crc(s):
    return zlib.crc32(s.encode("utf-8"))


def write_csv(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def train(rows, out):
    data = out + ".csv"
    write_csv(data, ["title", "text", "topic", "escalation"], rows)
    run([f"{BIN}/sitrep-train", "--data", data, *TRAIN_ARGS, "--out", out])


def classify(model, items, out):
    data = out + ".in.csv"
    write_csv(data, ["id", "text"], items)
    res = run([f"{BIN}/sitrep-classify", "--model", model, "--input", data, "--text-column", "text",
               "--min-coverage", "0", "--min-scope", "0"], capture_output=True, text=True)
    got = {r["id"]: r for r in csv.DictReader(res.stdout.splitlines())}
    return {i["id"]: (got[i["id"]]["topic"], got[i["id"]]["escalation"]) for i in items}


def qwk(truth, pred):
    """Quadratic weighted kappa over the four levels (Cohen 1968)."""
    k, n = len(LEVELS), len(truth)
    idx = {l: i for i, l in enumerate(LEVELS)}
    obs = [[0] * k for _ in range(k)]
    for t, p in zip(truth, pred):
        obs[idx[t]][idx[p]] += 1
    rows = [sum(r) for r in obs]
    cols = [sum(obs[i][j] for i in range(k)) for j in range(k)]
    w = lambda i, j: (i - j) ** 2 / (k - 1) ** 2
    o = sum(w(i, j) * obs[i][j] for i in range(k) for j in range(k)) / n
    e = sum(w(i, j) * rows[i] * cols[j] for i in range(k) for j in range(k)) / n / n
    return 1 - o / e


def scores(items, pred):
    """Topic accuracy, QWK and MAE: over all items, then over the agreed ones."""
    agreed = [i for i in items if i["agreement"] == "agreed"]
    return score(items, pred) + score(agreed, pred)


def score(items, pred):
    t_topic = [i["topic"] for i in items]
    t_level = [i["escalation"] for i in items]
    p_topic = [pred[i["id"]][0] for i in items]
    p_level = [pred[i["id"]][1] for i in items]
    acc = sum(a == b for a, b in zip(t_topic, p_topic)) / len(items)
    mae = sum(abs(int(a) - int(b)) for a, b in zip(t_level, p_level)) / len(items)
    return acc, qwk(t_level, p_level), mae


def main():
    if not os.path.exists(PROBE):
        sys.exit(f"real_in_training: {PROBE} is missing; run datasets/tools/probe.py first")
    os.makedirs(WORK, exist_ok=True)
    with open(CORPUS, encoding="utf-8", newline="") as f:
        corpus = [r for r in csv.DictReader(f) if r["split"] == "train"]
    with open(PROBE, encoding="utf-8", newline="") as f:
        probe = [dict(r, title="") for r in csv.DictReader(f)]
    fold = {p["id"]: crc(p["id"]) % FOLDS for p in probe}

    base = f"{WORK}/corpus-only.sitrep"
    train(corpus, base)
    print("| training data | probe topic accuracy | probe escalation QWK | probe MAE "
          "| agreed items: topic accuracy | QWK | MAE |")
    print("|---|---|---|---|---|---|---|")
    row = lambda name, s: print(f"| {name} | " + " | ".join(f"{x:.4f}" for x in s) + " |", flush=True)
    row("corpus train split only", scores(probe, classify(base, probe, base)))

    for num, den, copies in SHARES:
        pred = {}
        for k in range(FOLDS):
            held = [p for p in probe if fold[p["id"]] == k]
            rest = sorted((p for p in probe if fold[p["id"]] != k), key=lambda p: crc(p["id"]))
            extra = rest[: len(rest) * num // den]
            model = f"{WORK}/share{num}of{den}x{copies}-fold{k}.sitrep"
            train(corpus + extra * copies, model)
            pred.update(classify(model, held, model))
        n = sum(len([p for p in probe if fold[p["id"]] != k]) * num // den for k in range(FOLDS)) / FOLDS
        times = "" if copies == 1 else f", each {copies} times"
        row(f"+ {num}/{den} of the other folds' probe items (about {n:.0f}{times})", scores(probe, pred))

    if "--dev" in sys.argv[1:]:
        model = f"{WORK}/corpus-and-probe.sitrep"
        train(corpus + probe, model)
        for data, rows in ((DEV, []), (CORPUS, ["--rows", "split=test"])):
            run([f"{BIN}/sitrep-eval", "--model", model, "--data", data, *rows, "--format", "markdown"])


if __name__ == "__main__":
    main()
