#!/bin/sh
# check-rules.sh BINARY NAMES - validate the embedded rule table (TAP).
# NAMES lists every annotation name of the Ingress-NGINX catalogue, one
# per line ("name state"); each must have an entry of that state.
bin=$1 names=$2
n=0 fail=0
total=$(grep -c . "$names")
echo "1..$((total + 2))"
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
