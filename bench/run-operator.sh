#!/usr/bin/env bash
# The operator benchmark: convergence at N = 500 and 2000 next to a plain client, drift repair
# latency (200 deletions at the largest N), and the operator's heap and RSS. Prints the figures;
# docs/benchmarks.md records them. Takes a few minutes; needs nothing but this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
bash hack/control-plane-binaries.sh >/dev/null
./mvnw -q -B -DskipTests -Dspotless.check.skip=true package
[ $# -gt 0 ] || set -- 500 2000
java -Xmx512m -cp operator/target/rempart.jar:bench/target/rempart-bench.jar \
  dev.rempart.bench.ConvergenceBenchmark operator/target/rempart.jar "$@" --drift 200 --concurrency 8
