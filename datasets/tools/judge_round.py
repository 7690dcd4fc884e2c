#!/usr/bin/env python3
"""Judge a held-back corpus round by the rule for round 21 and later, in one run.

Usage: datasets/tools/judge_round.py ROUND.csv [ROUND.csv ...] [--margin 0.002]

The rule (datasets/held-back/README.md, "The rule for round 21 and later") has three tests
before the real snippets may be scored, and each session ran them by hand:

1. old items: the train split's items, in the folds grouped CV gives them, scored by models
   trained without and with the round (datasets/tools/old_batches_cv.py); pooled escalation
   QWK with the round may fall by less than MARGIN, and MAE must not rise;
2. probe: the default settings trained on the corpus with the round merged, compared with
   models/default.sitrep on the real-text probe (datasets/tools/probe.py with two models);
   escalation QWK at least the current model's;
3. corpus checks: `cargo test --release --test corpus` with the round merged.

The round is merged into datasets/ for tests 2 and 3 and the merge is always undone, so the
script refuses to start when the corpus files have uncommitted changes. It never reads the
real snippets: scoring them stays a deliberate, separate step, once, and only when all three
tests pass. Run from the repository root after `cargo build --release`; `../shared` must be
present for the probe. Prints the rows for the held-back README and the verdict; exits 0 when
the round may be scored on the real snippets, 1 when it is held back, 2 on an error.
"""
import argparse, json, os, subprocess, sys

CORPUS_FILES = ["datasets/conflict-news.csv", "datasets/mixed-topics.csv"]
WORK = "target/judge-round"
CANDIDATE = f"{WORK}/candidate.sitrep"
CURRENT = "models/default.sitrep"
# the default model's documented training command (models/MODEL_CARD.md), to another file
TRAIN = ["./target/release/sitrep-train", "--data", "datasets/conflict-news.csv", "--rows",
         "split=train", "--text-column", "title", "--text-column", "text", "--target", "topic",
         "--target", "escalation:ordinal", "--model", "svm", "--c", "0.3", "--seed", "42",
         "--background", "datasets/background.csv", "--quiet", "--out", CANDIDATE]


def fail(message):
    sys.stderr.write(f"judge_round: {message}\n")
    sys.exit(2)


def run(args, check=True):
    done = subprocess.run(args, capture_output=True, text=True)
    if check and done.returncode != 0:
        fail(f"{' '.join(args)} failed:\n{done.stderr}")
    return done


def corpus_is_clean():
    return run(["git", "diff", "--quiet", "--"] + CORPUS_FILES, check=False).returncode == 0


def old_items(rounds):
    out = run([sys.executable, "datasets/tools/old_batches_cv.py"] + rounds).stdout
    return json.loads(out)


def with_round_merged(rounds):
    """Tests 2 and 3 on the corpus with the rounds merged; the merge is undone afterwards."""
    run([sys.executable, "datasets/tools/merge_drafts.py"] + rounds)
    try:
        run(TRAIN)
        probe = json.loads(run([sys.executable, "datasets/tools/probe.py", "--model", CURRENT,
                                "--model", CANDIDATE, "--format", "json"]).stdout)
        checks = run(["cargo", "test", "--release", "--test", "corpus"], check=False)
    finally:
        run(["git", "checkout", "--"] + CORPUS_FILES)
    return probe, checks


def target(comparison, name):
    return next(t for t in comparison["targets"] if t["target"] == name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rounds", nargs="+", help="draft files of the round")
    parser.add_argument("--margin", type=float, default=0.002,
                        help="how far the old items' pooled QWK may fall (default 0.002)")
    args = parser.parse_args()
    for path in args.rounds:
        if not os.path.isfile(path):
            fail(f"{path} does not exist")
    if not corpus_is_clean():
        fail("datasets/conflict-news.csv or datasets/mixed-topics.csv has uncommitted changes; "
             "commit or undo them first, since this script merges the round and then restores "
             "those files from git")
    os.makedirs(WORK, exist_ok=True)

    old = old_items(args.rounds)
    without, with_ = old["without"], old["with"]
    probe, checks = with_round_merged(args.rounds)
    escalation, topic = target(probe, "escalation"), target(probe, "topic")
    (qwk_a, qwk_b), (mae_a, mae_b) = escalation["qwk"]["value"], escalation["mae"]["value"]
    (acc_a, acc_b) = topic["accuracy"]
    interval = escalation["qwk"]["bootstrap"]

    tests = [
        ("1. old items", with_["qwk"] > without["qwk"] - args.margin and with_["mae"] <= without["mae"],
         f"QWK {without['qwk']:.5f} -> {with_['qwk']:.5f} (may fall by less than {args.margin}), "
         f"MAE {without['mae']:.5f} -> {with_['mae']:.5f} (must not rise)"),
        ("2. probe", qwk_b >= qwk_a,
         f"QWK {qwk_a:.4f} -> {qwk_b:.4f} (at least the current model's; paired 95% interval "
         f"of the change [{interval['low']:+.3f}, {interval['high']:+.3f}])"),
        ("3. corpus checks", checks.returncode == 0,
         "cargo test --release --test corpus " + ("passed" if checks.returncode == 0 else "FAILED")),
    ]

    print(f"rounds: {', '.join(args.rounds)} ({old['added_rows']} rows)\n")
    print("| set | without | with |")
    print("|---|---|---|")
    print(f"| 1. old items in their grouped-CV folds, escalation QWK / MAE / topic macro-F1 | "
          f"{without['qwk']:.5f} / {without['mae']:.5f} / {without['topic_macro_f1']:.4f} | "
          f"{with_['qwk']:.5f} / {with_['mae']:.5f} / {with_['topic_macro_f1']:.4f} |")
    print(f"| 2. real-text probe, escalation QWK / MAE / topic accuracy | "
          f"{qwk_a:.4f} / {mae_a:.4f} / {acc_a:.4f} | {qwk_b:.4f} / {mae_b:.4f} / {acc_b:.4f} |\n")
    for name, passed, detail in tests:
        print(f"{'PASS' if passed else 'FAIL'} {name}: {detail}")
    if checks.returncode != 0:
        print(checks.stdout[-2000:])
    if all(passed for _, passed, _ in tests):
        print("\nverdict: all three pass; the round may be scored on the real snippets once, "
              "with the default model rebuilt on the merged corpus")
        return 0
    print("\nverdict: held back; do not score the real snippets for it")
    return 1


if __name__ == "__main__":
    sys.exit(main())
