#!/usr/bin/env bash
# `rempart audit` against kube-score, side by side in the same run, on:
#   - the real corpus (../shared/corpus: 401 documents of public charts and static installs),
#     replicated TIMES times with distinct names (bench/audit/replicate.py);
#   - the generated corpus (bench/audit/generate.py, COUNT manifests);
#   - one Deployment in one file: the pre-commit case.
# Median of RUNS runs (by wall time) of each: wall time, CPU time (user + system), peak RSS, from
# /usr/bin/time -v. BEFORE_JAR=path/to/an/older/rempart.jar adds that jar, run as the launcher of
# its time ran it (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC), for before/after figures.
# LARGE=100000 also audits that many generated manifests once with every control (default heap).
#
#   RUNS=5 bash bench/audit/real-corpus.sh
#   BEFORE_JAR=/tmp/rempart-main.jar RUNS=5 bash bench/audit/real-corpus.sh
#
# Reads ../shared/corpus, never fetches it. Installs kube-score with `go install` into
# ~/.cache/rempart/bin the first time (Go on PATH). Results go to bench/results/ (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-5}"
times="${TIMES:-25}"
count="${COUNT:-10000}"
src="${CORPUS:-$root/../shared/corpus}"
out="$root/bench/results/real-corpus"
bin="${REMPART_TOOLS:-$HOME/.cache/rempart/bin}"
kube_score_version="${KUBE_SCORE_VERSION:-v1.20.0}"
real="$root/bench/results/real-x$times"
generated="$root/bench/results/audit/corpus-$count"
mkdir -p "$out" "$bin"

[[ -d "$src" ]] || { echo "no corpus at $src (set CORPUS)" >&2; exit 2; }
if [[ ! -x "$bin/kube-score-$kube_score_version" ]]; then
  echo "installing kube-score $kube_score_version into $bin" >&2
  GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/zegl/kube-score/cmd/kube-score@$kube_score_version"
  mv "$bin/kube-score" "$bin/kube-score-$kube_score_version"
fi
kube_score="$bin/kube-score-$kube_score_version"
[[ -d "$real" ]] || python3 "$root/bench/audit/replicate.py" --times "$times" --src "$src" --out "$real" >&2
[[ -d "$generated" ]] || python3 "$root/bench/audit/generate.py" --count "$count" --out "$generated" >&2
single="$out/one-deployment.yaml"
cat >"$single" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
YAML
# Builds the jar if needed, and writes the launcher's class-data archive: the measured runs are
# the second and later ones, as in a pre-commit hook or a CI job with a cached build.
"$root/bin/rempart" audit -f "$single" -o json >/dev/null 2>&1 || true
jar="$root/operator/target/rempart.jar"

# measure NAME COMMAND...: RUNS runs under /usr/bin/time -v; prints "wall_s max_rss_kib cpu_s" of
# the median run by wall time.
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

# measure10 NAME COMMAND...: as measure, for ten calls in a row, with wall and CPU divided by ten:
# a call that takes milliseconds is below /usr/bin/time's resolution of 10 ms.
measure10() {
  local name="$1"; shift
  measure "$name" bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$@" >/dev/null 2>&1 || true; done' _ "$@" |
    awk '{printf "%.4f %d %.4f\n", $1 / 10, $2, $3 / 10}'
}

line() { # LABEL WALL RSS CPU
  printf '%-36s %7.3f s wall %7.3f s CPU %5d MiB peak RSS\n' "$1" "$2" "$4" $(($3 / 1024))
}

ratio() { # LABEL REMPART KUBE_SCORE
  awk -v l="$1" -v r="$2" -v k="$3" 'BEGIN {printf "%-36s %.2fx\n", l, r / k}'
}

before=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "${BEFORE_JAR:-}")
{
  echo "machine:  $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java:     $(java -version 2>&1 | head -1)"
  echo "kube-score $kube_score_version; median of $runs runs; $(date -u +%Y-%m-%dT%H:%MZ)"
  for corpus in real generated; do
    dir="${!corpus}"
    mapfile -t files < <(find "$dir" -name '*.yaml' | sort)
    echo
    echo "== $corpus corpus: ${#files[@]} files, $(du -sh "$dir" | cut -f1) ($dir)"
    read -r r_wall r_rss r_cpu < <(measure "$corpus-rempart" "$root/bin/rempart" audit -f "$dir" -o json --fail-on none)
    read -r k_wall k_rss k_cpu < <(measure "$corpus-kube-score" "$kube_score" score --output-format ci "${files[@]}")
    objects=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['summary']['input']['objects'], 'objects,', d['summary']['findings']['total'], 'findings')" "$out/$corpus-rempart.out")
    line "bin/rempart audit ($objects)" "$r_wall" "$r_rss" "$r_cpu"
    if [[ -n "${BEFORE_JAR:-}" ]]; then
      read -r b_wall b_rss b_cpu < <(measure "$corpus-before" "${before[@]}" audit -f "$dir" -o json --fail-on none)
      line "before (BEFORE_JAR)" "$b_wall" "$b_rss" "$b_cpu"
    fi
    line "kube-score score --output-format ci" "$k_wall" "$k_rss" "$k_cpu"
    ratio "rempart/kube-score wall" "$r_wall" "$k_wall"
    ratio "rempart/kube-score CPU" "$r_cpu" "$k_cpu"
    ratio "rempart/kube-score peak RSS" "$r_rss" "$k_rss"
  done
  echo
  echo "== one Deployment in one file (pre-commit; per call, ten calls in a row)"
  read -r r_wall r_rss r_cpu < <(measure10 single-rempart "$root/bin/rempart" audit -f "$single" -o json)
  line "bin/rempart audit" "$r_wall" "$r_rss" "$r_cpu"
  read -r n_wall n_rss n_cpu < <(measure10 single-nocds env REMPART_CDS=off "$root/bin/rempart" audit -f "$single" -o json)
  line "bin/rempart audit, REMPART_CDS=off" "$n_wall" "$n_rss" "$n_cpu"
  if [[ -n "${BEFORE_JAR:-}" ]]; then
    read -r b_wall b_rss b_cpu < <(measure10 single-before "${before[@]}" audit -f "$single" -o json)
    line "before (BEFORE_JAR)" "$b_wall" "$b_rss" "$b_cpu"
  fi
  read -r j_wall j_rss j_cpu < <(measure10 single-jvm java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version)
  line "java -version (a JVM's start alone)" "$j_wall" "$j_rss" "$j_cpu"
  read -r k_wall k_rss k_cpu < <(measure10 single-kube-score "$kube_score" score --output-format ci "$single")
  line "kube-score" "$k_wall" "$k_rss" "$k_cpu"
  ratio "rempart/kube-score wall" "$r_wall" "$k_wall"
  if [[ -n "${LARGE:-}" ]]; then
    large="$root/bench/results/audit/corpus-$LARGE"
    [[ -d "$large" ]] || python3 "$root/bench/audit/generate.py" --count "$LARGE" --out "$large" >&2
    echo
    echo "== $LARGE generated manifests, every control, once"
    if /usr/bin/time -v -o "$out/large.time" "$root/bin/rempart" audit -f "$large" -o json --fail-on none >"$out/large.out" 2>"$out/large.err"; then
      status=passes
    else
      status="FAILS ($(head -c 200 "$out/large.err"))"
    fi
    read -r l_wall l_rss l_cpu < <(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + t[j]}
        /Maximum resident set size/ {rss = $2} /User time|System time/ {cpu += $2} END {print s, rss, cpu}' "$out/large.time")
    line "bin/rempart audit ($status)" "$l_wall" "$l_rss" "$l_cpu"
  fi
} | tee "$out/summary.txt"
