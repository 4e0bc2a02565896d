#!/bin/sh
# run-precommit.sh BINARY SOURCE_DIR - the shipped pre-commit hooks (TAP),
# run by pre-commit itself (Debian's package) against a throwaway git
# repository in a temporary directory: 'pre-commit try-repo' with a copy
# of this repository's .pre-commit-hooks.yaml committed in a second
# throwaway repository, and a real 'git commit' through an installed
# hook. Exit 77 (skipped) when pre-commit or git is not installed;
# .ci/run installs pre-commit and fails if this test was skipped.
bin=$1 src=$2
command -v pre-commit >/dev/null 2>&1 || { echo "1..0 # SKIP pre-commit is not installed"; exit 77; }
command -v git >/dev/null 2>&1 || { echo "1..0 # SKIP git is not installed"; exit 77; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else nok "$1"; sed 's/^/# /' "$tmp/log" | head -n 40; fi; }

# Nothing of the user's: home, caches and git configuration in $tmp.
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" XDG_CACHE_HOME="$tmp/xdg"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export PRE_COMMIT_COLOR=never NO_COLOR=1
mkdir -p "$HOME" "$tmp/bin"
# the built binary on PATH, as the hooks' 'language: system' expects
ln -s "$bin" "$tmp/bin/ingress2higress"
PATH="$tmp/bin:$PATH"
export PATH

newrepo() {
	git init -q "$1" && git -C "$1" config user.name test && git -C "$1" config user.email test@example.com &&
		git -C "$1" config commit.gpgsign false
}

# the hooks repository: this source tree's hook file, committed
newrepo "$tmp/hooks" || exit 2
cp "$src/.pre-commit-hooks.yaml" "$tmp/hooks/"
git -C "$tmp/hooks" add .pre-commit-hooks.yaml && git -C "$tmp/hooks" commit -q -m hooks || exit 2
rev=$(git -C "$tmp/hooks" rev-parse HEAD)

newrepo "$tmp/proj" || exit 2
cd "$tmp/proj" || exit 2

cat >unsafe.yaml <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: admin-htpasswd
spec:
  ingressClassName: nginx
  rules:
  - host: admin.example.com
EOF
cat >clean.yaml <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  ingressClassName: higress
  rules:
  - host: web.example.com
EOF
cat >convertible.yaml <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
spec:
  ingressClassName: nginx
  rules:
  - host: shop.example.com
EOF
cp convertible.yaml "$tmp/convertible.orig"

# try-repo: the lint hook on staged files
git add unsafe.yaml
pre-commit try-repo "$tmp/hooks" ingress2higress-lint >"$tmp/log" 2>&1
rc=$?
check "try-repo lint: an unsafe Ingress fails the hook" "[ $rc != 0 ] && grep -q '^ingress2higress lint\.*Failed' '$tmp/log'"
check "try-repo lint: the finding is shown at file:line:col" \
	"grep -q '^unsafe.yaml:6:5: critical: .*\[auth-type\]$' '$tmp/log'"
git rm -q --cached unsafe.yaml
git add clean.yaml
pre-commit try-repo "$tmp/hooks" ingress2higress-lint >"$tmp/log" 2>&1
rc=$?
check "try-repo lint: a clean Ingress passes" "[ $rc = 0 ] && grep -q '^ingress2higress lint\.*Passed' '$tmp/log'"

# try-repo: the convert hook rewrites the file, and pre-commit says so
git add convertible.yaml
pre-commit try-repo "$tmp/hooks" ingress2higress-convert >"$tmp/log" 2>&1
rc=$?
check "try-repo convert: the hook fails, reporting the modified file" \
	"[ $rc != 0 ] && grep -q '^ingress2higress convert\.*Failed' '$tmp/log' && grep -q 'files were modified by this hook' '$tmp/log'"
check "try-repo convert: the file is converted in the work tree" \
	"grep -q '^  ingressClassName: higress$' convertible.yaml && grep -q '# ingress2higress: class changed' convertible.yaml"
"$bin" convert --in-place --fail-on never "$tmp/convertible.orig" 2>/dev/null
check "try-repo convert: as 'convert --in-place' writes it" "cmp -s convertible.yaml '$tmp/convertible.orig'"
git add convertible.yaml
pre-commit try-repo "$tmp/hooks" ingress2higress-convert >"$tmp/log" 2>&1
rc=$?
check "try-repo convert: passes once converted" "[ $rc = 0 ] && grep -q '^ingress2higress convert\.*Passed' '$tmp/log'"

# a real commit through the installed hook
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: ingress2higress-lint
EOF
git add .pre-commit-config.yaml
pre-commit install >"$tmp/log" 2>&1
check "pre-commit install" "[ $? = 0 ] && [ -x .git/hooks/pre-commit ]"
git commit -q -m clean >"$tmp/log" 2>&1
rc=$?
check "git commit of clean manifests passes the hook" "[ $rc = 0 ] && git log --oneline | grep -q clean"
git add unsafe.yaml
git commit -q -m unsafe >"$tmp/log" 2>&1
rc=$?
check "git commit of an unsafe Ingress is refused, the finding shown" \
	"[ $rc != 0 ] && ! git log --oneline | grep -q unsafe && grep -q '^unsafe.yaml:6:5: critical: .*\[auth-type\]$' '$tmp/log'"

echo "1..$n"
exit $fail
