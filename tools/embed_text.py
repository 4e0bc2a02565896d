#!/usr/bin/env python3
"""Embed a text file as a C string: embed_text.py OUTPUT.c SYMBOL FILE.

Writes `const char SYMBOL[]`, the bytes of FILE and a NUL.
"""
import sys


def main():
    out, sym, path = sys.argv[1:4]
    with open(path, 'rb') as f:
        data = f.read()
    rows = [''.join('0x%02x,' % b for b in data[i:i + 16]) for i in range(0, len(data), 16)]
    with open(out, 'w') as f:
        f.write('/* generated from %s by tools/embed_text.py; do not edit */\n' % path.split('/')[-1])
        f.write('extern const char %s[];\n' % sym)
        f.write('const char %s[] = {\n%s\n0x00 };\n' % (sym, '\n'.join(rows)))


if __name__ == '__main__':
    main()
