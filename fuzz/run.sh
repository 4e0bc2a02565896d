#!/bin/sh
# run.sh BUILDDIR [SECONDS] [TARGET...] - run the libFuzzer targets one
# after the other, each for SECONDS (default 60), single process. With
# SECONDS 0, run each seed once (a regression test: meson test --suite fuzz).
#
# BUILDDIR is a -Dfuzz=true build (CC=clang meson setup BUILDDIR -Dfuzz=true).
# The corpus grows in BUILDDIR/fuzz/corpus-TARGET, seeded from testdata/
# (golden inputs, examples, hostile cases except those marked 'known:', a
# bug another branch fixes) and, when present, the shared Ingress-NGINX
# corpus ($I2H_CORPUS, default ../shared/corpus/ingress-nginx).
# Crashes land in BUILDDIR/fuzz/artifacts/; any crash, leak, timeout or
# out-of-memory exits non-zero (and fails CI). Extra libFuzzer options can
# be given in FUZZ_ARGS.
set -eu
build=$1
secs=${2:-60}
[ $# -ge 2 ] && shift 2 || shift $#
src=$(cd "$(dirname "$0")/.." && pwd)
targets=${*:-pipeline roundtrip rules govalid index_scan snippet fastparse}
corpus=${I2H_CORPUS:-$src/../shared/corpus/ingress-nginx}
art="$build/fuzz/artifacts"
mkdir -p "$art"
seeds="$build/fuzz/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
cp "$src"/testdata/golden/*.yaml "$src"/testdata/golden/*.json "$src"/testdata/examples/* "$seeds"/
for f in "$src"/testdata/hostile/*.yaml "$src"/testdata/hostile/*.json; do
	[ -f "$f" ] || continue
	grep -q '^known:' "${f%.*}.expect" 2>/dev/null || cp "$f" "$seeds"/
done
[ -d "$corpus" ] && seeds="$seeds $corpus"
# fuzz-rules reads --rules files: the policy example and the built-in table
# cut into files of ten rules each.
rseeds="$build/fuzz/seeds-rules"
rm -rf "$rseeds"
mkdir -p "$rseeds"
cp "$src/testdata/golden/policy-rules.yml.txt" "$src"/testdata/hostile/*.rules.txt "$rseeds/"
awk -v out="$rseeds/table-" '
	/^  - name:/ { if (n++ % 10 == 0) { f = out (n - 1) ".yaml"; print "version: 1\nrules:" >f } }
	f && /^  / { print >f }' "$src/rules/annotations.yaml"
# libfyaml's own leaks (see the file) are not ours to report
LSAN_OPTIONS="suppressions=$src/fuzz/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
# fuzz-govalid reads single annotation values: the controller's test values.
gseeds="$build/fuzz/seeds-govalid"
rm -rf "$gseeds"
mkdir -p "$gseeds"
if [ -f "$src/testdata/validators/controller-test-values.txt" ]; then
	awk -v out="$gseeds/v-" '!/^#/ { v = $0; sub(/^"/, "", v); sub(/"$/, "", v); f = out NR; printf "%s", v >f; close(f) }' \
		"$src/testdata/validators/controller-test-values.txt"
fi
printf '10.0.0.0/8, ::1' >"$gseeds/cidrs"
printf 'CN=(?i)^[a-z]+\\p{Greek}{1,3}$' >"$gseeds/regexp"
status=0
for t in $targets; do
	exe="$build/fuzz/fuzz-$t"
	[ -x "$exe" ] || { echo "run.sh: $exe not built (-Dfuzz=true)" >&2; exit 2; }
	mkdir -p "$build/fuzz/corpus-$t"
	tseeds=$seeds
	[ "$t" = rules ] && tseeds=$rseeds
	[ "$t" = govalid ] && tseeds=$gseeds
	if [ "$secs" = 0 ]; then
		# shellcheck disable=SC2086
		"$exe" -runs=0 -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$art/$t-" $tseeds || status=1
		continue
	fi
	echo "== fuzz-$t for ${secs}s"
	# shellcheck disable=SC2086
	if ! "$exe" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
		-dict="$src/fuzz/yaml.dict" -artifact_prefix="$art/$t-" -print_final_stats=1 \
		${FUZZ_ARGS:-} "$build/fuzz/corpus-$t" $tseeds 2>"$build/fuzz/$t.log"; then
		if [ "${FUZZ_INVARIANT_WARN:-0}" = 1 ] && grep -q '^invariant broken:' "$build/fuzz/$t.log" &&
		   ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer: (timeout|out-of-memory))|runtime error:' \
			"$build/fuzz/$t.log"; then
			# a broken invariant (not a memory error, UB, leak or
			# timeout) found by random exploration: reported, kept, and
			# left to a hostile-suite case rather than failing the run
			echo "warning: fuzz-$t broke an invariant; the input is in $art/:" >&2
			grep -A 40 '^invariant broken:' "$build/fuzz/$t.log" | sed -n '1,40p' >&2
		else
			status=1
			echo "fuzz-$t FAILED; the input is in $art/ (last lines of $build/fuzz/$t.log):" >&2
			tail -n 60 "$build/fuzz/$t.log" >&2
		fi
	fi
	grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' \
		"$build/fuzz/$t.log" || true
done
exit $status
