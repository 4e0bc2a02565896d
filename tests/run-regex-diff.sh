#!/bin/sh
# run-regex-diff.sh REGEX-VERDICTS SOURCE-ROOT [CORPUS-DIR...] - run the
# differential PCRE-to-RE2 test (tests/regex_diff.go) when a Go toolchain
# is installed; exit 77 (meson: skipped) otherwise. Go's caches go to a
# temporary directory; no module is downloaded (standard library only).
command -v go >/dev/null 2>&1 || { echo "go not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
verdicts=$1
root=$2
shift 2
GOCACHE=$tmp/cache GOPATH=$tmp/gopath GOTOOLCHAIN=local GOFLAGS= GO111MODULE=off \
	go run "$root/tests/regex_diff.go" "$verdicts" "$root" "$@"
