#!/usr/bin/env python3
"""Precision and recall of provcheck's patch categories against hand-checked labels.

Usage:
  provcheck check --format json REV... > run.json
  scripts/accuracy.py run.json [--labels ../shared/data/qemu/labels-dev.tsv]

The labels file has the columns commit, label, evidence, date, subject; labels are docs,
tests, mechanical, small-fix, core and mixed. A patch's predicted label comes from its
classification in the JSON (see classify/README.md, "Accuracy"):
  - "mixed", "docs", "tests", "mechanical": the classification's label;
  - "small-fix": the labels' definition on provcheck's facts: a code or core patch whose
    subject says "fix" or that carries a Fixes: trailer, with at least 1 small-fix line
    (code that is not blank, comment-only or mechanical), at most SMALL_FIX_FILES files
    and at most SMALL_FIX_LIMIT lines by the small-fix measure (the labels' measure since
    their core rows of 20 lines or fewer were relabelled small-fix);
  - "core": any other core patch; "code": the rest (no label of the set).
Prints a table of precision and recall per label, then every commit whose prediction
differs from its label.
"""
import argparse
import json
import os
import re
import sys
from collections import Counter

SMALL_FIX_LIMIT = 20
SMALL_FIX_FILES = 4
LABELS = ["docs", "tests", "mechanical", "small-fix", "core", "mixed"]


def default_labels():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(root, "..", "shared", "data", "qemu", "labels-dev.tsv")


def read_labels(path):
    labels = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            if row.get("commit"):
                labels[row["commit"]] = row
    return labels


def patches(node):
    """Every object of the JSON that is a classified patch (has an id and a classification)."""
    if isinstance(node, dict):
        if "classification" in node and "id" in node:
            yield node
            return
        for v in node.values():
            yield from patches(v)
    elif isinstance(node, list):
        for v in node:
            yield from patches(v)


def has_fixes_trailer(patch):
    for t in patch.get("trailers") or []:
        key = t.get("key", "") if isinstance(t, dict) else str(t)
        if key.lower() == "fixes":
            return True
    return bool(re.search(r"^Fixes:", patch.get("message", ""), re.M | re.I))


def predict(patch):
    c = patch.get("classification") or {}
    label = c.get("label", "code")
    if label in ("mixed", "docs", "tests", "mechanical"):
        return label
    fix = re.search(r"\bfix", patch.get("subject", ""), re.I) or has_fixes_trailer(patch)
    lines = c.get("small_fix_lines", 0)
    files = len(patch.get("files") or [])
    if fix and 1 <= lines <= SMALL_FIX_LIMIT and files <= SMALL_FIX_FILES:
        return "small-fix"
    return "core" if label == "core" else "code"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json", nargs="+", help="provcheck check --format json output ('-' = stdin)")
    ap.add_argument("--labels", default=default_labels())
    args = ap.parse_args()
    labels = read_labels(args.labels)
    predicted = {}
    for path in args.json:
        data = json.load(sys.stdin if path == "-" else open(path, encoding="utf-8"))
        for p in patches(data):
            pid = p.get("id", "")
            for commit in labels:
                if pid and commit.startswith(pid[:12]) and (len(pid) < 40 or commit == pid):
                    predicted[commit] = (predict(p), p)
    missing = [c for c in labels if c not in predicted]
    tp, fp, fn = Counter(), Counter(), Counter()
    wrong = []
    for commit, row in labels.items():
        if commit not in predicted:
            continue
        truth, (guess, p) = row["label"], predicted[commit]
        if guess == truth:
            tp[truth] += 1
        else:
            fn[truth] += 1
            fp[guess] += 1
            c = p.get("classification") or {}
            wrong.append((commit[:12], truth, guess, c.get("small_fix_lines"), row.get("subject", "")))
    print(f"{'label':<12}{'precision':>10}{'recall':>10}{'tp':>5}{'fp':>5}{'fn':>5}")
    for label in LABELS:
        prec = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else float("nan")
        rec = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else float("nan")
        print(f"{label:<12}{prec:>10.3f}{rec:>10.3f}{tp[label]:>5}{fp[label]:>5}{fn[label]:>5}")
    total = sum(tp.values()) + sum(fn.values())
    print(f"accuracy {sum(tp.values())}/{total}" + (f"; {len(missing)} labelled commits not in the input" if missing else ""))
    if wrong:
        print("\nmisclassified (commit, label, predicted, small-fix lines, subject):")
        for w in sorted(wrong, key=lambda w: (w[1], w[0])):
            print("  %s %-10s -> %-10s %4s  %s" % w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
