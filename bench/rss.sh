#!/bin/sh
# rss.sh [BUILD_DIR] [N1] [N2] - peak memory of the report sinks.
#
# Generates two streams of N1 and N2 Ingresses (defaults 100000 and
# 200000: about 82 and 165 MB, 5x and 10x the 16 MB stream of run.sh) and
# prints, side by side, the peak resident set size (ru_maxrss of each
# child, from wait4) and CPU time of lint and convert (--to ingress, the
# stream to /dev/null) by default and of lint with the text, json and
# sarif reports and convert with --no-plugins, and of lint --to gateway.
# With streaming sinks the report adds nothing per finding (no finding is
# held: the WasmPlugin and Gateway API decisions are made from the index
# pass's facts when each Ingress is analysed, see README); what grows with
# the stream is the index pass's facts (see run.sh), the WasmPlugin
# emitter's route of each Ingress it plans and, with --to gateway, the
# emitter's copy of every Ingress.
set -eu
build=${1:-build}
n1=${2:-100000}
n2=${3:-200000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen-stream.py" "$n1" >"$tmp/s1.yaml"
python3 "$here/gen-stream.py" "$n2" >"$tmp/s2.yaml"
python3 - "$build/ingress2higress" "$tmp/s1.yaml" "$tmp/s2.yaml" <<'PY'
import os, subprocess, sys
binary, s1, s2 = sys.argv[1:4]
cmds = [
    # the default: the WasmPlugins decide each Ingress with auth-url or
    # limit-rps (a third of the stream) when it is analysed, nothing held
    ("lint, text (plugins)", ["lint", "--fail-on", "never", "--report", "text=/dev/null"]),
    ("convert, text (plugins)", ["convert", "--fail-on", "never", "--report", "/dev/null", "-o", "/dev/null"]),
    # without the plugin step: the streaming sinks alone
    ("lint --no-plugins, text", ["lint", "--no-plugins", "--fail-on", "never", "--report", "text=/dev/null"]),
    ("lint --no-plugins, json", ["lint", "--no-plugins", "--fail-on", "never", "--report", "json=/dev/null"]),
    ("lint --no-plugins, sarif", ["lint", "--no-plugins", "--fail-on", "never", "--report", "sarif=/dev/null"]),
    ("convert --no-plugins", ["convert", "--no-plugins", "--fail-on", "never", "--report", "/dev/null",
                              "-o", "/dev/null"]),
    # the Gateway API emitter keeps every Ingress to the end (its own
    # records), but no finding
    ("lint --to gateway, text", ["lint", "--to", "gateway", "--fail-on", "never", "--report", "text=/dev/null"]),
]

def peak(args):
    """Peak RSS in MiB and CPU seconds of one run."""
    p = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(args))
    return ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime

sizes = [os.path.getsize(s) / 1e6 for s in (s1, s2)]
print("%-24s %14s %14s  (peak RSS, CPU time)" % ("", "%.0f MB" % sizes[0], "%.0f MB" % sizes[1]))
for name, args in cmds:
    (m1, c1), (m2, c2) = peak(args + [s1]), peak(args + [s2])
    print("%-24s %6.1f MiB %5.1fs %6.1f MiB %5.1fs  x%.2f" % (name, m1, c1, m2, c2, m2 / m1))
PY
if [ -x "$build/bench/index-mem" ]; then
	for s in s1 s2; do
		printf 'index pass, %s: ' "$s"
		"$build/bench/index-mem" "$tmp/$s.yaml"
	done
fi
