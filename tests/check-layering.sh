#!/bin/sh
# check-layering.sh SRC_DIR - no module includes a header of a module that
# sits later in the pipeline. The order (README's "Design" names the same):
# a module may include headers of its own layer and of earlier layers.
# A source file in no layer fails too: place a new module here.
set -u
src=${1:?usage: check-layering.sh SRC_DIR}

# layer number of a module (a file's name without .c/.h), or nothing
layer() {
	case $1 in
	util|model|target|version|spill|spill_sort) echo 0 ;;		# foundations
	input|config|fydoc) echo 1 ;;			# paths, stdin spool; the config file
	stream|yaml_node|yaml_read|yaml_block|scalar) echo 2 ;;	# YAML reading (yaml_block: the fast reader) and node helpers; scalar typing
	output|yaml_write|diff) echo 3 ;;		# atomic outputs (re-read to verify); YAML writing; diffs
	k8s|ingress) echo 4 ;;				# object identity, Ingress facts
	index|index_scan) echo 5 ;;			# the index pass: facts, the cheap scanner
	govalid|conv_names|rules|rules_builtin|rule_ids|inject|regex_compat) echo 6 ;;	# the rule table and its validators; injection shapes; PCRE versus RE2
	finding|plan|conv|nginx_conf|snippet|ctrl_config) echo 7 ;;	# findings; the conversion plan; conversion intents; snippets read; the controller ConfigMap
	emit_*) echo 8 ;;				# per-target emitters (emit_gateway_*: the Gateway API target in parts; emit_ingress_conv: the Higress Ingress converters)
	analyze|check_*|conv_*|suppress) echo 9 ;;	# analysis and conversions; suppressions
	report|report_*) echo 10 ;;			# reports
	tool_*|main) echo 11 ;;				# command line and run driver
	esac
}

fail=0
n=0
for f in "$src"/*.c "$src"/*.h "$src"/*.h.in; do
	[ -e "$f" ] || continue
	base=$(basename "$f"); mod=${base%.in}; mod=${mod%.[ch]}
	me=$(layer "$mod")
	if [ -z "$me" ]; then
		echo "not ok: $base is in no layer of tests/check-layering.sh"
		fail=1
		continue
	fi
	for inc in $(sed -n 's/^#include "\([A-Za-z0-9_]*\)\.h"$/\1/p' "$f"); do
		n=$((n + 1))
		it=$(layer "$inc")
		if [ -z "$it" ]; then
			echo "not ok: $base includes '$inc.h', which is in no layer"
			fail=1
		elif [ "$it" -gt "$me" ]; then
			echo "not ok: $base (layer $me) includes '$inc.h' (layer $it), later in the pipeline"
			fail=1
		fi
	done
done
[ $n -gt 0 ] || { echo "not ok: no #include lines found in $src"; exit 1; }
[ $fail = 0 ] && echo "ok: $n includes follow the pipeline order"
exit $fail
