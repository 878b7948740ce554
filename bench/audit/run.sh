#!/usr/bin/env bash
# Offline-audit benchmark: `rempart audit` against kube-score on the same generated corpus, end to
# end as processes. Reports wall times (median of RUNS), their ratio, and peak memory (max RSS).
#
#   bash bench/audit/run.sh                 # 10,000 manifests, 3 runs each
#   COUNT=50000 RUNS=5 bash bench/audit/run.sh
#
# Installs kube-score with `go install` into ~/.cache/rempart/bin the first time (Go on PATH).
# Results go to bench/results/audit/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
count="${COUNT:-10000}"
runs="${RUNS:-3}"
out="$root/bench/results/audit"
bin="${REMPART_TOOLS:-$HOME/.cache/rempart/bin}"
kube_score_version="${KUBE_SCORE_VERSION:-v1.20.0}"
corpus="$out/corpus-$count"
mkdir -p "$out" "$bin"

if [[ ! -x "$bin/kube-score-$kube_score_version" ]]; then
  echo "installing kube-score $kube_score_version into $bin" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/zegl/kube-score/cmd/kube-score@$kube_score_version"
  mv "$bin/kube-score" "$bin/kube-score-$kube_score_version"
fi
kube_score="$bin/kube-score-$kube_score_version"

[[ -d "$corpus" ]] || python3 "$root/bench/audit/generate.py" --count "$count" --out "$corpus" >&2
"$root/bin/rempart" --version >/dev/null # builds the jar if needed
jar="$root/operator/target/rempart.jar"

mapfile -t files < <(find "$corpus" -name '*.yaml' | sort)

# measure NAME COMMAND...: runs it RUNS times under /usr/bin/time -v; prints "wall_seconds
# max_rss_kib cpu_seconds" of the median run (by wall time). CPU time (user + system) is the steadier
# figure on a machine shared with other work.
measure() {
  local name="$1"; shift
  local i
  for ((i = 1; i <= runs; i++)); do
    /usr/bin/time -v -o "$out/$name.time.$i" "$@" >"$out/$name.out" 2>"$out/$name.err" || true
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + t[j]}
                /Maximum resident set size/ {rss = $2}
                /User time|System time/ {cpu += $2} END {print s, rss, cpu}' "$out/$name.time.$i"
  done | sort -n | awk -v m=$(((runs + 1) / 2)) 'NR == m'
}

# As a user runs it: bin/rempart (the launcher and its JVM options included).
read -r r_wall r_rss r_cpu < <(measure rempart "$root/bin/rempart" audit -f "$corpus" -o json --fail-on none)
# The network control alone (the built-in addendum baseline enables every control).
read -r a_wall a_rss a_cpu < <(measure rempart-network "$root/bin/rempart" audit -f "$corpus" \
  --baseline "$root/bench/audit/network-only.yaml" -o json --fail-on none)
# The bare jar with the JVM's default options, for comparison.
read -r d_wall d_rss d_cpu < <(measure rempart-defaults java -jar "$jar" audit -f "$corpus" -o json --fail-on none)
read -r k_wall k_rss k_cpu < <(measure kube-score "$kube_score" score --output-format ci "${files[@]}")
# Memory stays bounded: the same audit with the heap capped at 64 MiB must still succeed.
if REMPART_JAVA_OPTS=-Xmx64m /usr/bin/time -f '%M' -o "$out/rempart-64m.rss" \
  "$root/bin/rempart" audit -f "$corpus" -o json --fail-on none >"$out/rempart-64m.out" 2>&1; then
  capped="passes ($(($(cat "$out/rempart-64m.rss") / 1024)) MiB peak RSS)"
else
  capped="FAILS"
fi

objects=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['input']['objects'])" "$out/rempart.out")
findings=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['findings']['total'])" "$out/rempart.out")
{
  echo "corpus:        $count manifests in ${#files[@]} files ($(du -sh "$corpus" | cut -f1)); rempart read $objects objects, $findings findings"
  echo "machine:       $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java:          $(java -version 2>&1 | head -1)"
  echo "kube-score:    $kube_score_version"
  printf 'rempart audit: %6.2f s wall, %6.2f s CPU, %4d MiB peak RSS (median of %d)\n' "$r_wall" "$r_cpu" $((r_rss / 1024)) "$runs"
  printf 'network only:  %6.2f s wall, %6.2f s CPU, %4d MiB peak RSS (median of %d; bench/audit/network-only.yaml)\n' "$a_wall" "$a_cpu" $((a_rss / 1024)) "$runs"
  printf 'java -jar:     %6.2f s wall, %6.2f s CPU, %4d MiB peak RSS (median of %d; JVM defaults)\n' "$d_wall" "$d_cpu" $((d_rss / 1024)) "$runs"
  printf 'kube-score:    %6.2f s wall, %6.2f s CPU, %4d MiB peak RSS (median of %d)\n' "$k_wall" "$k_cpu" $((k_rss / 1024)) "$runs"
  awk -v r="$r_wall" -v k="$k_wall" 'BEGIN {printf "ratio:         rempart takes %.2fx the wall time of kube-score\n", r / k}'
  awk -v r="$r_cpu" -v k="$k_cpu" 'BEGIN {printf "               and %.2fx its CPU time\n", r / k}'
  awk -v r="$a_wall" -v k="$k_wall" 'BEGIN {printf "network only:  %.2fx the wall time of kube-score\n", r / k}'
  echo "-Xmx64m:       rempart audit $capped with its heap capped at 64 MiB"
} | tee "$out/summary.txt"
