#!/usr/bin/env python3
"""gen-stream.py [--list] [--non-ascii] N - print a multi-document stream of
N Ingresses (with a Service every tenth document), annotated like real
clusters, to stdout. --list prints one 'kind: List' document with the
objects in its 'items' instead, as 'kubectl get ingress,svc -A -o yaml'
does; --non-ascii adds a comment with non-ASCII text near the end."""
import sys

ANN = [
    ('rewrite-target', '/$2'), ('ssl-redirect', '"true"'), ('proxy-body-size', '8m'),
    ('auth-url', '"https://auth.example.com/verify"'), ('enable-cors', '"true"'),
    ('upstream-hash-by', '"$http_x_user_id"'), ('limit-rps', '"20"'),
    ('proxy-read-timeout', '"60"'), ('configuration-snippet', '|\n      more_set_headers "X-A: b";'),
]


def objects(i, n, non_ascii):
    """The text of the objects for Ingress i, each a list of lines."""
    objs = []
    if i % 10 == 0:
        objs.append(['apiVersion: v1', 'kind: Service', 'metadata:', '  name: svc-%d' % i,
                     '  namespace: ns-%d' % (i % 50), 'spec:', '  ports:', '  - port: 80', '    name: http'])
    o = ['# ingress %d' % i]
    if non_ascii and i == n - max(n // 100, 1):
        o.append('# r\u00e9sum\u00e9: \u00fcberpr\u00fcft, \u65e5\u672c')
    o += ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: app-%d' % i,
          '  namespace: ns-%d' % (i % 50), '  labels:', '    app: app-%d' % i, '  annotations:']
    for j in range(i % 5 + 1):
        k, v = ANN[(i + j) % len(ANN)]
        o += ('    nginx.ingress.kubernetes.io/%s: %s' % (k, v)).split('\n')
    o += ['spec:', '  ingressClassName: nginx']
    if i % 3 == 0:
        o += ['  tls:', '  - hosts: [app-%d.example.com]' % i, '    secretName: app-%d-tls' % i]
    o += ['  rules:', '  - host: app-%d.example.com' % i, '    http:', '      paths:']
    for p in range(2):
        o += ['      - path: /v%d(/|$)(.*)' % p, '        pathType: ImplementationSpecific',
              '        backend:', '          service:', '            name: svc-%d' % i,
              '            port:', '              number: 80']
    objs.append(o)
    return objs


def main():
    args = sys.argv[1:]
    as_list = '--list' in args
    non_ascii = '--non-ascii' in args
    rest = [a for a in args if not a.startswith('--')]
    n = int(rest[0]) if rest else 1000
    out = sys.stdout
    if as_list:
        out.write('apiVersion: v1\nitems:\n')
    for i in range(n):
        for o in objects(i, n, non_ascii):
            if as_list:
                body = [l for l in o if not l.startswith('#')]
                comments = [l for l in o if l.startswith('#')]
                out.write(''.join('  %s\n' % c for c in comments))
                out.write('- %s\n' % body[0])
                out.write(''.join('  %s\n' % l for l in body[1:]))
            else:
                out.write('---\n' + ''.join('%s\n' % l for l in o))
    if as_list:
        out.write('kind: List\nmetadata:\n  resourceVersion: ""\n')


if __name__ == '__main__':
    main()
