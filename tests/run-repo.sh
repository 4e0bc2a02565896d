#!/bin/sh
# run-repo.sh BINARY MANPAGE - the config file, repository scanning and baselines
# on throwaway directory trees (TAP): discovery from nested directories up
# to the repository's top, --config/--no-config, flags over the config,
# --exclude, Helm templates and non-objects in a walk, --baseline; every
# rule id of the man page's RULE IDS is one --skip knows.
bin=$1 man=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null; fi; }
run() { "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

echo "1..36"
export NO_COLOR=1
top=$tmp/repo
mkdir -p "$top/.git" "$top/apps/shop" "$top/charts/web/templates" "$top/kustomize"
cat >"$top/apps/shop/ingress.yaml" <<'Y'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: prod
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "http://auth/check"
    nginx.ingress.kubernetes.io/limit-rps: "5"
spec:
  ingressClassName: internal
Y
cat >"$top/charts/web/templates/ingress.yaml" <<'Y'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "web.fullname" . }}
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "http://auth/check"
Y
cat >"$top/kustomize/patch.yaml" <<'Y'
- op: add
  path: /metadata/annotations/nginx.ingress.kubernetes.io~1auth-url
  value: http://auth/check
Y
printf 'foo: bar\n' >"$top/kustomize/values.yaml"
cat >"$top/.ingress2higress.yaml" <<'Y'
# the repository's shared settings
ingress-class: [nginx, internal]
exclude: ["charts/**", "kustomize/*"]
fail-on: critical
suppress:
  - path: "apps/**"
    rule: limit-rps
    reason: rate limits move to a gateway plugin
Y

cd "$top/apps/shop" || exit 2
run lint .
check "config found from a nested directory" "grep -q \"^config '../../.ingress2higress.yaml'; 1 suppressed\" '$tmp/out'"
check "... its classes apply (the Ingress of class 'internal' is analysed)" "grep -q '\\[auth-url\\]' '$tmp/out'"
check "... its fail-on applies (critical auth-url fails)" "[ $rc = 1 ]"
check "... its path suppression applies (limit-rps hidden)" "! grep -q '\\[limit-rps\\]' '$tmp/out'"
run lint --fail-on never .
check "a flag overrides the config's fail-on" "[ $rc = 0 ]"
run lint --ingress-class nginx .
check "a list flag replaces the config's list" "grep -q 'other-class-nginx-annotations' '$tmp/out' && ! grep -q '\\[auth-url\\]' '$tmp/out'"
run lint --no-config .
check "--no-config reads none" "grep -q '^no config;' '$tmp/out' && grep -q 'other-class-nginx-annotations' '$tmp/out'"
run lint --report-format json .
check "the JSON report marks the suppressed finding with its reason" \
	"grep -q '\"rule\":\"limit-rps\".*\"suppressed\":true,\"justification\":\"rate limits move to a gateway plugin\"' '$tmp/out'"

mkdir -p "$tmp/outer/.git" "$tmp/outer/inner/.git" "$tmp/outer/inner/d"
cp "$top/.ingress2higress.yaml" "$tmp/outer/"
cp "$top/apps/shop/ingress.yaml" "$tmp/outer/inner/d/"
cd "$tmp/outer/inner/d" || exit 2
run lint .
check "discovery stops at the repository's top (the first .git)" "grep -q '^no config;' '$tmp/out'"
run lint --config "$tmp/outer/.ingress2higress.yaml" .
check "--config names the file" "grep -q \"^config '$tmp/outer/.ingress2higress.yaml'\" '$tmp/out'"
run lint --config "$tmp/none.yaml" .
check "an unreadable --config exits 2" "[ $rc = 2 ] && grep -q 'none.yaml: error: cannot open' '$tmp/err'"
printf 'fail-on: error\nexlude: ["x"]\n' >"$tmp/bad.yaml"
run lint --config "$tmp/bad.yaml" .
check "an unknown key exits 2 naming file:line:col and the key" \
	"[ $rc = 2 ] && grep -q \"^$tmp/bad.yaml:2:1: error: unknown key 'exlude'\" '$tmp/err'"
printf 'fail-on: sometimes\n' >"$tmp/bad.yaml"
run lint --config "$tmp/bad.yaml" .
check "a bad value exits 2 naming the config key" "[ $rc = 2 ] && grep -q \"in its 'fail-on'\" '$tmp/err'"
run lint --config "$tmp/bad.yaml" --no-config .
check "--config with --no-config is a usage error" "[ $rc = 2 ]"

cd "$top" || exit 2
run lint --no-config --fail-on never .
check "a walk skips a Helm template with a warning" \
	"grep -q '^./charts/web/templates/ingress.yaml:4:9: warning: .*helm template.*\\[helm-template-skipped\\]' '$tmp/out'"
check "... and a JSON-patch list with an info" \
	"grep -q '^./kustomize/patch.yaml:1:1: info: .*\\[not-kubernetes-object\\]' '$tmp/out'"
check "... and a document without apiVersion and kind" \
	"grep -q '^./kustomize/values.yaml:1:1: info: .*\\[not-kubernetes-object\\]' '$tmp/out'"
check "... and goes on (exit 0 with --fail-on never)" "[ $rc = 0 ]"
run lint --no-config --fail-on warning .
check "the Helm warning counts for --fail-on warning" "[ $rc = 1 ]"
run lint --no-config kustomize/patch.yaml
check "the same patch list named explicitly stays an error" "[ $rc = 2 ] && grep -q 'patch.yaml:1:1: error: document is a sequence' '$tmp/err'"
run lint .
check "the config's exclude globs leave charts/ and kustomize/ out" \
	"! grep -q 'charts/\\|kustomize/' '$tmp/out' && grep -q 'apps/shop' '$tmp/out'"
run lint --no-config --exclude 'templates/**' --exclude '*.yaml' kustomize charts apps
check "--exclude matches by base name too (a directory with nothing left is an error)" \
	"[ $rc = 2 ] && grep -q 'no input files' '$tmp/err'"
run lint --no-config --exclude '**/templates/*' --exclude 'patch.yaml' --exclude values.yaml --fail-on never .
check "--exclude with '**' and base names" "! grep -q 'charts/\\|kustomize/' '$tmp/out' && grep -q 'apps/shop' '$tmp/out'"
run lint --exclude 'apps/shop/ingress.yaml' apps/shop/ingress.yaml
check "a named file matching an exclude glob is left out too" "[ $rc = 0 ] && ! grep -q 'auth-url' '$tmp/out'"

cd "$top/apps/shop" || exit 2
run lint --no-config --ingress-class internal --report json=base.json ingress.yaml
check "--report json=FILE writes a JSON report" "[ -s base.json ] && grep -q '\"fingerprint\":\"[0-9a-f]\\{16\\}\"' base.json"
sed 's/^  namespace: prod/  labels: {moved: lines}\n  namespace: prod/' ingress.yaml >moved.yaml && mv moved.yaml ingress.yaml
run lint --no-config --ingress-class internal --baseline base.json ingress.yaml
check "a baseline matches findings after their lines moved (exit 0)" "[ $rc = 0 ] && grep -q '3 baselined' '$tmp/out'"
sed 's/^  annotations:/  annotations:\n    nginx.ingress.kubernetes.io\/server-snippet: "return 200;"/' ingress.yaml >new.yaml && mv new.yaml ingress.yaml
run lint --no-config --ingress-class internal --baseline base.json --report-format json ingress.yaml
check "a new finding still fails" "[ $rc = 1 ]"
check "... and the known ones are marked baselined" "[ \"\$(grep -c '\"baselined\":true' '$tmp/out')\" = 3 ]"
run lint --no-config --ingress-class internal --report-format json --report old.json ingress.yaml
check "today's --report-format json --report FILE makes one too" "[ -s old.json ]"
printf '{"version":2,"findings":[]}' >v2.json
run lint --no-config --baseline v2.json ingress.yaml
check "a baseline of another version exits 2" "[ $rc = 2 ] && grep -q 'v2.json: error: not a JSON report of version 1' '$tmp/err'"
run lint --no-config --baseline missing.json ingress.yaml
check "an unreadable baseline exits 2" "[ $rc = 2 ] && grep -q 'missing.json: error: cannot open' '$tmp/err'"
run lint --no-config --only limt-rps ingress.yaml
check "an unknown --only id is a usage error with a hint" "[ $rc = 2 ] && grep -q \"did you mean 'limit-rps'\" '$tmp/err'"

mkdir -p "$tmp/dflt/.git" && cd "$tmp/dflt" || exit 2
printf 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: x\n  annotations:\n    nginx.ingress.kubernetes.io/auth-url: "http://a"\nspec:\n  rules: []\n' >ing.yaml
printf 'default-ingress-class: nginx\nreport: [json=report.json]\n' >.ingress2higress.yaml
run lint ing.yaml
check "default-ingress-class of an nginx class: class-less Ingresses are analysed" "[ $rc = 1 ] && grep -q '\"rule\":\"auth-url\"' report.json"
check "the config's report entry writes the JSON report, not standard output" "[ ! -s '$tmp/out' ]"
printf 'default-ingress-class: traefik\n' >.ingress2higress.yaml
run lint ing.yaml
check "... of another class: they are not, with a warning" "[ $rc = 0 ] && grep -q 'classless-nginx-annotations' '$tmp/out'"
ids=$(awk '/^\.Sh RULE IDS/ { p = 1; next } /^\.Sh/ { p = 0 } p && /^\.It Sy/' "$man" |
	sed 's/^\.It Sy //; s/ , / /g')
bad=
for id in $ids; do
	"$bin" lint --no-config --skip "$id" </dev/null >/dev/null 2>&1 || bad="$bad $id"
done
check "every rule id of the man page is known to --skip (and suppressions)" "[ -n \"\$ids\" ] && [ -z '$bad' ]"
exit $fail
