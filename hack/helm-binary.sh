#!/usr/bin/env bash
# Makes sure a real Helm 3 binary is available for the chart tests and prints its path on the last
# line of stdout (everything else goes to stderr), e.g.
#   HELM="$(bash hack/helm-binary.sh)" && ./mvnw -B verify -Drempart.helm="$HELM"
#
# Prebuilt Helm archives cannot be downloaded on machines that only reach package registries, so
# Helm is built from source through the Go module proxy (`go install`, about 2.5 minutes on two
# cores). The binary is cached under a version-suffixed name: a second run returns at once.
set -euo pipefail

HELM_VERSION="${REMPART_HELM_VERSION:-v3.19.5}"
# The Kubernetes version Helm assumes when no cluster is reachable (`helm template`, `helm lint`:
# .Capabilities.KubeVersion). Helm's Makefile derives it from its client-go (v0.34 in Helm 3.19);
# `go install` skips the Makefile, so it is stamped here, otherwise Helm would claim Kubernetes 1.20.
HELM_K8S_VERSION="${REMPART_HELM_K8S_VERSION:-1.34}"
CACHE_DIR="${REMPART_CACHE_DIR:-$HOME/.cache/rempart}/bin"
TARGET="$CACHE_DIR/helm-${HELM_VERSION}"

# grep without -q: -q exits at the first match, and under pipefail the SIGPIPE of the writer would
# turn a match into a failure.
cached_version_ok() {
  [ -x "$TARGET" ] && "$TARGET" version --template '{{.Version}}' 2>/dev/null | grep -x "$HELM_VERSION" >/dev/null &&
    "$TARGET" template probe "$probe" 2>/dev/null | grep -x "# kube: v${HELM_K8S_VERSION}.0" >/dev/null
}

# A one-template chart that prints the Kubernetes version Helm assumes.
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
mkdir -p "$probe/templates"
printf 'apiVersion: v2\nname: probe\nversion: 0.0.0\n' >"$probe/Chart.yaml"
printf '# kube: {{ .Capabilities.KubeVersion.Version }}\n' >"$probe/templates/probe.yaml"

if ! cached_version_ok; then
  command -v go >/dev/null || { echo "error: Go is needed to build Helm ${HELM_VERSION}" >&2; exit 1; }
  echo "helm ${HELM_VERSION}: building from the Go module proxy into $TARGET" >&2
  mkdir -p "$CACHE_DIR"
  gobin="$(mktemp -d)"
  trap 'rm -rf "$probe" "$gobin"' EXIT
  # -mod=mod: Helm's go.mod is used as published. The version strings are stamped the way Helm's
  # Makefile does it, so that `helm version` and the check above report them.
  GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$gobin" \
    go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=${HELM_VERSION} -X helm.sh/helm/v3/internal/version.gitTreeState=clean \
      -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=${HELM_K8S_VERSION%%.*} -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${HELM_K8S_VERSION#*.} \
      -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=${HELM_K8S_VERSION%%.*} -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${HELM_K8S_VERSION#*.}" \
    "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}" >&2
  mv "$gobin/helm" "$TARGET"
  cached_version_ok || { echo "error: $TARGET does not report ${HELM_VERSION}" >&2; exit 1; }
fi
# A stable name next to the versioned one, for people who want it on their PATH.
ln -sfn "helm-${HELM_VERSION}" "$CACHE_DIR/helm"
echo "$TARGET"
