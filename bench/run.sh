#!/bin/sh
# run.sh [BUILD_DIR] [N] - time lint and convert against the parse floor.
#
# Generates a stream of N Ingresses (default 20000, about 16 MB), then runs
# each command 5 times and prints the median wall and CPU (user + system)
# times and the CPU-time ratio to the
# bare libyaml parse, then the memory the index pass keeps. Compare ratios
# from one run: the machine is shared.
set -eu
build=${1:-build}
n=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/gen-stream.py" "$n" >"$tmp/stream.yaml"
bin=$build/ingress2higress
python3 - "$tmp/stream.yaml" "$build" "$bin" <<'PY'
import os, resource, subprocess, sys, time
stream, build, binary = sys.argv[1:4]
cmds = [
    ("libyaml events (floor)", [build + "/bench/parse-floor", stream]),
    ("libfyaml document trees", [build + "/bench/fyaml-load", stream]),
    ("ingress2higress lint", [binary, "lint", "--fail-on", "never", "--report", "/dev/null", stream]),
    ("ingress2higress lint --report-format json", [binary, "lint", "--fail-on", "never", "--report-format", "json", "--report", "/dev/null", stream]),
    ("ingress2higress convert", [binary, "convert", "--fail-on", "never", "--report", "/dev/null", stream]),
    ("ingress2higress convert --to gateway", [binary, "convert", "--to", "gateway", "--fail-on", "never", "--report", "/dev/null", stream]),
]
print("stream: %.1f MB" % (os.path.getsize(stream) / 1e6))
floor = None
for name, cmd in cmds:
    times, cpus = [], []
    for _ in range(5):
        t = time.perf_counter()
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(time.perf_counter() - t)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    med, cpu = sorted(times)[2], sorted(cpus)[2]
    floor = floor or cpu
    print("%-45s %7.3f s wall %7.3f s cpu  %5.2fx floor (cpu)" % (name, med, cpu, cpu / floor))
PY
if [ -x "$build/bench/index-mem" ]; then
	printf 'index memory: '
	"$build/bench/index-mem" "$tmp/stream.yaml"
fi
"$here/startup.sh" "$build"
