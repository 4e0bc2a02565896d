#!/usr/bin/env python3
"""Embed the HTML report's style and script: embed_html.py OUTPUT.c CSS JS.

Writes `const char i2h_html_css[]`, `i2h_html_js[]` and `i2h_html_csp[]`,
the page's Content-Security-Policy, which allows exactly this style and
this script (by their SHA-256) and nothing from the network.
"""
import base64
import hashlib
import sys


def c_string(data):
    out = []
    for i in range(0, len(data), 16):
        out.append(''.join('0x%02x,' % b for b in data[i:i + 16]))
    return '{\n' + '\n'.join(out) + '\n0x00 }'


def digest(data):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(data).digest()).decode()


def main():
    out, css_path, js_path = sys.argv[1:4]
    with open(css_path, 'rb') as f:
        css = f.read()
    with open(js_path, 'rb') as f:
        js = f.read()
    csp = ("default-src 'none'; style-src %s; script-src %s; img-src data:; "
           "base-uri 'none'; form-action 'none'" % (digest(css), digest(js))).encode()
    with open(out, 'w') as f:
        f.write('/* generated from report_html.css and report_html.js by tools/embed_html.py; do not edit */\n')
        for sym, data in (('i2h_html_css', css), ('i2h_html_js', js), ('i2h_html_csp', csp)):
            f.write('extern const char %s[];\n' % sym)
            f.write('const char %s[] = %s;\n' % (sym, c_string(data)))


if __name__ == '__main__':
    main()
