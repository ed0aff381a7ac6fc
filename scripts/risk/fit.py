#!/usr/bin/env python3
"""Fits provcheck's risk model on a project's history of fixes, and measures it.

A commit is fix-inducing when a later commit names it in a Fixes: trailer (provcheck
resolves abbreviated ids and subjects: the report's `laterFixes`). The features are
exactly those provcheck computes: the script runs `provcheck report --format json` over
the ranges (with a policy that lists every feature) and reads each patch's
`risk.features[].value`. History features are computed as of each commit (only earlier
commits count), and labels come from the history up to --ref.

The model is a logistic regression (IRLS, a small L2 penalty, no dependency beyond
Python 3): its probability is the score, and ranking by probability per changed line
is its effort-aware ranking. The fitted weights are printed as the [risk] table of a
policy file, or written into one with --write-policy.

    scripts/risk/fit.py --repo /work/qemu --ref master \\
        --train master~5000..master~3000 --eval master~3000..master~2000 \\
        --held-out master~2000..master~1000 --write-policy classify/policies/qemu.toml

Everything provcheck prints is cached in --cache (one file per range chunk), so a refit
with other settings does not run it again.
"""

import argparse
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys

# The model's features, in the order of the policy file: the formula of the model. A
# project may drop some; a name provcheck does not know is an error of provcheck's.
FEATURES = [
    "lines", "removed_share", "hunks", "files", "directories", "sections",
    "docs_share", "tests_share", "mechanical_share", "is_fix",
    "core_share", "fan_in",
    "signatures", "layouts", "macros", "bodies",
    "recent", "changes", "fixes", "fixed", "author_in_files", "author_commits", "authors", "age",
    "author_owner", "reviewer_owner", "weak_ownership",
]
AST_FEATURES = ["signatures", "layouts", "macros", "bodies"]
POLICY_MARK = "# Risk model: written by scripts/risk/fit.py"


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          text=True).stdout


def first_parent_chunks(repo, rng, step):
    """Splits REV~a..REV~b into first-parent pieces of `step`, oldest first."""
    m = re.fullmatch(r"(.+)~(\d+)\.\.(.+?)(?:~(\d+))?", rng)
    if not m or m.group(1) != m.group(3):
        return [rng]
    rev, a, b = m.group(1), int(m.group(2)), int(m.group(4) or 0)
    out = []
    for hi in range(a, b, -step):
        lo = max(hi - step, b)
        out.append(f"{rev}~{hi}..{rev}~{lo}" if lo else f"{rev}~{hi}..{rev}")
    return out


def extraction_policy(path, args, features):
    with open(path, "w") as f:
        f.write(f'base = "{args.base_policy}"\nname = "{args.base_policy}-risk-extraction"\n\n'
                f'[risk]\nrecent_days = {args.recent_days}\nfix_days = {args.fix_days}\n'
                f'history_days = {args.history_days}\n')
        for name in features:
            f.write(f'\n[[risk.feature]]\nname = "{name}"\nweight = 0.0\nmean = 0.0\n')


def run_report(args, sources, ast, tag):
    """The patches of `sources` as provcheck reports them: id, lines, features, label."""
    key = hashlib.sha1(json.dumps([args.repo, args.ref, sources, ast, FEATURES,
                                   args.recent_days, args.fix_days, args.history_days]
                                  ).encode()).hexdigest()[:16]
    cache = os.path.join(args.cache, f"{tag}-{key}.jsonl")
    if os.path.exists(cache):
        with open(cache) as f:
            return [json.loads(line) for line in f]
    policy = os.path.join(args.cache, "extract.toml")
    extraction_policy(policy, args, FEATURES)
    cmd = [args.provcheck, "-C", args.repo, "report", "--format", "json", "--no-progress",
           "--policy", policy, "--history-from", args.ref, "-j", str(args.jobs)]
    if not ast:
        cmd.append("--no-ast")
    elif args.build_dir:
        cmd += ["-p", args.build_dir]
    print(f"fit: {tag}: provcheck report ({len(sources)} commits)", file=sys.stderr)
    # Commits provcheck could not read before (their blobs are missing from the clone).
    left_out_file = os.path.join(args.cache, "left-out")
    left_out = set()
    if os.path.exists(left_out_file):
        with open(left_out_file) as f:
            left_out = set(f.read().split())
    sources = [s for s in sources if s not in left_out]
    while True:
        proc = subprocess.run(["nice", *cmd, *sources], capture_output=True, text=True)
        if proc.returncode in (0, 1):
            break
        # A clone may lack some objects (large blobs left out of a mirror): provcheck
        # names the commit it cannot read, which is left out.
        bad = re.match(r"provcheck: ([0-9a-f]{40}): ", proc.stderr)
        if not bad or bad.group(1) not in sources:
            sys.exit(f"fit: provcheck failed ({proc.returncode}): {proc.stderr.strip()}")
        print(f"fit: left out {bad.group(1)[:12]}: {proc.stderr.strip()}", file=sys.stderr)
        sources.remove(bad.group(1))
        with open(left_out_file, "a") as f:
            f.write(bad.group(1) + "\n")
    report = json.loads(proc.stdout)
    scales = {f["name"]: f["scale"] for f in report["riskModel"]["features"]}
    rows = []
    for p in report["patches"]:
        values = {f["name"]: f["value"] for f in p["risk"]["features"]}
        rows.append({"id": p["id"], "lines": p["lines"]["added"] + p["lines"]["removed"],
                     "values": values, "scales": scales,
                     "label": None if p["laterFixes"] is None else int(bool(p["laterFixes"])),
                     "fixes": p["laterFixes"]})
    with open(cache + ".tmp", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    os.replace(cache + ".tmp", cache)
    return rows


def extract(args, rng, tag):
    """The non-merge commits of `rng`, run in chunks of first-parent history."""
    rows = []
    for chunk in first_parent_chunks(args.repo, rng, args.chunk):
        ids = git(args.repo, "rev-list", "--no-merges", "--reverse", chunk).split()
        rows += run_report(args, ids, False, tag)
    return [r for r in rows if r["label"] is not None]


def in_pieces(args, ids, ast, tag, size=500):
    rows = []
    for i in range(0, len(ids), size):
        rows += run_report(args, ids[i:i + size], ast, tag)
    return rows


def check_held_out(args, ranges):
    for held in args.held_out:
        held_ids = set(git(args.repo, "rev-list", held).split())
        for rng in ranges:
            if held_ids & set(git(args.repo, "rev-list", rng).split()):
                sys.exit(f"fit: {rng} overlaps the held-out range {held}")


# ------------------------------------------------------------------ the model

def scaled(row, name):
    v = row["values"].get(name)
    if v is None:
        return None
    return math.log1p(max(v, 0.0)) if row["scales"].get(name, "log") == "log" else v


def design(rows, features):
    return [[scaled(r, f) for f in features] for r in rows]


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def sigmoid(x):
    return 1 / (1 + math.exp(-x)) if x > -35 else 0.0


def fit_logistic(x, y, l2, offset=None, iterations=50):
    """Logistic regression by IRLS on standardised columns: (intercept, weights, means)
    with weights on the original scale and the intercept the log-odds at the means."""
    n, p = len(x), len(x[0]) if x else 0
    means = [sum(r[j] for r in x) / n for j in range(p)]
    sds = [math.sqrt(sum((r[j] - means[j]) ** 2 for r in x) / n) or 1.0 for j in range(p)]
    cols = [[(r[j] - means[j]) / sds[j] for r in x] for j in range(p)]
    off = offset or [0.0] * n
    beta = [0.0] * (p + 1)  # intercept first
    for _ in range(iterations):
        eta = [beta[0] + off[i] + sum(beta[j + 1] * cols[j][i] for j in range(p))
               for i in range(n)]
        mu = [sigmoid(e) for e in eta]
        w = [max(m * (1 - m), 1e-9) for m in mu]
        z = [eta[i] - off[i] + (y[i] - mu[i]) / w[i] for i in range(n)]
        full = [[1.0] * n] + cols
        wfull = [[w[i] * c[i] for i in range(n)] for c in full]
        a = [[sum(map(float.__mul__, wfull[j], full[k])) for k in range(p + 1)]
             for j in range(p + 1)]
        for j in range(1, p + 1):
            a[j][j] += l2 * n
        b = [sum(map(float.__mul__, wfull[j], z)) for j in range(p + 1)]
        new = solve(a, b)
        delta = max(abs(new[k] - beta[k]) for k in range(p + 1))
        beta = new
        if delta < 1e-7:
            break
    weights = [beta[j + 1] / sds[j] for j in range(p)]
    return beta[0], weights, means


def logits(model, rows):
    out = []
    for r in rows:
        s = model["intercept"]
        for name, w, mean in model["features"]:
            x = scaled(r, name)
            if x is not None:
                s += w * (x - mean)
        out.append(s)
    return out


# ------------------------------------------------------------------ metrics

def auc(scores, labels):
    """ROC AUC (Mann-Whitney, ties counted half)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    if not pos or not neg:
        return float("nan")
    return (sum(r for r, l in zip(ranks, labels) if l) - pos * (pos + 1) / 2) / (pos * neg)


def effort_recall(priority, lines, labels, effort=0.2, weights=None):
    """Share of fix-inducing commits among those reviewed, highest priority first, until
    `effort` of all changed lines are read (a commit counts when all its lines fit). With
    `weights`, each commit of a sample stands for that many commits of the range."""
    w = weights or [1.0] * len(lines)
    budget = effort * sum(l * x for l, x in zip(lines, w))
    order = sorted(range(len(lines)), key=lambda i: -priority[i])
    used, found = 0, 0
    for i in order:
        if used + lines[i] * w[i] > budget:
            break
        used += lines[i] * w[i]
        found += labels[i] * w[i]
    return found / max(1e-9, sum(l * x for l, x in zip(labels, w)))


def metrics(name, rows, scores, weights=None):
    """AUC of `scores`, and the effort-aware share ranking by score per changed line."""
    labels = [r["label"] for r in rows]
    lines = [max(r["lines"], 1) for r in rows]
    density = [s - math.log(l) for s, l in zip(scores, lines)]  # log(p/lines) ~ logit - log l
    return {"name": name, "auc": auc(scores, labels),
            "found20": effort_recall(density, lines, labels, weights=weights)}


def evaluate(model, rows, weights=None):
    labels = [r["label"] for r in rows]
    lines = [max(r["lines"], 1) for r in rows]
    lg = logits(model, rows)
    prob = [sigmoid(s) for s in lg]
    out = [
        {"name": "risk model: AUC by probability, effort by probability/lines",
         "auc": auc(prob, labels),
         "found20": effort_recall([p / l for p, l in zip(prob, lines)], lines, labels,
                                  weights=weights)},
        {"name": "baseline: change size (lines)", "auc": auc(lines, labels),
         "found20": effort_recall(lines, lines, labels, weights=weights)},
        {"name": "baseline: smallest change first", "auc": auc([-l for l in lines], labels),
         "found20": effort_recall([-l for l in lines], lines, labels, weights=weights)},
    ]
    return out


def print_metrics(title, rows, table):
    pos = sum(r["label"] for r in rows)
    print(f"\n{title}: {len(rows)} commits, {pos} fix-inducing ({100 * pos / len(rows):.1f}%)")
    print(f"  {'':62} {'AUC':>6} {'found in 20% of lines':>22}")
    for t in table:
        print(f"  {t['name']:62} {t['auc']:6.3f} {100 * t['found20']:21.1f}%")


# ------------------------------------------------------------------ samples

def stratified(rows, n, rng):
    """A sample of n rows, half fix-inducing and half not, and the weight of each class
    (the commits of `rows` a sampled commit stands for). Drawing within each class keeps
    the AUC unbiased and a logistic regression's slopes too (only its intercept moves:
    Prentice and Pyke, 1979); the weights restore the range's proportions elsewhere."""
    pos = [r for r in rows if r["label"]]
    neg = [r for r in rows if not r["label"]]
    half = n // 2
    sample = rng.sample(pos, min(half, len(pos))) + rng.sample(neg, min(half, len(neg)))
    weight = {1: len(pos) / max(1, min(half, len(pos))), 0: len(neg) / max(1, min(half, len(neg)))}
    return sample, weight


def ast_sample(args, rows, tag, seed):
    """The rows of a stratified sample of `rows` again, with provcheck's AST map (-p
    BUILD), and each one's class weight."""
    sample, weight = stratified(rows, args.ast_sample, random.Random(seed))
    out = [r for r in in_pieces(args, [r["id"] for r in sample], True, tag)
           if r["label"] is not None]
    return out, [weight[r["label"]] for r in out]


# ------------------------------------------------------------------ today's score

def today_scores(args, rows, tag):
    """The score provcheck gave before the model (the highest file score of a commit),
    from the binary --today-provcheck (one run per commit), on a sample of the commits:
    half fix-inducing, half not, each weighted by the commits of the range it stands for
    (the AUC needs no weight: drawing within each class keeps it unbiased)."""
    sample, weight = stratified(rows, args.today_sample, random.Random(args.seed))
    cache = os.path.join(args.cache, f"{tag}-today-{args.seed}-{len(sample)}-strata.json")
    if os.path.exists(cache):
        with open(cache) as f:
            scores = json.load(f)
    else:
        scores = {}
        for n, r in enumerate(sample):
            proc = subprocess.run(["nice", args.today_provcheck, "-C", args.repo, "report",
                                   "--format", "json", "--no-ast", "--no-progress",
                                   r["id"]], capture_output=True, text=True)
            if proc.returncode not in (0, 1):
                continue
            files = json.loads(proc.stdout)["files"]
            scores[r["id"]] = max((f["score"] for f in files), default=0)
            if n % 100 == 0:
                print(f"fit: today's score {n}/{len(sample)}", file=sys.stderr)
        with open(cache, "w") as f:
            json.dump(scores, f)
    sample = [r for r in sample if r["id"] in scores]
    return sample, scores, [weight[r["label"]] for r in sample]


# ------------------------------------------------------------------ output

def model_toml(model, fitted):
    out = [POLICY_MARK + "; the method, its measurements and the",
           '# command that refits it: tools/provcheck/REPORTS.md ("The risk score").',
           "[risk]", f'fitted = "{fitted}"',
           f"intercept = {model['intercept']:.6f}",
           f"recent_days = {model['recent_days']}", f"fix_days = {model['fix_days']}",
           f"history_days = {model['history_days']}"]
    for name, w, mean in model["features"]:
        out += ["", "[[risk.feature]]", f'name = "{name}"', f"weight = {w:.6f}",
                f"mean = {mean:.6f}"]
    return "\n".join(out) + "\n"


def write_policy(path, text, base):
    old = f'base = "{base}"\nname = "{base}-refitted"\n'
    if os.path.exists(path):
        with open(path) as f:
            old = f.read()
    keep = old.split(POLICY_MARK)[0].rstrip("\n")
    with open(path, "w") as f:
        f.write(keep + "\n\n" + text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True)
    ap.add_argument("--ref", required=True, help="the history's tip: labels and features")
    ap.add_argument("--train", required=True, action="append")
    ap.add_argument("--eval", action="append", default=[])
    ap.add_argument("--held-out", action="append", default=[],
                    help="a range no train or eval commit may come from")
    ap.add_argument("--provcheck", default=os.path.join(
        os.path.dirname(__file__), "..", "..", "build", "tools", "provcheck", "provcheck"))
    ap.add_argument("--base-policy", default="qemu")
    ap.add_argument("--cache", default="/tmp/provcheck-risk-fit")
    ap.add_argument("--chunk", type=int, default=250, help="first-parent commits per run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--recent-days", type=int, default=90)
    ap.add_argument("--fix-days", type=int, default=365)
    ap.add_argument("--history-days", type=int, default=730)
    ap.add_argument("--ast-sample", type=int, default=0,
                    help="commits per range parsed with the AST to fit its features "
                         "(half of them fix-inducing)")
    ap.add_argument("--build-dir", help="-p for the AST parses")
    ap.add_argument("--today-provcheck", help="provcheck before the model, for its score")
    ap.add_argument("--today-sample", type=int, default=200,
                    help="commits of the evaluation range, half of them fix-inducing")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--write-policy", help="replace the [risk] table of this policy file")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    check_held_out(args, args.train + args.eval)

    train = [r for rng in args.train for r in extract(args, rng, "train")]
    evals = [r for rng in args.eval for r in extract(args, rng, "eval")]
    plain = [f for f in FEATURES if f not in AST_FEATURES]
    intercept, weights, means = fit_logistic(design(train, plain), [r["label"] for r in train],
                                             args.l2)
    model = {"intercept": intercept, "features": list(zip(plain, weights, means)),
             "recent_days": args.recent_days, "fix_days": args.fix_days,
             "history_days": args.history_days}

    if args.ast_sample:
        # The AST features on a stratified sample parsed with the AST, the rest of the
        # model fixed (its log-odds as an offset; the sample's own intercept absorbs the
        # sampling): absent without the AST, they contribute nothing. Their means are
        # the range's, the sample weighted back to its proportions.
        plain_model = dict(model)
        sample, sw = ast_sample(args, train, "train-ast", args.seed)
        off = [l - model["intercept"] for l in logits(model, sample)]
        x = design(sample, AST_FEATURES)
        _, w, _ = fit_logistic(x, [r["label"] for r in sample], args.l2, offset=off)
        m = [sum(wi * xi[j] for wi, xi in zip(sw, x)) / sum(sw) for j in range(len(AST_FEATURES))]
        model = dict(model, features=model["features"] + list(zip(AST_FEATURES, w, m)))
        table = evaluate(model, sample, sw)
        table.insert(1, dict(evaluate(plain_model, sample, sw)[0],
                             name="risk model without the AST features"))
        print_metrics("training sample with the AST (half fix-inducing, weighted)", sample,
                      table)

    print_metrics("training " + ", ".join(args.train), train, evaluate(model, train))
    if evals:
        print_metrics("evaluation " + ", ".join(args.eval), evals, evaluate(model, evals))
        if args.today_provcheck:
            sample, scores, weights = today_scores(args, evals, "eval")
            table = evaluate(model, sample, weights)
            table.append(metrics("today's score (highest file score, before the model)",
                                 sample, [math.log(max(scores[r["id"]], 0.1)) for r in sample],
                                 weights))
            print_metrics("evaluation sample for today's score (half fix-inducing, "
                          "weighted)", sample, table)
        if args.ast_sample:
            sample, sw = ast_sample(args, evals, "eval-ast", args.seed + 1)
            table = evaluate(model, sample, sw)
            table.insert(1, dict(evaluate(plain_model, sample, sw)[0],
                                 name="risk model without the AST features"))
            print_metrics("evaluation sample with the AST (half fix-inducing, weighted)",
                          sample, table)

    tip = git(args.repo, "rev-parse", "--short=10", args.ref).strip()
    fitted = (f"{os.path.basename(os.path.abspath(args.repo))} "
              f"{', '.join(args.train)} ({len(train)} commits), labels from {args.ref} "
              f"({tip})")
    text = model_toml(model, fitted)
    if args.write_policy:
        write_policy(args.write_policy, text, args.base_policy)
        print(f"\nfit: [risk] written to {args.write_policy}", file=sys.stderr)
    else:
        print("\n" + text)


if __name__ == "__main__":
    main()
