#!/bin/sh
# check-rules.sh BINARY NAMES - validate the embedded rule table (TAP).
# NAMES lists every annotation name of the Ingress-NGINX catalogue, one
# per line ("name state"); each must have an entry of that state.
bin=$1 names=$2
n=0 fail=0
total=$(grep -c . "$names")
echo "1..$((total + 8))"
n=$((n + 1))
if out=$("$bin" rules --check 2>&1); then
	echo "ok $n - rules --check: $out"
else
	echo "not ok $n - rules --check"; echo "$out" | sed 's/^/# /'; fail=1
fi
json=$("$bin" rules --format json)
n=$((n + 1))
if printf '%s' "$json" | grep -q '"rules":\['; then
	echo "ok $n - rules --format json"
else
	echo "not ok $n - rules --format json"; fail=1
fi
# tap DESCRIPTION COMMAND - one test from a shell condition.
tap() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi
}
rows=$(printf '%s\n' "$json" | grep -c '^{"name":')
tap "json: a gateway block on each of the $rows rows" \
	'[ "$(printf "%s\n" "$json" | grep -c "\"higress\":{\"status\":\"[a-z]*\".*\"gateway\":{\"status\":\"[a-z]*\"")" = "$rows" ]'
gw=$("$bin" rules --to gateway canary-by-cookie)
tap "rules --to gateway NAME: the gateway block alone" \
	'printf "%s\n" "$gw" | grep -qx "  gateway:    unsupported, error" && ! printf "%s\n" "$gw" | grep -q "^  higress:"'
tap "rules --to gateway NAME: its message and converter" \
	'printf "%s\n" "$gw" | grep -qx "  message:    no cookie match in Gateway API: requests carrying the cookie no longer reach the canary" &&
	 printf "%s\n" "$gw" | grep -qx "  converter:  canary"'
ing=$("$bin" rules --to ingress canary-by-cookie)
tap "rules --to ingress NAME: the higress block alone" \
	'printf "%s\n" "$ing" | grep -qx "  higress:    partial, warning" && ! printf "%s\n" "$ing" | grep -q "^  gateway:"'
# the annotation rows, before the blank line that opens the finding rule ids
both=$("$bin" rules | sed '/^$/q')
tap "rules without --to: a higress and a gateway line per row" \
	'[ "$(printf "%s\n" "$both" | grep -c " higress  ")" = "$rows" ] && [ "$(printf "%s\n" "$both" | grep -c " gateway  ")" = "$rows" ]'
tap "rules --to gateway: one line per row" \
	'[ "$("$bin" rules --to gateway | sed "/^\$/q" | grep -c .)" = "$rows" ]'
while read -r name state; do
	[ -n "$name" ] || continue
	n=$((n + 1))
	if printf '%s\n' "$json" | grep -q "^{\"name\":\"$name\",\"state\":\"$state\","; then
		echo "ok $n - $name ($state)"
	else
		echo "not ok $n - $name ($state) missing from the table"; fail=1
	fi
done < "$names"
exit $fail
