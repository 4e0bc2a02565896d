#!/usr/bin/env python3
"""check-converter-statuses.py BINARY DIR... - the rule table and the
findings agree (TAP): every finding of 'lint' (Higress Ingress target) on
every input under the DIRs whose row names a converter has the row's
status or one of its 'may-become' statuses. One test per input."""
import json
import os
import subprocess
import sys


def main():
    binary, dirs = sys.argv[1], sys.argv[2:]
    table = json.loads(subprocess.run([binary, "rules", "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)
    allowed = {}
    for row in table["rules"]:
        h = row["higress"]
        if h.get("convert"):
            allowed[row["name"]] = {h["status"], *h["may_become"]}
    inputs = sorted(os.path.join(root, f) for d in dirs for root, _, files in os.walk(d) for f in files
                    if f.endswith((".yaml", ".json")) and ".out." not in f)
    if not allowed or not inputs:
        print("1..1\nnot ok 1 - no converter rows or no inputs")
        return 1
    print(f"1..{len(inputs)}")
    fail = 0
    for n, path in enumerate(inputs, 1):
        run = subprocess.run([binary, "lint", "--format", "json", "--fail-on", "never", path],
                             capture_output=True, text=True)
        try:
            findings = json.loads(run.stdout)["findings"]
        except (ValueError, KeyError):
            findings = []	# an input error: nothing judged, nothing to compare
        bad = [f"{f['rule']} '{f['status']}' (the table allows {', '.join(sorted(allowed[f['rule']]))})"
               for f in findings if f.get("rule") in allowed and f["status"] not in allowed[f["rule"]]]
        checked = sum(1 for f in findings if f.get("rule") in allowed)
        if bad:
            fail = 1
            print(f"not ok {n} - {path}: {'; '.join(sorted(set(bad)))}")
        else:
            print(f"ok {n} - {path} ({checked} converted findings)")
    return fail


if __name__ == "__main__":
    sys.exit(main())
