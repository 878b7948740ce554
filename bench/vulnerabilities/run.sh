#!/usr/bin/env bash
# The vulnerabilities control on a local control plane: N namespaces x R VulnerabilityReports x C
# vulnerabilities of REPOSITORIES image repositories (defaults 200 20 50 400), an Audit baseline,
# `rempart operator` as its own process. Prints the cold start to the status and to a complete
# first-seen store, the store's size, the operator's RSS and CPU, an idle minute's CPU, and a rescan
# of one report. docs/benchmarks.md records the figures. Run from anywhere; reads Trivy Operator's
# CRD from ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash hack/control-plane-binaries.sh >/dev/null
./mvnw -q -B ${MVN_OFFLINE:-} -DskipTests -Dspotless.check.skip=true package
java -Xmx1g -cp operator/target/rempart.jar:bench/target/rempart-bench.jar \
  dev.rempart.bench.VulnerabilityLiveBenchmark operator/target/rempart.jar "${1:-200}" "${2:-20}" \
  "${3:-50}" "${4:-400}"
