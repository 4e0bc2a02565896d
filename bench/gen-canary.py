#!/usr/bin/env python3
"""gen-canary.py N - print a multi-document stream of N Ingresses in pairs:
a primary with a WasmPlugin annotation (denylist-source-range) and a
canary by header on its host and path. Every primary gets a
'plugin-canary' finding, which the WasmPlugin step delivers after the
object pass (a late finding); the html and markdown reports must place it
back among its object's findings without holding the list."""
import sys


def pair(i):
    """The text of the primary and canary Ingress of pair i."""
    ns = 'ns-%d' % (i % 50)
    host = 'app-%d.example.com' % i
    docs = []
    for canary in (False, True):
        name = 'app-%d%s' % (i, '-canary' if canary else '')
        o = ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: ' + name,
             '  namespace: ' + ns, '  annotations:']
        if canary:
            o += ['    nginx.ingress.kubernetes.io/canary: "true"',
                  '    nginx.ingress.kubernetes.io/canary-by-header: X-Canary']
        else:
            o += ['    nginx.ingress.kubernetes.io/denylist-source-range: 10.%d.0.0/16' % (i % 256),
                  '    nginx.ingress.kubernetes.io/proxy-body-size: 8m']
        o += ['spec:', '  ingressClassName: nginx', '  rules:', '  - host: ' + host, '    http:',
              '      paths:', '      - path: /', '        pathType: Prefix', '        backend:',
              '          service:', '            name: %s' % name, '            port:',
              '              number: 80']
        docs.append('\n'.join(o))
    return docs


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.stdout
    for i in range(n // 2):
        for d in pair(i):
            out.write('---\n' + d + '\n')


if __name__ == '__main__':
    main()
