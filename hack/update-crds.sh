#!/usr/bin/env bash
# Regenerates the CRDs from the Java types and copies them to crds/ and to the Helm chart
# (helm/rempart/files/crds/, rendered by templates/crds.yaml so that `helm upgrade` upgrades them).
# CrdUpToDateTest fails the build until the copies are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B ${MVN_OFFLINE:-} -pl operator process-classes -Dspotless.check.skip=true
CHART_CRDS=helm/rempart/files/crds
mkdir -p crds "$CHART_CRDS"
for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do
  name="$(basename "$f" -v1.yml)"
  cp "$f" "crds/${name}.yaml"
  echo "crds/${name}.yaml"
  cp "$f" "$CHART_CRDS/${name}.yaml"
  echo "$CHART_CRDS/${name}.yaml"
done
