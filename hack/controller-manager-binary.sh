#!/usr/bin/env bash
# Builds kube-controller-manager for the integration tests that need one of its controllers (the
# ValidatingAdmissionPolicy status controller, which type-checks the policies Rempart generates).
# kube-api-test starts no controller-manager; the tests start this binary themselves, with only
# the controllers they need. Built like kube-apiserver (hack/control-plane-binaries.sh) from the
# Go module proxy, and cached: a second run returns at once.
set -euo pipefail

K8S_VERSION="${REMPART_K8S_VERSION:-1.34.4}"
BIN_DIR="${REMPART_TOOLS_DIR:-$HOME/.cache/rempart/bin}"
TARGET="$BIN_DIR/kube-controller-manager-v${K8S_VERSION}"

if [ -x "$TARGET" ]; then
  echo "kube-controller-manager ${K8S_VERSION}: cached in $TARGET"
  exit 0
fi
command -v go >/dev/null || { echo "error: Go is needed to build kube-controller-manager" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$BIN_DIR"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
staging_version="v0.${K8S_VERSION#*.}"

mod="$work/k8s"
mkdir -p "$mod"
echo "kube-controller-manager ${K8S_VERSION}: building from the Go module proxy"
gomod="$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "module rempart.dev/controller-manager-build"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes v${K8S_VERSION}"
  echo
  grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
} >"$mod/go.mod"
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $p.gitVersion=v${K8S_VERSION} -X $p.gitMajor=1 -X $p.gitMinor=${minor} -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
(cd "$mod" && go build -trimpath -ldflags "$ld" -o "$TARGET.tmp" k8s.io/kubernetes/cmd/kube-controller-manager)
mv "$TARGET.tmp" "$TARGET"
"$TARGET" --version
