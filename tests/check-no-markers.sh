#!/bin/sh
# check-no-markers.sh SRCROOT - no merge-conflict markers left in the
# sources, docs, tests or data (mandoc and the compiler do not see them
# in every file) (TAP).
cd "$1" || exit 2
echo "1..1"
hits=$(grep -rnE '^(<<<<<<< |>>>>>>> |=======$)' src tests testdata rules man fuzz bench tools README.md meson.build .ci 2>/dev/null | grep -v '^tests/check-no-markers.sh:')
if [ -n "$hits" ]; then
	printf '%s\n' "$hits" | sed 's/^/# /'
	echo "not ok 1 - merge-conflict markers"
	exit 1
fi
echo "ok 1 - no merge-conflict markers"
