#!/usr/bin/env bash
# The record's cost: N events (default 100000) through the Recorder into a file of JSON lines (time
# per record() call, time per entry chained and written), then `rempart record verify` on that file
# under /usr/bin/time (wall, CPU, peak RSS). docs/benchmarks.md records the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -q -B -DskipTests -Dspotless.check.skip=true package
out="bench/results/record"
mkdir -p "$out"
count="${1:-100000}"
java -Xmx512m -cp operator/target/rempart.jar:bench/target/rempart-bench.jar \
  dev.rempart.bench.RecordBenchmark "$out/record.jsonl" "$count"
/usr/bin/time -f "record verify: wall %e s, CPU %U s user + %S s system, max RSS %M KB" \
  bin/rempart record verify "$out/record.jsonl" | tail -1
