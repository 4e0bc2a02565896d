#!/bin/sh
# run-cli.sh BINARY EXAMPLE - command-line behaviour (TAP): output files,
# --in-place atomicity and modes, standard input, exit statuses, colour.
bin=$1 example=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

echo "1..60"
cp "$example" "$tmp/a.yaml"
chmod 640 "$tmp/a.yaml"
cp "$tmp/a.yaml" "$tmp/orig.yaml"

"$bin" convert --fail-on never --report "$tmp/report.txt" "$tmp/a.yaml" >"$tmp/stdout.yaml"
check "convert to stdout exits 0 with --fail-on never" "[ $? = 0 ]"
"$bin" convert --fail-on never --report "$tmp/report.txt" -o "$tmp/out.yaml" "$tmp/a.yaml" >"$tmp/empty"
check "-o writes the same bytes as stdout" "cmp -s '$tmp/out.yaml' '$tmp/stdout.yaml'"
check "-o leaves stdout empty" "[ ! -s '$tmp/empty' ]"
check "-o leaves no temporary file" "[ -z \"\$(ls -A '$tmp' | grep i2h-)\" ]"

"$bin" convert --in-place --fail-on never --report "$tmp/report.txt" "$tmp/a.yaml"
check "--in-place rewrites the file" "cmp -s '$tmp/a.yaml' '$tmp/stdout.yaml'"
check "--in-place keeps the file mode" "[ \"\$(stat -c %a '$tmp/a.yaml')\" = 640 ]"
"$bin" convert --in-place --fail-on never --report "$tmp/report.txt" "$tmp/a.yaml"
check "converting converted output again changes nothing" "cmp -s '$tmp/a.yaml' '$tmp/stdout.yaml'"

cp "$tmp/orig.yaml" "$tmp/b.yaml"
printf 'kind: Broken\n  bad: [\n' >"$tmp/c.yaml"
"$bin" convert --in-place --report "$tmp/report.txt" "$tmp/b.yaml" "$tmp/c.yaml" 2>"$tmp/err"
check "--in-place with a malformed file exits 2" "[ $? = 2 ]"
check "--in-place replaces nothing when one input fails" "cmp -s '$tmp/b.yaml' '$tmp/orig.yaml'"
check "the error names file:line:col" "grep -q '^$tmp/c.yaml:[0-9]*:[0-9]*: error: ' '$tmp/err'"
check "no temporary file is left behind" "[ -z \"\$(ls -A '$tmp' | grep i2h-)\" ]"

echo keep >"$tmp/target.yaml"
"$bin" convert --report "$tmp/report.txt" -o "$tmp/target.yaml" "$tmp/c.yaml" 2>"$tmp/err2"
check "-o is not replaced on malformed input" "[ \"\$(cat '$tmp/target.yaml')\" = keep ]"
"$bin" convert --report "$tmp/report.txt" "$tmp/c.yaml" >"$tmp/partial" 2>"$tmp/err2"
check "no partial output on stdout after an input error" "[ ! -s '$tmp/partial' ]"

: >"$tmp/empty-in"
"$bin" convert --in-place - <"$tmp/empty-in" 2>"$tmp/err"
check "--in-place with stdin is a usage error" "[ $? = 2 ] && grep -q 'error:' '$tmp/err'"

"$bin" lint --fail-on never <"$example" >"$tmp/lint.txt"
check "lint reads standard input by default" "[ $? = 0 ] && grep -q '^<stdin>:[0-9]*:[0-9]*: critical: ' '$tmp/lint.txt'"
"$bin" lint "$example" >"$tmp/junk"
check "lint exits 1 on findings at the default --fail-on error" "[ $? = 1 ]"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n' | "$bin" lint >"$tmp/junk"
check "lint exits 0 on clean input" "[ $? = 0 ]"
"$bin" lint --fail-on critical "$tmp/orig.yaml" >"$tmp/junk"
check "--fail-on critical still fails on critical findings" "[ $? = 1 ]"

NO_COLOR=1 script -qec "'$bin' lint --fail-on never '$example'" "$tmp/typescript" >"$tmp/tty.txt" 2>&1
check "NO_COLOR disables colour on a terminal" "! grep -q \"\$(printf '\\033')\" '$tmp/tty.txt'"
env -u NO_COLOR TERM=xterm script -qec "'$bin' lint --fail-on never '$example'" "$tmp/typescript" >"$tmp/tty.txt" 2>&1
check "colour on a terminal" "grep -q \"\$(printf '\\033')\" '$tmp/tty.txt'"
"$bin" lint --fail-on never "$example" | grep -q "$(printf '\033')"
check "no colour when not a terminal" "[ $? != 0 ]"

"$bin" --version | grep -q '^ingress2higress [0-9]'
check "--version" "[ $? = 0 ]"
"$bin" convert --help | grep -q -- '--in-place'
check "convert --help lists its options" "[ $? = 0 ]"
"$bin" lint --help >"$tmp/lint-help.txt"
check "lint --help lists --to but not convert's options" \
	"grep -q -- '--to TARGET' '$tmp/lint-help.txt' && ! grep -q -- '--in-place' '$tmp/lint-help.txt'"
"$bin" lint --check "$example" >"$tmp/o.txt" 2>"$tmp/e.txt"
check "an option of another command: exit 2, naming the command it belongs to" \
	"[ $? = 2 ] && grep -q \"option '--check' does not apply to 'lint'; it is an option of 'convert' and 'rules'\" '$tmp/e.txt'"
"$bin" lint --to gateway --fail-on never "$example" >"$tmp/o.txt" 2>"$tmp/e.txt"
check "lint --to gateway runs" "[ $? = 0 ] && [ -s '$tmp/o.txt' ]"
"$bin" convert --to gateway --fail-on never "$example" >"$tmp/o.txt" 2>"$tmp/e.txt"
check "convert --to gateway writes Gateway API objects" \
	"[ $? = 0 ] && grep -q '^kind: HTTPRoute$' '$tmp/o.txt'"
"$bin" convert --to gateway --in-place "$tmp/o.txt" >"$tmp/o2.txt" 2>"$tmp/e.txt"
check "convert --to gateway --in-place without --gateway-out: exit 2, naming the option" \
	"[ $? = 2 ] && grep -q -- '--gateway-out FILE' '$tmp/e.txt'"
mkdir "$tmp/gw"
cp "$example" "$tmp/gw/a.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' >"$tmp/gw/c.yaml"
cp "$tmp/gw/c.yaml" "$tmp/c.orig"
"$bin" convert --to gateway --fail-on never --report "$tmp/r1.txt" "$tmp/gw/a.yaml" >"$tmp/gw-stdout.yaml"
"$bin" convert --to gateway --fail-on never --report "$tmp/r2.txt" -i --gateway-out "$tmp/gw.yaml" "$tmp/gw"
check "convert --to gateway -i --gateway-out: exit 0" "[ $? = 0 ]"
check "... the Gateway API objects go to the --gateway-out file" \
	"grep -q '^kind: HTTPRoute\$' '$tmp/gw.yaml' && ! grep -q '^kind: Ingress\$' '$tmp/gw.yaml'"
check "... the inputs lose their converted Ingresses, files without any stay as they were" \
	"! grep -q '^kind: Ingress\$' '$tmp/gw/a.yaml' && cmp -s '$tmp/gw/c.yaml' '$tmp/c.orig'"
check "... the input and the objects together are what standard output gets" \
	"cat '$tmp/gw/a.yaml' '$tmp/gw.yaml' | cmp -s - '$tmp/gw-stdout.yaml'"
cp "$tmp/gw.yaml" "$tmp/gw.before"
"$bin" convert --to gateway -i --gateway-out "$tmp/gw/c.yaml" "$tmp/gw" >/dev/null 2>"$tmp/e.txt"
check "--gateway-out naming an input: exit 2, nothing written" \
	"[ $? = 2 ] && grep -q \"gateway-out '.*c.yaml' is the input\" '$tmp/e.txt' && cmp -s '$tmp/gw/c.yaml' '$tmp/c.orig'"
"$bin" convert --gateway-out "$tmp/x.yaml" "$example" >/dev/null 2>"$tmp/e.txt"
check "--gateway-out without --to gateway: exit 2" "[ $? = 2 ] && [ ! -e '$tmp/x.yaml' ]"
"$bin" lint --to nginx "$example" >"$tmp/o.txt" 2>"$tmp/e.txt"
check "an unknown target: exit 2" "[ $? = 2 ] && grep -q \"unknown target 'nginx'\" '$tmp/e.txt'"
"$bin" convert --keep-class --fail-on never --report "$tmp/report.txt" "$example" >"$tmp/k1.yaml"
"$bin" convert --keep-class --fail-on never --report "$tmp/report.txt" "$tmp/k1.yaml" >"$tmp/k2.yaml"
check "convert --keep-class is idempotent" "cmp -s '$tmp/k1.yaml' '$tmp/k2.yaml'"

cat >"$tmp/late.yaml" <<'YAML'
items:
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: a, annotations: {nginx.ingress.kubernetes.io/limit-rps: "5"}}
  spec: {ingressClassName: corp}
- apiVersion: networking.k8s.io/v1
  kind: IngressClass
  metadata: {name: corp}
  spec: {controller: k8s.io/ingress-nginx}
kind: List
YAML
"$bin" lint --fail-on never <"$tmp/late.yaml" >"$tmp/late.txt"
check "an IngressClass after its Ingresses on stdin still counts" "grep -q '^<stdin>:4:.*limit-rps' '$tmp/late.txt'"

printf 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n' >"$tmp/svc.yaml"
touch -d '2020-01-01 00:00:00' "$tmp/svc.yaml"
"$bin" convert --in-place --report "$tmp/report.txt" "$tmp/svc.yaml"
check "--in-place leaves a file without changes untouched (mtime kept)" "[ \"\$(stat -c %Y '$tmp/svc.yaml')\" = \"\$(date -d '2020-01-01 00:00:00' +%s)\" ]"
"$bin" lint --in-place x 2>"$tmp/err2"
check "an option of another command is a usage error" "[ $? = 2 ]"

"$bin" convert --fail-on never --report-format html --report "$tmp/review.html" "$example" >"$tmp/conv.yaml"
check "convert --report-format html writes the page to --report, the YAML to stdout" \
	"[ $? = 0 ] && head -1 '$tmp/review.html' | grep -qx '<!DOCTYPE html>' && cmp -s '$tmp/conv.yaml' '$tmp/stdout.yaml'"
"$bin" convert --fail-on never --report-format markdown "$example" 2>"$tmp/conv.md" >"$tmp/junk"
check "convert --report-format markdown writes the comment to standard error" \
	"head -1 '$tmp/conv.md' | grep -qx '## ingress2higress migration report'"
env -u NO_COLOR TERM=xterm script -qec "'$bin' lint --fail-on never --report-format markdown '$example'" "$tmp/typescript" >"$tmp/tty.md" 2>&1
check "markdown on a terminal has no colour" "grep -q '^| status |' '$tmp/tty.md' && ! grep -q \"\$(printf '\\033')\" '$tmp/tty.md'"
"$bin" lint --report-format htm x 2>"$tmp/err2"
check "an unknown report format names them all" "[ $? = 2 ] && grep -q \"(text, json, sarif, github, junit, markdown or html)\" '$tmp/err2'"
# WasmPlugins: after the documents, or in --plugins-out; --in-place needs it
pl=$tmp/pl; mkdir "$pl"
printf '%s\n' 'apiVersion: networking.k8s.io/v1' 'kind: Ingress' 'metadata:' '  name: web' '  namespace: shop' \
	'  annotations:' '    nginx.ingress.kubernetes.io/denylist-source-range: 10.0.0.0/8' \
	'spec:' '  ingressClassName: nginx' >"$pl/a.yaml"
cp "$pl/a.yaml" "$pl/orig.yaml"
"$bin" convert --fail-on never "$pl/a.yaml" >"$pl/stdout.yaml" 2>/dev/null
check "plugins: the WasmPlugin follows the converted documents" \
	"[ $? = 0 ] && grep -q '^kind: WasmPlugin\$' '$pl/stdout.yaml' && [ \"\$(grep '^kind:' '$pl/stdout.yaml' | tail -1)\" = 'kind: WasmPlugin' ]"
"$bin" convert --fail-on never -i "$pl/a.yaml" 2>"$pl/err"
check "plugins: --in-place without --plugins-out exits 2 naming it, and changes nothing" \
	"[ $? = 2 ] && grep -q -- '--in-place needs --plugins-out FILE' '$pl/err' && cmp -s '$pl/a.yaml' '$pl/orig.yaml'"
"$bin" convert --fail-on never -i --plugins-out "$pl/p.yaml" "$pl/a.yaml" 2>/dev/null
check "plugins: -i --plugins-out exits 0, the WasmPlugin in the file, not in the input" \
	"[ $? = 0 ] && grep -q '^kind: WasmPlugin\$' '$pl/p.yaml' && ! grep -q '^kind: WasmPlugin' '$pl/a.yaml'"
check "... the input and the file together are what standard output gets" \
	"cat '$pl/a.yaml' '$pl/p.yaml' | cmp -s - '$pl/stdout.yaml'"
cp "$pl/p.yaml" "$pl/p.before"
"$bin" convert --fail-on never -i --plugins-out "$pl/p.yaml" "$pl/a.yaml" 2>/dev/null
check "plugins: converting again leaves the --plugins-out file alone" "[ $? = 0 ] && cmp -s '$pl/p.yaml' '$pl/p.before'"
"$bin" convert --fail-on never --no-plugins "$pl/orig.yaml" >"$pl/none.yaml" 2>/dev/null
check "plugins: --no-plugins writes none" "[ $? = 0 ] && ! grep -q '^kind: WasmPlugin' '$pl/none.yaml'"
"$bin" convert --no-plugins --plugins-out "$pl/x.yaml" "$pl/orig.yaml" 2>"$pl/err"
check "plugins: --no-plugins with --plugins-out is a usage error" "[ $? = 2 ] && [ ! -e '$pl/x.yaml' ]"
"$bin" convert --fail-on never --higress-namespace gw-sys --plugin-registry oci://r.example/p "$pl/orig.yaml" \
	>"$pl/ns.yaml" 2>/dev/null
check "plugins: --higress-namespace and --plugin-registry" \
	"grep -q '^  namespace: gw-sys\$' '$pl/ns.yaml' && grep -q '^  url: oci://r.example/p/ip-restriction:2.0.1\$' '$pl/ns.yaml'"
"$bin" lint --fail-on never --report-format json "$pl/orig.yaml" >"$pl/lint.json"
check "plugins: lint judges as convert writes" "grep -q 'ingress2higress-ip-restriction' '$pl/lint.json'"
# higress-config: after the WasmPlugins, or in --plugins-out; --in-place needs it
cm=$tmp/cm; mkdir "$cm"
printf '%s\n' 'apiVersion: v1' 'kind: ConfigMap' 'metadata:' '  name: ingress-nginx-controller' \
	'  namespace: ingress-nginx' 'data:' '  use-gzip: "true"' '  keep-alive: "30"' >"$cm/cm.yaml"
printf '%s\n' 'apiVersion: networking.k8s.io/v1' 'kind: Ingress' 'metadata:' '  name: web' 'spec:' \
	'  ingressClassName: nginx' >"$cm/a.yaml"
cp "$cm/a.yaml" "$cm/orig.yaml"
"$bin" convert --fail-on never --nginx-configmap "$cm/cm.yaml" "$cm/a.yaml" >"$cm/stdout.yaml" 2>/dev/null
check "higress-config: written after the converted documents, from --nginx-configmap" \
	"[ $? = 0 ] && [ \"\$(grep -c '^kind: ConfigMap\$' '$cm/stdout.yaml')\" = 1 ] && grep -q '^  name: higress-config\$' '$cm/stdout.yaml' && grep -q '^      enable: true\$' '$cm/stdout.yaml'"
"$bin" convert --fail-on never -i --nginx-configmap "$cm/cm.yaml" "$cm/a.yaml" 2>"$cm/err"
check "higress-config: --in-place without --plugins-out exits 2 naming it, and changes nothing" \
	"[ $? = 2 ] && grep -q -- '--in-place needs --plugins-out FILE for the higress-config' '$cm/err' && cmp -s '$cm/a.yaml' '$cm/orig.yaml'"
"$bin" convert --fail-on never -i --plugins-out "$cm/p.yaml" --nginx-configmap "$cm/cm.yaml" "$cm/a.yaml" 2>/dev/null
check "higress-config: -i --plugins-out puts it in the file (no plugin needed)" \
	"[ $? = 0 ] && grep -q '^  name: higress-config\$' '$cm/p.yaml' && ! grep -q 'higress-config' '$cm/a.yaml'"
# a migrated tree with the controller ConfigMap: the plugins and the
# higress-config of the first run stay (no Ingress needs a plugin any more)
cp "$(dirname "$example")/../golden/configmap-after.yaml" "$cm/m.yaml"
"$bin" convert --fail-on never -i --plugins-out "$cm/mp.yaml" "$cm/m.yaml" 2>/dev/null &&
	cp "$cm/mp.yaml" "$cm/mp.first" &&
	"$bin" convert --fail-on never -i --plugins-out "$cm/mp.yaml" "$cm/m.yaml" 2>/dev/null
check "higress-config: converting a migrated tree again keeps the --plugins-out file (WasmPlugins and higress-config)" \
	"[ $? = 0 ] && grep -q '^kind: WasmPlugin\$' '$cm/mp.yaml' && grep -q '^  name: higress-config\$' '$cm/mp.yaml' && cmp -s '$cm/mp.yaml' '$cm/mp.first'"
"$bin" convert --fail-on never --check --plugins-out "$cm/mp.yaml" "$cm/m.yaml" >/dev/null 2>&1
check "higress-config: --check --plugins-out on the migrated tree exits 0" "[ $? = 0 ]"
"$bin" convert --fail-on never --nginx-configmap "$cm/none.yaml" "$cm/orig.yaml" >/dev/null 2>"$cm/err"
check "higress-config: an unreadable --nginx-configmap FILE exits 2" "[ $? = 2 ] && grep -q 'none.yaml' '$cm/err'"
"$bin" convert --fail-on never --nginx-configmap "$cm/orig.yaml" "$cm/orig.yaml" >/dev/null 2>"$cm/err"
check "higress-config: --nginx-configmap FILE without a ConfigMap exits 2" \
	"[ $? = 2 ] && grep -q 'no v1 ConfigMap in the file' '$cm/err'"
"$bin" lint --fail-on never --report-format json --nginx-configmap "$cm/cm.yaml" "$cm/orig.yaml" >"$cm/lint.json"
check "higress-config: lint says what convert would write" "grep -q 'convert would write ConfigMap' '$cm/lint.json'"
exit $fail
