#!/usr/bin/env bash
# Regenerates the CRDs from the Java types and copies them to crds/ (and to the Helm chart, when
# there is one). CrdUpToDateTest fails the build until the copies are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl operator process-classes -Dspotless.check.skip=true
mkdir -p crds
for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do
  name="$(basename "$f" -v1.yml)"
  cp "$f" "crds/${name}.yaml"
  if [ -d helm/rempart/crds ]; then cp "$f" "helm/rempart/crds/${name}.yaml"; fi
  echo "crds/${name}.yaml"
done
