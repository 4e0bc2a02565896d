#!/usr/bin/env python3
"""gen-stream.py N - print a multi-document stream of N Ingresses (with a
Service every tenth document), annotated like real clusters, to stdout."""
import sys

ANN = [
    ('rewrite-target', '/$2'), ('ssl-redirect', '"true"'), ('proxy-body-size', '8m'),
    ('auth-url', '"https://auth.example.com/verify"'), ('enable-cors', '"true"'),
    ('upstream-hash-by', '"$http_x_user_id"'), ('limit-rps', '"20"'),
    ('proxy-read-timeout', '"60"'), ('configuration-snippet', '|\n      more_set_headers "X-A: b";'),
]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.stdout
    for i in range(n):
        if i % 10 == 0:
            out.write('---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-%d\n'
                      '  namespace: ns-%d\nspec:\n  ports:\n  - port: 80\n    name: http\n' % (i, i % 50))
        out.write('---\n# ingress %d\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n'
                  '  name: app-%d\n  namespace: ns-%d\n  labels:\n    app: app-%d\n  annotations:\n' % (i, i, i % 50, i))
        for j in range(i % 5 + 1):
            k, v = ANN[(i + j) % len(ANN)]
            out.write('    nginx.ingress.kubernetes.io/%s: %s\n' % (k, v))
        out.write('spec:\n  ingressClassName: nginx\n')
        if i % 3 == 0:
            out.write('  tls:\n  - hosts: [app-%d.example.com]\n    secretName: app-%d-tls\n' % (i, i))
        out.write('  rules:\n  - host: app-%d.example.com\n    http:\n      paths:\n' % i)
        for p in range(2):
            out.write('      - path: /v%d(/|$)(.*)\n        pathType: ImplementationSpecific\n'
                      '        backend:\n          service:\n            name: svc-%d\n'
                      '            port:\n              number: 80\n' % (p, i))


if __name__ == '__main__':
    main()
