#!/usr/bin/env bash
# Makes sure a versitygw binary (an Apache-2.0, S3-compatible server with Object Lock) is available
# for the record's S3 sink tests and prints its path on the last line of stdout (everything else
# goes to stderr), e.g.
#   VERSITYGW="$(bash hack/versitygw-binary.sh)" && ./mvnw -B verify -Drempart.versitygw="$VERSITYGW"
#
# Built from source through the Go module proxy (`go install`), like hack/helm-binary.sh does for
# Helm, and cached under a version-suffixed name: a second run returns at once.
set -euo pipefail

VERSITYGW_VERSION="${REMPART_VERSITYGW_VERSION:-v1.8.0}"
CACHE_DIR="${REMPART_CACHE_DIR:-$HOME/.cache/rempart}/bin"
TARGET="$CACHE_DIR/versitygw-${VERSITYGW_VERSION}"

# `versitygw --version` prints the version stamped below; grep without -q (see helm-binary.sh).
cached_version_ok() {
  [ -x "$TARGET" ] && "$TARGET" --version 2>/dev/null | grep -F "${VERSITYGW_VERSION}" >/dev/null
}

if ! cached_version_ok; then
  command -v go >/dev/null || { echo "error: Go is needed to build versitygw ${VERSITYGW_VERSION}" >&2; exit 1; }
  echo "versitygw ${VERSITYGW_VERSION}: building from the Go module proxy into $TARGET" >&2
  mkdir -p "$CACHE_DIR"
  gobin="$(mktemp -d)"
  trap 'rm -rf "$gobin"' EXIT
  # -mod=mod: versitygw's go.mod is used as published. The version is stamped the way its Makefile
  # does it, so that `versitygw --version` and the check above report it.
  GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$gobin" \
    go install -trimpath -ldflags "-s -w -X main.Version=${VERSITYGW_VERSION}" \
    "github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}" >&2
  mv "$gobin/versitygw" "$TARGET"
  cached_version_ok || { echo "error: $TARGET does not report ${VERSITYGW_VERSION}" >&2; exit 1; }
fi
# A stable name next to the versioned one, for people who want it on their PATH.
ln -sfn "versitygw-${VERSITYGW_VERSION}" "$CACHE_DIR/versitygw"
echo "$TARGET"
