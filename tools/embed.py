#!/usr/bin/env python3
"""Embed a data file in C: embed.py OUTPUT.c SYMBOL INPUT.

Writes `const char SYMBOL[]` (NUL-terminated) and `const size_t SYMBOL_len`.
"""
import sys


def main():
    out, sym, src = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(src, 'rb') as f:
        data = f.read()
    lines = []
    for i in range(0, len(data), 16):
        chunk = data[i:i + 16]
        lines.append(''.join('0x%02x,' % b for b in chunk))
    with open(out, 'w') as f:
        f.write('/* generated from %s by tools/embed.py; do not edit */\n' % src.split('/')[-1])
        f.write('#include <stddef.h>\n')
        f.write('extern const char %s[];\nextern const size_t %s_len;\n' % (sym, sym))
        f.write('const char %s[] = {\n' % sym)
        f.write('\n'.join(lines))
        f.write('\n0x00 };\n')
        f.write('const size_t %s_len = %d;\n' % (sym, len(data)))


if __name__ == '__main__':
    main()
