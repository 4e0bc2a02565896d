#!/bin/sh
# run-index-compare.sh INDEX_COMPARE SRC_ROOT [CORPUS] - the index pass's
# line scanner gives the facts of the full parse, byte for byte, on every
# input of the test data (golden, hostile, examples, the shared corpus when
# present) and on the shapes below, made to sit at the scanner's edges:
# each either read by the scanner, or with one document left to libyaml,
# or left to libyaml whole, never read wrong. Some shapes must be read by
# the scanner (else the fast path is gone), some with libyaml reading just
# the document the scanner cannot (else one such document slows the whole
# input down again).
set -u
cmp=${1:?usage: run-index-compare.sh INDEX_COMPARE SRC_ROOT [CORPUS]}
root=${2:?}
corpus=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
mk() {	# mk NAME: the case's text on stdin
	n=$((n + 1))
	cat >"$tmp/$(printf '%03d' $n)-$1.yaml"
}

mk plain <<'EOF'
# a comment
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  namespace: ns
  creationTimestamp: "2024-01-01T00:00:00Z"
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/use-regex: 'true'
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    kubernetes.io/ingress.class: nginx
    other: |
      block text: with colon
        deeper
    folded: >-
      x
spec:
  ingressClassName: other
  tls:
  - hosts: [a.example.com, b.example.com]
    secretName: s
  - hosts:
    - c.example.com
    -
    - ""
  - {}
  - scalar
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /p(/|$)(.*)
        pathType: ImplementationSpecific
        backend:
          service:
            name: svc
            port:
              number: 80
      - path: /q
        pathType: Prefix
        backend:
          service:
            name: svc
            port:
              name: http
      - backend:
          serviceName: old
          servicePort: http
      -
      - scalar
  - host: only.example.com
  - http:
      paths: []
    host: later.example.com
  - host: nopaths.example.com
    http: {}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: ns}
spec:
  ports:
  - name: http
    port: 80
    protocol: TCP
    appProtocol: http
  - port: "0x50"
  - scalar
  - {}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
EOF
mk flow-map <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: f}
spec:
  rules:
  - http:
      paths:
      - backend: {service: {name: a, port: {number: 80}}}
EOF
mk dots-later <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  ports:
    - name: a
      port: 81
...
---
kind: Ingress
apiVersion: extensions/v1beta1
metadata:
  name: legacy
spec:
  rules:
  - host: x
    http:
      paths:
      - backend:
          serviceName: s
          servicePort: 81
EOF
mk crlf </dev/null
printf 'apiVersion: networking.k8s.io/v1\r\nkind: Ingress\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  rules:\r\n  - host: h\r\n' >"$tmp/$(printf '%03d' $n)-crlf.yaml"
mk bom </dev/null
printf '\357\273\277apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: bom\n' >"$tmp/$(printf '%03d' $n)-bom.yaml"
mk indented-root <<'EOF'
---
   apiVersion: networking.k8s.io/v1
   kind: Ingress
   metadata:
      name: deep
   spec:
      rules:
         -   host: spaced
             http:
               paths:
                 - path: /
EOF
mk null-values <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name:
  namespace: ~
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target:
spec:
  ingressClassName: ""
  rules:
  - host:
    http:
      paths:
      - path:
        pathType:
        backend:
          service:
            name:
            port:
              number:
EOF
mk empty-docs <<'EOF'
---
# nothing
---
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {}
---
EOF
mk dup-key <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  name: b
EOF
mk dup-annotation <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary: "false"
EOF
mk dup-other <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  labels:
    x: a
    x: b
EOF
mk anchors <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: &n a
  namespace: *n
EOF
mk merge <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  <<: {name: m}
EOF
mk multiline-plain <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
    b
EOF
mk multiline-quoted <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: "a
    b"
EOF
mk value-next-line <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name:
    a
EOF
mk escapes <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: "a\x41"
  namespace: 'it''s'
EOF
mk quoted-key <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
"metadata":
  name: q
EOF
mk tag <<'EOF'
apiVersion: networking.k8s.io/v1
kind: !!str Ingress
metadata:
  name: t
EOF
mk tab <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name:	tab
EOF
mk list <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: in-list
EOF
mk json <<'EOF'
{"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "j"}}
EOF
mk directive <<'EOF'
%YAML 1.1
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: d
EOF
mk explicit-key <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  ? name
  : e
EOF
mk utf8 <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: café
EOF
mk container-null <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
spec:
  rules:
EOF
mk container-scalar <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
spec:
  rules:
  - host: h
    http: none
EOF
mk sequence-doc <<'EOF'
- a
- b
EOF
mk bad-indent <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
    name: a
  namespace: b
EOF
mk syntax-error-later <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: before
---
apiVersion: v1
kind: Service
metadata:
  name: [unclosed
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk block-indicator <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b
  annotations:
    x: |2
       indented
EOF
mk block-leading-blank <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  annotations:
    x: |
          
      text
  name: b
EOF
mk colon-in-value <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a: b
EOF
mk comment-in-values <<'EOF'
apiVersion: networking.k8s.io/v1   # the API
kind: Ingress #k
metadata:
  name: a#b # not part of it
  namespace: "n" # quoted
spec:
  rules:
  - # an item on the next line
    host: h
    http:
      paths:
        # a comment
        - path: /x # c
EOF
mk indentless-nested <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: s
spec:
  ports:
  - name: a
    port: 1
  - 
    name: b
    port: 2
  selector:
    app: x
EOF
mk secrets <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/auth-secret: " other/users "
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: b
  annotations:
    nginx.ingress.kubernetes.io/auth-secret: htpasswd
---
# the 'auth' lines of an auth-file Secret: apr1, bcrypt, a comment, {PLAIN}, no colon
apiVersion: v1
kind: Secret
metadata:
  name: htpasswd
type: Opaque
data:
  auth: YWxpY2U6JGFwcjEkRVhmQk4xYkYkbnV5d1NGVG5QVGNxYkg1ejR4NklHLwpib2I6JDJ5JDA1JGM0V29NUG8zU1hzYWZrdmEuSEhhNnVYUVpXcjdvYm9QaUMyYlQvcjdxMUJCOEkyczBCUnFDCiMgYSBjb21tZW50CmNhcm9sOntQTEFJTn1odW50ZXIyLXBsYWludGV4dAp6b2UK
  bad: "not base64!"
  other: {x: aGk=, y: 'eQ=='}
stringData:
  bad: $apr1$x$y
  other: ""
---
apiVersion: v1
kind: Secret
metadata:
  name: users
  namespace: other
stringData:
  dave: $apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/
  erin: '{PLAIN}secret'
  "quoted key": x
---
apiVersion: v1
kind: Secret
metadata: {name: tls, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTg==
  tls.key: LS0tLS1CRUdJTg==
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  big: |
    block text
  nested:
    a: b
EOF
mk secret-plain <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: users
stringData:
  dave: $apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/
  erin: '{PLAIN}secret'
  bad: $apr1$x$y
data:
  auth: ZGF2ZTokYXByMSRFWGZCTjFiRiRudXl3U0ZUblBUY3FiSDV6NHg2SUcvCg==
  bad: "not base64!"
  dave: aGFzaA==
---
apiVersion: v1
kind: Secret
metadata: {name: flow}
data: {auth: ZGF2ZTo=, x: ''}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  big: |
    block text
  nested:
    a: b
EOF
mk secret-null-data <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: empty
data:
stringData:
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: empty
data:
EOF
mk secret-block <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: block
stringData:
  auth: |
    alice:$apr1$EXfBN1bF$nuywSFTnPTcqbH5z4x6IG/
    bob:{PLAIN}x
EOF
mk secret-null <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: nulls
data:
  empty:
  other: x
EOF
mk seq-item-seq <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
spec:
  rules:
  - - nested
EOF
mk no-newline </dev/null
printf 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: last' >"$tmp/$(printf '%03d' $n)-no-newline.yaml"
mk last-line-later-document </dev/null
printf -- '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: x\napiVersion: other' >"$tmp/$(printf '%03d' $n)-last-line-later-document.yaml"
mk configmap-plain <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  ssl-redirect: "false"
  use-gzip: 'true'
  proxy-body-size: 8m # a comment
  keep-alive: 75
  hsts: true
  gzip-types: application/json text/css
  empty: ""
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app
data:
  color: blue
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: tuning
data:
  ssl-redirect: "false"
  proxy-body-size: 1m
EOF
mk configmap-snippet <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
data:
  http-snippet: |
    lua_shared_dict a 1m;
EOF
mk configmap-flow <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata: {name: nginx-configuration}
data: {ssl-redirect: "false", use-gzip: "true"}
EOF
mk configmap-null <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: nginx-configuration
data:
  ssl-redirect:
  use-gzip: "true"
EOF
mk lone-cr </dev/null
printf 'apiVersion: networking.k8s.io/v1\rkind: Ingress\n' >"$tmp/$(printf '%03d' $n)-lone-cr.yaml"
mk del </dev/null
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: abcdefgh\177ijklmnop\n' >"$tmp/$(printf '%03d' $n)-del.yaml"
mk control </dev/null
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: abcdefghij\037klmnop\n' >"$tmp/$(printf '%03d' $n)-control.yaml"

# Lists: 'kind: List' with 'items' (kubectl get -o yaml), read by the scanner
mk list <<'EOF'
apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: svc
    namespace: ns
  spec:
    ports:
    - port: 80
      name: http
  # between elements
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata:
    name: a
    namespace: ns
    annotations:
      nginx.ingress.kubernetes.io/use-regex: "true"
  spec:
    ingressClassName: nginx
    tls:
    - hosts: [a.example.com]
      secretName: a-tls
    rules:
    - host: a.example.com
      http:
        paths:
        - path: /
          pathType: Prefix
          backend:
            service:
              name: svc
              port:
                name: http
- apiVersion: v1
  kind: Secret
  metadata:
    name: a-tls
    namespace: ns
  type: kubernetes.io/tls
  data:
    tls.crt: Y3J0
    tls.key: a2V5
kind: List
metadata:
  resourceVersion: ""
EOF
mk list-indented <<'EOF'
kind: List
apiVersion: v1
items:
  - apiVersion: networking.k8s.io/v1
    kind: IngressClass
    metadata:
      name: nginx
      annotations:
        ingressclass.kubernetes.io/is-default-class: "true"
    spec:
      controller: k8s.io/ingress-nginx
  - apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata: {name: b, namespace: ns}
    spec:
      rules:
      - host: b.example.com
---
apiVersion: v1
kind: List
items:
EOF
mk list-left <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: root
items:
- name: not-an-object
- kind: Service
- apiVersion: v1
  kind: Service
  metadata:
    name: s
spec:
  rules:
  - host: root.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: root2
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: s2
- plain scalar
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: root3
items:
- kind: Thing
EOF
mk list-empty <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: e
items: []
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: f
items: {a: b}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: g
items: scalar
EOF
mk list-nested-items <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: List
  items:
  - apiVersion: v1
    kind: Service
    metadata:
      name: inner
- apiVersion: v1
  kind: Service
  metadata:
    name: outer
  items:
    - x
EOF
mk list-flow-items <<'EOF'
apiVersion: v1
kind: List
items: [{apiVersion: v1, kind: Service, metadata: {name: flow}}]
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk list-item-below-dash <<'EOF'
apiVersion: v1
kind: List
items:
-
  apiVersion: v1
  kind: Service
  metadata:
    name: below
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk list-anchors <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: &m
    name: anchored
- apiVersion: v1
  kind: Service
  metadata: *m
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk list-secret-block <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Secret
  metadata:
    name: htpasswd
  stringData:
    auth: |
      alice:x
- apiVersion: v1
  kind: Service
  metadata:
    name: s
EOF
mk list-dup-items <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: one
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: two
EOF
mk list-nul-kind <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion:
  kind:
  metadata:
    name: nulls
- metadata:
    name: neither
EOF
# non-ASCII text: read where it is only copied or skipped
mk non-ascii <<'EOF'
# résumé: überprüft, 日本語 🙂
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: café
  namespace: ns
  annotations:
    description: "naïve ‘quotes’"
    ünïcödé-key: x
    flow: [à, b]
    nginx.ingress.kubernetes.io/configuration-snippet: |
      # ¿qué?
spec:
  rules:
  - host: bücher.example
    http:
      paths:
      - path: /straße
        pathType: Prefix
        backend:
          service:
            name: svc
            port:
              number: 80
EOF
# documents the scanner gives to libyaml, one at a time (the others it reads)
mk doc-anchor <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: anchored
  labels: &l
    a: b
  annotations: *l
spec:
  rules:
  - host: x.example.com
---
# a comment
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: last
spec:
  tls:
  - secretName: t
EOF
mk doc-tab <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
---
apiVersion: v1
kind: Service
metadata:
  name: tab	x
---
apiVersion: v1
kind: Service
metadata:
  name: last
EOF
mk doc-marker-content <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
--- {apiVersion: v1, kind: Service, metadata: {name: flow}}
--- !!map
apiVersion: v1
kind: Service
metadata:
  name: tagged
---
apiVersion: v1
kind: Service
metadata:
  name: last
EOF
mk doc-end-marker <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
...
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk doc-directive-later <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
---
apiVersion: v1
kind: Service
metadata:
  name: "escaped\u0041"
...
%YAML 1.1
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk doc-quoted-runs-on <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: "runs
---
apiVersion: v1
kind: Service
metadata:
  name: later
EOF
mk doc-error-later <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: first
---
apiVersion: v1
kind: Service
metadata:
  name: &a x
  other: *b
EOF
mk doc-secret-block <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a
  annotations:
    nginx.ingress.kubernetes.io/auth-secret: htpasswd
---
apiVersion: v1
kind: Secret
metadata:
  name: htpasswd
stringData:
  auth: |
    alice:x
---
apiVersion: v1
kind: Service
metadata:
  name: later
EOF
mk bool-spellings <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c-true
  annotations:
    nginx.ingress.kubernetes.io/canary: "True"
    nginx.ingress.kubernetes.io/use-regex: '1'
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c-t
  annotations:
    nginx.ingress.kubernetes.io/canary: t
    nginx.ingress.kubernetes.io/use-regex: "TRUE"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c-false
  annotations:
    nginx.ingress.kubernetes.io/canary: "False"
    nginx.ingress.kubernetes.io/use-regex: "0"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c-yes
  annotations:
    nginx.ingress.kubernetes.io/canary: "yes"
    nginx.ingress.kubernetes.io/use-regex: " true"
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: c-plain
  annotations:
    nginx.ingress.kubernetes.io/canary: True
    nginx.ingress.kubernetes.io/use-regex: 1
EOF
raw() {	# raw NAME FORMAT...: a case written with printf
	n=$((n + 1))
	f="$tmp/$(printf '%03d' $n)-$1.yaml"
	shift
	printf "$@" >"$f"
}
svc='apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\n'
raw nel "$svc---\n$svc---\n$svc" first 'a\302\205b' last
raw line-separator "$svc---\n$svc---\n$svc" first 'a\342\200\250b' last
raw bom-later "$svc---\n\357\273\277$svc" first bom
raw lone-cr-later "$svc---\n$svc---\n$svc" first 'x\r  namespace: y' last
raw overlong "$svc" 'a\300\257b'
raw surrogate "$svc" 'a\355\240\200b'
raw nonchar "$svc" 'a\357\277\276b'
raw c1-control "$svc" 'a\302\200b'
raw truncated-utf8 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\342\202'
n=$((n + 1))
{
	printf "$svc" first
	i=0
	while [ $i -lt 300 ]; do
		printf -- "---\n$svc" "s$i"
		i=$((i + 1))
	done
	printf -- '---\n# caf\351\n'
} >"$tmp/$(printf '%03d' $n)-invalid-utf8-late.yaml"

n=$((n + 1))
{	# a List longer than the scanner's window, given to libyaml at its end
	printf 'apiVersion: v1\nitems:\n'
	i=0
	while [ $i -lt 2000 ]; do
		printf -- '- apiVersion: networking.k8s.io/v1\n  kind: Ingress\n  metadata:\n    name: i%d\n' $i
		printf '  spec:\n    rules:\n    - host: h%d.example.com\n' $i
		i=$((i + 1))
	done
	printf -- '- apiVersion: v1\n  kind: Service\n  metadata: &m\n    name: anchored\nkind: List\n'
	printf -- '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: after\n'
} >"$tmp/$(printf '%03d' $n)-list-long-bad.yaml"

set -- "$tmp"/*.yaml
for d in "$root/testdata" ${corpus:+"$corpus"}; do
	[ -d "$d" ] || continue
	for f in $(find "$d" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort); do
		set -- "$@" "$f"
	done
done
out=$("$cmp" "$@")
rc=$?
printf '%s\n' "$out"
# the fast path is taken where it should be
for must in plain crlf bom indented-root null-values empty-docs dup-other comment-in-values \
	indentless-nested no-newline secret-plain secret-null-data configmap-plain list list-indented list-empty \
	list-nested-items non-ascii bool-spellings; do
	printf '%s\n' "$out" | grep -q -- "-$must.yaml (scanned)" || {
		echo "not ok - $must.yaml was not read by the scanner" >&2
		rc=1
	}
done
# a document the scanner cannot read goes to libyaml alone, the others not
for must in list-flow-items list-item-below-dash list-anchors list-secret-block list-dup-items list-left \
	list-nul-kind list-long-bad doc-anchor doc-tab doc-marker-content doc-end-marker doc-secret-block; do
	printf '%s\n' "$out" | grep -q -- "-$must.yaml (mixed)" || {
		echo "not ok - $must.yaml was not read by the scanner with libyaml for one document" >&2
		rc=1
	}
done
exit $rc
