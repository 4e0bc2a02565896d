#!/bin/sh
# run-install.sh MESON BUILD_DIR - 'meson install --destdir' into a
# temporary directory installs the binary, the man page and the bash, zsh
# and fish completions where each looks for them (TAP).
meson=$1 build=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
check() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi; }

echo "1..8"
"$meson" install -C "$build" --no-rebuild --quiet --destdir "$tmp/root" >"$tmp/log" 2>&1
check "meson install --destdir succeeds" "[ $? = 0 ]"
[ $fail = 0 ] || sed 's/^/# /' "$tmp/log"
# the prefix the build was configured with (default /usr/local)
prefix=$("$meson" introspect "$build" --buildoptions | python3 -c '
import json, sys
for o in json.load(sys.stdin):
    if o["name"] in ("prefix", "bindir", "datadir", "mandir"):
        print(o["name"], o["value"])')
p=$(printf '%s\n' "$prefix" | sed -n 's/^prefix //p')
dir_of() { d=$(printf '%s\n' "$prefix" | sed -n "s/^$1 //p"); case $d in /*) echo "$d" ;; *) echo "$p/$d" ;; esac; }
root=$tmp/root
bin=$root$(dir_of bindir)/ingress2higress
data=$root$(dir_of datadir)
check "the binary, executable" "[ -x '$bin' ]"
check "it runs: --version names the rule table's sources" "'$bin' --version | grep -q '^rule table: Ingress-NGINX controller v[0-9]'"
check "the man page" "[ -s '$root$(dir_of mandir)/man1/ingress2higress.1' ]"
check "bash completion in share/bash-completion/completions" "cmp -s '$data/bash-completion/completions/ingress2higress' '$build/completions/ingress2higress'"
check "zsh completion in share/zsh/site-functions" "cmp -s '$data/zsh/site-functions/_ingress2higress' '$build/completions/_ingress2higress'"
check "fish completion in share/fish/vendor_completions.d" "cmp -s '$data/fish/vendor_completions.d/ingress2higress.fish' '$build/completions/ingress2higress.fish'"
check "nothing else installed (no generator, no benchmarks, no tests)" \
	"[ \"\$(find '$root' -type f | wc -l)\" = 5 ]"
exit $fail
