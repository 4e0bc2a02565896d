#!/bin/sh
# check-options.sh BINARY EXAMPLE RULES_YAML - option names across commands
# (TAP): --report-format and its alias --format in every command, hints for
# an option of another command, a misspelt option or command and an option
# before the command, the note for a terminal on standard input, and
# --version naming the rule table's sources.
bin=$1 example=$2 rules=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi; }

echo "1..17"
"$bin" rules --report-format json >"$tmp/a"
"$bin" rules --format json >"$tmp/b"
check "rules: --report-format json and --format json agree" "grep -q '^{\"version\":1,' '$tmp/a' && cmp -s '$tmp/a' '$tmp/b'"
"$bin" rules --report-format text auth-url >"$tmp/a"
"$bin" rules auth-url >"$tmp/b"
check "rules: --report-format text is the default" "cmp -s '$tmp/a' '$tmp/b'"
"$bin" lint --fail-on never --format json "$example" >"$tmp/a"
"$bin" lint --fail-on never --report-format json "$example" >"$tmp/b"
check "lint: --format is an alias of --report-format" "grep -q '^{\"version\":1,' '$tmp/a' && cmp -s '$tmp/a' '$tmp/b'"
"$bin" rules --help >"$tmp/h"
check "rules --help shows --report-format, not the alias" \
	"grep -q '^      --report-format FORMAT ' '$tmp/h' && ! grep -q -- '--format' '$tmp/h'"
"$bin" rules --format yaml 2>"$tmp/e"
check "rules: an unknown format is a usage error" "[ $? = 2 ] && grep -q \"unknown format 'yaml' (text or json)\" '$tmp/e'"

"$bin" lint --in-place "$example" 2>"$tmp/e"
check "an option of another command names it" \
	"[ $? = 2 ] && grep -q \"^ingress2higress: error: option '--in-place' does not apply to 'lint'; it is an option of 'convert'\$\" '$tmp/e'"
"$bin" rules --fail-on never 2>"$tmp/e"
check "... and of three commands names them" "[ $? = 2 ] && grep -q \"it is an option of 'convert', 'lint' and 'checks'\" '$tmp/e'"
"$bin" lint --fial-on never "$example" 2>"$tmp/e"
check "a misspelt option gets the nearest" "[ $? = 2 ] && grep -q \"unknown option '--fial-on'; did you mean '--fail-on'\$\" '$tmp/e'"
"$bin" lint --target-clss=x "$example" 2>"$tmp/e"
check "... naming its command when it is another's" \
	"[ $? = 2 ] && grep -q \"unknown option '--target-clss=x'; did you mean '--target-class' (an option of 'convert')\" '$tmp/e'"
"$bin" --fail-on never lint "$example" 2>"$tmp/e"
check "an option before the command says where it goes" \
	"[ $? = 2 ] && grep -q \"option '--fail-on' goes after the command: 'ingress2higress lint --fail-on ...'\" '$tmp/e'"
"$bin" lnit "$example" 2>"$tmp/e"
check "a misspelt command gets the nearest" "[ $? = 2 ] && grep -q \"unknown command 'lnit'; did you mean 'lint'\$\" '$tmp/e'"

# A terminal on standard input: a note that it is being read. A pty from
# Python's standard library; Ctrl-D ends the input.
cat >"$tmp/on-tty.py" <<'PY'
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(slave)
os.write(master, b"\x04")
out, err = p.communicate(timeout=20)
sys.stdout.write("exit %d\n" % p.returncode)
sys.stdout.write(err.decode())
PY
if command -v python3 >/dev/null 2>&1; then
	python3 "$tmp/on-tty.py" "$bin" lint >"$tmp/p" 2>&1
	check "lint, no PATH, a terminal on stdin: says it reads standard input" \
		"grep -qx 'exit 0' '$tmp/p' && grep -qx 'ingress2higress: note: reading standard input (no PATH given); end it with Ctrl-D' '$tmp/p'"
	python3 "$tmp/on-tty.py" "$bin" lint - >"$tmp/p" 2>&1
	check "... not when '-' is named" "[ \"\$(cat '$tmp/p')\" = 'exit 0' ]"
else
	check "lint, no PATH, a terminal on stdin # SKIP no python3" true
	check "... not when '-' is named # SKIP no python3" true
fi
"$bin" lint --fail-on never <"$example" >/dev/null 2>"$tmp/e"
check "... nor when standard input is not a terminal" "[ ! -s '$tmp/e' ]"

"$bin" --version >"$tmp/v"
ing=$(sed -n 's/^  ingress-nginx: "\(.*\)"$/\1/p' "$rules")
hig=$(sed -n 's/^  higress: "\(.*\)"$/\1/p' "$rules")
check "--version: the tool's version" "grep -q '^ingress2higress [0-9][0-9.]*\$' '$tmp/v'"
check "--version: the rule table's sources, from the table" \
	"[ -n '$ing' ] && [ -n '$hig' ] && grep -qxF 'rule table: Ingress-NGINX $ing; Higress $hig' '$tmp/v'"
"$bin" lint --version >"$tmp/v2"
check "COMMAND --version says the same" "cmp -s '$tmp/v' '$tmp/v2'"
exit $fail
