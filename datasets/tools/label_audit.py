#!/usr/bin/env python3
"""How consistently the corpus is labeled: blind re-annotation of a test-split sample.

Usage (from the repository root):
  datasets/tools/label_audit.py sample OUT.csv        # the items to annotate, labels hidden
  datasets/tools/label_audit.py score A.csv [B.csv]   # agreement with the corpus (and A-B)

`sample` picks about 200 test-split items, stratified by topic x escalation, in an order
set by a hash of their ids (the same items every time), and writes `item,title,text` with
neutral item numbers, so an annotator sees neither ids nor labels. Annotators label them by
datasets/CODEBOOK.md alone into `item,topic,escalation` files. `score` compares each file
with the corpus labels (and the two files with each other): topic agreement and Cohen's
kappa, escalation exact agreement, MAE and quadratic weighted kappa. The real-snippet
annotators' agreement of about QWK 0.80 (issue 12) is the figure to read these against.

Annotators must be independent of the writers for the figure to mean agreement. The helper
agents that write our corpus are not: in reports/corpus-label-audit.md, three of them,
reading only the codebook and the items, gave byte-identical labels, so their agreement
with the corpus measures how consistently the codebook reads, not how two people differ.
"""
import csv, hashlib, sys

CORPUS = "datasets/conflict-news.csv"
SIZE = 200


def sample():
    with open(CORPUS, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "test"]
    rows.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    cells = {}
    for r in rows:
        cells.setdefault((r["topic"], r["escalation"]), []).append(r)
    picked = []
    for _, members in sorted(cells.items()):
        picked += members[: round(SIZE * len(members) / len(rows))]
    picked.sort(key=lambda r: hashlib.sha256(("a" + r["id"]).encode()).hexdigest())
    return [(f"a{i:03d}", r) for i, r in enumerate(picked, 1)]


def read_labels(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {r["item"]: (r["topic"], int(r["escalation"])) for r in csv.DictReader(f)}


def kappa(a, b, weights):
    labels = sorted(set(a) | set(b))
    n = len(a)
    obs = sum(weights(x, y) for x, y in zip(a, b)) / n
    pa = {l: a.count(l) / n for l in labels}
    pb = {l: b.count(l) / n for l in labels}
    exp = sum(pa[x] * pb[y] * weights(x, y) for x in labels for y in labels)
    return 1 - obs / exp if exp else 0.0


def compare(name, a, b):
    topic_a, topic_b = [t for t, _ in a], [t for t, _ in b]
    level_a, level_b = [l for _, l in a], [l for _, l in b]
    n = len(a)
    topic_kappa = kappa(topic_a, topic_b, lambda x, y: float(x != y))
    qwk = kappa(level_a, level_b, lambda x, y: float((x - y) ** 2))
    print(
        f"| {name} | {n} | {sum(x == y for x, y in zip(topic_a, topic_b)) / n:.3f} | {topic_kappa:.3f} "
        f"| {sum(x == y for x, y in zip(level_a, level_b)) / n:.3f} "
        f"| {sum(abs(x - y) for x, y in zip(level_a, level_b)) / n:.3f} | {qwk:.3f} |"
    )


def score(paths):
    items = sample()
    corpus = {item: (r["topic"], int(r["escalation"])) for item, r in items}
    files = [(p, read_labels(p)) for p in paths]
    for p, labels in files:
        unknown = sorted(set(labels) - set(corpus))
        if unknown:
            sys.exit(f"{p}: item {unknown[0]} is not in the sample")
    # an annotator may have labeled part of the sample: score the items every file has
    order = [item for item, _ in items if all(item in labels for _, labels in files)]
    print("| pair | items | topic agreement | topic kappa | level agreement | level MAE | level QWK |")
    print("|---|---|---|---|---|---|---|")
    for p, labels in files:
        compare(f"corpus vs {p}", [corpus[i] for i in order], [labels[i] for i in order])
    if len(files) == 2:
        (pa, a), (pb, b) = files
        compare(f"{pa} vs {pb}", [a[i] for i in order], [b[i] for i in order])


def main(args):
    if args[:1] == ["sample"] and len(args) == 2:
        with open(args[1], "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
            w.writerow(["item", "title", "text"])
            for item, r in sample():
                w.writerow([item, r["title"], r["text"]])
    elif args[:1] == ["score"] and 2 <= len(args) <= 3:
        score(args[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
