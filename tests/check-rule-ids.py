#!/usr/bin/env python3
"""check-rule-ids.py BINARY SRC_DIR FINDINGS_YAML - every rule id a finding
can carry is explained (TAP).

Collects the rule ids written in the sources: the id-shaped string
literals (lowercase words joined by '-') of each statement that makes a
finding (emit_finding, emit_finding_pos, meta_finding, finding, gw_finding, problem,
or an assignment to a 'rule' field) and the '#define R_... "id"' of
src/inject.c. Each must be explained by 'BINARY rules ID' (exit 0, text
naming it); and each entry of rules/findings.yaml must be such an id
(no entry for a rule nothing reports).
"""
import re
import subprocess
import sys

MAKERS = re.compile(r'\b(emit_finding|emit_finding_pos|meta_finding|finding|gw_finding|problem|add)\s*\(|\brule\s*=')
ID = re.compile(r'"([a-z0-9]+(?:-[a-z0-9]+)+)"')


def source_ids(src):
    import glob
    ids = {}
    for path in sorted(glob.glob(src + '/*.c')):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
        for m in re.finditer(r'#define\s+R_\w+\s+("[^"]*")', text):
            for i in ID.findall(m.group(1)):
                ids.setdefault(i, path)
        for stmt in text.split(';'):
            if MAKERS.search(stmt):
                for i in ID.findall(stmt):
                    ids.setdefault(i, path)
    return ids


def main():
    binary, src, table = sys.argv[1:4]
    ids = source_ids(src)
    with open(table, encoding='utf-8') as f:
        documented = re.findall(r'^  - id: (\S+)$', f.read(), flags=re.M)
    tests = []
    for i in sorted(ids):
        r = subprocess.run([binary, 'rules', i], capture_output=True, text=True)
        ok = r.returncode == 0 and i in r.stdout
        tests.append((ok, 'rules %s explains the id used in %s' % (i, ids[i])))
    for i in documented:
        tests.append((i in ids, '%s of rules/findings.yaml is reported by the sources' % i))
    # the listing names every documented id after the annotations
    r = subprocess.run([binary, 'rules'], capture_output=True, text=True)
    listed = r.stdout.split('\nfinding rule ids', 1)
    tests.append((len(listed) == 2 and all(re.search(r'^%s ' % re.escape(i), listed[1], re.M)
                                           for i in documented),
                   "'rules' lists every finding rule id in a section after the annotations"))
    print('1..%d' % len(tests))
    bad = 0
    for n, (ok, name) in enumerate(tests, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', n, name))
        bad += not ok
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
