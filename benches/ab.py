#!/usr/bin/env python3
"""A/B timing of two builds of one command, runs interleaved.

Usage: benches/ab.py RUNS BINARY_A BINARY_B [ARGS...]

Runs `BINARY_A ARGS` and `BINARY_B ARGS` alternately RUNS times each (output discarded) and
prints, for each, the min and median wall time and the min and median cpu time (user + sys
of the process and its threads) in milliseconds, then B's median wall and min cpu over A's.

Why interleaved: this machine's speed drifts by up to 30% from minute to minute, so timing
A's runs and then B's measures the drift as much as the change. Alternating spreads the
drift over both; medians and minima over 10 or more runs then resolve changes of about 5%.
Commit messages that say "old and new interleaved" were measured this way.
"""
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, binaries, args = int(sys.argv[1]), sys.argv[2:4], sys.argv[4:]
    # by position, not by path: A and B may be the same file (a check of the noise itself)
    wall, cpu = [[], []], [[], []]
    for _ in range(runs):
        for i, b in enumerate(binaries):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([b] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            wall[i].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[i].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    parts = []
    for i, tag in enumerate("AB"):
        parts.append(f"{tag} wall min {min(wall[i]):.1f} median {statistics.median(wall[i]):.1f} ms, "
                     f"cpu min {min(cpu[i]):.1f} median {statistics.median(cpu[i]):.1f} ms")
    ratio_wall = statistics.median(wall[1]) / statistics.median(wall[0])
    ratio_cpu = min(cpu[1]) / max(min(cpu[0]), 1e-9)
    print(" | ".join(parts) + f" | B/A: median wall {ratio_wall:.3f}, min cpu {ratio_cpu:.3f}")


if __name__ == "__main__":
    main()
