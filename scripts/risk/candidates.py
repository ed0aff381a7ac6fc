#!/usr/bin/env python3
"""Measures candidate features of a change on the training range alone, before they are
built into provcheck: Kamei et al.'s (TSE 2013) entropy, lines added and deleted apart,
LT (the touched files' size before the change), relative churn and FIX, each computed
from git for the training commits and added to the model fit.py fits.

Each candidate is fitted on the oldest two thirds of the training range and measured on
its newest third (ROC AUC, log-likelihood), then by contiguous folds. The evaluation
range is never read. The model's own features come from fit.py's cache (the same
--cache, --repo, --ref and --train as fit.py; provcheck runs when the cache is empty).

    scripts/risk/candidates.py --repo /work/qemu --ref master --train master~5000..master~3000
"""

import argparse
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit  # noqa: E402

# Features provcheck computes now that the first model did not have: left out of the base.
NEW = ["removed_share", "is_fix"]


def git_facts(repo, rng):
    """Per commit (12-hex id): files as (added, removed), old blob sizes, subject, message."""
    out = {}
    log = subprocess.run(["git", "-C", repo, "log", "--no-merges", "--no-renames", "--no-abbrev",
                          "--format=%x00%H%x01%s%x01%B%x01", "--numstat", "--raw", rng],
                         check=True, capture_output=True, text=True, errors="replace").stdout
    blobs = []
    for entry in log.split("\0")[1:]:
        head, subject, message, rest = entry.split("\x01", 3)
        files, old = [], []
        for line in rest.splitlines():
            if line.startswith(":"):
                blob = line.split()[2]
                if not blob.startswith("0000000"):
                    old.append(blob)
            elif line.strip():
                a, d, _ = line.split("\t", 2)
                if a != "-":
                    files.append((int(a), int(d)))
        blobs += old
        out[head[:12]] = {"files": files, "old": old, "subject": subject, "message": message}
    sizes = {}
    batch = subprocess.run(["git", "-C", repo, "cat-file", "--batch-check=%(objectname) %(objectsize)"],
                           input="\n".join(set(blobs)) + "\n", check=True, capture_output=True,
                           text=True).stdout
    for line in batch.splitlines():
        blob, size = line.split()[:2]
        sizes[blob] = int(size) if size.isdigit() else 0
    for f in out.values():
        f["lt"] = sum(sizes.get(b, 0) for b in f["old"]) / 30.0  # bytes to about lines
    return out


def candidates(row, g):
    la = sum(a for a, _ in g["files"])
    ld = sum(d for _, d in g["files"])
    churn = la + ld
    ent = 0.0
    if churn and len(g["files"]) > 1:
        for a, d in g["files"]:
            if a + d:
                ent -= (a + d) / churn * math.log2((a + d) / churn)
        ent /= math.log2(len(g["files"]))
    lt = g["lt"]
    return {
        "entropy": (ent, "linear"),
        "git_removed_share": (ld / churn if churn else 0.0, "linear"),
        "git_added": (la, "log"), "git_removed": (ld, "log"),
        "lt": (lt, "log"),
        "added_over_lt": (la / (lt + 1) if lt else 1.0, "log"),
        "removed_over_lt": (ld / (lt + 1) if lt else 0.0, "log"),
        "fix_trailer": (1.0 if re.search(r"^Fixes:", g["message"], re.M) else 0.0, "linear"),
        "fix_subject": (1.0 if re.search(r"\bfix", g["subject"], re.I) else 0.0, "linear"),
    }


def measure(feats, fit_rows, test_rows, l2):
    b0, w, m = fit.fit_logistic(fit.design(fit_rows, feats), [r["label"] for r in fit_rows], l2)
    model = {"intercept": b0, "features": list(zip(feats, w, m))}
    ll = 0.0
    for s, r in zip(fit.logits(model, test_rows), test_rows):
        p = min(max(fit.sigmoid(s), 1e-9), 1 - 1e-9)
        ll += math.log(p if r["label"] else 1 - p)
    return fit.evaluate(model, test_rows)[0]["auc"], ll


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--held-out", action="append", default=[])
    ap.add_argument("--provcheck", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "tools", "provcheck", "provcheck"))
    ap.add_argument("--base-policy", default="qemu")
    ap.add_argument("--cache", default="/tmp/provcheck-risk-fit")
    ap.add_argument("--chunk", type=int, default=250)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--recent-days", type=int, default=90)
    ap.add_argument("--fix-days", type=int, default=365)
    ap.add_argument("--history-days", type=int, default=730)
    ap.add_argument("--folds", type=int, default=4)
    args = ap.parse_args()
    fit.check_held_out(args, [args.train])
    rows = {r["id"]: r for r in fit.extract(args, args.train, "train")}
    facts = git_facts(args.repo, args.train)
    order = subprocess.run(["git", "-C", args.repo, "rev-list", "--no-merges", "--reverse",
                            args.train], check=True, capture_output=True, text=True).stdout.split()
    data = []
    for cid in (c[:12] for c in order):  # oldest first
        if cid in rows and cid in facts:
            r = dict(rows[cid], values=dict(rows[cid]["values"]), scales=dict(rows[cid]["scales"]))
            for name, (v, scale) in candidates(r, facts[cid]).items():
                r["values"][name], r["scales"][name] = v, scale
            data.append(r)
    base = [f for f in fit.FEATURES if f not in fit.AST_FEATURES and f not in NEW]
    cut = len(data) * 2 // 3
    print(f"{len(data)} training commits, {sum(r['label'] for r in data)} fix-inducing; "
          f"fitted on the oldest {cut}, measured on the newest {len(data) - cut}")
    print(f"  {'added to the model':44} {'AUC':>7} {'log-lik':>9} {'AUC, ' + str(args.folds) + ' folds':>13}")
    trials = [[], ["entropy"], ["git_removed_share"], ["git_added", "git_removed"], ["lt"],
              ["added_over_lt", "removed_over_lt"], ["fix_trailer"], ["fix_subject"],
              ["git_removed_share", "fix_trailer"], ["removed_share", "is_fix"]]
    n = len(data)
    for extra in trials:
        auc, ll = measure(base + extra, data[:cut], data[cut:], args.l2)
        folds = [measure(base + extra, data[:i * n // args.folds] + data[(i + 1) * n // args.folds:],
                         data[i * n // args.folds:(i + 1) * n // args.folds], args.l2)[0]
                 for i in range(args.folds)]
        print(f"  {', '.join(extra) or 'none':44} {auc:7.4f} {ll:9.1f} {sum(folds) / len(folds):13.4f}")


if __name__ == "__main__":
    main()
