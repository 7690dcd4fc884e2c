#!/usr/bin/env python3
"""End-to-end benchmark: sitrep against scikit-learn and fastText on the same data, one run.

Usage:
  benches/bench.py [--corpora bbc,ag7600,r8] [--out reports/bench.md] [--repeat 3]
                   [--replicate 50] [--python PY] [--no-peers] [--data-dir DIR]

For every corpus in ../shared/bench/data (train.csv / test.csv, columns text,label):
- peers: `peers.py --only NAME` --repeat times per peer under /usr/bin/time -v (accuracy,
  macro-F1, and the best train seconds and best predict docs/s as peers.py measures them
  in-process; peak memory of that peer's whole process): best of as many runs as sitrep
  gets, so that neither side profits from the machine's good moments more than the other;
- sitrep: `sitrep-train` (default model, --holdout 0; whole-process wall time, best of
  --repeat, peak memory), `sitrep-eval` on test.csv (accuracy, macro-F1), and
  `sitrep-classify --input` on the test set repeated --replicate times (whole process:
  start-up, model loading, CSV reading and writing included; best of --repeat), so that
  start-up does not dominate a test set of a few hundred rows;
- `sitrep-train --model auto` for the accuracy check of the spine issue.

Writes a markdown table with ratios and the acceptance checks to --out, and prints it.
--no-peers skips the peers (used by the smoke test; the table then has sitrep rows only).
Needs a release build (cargo build --release). Exit status 0 even when a check fails: the
table says PASS or FAIL.
"""
import argparse, csv, json, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release")
PEERS = ["sklearn-tfidf12-linearsvc", "sklearn-tfidf12-logreg", "sklearn-tfidf1-complementnb",
         "sklearn-tfidf1-multinomialnb", "fasttext-bigram"]


def run(cmd, stdout=subprocess.PIPE):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak KB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, stdout=stdout,
                              stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tf.read()).group(1))
    return wall, peak, proc.stdout


def best(cmd, repeat, stdout=subprocess.PIPE):
    runs = [run(cmd, stdout) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def replicate(test, times, out):
    with open(test, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for _ in range(times):
            w.writerows(rows[1:])
    return (len(rows) - 1) * times


def scores(model, test):
    _, _, out = run([os.path.join(BIN, "sitrep-eval"), "--model", model, "--data", test, "--format", "json"])
    c = json.loads(out)["targets"][0]["classification"]
    return c["accuracy"], c["macro_avg"]["f1"]


def bench_corpus(corpus, args, py, tmp):
    train = os.path.join(args.data_dir, corpus, "train.csv")
    test = os.path.join(args.data_dir, corpus, "test.csv")
    rows = []
    for name in ([] if args.no_peers else PEERS):
        runs = []
        for _ in range(args.repeat):
            _, peak, out = run([py, os.path.join(args.data_dir, "..", "peers.py"), train, test, "--only", name])
            runs.append((json.loads([l for l in out.splitlines() if l.startswith("{")][-1]), peak))
        p = runs[-1][0]
        rows.append(dict(system=name, accuracy=p["accuracy"], macro_f1=p["macro_f1"],
                         train_s=min(r["train_s"] for r, _ in runs),
                         predict_dps=max(r["predict_docs_per_s"] for r, _ in runs),
                         peak_mb=max(peak for _, peak in runs) / 1024, peer=True))
    model = os.path.join(tmp, f"{corpus}.sitrep")
    train_cmd = [os.path.join(BIN, "sitrep-train"), "--data", train, "--target", "label", "--holdout", "0", "--quiet"]
    t_train, peak_train, _ = best(train_cmd + ["--out", model], args.repeat)
    acc, f1 = scores(model, test)
    big = os.path.join(tmp, f"{corpus}-x{args.replicate}.csv")
    n = replicate(test, args.replicate, big)
    with open(os.devnull, "w") as devnull:
        t_pred, peak_pred, _ = best([os.path.join(BIN, "sitrep-classify"), "--model", model, "--input", big],
                                    args.repeat, devnull)
    rows.append(dict(system="sitrep (default svm)", accuracy=acc, macro_f1=f1, train_s=t_train, predict_dps=n / t_pred,
                     peak_mb=max(peak_train, peak_pred) / 1024, peer=False))
    auto = os.path.join(tmp, f"{corpus}-auto.sitrep")
    t_auto, peak_auto, _ = run(train_cmd + ["--out", auto, "--model", "auto"])
    a_acc, a_f1 = scores(auto, test)
    rows.append(dict(system="sitrep --model auto", accuracy=a_acc, macro_f1=a_f1, train_s=t_auto, predict_dps=None,
                     peak_mb=peak_auto / 1024, peer=False))
    return rows


def checks(corpus, rows):
    peers = [r for r in rows if r["peer"]]
    if not peers:
        return []
    sk = [r for r in peers if r["system"].startswith("sklearn")]
    ft = [r for r in peers if r["system"].startswith("fasttext")]
    ours = next(r for r in rows if r["system"] == "sitrep (default svm)")
    auto = next(r for r in rows if r["system"] == "sitrep --model auto")
    fastest = min(sk, key=lambda r: r["train_s"])
    best_peer = max(peers, key=lambda r: r["macro_f1"])
    fast_pred = max(sk, key=lambda r: r["predict_dps"])
    out = [
        (f"spine: auto macro-F1 {auto['macro_f1']:.4f} >= best peer ({best_peer['system']}) "
         f"{best_peer['macro_f1']:.4f} - 0.01", auto["macro_f1"] >= best_peer["macro_f1"] - 0.01),
        (f"spine: default train {ours['train_s']:.2f} s < fastest scikit-learn ({fastest['system']}) "
         f"{fastest['train_s']:.2f} s", ours["train_s"] < fastest["train_s"]),
        (f"speed: default train {fastest['train_s'] / ours['train_s']:.1f}x faster than {fastest['system']} "
         f"(need 5x) at macro-F1 {ours['macro_f1']:.4f} vs {fastest['macro_f1']:.4f} - 0.005",
         ours["train_s"] * 5 <= fastest["train_s"] and ours["macro_f1"] >= fastest["macro_f1"] - 0.005),
        (f"speed: predict {ours['predict_dps'] / fast_pred['predict_dps']:.1f}x scikit-learn's fastest "
         f"({fast_pred['system']}, {fast_pred['predict_dps']:,.0f} docs/s; need 10x)",
         ours["predict_dps"] >= 10 * fast_pred["predict_dps"]),
    ]
    if ft:
        out.append((f"speed: predict {ours['predict_dps'] / ft[0]['predict_dps']:.1f}x fastText "
                    f"({ft[0]['predict_dps']:,.0f} docs/s; need 2x)", ours["predict_dps"] >= 2 * ft[0]["predict_dps"]))
    return [(corpus, t, ok) for t, ok in out]


def main():
    global BIN
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "bench", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "bench.md"))
    ap.add_argument("--corpora", default="bbc,ag7600,r8")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replicate", type=int, default=50)
    ap.add_argument("--python", default=None, help="python with scikit-learn and fasttext [default: setup-peers.sh]")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--bin-dir", default=None, help="where the sitrep binaries are [default: target/release]")
    args = ap.parse_args()
    if args.bin_dir:
        BIN = args.bin_dir
    py = None
    if not args.no_peers:
        py = args.python or subprocess.run([os.path.join(args.data_dir, "..", "setup-peers.sh")],
                                           capture_output=True, text=True, check=True).stdout.strip()
    tmp = tempfile.mkdtemp(prefix="sitrep-bench-")
    table, all_checks = [], []
    try:
        for corpus in args.corpora.split(","):
            rows = bench_corpus(corpus, args, py, tmp)
            table += [(corpus, r) for r in rows]
            all_checks += checks(corpus, rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        "# Benchmark: sitrep vs scikit-learn and fastText",
        "",
        f"`benches/bench.py`, {time.strftime('%Y-%m-%d')}, one run on {os.cpu_count()} cores. Peers: "
        f"`../shared/bench/peers.py --only NAME`, {args.repeat} runs each (train and predict timed in-process by that "
        "script; best train time and best predict rate of the runs; peak memory of its whole process). sitrep: "
        f"whole-process wall time of `sitrep-train --holdout 0` (best of {args.repeat}) "
        f"and of `sitrep-classify --input` on the test set repeated {args.replicate} times (best of {args.repeat}); "
        "peak memory from `/usr/bin/time -v`; scores from `sitrep-eval` on the test split.",
        "",
        "| corpus | system | accuracy | macro-F1 | train s | predict docs/s | peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for corpus, r in table:
        dps = f"{r['predict_dps']:,.0f}" if r["predict_dps"] else "-"
        lines.append(f"| {corpus} | {r['system']} | {r['accuracy']:.4f} | {r['macro_f1']:.4f} | {r['train_s']:.2f} "
                     f"| {dps} | {r['peak_mb']:.0f} |")
    if all_checks:
        lines += ["", "## Checks", ""]
        lines += [f"- {'PASS' if ok else 'FAIL'} {c}: {t}" for c, t, ok in all_checks]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    # Sections other scripts own (python/benches/predict_throughput.py writes "## Python
    # package") are kept: this run does not remeasure them, and they carry their own dates.
    kept = ""
    if os.path.exists(args.out):
        old = open(args.out, encoding="utf-8").read()
        at = old.find("\n## Python package")
        if at >= 0:
            kept = old[at:]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n" + kept)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
