#!/usr/bin/env python3
"""Prediction throughput of the Python package against the CLI and scikit-learn.

Usage (from the repository root, after cargo build --release and pip install ./python,
in a Python with scikit-learn):
  python python/benches/predict_throughput.py [--corpora bbc,ag7600,r8] [--replicate 50] [--repeat 3]

Per corpus of ../shared/bench/data:
- a model is trained with `sitrep-train --data train.csv --target label --holdout 0`;
- CLI: whole-process wall time of `sitrep-classify --model M --input T` on the test set
  repeated --replicate times (start-up, model loading, CSV reading and writing included),
  as benches/bench.py measures it;
- Python: `sitrep.Model.predict(texts)` on a list of the same texts (the test set's texts
  repeated --replicate times), in this process, model loaded beforehand, on all cores
  (the default) and on one (`n_jobs=1`);
- scikit-learn: the pipelines of ../shared/bench/peers.py (same settings), trained on the
  same train.csv in this process, `pipeline.predict(texts)` on the same list.

Each is run --repeat times, in rounds (CLI, Python, each pipeline, then again), so that the
machine's drifting speed touches all alike; the best rate of each is reported. Prints a
markdown table and the two checks of issue 14: Python >= 90% of the CLI's rate, and >= 5x
scikit-learn's fastest pipeline.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

import sitrep

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "release")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def peers(data_dir):
    spec = importlib.util.spec_from_file_location("peers", os.path.join(data_dir, "..", "peers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.sklearn_peers()


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def bench(corpus, args, tmp):
    train, test = (os.path.join(args.data_dir, corpus, f"{s}.csv") for s in ("train", "test"))
    model_path = os.path.join(tmp, f"{corpus}.sitrep")
    subprocess.run([os.path.join(BIN, "sitrep-train"), "--data", train, "--target", "label", "--holdout", "0",
                    "--quiet", "--out", model_path], check=True)
    header, rows = read(test)
    big = os.path.join(tmp, f"{corpus}-x{args.replicate}.csv")
    with open(big, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for _ in range(args.replicate):
            w.writerows(rows)
    texts = [r[header.index("text")] for r in rows] * args.replicate
    model = sitrep.Model.load(model_path)
    train_header, train_rows = read(train)
    xtr = [r[train_header.index("text")] for r in train_rows]
    ytr = [r[train_header.index("label")] for r in train_rows]
    pipelines = {name: make().fit(xtr, ytr) for name, make in peers(args.data_dir).items()}
    cli = [os.path.join(BIN, "sitrep-classify"), "--model", model_path, "--input", big]
    seconds = {"cli": [], "python": [], "python-1": [], **{name: [] for name in pipelines}}
    with open(os.devnull, "w") as devnull:
        for _ in range(args.repeat):
            seconds["cli"].append(timed(lambda: subprocess.run(cli, stdout=devnull, check=True)))
            seconds["python"].append(timed(lambda: model.predict(texts)))
            seconds["python-1"].append(timed(lambda: model.predict(texts, n_jobs=1)))
            for name, p in pipelines.items():
                seconds[name].append(timed(lambda: p.predict(texts)))
    return len(texts), {k: len(texts) / min(v) for k, v in seconds.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "bench", "data"))
    ap.add_argument("--corpora", default="bbc,ag7600,r8")
    ap.add_argument("--replicate", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    lines = [
        "| corpus | texts | `sitrep-classify` docs/s | `Model.predict` docs/s | vs CLI | fastest scikit-learn "
        "| its docs/s | `Model.predict` vs it | `n_jobs=1` docs/s | `n_jobs=1` vs it |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    checks = []
    with tempfile.TemporaryDirectory(prefix="sitrep-pybench-") as tmp:
        for corpus in args.corpora.split(","):
            n, rate = bench(corpus, args, tmp)
            sk = {k: v for k, v in rate.items() if k.startswith("sklearn")}
            fastest = max(sk, key=sk.get)
            vs_cli, vs_sk = rate["python"] / rate["cli"], rate["python"] / sk[fastest]
            one = rate["python-1"]
            lines.append(f"| {corpus} | {n:,} | {rate['cli']:,.0f} | {rate['python']:,.0f} | {vs_cli:.0%} "
                         f"| {fastest} | {sk[fastest]:,.0f} | {vs_sk:.1f}x | {one:,.0f} | {one / sk[fastest]:.1f}x |")
            checks.append(f"- {'PASS' if vs_cli >= 0.9 else 'FAIL'} {corpus}: `Model.predict` at {vs_cli:.0%} "
                          "of the CLI's docs/s (need 90%)")
            checks.append(f"- {'PASS' if vs_sk >= 5 else 'FAIL'} {corpus}: `Model.predict` {vs_sk:.1f}x "
                          f"scikit-learn's fastest predict ({fastest}; need 5x)")
            print(f"{corpus}: " + ", ".join(f"{k} {v:,.0f}/s" for k, v in rate.items()), file=sys.stderr)
    print("\n".join(lines + [""] + checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
