#!/bin/sh
# run-validators-diff.sh VALIDATE-VALUES SOURCE-ROOT - run the differential
# validator test (tests/validators_diff.go) when a Go toolchain is
# installed; exit 77 (meson: skipped) otherwise. Go's caches go to a
# temporary directory; no module is downloaded (standard library only).
command -v go >/dev/null 2>&1 || { echo "go not installed: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
GOCACHE=$tmp/cache GOPATH=$tmp/gopath GOTOOLCHAIN=local GOFLAGS= GO111MODULE=off \
	go run "$2/tests/validators_diff.go" "$1" "$2"
