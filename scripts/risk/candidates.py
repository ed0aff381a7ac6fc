#!/usr/bin/env python3
"""Measures candidate features of a change on the training range alone, before they are
built into provcheck, each computed from git for the training commits and added to the
model fit.py fits. Round 1: Kamei et al.'s (TSE 2013) entropy, lines added and deleted
apart, LT (the touched files' size before the change), relative churn and FIX, added to
the first model. Round 2: NUC (unique earlier changes to the files), REXP (the author's
recent experience, weighted by age), SEXP (the author's experience in the files'
directories or top directories), the number of hunks, added to the model of round 1's
choice (every feature provcheck computes).

Each candidate is fitted on the oldest two thirds of the training range and measured on
its newest third (ROC AUC, log-likelihood), then by contiguous folds. The evaluation
range is never read. The model's own features come from fit.py's cache (the same
--cache, --repo, --ref and --train as fit.py; provcheck runs when the cache is empty).

    scripts/risk/candidates.py --repo /work/qemu --ref master --train master~5000..master~3000 \
        --round 2

The history candidates read the history as of each commit (only earlier commits count)
from the training range's newest commit back: nothing newer is read.
"""

import argparse
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fit  # noqa: E402

# Features provcheck computes now that the first model did not have: left out of the base
# of round 1, in the base of round 2.
NEW = ["removed_share", "is_fix"]
ROUND1 = [[], ["entropy"], ["git_removed_share"], ["git_added", "git_removed"], ["lt"],
          ["added_over_lt", "removed_over_lt"], ["fix_trailer"], ["fix_subject"],
          ["git_removed_share", "fix_trailer"], NEW]
# Round 2's choice, as provcheck computes it: left out of round 2's base.
KEPT2 = ["changes", "hunks"]
ROUND2 = [[], ["nuc"], ["rexp"], ["sexp_dir"], ["sexp_top"], ["dir_changes"], ["git_hunks"],
          ["nuc", "rexp", "sexp_dir", "sexp_top", "git_hunks"], ["nuc", "git_hunks"], KEPT2]


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


def top_directory(path):
    """The subsystem a path is in: its first two components under hw/, target/,
    include/ and tests/ (hw/net, target/arm), else its first ("block", "migration")."""
    parts = path.split("/")
    if len(parts) > 2 and parts[0] in ("hw", "target", "include", "tests"):
        return "/".join(parts[:2])
    return parts[0] if len(parts) > 1 else "."


def history_facts(repo, rng, days):
    """Per training commit: NUC, REXP, SEXP (by directory and by top directory), as of
    its own commit time over the `days` before it. The history is read from the range's
    tip back, so nothing after the range is read."""
    tip = rng.split("..", 1)[1]
    log = subprocess.run(["git", "-C", repo, "log", "--no-merges", "--no-renames",
                          "--format=%x00%H %ct %aE", "--name-only", tip],
                         check=True, capture_output=True, text=True, errors="replace").stdout
    commits = []  # newest first: (id, time, author, files)
    for entry in log.split("\0")[1:]:
        head, _, rest = entry.partition("\n")
        cid, t, author = head.split(" ", 2)
        commits.append((cid[:12], int(t), author.lower(), [f for f in rest.split("\n") if f]))
    commits.sort(key=lambda c: -c[1])
    by_path, by_author = {}, {}
    for k, (_, _, author, files) in enumerate(commits):
        by_author.setdefault(author, []).append(k)
        for f in files:
            by_path.setdefault(f, []).append(k)
            d = f.rsplit("/", 1)[0] if "/" in f else "."
            by_path.setdefault("dir:" + d, []).append(k)
            by_path.setdefault("top:" + top_directory(f), []).append(k)
    train = set(c[:12] for c in subprocess.run(["git", "-C", repo, "rev-list", "--no-merges", rng],
                                               check=True, capture_output=True,
                                               text=True).stdout.split())
    window = days * 86400
    out = {}

    def touching(keys, t):
        seen = set()
        for key in set(keys):
            for k in by_path.get(key, []):
                if commits[k][1] >= t:
                    continue
                if commits[k][1] < t - window:
                    break
                seen.add(k)
        return seen

    for cid, t, author, files in commits:
        if cid not in train:
            continue
        nuc = touching(files, t)
        dirs = touching(["dir:" + (f.rsplit("/", 1)[0] if "/" in f else ".") for f in files], t)
        tops = touching(["top:" + top_directory(f) for f in files], t)
        rexp = 0.0
        for k in by_author.get(author, []):
            tk = commits[k][1]
            if tk >= t:
                continue
            if tk < t - window:
                break
            rexp += 1.0 / (1.0 + (t - tk) / (365.0 * 86400))
        out[cid] = {"nuc": len(nuc), "rexp": rexp,
                    "sexp_dir": sum(commits[k][2] == author for k in dirs),
                    "sexp_top": sum(commits[k][2] == author for k in tops),
                    "dir_changes": len(dirs)}
    return out


def hunk_counts(repo, rng):
    """Per commit: the hunks of its diff (-U0, renames off), read as a stream."""
    proc = subprocess.Popen(["git", "-C", repo, "log", "--no-merges", "--no-renames", "-U0",
                             "--format=%x00%H", "-p", rng], stdout=subprocess.PIPE,
                            text=True, errors="replace")
    out, cur = {}, None
    for line in proc.stdout:
        if line.startswith("\0"):
            cur = line[1:13]
            out[cur] = 0
        elif line.startswith("@@ ") and cur:
            out[cur] += 1
    proc.wait()
    return out


def history_candidates(h, hunks):
    return {"nuc": (h["nuc"], "log"), "rexp": (h["rexp"], "log"),
            "sexp_dir": (h["sexp_dir"], "log"), "sexp_top": (h["sexp_top"], "log"),
            "dir_changes": (h["dir_changes"], "log"), "git_hunks": (hunks, "log")}


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
    ap.add_argument("--round", type=int, choices=(1, 2), default=2)
    ap.add_argument("--trial", action="append", default=[],
                    help="only these trials: features added, comma-separated (\"\" for none)")
    args = ap.parse_args()
    fit.check_held_out(args, [args.train])
    rows = {r["id"]: r for r in fit.extract(args, args.train, "train")}
    facts = git_facts(args.repo, args.train)
    if args.round == 2:
        hist = history_facts(args.repo, args.train, args.history_days)
        hunks = hunk_counts(args.repo, args.train)
    order = subprocess.run(["git", "-C", args.repo, "rev-list", "--no-merges", "--reverse",
                            args.train], check=True, capture_output=True, text=True).stdout.split()
    data = []
    for cid in (c[:12] for c in order):  # oldest first
        if cid in rows and cid in facts:
            r = dict(rows[cid], values=dict(rows[cid]["values"]), scales=dict(rows[cid]["scales"]))
            extra = candidates(r, facts[cid])
            if args.round == 2:
                extra.update(history_candidates(hist[cid], hunks.get(cid, 0)))
            for name, (v, scale) in extra.items():
                r["values"][name], r["scales"][name] = v, scale
            data.append(r)
    base = [f for f in fit.FEATURES if f not in fit.AST_FEATURES + NEW + KEPT2]
    if args.round == 2:
        base += NEW
    cut = len(data) * 2 // 3
    print(f"{len(data)} training commits, {sum(r['label'] for r in data)} fix-inducing; "
          f"fitted on the oldest {cut}, measured on the newest {len(data) - cut}")
    print(f"  {'added to the model':44} {'AUC':>7} {'log-lik':>9} {'AUC, ' + str(args.folds) + ' folds':>13}")
    trials = ROUND2 if args.round == 2 else ROUND1
    if args.trial:
        trials = [[f for f in t.split(",") if f] for t in args.trial]
    n = len(data)
    for extra in trials:
        auc, ll = measure(base + extra, data[:cut], data[cut:], args.l2)
        folds = [measure(base + extra, data[:i * n // args.folds] + data[(i + 1) * n // args.folds:],
                         data[i * n // args.folds:(i + 1) * n // args.folds], args.l2)[0]
                 for i in range(args.folds)]
        print(f"  {', '.join(extra) or 'none':44} {auc:7.4f} {ll:9.1f} {sum(folds) / len(folds):13.4f}")


if __name__ == "__main__":
    main()
