#!/bin/sh
# run-hostile.sh BINARY DIR YAML-CHECK - hostile inputs (TAP).
#
# Static cases: DIR/NAME.yaml (or .json) with DIR/NAME.expect:
#   args: ARGS        arguments before the input (default: convert
#                     --fail-on never --report-format json)
#   exit: N [N...]    the allowed exit statuses
#   err: REGEX        stderr must match (grep -E; repeatable)
#   out: FILE         expected standard output, byte for byte
#   outnot: REGEX     no line of standard output matches (repeatable)
#   known: WHO WHAT   a known bug another branch fixes: a failure is a TAP
#                     TODO (expected); once it passes meson reports an
#                     unexpected pass: delete the line.
# Generated cases (truncations of valid files, alias bombs, deep nesting,
# a huge scalar, binary data, a symlink cycle, an unreadable file, a full
# disk, a read-only directory) are built in a temporary directory.
#
# Every case: no crash or sanitizer report, bounded time (timeout) and,
# outside AddressSanitizer builds, bounded memory (ulimit -v); exit 2 comes
# with 'file:line:col: error:' (or the case's err) and no output at all,
# and then convert --in-place leaves the file as it was, with nothing beside;
# a converted output converts again to itself and, when the input loads
# with libyaml's composer (YAML-CHECK), so does the output (an alias to an
# anchor that convert commented out would not).
#
# HOSTILE_BIG_MB sizes the huge-scalar case (default 100, 8 under ASan);
# HOSTILE_TRUNC_STEP the truncation step in bytes (default 37, 97 under
# ASan).
bin=$1 dir=$2 ycheck=$3
tmp=$(mktemp -d) || exit 2
: >"$tmp/stdin"	# an empty standard input (no special files in tests)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
asan=
grep -q __asan_init "$bin" 2>/dev/null && asan=1
if [ -n "$asan" ]; then
	big_mb=${HOSTILE_BIG_MB:-8} step=${HOSTILE_TRUNC_STEP:-97}
else
	big_mb=${HOSTILE_BIG_MB:-100} step=${HOSTILE_TRUNC_STEP:-37}
fi
mem_kb=$(( (600 + 4 * big_mb) * 1024 ))
uid=$(id -u)

# tap OK NAME [KNOWN] - report one case; problems are in $tmp/why.
tap() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		if [ -n "${3:-}" ]; then
			echo "ok $n - $2 # TODO known bug fixed? delete 'known: $3'"
		else
			echo "ok $n - $2"
		fi
	else
		sed 's/^/# /' "$tmp/why"
		if [ -n "${3:-}" ]; then
			echo "not ok $n - $2 # TODO known: $3"
		else
			echo "not ok $n - $2"
			fail=1
		fi
	fi
}

# run SECONDS ARG... - run the binary bounded in time and memory; the exit
# status goes to $rc, the streams to $tmp/out and $tmp/err.
run() {
	secs=$1
	shift
	# the bounds catch quadratic work (20,000 aliases took 7.5 s before
	# the fix, 0.2 s after); a sanitizer build on a loaded machine runs
	# several times slower, so it gets four times the bound
	[ -n "$asan" ] && secs=$((secs * 4))
	(
		[ -z "$asan" ] && ulimit -v "$mem_kb"
		exec timeout "$secs" "$bin" "$@"
	) >"$tmp/out" 2>"$tmp/err" <"$tmp/stdin"
	rc=$?
}

# why TEXT - note a problem with the current case.
why() {
	echo "$*" >>"$tmp/why"
}

# common NAME ALLOWED CONVERT - the checks every case shares, after run.
# NAME is the input as named in messages (relative to the current
# directory); ALLOWED the exit statuses; CONVERT is 1 when stdout holds
# converted output to check as a fixed point and as YAML.
common() {
	if [ $rc -ge 124 ]; then
		why "exit $rc: timeout or killed by a signal"
	fi
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:|out of memory' "$tmp/err"; then
		why "sanitizer report or out of memory:"
		head -n 20 "$tmp/err" >>"$tmp/why"
	fi
	case " $2 " in
	*" $rc "*) ;;
	*) why "exit $rc, expected one of: $2"; head -n 5 "$tmp/err" >>"$tmp/why" ;;
	esac
	if [ $rc = 2 ] && [ -s "$tmp/out" ]; then
		why "exit 2 with (partial) output on stdout"
	fi
	if [ $rc = 2 ] && [ -z "${errset:-}" ] && ! grep -qE "^$(printf '%s' "$1" | sed 's/[.[\*^$/]/\\&/g'):[0-9]+:[0-9]+: error: " "$tmp/err"; then
		why "exit 2 without '$1:line:col: error:'"
		head -n 5 "$tmp/err" >>"$tmp/why"
	fi
	if [ "$3" = 1 ] && [ $rc -lt 2 ] && [ -f "$1" ] && "$ycheck" "$1" 2>/dev/null &&
	   ! "$ycheck" "$tmp/out" 2>"$tmp/ycheck"; then
		why "the input loads as YAML, the converted output does not:"
		cat "$tmp/ycheck" >>"$tmp/why"
	fi
	if [ "$3" = 1 ] && [ $rc -lt 2 ]; then
		cp "$tmp/out" "$tmp/re.yaml"
		cp "$tmp/err" "$tmp/err.first"
		run 60 $args "$tmp/re.yaml"
		if [ $rc -ge 2 ]; then
			why "the converted output does not convert again (exit $rc)"
			head -n 5 "$tmp/err" >>"$tmp/why"
		elif ! cmp -s "$tmp/out" "$tmp/re.yaml"; then
			why "converting the output again changes it:"
			diff "$tmp/re.yaml" "$tmp/out" | head -n 20 >>"$tmp/why"
		fi
		cp "$tmp/err.first" "$tmp/err"
	fi
}

# Static cases ---------------------------------------------------------------

field() { sed -n "s/^$1: //p" "$expect"; }

for expect in "$dir"/*.expect; do
	name=$(basename "$expect" .expect)
	input=
	for ext in yaml json; do
		[ -f "$dir/$name.$ext" ] && input=$name.$ext
	done
	: >"$tmp/why"
	if [ -z "$input" ]; then
		why "no input for $expect"
		tap 0 "$name"
		continue
	fi
	args=$(field args)
	[ -n "$args" ] || args="convert --fail-on never --report-format json"
	allowed=$(field exit)
	known=$(field known)
	errset=$(field err)
	convert=0
	case "$args" in convert*) convert=1 ;; esac
	cd "$dir" || exit 2	# messages name the input relative to DIR
	# shellcheck disable=SC2086
	run 20 $args "$input"
	common "$input" "$allowed" $convert
	cd - >/dev/null || exit 2
	if [ $rc = 2 ] && [ $convert = 1 ]; then
		# the same input rewritten in place: left exactly as it was
		cp "$tmp/err" "$tmp/err.first"
		mkdir "$tmp/ip"
		cp "$dir/$input" "$tmp/ip/"
		for f in "$dir"/*.rules.txt; do [ -f "$f" ] && cp "$f" "$tmp/ip/"; done
		ls -A "$tmp/ip" >"$tmp/ip.before"
		cd "$tmp/ip" || exit 2
		# shellcheck disable=SC2086
		run 20 $args --in-place "$input"
		cd - >/dev/null || exit 2
		[ $rc = 2 ] || why "--in-place: exit $rc, not 2"
		cmp -s "$dir/$input" "$tmp/ip/$input" || why "--in-place changed the input"
		ls -A "$tmp/ip" | cmp -s - "$tmp/ip.before" || why "--in-place left files behind"
		rm -rf "$tmp/ip" "$tmp/ip.before"
		cp "$tmp/err.first" "$tmp/err"
	fi
	field err | while IFS= read -r re; do
		grep -qE -- "$re" "$tmp/err" || echo "stderr does not match: $re" >>"$tmp/why"
	done
	field outnot | while IFS= read -r re; do
		grep -qE -- "$re" "$tmp/out" && echo "stdout matches: $re" >>"$tmp/why"
	done
	out=$(field out)
	if [ -n "$out" ] && ! cmp -s "$dir/$out" "$tmp/out"; then
		why "stdout differs from $out:"
		diff "$dir/$out" "$tmp/out" | head -n 20 >>"$tmp/why"
	fi
	errset=
	[ -s "$tmp/why" ] && ok=0 || ok=1
	tap $ok "$name: $(sed -n '1s/^# //p' "$expect")" "$known"
done

# Generated cases --------------------------------------------------------------

args="convert --fail-on never --report-format json"

# Truncations of valid files at every $step-th byte: exit 0, or exit 2
# at a position; never a crash, never partial output.
for src in "$dir/../examples/shop.yaml" "$dir/../golden/list-json.json" \
	   "$dir/../golden/flow-annotations.yaml" "$dir/../golden/list-kubectl.yaml"; do
	base=$(basename "$src")
	size=$(wc -c <"$src")
	: >"$tmp/why"
	i=1
	cuts=0
	while [ $i -lt "$size" ]; do
		head -c $i "$src" >"$tmp/$base"
		cd "$tmp" || exit 2
		run 20 $args "$base"
		cd - >/dev/null || exit 2
		common "$base" "0 2" 0
		if [ -s "$tmp/why" ]; then
			sed -i "1i at byte $i:" "$tmp/why"
			break
		fi
		cuts=$((cuts + 1))
		i=$((i + step))
	done
	[ -s "$tmp/why" ] && ok=0 || ok=1
	tap $ok "truncations of $base every $step bytes ($cuts cuts)"
done

# gen NAME DESCRIPTION ALLOWED SECONDS [ARG...] - run a generated input
# $tmp/NAME (made just before) and report it.
gen() {
	gname=$1 gdesc=$2 gallowed=$3 gsecs=$4
	shift 4
	: >"$tmp/why"
	cd "$tmp" || exit 2
	run "$gsecs" ${*:-$args} "$gname"
	common "$gname" "$gallowed" "${gcheck:-1}"
	cd - >/dev/null || exit 2
	[ -s "$tmp/why" ] && ok=0 || ok=1
	tap $ok "$gdesc" "${gknown:-}"
}

# Nesting 10,000 deep, three ways: exit 2 at the 257th level.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]"; print "" }' >"$tmp/deep-flow.yaml"
gen deep-flow.yaml "10,000 nested flow sequences" 2 20
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "x" }' >"$tmp/deep-block.yaml"
gen deep-block.yaml "10,000 nested block sequences" 2 20
awk 'BEGIN { printf "kind: Ingress\nmetadata:\n  annotations: "; for (i = 0; i < 10000; i++) printf "{a: "; printf "x";
	     for (i = 0; i < 10000; i++) printf "}"; print "" }' >"$tmp/deep-annotations.yaml"
gen deep-annotations.yaml "10,000 nested flow mappings in an Ingress's annotations" 2 20

# Controller ConfigMaps: 20,000 candidates (one conflict finding each, naming
# four); one with 100,000 keys (one finding per key).
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nginx-configuration\n  namespace: n%d\ndata:\n  ssl-redirect: \"false\"\n", i }' \
	>"$tmp/configmap-candidates.yaml"
gen configmap-candidates.yaml "20,000 controller ConfigMaps" 0 20
awk 'BEGIN { printf "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ingress-nginx-controller\ndata:\n";
	     for (i = 0; i < 100000; i++) printf "  key-%d: \"%d\"\n", i, i }' >"$tmp/configmap-keys.yaml"
gen configmap-keys.yaml "a controller ConfigMap with 100,000 keys" 0 20

# A huge plain scalar in a ConfigMap: passes through byte for byte.
{
	printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: '
	head -c $((big_mb * 1048576)) /dev/zero | tr '\0' x
	echo
} >"$tmp/big-scalar.yaml"
gcheck=0	# the comparison below is the fixed-point check
gen big-scalar.yaml "a ${big_mb} MB scalar" 0 120
gcheck=
if [ $rc = 0 ] && ! cmp -s "$tmp/out" "$tmp/big-scalar.yaml"; then
	n=$((n + 1))
	echo "not ok $n - the ${big_mb} MB scalar passes through unchanged"
	fail=1
fi
rm -f "$tmp/big-scalar.yaml" "$tmp/out" "$tmp/re.yaml"

# A 4 MB annotation value on an annotation with a validator and a converter.
for a in rewrite-target upstream-hash-by; do
	{
		printf 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: big\n  annotations:\n'
		printf '    nginx.ingress.kubernetes.io/%s: "$http_' "$a"
		head -c 4000000 /dev/zero | tr '\0' a
		printf '"\nspec:\n  ingressClassName: nginx\n'
	} >"$tmp/big-$a.yaml"
	gen "big-$a.yaml" "a 4 MB $a value" 0 60
done

# 10,000 annotations on one Ingress.
{
	printf 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: many\n  annotations:\n'
	awk 'BEGIN { for (i = 0; i < 5000; i++) printf "    nginx.ingress.kubernetes.io/x-%d: \"%d\"\n    nginx.ingress.kubernetes.io/proxy-read-timeout-%d: \"1\"\n", i, i, i }'
	printf 'spec:\n  ingressClassName: nginx\n  tls: [{hosts: [a]}]\n'
} >"$tmp/many-annotations.yaml"
gen many-annotations.yaml "10,000 annotations on one Ingress" 0 30

# 20,000 annotation values that are aliases: resolving each, and settling
# key collisions, must not be quadratic (resolve_collisions once took 2.4 s);
# resolving each alias must not walk
# the whole object (20,000 x 20,000 steps took 7.5 s).
{
	printf 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: many\n  annotations:\n    x: &a "1"\n'
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "    nginx.ingress.kubernetes.io/x-%d: *a\n", i }'
	printf 'spec:\n  ingressClassName: nginx\n'
} >"$tmp/many-aliases.yaml"
gen many-aliases.yaml "20,000 alias annotation values in 3 s" 0 3
gknown=

# 200,000 empty documents.
awk 'BEGIN { for (i = 0; i < 200000; i++) print "---" }' >"$tmp/many-documents.yaml"
gen many-documents.yaml "200,000 empty documents" 0 30

# Binary data (deterministic pseudo-random bytes, NULs included).
awk 'BEGIN { srand(5); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' >"$tmp/binary.yaml"
gen binary.yaml "64 KB of binary data" 2 20

# A directory with a symbolic link cycle: terminates, each file once.
mkdir -p "$tmp/cycle/sub"
cp "$dir/crlf.yaml" "$tmp/cycle/sub/a.yaml"
ln -s .. "$tmp/cycle/sub/loop"
ln -s . "$tmp/cycle/self"
: >"$tmp/why"
run 20 lint --fail-on never --report-format json "$tmp/cycle"
common cycle "0 2" 0
if [ $rc = 0 ] && [ "$(grep -c '"rule":"ssl-ciphers"' "$tmp/out")" != 1 ]; then
	why "the file in the cycle was not read exactly once"
fi
[ -s "$tmp/why" ] && ok=0 || ok=1
tap $ok "a directory with symbolic link cycles"
rm -rf "$tmp/cycle"

# Two inputs to standard output, the second with a byte order mark: the
# combined output must still parse (the mark may not land mid-stream).
cp "$dir/crlf.yaml" "$tmp/first.yaml"
cp "$dir/bom.yaml" "$tmp/second.yaml"
: >"$tmp/why"
run 20 $args "$tmp/first.yaml" "$tmp/second.yaml"
common first.yaml 0 1
[ -s "$tmp/why" ] && ok=0 || ok=1
tap $ok "two inputs to stdout, the second with a byte order mark"

# An unreadable file: exit 2 naming it (root reads anything: skipped).
n=$((n + 1))
if [ "$uid" = 0 ]; then
	echo "ok $n - an unreadable file # SKIP running as root, chmod 000 does not stop reads"
else
	cp "$dir/crlf.yaml" "$tmp/unreadable.yaml"
	chmod 000 "$tmp/unreadable.yaml"
	: >"$tmp/why"
	errset=1
	run 20 $args "$tmp/unreadable.yaml"
	common unreadable.yaml 2 0
	errset=
	grep -q "unreadable.yaml.*error:" "$tmp/err" || why "no error naming the file"
	n=$((n - 1))
	[ -s "$tmp/why" ] && ok=0 || ok=1
	tap $ok "an unreadable file"
fi

# --in-place with the disk full (a file size limit; SIGXFSZ must not kill
# the process): exit 2, the original byte for byte, no temporary file.
mkdir "$tmp/full"
{
	cat "$dir/crlf.yaml"
	awk 'BEGIN { for (i = 0; i < 3000; i++) printf "# padding line %d to make the file larger than the limit\n", i }'
} >"$tmp/full/a.yaml"
cp "$tmp/full/a.yaml" "$tmp/full.orig"
: >"$tmp/why"
errset=1
(
	ulimit -f 64	# blocks of 512 or 1024 bytes: 32 or 64 KB, the file is ~200 KB
	exec timeout 20 "$bin" convert --in-place --fail-on never --report "$tmp/full.report" "$tmp/full/a.yaml"
) >"$tmp/out" 2>"$tmp/err" <"$tmp/stdin"
rc=$?
common a.yaml 2 0
errset=
grep -q 'error:' "$tmp/err" || why "no error message"
cmp -s "$tmp/full/a.yaml" "$tmp/full.orig" || why "the original changed"
[ "$(ls -A "$tmp/full")" = a.yaml ] || why "left behind: $(ls -A "$tmp/full" | tr '\n' ' ')"
[ -s "$tmp/why" ] && ok=0 || ok=1
tap $ok "--in-place with the disk full"
rm -rf "$tmp/full" "$tmp/full.orig" "$tmp/full.report"

# --in-place in a read-only directory: exit 2, the original untouched
# (root writes anywhere: skipped).
n=$((n + 1))
if [ "$uid" = 0 ]; then
	echo "ok $n - --in-place in a read-only directory # SKIP running as root"
else
	n=$((n - 1))
	mkdir "$tmp/ro"
	cp "$dir/crlf.yaml" "$tmp/ro/a.yaml"
	chmod 555 "$tmp/ro"
	: >"$tmp/why"
	errset=1
	run 20 convert --in-place --fail-on never --report "$tmp/ro.report" "$tmp/ro/a.yaml"
	common a.yaml 2 0
	errset=
	grep -q 'error:' "$tmp/err" || why "no error message"
	cmp -s "$tmp/ro/a.yaml" "$dir/crlf.yaml" || why "the original changed"
	[ "$(ls -A "$tmp/ro")" = a.yaml ] || why "left behind: $(ls -A "$tmp/ro" | tr '\n' ' ')"
	chmod 755 "$tmp/ro"
	[ -s "$tmp/why" ] && ok=0 || ok=1
	tap $ok "--in-place in a read-only directory"
fi

echo "1..$n"
exit $fail
