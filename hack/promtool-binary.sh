#!/usr/bin/env bash
# Makes sure a real promtool (Prometheus' rule checker) is available for the chart's alert-rule test
# and prints its path on the last line of stdout (everything else goes to stderr), e.g.
#   PROMTOOL="$(bash hack/promtool-binary.sh)" && ./mvnw -B test -Drempart.promtool="$PROMTOOL"
#
# Prebuilt Prometheus archives cannot be downloaded on machines that only reach package registries,
# so promtool is built from source through the Go module proxy (`go install`). Prometheus publishes
# its Go module as v0.<major*100+minor>.<patch>: v0.315.1 is Prometheus 3.15.1. The binary is cached
# under a version-suffixed name: a second run returns at once.
set -euo pipefail

PROMTOOL_VERSION="${REMPART_PROMTOOL_VERSION:-v0.315.1}"
CACHE_DIR="${REMPART_CACHE_DIR:-$HOME/.cache/rempart}/bin"
TARGET="$CACHE_DIR/promtool-${PROMTOOL_VERSION}"

# A rule file that promtool accepts: proves the cached binary runs, not only that it exists.
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
printf 'groups:\n- name: probe\n  rules:\n  - alert: Probe\n    expr: vector(1) > 0\n' >"$probe/rules.yaml"

cached_ok() {
  [ -x "$TARGET" ] && "$TARGET" check rules "$probe/rules.yaml" >/dev/null 2>&1
}

if ! cached_ok; then
  command -v go >/dev/null || { echo "error: Go is needed to build promtool ${PROMTOOL_VERSION}" >&2; exit 1; }
  echo "promtool ${PROMTOOL_VERSION}: building from the Go module proxy into $TARGET" >&2
  mkdir -p "$CACHE_DIR"
  gobin="$(mktemp -d)"
  trap 'rm -rf "$probe" "$gobin"' EXIT
  # `go install module@version` refuses Prometheus: its go.mod has a replace directive. So the
  # module source is fetched through the Go module proxy (`go mod download`), copied out of the
  # read-only module cache, and built there as the main module, where its go.mod applies as
  # published (-mod=mod).
  src="$(GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/prometheus/prometheus@${PROMTOOL_VERSION}" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$src" ] || { echo "error: could not download github.com/prometheus/prometheus@${PROMTOOL_VERSION}" >&2; exit 1; }
  cp -r "$src" "$gobin/src"
  chmod -R u+w "$gobin/src"
  (cd "$gobin/src" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" \
    -o "$gobin/promtool" ./cmd/promtool) >&2
  mv "$gobin/promtool" "$TARGET"
  cached_ok || { echo "error: $TARGET does not check a valid rule file" >&2; exit 1; }
fi
# A stable name next to the versioned one, for people who want it on their PATH.
ln -sfn "promtool-${PROMTOOL_VERSION}" "$CACHE_DIR/promtool"
echo "$TARGET"
