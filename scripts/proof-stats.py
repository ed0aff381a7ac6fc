#!/usr/bin/env python3
"""What the outside proofs did on a run: the replay of quoted tools and the compiled code.

Usage:
  provcheck check [-p BUILD_DIR | --no-ast] --format json REV... > run.json
  scripts/proof-stats.py run.json... [--list]

Reads one or more `check --format json` outputs (several: one run per commit) and prints:
  - the patches whose message quotes a command, by what the replay made of their hunks
    (every hunk, some, none; or no command that could be replayed), with the patch labels;
  - the quoted commands by status (reproduced, partly, not-reproduced, not-replayable,
    unavailable) and the tool-claim findings by rule;
  - hunks proven by a replay (exactly and up to layout) and by the compiled code (first
    proof, or confirming another), hunks it refuted;
  - the files the compiled-code proof looked at: compiled, skipped and why, not compiling
    and the first error; its cost against the AST map's parses of the same files.
With --list, one line per patch that quotes a command, and every refuting hunk.
"""
import collections
import json
import sys


def patches(paths):
    for path in paths:
        with open(path) as f:
            doc = json.load(f)
        for series in doc['series']:
            yield from series['patches']


def main(argv):
    listing = '--list' in argv
    paths = [a for a in argv if a != '--list']
    if not paths:
        sys.exit(__doc__)
    outcome = collections.Counter()
    labels = collections.Counter()
    commands = collections.Counter()
    findings = collections.Counter()
    hunks = collections.Counter()
    files = collections.Counter()
    why = collections.Counter()
    parse = compile_ = 0.0
    ratios = []
    lines = []
    for p in patches(paths):
        c = p['classification']
        claims = c['tool_claims']
        total = made = 0
        for f in p['files']:
            for h in f['hunks']:
                total += 1
                rules = [r['rule'] for r in h['reasons']]
                if 'replayed' in rules:
                    made += 1
                    detail = next(r['detail'] for r in h['reasons'] if r['rule'] == 'replayed')
                    hunks['replayed, up to layout' if detail.endswith('(up to layout)') else 'replayed exactly'] += 1
                if 'same-compiled-code' in rules:
                    hunks['same compiled code, ' + ('first proof' if rules[0] == 'same-compiled-code'
                                                     else 'beside ' + rules[0])] += 1
                if 'compiled-code-differs' in rules:
                    detail = next(r['detail'] for r in h['reasons'] if r['rule'] == 'compiled-code-differs')
                    refutes = 'overrules' in detail
                    hunks['compiled code differs' + (', claim withdrawn' if refutes else '')] += 1
                    if listing and refutes:
                        lines.append('  refuted: %s %s: %s' % (p['short_id'], f['path'], detail))
            compiled = (f.get('entities') or {}).get('compiled')
            if not compiled:
                continue
            if compiled['skipped']:
                files['skipped'] += 1
                why['skipped: ' + compiled['skipped'].split(' (')[0]] += 1
                continue
            old, new = compiled['old'], compiled['new']
            if old['compiled'] and new['compiled']:
                files['compiled in both images'] += 1
            else:
                files['an image does not compile'] += 1
                problem = old['problem'] or new['problem']
                why['does not compile: ' + problem.split('error: ')[-1][:60]] += 1
            parse += compiled['parse_seconds']
            compile_ += compiled['seconds']
            if compiled['parse_seconds'] > 0:
                ratios.append(compiled['seconds'] / compiled['parse_seconds'])
        for f in p['verdict']['findings'] if p.get('verdict') else []:
            if f['rule'].startswith('tool-'):
                findings[f['rule']] += 1
        if not claims:
            continue
        for t in claims:
            commands[t['status']] += 1
        if all(t['status'] in ('not-replayable', 'unavailable') for t in claims):
            key = 'no command replayable'
        elif made == total:
            key = 'every hunk replayed'
        elif made:
            key = 'some hunks replayed'
        else:
            key = 'no hunk replayed'
        outcome[key] += 1
        labels[(key, c['label'])] += 1
        if listing:
            lines.append('%s %-22s %4d/%-4d %-10s %s' % (p['short_id'], key, made, total, c['label'],
                                                         p['subject'][:60]))
    print('patches quoting a command: %d' % sum(outcome.values()))
    for key, n in outcome.most_common():
        split = ', '.join('%s %d' % (label, m) for (k, label), m in sorted(labels.items()) if k == key)
        print('  %-24s %4d  (%s)' % (key, n, split))
    print('commands: ' + ', '.join('%s %d' % kv for kv in commands.most_common()))
    print('findings: ' + ', '.join('%s %d' % kv for kv in findings.most_common()))
    print('hunks: ' + ', '.join('%s %d' % kv for kv in sorted(hunks.items())))
    if files:
        print('compiled-code proof, files: ' + ', '.join('%s %d' % kv for kv in files.most_common()))
        for reason, n in why.most_common(10):
            print('  %4d %s' % (n, reason))
        if parse > 0:
            ratios.sort()
            print('  cost: IR %.1f s against %.1f s of AST parses (%.2fx); per file median %.2fx, '
                  'p90 %.2fx' % (compile_, parse, compile_ / parse, ratios[len(ratios) // 2],
                                 ratios[int(len(ratios) * 0.9)]))
    if lines:
        print('\n'.join(lines))


if __name__ == '__main__':
    main(sys.argv[1:])
