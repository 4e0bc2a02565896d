#!/bin/sh
# run-stream-compare.sh STREAM_COMPARE SRC_ROOT [CORPUS] - the object
# pass's fast reader (src/yaml_block.c) builds the trees libyaml does, node
# for node and mark for mark, with the same output, errors and counts, on
# every input of the test data, the shared corpus when present, the shapes
# of tests/run-index-compare.sh and the shapes below, made to sit at the
# fast reader's edges. Some must be read fast (else the fast path is gone);
# the rest may go to libyaml, document by document, but never read wrong.
set -u
cmp=${1:?usage: run-stream-compare.sh STREAM_COMPARE SRC_ROOT [CORPUS]}
root=${2:?}
corpus=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/shapes" "$tmp/index"
n=0
mk() {	# mk NAME: the case's text on stdin
	n=$((n + 1))
	cat >"$tmp/shapes/$(printf '%03d' $n)-$1.yaml"
}
raw() {	# raw NAME FORMAT...: a case written with printf
	n=$((n + 1))
	f="$tmp/shapes/$(printf '%03d' $n)-$1.yaml"
	shift
	printf "$@" >"$f"
}

mk plain <<'EOF'
# a comment
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: a   
  namespace: ns	x
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2 # trailing comment
    nginx.ingress.kubernetes.io/use-regex: "true"
    "quoted key": 'it''s'
    'single key' : v
    empty:
    empty-with-comment: # c
    colon:in: value:with:colons
    hash: a#b
    dashes: -x
    q: ?x
    c: :x
spec:
  tls:
  - hosts: [a.example.com, "b.example.com", 'c' ,d e]
    secretName: s
  - hosts: []
  -
  - - nested
    - seq
  -   spaced: item
      more: x
  rules:
  - host: a.example.com
    http:
      paths:
      - path: /p(/|$)(.*)
        backend:
          service:
            name: svc
            port:
              number: 80
EOF
mk escapes <<'EOF'
a: "tab\there \"q\" back\\slash \/ nul\0 bell\a bs\b esc\e ff\f vt\v cr\r nl\n sp\ x"
b: "hex \x41\xe9 u \u00e9\u2028 U \U0001F600 N\N _\_ L\L P\P"
c: 'single \n not an escape '' quote'
d: "trailing spaces   "
e: '  leading'
f: ""
g: ''
EOF
mk escape-quote <<'EOF'
h: "\'"
EOF
mk escape-unknown <<'EOF'
i: "\q"
EOF
mk bad-escape-u <<'EOF'
a: "\ud800"
EOF
mk bad-escape-x <<'EOF'
a: "\xZZ"
EOF
mk indentless <<'EOF'
a:
- x
- y: 1
  z: 2
-
- - deep
b:
  - x
  -
c:
d:
  e:
  - f
g: last
EOF
mk item-next-line <<'EOF'
-
  a: 1
-
  - x
- 
  b
EOF
mk no-newline-at-end </dev/null
printf 'a: 1\nb:\n  c: d' >"$tmp/shapes/$(printf '%03d' $n)-no-newline-at-end.yaml"
raw no-newline-seq 'a:\n- x\n- y'
raw no-newline-empty 'a:\n  b:'
raw no-newline-comment 'a: b\n# c'
raw no-newline-spaces 'a: b\n   '
raw no-newline-block 'a: |\n  text'
raw no-newline-comment-deep 'a:\n  b:\n    c: 1\n# S'
raw no-newline-comment-seq 'a:\n  - x\n  - y: 1\n    z: 2\n  # c'
raw no-newline-comment-indented 'a:\n  b:\n    - c\n      # c'
raw no-newline-dashes 'a: b\n---'
raw only-dashes '---'
raw empty ''
raw only-newline '\n'
raw only-comment '# c'
mk docs <<'EOF'
# prefix comment
---
a: 1
---
# Source: chart/templates/x.yaml
b: 2
---

---
# empty with comment
--- # comment on the marker
c: 3
---
- top
- seq
---
top scalar
---
"quoted top"
EOF
mk helm <<'EOF'
---
# Source: chart/templates/a.yaml
apiVersion: v1
kind: Service
metadata:
  name: a
# Source: chart/templates/b.yaml
---
apiVersion: v1
kind: Service
metadata:
  name: b
EOF
mk dots <<'EOF'
a: 1
...
---
b: 2
...
EOF
mk dots-comments <<'EOF'
a: 1
... # end
# after
---
...
---
b: 2
...
EOF
mk dots-twice <<'EOF'
a: 1
...
...
---
b: 2
EOF
mk dots-content <<'EOF'
a: 1
...
b: 2
EOF
mk dots-first <<'EOF'
...
---
b: 2
EOF
mk marker-content <<'EOF'
--- a
--- |
  text
--- "q"
---
b: 1
EOF
mk block-scalars <<'EOF'
a: |
  line 1
    indented
  line 3
b: |-
  strip

c: |+
  keep


d: >
  folded
  lines

  para
    more
  back
e: >-
  x
f: >+
  y

g: |2
    two more
h: |
  trailing spaces   
  	tab after indent
i: | # comment
  x
j: |

  leading empty
l: |
m: >

n: last
o:
- |
  in seq
- >-
  folded
  item
-   |
    deep
p: |
  text
 # less indented comment
q: |
  text
    # deeper comment is text
r: z
EOF
mk block-leading-spaces <<'EOF'
k: |
    
  spaces then less
EOF
mk block-leading-spaces-fewer <<'EOF'
k: |
  
    more then
EOF
mk block-scalar-end </dev/null
printf 'a: |\n  x\n\n\n' >"$tmp/shapes/$(printf '%03d' $n)-block-scalar-end.yaml"
raw block-scalar-end-spaces 'a: |+\n  x\n  \n \n'
raw block-empty-only 'a: |\nb: >-\n\nc: 1\n'
raw block-indicator-zero 'a: |0\n  x\n'
raw block-bad-header 'a: | x\n  y\n'
raw block-tab-indent 'a: |\n\tx\n'
mk block-then-dedent-deeper <<'EOF'
a: |
    x
  b: 1
EOF
mk continuation <<'EOF'
a: plain
  continued
EOF
mk continuation-seq <<'EOF'
- a
  b
EOF
mk continuation-quoted <<'EOF'
a: 'x'
  b: c
EOF
mk comment-between <<'EOF'
a: b
# c
  d
EOF
mk value-next-line <<'EOF'
a:
  b
c: d
EOF
mk between-levels <<'EOF'
a:
    b: 1
  c: 2
EOF
mk seq-between <<'EOF'
a:
  - x
 - y
EOF
mk adjacent-comment <<'EOF'
a: 'x'#c
b: [y]#c
EOF
mk key-colon-no-space <<'EOF'
a:b
c: d
EOF
mk inline-seq-after-key <<'EOF'
a: - b
EOF
mk inline-map-after-key <<'EOF'
a: b: c
EOF
mk spaces-before-colon <<'EOF'
a   : 1
"b"  : 2
EOF
mk tab-before-comment </dev/null
printf 'a: b\t# c\nc: d\n' >"$tmp/shapes/$(printf '%03d' $n)-tab-before-comment.yaml"
raw tab-indent 'a:\n\tb: 1\n'
raw tab-after-colon 'a:\tb\n'
raw tab-blank-line 'a: 1\n\t\nb: 2\n'
raw trailing-spaces 'a: 1   \nb:   \n  - x   \n'
raw cr-only 'a: 1\rb: 2\r'
raw crlf 'a: 1\r\nb: 2\r\n---\r\nc: 3\r\n'
raw non-ascii-comment '# caf\303\251\na: 1\n---\nb: 2\n'
raw non-ascii-value 'a: caf\303\251\n---\nb: 2\n'
raw bom '\357\273\277a: 1\n---\nb: 2\n'
raw del 'a: x\177y\n---\nb: 1\n'
mk flow-shapes <<'EOF'
a: [x, y]
b: [ x , y ]
c: [x,y]
d: [x,]
e: [x: y]
f: [[x]]
g: [{x: y}]
h: {x: y}
i: [x
  , y]
j: [x] trailing
k: [x y, z]
l: [-x]
m: ['a, b', "c]"]
EOF
mk flow-maps <<'EOF'
a: {x: y}
b: { x: y , z: [1, 2] }
c: {"x": 1, 'y': "2"}
d: {}
e: [{x: y}, {z: {w: v}}]
f:
  {x: y}
g:
- {x: y}
- [a, {b: c}]
h: {"json":"adjacent"}
i: [ ]
EOF
mk flow-map-top <<'EOF'
{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}}
EOF
mk flow-map-no-space <<'EOF'
a: {x:y}
EOF
mk flow-map-empty-value <<'EOF'
a: {x: }
EOF
mk flow-map-no-value <<'EOF'
a: {x}
EOF
mk flow-map-trailing-comma <<'EOF'
a: {x: y,}
EOF
mk flow-pair-in-seq <<'EOF'
a: [x: y]
EOF
mk flow-key <<'EOF'
{a: 1}: x
EOF
mk flow-multiline <<'EOF'
a: {x: y,
  z: w}
EOF
mk flow-colon-indicator <<'EOF'
a: [x:, y]
EOF
mk utf8 <<'EOF'
# résumé: überprüft, 日本語 🙂
café: naïve # ¿qué?
"ключ": 'значение ''x'''
flow: [à, "ü", {é: ö}]
block: |
  日本語
    テキスト
folded: >-
  a ß
  b ç
"日本": [x]
seq:
- 🙂
- é: ü
  ñ: 1
end: x
EOF
raw utf8-nbsp 'a: x\302\240y\n'
raw utf8-nel 'a: 1\n---\nb: x\302\205y\n---\nc: 1\n'
raw utf8-ls 'a: 1\n---\nb: x\342\200\250y\n---\nc: 1\n'
raw utf8-bom-inside 'a: 1\n---\nb: x\357\273\277y\n---\nc: 1\n'
raw utf8-overlong 'a: 1\n---\nb: x\300\257y\n---\nc: 1\n'
raw utf8-truncated 'a: x\342\202'
raw utf8-c1 'a: 1\n---\nb: x\302\200y\n---\nc: 1\n'
raw utf8-nonchar 'a: 1\n---\nb: x\357\277\276y\n---\nc: 1\n'
raw utf8-surrogate 'a: 1\n---\nb: x\355\240\200y\n---\nc: 1\n'
raw utf8-past-unicode 'a: 1\n---\nb: x\364\220\200\200y\n---\nc: 1\n'
raw utf8-4byte 'a: x\360\237\231\202y\n'
mk anchors <<'EOF'
a: &x 1
b: *x
c: !!str 2
EOF
mk complex-key <<'EOF'
? a
: b
EOF
mk directive <<'EOF'
%YAML 1.1
---
a: 1
EOF
mk directive-later <<'EOF'
a: 1
...
%YAML 1.1
---
b: 2
---
c: 3
EOF
mk duplicate-keys <<'EOF'
a: 1
a: 2
EOF
mk indented-root <<'EOF'
   a: 1
   b:
      c: 2
EOF
mk quoted-multiline <<'EOF'
a: "x
  y"
---
b: 1
EOF
mk quoted-runs-to-marker <<'EOF'
a: 'x
---
b: 1
EOF
mk error-then-more <<'EOF'
a: 1
---
b: [
---
c: 2
EOF
mk list <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: a
- apiVersion: v1
  kind: Service
  metadata:
    name: b
- not-an-object
metadata:
  name: l
EOF
mk list-anchors <<'EOF'
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: &m
    name: a
- apiVersion: v1
  kind: Service
  metadata: *m
---
apiVersion: v1
kind: Service
metadata:
  name: after
EOF
mk indicators <<'EOF'
a: @x
EOF
mk backtick <<'EOF'
a: `x
EOF
mk percent-value <<'EOF'
a: 50%
b: '%x'
EOF
mk key-dash <<'EOF'
-a: 1
- b
EOF
# a key near libyaml's 1024-character limit of simple keys, either side
k1000=$(printf '%01000d' 0 | tr 0 k)
k1030=$(printf '%01030d' 0 | tr 0 k)
raw long-key-1000 '%s: 1\nb: 2\n' "$k1000"
raw long-key-1030 '%s: 1\nb: 2\n' "$k1030"
raw long-value 'a: %s\n' "$k1030$k1030"
# nesting near the stream's limit of 256 and the fast reader's of 200
deep() {	# deep LEVELS
	i=0
	while [ $i -lt "$1" ]; do
		printf '%*sk:\n' $i ''
		i=$((i + 1))
	done
	printf '%*sv: 1\n' $i ''
}
n=$((n + 1)); deep 150 >"$tmp/shapes/$(printf '%03d' $n)-deep-150.yaml"
n=$((n + 1)); deep 230 >"$tmp/shapes/$(printf '%03d' $n)-deep-230.yaml"
n=$((n + 1)); deep 300 >"$tmp/shapes/$(printf '%03d' $n)-deep-300.yaml"
n=$((n + 1))
{	# a document longer than the fast reader takes, between short ones
	printf 'a: 1\n---\nitems:\n'
	awk 'BEGIN { for (i = 0; i < 40000; i++) printf "- name: item-%d\n  value: \"%d\"\n", i, i }'
	printf -- '---\nb: 2\n'
} >"$tmp/shapes/$(printf '%03d' $n)-long-document.yaml"

# a byte libyaml's reader rejects far into the input: the documents before
# are read fast, libyaml replays the input from its start to stop where it
# always did (objects before it reported, none after)
n=$((n + 1))
{
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s%d\n", i }'
	printf -- '---\nb: x\300\257y\n---\nc: 1\n'
} >"$tmp/shapes/$(printf '%03d' $n)-reader-error-far.yaml"
n=$((n + 1))
{
	awk 'BEGIN { for (i = 0; i < 8000; i++) printf "---\na: s%d\n", i }'
	printf -- '---\na: &x 1\nb: *x\n'
	awk 'BEGIN { for (i = 0; i < 8000; i++) printf "---\na: t%d\n", i }'
	printf -- '---\nb: x\377y\n'
} >"$tmp/shapes/$(printf '%03d' $n)-reader-error-after-libyaml.yaml"
n=$((n + 1))
{
	awk 'BEGIN { for (i = 0; i < 1000; i++) printf "---\na: s%d\n", i
		printf "---\nkind: List\nitems:\n"
		for (i = 0; i < 3000; i++) printf "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: i%d\n", i }'
	printf -- '- b: x\001y\n'
} >"$tmp/shapes/$(printf '%03d' $n)-reader-error-list.yaml"
n=$((n + 1))
{	# libyaml from the start (an anchor first), non-ASCII text across its blocks
	printf 'a: &x 1\nb: *x\n'
	awk 'BEGIN { for (i = 0; i < 9000; i++) printf "---\na: \342\202\254%d\n", i }'
	printf -- '---\nb: x\200y\n'
} >"$tmp/shapes/$(printf '%03d' $n)-reader-error-utf8.yaml"
n=$((n + 1))
{	# a List too long for the fast reader, read by libyaml from the start
	printf 'kind: List\nitems:\n'
	awk 'BEGIN { for (i = 0; i < 9000; i++) printf "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: \342\202\254%d\n", i }'
	printf -- '- b: x\200y\n'
} >"$tmp/shapes/$(printf '%03d' $n)-reader-error-long-list.yaml"

# (read in parts below) libyaml ends the last element only once it has
# read the tail's first key: an error there leaves the element unread
mk tail-error-list <<'EOF'
---
apiVersion: v1
items:
- apiVersion: v2
  kind: Service
  metadata:
    napec: jus
-t a li |
    x

# d
- [a, b]
kind: List
EOF
mk item-error-list <<'EOF'
items:
- apiVersion: v1
  kind: Service
- apiVersion: v1
  kind: Service
  b
- c
kind: List
EOF
# Lists longer than the fast reader takes whole, read in parts: each
# element of big-list-* a mix of the shapes kubectl prints and some it
# does not (block scalars, comments between items, non-object items)
bigitems() {	# bigitems N [SEED]: N elements of a List
	awk -v n="$1" -v s="${2:-0}" 'BEGIN { for (i = 0; i < n; i++) { k = (i + s) % 9
		if (k == 0) printf "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s%d\n    namespace: n\342\202\254\n  spec:\n    ports:\n    - port: 80\n      name: http\n", i
		else if (k == 1) printf "  # a comment inside item %d\n- apiVersion: networking.k8s.io/v1\n  kind: Ingress\n  metadata:\n    name: i%d\n    annotations:\n      nginx.ingress.kubernetes.io/configuration-snippet: |\n        more_set_headers \"X: %d\";\n\n        return 200;\n      b: >-\n        folded\n        text\n  spec:\n    rules:\n    - host: h%d.example.com\n", i, i, i, i
		else if (k == 2) printf "# a comment at column 0\n\n- kind: ConfigMap\n  apiVersion: v1\n  data:\n    keep: |+\n      kept\n\n", i
		else if (k == 3) printf "- plain-item-%d\n", i
		else if (k == 4) printf "- [a, {b: c}, \"d\\t%d\"]\n", i
		else if (k == 5) printf "-\n  apiVersion: v1\n  kind: Secret\n  metadata: {name: x%d, namespace: y}\n  data:\n    k: '\''v'\'''\''x'\''\n", i
		else if (k == 6) printf "- - nested\n  - seq %d\n", i
		else if (k == 7) printf "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: last%d\n    labels:\n      a: |\n        text\n# comment right after a block scalar\n", i
		else printf "-\n# an empty item\n" } }'
}
{
	printf 'apiVersion: v1\nitems:\n'
	bigitems 30000
	printf 'kind: List\nmetadata:\n  resourceVersion: ""\n'
} >"$tmp/shapes/$(printf '%03d' $((n + 1)))-big-list.yaml"
n=$((n + 1))
{	# other keys before items, comments before the first element, '---'
	# first, trailing spaces, more documents after it (one more List)
	printf -- '---\n# Source: x\napiVersion: v1\nmetadata:\n  a: b\n  c: [d]\nitems:   \n# first\n\n'
	bigitems 6000 3
	printf 'kind: List\n---\na: 1\n---\nkind: List\nitems:\n'
	bigitems 6000 5
	printf 'kind: List\n...\n---\nb: 2\n'
} >"$tmp/shapes/$(printf '%03d' $((n + 1)))-big-list-then-docs.yaml"
n=$((n + 1))
mkbig() {	# mkbig NAME: a big List around the text of $tmp/body (not in a pipe)
	n=$((n + 1))
	{
		printf -- '---\na: 1\n---\nkind: List\nitems:\n'
		bigitems 5000
		cat "$tmp/body"
	} >"$tmp/shapes/$(printf '%03d' $n)-$1.yaml"
}
printf -- '- b: x\001y\n' | bigitems 5000 1 >"$tmp/bigtail"
printf 'kind: List\n' >>"$tmp/bigtail"
{ printf -- '- c: x\302y\n'; cat "$tmp/bigtail"; } >"$tmp/body"; mkbig big-list-bad-byte
{ printf -- '- c: &a 1\n  d: *a\n'; cat "$tmp/bigtail"; } >"$tmp/body"; mkbig big-list-anchor
{ printf -- '- c: multi\n    line\n'; cat "$tmp/bigtail"; } >"$tmp/body"; mkbig big-list-multiline
{ printf -- '- c: [1,\n  2]\n'; bigitems 5000 2; } >"$tmp/body"; mkbig big-list-no-tail
{ bigitems 10 2; printf -- '---\nb: 1\n'; } >"$tmp/body"; mkbig big-list-dashes-after
{ bigitems 10 2; printf -- '...\n---\nb: 1\n'; } >"$tmp/body"; mkbig big-list-dots-after
{ printf -- '- a: |\n    text\n#c\n    more\n'; bigitems 10; printf 'kind: List\n'; } >"$tmp/body"; mkbig big-list-error-inside
{ printf -- '- a:\n'; awk 'BEGIN { for (i = 0; i < 30000; i++) printf "    k%d: v\n", i }'
  printf 'kind: List\n'; } >"$tmp/body"; mkbig big-list-huge-item
{ printf 'kind: List\nitems:\n  "k": 1\n'; } >"$tmp/body"; mkbig big-list-items-twice
{ printf 'x\n'; } >"$tmp/body"; mkbig big-list-scalar-tail
{ printf 'kind: List\na: b'; } >"$tmp/body"; mkbig big-list-eof-no-break

# the shapes of run-index-compare.sh: copied out by a stand-in comparer
printf '#!/bin/sh\nfor f; do case $f in "%s"/*) ;; *) cp "$f" "%s/" ;; esac; done\n' "$root" "$tmp/index" \
	>"$tmp/copy.sh"
chmod +x "$tmp/copy.sh"
sh "$root/tests/run-index-compare.sh" "$tmp/copy.sh" "$root" >/dev/null 2>&1

set -- "$tmp"/shapes/*.yaml "$tmp"/index/*.yaml
for d in "$root/testdata" ${corpus:+"$corpus"}; do
	[ -d "$d" ] || continue
	for f in $(find "$d" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort); do
		set -- "$@" "$f"
	done
done
out=$("$cmp" "$@")
rc=$?
printf '%s\n' "$out"
# every List again in parts, the documents longer than 600 bytes taken as
# too long whole (the shapes and the test data: the corpus has no Lists),
# and small Lists with parts of at most 100 bytes
small=$(I2H_FAST_MAX_DOC=600 "$cmp" "$tmp"/shapes/*.yaml $(find "$root/testdata" -type f -name '*.yaml' | sort) &&
	I2H_FAST_MAX_DOC=100 "$cmp" "$tmp"/shapes/*-list.yaml "$tmp"/shapes/*-list-anchors.yaml "$tmp"/index/*list*.yaml | sed 's/\.yaml (fast/.yaml-100 (fast/') || {
	printf '%s\n' "$small" | grep -v '^ok'
	echo "not ok - Lists read in parts differ from libyaml's" >&2
	rc=1
}
for must in big-list.yaml big-list-then-docs.yaml list.yaml-100; do
	printf '%s\n' "$small" | grep -Eq -- "/shapes/[0-9]+-$must \(fast ([0-9]+) of \1\)" || {
		echo "not ok - $must was not read in parts by the fast reader" >&2
		rc=1
	}
done
# the fast path is taken where it should be: every document of these
for must in plain escapes indentless item-next-line no-newline-at-end no-newline-seq no-newline-empty \
	no-newline-comment no-newline-comment-deep no-newline-comment-seq no-newline-comment-indented \
	no-newline-spaces no-newline-block only-dashes docs helm block-scalars block-empty-only \
	block-scalar-end block-scalar-end-spaces value-next-line spaces-before-colon trailing-spaces \
	duplicate-keys indented-root list percent-value dots dots-comments flow-maps flow-map-top utf8 \
	utf8-nbsp utf8-4byte non-ascii-comment non-ascii-value long-key-1000 long-value deep-150 \
	big-list big-list-then-docs big-list-items-twice big-list-eof-no-break; do
	printf '%s\n' "$out" | grep -Eq -- "/shapes/[0-9]+-$must.yaml \(fast ([0-9]+) of \1\)" || {
		echo "not ok - not every document of $must.yaml was read by the fast reader" >&2
		rc=1
	}
done
# ... and some documents of these, the others left to libyaml one by one
for must in directive-later quoted-multiline list-anchors bom long-document utf8-nel utf8-ls \
	utf8-bom-inside reader-error-far reader-error-after-libyaml reader-error-list reader-error-utf8 \
	big-list-bad-byte big-list-anchor big-list-multiline big-list-no-tail big-list-dashes-after \
	big-list-dots-after big-list-error-inside big-list-huge-item big-list-scalar-tail; do
	printf '%s\n' "$out" | grep -Eq -- "/shapes/[0-9]+-$must.yaml \(fast [1-9]" || {
		echo "not ok - no document of $must.yaml was read by the fast reader" >&2
		rc=1
	}
done
# most documents of the test data and the corpus
total=$(printf '%s\n' "$out" | grep -v -e "$tmp/" -e '^#' |
	sed -n 's/.*(fast \([0-9]*\) of \([0-9]*\))$/\1 \2/p' | awk '{ f += $1; d += $2 } END { print f + 0, d + 0 }')
set -- $total
if [ $# -ne 2 ] || [ "$2" -eq 0 ] || [ $(($1 * 100)) -lt $(($2 * 70)) ]; then
	echo "not ok - too few documents read by the fast reader: $total" >&2
	rc=1
fi
exit $rc
