#!/bin/sh
# rss.sh [BUILD_DIR] [N...] - peak memory of lint and convert as the stream grows.
#
# Generates a stream of each N Ingresses (defaults 100000 and 200000:
# about 82 and 165 MB, 5x and 10x the 16 MB stream of run.sh; 1000000 is
# about 820 MB) and prints, side by side, the peak resident set size
# (ru_maxrss of each child, from wait4) and CPU time of lint and convert
# (--to ingress, the stream to /dev/null) by default and of lint with the
# text, json, sarif, markdown and html reports and convert with --no-plugins, and of lint
# --to gateway. With streaming sinks the report adds nothing per finding
# (no finding is held: the WasmPlugin and Gateway API decisions are made
# from the index pass's facts when each Ingress is analysed, see README);
# the index pass keeps at most its budget in memory and spills the rest to
# a temporary file; the WasmPlugin emitter's route check adds a fixed-size
# filter (at most 4.5 MiB), and its rules and canary keys are records of
# at most 1 MiB per store in memory, sorted runs on a temporary file
# beyond; what still grows is, with --to gateway
# (lint and convert), the compact facts the finish step decides across
# Ingresses from (about 180 bytes an Ingress and 16 a path, see README):
# each Ingress's route record and each object's text wait in the
# emitter's store, 8 MiB in memory, the rest in a temporary file.
# RSS_ONLY=PATTERN runs only the commands whose name contains PATTERN
# (e.g. no-plugins, gateway).
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
sizes=${*:-100000 200000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
streams=
for n in $sizes; do
	python3 "$here/gen-stream.py" "$n" >"$tmp/s$n.yaml"
	streams="$streams $tmp/s$n.yaml"
done
# shellcheck disable=SC2086
python3 - "$build/ingress2higress" "${RSS_ONLY:-}" $streams <<'PY'
import os, subprocess, sys
binary, only, streams = sys.argv[1], sys.argv[2], sys.argv[3:]
cmds = [
    # the default: the WasmPlugins decide each Ingress with auth-url or
    # limit-rps (a third of the stream) when it is analysed, nothing held
    ("lint, text (plugins)", ["lint", "--fail-on", "never", "--report", "text=/dev/null"]),
    ("convert, text (plugins)", ["convert", "--fail-on", "never", "--report", "/dev/null", "-o", "/dev/null"]),
    # without the plugin step: the streaming sinks alone
    ("lint --no-plugins, text", ["lint", "--no-plugins", "--fail-on", "never", "--report", "text=/dev/null"]),
    ("lint --no-plugins, json", ["lint", "--no-plugins", "--fail-on", "never", "--report", "json=/dev/null"]),
    ("lint --no-plugins, sarif", ["lint", "--no-plugins", "--fail-on", "never", "--report", "sarif=/dev/null"]),
    # each object's findings spooled as it ends; counts and the namespace
    # tally (one entry per namespace) in memory
    ("lint, markdown", ["lint", "--fail-on", "never", "--report", "markdown=/dev/null"]),
    ("lint, html", ["lint", "--fail-on", "never", "--report", "html=/dev/null"]),
    ("convert --no-plugins", ["convert", "--no-plugins", "--fail-on", "never", "--report", "/dev/null",
                              "-o", "/dev/null"]),
    # the Gateway API emitter keeps compact facts of every Ingress to the
    # end, its route records and object texts in its store, no finding
    ("lint --to gateway, text", ["lint", "--to", "gateway", "--fail-on", "never", "--report", "text=/dev/null"]),
    ("convert --to gateway", ["convert", "--to", "gateway", "--fail-on", "never", "--report", "/dev/null",
                              "-o", "/dev/null"]),
]

def peak(args):
    """Peak RSS in MiB and CPU seconds of one run."""
    p = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(args))
    return ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime

print("%-26s" % "" + "".join("%16s" % ("%.0f MB" % (os.path.getsize(s) / 1e6)) for s in streams)
      + "  (peak RSS, CPU time; last/first RSS)")
for name, args in cmds:
    if only not in name:
        continue
    res = [peak(args + [s]) for s in streams]
    print("%-26s" % name + "".join("%8.1f MiB %5.1fs" % r for r in res) + "  x%.2f" % (res[-1][0] / res[0][0]),
          flush=True)
PY
if [ -x "$build/bench/index-mem" ]; then
	for s in $streams; do
		printf 'index pass, %s: ' "$(basename "$s" .yaml)"
		"$build/bench/index-mem" "$s"
	done
fi
# Late findings: a stream of canary pairs (bench/gen-canary.py, the same
# sizes) where every primary gets 'plugin-canary' after the object pass.
# html and markdown spool such a finding apart with 32 bytes of key in
# memory and merge it back at the end, so they peak where text does; the
# WasmPlugin step's rule of every primary and the canaries' path keys are
# records in its bounded stores (1 MiB each in memory, runs on a file).
late=
for n in $sizes; do
	python3 "$here/gen-canary.py" "$n" >"$tmp/c$n.yaml"
	late="$late $tmp/c$n.yaml"
done
# shellcheck disable=SC2086
python3 - "$build/ingress2higress" "${RSS_ONLY:-}" $late <<'PY'
import os, subprocess, sys
binary, only, streams = sys.argv[1], sys.argv[2], sys.argv[3:]
print("%-26s" % "canary pairs" + "".join("%16s" % ("%.0f MB" % (os.path.getsize(s) / 1e6)) for s in streams))
for fmt in ("text", "markdown", "html"):
    name = "lint late, %s" % fmt
    if only not in name:
        continue
    res = []
    for s in streams:
        p = subprocess.Popen([binary, "lint", "--fail-on", "never", "--report", fmt + "=/dev/null", s],
                             stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit("failed: %s %s" % (name, s))
        res.append((ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime))
    print("%-26s" % name + "".join("%8.1f MiB %5.1fs" % r for r in res) + "  x%.2f" % (res[-1][0] / res[0][0]),
          flush=True)
PY
