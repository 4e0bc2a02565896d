#!/bin/sh
# check-rules-gen.sh RULES_GEN RULES_YAML BUILT_C SRC_DIR CC... - the
# build-time generator of the rule table (TAP): deterministic (it writes
# the build's rules_data.c again, byte for byte); a table with a problem
# makes it fail, naming the file and line, and write nothing (so the
# build fails); strings that need escaping (quotes, backslashes, '??'
# trigraphs, control bytes, UTF-8, a message longer than ISO C's 4095-byte
# literal) give C that compiles with the project's warnings.
gen=$1 yaml=$2 built=$3 src=$4
shift 4
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi; }

echo "1..10"
"$gen" "$yaml" "$tmp/data.c"
check "the table gives the build's rules_data.c again" "[ $? = 0 ] && cmp -s '$tmp/data.c' '$built'"

# A small valid table to break in several ways.
cat >"$tmp/ok.yaml" <<'YAML'
version: 1
sources:
  ingress-nginx: "controller v0 (test)"
  higress: "v0 (test)"
rules:
  - name: demo
    state: higress
    higress: {status: ignored, severity: info, message: "x"}
    gateway: {status: ignored, severity: info, message: "y"}
YAML
"$gen" "$tmp/ok.yaml" "$tmp/ok.c" 2>"$tmp/err"
check "a small valid table" "[ $? = 0 ] && [ -s '$tmp/ok.c' ] && [ ! -s '$tmp/err' ]"

broken() {	# NAME SED-SCRIPT PATTERN
	sed "$2" "$tmp/ok.yaml" >"$tmp/$1.yaml"
	"$gen" "$tmp/$1.yaml" "$tmp/$1.c" 2>"$tmp/$1.err"
	rc=$? pat=$3 name=$1
	check "$1: fails, names the problem, writes nothing" \
		'[ $rc = 1 ] && [ ! -e "$tmp/$name.c" ] && grep -q "$pat" "$tmp/$name.err"'
}
broken "no gateway block" '/gateway:/d' "^$tmp/no gateway block.yaml:6: error: rule 'demo': missing the 'gateway' block"
broken "YAML syntax error" 's/message: "x"}/message: "x"/' "^$tmp/YAML syntax error.yaml:[0-9]*:[0-9]*: error: "
broken "unknown status" 's/status: ignored, severity: info, message: "x"/status: fine, severity: info, message: "x"/' \
	"^$tmp/unknown status.yaml:8:[0-9]*: error: unknown status 'fine'"
broken "pattern that does not compile" '/state: higress/a\    validator: "(unclosed"' "validator '(unclosed' does not compile"
broken "no sources" '/^sources:/,/higress: "v0/d' "missing 'sources.ingress-nginx'"

"$gen" "$tmp/ok.yaml" 2>"$tmp/err"
check "usage error without an output" "[ $? = 2 ] && grep -q '^usage: rules-gen' '$tmp/err'"

# Strings that need escaping, and a long one.
long=$(python3 -c 'print("a" * 5000)')
cat >"$tmp/esc.yaml" <<YAML
version: 1
sources:
  ingress-nginx: "controller \"v0\" ??= \\\\ (test)"
  higress: "v0 ??( é"
rules:
  - name: demo
    state: higress
    validator: '^(?:a|b)??\\\\d"\$'
    doc: "tab\\there, newline\\nthere, bell\\a, ??/ é 日本"
    higress: {status: ignored, severity: info, message: "$long"}
    gateway: {status: ignored, severity: info, message: "y"}
YAML
"$gen" "$tmp/esc.yaml" "$tmp/esc.c" 2>"$tmp/err"
check "escapes: generated" "[ $? = 0 ] && grep -q 'static const char str_0\\[\\]' '$tmp/esc.c'"
if [ $# -gt 0 ]; then
	"$@" -std=c11 -Wall -Wextra -Wpedantic -Wtrigraphs -Werror -fsyntax-only -I"$src" "$tmp/esc.c" 2>"$tmp/cc.err"
	check "escapes: the C compiles with -Wpedantic -Werror" "[ $? = 0 ]"
	sed 's/^/# /' "$tmp/cc.err"
else
	check "escapes: the C compiles # SKIP no compiler given" true
fi
exit $fail
