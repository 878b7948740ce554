#!/usr/bin/env bash
# Issue #7's reports benchmark: N governed namespaces (default 2000) with 10 findings each, an Audit
# baseline and the OpenReports CRDs on a local control plane. Prints the time from the operator's
# cold start to every Report written, the report writes made by evaluations without any change and
# after a restart (goal: 0), and the operator's RSS. docs/benchmarks.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash hack/control-plane-binaries.sh >/dev/null
./mvnw -q -B -DskipTests -Dspotless.check.skip=true package
java -Xmx512m -cp operator/target/rempart.jar:bench/target/rempart-bench.jar \
  dev.rempart.bench.ReportsBenchmark operator/target/rempart.jar "${1:-2000}"
