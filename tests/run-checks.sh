#!/bin/sh
# run-checks.sh BINARY DIR SERVER - the generated cutover script against two
# loopback gateway stand-ins (TAP). DIR is testdata/checks, SERVER
# tests/checks_server.py (python3; HTTPS with a self-signed certificate
# made here by openssl, so the script runs curl -k as it always does).
# Identical servers: exit 0; one dropping auth or a TLS redirect: exit 1
# naming the Ingress's file:line; one down: exit 2. A hostile manifest:
# sh -n passes and a run creates no file.
bin=$1 dir=$2 server=$3
for t in python3 curl openssl; do
	command -v $t >/dev/null 2>&1 || { echo "1..0 # SKIP $t not installed"; exit 0; }
done
tmp=$(mktemp -d) || exit 2
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
n=0 fail=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -20; fi; }
echo "1..12"

openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=shop.example.com -days 1 \
	-keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1 || { echo "Bail out! openssl req failed"; exit 1; }
# start MODE NAME: a server; sets NAME_addr to 127.0.0.1:HTTP:HTTPS
start() {
	python3 "$server" "$tmp/$2.port" "$tmp/cert.pem" "$tmp/key.pem" "$1" &
	pids="$pids $!"
	i=0
	while [ ! -s "$tmp/$2.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	read -r hp sp <"$tmp/$2.port" || { echo "Bail out! server $2 did not start"; exit 1; }
	eval "${2}_addr=127.0.0.1:$hp:$sp"
}
start good old
start good new
start noauth noauth
start noredirect noredir

cd "$dir" || exit 2
"$bin" checks cutover.yaml >"$tmp/checks.sh" 2>"$tmp/gen.err"; rc=$?
check "checks writes a script that sh -n accepts" "[ \$rc = 0 ] && sh -n '$tmp/checks.sh'"
auth_line=$(grep -n 'auth-type:' cutover.yaml | cut -d: -f1)
tls_line=$(grep -n '^  tls:' cutover.yaml | cut -d: -f1)
tls_line=$((tls_line + 1))

sh "$tmp/checks.sh" "$old_addr" "$new_addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "identical gateways: exit 0" "[ \$rc = 0 ] && grep -q ' 0 differ, 0 failed' '$tmp/err'"
grep -q 'default/shop/whitelist-source-range: not checked: depends on the client' "$tmp/out"
check "... what cannot be checked is listed with the reason" "[ \$rc = 0 ]"

sh "$tmp/checks.sh" "$old_addr" "$noauth_addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "auth dropped: exit 1" "[ \$rc = 1 ]"
check "... naming the Ingress's file:line and the annotation" \
	"grep -q '^cutover.yaml:$auth_line: default/shop/auth-type/shop.example.com: old 401, new 200\$' '$tmp/out'"

sh "$tmp/checks.sh" "$old_addr" "$noredir_addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "TLS redirect missing: exit 1" "[ \$rc = 1 ]"
check "... naming the TLS entry's line and the Location" \
	"grep -q '^cutover.yaml:$tls_line: default/shop/tls-redirect/shop.example.com: old 308 https://shop.example.com/api, new ' '$tmp/out'"

sh "$tmp/checks.sh" "$old_addr" 127.0.0.1:1:1 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "new gateway down: exit 2, not equal" "[ \$rc = 2 ] && grep -q 'error: new 127.0.0.1:1' '$tmp/out'"

CHECK_FORMAT=junit sh "$tmp/checks.sh" "$old_addr" "$noauth_addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "CHECK_FORMAT=junit: a testsuite with the failure" \
	"[ \$rc = 1 ] && grep -q '^<testsuite name=\"ingress2higress-checks\" tests=\"[0-9]*\" failures=\"3\" errors=\"0\"' '$tmp/out' && grep -q '<failure message=\"old 401, new 200\"/>' '$tmp/out'"

CHECK_BASIC_AUTH=u:secret sh "$tmp/checks.sh" -n "$old_addr" "$new_addr" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "dry run: curl commands, credentials not shown, exit 0" \
	"[ \$rc = 0 ] && grep -q \"^curl .*'--resolve' 'shop.example.com:\" '$tmp/out' && grep -q \"'-u' 'USER:PASS'\" '$tmp/out' && ! grep -q secret '$tmp/out'"

# the hostile manifest: quoted data only, no file made by a run
mkdir "$tmp/run" "$tmp/tmpdir"
"$bin" checks hostile.yaml >"$tmp/hostile.sh" 2>"$tmp/gen.err"
check "hostile manifest: sh -n passes" "sh -n '$tmp/hostile.sh'"
(cd "$tmp/run" && TMPDIR="$tmp/tmpdir" sh "$tmp/hostile.sh" "$old_addr" "$new_addr" >/dev/null 2>&1;
 TMPDIR="$tmp/tmpdir" sh "$tmp/hostile.sh" -n "$old_addr" "$new_addr" >/dev/null 2>&1)
check "... a run and a dry run create no file" \
	"[ -z \"\$(ls -A '$tmp/run' '$tmp/tmpdir' | grep -v ':\$' | grep .)\" ] && [ -z \"\$(find '$dir' -name 'pwned*')\" ]"
exit $fail
