#!/usr/bin/env python3
"""Precision audit of what provcheck permits: draw a seeded random sample of the commits
it puts in one category, then score the hand-written judgements of that sample.

Usage:
  provcheck -C REPO check --no-ast --no-progress --format oneline A..B > run.oneline
  scripts/audit.py sample run.oneline [--category mechanical] [--size 60] [--seed 11]
      > sample.tsv                  # commit and subject of each drawn commit, in range order
  scripts/audit.py score judgements.tsv [--still later.oneline]
      # judgements.tsv: commit <TAB> verdict <TAB> reason; verdict is the category sampled
      # ("mechanical", "docs" or "tests": the claim holds) or "code" (a behaviour change,
      # or nothing a reviewer could call that category); prints precision with its 95%
      # Wilson interval and the false positives.
      # --still: only the judged commits that a later run (a stricter version) still calls
      # mechanical; when the later version claims a subset of what the sampled one did,
      # they are a random sample of its claims.
  scripts/audit.py recall run.oneline judgements.tsv
      # the commits judged right (verdict mechanical, docs or tests); prints how many of them
      # run.oneline still calls mechanical, how many it still permits (mechanical, docs
      # or tests), and the ones it lost

The sample is drawn with Python's random.Random(seed).sample over the commits of the
category in the order of the oneline output, so the same run and seed give the same
sample. Lines of other shapes (skipped merges, notices) are ignored.
"""
import argparse
import math
import random
import sys


# The categories the policy permits: a verdict naming one of them says the claim holds.
PERMITTED = ("mechanical", "docs", "tests")


def oneline_rows(path):
    """(short id, category, subject) of every patch line of `provcheck check --format oneline`."""
    rows = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 3)
            if len(parts) < 3 or len(parts[0]) != 12 or not parts[2].isdigit():
                continue
            rest = parts[3] if len(parts) > 3 else ""
            for verdict in ("ok ", "needs-agreement ", "violation "):
                if rest.startswith(verdict):
                    rest = rest[len(verdict):]
                    break
            rows.append((parts[0], parts[1], rest))
    return rows


def wilson(k, n, z=1.96):
    if n == 0:
        return float("nan"), float("nan")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return centre - half, centre + half


def read_tsv(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#") or line.startswith("commit\t"):
                continue
            out.append(line.rstrip("\n").split("\t"))
    return out


def cmd_sample(args):
    rows = [r for r in oneline_rows(args.oneline) if r[1] == args.category]
    if len(rows) < args.size:
        print(f"only {len(rows)} commits are {args.category}; sampling all", file=sys.stderr)
    picked = set(random.Random(args.seed).sample(range(len(rows)), min(args.size, len(rows))))
    print("commit\tsubject")
    for i, r in enumerate(rows):
        if i in picked:
            print(f"{r[0]}\t{r[2]}")
    print(f"# {len(picked)} of {len(rows)} {args.category} commits, seed {args.seed}", file=sys.stderr)
    return 0


def cmd_score(args):
    rows = read_tsv(args.judgements)
    if args.still:
        cats = {r[0]: r[1] for r in oneline_rows(args.still)}
        dropped = [r[0] for r in rows if cats.get(r[0][:12]) != "mechanical"]
        rows = [r for r in rows if cats.get(r[0][:12]) == "mechanical"]
        print(f"{len(dropped)} judged commits no longer mechanical in {args.still}: {' '.join(dropped)}")
    verdicts = [r[1] for r in rows]
    bad = [v for v in verdicts if v not in PERMITTED + ("code",)]
    if bad:
        print(f"unknown verdicts: {sorted(set(bad))}", file=sys.stderr)
        return 2
    n, k = len(rows), sum(1 for v in verdicts if v in PERMITTED)
    lo, hi = wilson(k, n)
    print(f"sample {n}, claim right {k}, precision {k / n:.3f}, 95% Wilson interval [{lo:.3f}, {hi:.3f}]")
    fps = [r for r in rows if r[1] not in PERMITTED]
    if fps:
        print("false positives:")
        for r in fps:
            print(f"  {r[0]}  {r[2] if len(r) > 2 else ''}")
    return 0


def cmd_recall(args):
    cats = {r[0]: r[1] for r in oneline_rows(args.oneline)}
    truth = [r[0][:12] for r in read_tsv(args.truth) if len(r) < 2 or r[1] in PERMITTED]
    kept = [c for c in truth if cats.get(c) == "mechanical"]
    missing = [c for c in truth if c not in cats]
    permitted = [c for c in truth if cats.get(c) in ("mechanical", "docs", "tests")]
    print(f"truly mechanical {len(truth)}, still mechanical {len(kept)}, recall {len(kept) / len(truth):.3f}; "
          f"still permitted (mechanical, docs or tests) {len(permitted)}, {len(permitted) / len(truth):.3f}"
          + (f" ({len(missing)} not in the run)" if missing else ""))
    lost = [c for c in truth if c in cats and cats[c] != "mechanical"]
    if lost:
        print("lost:")
        for c in lost:
            print(f"  {c}  now {cats[c]}")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("oneline")
    s.add_argument("--category", default="mechanical")
    s.add_argument("--size", type=int, default=60)
    s.add_argument("--seed", type=int, default=11)
    s.set_defaults(fn=cmd_sample)
    s = sub.add_parser("score")
    s.add_argument("judgements")
    s.add_argument("--still", help="oneline output of a later run: score only what it still calls mechanical")
    s.set_defaults(fn=cmd_score)
    s = sub.add_parser("recall")
    s.add_argument("oneline")
    s.add_argument("truth")
    s.set_defaults(fn=cmd_recall)
    args = ap.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
