#!/usr/bin/env python3
"""Merge hand-written draft files into the corpus, keeping published splits fixed.

Usage: datasets/tools/merge_drafts.py DRAFT.csv [DRAFT.csv ...]

Drafts have the header `id,date,country,title,text,topic,escalation,secondary_topic`.
Rows are appended to datasets/conflict-news.csv (header
`id,date,country,title,text,topic,escalation,split`) and their secondary topics to
datasets/mixed-topics.csv. A row whose id is already in the corpus keeps its split: once
published, a split never changes (that would invalidate every reported number). New rows are
split 80/20, stratified by topic x escalation: within each cell, rows are ordered by a hash of
their id and every fifth goes to test, so the assignment does not depend on file order.
This script moves rows; it writes no article text.
"""
import csv, hashlib, os, sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(HERE, "conflict-news.csv")
MIXED = os.path.join(HERE, "mixed-topics.csv")
FIELDS = ["id", "date", "country", "title", "text", "topic", "escalation", "split"]


def read(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main(drafts):
    corpus = read(CORPUS)
    mixed = {r["id"]: r["secondary_topic"] for r in read(MIXED)}
    known = {r["id"]: r for r in corpus}
    new = []
    for path in drafts:
        for r in read(path):
            row = {k: r[k].strip() if k != "text" else r[k].strip() for k in FIELDS if k != "split"}
            if r["secondary_topic"].strip():
                mixed[r["id"]] = r["secondary_topic"].strip()
            if r["id"] in known:
                row["split"] = known[r["id"]]["split"]
                known[r["id"]].update(row)
            else:
                new.append(row)
    cells = {}
    for row in new:
        cells.setdefault((row["topic"], row["escalation"]), []).append(row)
    for rows in cells.values():
        rows.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        for i, row in enumerate(rows):
            row["split"] = "test" if i % 5 == 2 else "train"
    corpus.extend(new)
    corpus.sort(key=lambda r: r["id"])
    with open(CORPUS, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writeheader()
        w.writerows(corpus)
    with open(MIXED, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "secondary_topic"])
        for k in sorted(mixed):
            w.writerow([k, mixed[k]])
    print(f"{len(new)} new rows, {len(corpus)} in the corpus, {len(mixed)} mixed-topic rows")


if __name__ == "__main__":
    main(sys.argv[1:])
