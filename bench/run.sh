#!/bin/sh
# run.sh [BUILD_DIR] [N...] - time lint and convert against the parse floor.
#
# For each N (default: 20000 and 100000) generates a stream of N Ingresses
# (with a Service every tenth; about 16 MB and 82 MB), then runs each
# command RUNS times (default 5) and prints the median wall and CPU (user +
# system) times, the CPU-time ratio to the bare libyaml parse (the parse
# floor) and the peak RSS of the median run; then the four ratios the
# project's budget names (lint, lint json, convert --to ingress, convert
# --to gateway) with their targets, and the memory the index keeps per
# Ingress (bench/index-mem); then lint of the same objects as one
# 'kind: List' (what 'kubectl get -o yaml' prints) against that stream's
# floor. Compare ratios from one run: the machine is
# shared. Reports go to /dev/null and converted streams to standard output
# (sent to /dev/null), as in a CI gate that reads the exit code.
set -eu
build=${1:-build}
[ $# -gt 0 ] && shift
sizes=${*:-20000 100000}
runs=${RUNS:-5}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); runs: $runs; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
	python3 "$here/gen-stream.py" "$n" >"$tmp/stream.yaml"
	python3 "$here/gen-stream.py" --list "$n" >"$tmp/list.yaml"
	python3 - "$tmp/stream.yaml" "$build" "$runs" "$tmp/list.yaml" <<'PY'
import os, subprocess, sys, time
stream, build, runs, liststream = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
binary = build + "/ingress2higress"
never = ["--fail-on", "never", "--report", "/dev/null"]
cmds = [
    ("floor", "libyaml events (floor)", [build + "/bench/parse-floor", stream]),
    ("fyaml", "libfyaml document trees", [build + "/bench/fyaml-load", stream]),
    ("lint", "ingress2higress lint", [binary, "lint"] + never + [stream]),
    ("json", "ingress2higress lint --report-format json", [binary, "lint", "--report-format", "json"] + never + [stream]),
    ("convert", "ingress2higress convert --to ingress", [binary, "convert"] + never + [stream]),
    ("gateway", "ingress2higress convert --to gateway", [binary, "convert", "--to", "gateway"] + never + [stream]),
]
targets = {"lint": 1.75, "json": None, "convert": 2.25, "gateway": 3.0}


def once(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        sys.exit("%s: exit status %d" % (cmd[0], status))
    return wall, ru.ru_utime + ru.ru_stime


def peak_rss(cmd):
    """Peak RSS in kB, from /usr/bin/time (a forked Python's own pages
    would count in the child's ru_maxrss), or None without it."""
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1])


n = sum(1 for line in open(stream) if line.startswith("kind: Ingress"))
print("\n%d Ingresses, stream %.1f MB, median of %d runs" % (n, os.path.getsize(stream) / 1e6, runs))
ratio = {}
floor = None
for key, name, cmd in cmds:
    res = [once(cmd) for _ in range(runs)]
    wall = sorted(r[0] for r in res)[runs // 2]
    cpu = sorted(r[1] for r in res)[runs // 2]
    rss = peak_rss(cmd)
    floor = floor or cpu
    ratio[key] = cpu / floor
    print("%-45s %7.3f s wall %7.3f s cpu %6.2fx floor %s" %
          (name, wall, cpu, ratio[key], "%7.1f MB peak RSS" % (rss / 1024) if rss else ""))
print("budget (cpu ratio to the floor): " + ", ".join(
    "%s %.2fx%s" % (k, ratio[k], "" if targets[k] is None else
                    " (target %.2fx: %s)" % (targets[k], "met" if ratio[k] <= targets[k] else "MISSED"))
    for k in ("lint", "json", "convert", "gateway")))


def median_cpu(cmd):
    return sorted(once(cmd)[1] for _ in range(runs))[runs // 2]


lfloor = median_cpu([build + "/bench/parse-floor", liststream])
llint = median_cpu([binary, "lint"] + never + [liststream])
print("the same as one List (%.1f MB): lint %.3f s cpu, %.2fx its floor (%.3f s)" %
      (os.path.getsize(liststream) / 1e6, llint, llint / lfloor, lfloor))
PY
	if [ -x "$build/bench/index-mem" ]; then
		printf 'index memory: '
		"$build/bench/index-mem" "$tmp/stream.yaml"
	fi
done
"$here/startup.sh" "$build"
