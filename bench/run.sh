#!/usr/bin/env bash
# Benchmark (issue 7): times rollaudit's ingest and audit as whole processes, side by side with
# DuckDB doing the same comparison in SQL, the DuckDB text-to-Parquet copy (ingest anchor), a
# single-pass Java byte scan (the floor), JVM start-up and Spark start-up.
#
#   bench/run.sh [--sizes 1000000,5000000] [--runs 3] [--quick] [--statewide] [--data DIR]
#                [--no-build]
#
# --quick       1M voters, 1 run (a smoke test of the whole script, ~5 min on 2 idle cores)
# --statewide   also one run of a 2 x 9M-voter pair with bin/rollaudit's default settings
#               (ROLLAUDIT_HEAP unset): ingest both and audit from the store
# --data DIR    where generated pairs, stores, Parquet copies and bundles go
#               (default /tmp/rollaudit-bench; ~1 GB per 1M voters, pairs are kept for re-runs)
# --no-build    use the jars as they are (e.g. while another run or test uses them)
#
# Raw measures go to bench/results/raw-<stamp>.csv (one line per process: wall, user, sys,
# peak RSS from /usr/bin/time, exit code, 1-minute load average, heap); the median tables to
# bench/results/summary-<stamp>.md. ROLLAUDIT_HEAP, when set, is passed on (and recorded).
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes=1000000,5000000
runs=3
statewide=0
data=/tmp/rollaudit-bench
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --quick) sizes=1000000; runs=1; shift ;;
    --statewide) statewide=1; shift ;;
    --data) data="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "bench/run.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

stamp=$(date -u +%Y%m%dT%H%MZ)
results="$home/bench/results"
raw="$results/raw-$stamp.csv"
mkdir -p "$results" "$data/tmp"
log="$data/bench.log"

say() { echo "bench: $*" >&2; }

if [ "$build" = 1 ]; then
  say "building the product jar and the benchmark module (log: $log)"
  (cd "$home" && mvn -B -q -DskipTests package >"$log" 2>&1) ||
    { echo "bench/run.sh: product build failed; see $log" >&2; exit 4; }
  (cd "$home" && mvn -B -q -f bench/pom.xml package >>"$log" 2>&1) ||
    { echo "bench/run.sh: benchmark build failed; see $log" >&2; exit 4; }
fi

ra="$home/bin/rollaudit"
bench_cp="$home/bench/target/rollaudit-bench-0.1.0.jar:$home/bench/target/lib/*"
spark_cp="$home/bench/target/rollaudit-bench-0.1.0.jar:$home/jobs/target/lib/*"
# The same Java 17 flags bin/rollaudit gives Spark.
opens=$(sed -n '/^opens=(/,/^)/p' "$ra" | grep -- '^  -' | tr -d ' ' | tr '\n' ' ')
java_bench=(java -Djava.io.tmpdir="$data/tmp" -cp "$bench_cp")
export ROLLAUDIT_LOG="$data/rollaudit.log"

echo "voters,step,run,wall_s,user_s,sys_s,max_rss_kb,exit,load1,heap" >"$raw"

# measure VOTERS STEP RUN CMD...: runs CMD under /usr/bin/time, appends one CSV line.
# Exit 1 of rollaudit audit means "findings at or above --fail-on", a finished run.
measure() {
  local voters="$1" step="$2" run="$3"; shift 3
  local t="$data/tmp/time.txt" rc=0 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  say "$voters voters, run $run: $step"
  /usr/bin/time -f "%e,%U,%S,%M" -o "$t" "$@" >>"$log" 2>&1 || rc=$?
  echo "$voters,$step,$run,$(tail -n 1 "$t"),$rc,$load,${ROLLAUDIT_HEAP:-default}" >>"$raw"
  if [ "$rc" -gt 1 ]; then say "  $step exited $rc; see $log"; fi
}

pair() { # pair VOTERS: generates (once) the NC-layout pair; prints its folder
  local dir="$data/pair-$1"
  if [ ! -f "$dir/generator.json" ]; then
    say "generating $1 voters into $dir (once)"
    "$ra" generate --voters "$1" --out "$dir" -q >>"$log" 2>&1
  fi
  echo "$dir"
}

# The generator's defaults: snapshots 2024-01-06 and 2024-02-03.
d1=2024-01-06
d2=2024-02-03
f1=ncvoter_20240106.txt
f2=ncvoter_20240203.txt

# The first Spark command after a build runs without bin/rollaudit's class-data archive and writes
# it at its exit, slower than any later run; a small ingest does that before anything is timed, and
# the --version after it is the launch that checks the written archive and puts it in place (which
# the jvm-start step would otherwise pay).
warm="$data/warmup"
rm -rf "$warm"
say "warming up: a 2,000-voter ingest writes the class-data archive"
{ warm_pair=$(pair 2000) &&
  "$ra" ingest --layout nc-ncvoter --as-of "$d1" --store "$warm/store" --refusal-dir "$warm" \
    "$warm_pair/$f1" && "$ra" --version; } >>"$log" 2>&1 ||
  say "the warm-up failed (see $log); the first timed run may include the archive"

IFS=, read -r -a size_list <<<"$sizes"
for n in "${size_list[@]}"; do
  dir=$(pair "$n")
  work="$data/work-$n"
  for r in $(seq 1 "$runs"); do
    rm -rf "$work" && mkdir -p "$work"
    measure "$n" jvm-start "$r" "$ra" --version
    measure "$n" spark-start "$r" java $opens -Djava.io.tmpdir="$data/tmp" -cp "$spark_cp" \
      org.rollaudit.bench.SparkStart
    measure "$n" scan "$r" "${java_bench[@]}" org.rollaudit.bench.ByteScan ncid "$dir/$f1" "$dir/$f2"
    measure "$n" duck-parquet "$r" "${java_bench[@]}" org.rollaudit.bench.DuckCompare parquet \
      "$dir/$f1" "$dir/$f2" "$work/parquet"
    measure "$n" duck-audit-text "$r" "${java_bench[@]}" org.rollaudit.bench.DuckCompare audit \
      "$dir/$f1" "$dir/$f2" 2024
    measure "$n" duck-audit-parquet "$r" "${java_bench[@]}" org.rollaudit.bench.DuckCompare audit \
      "$work/parquet/a.parquet" "$work/parquet/b.parquet" 2024
    measure "$n" ingest-baseline "$r" "$ra" ingest --layout nc-ncvoter --as-of "$d1" \
      --store "$work/store" --refusal-dir "$work" "$dir/$f1"
    measure "$n" ingest-current "$r" "$ra" ingest --layout nc-ncvoter --as-of "$d2" \
      --store "$work/store" --refusal-dir "$work" "$dir/$f2"
    measure "$n" audit-store "$r" "$ra" audit --store "$work/store" --baseline "$d1" \
      --current "$d2" --out "$work/bundle-store"
    # Files given straight to audit are ingested into a private store (out/store of the working
    # folder by default), which would refuse a regenerated pair of the same dates: a fresh one.
    measure "$n" audit-raw "$r" "$ra" audit --layout nc-ncvoter --baseline "$dir/$f1" \
      --current "$dir/$f2" --store "$work/raw-store" --out "$work/bundle-raw"
  done
  # Same comparison, same answers: the DuckDB class counts against the bundle's.
  grep -E '^classes ' "$log" | tail -n 1 | sed 's/^/bench: duckdb /' >&2
  jq -c '.counts' "$work/bundle-store/findings.json" 2>/dev/null |
    sed 's/^/bench: rollaudit /' >&2 || true
done

if [ "$statewide" = 1 ]; then
  n=9000000
  dir=$(pair "$n")
  work="$data/work-$n"
  rm -rf "$work" && mkdir -p "$work"
  # bin/rollaudit's default settings on purpose: its heap is 60% of the machine's memory.
  (
    unset ROLLAUDIT_HEAP
    measure "$n" ingest-baseline 1 "$ra" ingest --layout nc-ncvoter --as-of "$d1" \
      --store "$work/store" --refusal-dir "$work" "$dir/$f1"
    measure "$n" ingest-current 1 "$ra" ingest --layout nc-ncvoter --as-of "$d2" \
      --store "$work/store" --refusal-dir "$work" "$dir/$f2"
    measure "$n" audit-store 1 "$ra" audit --store "$work/store" --baseline "$d1" \
      --current "$d2" --out "$work/bundle-store"
  )
fi

summary="$results/summary-$stamp.md"
{
  echo "# Benchmark $stamp: sizes $sizes, $runs run(s)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);" \
    "$(java -version 2>&1 | head -n 1); rollaudit $(git -C "$home" rev-parse --short HEAD)"
  echo
  "${java_bench[@]}" org.rollaudit.bench.Summary "$raw"
} >"$summary"
say "raw measures: $raw"
say "tables: $summary"
cat "$summary"
