#!/bin/sh
# run-determinism.sh BINARY SRCROOT YAML-CHECK [CORPUS] - determinism and
# idempotence (TAP).
#
# For every golden input (with its .args), the bundled example and every
# file of the shared Ingress-NGINX corpus (CORPUS, or $I2H_CORPUS; skipped
# when absent): two runs give byte-identical output, report and exit
# status; and convert of convert's output changes nothing (with the
# default options, and with --keep-class --include-classless, where the
# converted Ingresses are analysed again), and the output loads with
# libyaml's composer (YAML-CHECK) whenever the input does.
bin=$1 src=$2 ycheck=$3 corpus=${I2H_CORPUS:-${4:-}}
tmp=$(mktemp -d) || exit 2
: >"$tmp/stdin"	# an empty standard input (no special files in tests)
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0

tap() {
	n=$((n + 1))
	if [ -s "$tmp/why" ]; then
		sed 's/^/# /' "$tmp/why"
		echo "not ok $n - $1"
		fail=1
	else
		echo "ok $n - $1"
	fi
	: >"$tmp/why"
}

# twice NAME ARGS... - run twice; differences go to $tmp/why. Leaves the
# first run's streams in $tmp/out1, $tmp/err1 and its status in $rc.
twice() {
	name=$1
	shift
	NO_COLOR=1 "$bin" "$@" >"$tmp/out1" 2>"$tmp/err1" <"$tmp/stdin"
	rc=$?
	NO_COLOR=1 "$bin" "$@" >"$tmp/out2" 2>"$tmp/err2" <"$tmp/stdin"
	rc2=$?
	[ $rc = $rc2 ] || echo "$name: exit $rc then $rc2" >>"$tmp/why"
	cmp -s "$tmp/out1" "$tmp/out2" || echo "$name: the output differs between two runs" >>"$tmp/why"
	cmp -s "$tmp/err1" "$tmp/err2" || echo "$name: the report differs between two runs" >>"$tmp/why"
}

# again NAME INPUT ARGS... - convert $tmp/out1 (convert's output of INPUT)
# with ARGS: it must come out unchanged, and load as YAML if INPUT does.
again() {
	name=$1 input=$2
	shift 2
	cp "$tmp/out1" "$tmp/converted.yaml"
	if "$ycheck" "$input" 2>/dev/null && ! "$ycheck" "$tmp/converted.yaml" 2>"$tmp/ycheck"; then
		echo "$name: the input loads as YAML, the converted output does not:" >>"$tmp/why"
		cat "$tmp/ycheck" >>"$tmp/why"
	fi
	NO_COLOR=1 "$bin" "$@" "$tmp/converted.yaml" >"$tmp/out3" 2>"$tmp/err3" <"$tmp/stdin"
	rc3=$?
	if [ $rc3 -ge 2 ]; then
		echo "$name: converting the output fails (exit $rc3):" >>"$tmp/why"
		head -n 3 "$tmp/err3" >>"$tmp/why"
	elif ! cmp -s "$tmp/converted.yaml" "$tmp/out3"; then
		echo "$name: converting the output again changes it:" >>"$tmp/why"
		diff "$tmp/converted.yaml" "$tmp/out3" | head -n 10 >>"$tmp/why"
	fi
}

: >"$tmp/why"
cd "$src/testdata/golden" || exit 2
for input in $(ls *.yaml *.json | sort); do
	name=${input%.*}
	args="convert --report-format json"
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	twice "$name" $args "$input"
	case "$args" in
	convert*)
		# the output again, alone: without the other inputs the case names
		# (a file argument that is no option's value)
		cargs= prev=
		for w in $args; do
			case "$prev" in -*) ;; *) [ -f "$w" ] && { prev=$w; continue; } ;; esac
			cargs="$cargs $w"
			prev=$w
		done
		# --to gateway output that keeps a converted Ingress (its report
		# says so) is converted anew by design: no fixed point there
		grep -q '"rule":"gateway-ingress-kept"' "$name.err" 2>/dev/null && continue
		case " $args " in *" --keep-ingresses "*) continue ;; esac
		# shellcheck disable=SC2086
		[ $rc -lt 2 ] && [ -s "$tmp/out1" ] && again "$name" "$input" $cargs
		;;
	esac
done
cd - >/dev/null || exit 2
tap "golden inputs: deterministic, and convert is a fixed point on its output"

ex="$src/testdata/examples/shop.yaml"
for opts in "" "--keep-class --include-classless" "--keep-unsupported"; do
	# shellcheck disable=SC2086
	twice "shop.yaml $opts" convert --fail-on never --report-format json $opts "$ex"
	# shellcheck disable=SC2086
	again "shop.yaml $opts" "$ex" convert --fail-on never $opts
	twice "shop.yaml text report" lint --fail-on never "$ex"
done
tap "the example: deterministic, and convert is a fixed point on its output"

if [ -n "$corpus" ] && [ -d "$corpus" ]; then
	files=$(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | sort)
	count=0
	for f in $files; do
		count=$((count + 1))
		twice "$f" convert --fail-on never --report-format json "$f"
		[ $rc -lt 2 ] && again "$f" "$f" convert --fail-on never
		NO_COLOR=1 "$bin" convert --fail-on never --keep-class --include-classless "$f" \
			>"$tmp/out1" 2>"$tmp/err1" <"$tmp/stdin"
		[ $? -lt 2 ] && again "$f (--keep-class --include-classless)" "$f" \
			convert --fail-on never --keep-class --include-classless
	done
	tap "shared corpus, $count files one by one: deterministic, and convert is a fixed point"
	twice corpus lint --fail-on never --report-format json "$corpus"
	twice corpus convert --fail-on never "$corpus"
	tap "shared corpus as one directory: deterministic output and report"
else
	n=$((n + 1))
	echo "ok $n - shared corpus # SKIP not found (set I2H_CORPUS)"
fi
echo "1..$n"
exit $fail
