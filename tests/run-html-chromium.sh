#!/bin/sh
# run-html-chromium.sh BINARY GOLDEN_DIR SCREENSHOT - the HTML report in
# headless Chromium (TAP): the page loads with no console message at all
# (a script error or a Content-Security-Policy refusal would log one), the
# script ran and its counts match the JSON report of the same run, the
# filter state in the URL (#severity=...&status=...) filters, hostile
# values stay text; a screenshot of the first page is left in SCREENSHOT
# to look at.
# Skipped (exit 77) when no chromium is installed.
bin=$1 dir=$2 shot=$3
chromium=$(command -v chromium || command -v chromium-browser) || { echo "1..0 # SKIP no chromium"; exit 77; }
command -v python3 >/dev/null || { echo "1..0 # SKIP no python3"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

# chromium URL... : its DOM after the page's script ran on standard
# output, its log (console messages included) in $tmp/log
browse() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$tmp/profile" \
		--enable-logging=stderr --v=0 "$@" 2>"$tmp/log"
}

# Console messages in the log (any, errors or not: the page logs none).
console_clean() {
	if grep -q ':CONSOLE' "$tmp/log"; then
		grep ':CONSOLE' "$tmp/log" | sed 's/^/#   /'
		return 1
	fi
}

# attribute NAME of the element with id ID in file F
attr() {
	python3 - "$1" "$2" "$3" <<'PY'
import re, sys
path, ident, name = sys.argv[1:4]
html = open(path, encoding='utf-8').read()
m = re.search(r'<[a-z]+ [^>]*\bid="%s"[^>]*>' % re.escape(ident), html)
v = m and re.search(r'\b%s="([^"]*)"' % re.escape(name), m.group(0))
print(v.group(1) if v else '')
PY
}

# expected counts from the JSON report: SEVERITIES STATUSES [TEXT], the
# first two comma-separated lists (empty: all), TEXT in any field
expect() {
	python3 - "$tmp/report.json" "$1" "$2" "${3:-}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sev = sys.argv[2].split(',') if sys.argv[2] else None
st = sys.argv[3].split(',') if sys.argv[3] else None
q = sys.argv[4].lower()
def text(f):
    o = f['object']
    return ' '.join(str(v) for v in (o['kind'], o['namespace'], o['name'], f['file'], f['annotation'],
                                     f['value'], f['message'], f['fix'], f['rule']) if v).lower()
print(sum(1 for f in r['findings'] if not f.get('suppressed')
          and (sev is None or f['severity'] in sev) and (st is None or f['status'] in st)
          and q in text(f)))
PY
}

echo "1..5"
n=0 fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi
}

input="$dir/gateway-lint-statuses.yaml"
"$bin" lint --to gateway --fail-on never --report-format html "$input" >"$tmp/report.html" &&
"$bin" lint --to gateway --fail-on never --report-format json "$input" >"$tmp/report.json" || {
	echo "Bail out! the reports of $input were not written"
	exit 1
}
url="file://$tmp/report.html"

# 1: loads, script ran, no console message, counts match the JSON report;
# the screenshot to look at, from the same load
ok=0
rm -f "$shot"
browse --dump-dom --screenshot="$shot" --window-size=1280,2000 "$url" >"$tmp/dom" || ok=1
console_clean || ok=1
grep -q '<html lang="en" data-script="ran">' "$tmp/dom" || { echo "# the script did not run"; ok=1; }
grep -q '<form id="filters">' "$tmp/dom" || { echo "# the filters are still hidden"; ok=1; }
for s in critical error warning info; do
	want=$(expect "$s" "")
	got=$(attr "$tmp/dom" shown "data-shown-$s")
	static=$(attr "$tmp/dom" summary "data-count-$s")
	[ "$got" = "$want" ] && [ "$static" = "$want" ] ||
		{ echo "# $s: the script counts '$got', the page says '$static', the JSON report $want"; ok=1; }
done
want=$(expect "" "")
got=$(attr "$tmp/dom" shown data-shown)
[ "$got" = "$want" ] && [ "$want" -gt 0 ] || { echo "# shown: '$got', the JSON report: $want"; ok=1; }
size=$(wc -c <"$shot" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || { echo "# no screenshot ($size bytes)"; ok=1; }
result $ok "the report loads clean, the script's counts match the JSON report ($want findings), screenshot $shot"

# 2, 3: the filter state in the URL
ok=0
browse --dump-dom "$url#severity=critical" >"$tmp/dom" || ok=1
console_clean || ok=1
want=$(expect critical "")
got=$(attr "$tmp/dom" shown data-shown)
[ "$got" = "$want" ] || { echo "# severity=critical: $got shown, the JSON report has $want"; ok=1; }
result $ok "#severity=critical shows the $want critical findings"
ok=0
browse --dump-dom "$url#severity=critical,error&status=unsupported,invalid" >"$tmp/dom" || ok=1
console_clean || ok=1
want=$(expect critical,error unsupported,invalid)
got=$(attr "$tmp/dom" shown data-shown)
[ "$got" = "$want" ] || { echo "# severity and status: $got shown, the JSON report has $want"; ok=1; }
result $ok "#severity=critical,error&status=unsupported,invalid shows $want"
ok=0
browse --dump-dom "$url#status=partial,converted&q=Timeout" >"$tmp/dom" || ok=1
console_clean || ok=1
want=$(expect "" partial,converted timeout)
got=$(attr "$tmp/dom" shown data-shown)
[ "$got" = "$want" ] && [ "$want" -gt 0 ] || { echo "# status and text: $got shown, the JSON report has $want"; ok=1; }
result $ok "#status=partial,converted&q=Timeout shows $want"

# 4: hostile values stay text (no element from the input, no console)
ok=0
"$bin" lint --fail-on never --report-format html "$dir/report-hostile.yaml" >"$tmp/hostile.html" || ok=1
browse --dump-dom "file://$tmp/hostile.html" >"$tmp/dom" || ok=1
console_clean || ok=1
grep -q 'data-script="ran"' "$tmp/dom" || { echo "# the script did not run"; ok=1; }
[ "$(grep -c '<script' "$tmp/dom")" = 1 ] || { echo "# a script element from the input"; ok=1; }
! grep -q '<img' "$tmp/dom" || { echo "# an element from the input"; ok=1; }
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/dom" || { echo "# the hostile name is not shown as text"; ok=1; }
result $ok "hostile values are shown as text"

exit $fail
