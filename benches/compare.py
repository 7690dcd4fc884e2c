#!/usr/bin/env python3
"""Compare sitrep with the peers (scikit-learn, fastText) on the same splits, in one run.

Usage: benches/compare.py [--data-dir ../shared/bench/data] [--out reports/peers.md]
                          [--corpora bbc,ag7600,r8] [--repeat 3]

For each corpus (train.csv / test.csv with columns text,label) it runs
`$PY ../shared/bench/peers.py` (PY from ../shared/bench/setup-peers.sh), then sitrep:
`sitrep-train` with the default model (--holdout 0, whole process timed, best of --repeat
runs) and with --model auto, then `sitrep-eval` on the test split. It writes one markdown
table with accuracy, macro-F1 and training seconds for every system, and the checks the
spine issue asks for. Needs a release build (cargo build --release).
"""
import argparse, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release")


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return elapsed, proc.stdout


def sitrep_scores(model, test):
    _, out = timed([os.path.join(BIN, "sitrep-eval"), "--model", model, "--data", test, "--format", "json"])
    c = json.loads(out)["targets"][0]["classification"]
    return c["accuracy"], c["macro_avg"]["f1"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "bench", "data"))
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "peers.md"))
    ap.add_argument("--corpora", default="bbc,ag7600,r8")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--python", default=None, help="python with scikit-learn and fasttext")
    args = ap.parse_args()
    py = args.python or subprocess.run([os.path.join(args.data_dir, "..", "setup-peers.sh")], capture_output=True, text=True, check=True).stdout.strip()
    peers_script = os.path.join(args.data_dir, "..", "peers.py")
    rows, checks = [], []
    tmp = tempfile.mkdtemp(prefix="sitrep-bench-")
    for corpus in args.corpora.split(","):
        train = os.path.join(args.data_dir, corpus, "train.csv")
        test = os.path.join(args.data_dir, corpus, "test.csv")
        _, out = timed([py, peers_script, train, test])
        peers = [json.loads(l) for l in out.splitlines() if l.strip().startswith("{")]
        for p in peers:
            rows.append((corpus, p["name"], p["accuracy"], p["macro_f1"], p["train_s"]))
        default_model = os.path.join(tmp, f"{corpus}-default.sitrep")
        auto_model = os.path.join(tmp, f"{corpus}-auto.sitrep")
        train_cmd = [os.path.join(BIN, "sitrep-train"), "--data", train, "--target", "label", "--holdout", "0", "--quiet"]
        default_s = min(timed(train_cmd + ["--out", default_model])[0] for _ in range(args.repeat))
        auto_s = timed(train_cmd + ["--out", auto_model, "--model", "auto"])[0]
        d_acc, d_f1 = sitrep_scores(default_model, test)
        a_acc, a_f1 = sitrep_scores(auto_model, test)
        rows.append((corpus, "sitrep default (svm), whole process", d_acc, d_f1, default_s))
        rows.append((corpus, "sitrep --model auto, whole process", a_acc, a_f1, auto_s))
        best = max(peers, key=lambda p: p["macro_f1"])
        sk = [p for p in peers if p["name"].startswith("sklearn")]
        fastest = min(sk, key=lambda p: p["train_s"])
        checks.append((corpus, f"auto macro-F1 {a_f1:.4f} >= best peer ({best['name']}) {best['macro_f1']:.4f} - 0.01", a_f1 >= best["macro_f1"] - 0.01))
        checks.append((corpus, f"default train {default_s:.2f} s < fastest scikit-learn ({fastest['name']}) {fastest['train_s']:.2f} s", default_s < fastest["train_s"]))
    lines = [
        "# sitrep vs peers on the same splits",
        "",
        f"Produced by `benches/compare.py` on {time.strftime('%Y-%m-%d')}, one run, {os.cpu_count()} cores. "
        "Peers: `../shared/bench/peers.py` (train seconds in-process, vectorizing included). "
        f"sitrep: whole-process wall time of `sitrep-train --holdout 0` (best of {args.repeat} for the default model), "
        "scores from `sitrep-eval` on the test split.",
        "",
        "| corpus | system | accuracy | macro-F1 | train s |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {c} | {n} | {a:.4f} | {f:.4f} | {s:.2f} |" for c, n, a, f, s in rows]
    lines += ["", "## Checks (issue: the toolkit end to end)", ""]
    lines += [f"- {'PASS' if ok else 'FAIL'} {c}: {text}" for c, text, ok in checks]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0 if all(ok for _, _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
