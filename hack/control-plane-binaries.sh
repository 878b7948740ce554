#!/usr/bin/env bash
# Makes sure the real control-plane binaries used by the integration tests and benchmarks
# (kube-apiserver, etcd, kubectl) are in the cache that fabric8 kube-api-test reads:
#   ~/.kubeapitest/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}
#
# Prebuilt archives cannot be downloaded on machines that only reach package registries, so the
# binaries are built from source fetched through the Go module proxy. `go install` of
# k8s.io/kubernetes commands fails on the replace directives of its go.mod, so a throw-away wrapper
# module requires k8s.io/kubernetes and maps every staging module to its published v0.Y.Z release.
# The build is cached: a second run returns at once.
set -euo pipefail

K8S_VERSION="${REMPART_K8S_VERSION:-1.34.4}"
ETCD_VERSION="${REMPART_ETCD_VERSION:-3.6.16}"
CACHE_ROOT="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
TARGET="$CACHE_ROOT/k8s/${K8S_VERSION}-linux-amd64"

have_all() {
  [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/etcd" ] && [ -x "$TARGET/kubectl" ]
}

if have_all; then
  echo "control plane ${K8S_VERSION}: cached in $TARGET"
  exit 0
fi

command -v go >/dev/null || { echo "error: Go is needed to build the control-plane binaries" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$TARGET"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0

minor="${K8S_VERSION#*.}"; minor="${minor%%.*}"
staging_version="v0.${K8S_VERSION#*.}"

build_kubernetes() {
  local mod="$work/k8s"
  mkdir -p "$mod"
  echo "control plane ${K8S_VERSION}: building kube-apiserver and kubectl from the Go module proxy"
  # Read the staging modules from k8s.io/kubernetes' own go.mod.
  local gomod
  gomod="$(cd "$mod" && go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  {
    echo "module rempart.dev/control-plane-build"
    echo
    echo "go 1.24"
    echo
    echo "require k8s.io/kubernetes v${K8S_VERSION}"
    echo
    grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk -v v="$staging_version" '{print "replace " $1 " => " $1 " " v}'
  } >"$mod/go.mod"
  local pkg=k8s.io/component-base/version
  local cpkg=k8s.io/client-go/pkg/version
  local ld="-s -w"
  for p in $pkg $cpkg; do
    ld="$ld -X $p.gitVersion=v${K8S_VERSION} -X $p.gitMajor=1 -X $p.gitMinor=${minor} -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
  done
  (cd "$mod" && go build -trimpath -ldflags "$ld" -o "$TARGET/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver)
  (cd "$mod" && go build -trimpath -ldflags "$ld" -o "$TARGET/kubectl" k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  local mod="$work/etcd"
  mkdir -p "$mod"
  echo "control plane ${K8S_VERSION}: building etcd v${ETCD_VERSION} from the Go module proxy"
  printf 'module rempart.dev/etcd-build\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' "$ETCD_VERSION" >"$mod/go.mod"
  (cd "$mod" && go build -trimpath -ldflags "-s -w" -o "$TARGET/etcd" go.etcd.io/etcd/server/v3)
}

[ -x "$TARGET/etcd" ] || build_etcd
{ [ -x "$TARGET/kube-apiserver" ] && [ -x "$TARGET/kubectl" ]; } || build_kubernetes
have_all
"$TARGET/kube-apiserver" --version
echo "control plane ${K8S_VERSION}: ready in $TARGET"
