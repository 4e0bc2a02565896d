#!/bin/sh
# check-no-devices.sh SRCDIR - the tests make their own inputs and
# outputs: no /dev/ path (/dev/null, /dev/stdin, ...) in a unit test, the
# golden runner or a golden case's arguments, where a machine without it,
# or with something else there, would change the result (TAP).
cd "$1" || exit 2
echo "1..1"
if hits=$(grep -n '/dev/' tests/*.c tests/run-golden.sh tests/check-rules.sh testdata/golden/*.args); then
	echo "not ok 1 - device paths in tests"
	printf '%s\n' "$hits" | sed 's/^/# /'
	exit 1
fi
echo "ok 1 - no device paths in tests"
