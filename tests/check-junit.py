#!/usr/bin/env python3
"""check-junit.py FILE... - each FILE is well-formed XML of the JUnit shape
GitLab and Jenkins read: <testsuites> of <testsuite name tests failures>,
each of <testcase classname name> holding only <failure message type>,
<error>, <skipped>, <system-out> and <system-err>; every count attribute
agrees with the elements. Prints one line per problem; exit 1 on any."""
import sys
import xml.etree.ElementTree as ET

CASE_CHILDREN = {"failure", "error", "skipped", "system-out", "system-err"}


def check(path):
    bad = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return ["%s: not well-formed XML: %s" % (path, e)]
    if root.tag != "testsuites":
        return ["%s: root element is <%s>, not <testsuites>" % (path, root.tag)]
    total_tests = total_failures = 0
    for suite in root:
        if suite.tag != "testsuite":
            bad.append("%s: <%s> inside <testsuites>" % (path, suite.tag))
            continue
        for a in ("name", "tests", "failures"):
            if a not in suite.attrib:
                bad.append("%s: a <testsuite> without '%s'" % (path, a))
        cases = list(suite)
        failing = 0
        for case in cases:
            if case.tag != "testcase":
                bad.append("%s: <%s> inside <testsuite>" % (path, case.tag))
                continue
            for a in ("classname", "name"):
                if a not in case.attrib:
                    bad.append("%s: a <testcase> without '%s'" % (path, a))
            kids = [k.tag for k in case]
            if not set(kids) <= CASE_CHILDREN:
                bad.append("%s: <testcase> holds %s" % (path, sorted(set(kids) - CASE_CHILDREN)))
            for f in case.findall("failure"):
                if "message" not in f.attrib or "type" not in f.attrib:
                    bad.append("%s: a <failure> without 'message' or 'type'" % path)
            failing += 1 if "failure" in kids else 0
        if suite.get("tests") != str(len(cases)) or suite.get("failures") != str(failing):
            bad.append("%s: testsuite '%s' says tests=%s failures=%s, holds %d and %d" %
                       (path, suite.get("name"), suite.get("tests"), suite.get("failures"), len(cases), failing))
        total_tests += len(cases)
        total_failures += failing
    if root.get("tests") != str(total_tests) or root.get("failures") != str(total_failures):
        bad.append("%s: testsuites says tests=%s failures=%s, holds %d and %d" %
                   (path, root.get("tests"), root.get("failures"), total_tests, total_failures))
    return bad


problems = [p for f in sys.argv[1:] for p in check(f)]
for p in problems:
    print(p)
sys.exit(1 if problems or len(sys.argv) < 2 else 0)
