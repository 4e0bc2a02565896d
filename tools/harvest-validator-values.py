#!/usr/bin/env python3
"""harvest-validator-values.py GITDIR REV > testdata/validators/controller-test-values.txt

Collect every string literal of Ingress-NGINX's own annotation and network
tests (internal/ingress/annotations/**/*_test.go, internal/net/*_test.go at
REV, read with 'git --git-dir=GITDIR') as test values for the differential
validator test. Output: a provenance header ('#' lines), then one Go
interpreted string literal per line, unique, in first-seen order; raw
(backquoted) literals are re-quoted. tests/validators_diff.go reads them
with strconv.Unquote.
"""
import re
import subprocess
import sys

gitdir, rev = sys.argv[1], sys.argv[2]
files = subprocess.run(['git', '--git-dir', gitdir, 'ls-tree', '-r', '--name-only', rev,
                        'internal/ingress/annotations', 'internal/net'],
                       check=True, capture_output=True, text=True).stdout.split()
files = [f for f in files if f.endswith('_test.go')]


def quote_raw(s):
    s = s.replace('\r', '')  # Go drops CR from raw strings
    out = []
    for ch in s:
        if ch == '\\':
            out.append('\\\\')
        elif ch == '"':
            out.append('\\"')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append('\\x%02x' % ord(ch))
        else:
            out.append(ch)
    return '"' + ''.join(out) + '"'


seen, values = set(), []
for f in files:
    src = subprocess.run(['git', '--git-dir', gitdir, 'show', '%s:%s' % (rev, f)],
                         check=True, capture_output=True, text=True).stdout
    # comments and rune literals are skipped; literals holding '//' (URLs) are kept
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)+\'|//[^\n]*|/\*.*?\*/',
                         src, re.S):
        t = m.group(0)
        if t.startswith('//') or t.startswith('/*') or t.startswith("'"):
            continue
        q = t if t[0] == '"' else quote_raw(t[1:-1])
        if q not in seen:
            seen.add(q)
            values.append(q)

print('# String literals of the Ingress-NGINX controller\'s own tests, used as values by')
print('# tests/validators_diff.go. Source: github.com/kubernetes/ingress-nginx @ %s,' % rev)
print('# %d files: internal/ingress/annotations/**/*_test.go and internal/net/*_test.go' % len(files))
print('# (Apache-2.0). Regenerate: tools/harvest-validator-values.py GITDIR %s' % rev)
print('# One Go string literal per line.')
for v in values:
    print(v)
