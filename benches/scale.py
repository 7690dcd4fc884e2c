#!/usr/bin/env python3
"""Scaling run: training and classification cost as the corpus grows to 10k, 100k and 1M rows.

Usage: benches/scale.py [--sizes 10000,100000,1000000] [--source ag7600] [--out reports/scale.md]
                        [--data-dir ../shared/bench/data] [--bin-dir target/release] [--seed 1]

The corpora are made on the fly (in a temporary folder, never committed) by resampling the
source corpus's training rows with light perturbation: each sampled row drops about 5% of
its words at random and swaps one random pair of neighbouring words, so repeated rows are
not identical. For each size it measures whole-process wall time and peak memory
(/usr/bin/time -v) of `sitrep-train --holdout 0` and of `sitrep-classify --input` (CSV in,
CSV out, streamed in batches; --repeat runs, median reported), then writes a table and an
SVG plot (reports/scale.svg).
Every size is classified with the model trained on the first (smallest) size, so the
classification column shows what the input size alone costs; a model trained on more
rows has a larger vocabulary, which is reported in its own column.
"""
import argparse, csv, os, random, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd, stdout):
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", tf.name] + cmd, stdout=stdout, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", tf.read()).group(1))
    return wall, peak / 1024


def perturb(text, rng):
    words = text.split()
    kept = [w for w in words if rng.random() >= 0.05] or words
    if len(kept) > 2:
        i = rng.randrange(len(kept) - 1)
        kept[i], kept[i + 1] = kept[i + 1], kept[i]
    return " ".join(kept)


def make_corpus(rows, n, path, rng):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["text", "label"])
        for _ in range(n):
            text, label = rows[rng.randrange(len(rows))]
            w.writerow([perturb(text, rng), label])


def svg_plot(points, path):
    """Log-log lines of seconds vs rows for training and classification."""
    width, height, pad = 640, 400, 60
    xs = [p["rows"] for p in points]
    ys = [v for p in points for v in (p["train_s"], p["classify_s"])]
    import math
    lx = lambda v: pad + (math.log10(v) - math.log10(min(xs))) / max(1e-9, math.log10(max(xs)) - math.log10(min(xs))) * (width - 2 * pad)
    ymin, ymax = math.log10(min(ys)) - 0.1, math.log10(max(ys)) + 0.1
    ly = lambda v: height - pad - (math.log10(v) - ymin) / (ymax - ymin) * (height - 2 * pad)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="black"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="black"/>',
             f'<text x="{width / 2}" y="{height - 15}" text-anchor="middle">rows (log scale)</text>',
             f'<text x="15" y="{height / 2}" transform="rotate(-90 15 {height / 2})" text-anchor="middle">seconds (log scale)</text>',
             f'<text x="{width / 2}" y="25" text-anchor="middle" font-size="14">sitrep: whole-process time vs corpus size</text>']
    for x in xs:
        parts.append(f'<text x="{lx(x):.1f}" y="{height - pad + 18}" text-anchor="middle">{x:,}</text>')
    for key, colour, name in (("train_s", "#1f77b4", "sitrep-train"), ("classify_s", "#d62728", "sitrep-classify")):
        pts = " ".join(f"{lx(p['rows']):.1f},{ly(p[key]):.1f}" for p in points)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for p in points:
            parts.append(f'<circle cx="{lx(p["rows"]):.1f}" cy="{ly(p[key]):.1f}" r="3" fill="{colour}"/>')
            parts.append(f'<text x="{lx(p["rows"]) + 5:.1f}" y="{ly(p[key]) - 6:.1f}" fill="{colour}">{p[key]:.2f} s</text>')
        y = pad + (20 if key == "train_s" else 38)
        parts.append(f'<line x1="{width - 200}" y1="{y - 4}" x2="{width - 175}" y2="{y - 4}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{width - 170}" y="{y}">{name}</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--source", default="ag7600")
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "..", "shared", "bench", "data"))
    ap.add_argument("--bin-dir", default=os.path.join(ROOT, "target", "release"))
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "scale.md"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size of classification, and of training up to 100k rows (median reported)")
    args = ap.parse_args()
    with open(os.path.join(args.data_dir, args.source, "train.csv"), encoding="utf-8", newline="") as f:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="sitrep-scale-")
    points = []
    first_model = None
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            data = os.path.join(tmp, f"{n}.csv")
            make_corpus(rows, n, data, rng)
            model = os.path.join(tmp, f"{n}.sitrep")
            # training is timed --repeat times up to 100k rows (median), once above (it takes a minute)
            train_cmd = [os.path.join(args.bin_dir, "sitrep-train"), "--data", data, "--target", "label",
                         "--holdout", "0", "--quiet", "--out", model]
            trains = [measure(train_cmd, subprocess.PIPE) for _ in range(args.repeat if n <= 100_000 else 1)]
            train_s = statistics.median(t[0] for t in trains)
            train_mb = statistics.median(t[1] for t in trains)
            shown = subprocess.run([os.path.join(args.bin_dir, "sitrep-classify"), "--model", model, "--show-model"],
                                   capture_output=True, text=True, check=True).stdout
            features = int(re.search(r"features: (\d+)", shown).group(1))
            first_model = first_model or model
            # peak memory varies a little from run to run (allocator timing): take the median of several
            with open(os.devnull, "w") as devnull:
                runs = [measure([os.path.join(args.bin_dir, "sitrep-classify"), "--model", first_model, "--input", data],
                                devnull) for _ in range(args.repeat)]
            times, peaks = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
            points.append(dict(rows=n, train_s=train_s, train_mb=train_mb, features=features,
                               classify_s=statistics.median(times), classify_mb=statistics.median(peaks),
                               classify_mb_range=(peaks[0], peaks[-1])))
            os.remove(data)
            print(points[-1], flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    svg = os.path.join(os.path.dirname(os.path.abspath(args.out)), "scale.svg")
    svg_plot(points, svg)
    base = points[0]
    lines = ["# Scaling: cost vs corpus size", "",
             f"`benches/scale.py`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores. Corpora resampled from "
             f"`{args.source}/train.csv` with light perturbation (seed {args.seed}), made on the fly and deleted. "
             "Whole-process wall time and peak memory (`/usr/bin/time -v`): training "
             f"{args.repeat} times per size up to 100k rows and once above, classification {args.repeat} times per size "
             "(medians; classification also shows the range of peaks). Classification is CSV in, "
             "CSV out, streamed in batches of at most 4,096 rows and 4 MB of text. Plot: `scale.svg`.", "",
             "| rows | train s | train peak MB | model features | classify s | classify rows/s | classify peak MB (range) | time per row vs first size (train / classify) |",
             "|---|---|---|---|---|---|---|---|"]
    for p in points:
        rel_t = (p["train_s"] / p["rows"]) / (base["train_s"] / base["rows"])
        rel_c = (p["classify_s"] / p["rows"]) / (base["classify_s"] / base["rows"])
        lines.append(f"| {p['rows']:,} | {p['train_s']:.2f} | {p['train_mb']:.0f} | {p['features']:,} | {p['classify_s']:.2f} | "
                     f"{p['rows'] / p['classify_s']:,.0f} | {p['classify_mb']:.0f} ({p['classify_mb_range'][0]:.0f}-{p['classify_mb_range'][1]:.0f}) | "
                     f"{rel_t:.2f} / {rel_c:.2f} |")
    last = points[-1]
    lines += ["", f"- classify peak memory (median) at {last['rows']:,} rows is "
              f"{last['classify_mb'] / base['classify_mb']:.2f}x that at {base['rows']:,} rows (acceptance: within 1.2x); "
              f"largest single run vs smallest single run: {last['classify_mb_range'][1] / base['classify_mb_range'][0]:.2f}x."]
    with open(args.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
