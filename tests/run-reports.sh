#!/bin/sh
# run-reports.sh BINARY GOLDEN_DIR [BUILD] - report sinks on the command
# line (TAP): several reports at once, which of them may take standard
# output, the --report FORMAT=FILE and --report FILE forms, colour, what
# JUnit makes of findings that come after the object pass, and where
# findings start to be held, where markdown and html put late findings
# (test hooks: BUILD 'release' skips them).
bin=$1 golden=$2 build=${3:-debug}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }

echo "1..31"
cp "$golden/report-text.yaml" "$tmp/a.yaml"
cd "$tmp" || exit 2

"$bin" lint --fail-on never --report sarif=r.sarif --report junit=r.xml --report json=r.json \
	--report github=r.gh --report text=- a.yaml >out.txt 2>err.txt
check "several reports at once: exit status and an empty standard error" "[ $? = 0 ] && [ ! -s err.txt ]"
check "... text on standard output" "grep -q '^[0-9]* findings: [0-9]* critical, [0-9]* error, [0-9]* warning, [0-9]* info in 1 file, 2 Ingresses$' out.txt"
check "... sarif, junit, json and github in their files" \
	"grep -q '\"version\":\"2.1.0\"' r.sarif && grep -q '^<testsuites ' r.xml && grep -q '^\"findings\":\\[' r.json && grep -q '^::error file=a.yaml,line=9' r.gh"
"$bin" lint --fail-on never --report-format json a.yaml >j1.json
check "the json report file is the one --report-format json writes" "cmp -s j1.json r.json"

"$bin" lint --fail-on never --report json=- --report sarif=- a.yaml >/dev/null 2>err.txt
check "two reports on standard output are refused" "[ $? = 2 ] && grep -q 'two reports go to standard output' err.txt"
"$bin" convert --fail-on never --report text=- a.yaml >/dev/null 2>err.txt
check "convert with its document on standard output refuses a report there" \
	"[ $? = 2 ] && grep -q \"report '-' and the converted output both go to standard output\" err.txt"
"$bin" convert --fail-on never --report text=- -o conv.yaml a.yaml >conv.txt 2>err.txt
check "convert -o FILE may put a report on standard output" "[ $? = 0 ] && grep -q 'findings: ' conv.txt && [ -s conv.yaml ]"
"$bin" lint --report sarif= a.yaml >/dev/null 2>err.txt
check "--report FORMAT= without a file is a usage error" "[ $? = 2 ] && grep -q 'needs a file name' err.txt"
"$bin" lint --fail-on never --report x=y.txt a.yaml >/dev/null 2>err.txt
check "--report NAME=FILE with NAME not a format is an error naming the formats" \
	"[ $? = 2 ] && grep -q \"unknown report format 'x' in '--report x=y.txt' (text, json\" err.txt"
"$bin" lint --fail-on never --report ./x=y.txt a.yaml >/dev/null 2>err.txt
check "... and ./NAME=FILE names a file" "[ $? = 0 ] && grep -q 'findings: ' x=y.txt"
"$bin" lint --report-format yaml a.yaml >/dev/null 2>err.txt
check "an unknown format lists the known ones" "[ $? = 2 ] && grep -q 'text, json, sarif, github, junit, markdown or html' err.txt"
"$bin" lint --report sarif=a.yaml a.yaml >/dev/null 2>err.txt
check "a report file that is an input is refused" "[ $? = 2 ] && grep -q \"report 'a.yaml' is the input 'a.yaml'\" err.txt"
"$bin" lint --report r1.txt --report json=r1.txt a.yaml >/dev/null 2>err.txt
check "two reports in one file are refused" "[ $? = 2 ] && grep -q 'are the same file' err.txt"

NO_COLOR=1 "$bin" lint --fail-on never --color always a.yaml >c1.txt
esc=$(printf '\033')
check "--color always colours even with NO_COLOR set" "grep -q \"\$esc\" c1.txt"
"$bin" lint --fail-on never --color never --report text=c2.txt a.yaml >/dev/null
check "--color never and a report file: no colour" "! grep -q \"\$esc\" c2.txt"

"$bin" lint --fail-on warning --min-severity critical -q a.yaml >m.txt
check "--min-severity hides from display only: the exit status follows --fail-on" \
	"[ $? = 1 ] && grep -q ': critical: ' m.txt && ! grep -q ': \\(error\\|warning\\|info\\): ' m.txt && grep -q '^[0-9]* findings: ' m.txt"

cp "$golden/gateway-canary.yaml" "$golden/gateway-canary-primary.yaml.txt" .
"$bin" convert --to gateway --fail-on never -o gw.yaml --report junit=gw.xml \
	gateway-canary-primary.yaml.txt gateway-canary.yaml 2>/dev/null
check "junit: findings of the whole-input step get testcases of their own names" \
	"grep -q 'name=\"shop/orphan-canary (across objects)\"' gw.xml && [ \$(grep -c '<testcase classname=\"gateway-canary.yaml\" name=\"shop/orphan-canary\"' gw.xml) = 1 ]"
"$bin" lint --report-format junit no-such.yaml a.yaml >nf.xml 2>err.txt
check "an input that does not exist is an input-error finding: exit 2, a junit failure, stderr's line kept" \
	"[ $? = 2 ] && grep -q 'testcase classname=\"no-such.yaml\" name=\"input\"' nf.xml && grep -q 'failure message=\"input-error: no such file' nf.xml && grep -q '^no-such.yaml: error: no such file or directory$' err.txt"
# input errors go through --skip/--only, config suppressions and the
# baseline like any finding; stderr's line and exit status 2 stay
"$bin" lint --report-format json --skip input-error no-such.yaml a.yaml >sk.json 2>err.txt
check "--skip input-error: left out of the report (counted as skipped), exit 2 and stderr's line kept" \
	"[ $? = 2 ] && ! grep -q input-error sk.json && grep -q '\"skipped\":1}' sk.json && grep -q '^no-such.yaml: error: no such file or directory$' err.txt"
"$bin" lint --report-format json --only auth-url no-such.yaml a.yaml >on.json 2>err.txt
check "--only RULE leaves input errors out too, exit 2 still" "[ $? = 2 ] && ! grep -q input-error on.json"
printf 'suppress:\n  - path: no-such.yaml\n    rule: input-error\n    reason: generated later in CI\n' >sup.yaml
"$bin" lint --config sup.yaml --report-format json no-such.yaml a.yaml >sp.json 2>err.txt
check "a config 'suppress' entry suppresses an input error (kept, suppressed:true), exit 2 still" \
	"[ $? = 2 ] && grep -q '\"rule\":\"input-error\".*\"suppressed\":true' sp.json && ! grep -q unused-suppression sp.json"

# SARIF: GitHub takes at most 25,000 results per run; 2,600 Ingresses of
# twelve findings each (errors, warnings, infos) go over it
awk 'BEGIN { for (i = 0; i < 2600; i++) {
	print "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i" i "\n  annotations:"
	n = split("configuration-snippet=x;server-snippet=x;proxy-read-timeout=60;ssl-ciphers=ECDHE;" \
		"enable-cors=true;x-unknown=1;limit-rps=5;rewrite-target=/;use-regex=true;affinity=cookie", kv, ";")
	for (k = 1; k <= n; k++) { split(kv[k], p, "="); print "    nginx.ingress.kubernetes.io/" p[1] ": \"" p[2] "\"" }
	print "spec:\n  ingressClassName: nginx\n  rules:\n  - host: a" i ".example.com" } }' >big.yaml
"$bin" lint --fail-on never --report sarif=big.sarif --report json=big.json big.yaml >/dev/null 2>err.txt
total=$(grep -c '^{"file"' big.json) errs=$(grep -c '^{"file".*"severity":"\(error\|critical\)"' big.json)
check "sarif over 25,000 results: the most severe 25,000 kept, a notification and a warning name the $((total - 25000)) left out" \
	"[ $? = 0 ] && [ $total -gt 25000 ] && [ \$(grep -c '^{\"ruleId\"' big.sarif) = 25000 ] && [ \$(grep -c '^{\"ruleId\".*\"level\":\"error\"' big.sarif) = $errs ] && ! grep -q '^{\"ruleId\".*\"level\":\"note\"' big.sarif && grep -q \"toolExecutionNotifications.*$((total - 25000)) of $total results left out\" big.sarif && grep -q \"warning: the SARIF report leaves out $((total - 25000)) of $total results\" err.txt"

# --- where findings are held ----------------------------------------------------
# a: no annotation a plugin covers; b: denylist-source-range (the WasmPlugin
# step revises its finding); c: after b
ing() { printf '%s\n' '---' 'apiVersion: networking.k8s.io/v1' 'kind: Ingress' 'metadata:' "  name: $1" \
	'  namespace: shop' '  annotations:' "    nginx.ingress.kubernetes.io/$2" 'spec:' '  ingressClassName: nginx'; }
{ ing a 'proxy-body-size: 8m'; ing b 'denylist-source-range: 10.0.0.0/8'; ing c 'proxy-body-size: 8m'; } >h.yaml
"$bin" lint --fail-on never --report text=h.txt --report json=h.json h.yaml 2>/dev/null
check "plugins: the finding they revise is delivered revised, in the input's order" \
	"grep -q \"^h.yaml:18:5: warning: shop/b: 'nginx.ingress.kubernetes.io/denylist-source-range' partial: WasmPlugin\" h.txt && [ \"\$(grep -o '^h.yaml:[0-9]*' h.txt | tr '\\n' ' ')\" = 'h.yaml:8 h.yaml:18 h.yaml:28 ' ] && grep -q '\"status\":\"partial\"' h.json"
# s.yaml: 30 Ingresses of one finding each, then one with basic auth whose
# Secret (an auth-file with a {PLAIN} line) comes last: its decision and
# the findings on the Secret are made when the Ingress is analysed
{ for i in $(seq 1 30); do ing "a$i" 'proxy-body-size: 8m'; done
  ing web 'auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: htpasswd'
  printf '%s\n' '---' 'apiVersion: v1' 'kind: Secret' 'metadata:' '  name: htpasswd' '  namespace: shop' 'data:' \
	'  auth: YWxpY2U6JGFwcjEkRVhmQk4xYkYkbnV5d1NGVG5QVGNxYkg1ejR4NklHLwpjYXJvbDp7UExBSU59aHVudGVyMgo='; } >s.yaml
"$bin" lint --fail-on never --report text=s.txt s.yaml 2>/dev/null
check "plugins: a Secret after its Ingress decides the Ingress's findings when it is analysed, the Secret's findings come with them" \
	"grep -q \"^s.yaml:308:5: error: shop/web: 'nginx.ingress.kubernetes.io/auth-type' partial: WasmPlugin\" s.txt && [ \"\$(grep -o '^s.yaml:[0-9]*' s.txt | tail -4 | tr '\\n' ' ')\" = 's.yaml:308 s.yaml:309 s.yaml:313 s.yaml:313 ' ] && grep -q \"user 'carol' of Secret 'shop/htpasswd' has a '{PLAIN}' password\" s.txt"
if [ "$build" = release ]; then
	for t in "plugins: nothing held, findings wait one object at most" "--no-plugins: nothing held" \
		"--to gateway: nothing held either"; do
		ok "# SKIP $t: test hooks are off in release builds"
	done
else
	I2H_TEST_HOLD=1 "$bin" lint --fail-on never s.yaml 2>hold.txt >/dev/null
	check "plugins: nothing held, findings wait one object at most" \
		"[ \"\$(cat hold.txt)\" = 'ingress2higress: test: at most 4 findings waited' ]"
	I2H_TEST_HOLD=1 "$bin" lint --no-plugins --fail-on never s.yaml 2>hold.txt >/dev/null
	check "--no-plugins: nothing held" "[ \"\$(cat hold.txt)\" = 'ingress2higress: test: at most 2 findings waited' ]"
	I2H_TEST_HOLD=1 "$bin" lint --to gateway --fail-on never s.yaml 2>hold.txt >/dev/null
	check "--to gateway: nothing held either" "[ \"\$(cat hold.txt)\" = 'ingress2higress: test: at most 4 findings waited' ]"
fi
# --- late findings in the grouped reports --------------------------------------
# 'plugin-canary' comes after the object pass (the WasmPlugin step): markdown
# and html put it back in its object's group, in input order (line 5, the
# primary's first line, before its line 11 finding)
cp "$golden/plugin-canary.yaml" pc.yaml
"$bin" lint --fail-on never --report markdown=pc.md --report html=pc.html pc.yaml 2>/dev/null
check "markdown: a late finding heads its object's group, in input order" \
	"awk '/<code>shop\\/web<\\/code>/ { g = 1 } g && /^\\|---/ { getline; print; exit }' pc.md | grep -q plugin-canary"
check "html: the same in the object's section" \
	"awk '/data-name=\"web\"/ { g = 1 } g && /<tr class=\"finding\"/ { print; exit }' pc.html | grep -q 'data-rule=\"plugin-canary\"'"
if [ "$build" = release ]; then
	ok "# SKIP late keys in runs: test hooks are off in release builds"
else
	"$bin" lint --to gateway --fail-on never --report markdown=l1.md --report html=l1.html \
		"$golden"/plugin-*.yaml "$golden"/gateway-*.yaml >/dev/null 2>&1
	I2H_LATE_RUN=1 "$bin" lint --to gateway --fail-on never --report markdown=l2.md --report html=l2.html \
		"$golden"/plugin-*.yaml "$golden"/gateway-*.yaml >/dev/null 2>&1
	check "late keys sorted in runs on disk (I2H_LATE_RUN=1): the same markdown and html as in memory" \
		"[ -s l1.md ] && [ -s l1.html ] && cmp -s l1.md l2.md && cmp -s l1.html l2.html"
fi
if command -v python3 >/dev/null 2>&1; then
	python3 "$here/check-junit.py" r.xml gw.xml nf.xml "$golden/report-junit.out" "$golden/err-malformed-junit.out" >junit.txt 2>&1
	check "every junit report is well-formed XML of the JUnit shape, its counts right" "[ $? = 0 ]"
	sed 's/^/# /' junit.txt
else
	ok "# SKIP python3 not installed: junit shape not checked"
fi
exit $fail
