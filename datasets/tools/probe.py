#!/usr/bin/env python3
"""Score a model on the real-text probe: wire items from ../shared/bench labeled by us.

Usage: datasets/tools/probe.py [sitrep-eval options...]   (e.g. --model my.sitrep --format markdown)

Why it exists: cross-validation on our corpus agrees with itself (one project wrote every
item), so it cannot see where real reporting differs from our writing, and the real
snippets in ../shared/eval/conflict-dev.csv are for confirmation only: searching settings
over them would stop them measuring anything. The probe is a third set in between: real
2004-era wire items (AG News "World", a research-use corpus in ../shared/bench that we may
measure on but never ship), labeled for this project by two annotators working
independently from datasets/CODEBOOK.md; the items both put in scope are kept, with the
label both gave (`agreement` = agreed) or, where they differed, the label a third
annotator's reading matched (`majority`; two items where it matched neither are left out). Settings may be compared on it freely; models/MODEL_CARD.md says
how it was used and what it lacks (2004 wire copy has almost no level-3 or displacement
items).

Only labels live in the repository (datasets/probe-ag-world.csv: the item's file and row,
the CRC-32 of its text so a changed corpus is caught, topic, escalation and agreement).
This script joins them with the texts into target/probe-ag-world.csv and runs sitrep-eval
on it with the given options (`--by agreement` scores the two kinds apart). Without ../shared it says so and exits 0, so it can sit in scripts that
run where the corpus is absent.
Run from the repository root after `cargo build --release`.
"""
import csv, os, sys, zlib

BENCH = "../shared/bench/data"
LABELS = "datasets/probe-ag-world.csv"
OUT = "target/probe-ag-world.csv"


def texts_by_file():
    cache = {}

    def text(ref):
        path, row = ref.rsplit(":", 1)
        if path not in cache:
            with open(os.path.join(BENCH, path), encoding="utf-8", newline="") as f:
                cache[path] = [r["text"] for r in csv.DictReader(f)]
        return cache[path][int(row)]

    return text


def main():
    if not os.path.isdir(BENCH):
        print(f"probe: {BENCH} is absent, so the probe cannot be scored here (skipped)", file=sys.stderr)
        return 0
    text = texts_by_file()
    rows = []
    with open(LABELS, encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), start=2):
            t = text(r["ref"])
            digest = "%08x" % zlib.crc32(t.encode("utf-8"))
            if digest != r["crc32"]:
                sys.exit(f"probe: {LABELS} line {line}: {r['ref']} no longer has the text it was labeled on (CRC-32 {digest}, expected {r['crc32']})")
            rows.append({"id": r["ref"], "agreement": r["agreement"], "text": t,
                         "topic": r["topic"], "escalation": r["escalation"]})
    os.makedirs("target", exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    args = ["./target/release/sitrep-eval", "--data", OUT, "--text-column", "text"] + sys.argv[1:]
    os.execv(args[0], args)


if __name__ == "__main__":
    sys.exit(main())
