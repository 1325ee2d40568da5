#!/usr/bin/env bash
# The audit's first job taken apart (scans by column group, the join, the change set with and
# without its cache, the metrics' aggregation), each part run ROUNDS times in one JVM, so that the
# first round's figures (what every `rollaudit audit` pays: compilation, class loading) can be set
# against the later rounds' (the same work with the code compiled).
#
#   bench/compare-phases.sh STORE BASELINE_DATE CURRENT_DATE [ROUNDS]    (ROUNDS: default 3)
#
# STORE is a local store written by `rollaudit ingest` (for example bench/run.sh's
# DATA/work-5000000/store). Runs bench/ComparePhases.java with the product's jar (built first if
# missing or stale), the same Java 17 flags and heap as bin/rollaudit, and a local Spark session
# set up as the product sets it.
# Spark's log goes to $ROLLAUDIT_LOG (default out/compare-phases.log); extra JVM options (for
# example -Dspark.sql.inMemoryColumnarStorage.batchSize=N) come from $ROLLAUDIT_JAVA_OPTS.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,14p' "$0"; exit 2; }
home=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$1/store.json" ] || { echo "compare-phases.sh: $1 is not a rollaudit store (no store.json)" >&2; exit 2; }
jar="$home/jobs/target/rollaudit-jobs-0.1.0.jar"
# bin/rollaudit builds the jar when it is missing or older than the sources.
"$home/bin/rollaudit" --version >/dev/null || { echo "compare-phases.sh: build failed" >&2; exit 4; }
opens=$(sed -n '/^opens=(/,/^)/p' "$home/bin/rollaudit" | grep -- '^  -' | tr -d ' ' | tr '\n' ' ')
heap_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) * 6 / 10 / 1024 ))
log="${ROLLAUDIT_LOG:-$home/out/compare-phases.log}"
mkdir -p "$(dirname "$log")"
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 exec java $opens -Xmx${heap_mb}m ${ROLLAUDIT_JAVA_OPTS:-} -Drollaudit.log="$log" \
  -cp "$jar:$home/jobs/target/lib/*" "$home/bench/ComparePhases.java" "$@"
