#!/usr/bin/env python3
"""Compares `provcheck maintainers` with get_maintainer.pl's recorded output.

Reads tests/data/qemu/get_maintainer/cases.tsv and,
when a QEMU history is at hand (QEMU_MIRROR, a bare repository containing REF), checks
every row against provcheck run on a clone of REF:
  - `commit` rows: the patch made with `git format-patch -1 --stdout SHA`;
  - `file`/`file-extra` rows: `-f PATH`, git fallback included (history from REF).
Runs with --compat and a --git-since pinned to the date the cases were recorded.
Rows whose `orders` is above 1 (the script's own order varies, and with it which
section's role a person gets) are compared as sets of addresses.
Without the history it says so and exits 0. Usage:
  scripts/compare-get-maintainer.py PROVCHECK_BINARY [--verbose]
"""
import os
import subprocess
import sys
import tempfile

REF = "ece408818d27f745ef1b05fb3cc99a1e7a5bf580"
SINCE = "2025-02-13 10:30:08"  # faketime '2026-02-13 10:30:08' minus 1-year-ago
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "tests", "data", "qemu", "get_maintainer", "cases.tsv")
MIRROR = os.environ.get("QEMU_MIRROR", "/work/.mirror/pbo-linaro+qemu-ci/repo")


def address(line):
    return line.split(" (", 1)[0]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    provcheck = os.path.abspath(sys.argv[1])
    verbose = "--verbose" in sys.argv
    if not os.path.isdir(MIRROR) or run(["git", "--git-dir", MIRROR, "cat-file", "-e", REF]).returncode:
        print(f"no QEMU history with {REF} at {MIRROR}: comparison skipped")
        return 0
    rows = []
    with open(CASES, encoding="utf-8") as f:
        next(f)
        for line in f:
            kind, ident, _ran, fallback, orders, _kw, output = line.rstrip("\n").split("\t")
            expected = [] if output == "" else output.split(" | ")
            rows.append((kind, ident, fallback, int(orders), expected))
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    stats = {}
    with tempfile.TemporaryDirectory() as tmp:
        clone = os.path.join(tmp, "qemu")
        run(["git", "clone", "-q", "-s", "-n", MIRROR, clone], check=True)
        run(["git", "-C", clone, "checkout", "-q", "--detach", REF], check=True)
        for kind, ident, fallback, orders, expected in rows:
            args = [provcheck, "-C", clone, "maintainers", "--compat", "--git-since", SINCE]
            if kind == "commit":
                patch = run(["git", "--git-dir", MIRROR, "format-patch", "-1", "--stdout", ident],
                            env=env).stdout
                path = os.path.join(tmp, "p.patch")
                with open(path, "wb") as out:
                    out.write(patch)
                args.append(path)
            else:
                args += ["-f", ident]
            got = run(args, env=env).stdout.decode("utf-8", "replace").splitlines()
            if orders == 1:
                same = got == expected
            else:  # ties reorder lines and change which section's role a person gets
                same = sorted(address(l) for l in got) == sorted(address(l) for l in expected)
            key = (kind, "fallback" if fallback.startswith("yes") else "maintainers")
            compared, matched = stats.get(key, (0, 0))
            stats[key] = (compared + 1, matched + (1 if same else 0))
            if not same and verbose:
                print(f"MISMATCH {kind} {ident} (orders {orders}, fallback {fallback})")
                print("  expected: " + " | ".join(expected))
                print("  got:      " + " | ".join(got))
    total_c = total_m = 0
    for (kind, how), (c, m) in sorted(stats.items()):
        print(f"{kind:11} {how:12} compared {c:4}  matched {m:4}")
        total_c += c
        total_m += m
    print(f"{'all':24} compared {total_c:4}  matched {total_m:4}")
    return 0 if total_c == total_m else 1


if __name__ == "__main__":
    sys.exit(main())
