#!/bin/sh
# check-rows.sh BINARY - 'rules NAME' shows the corrected facts of each
# row (TAP): one key phrase per row, grepped from the text output.
bin=$1
n=0 fail=0
echo "1..19"
check() {
	n=$((n + 1))
	if out=$("$bin" rules "$1" 2>&1) && printf '%s\n' "$out" | grep -qF -- "$2"; then
		echo "ok $n - $1: $2"
	else
		echo "not ok $n - $1: '$2' not shown"; printf '%s\n' "$out" | sed 's/^/# /'; fail=1
	fi
}
check enable-cors "any site can make credentialed cross-origin reads"
check enable-cors "converter:  cors"
check cors-allow-credentials "convert sets it to 'false'"
check auth-tls-secret "client certificates are no longer required"
check auth-tls-secret "converter:  auth-tls-secret"
check canary-weight-total "weight 5 of 1000 gives the canary 0%"
check temporal-redirect "higress:    partial"
check temporal-redirect "the request's query string is appended"
check permanent-redirect "a URL without a path keeps the request's path"
check proxy-next-upstream-tries "counts retries after the first try"
check backend-protocol "self-signed backends fail"
check backend-protocol "'AUTO_HTTP' falls back to plain HTTP"
check proxy-ssl-secret "'off' cannot turn verification off"
check canary-by-header-pattern "'(foo|bar)'"
check canary-by-header-value "the canary gets no traffic"
check ssl-passthrough "only with the controller flag '--enable-ssl-passthrough'"
check canary-by-header "'never' keeps the main backend, on both"
check canary-by-cookie "on to 'canary-weight', higress sends them to the main backend"
check canary-weight "'canary-by-header-value'/'-pattern' without a header"
exit $fail
