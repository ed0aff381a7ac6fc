#!/usr/bin/env python3
"""The reference an AST history scan is measured against: one `clang -fsyntax-only` per
C, header and .inc file instance of a range, with its compilation database command.

Usage:
  scripts/ast-reference.py REPO BUILD_DIR RANGE [--jobs N] [--clang clang-16]

A file instance is a path that a non-merge commit of RANGE adds or modifies (`.c`,
`.h`, `.inc`). Each path is parsed once as it is in REPO's work tree, and its CPU time
(user + system, from wait4) counted once per instance. A source file takes its own
command of BUILD_DIR/compile_commands.json; a header, an .inc file or a source file the
database does not list, the command of the first database source in its directory or
the nearest one above (headers and .inc files with `-x c-header`).
Dropped from each command: -o FILE, -MD/-MF FILE/-MQ FILE/-MT FILE, -c, -Werror;
added: -w -fsyntax-only. Paths no longer in the work tree are not counted.

Prints the number of instances and distinct paths parsed, the parses that exited non
zero, and the summed CPU time.
"""
import collections
import json
import os
import shlex
import subprocess
import sys
import threading


def instances(repo, rng):
    out = subprocess.run(['git', '-C', repo, 'log', '--no-merges', '--format=',
                          '--name-status', '--no-renames', rng],
                         check=True, capture_output=True, text=True).stdout
    count = collections.Counter()
    for line in out.splitlines():
        status, _, path = line.partition('\t')
        if status in ('A', 'M') and path.endswith(('.c', '.h', '.inc')):
            count[path] += 1
    return count


def commands(build, repo):
    with open(os.path.join(build, 'compile_commands.json')) as f:
        db = json.load(f)
    bypath = {}
    for entry in db:
        path = os.path.normpath(os.path.join(entry['directory'], entry['file']))
        rel = os.path.relpath(path, repo)
        if rel.startswith('..') or rel in bypath:
            continue
        args = entry.get('arguments') or shlex.split(entry['command'])
        bypath[rel] = (entry['directory'], [a for a in args if a != entry['file']])
    bydir = {}
    for rel in sorted(bypath):
        bydir.setdefault(os.path.dirname(rel), rel)
    return bypath, bydir


def syntax_only(args, path, header, clang):
    out = [clang]
    skip = False
    for arg in args[1:]:
        if skip:
            skip = False
            continue
        if arg in ('-o', '-MF', '-MQ', '-MT'):
            skip = True
            continue
        if arg in ('-c', '-MD', '-MMD', '-Werror') or arg.startswith('-Werror='):
            continue
        out.append(arg)
    out += ['-w', '-fsyntax-only']
    if header:
        out += ['-x', 'c-header']
    return out + [path]


def command_for(rel, bypath, bydir):
    header = not rel.endswith('.c')
    if rel in bypath and not header:
        return bypath[rel], False
    d = os.path.dirname(rel)
    while True:
        if d in bydir:
            return bypath[bydir[d]], header
        if not d:
            return None, header
        d = os.path.dirname(d)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    repo, build, rng = (os.path.abspath(argv[0]), os.path.abspath(argv[1]), argv[2])
    jobs, clang = 2, 'clang-16'
    rest = argv[3:]
    while rest:
        opt, value, rest = rest[0], rest[1], rest[2:]
        if opt == '--jobs':
            jobs = int(value)
        elif opt == '--clang':
            clang = value
        else:
            sys.exit(__doc__)
    count = instances(repo, rng)
    bypath, bydir = commands(build, repo)
    work = []
    for rel, n in sorted(count.items()):
        if not os.path.isfile(os.path.join(repo, rel)):
            continue
        command, header = command_for(rel, bypath, bydir)
        if command is None:
            continue
        directory, args = command
        work.append((rel, n, directory,
                     syntax_only(args, os.path.join(repo, rel), header, clang)))
    lock = threading.Lock()
    totals = {'cpu': 0.0, 'instances': 0, 'paths': 0, 'failed': 0}

    def run():
        while True:
            with lock:
                if not work:
                    return
                rel, n, directory, cmd = work.pop()
            proc = subprocess.Popen(cmd, cwd=directory, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            with lock:
                totals['cpu'] += (usage.ru_utime + usage.ru_stime) * n
                totals['instances'] += n
                totals['paths'] += 1
                totals['failed'] += n if proc.returncode else 0

    threads = [threading.Thread(target=run) for _ in range(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{totals['instances']} instances ({totals['paths']} paths) parsed, "
          f"{totals['failed']} exited non-zero, {totals['cpu']:.1f} s CPU")


if __name__ == '__main__':
    main(sys.argv[1:])
