#!/bin/sh
# run-golden.sh BINARY DIR - golden tests (TAP).
#
# Each case is DIR/NAME.yaml (or .json) with optional DIR/NAME.args holding
# the arguments before the input path (default: convert --report-format
# json). The binary runs inside DIR, so paths in messages are relative.
# Expected: DIR/NAME.out (standard output) and DIR/NAME.err (standard
# error, then a line exit=N). An optional DIR/NAME.filter is a sed script
# applied to standard output before the comparison, after the directory
# the case runs in is written 'file:///GOLDEN/' where it appears as a
# file URI (SARIF's originalUriBaseIds), so a report that holds more than
# the case is about (the rule table) can leave the rest out. With
# UPDATE=1 the expected files are rewritten from the actual output
# instead.
#
# DIR/NAME.md and DIR/NAME.html, when present, are the markdown and html
# reports of 'lint --fail-on never' on the input (with the options of
# NAME.args when that is a lint case). The page's style and script (and
# their hashes in the Content-Security-Policy) are replaced by placeholders
# on both sides, so an HTML golden holds the report's content and a change
# of src/report_html.css or .js rewrites none of them; the test html-assets
# checks the assets themselves, html-chromium renders them.
#
# Every case also checks that the output has no line ending in blanks
# unless the input has one (editors and linters flag trailing whitespace),
# and that what convert writes reads back without an input error.
bin=$1 dir=$2
cd "$dir" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
: >"$tmp/empty"		# standard input of every case: empty, and our own
cases=
for f in *.yaml *.json; do
	case $f in *.out.*) continue ;; esac
	[ -f "$f" ] && cases="$cases $f"
done
cases=$(printf '%s\n' $cases | sort)
count=$(printf '%s\n' "$cases" | grep -c .)

# Lines of file $1 ending in a space or tab (before any CR), with numbers.
trailing_blanks() {
	sed 's/\r$//' "$1" | grep -n '[[:blank:]]$'
}
# The HTML page of file $1 with its asset blocks as placeholders: the
# <style> and <script> elements (each opens at the start of a line) and the
# SHA-256 sources of the Content-Security-Policy.
html_content() {
	awk '
	skip { if (index($0, end)) skip = 0; next }
	/^<style>/ { print "<style>(report_html.css)</style>"; end = "</style>" }
	/^<script>/ { print "<script>(report_html.js)</script>"; end = "</script>" }
	/^<style>/ || /^<script>/ { if (!index($0, end)) skip = 1; next }
	{ gsub(/\047sha256-[A-Za-z0-9+\/=]*\047/, "\047sha256-(asset)\047"); print }
	' "$1"
}
echo "1..$count"
n=0 fail=0
for input in $cases; do
	name=${input%.*}
	n=$((n + 1))
	args="convert --report-format json"
	[ -f "$name.args" ] && args=$(cat "$name.args")
	# shellcheck disable=SC2086
	NO_COLOR=1 "$bin" $args "$input" >"$tmp/out" 2>"$tmp/err" <"$tmp/empty"
	echo "exit=$?" >>"$tmp/err"
	if [ -f "$name.filter" ]; then
		sed -e "s|file://$(pwd)/|file:///GOLDEN/|g" -f "$name.filter" "$tmp/out" >"$tmp/filtered"
		mv "$tmp/filtered" "$tmp/out"
	fi
	kinds="out err"
	for fmt in md:markdown html:html; do
		ext=${fmt%%:*}
		[ -f "$name.$ext" ] || continue
		kinds="$kinds $ext"
		largs=lint
		case $args in lint*) largs=$args ;; esac
		# shellcheck disable=SC2086
		NO_COLOR=1 "$bin" $largs --fail-on never --report-format "${fmt#*:}" "$input" \
			>"$tmp/$ext" 2>&1 <"$tmp/empty"
		if [ "$ext" = html ]; then
			html_content "$tmp/html" >"$tmp/page" && mv "$tmp/page" "$tmp/html"
		fi
	done
	if [ "${UPDATE:-}" = 1 ]; then
		for k in $kinds; do
			cp "$tmp/$k" "$name.$k"
		done
		echo "ok $n - $name (updated)"
		continue
	fi
	ok=1
	if ! trailing_blanks "$input" >"$tmp/blanks" && trailing_blanks "$tmp/out" >"$tmp/blanks"; then
		ok=0
		echo "# output lines ending in blanks, the input has none:"
		sed 's/^/#   /' "$tmp/blanks"
	fi
	case $args in
	convert*)
		if [ -s "$tmp/out" ] && ! grep -q '^exit=2$' "$tmp/err"; then
			"$bin" lint --fail-on never --report "$tmp/report" "$tmp/out" >"$tmp/lint" 2>&1
			if [ $? = 2 ]; then
				ok=0
				echo "# the output does not read back:"
				sed 's/^/#   /' "$tmp/lint"
			fi
		fi
		;;
	esac
	for k in $kinds; do
		want=$name.$k
		if [ "$k" = html ]; then
			html_content "$want" >"$tmp/want.html"
			want=$tmp/want.html
		fi
		if ! diff -u "$want" "$tmp/$k" >"$tmp/diff" 2>&1; then
			ok=0
			sed 's/^/# /' "$tmp/diff"
		fi
	done
	if [ $ok = 1 ]; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		fail=1
	fi
done
exit $fail
