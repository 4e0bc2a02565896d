#!/bin/sh
# startup.sh [BUILD_DIR] [RUNS] - start-up cost of the commands a
# pre-commit hook runs: --version, and lint and convert of one small file
# (testdata/examples/shop.yaml). Prints the mean CPU time (user + system)
# per run over RUNS runs (default 200), and, when valgrind is installed,
# the instructions of one run (callgrind: steady on a shared machine).
# The issue's budget: one small file <= 3 ms end to end.
set -eu
build=${1:-build}
runs=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/ingress2higress
small=$here/../testdata/examples/shop.yaml
python3 - "$bin" "$small" "$runs" <<'PY'
import os, resource, shutil, subprocess, sys, tempfile
binary, small, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmds = [
    ("--version", [binary, "--version"]),
    ("lint, one small file", [binary, "lint", "--fail-on", "never", small]),
    ("convert, one small file", [binary, "convert", "--fail-on", "never", "--report", "/dev/null", small]),
]
grind = shutil.which("valgrind")
print("start-up (%d runs each; %s, %d bytes)" % (runs, os.path.basename(small), os.path.getsize(small)))
for name, cmd in cmds:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) / runs * 1000
    line = "%-28s %6.2f ms cpu" % (name, cpu)
    if grind:
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "cg")
            subprocess.run([grind, "--tool=callgrind", "--callgrind-out-file=" + out] + cmd,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out) as f:
                total = next((l.split()[1] for l in f if l.startswith("summary:")), "?")
        line += "  %12s instructions" % format(int(total), ",") if total != "?" else ""
    print(line)
PY
