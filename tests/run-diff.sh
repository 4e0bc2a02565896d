#!/bin/sh
# run-diff.sh BINARY GOLDEN_DIR GEN_STREAM - convert --diff and --check (TAP).
#
# For every golden convert case (but the malformed inputs): the diff,
# applied with patch and with git apply to a copy of the input, gives what
# --in-place writes (with --to gateway, the --gateway-out file too, made
# from /dev/null); --check exits 1 and names the file exactly when that
# differs from the input, 0 on the converted file.
# Then standard input (<stdin>, --stdin-filename), the usage errors, the
# comments and --no-comments, and a generated stream of 3,000 Ingresses
# (GEN_STREAM, bench/gen-stream.py) whose diff applies too.
bin=$1 dir=$2 gen=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; fi; }
command -v patch >/dev/null 2>&1 || { echo "1..0 # SKIP patch is not installed"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "1..0 # SKIP git is not installed"; exit 77; }

# apply PATCH DIR: apply with patch -p1 in DIR (an empty patch changes nothing)
apply_patch() {
	[ -s "$1" ] || return 0
	(cd "$2" && patch -s -p1 --no-backup-if-mismatch <"$1") >"$tmp/patch.log" 2>&1
}
apply_git() {
	[ -s "$1" ] || return 0
	(cd "$2" && git apply -p1 "$1") >"$tmp/patch.log" 2>&1
}
# same_gw DIR: DIR/gw-out.yaml (made by a patch) is what -i wrote (whose
# comments name the input by the path it was given), or both are absent
same_gw() {
	if [ -e "$tmp/ip/gw-out.yaml" ]; then
		sed "s|$tmp/ip/||g" "$tmp/ip/gw-out.yaml" | cmp -s "$1/gw-out.yaml" -
	else
		[ ! -e "$1/gw-out.yaml" ]
	fi
}

cd "$dir" || exit 2
[ -e gw-out.yaml ] && { echo "Bail out! $dir/gw-out.yaml exists"; exit 2; }
for input in *.yaml *.json; do
	name=${input%.*}
	args="convert --report-format json"
	[ -f "$name.args" ] && args=$(cat "$name.args")
	case "$args" in convert*) ;; *) continue ;; esac
	gi= gd=
	case "$args" in *"--to gateway"*) gi="--gateway-out $tmp/ip/gw-out.yaml" gd="--gateway-out gw-out.yaml" ;; esac
	# extra operands (not a --rules file) would be diffed too: leave them out
	printf '%s\n' "$args" | sed 's/--rules [^ ]*//' | grep -q '\.txt' && continue
	rm -rf "$tmp/ip" "$tmp/p" "$tmp/g"
	mkdir "$tmp/ip" "$tmp/p" "$tmp/g"
	cp "$input" "$tmp/ip/"
	cp "$input" "$tmp/p/"
	cp "$input" "$tmp/g/"
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args --fail-on never -i $gi "$tmp/ip/$input" >/dev/null 2>"$tmp/ip.err"
	[ $? = 2 ] && continue		# malformed on purpose (or WasmPlugins: -i needs --plugins-out)
	# an Ingress convert could not take out of a JSON List stays, and is
	# converted again by the next run: no fixed point, and the report says so
	fixed=0
	grep -q gateway-ingress-kept "$tmp/ip.err" && fixed=1
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args --fail-on never --diff $gd "$input" >"$tmp/d.patch" 2>"$tmp/err"
	rc=$?
	if [ $rc != 0 ]; then
		nok "$name: --diff exits $rc"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	if apply_patch "$tmp/d.patch" "$tmp/p" && cmp -s "$tmp/p/$input" "$tmp/ip/$input" && same_gw "$tmp/p"; then
		ok "$name: the diff, applied with patch, gives the conversion"
	else
		nok "$name: the diff, applied with patch, gives the conversion"
		sed 's/^/# /' "$tmp/patch.log" "$tmp/d.patch" | head -n 40
	fi
	check "$name: the diff applies with git apply" \
		"apply_git '$tmp/d.patch' '$tmp/g' && cmp -s '$tmp/g/$input' '$tmp/ip/$input' && same_gw '$tmp/g'"
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args --fail-on never --check $gd "$input" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ -s "$tmp/ip/gw-out.yaml" ]; then
		check "$name: --check exits 1 and names the --gateway-out file to be made" \
			"[ $rc = 1 ] && grep -q '^gw-out.yaml: note: convert would change this file$' '$tmp/err' && [ ! -s '$tmp/out' ]"
	elif cmp -s "$input" "$tmp/ip/$input"; then
		check "$name: --check exits 0 on an input convert leaves alone" \
			"[ $rc = 0 ] && [ ! -s '$tmp/d.patch' ] && ! grep -q 'would change' '$tmp/err'"
	else
		check "$name: --check exits 1 and names the file" \
			"[ $rc = 1 ] && grep -q '^$input: note: convert would change this file$' '$tmp/err' && [ ! -s '$tmp/out' ]"
	fi
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args --fail-on never --check $gi "$tmp/ip/$input" >/dev/null 2>&1
	check "$name: --check exits $fixed on the converted file${gi:+ and its --gateway-out file}" "[ $? = $fixed ]"
done
cd - >/dev/null || exit 2

# standard input
ex=$dir/../examples/shop.yaml
"$bin" convert --fail-on never --diff <"$ex" >"$tmp/stdin.patch" 2>/dev/null
check "standard input: headers name <stdin>" \
	"head -n 2 '$tmp/stdin.patch' | tr '\n' '|' | grep -qx -- '--- a/<stdin>|+++ b/<stdin>|'"
"$bin" convert --fail-on never --diff --stdin-filename deploy/shop.yaml --report-format json \
	<"$ex" >"$tmp/named.patch" 2>"$tmp/named.json"
mkdir -p "$tmp/named/deploy"
cp "$ex" "$tmp/named/deploy/shop.yaml"
"$bin" convert --fail-on never --report /dev/null "$ex" >"$tmp/shop.conv"
check "--stdin-filename: the diff names the file and applies there" \
	"head -n 1 '$tmp/named.patch' | grep -qx -- '--- a/deploy/shop.yaml' &&
	 apply_patch '$tmp/named.patch' '$tmp/named' && cmp -s '$tmp/named/deploy/shop.yaml' '$tmp/shop.conv'"
check "--stdin-filename: the report names the file" \
	"grep -q '\"file\": *\"deploy/shop.yaml\"' '$tmp/named.json' && ! grep -q '<stdin>' '$tmp/named.json'"
"$bin" lint --fail-on never --stdin-filename a/b.yaml <"$ex" >"$tmp/lint.txt" 2>&1
check "lint --stdin-filename: findings name it" \
	"grep -q '^a/b.yaml:[0-9]*:[0-9]*: ' '$tmp/lint.txt' && ! grep -q '<stdin>' '$tmp/lint.txt'"
"$bin" lint --stdin-filename '' <"$ex" >/dev/null 2>"$tmp/err"
check "--stdin-filename '': exit 2" "[ $? = 2 ] && grep -q 'non-empty' '$tmp/err'"

# usage errors, and --diff writing no file
cp "$ex" "$tmp/w.yaml"
"$bin" convert --diff -i --fail-on never "$tmp/w.yaml" >"$tmp/w.patch" 2>/dev/null
check "--diff -i: a diff on stdout, the file unchanged" "[ -s '$tmp/w.patch' ] && cmp -s '$tmp/w.yaml' '$ex'"
"$bin" convert --check -i --fail-on never "$tmp/w.yaml" >/dev/null 2>&1
check "--check -i: exit 1, the file unchanged" "[ $? = 1 ] && cmp -s '$tmp/w.yaml' '$ex'"
"$bin" convert --diff -o "$tmp/x.yaml" "$ex" >/dev/null 2>"$tmp/err"
check "--diff with -o: exit 2, nothing written" "[ $? = 2 ] && [ ! -e '$tmp/x.yaml' ] && grep -q 'not with --output' '$tmp/err'"
"$bin" convert --check --to gateway "$ex" >/dev/null 2>"$tmp/err"
check "--check with --to gateway and no --gateway-out: exit 2, naming it" \
	"[ $? = 2 ] && grep -q 'with --diff or --check needs --gateway-out FILE' '$tmp/err'"
"$bin" convert --check --to gateway --gateway-out - "$ex" >/dev/null 2>"$tmp/err"
check "--check --to gateway --gateway-out -: exit 2, no file to compare" "[ $? = 2 ] && grep -q \"'-' is no file to compare\" '$tmp/err'"
mkdir "$tmp/gwm"
cp "$ex" "$tmp/gwm/shop.yaml"
(cd "$tmp/gwm" && "$bin" convert --to gateway --fail-on never --report /dev/null -i --gateway-out gw.yaml shop.yaml &&
	cp gw.yaml gw.first && "$bin" convert --to gateway --fail-on never --report /dev/null -i --gateway-out gw.yaml shop.yaml)
check "--to gateway -i on a migrated file (no Ingress left): the --gateway-out file stays" \
	"[ $? = 0 ] && [ -s '$tmp/gwm/gw.yaml' ] && cmp -s '$tmp/gwm/gw.yaml' '$tmp/gwm/gw.first'"
(cd "$tmp/gwm" && "$bin" convert --to gateway --fail-on never --check --gateway-out gw.yaml shop.yaml) >/dev/null 2>"$tmp/err"
check "--check --to gateway on the migrated file: exit 0" "[ $? = 0 ] && ! grep -q 'would change' '$tmp/err'"
printf '# edited\n' >>"$tmp/gwm/gw.yaml"
cp "$ex" "$tmp/gwm/shop.yaml"
(cd "$tmp/gwm" && "$bin" convert --to gateway --fail-on never --report /dev/null --diff --gateway-out gw.yaml shop.yaml) >"$tmp/gwm.patch"
check "--diff --to gateway: the --gateway-out file is diffed against what would replace it" \
	"grep -qx -- '--- a/gw.yaml' '$tmp/gwm.patch' && grep -qx -- '-# edited' '$tmp/gwm.patch' && grep -qx -- '--- a/shop.yaml' '$tmp/gwm.patch'"
# --plugins-out: the WasmPlugins file is compared like the --gateway-out one
pl=$dir/anchor-in-use.yaml
mkdir "$tmp/plm" "$tmp/plp"
cp "$pl" "$tmp/plm/in.yaml"
cp "$pl" "$tmp/plp/in.yaml"
(cd "$tmp/plm" && "$bin" convert --fail-on never --report /dev/null --diff --plugins-out pl.yaml in.yaml) >"$tmp/pl.patch"
(cd "$tmp/plm" && "$bin" convert --fail-on never --report /dev/null --check --plugins-out pl.yaml in.yaml) 2>"$tmp/err"
check "--check --plugins-out: exit 1, naming the WasmPlugins file to be made" \
	"[ $? = 1 ] && grep -qx 'pl.yaml: note: convert would change this file' '$tmp/err'"
(cd "$tmp/plm" && "$bin" convert --fail-on never --report /dev/null -i --plugins-out pl.yaml in.yaml)
check "--diff --plugins-out: the diff makes the WasmPlugins file from /dev/null, as -i writes it" \
	"grep -qx -- '--- /dev/null' '$tmp/pl.patch' && grep -qx -- '+++ b/pl.yaml' '$tmp/pl.patch' &&
	 apply_patch '$tmp/pl.patch' '$tmp/plp' && cmp -s '$tmp/plp/pl.yaml' '$tmp/plm/pl.yaml' &&
	 cmp -s '$tmp/plp/in.yaml' '$tmp/plm/in.yaml'"
(cd "$tmp/plm" && "$bin" convert --fail-on never --report /dev/null --check --plugins-out pl.yaml in.yaml) 2>"$tmp/err"
check "--check --plugins-out on the converted files: exit 0" "[ $? = 0 ] && ! grep -q 'would change' '$tmp/err'"
cp "$pl" "$tmp/plm/in.yaml"
printf '# edited\n' >>"$tmp/plm/pl.yaml"
(cd "$tmp/plm" && "$bin" convert --fail-on never --report /dev/null --diff --plugins-out pl.yaml in.yaml) >"$tmp/pl.patch"
check "--diff --plugins-out: an edited WasmPlugins file is diffed against what would replace it" \
	"grep -qx -- '--- a/pl.yaml' '$tmp/pl.patch' && grep -qx -- '-# edited' '$tmp/pl.patch'"
"$bin" convert --check --plugins-out - "$pl" >/dev/null 2>"$tmp/err"
check "--check --plugins-out -: exit 2, no file to compare" "[ $? = 2 ] && grep -q \"'-' is no file to compare\" '$tmp/err'"
"$bin" convert --diff --report - "$ex" >/dev/null 2>"$tmp/err"
check "--diff with --report -: exit 2" "[ $? = 2 ] && grep -q 'the diff both go to standard output' '$tmp/err'"
"$bin" convert --check --report - --report-format json --fail-on never "$ex" >"$tmp/out" 2>"$tmp/err"
check "--check with --report -: the report on stdout" "[ $? = 1 ] && grep -q '\"findings\"' '$tmp/out'"
printf 'kind: Broken\n  bad: [\n' >"$tmp/broken.yaml"
"$bin" convert --diff --fail-on never "$ex" "$tmp/broken.yaml" >"$tmp/out" 2>"$tmp/err"
check "--diff with a malformed input: exit 2 and no diff at all" "[ $? = 2 ] && [ ! -s '$tmp/out' ]"
"$bin" lint --check "$ex" >/dev/null 2>"$tmp/err"
check "lint --check: exit 2, naming the commands of --check" \
	"[ $? = 2 ] && grep -q \"it is an option of 'convert' and 'rules'\" '$tmp/err'"

# comments on added lines, and --no-comments
"$bin" convert --fail-on never --report /dev/null --no-comments "$ex" >"$tmp/nc.yaml"
check "comments: added lines and the class change carry one" \
	"grep -q '# ingress2higress: added, ' '$tmp/shop.conv' && grep -q '# ingress2higress: class changed, was ' '$tmp/shop.conv'"
grep -v '# ingress2higress: added' "$tmp/shop.conv" | grep -v '# ingress2higress: class' >"$tmp/nc.expect"
check "--no-comments: none on added or changed lines, removals still commented out" \
	"cmp -s '$tmp/nc.yaml' '$tmp/nc.expect' && grep -q '# ingress2higress: removed, ' '$tmp/nc.yaml'"
"$bin" convert --fail-on never --report /dev/null --no-comments "$tmp/nc.yaml" >"$tmp/nc2.yaml"
check "--no-comments: a fixed point" "cmp -s '$tmp/nc.yaml' '$tmp/nc2.yaml'"

# a larger stream: the diff still applies, and stays hunk by hunk
mkdir "$tmp/big"
python3 "$gen" 3000 >"$tmp/big/stream.yaml"
cp "$tmp/big/stream.yaml" "$tmp/big.orig"
"$bin" convert --fail-on never --report /dev/null "$tmp/big/stream.yaml" >"$tmp/big.conv"
(cd "$tmp/big" && timeout 60 "$bin" convert --fail-on never --report /dev/null --diff stream.yaml) >"$tmp/big.patch"
check "3,000 Ingresses: the diff applies" \
	"apply_patch '$tmp/big.patch' '$tmp/big' && cmp -s '$tmp/big/stream.yaml' '$tmp/big.conv'"
check "3,000 Ingresses: one hunk per changed Ingress at most, no whole-file hunk" \
	"h=\$(grep -c '^@@ ' '$tmp/big.patch'); [ \"\$h\" -gt 1 ] && [ \"\$h\" -le 3000 ]"

echo "1..$n"
exit $fail
