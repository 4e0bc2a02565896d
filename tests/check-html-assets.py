#!/usr/bin/env python3
"""check-html-assets.py BINARY INPUT CSS JS - the HTML report's assets (TAP).

The golden HTML reports compare the page's content only (run-golden.sh
puts placeholders where the style and script stand); this is the test of
the assets themselves, on the report of 'lint --report-format html' of
INPUT: the <style> element holds CSS byte for byte, the <script> element
JS, each once, and the Content-Security-Policy allows exactly those two
by their SHA-256 (a stale hash would make a browser refuse them;
html-chromium renders the page).
"""
import base64
import hashlib
import re
import subprocess
import sys


def sha256_source(data):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(data).digest()).decode()


def main():
    binary, input_path, css_path, js_path = sys.argv[1:5]
    with open(css_path, 'rb') as f:
        css = f.read()
    with open(js_path, 'rb') as f:
        js = f.read()
    run = subprocess.run([binary, 'lint', '--fail-on', 'never', '--report-format', 'html', input_path],
                         input=b"", stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    page = run.stdout
    checks = []
    checks.append(('the report is written (exit 0)', run.returncode == 0, run.stderr.decode(errors='replace')))
    styles = re.findall(rb'<style>(.*?)</style>', page, re.S)
    scripts = re.findall(rb'<script>(.*?)</script>', page, re.S)
    checks.append(('one style element, report_html.css byte for byte', styles == [css],
                   '%d style elements' % len(styles)))
    checks.append(('one script element, report_html.js byte for byte', scripts == [js],
                   '%d script elements' % len(scripts)))
    csp = re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    policy = csp.group(1).decode() if csp else ''
    checks.append(('the policy allows the style by its hash', 'style-src %s;' % sha256_source(css) in policy,
                   policy))
    checks.append(('the policy allows the script by its hash', 'script-src %s;' % sha256_source(js) in policy,
                   policy))
    checks.append(('the policy allows nothing else', policy.startswith("default-src 'none';")
                   and policy.count('sha256-') == 2, policy))
    print('1..%d' % len(checks))
    failed = 0
    for n, (what, ok, detail) in enumerate(checks, 1):
        print('%s %d - %s' % ('ok' if ok else 'not ok', n, what))
        if not ok:
            failed = 1
            for line in detail.splitlines()[:10]:
                print('#   ' + line)
    return failed


if __name__ == '__main__':
    sys.exit(main())
