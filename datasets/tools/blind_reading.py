#!/usr/bin/env python3
"""A blind reading of the real snippets: do their labels follow the codebook?

Usage:
  datasets/tools/blind_reading.py prepare DIR KEY
      writes DIR/items.tsv (`item`, `text`: the snippets of ../shared/eval/conflict-dev.csv
      under new ids d001..., shuffled with seed 7; no source, no label) for annotators, and
      KEY (`item`, `id`), which must stay out of their sight (and out of the repository).
  datasets/tools/blind_reading.py score KEY PREDICTIONS.csv LABELS.tsv [LABELS.tsv ...]
      joins each annotator's file (`item`, `topic`, `escalation`, ...) with the snippets'
      labels and with a model's predictions (`sitrep-classify --input
      ../shared/eval/conflict-dev.csv` output), and prints the agreement of every pair.

Why, and what was found: reports/conflict-dev-codebook-reading.md. The snippets are not
ours to commit, so the items, the key and the annotations live outside the repository.
"""
import csv, os, random, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from old_batches_cv import macro_f1, ordinal_scores  # noqa: E402

DEV = "../shared/eval/conflict-dev.csv"
TOPICS = ["diplomacy", "displacement", "offensive"]
LEVELS = ["0", "1", "2", "3"]


def read(path, delimiter=","):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def prepare(out_dir, key_path):
    rows = read(DEV)
    order = list(range(len(rows)))
    random.Random(7).shuffle(order)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "items.tsv"), "w", encoding="utf-8") as items, \
            open(key_path, "w", encoding="utf-8") as key:
        items.write("item\ttext\n")
        key.write("item\tid\n")
        for n, i in enumerate(order, 1):
            text = " ".join(rows[i]["text"].split())
            items.write(f"d{n:03d}\t{text}\n")
            key.write(f"d{n:03d}\t{rows[i]['id']}\n")


def confusion(pairs, labels):
    m = [[0] * len(labels) for _ in labels]
    for a, b in pairs:
        m[labels.index(a)][labels.index(b)] += 1
    return m


def score(key_path, predictions, annotations):
    ids = {r["item"]: r["id"] for r in read(key_path, "\t")}
    readers = {"file": {r["id"]: (r["topic"], r["escalation"]) for r in read(DEV)}}
    readers["model"] = {r["id"]: (r["predicted_topic"], r["predicted_escalation"])
                        for r in read(predictions) if r["predicted_escalation"] in LEVELS}
    for n, path in enumerate(annotations, 1):
        readers[f"reader {n}"] = {ids[r["item"]]: (r["topic"], r["escalation"])
                                  for r in read(path, "\t")}
    names = list(readers)
    print("| pair | rows | topic accuracy | topic macro-F1 | escalation accuracy | escalation QWK | MAE |")
    print("|---|---|---|---|---|---|---|")
    for i, x in enumerate(names):
        for y in names[i + 1:]:
            common = [k for k in readers[x] if k in readers[y]]
            topic = [(readers[x][k][0], readers[y][k][0]) for k in common]
            level = [(readers[x][k][1], readers[y][k][1]) for k in common]
            ordinal = ordinal_scores(LEVELS, confusion(level, LEVELS))
            print(f"| {x} vs {y} | {len(common)} | {sum(a == b for a, b in topic) / len(common):.3f} "
                  f"| {macro_f1(confusion(topic, TOPICS)):.3f} "
                  f"| {sum(a == b for a, b in level) / len(common):.3f} | {ordinal['qwk']:.3f} "
                  f"| {ordinal['mae']:.3f} |")


def main(args):
    if len(args) == 3 and args[0] == "prepare":
        prepare(args[1], args[2])
    elif len(args) >= 4 and args[0] == "score":
        score(args[1], args[2], args[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
