#!/bin/sh
# callgrind.sh [BUILD_DIR] [N] - instruction counts against the parse floor.
#
# Generates a stream of N Ingresses (default 2000; bench/gen-stream.py)
# and counts, with valgrind's callgrind, the instructions of the bare
# libyaml parse (bench/parse-floor, the floor) and of the four commands
# the budget names (lint, lint json, convert --to ingress, convert --to
# gateway), each with its ratio to the floor. Counts do not depend on the
# machine's load, unlike CPU time (bench/run.sh): compare changes with
# this, report budgets with that.
set -eu
build=${1:-build}
n=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 2; }
python3 "$here/gen-stream.py" "$n" >"$tmp/stream.yaml"
count() {
	valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "$@" >/dev/null 2>"$tmp/err" || {
		cat "$tmp/err" >&2
		exit 1
	}
	sed -n 's/.*refs: *//p' "$tmp/err" | tr -d ,
}
bin="$build/ingress2higress"
floor=$(count "$build/bench/parse-floor" "$tmp/stream.yaml")
printf '%d Ingresses; instructions (ratio to the floor)\n' "$n"
printf '%-40s %14d\n' "libyaml events (floor)" "$floor"
for c in lint json convert gateway; do
	case $c in
	lint) set -- lint ;;
	json) set -- lint --report-format json ;;
	convert) set -- convert ;;
	gateway) set -- convert --to gateway ;;
	esac
	set -- "$@" --fail-on never --report /dev/null
	i=$(count "$bin" "$@" "$tmp/stream.yaml")
	printf '%-40s %14d %6.2fx\n' "$c" "$i" "$(echo "$i $floor" | awk '{ print $1 / $2 }')"
done
