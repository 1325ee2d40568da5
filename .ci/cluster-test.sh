#!/usr/bin/env bash
# Cluster test (issue 7): the cluster jar runs unchanged under spark-submit on a Spark standalone
# cluster, and writes the same bundle bytes as a local run.
#
# Starts a standalone master and two workers (one core each) on 127.0.0.1 from the Spark jars in
# Maven's local repository (a stand-in Spark home whose jars/ holds Spark SQL and its dependencies;
# nothing is downloaded beyond Maven), submits `ingest` (both snapshots) and `audit` of a small
# generated pair through org.apache.spark.deploy.SparkSubmit with the cluster jar, and compares the
# bundle with `bin/rollaudit` on the same files. Paths are given relative to the working folder, as
# a user would type them. Then the same with the store and the inputs on an HDFS, on S3 (an S3
# server on 127.0.0.1, .ci/s3/; the bundle also written to s3a:// and verified there), and then
# with YARN instead of the standalone master (Hadoop's test clusters on 127.0.0.1, .ci/hadoop/).
# Everything it starts is stopped on exit. JVM, Spark and container start-ups dominate its time:
# 7-8 minutes on an idle 2-core machine, far more on a loaded one.
#
#   .ci/cluster-test.sh [--voters N] [--keep]      (default 20000 voters)
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
voters=20000
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --voters) voters="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "cluster-test: unknown option $1 (--voters N, --keep)" >&2; exit 2 ;;
  esac
done

tmp="$(mktemp -d /tmp/rollaudit-cluster.XXXXXX)"
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ]; then
    echo "cluster-test: FAILED (exit $rc); logs:" >&2
    for f in "$tmp"/logs/*.log; do
      [ -f "$f" ] && { echo "--- $f (last 30 lines)" >&2; tail -n 30 "$f" >&2; }
    done
  fi
  if [ "$keep" = 1 ]; then echo "cluster-test: kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT INT TERM
say() { echo "cluster-test: $*" >&2; }
mkdir -p "$tmp/logs"

jar="$home/jobs/target/rollaudit-jobs-0.1.0-cluster.jar"
if [ ! -f "$jar" ]; then
  say "building the jars"
  (cd "$home" && mvn -B -q -DskipTests package >"$tmp/logs/build.log" 2>&1)
fi

# A stand-in Spark home: jars/ with Spark's own class path, as in a Spark distribution.
export SPARK_HOME="$tmp/spark-home"
export SPARK_SCALA_VERSION=2.12
export SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
(cd "$home" && mvn -B -q -f .ci/spark-dist/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$tmp/spark.classpath" >"$tmp/logs/classpath.log" 2>&1)
# (the class path file has no final newline: read the last entry too)
tr ":" "\n" <"$tmp/spark.classpath" | while read -r j || [ -n "$j" ]; do
  ln -s "$j" "$SPARK_HOME/jars/"
done
# Spark's daemons log to files, quietly.
cat >"$SPARK_HOME/conf/log4j2.properties" <<'LOG'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.master.name = org.apache.spark.deploy
logger.master.level = info
logger.executor.name = org.apache.spark.executor.Executor
logger.executor.level = info
LOG

opens=$(sed -n '/^opens=(/,/^)/p' "$home/bin/rollaudit" | grep -- '^  -' | tr -d ' ' | tr '\n' ' ')
spark_java=(java $opens -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties"
  -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*")

# wait_for FILE PATTERN WHAT: waits up to 180 s for PATTERN in FILE (JVM start is slow on a busy machine).
wait_for() {
  for _ in $(seq 1 360); do
    if grep -q -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  say "$3 did not start within 180 s; see $1"
  return 1
}

say "starting a standalone master and two workers on 127.0.0.1"
"${spark_java[@]}" -Xmx256m org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 0 --webui-port 0 >"$tmp/logs/master.log" 2>&1 &
pids+=($!)
wait_for "$tmp/logs/master.log" "Starting Spark master at spark://" "the master"
master=$(grep -o -E 'spark://127\.0\.0\.1:[0-9]+' "$tmp/logs/master.log" | head -n 1)
for w in 1 2; do
  "${spark_java[@]}" -Xmx256m org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --port 0 --webui-port 0 --cores 1 --memory 1g \
    --work-dir "$tmp/worker-$w" "$master" >"$tmp/logs/worker-$w.log" 2>&1 &
  pids+=($!)
done
for w in 1 2; do
  wait_for "$tmp/logs/worker-$w.log" "Successfully registered with master" "worker $w"
done
say "cluster up at $master"

cd "$tmp"
say "generating a $voters-voter pair"
"$home/bin/rollaudit" generate --voters "$voters" --out in -q
export ROLLAUDIT_HEAP="${ROLLAUDIT_HEAP:-1g}"
export ROLLAUDIT_LOG="$tmp/logs/local-rollaudit.log"

# submit LOGNAME ARGS...: the cluster jar through spark-submit to $submit_master, client mode,
# with the settings in submit_conf.
submit_master="$master"
submit_conf=(--conf spark.cores.max=2)
submit() {
  local name="$1"; shift
  local rc=0
  "${spark_java[@]}" -Xmx1g -Djava.io.tmpdir="$tmp/driver-tmp" org.apache.spark.deploy.SparkSubmit \
    --master "$submit_master" --deploy-mode client --class org.rollaudit.cli.RollAudit \
    --conf spark.executor.memory=768m --conf spark.driver.host=127.0.0.1 "${submit_conf[@]}" \
    "$jar" "$@" >"$tmp/logs/$name.log" 2>&1 || rc=$?
  echo "$rc"
}

# round NAME STORE INPUTS WHAT: submits ingest of both snapshots from INPUTS into STORE and the
# audit into NAME-bundle; the audit's exit code and bundle must be the local run's.
round() {
  local name="$1" store="$2" in="$3" what="$4" rc
  say "$what: spark-submit ingest x2, audit"
  rc=$(submit "$name-ingest-1" ingest --layout nc-ncvoter --as-of 2024-01-06 --store "$store" \
    "$in/ncvoter_20240106.txt")
  [ "$rc" = 0 ] || { say "$what: ingest of the baseline exited $rc"; exit 1; }
  rc=$(submit "$name-ingest-2" ingest --layout nc-ncvoter --as-of 2024-02-03 --store "$store" \
    "$in/ncvoter_20240203.txt")
  [ "$rc" = 0 ] || { say "$what: ingest of the current snapshot exited $rc"; exit 1; }
  rc=$(submit "$name-audit" audit --store "$store" --baseline 2024-01-06 --current 2024-02-03 \
    --out "$name-bundle")
  [ "$rc" = "$local_rc" ] || { say "$what: audit exited $rc, the local audit $local_rc"; exit 1; }
  if ! diff -r local-bundle "$name-bundle" >"$tmp/logs/$name-diff.log" 2>&1; then
    say "$what: the bundle differs from the local one:"
    head -n 40 "$tmp/logs/$name-diff.log" >&2
    exit 1
  fi
  say "$what: the bundle is byte-identical to the local one"
}

say "local run: bin/rollaudit ingest x2, audit"
"$home/bin/rollaudit" ingest --layout nc-ncvoter --as-of 2024-01-06 --store local-store \
  in/ncvoter_20240106.txt >"$tmp/logs/local-ingest.log" 2>&1
"$home/bin/rollaudit" ingest --layout nc-ncvoter --as-of 2024-02-03 --store local-store \
  in/ncvoter_20240203.txt >>"$tmp/logs/local-ingest.log" 2>&1
local_rc=0
"$home/bin/rollaudit" audit --store local-store --baseline 2024-01-06 --current 2024-02-03 \
  --out local-bundle >"$tmp/logs/local-audit.log" 2>&1 || local_rc=$?

mkdir -p "$tmp/driver-tmp"
round cluster cluster-store in "standalone cluster, store on local disk"
# The executors really ran tasks (not a driver-only fallback).
if ! grep -q -E "Launching executor|Asked to launch executor" "$tmp"/logs/worker-*.log; then
  say "no executor was launched on the workers"
  exit 1
fi

# Without a checkout the driver unpacks the jar's rules to a temporary folder: gone at exit.
if ls -d "$tmp"/driver-tmp/rollaudit-rules* >/dev/null 2>&1; then
  say "the driver left its unpacked rules behind: $(ls -d "$tmp"/driver-tmp/rollaudit-rules*)"
  exit 1
fi
"${spark_java[@]}" -cp "$jar:$SPARK_HOME/jars/*" org.rollaudit.cli.RollAudit verify cluster-bundle \
  >"$tmp/logs/verify.log" 2>&1 || { say "verify failed on the cluster bundle"; exit 1; }

# The same on HDFS, as the README's cluster lines have it: store and inputs on hdfs://, the
# executors in the workers' JVMs writing the store's bucket files there.
say "starting an HDFS namenode and datanode on 127.0.0.1"
(cd "$home" && mvn -B -q -f .ci/hadoop/pom.xml dependency:build-classpath -DexcludeTransitive=true \
  -Dmdep.outputFile="$tmp/hadoop.classpath" >"$tmp/logs/hadoop-classpath.log" 2>&1)
java -Xmx512m -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
  -cp "$SPARK_HOME/jars/*:$(cat "$tmp/hadoop.classpath")" "$home/.ci/hadoop/MiniHdfs.java" \
  "$tmp/hdfs" "$tmp/hdfs.uri" in/ncvoter_20240106.txt in/ncvoter_20240203.txt \
  >"$tmp/logs/hdfs.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 360); do [ -f "$tmp/hdfs.uri" ] && break; sleep 0.5; done
[ -f "$tmp/hdfs.uri" ] || { say "HDFS did not start within 180 s; see $tmp/logs/hdfs.log"; exit 1; }
hdfs=$(cat "$tmp/hdfs.uri")
say "HDFS up at $hdfs"
round hdfs "$hdfs/store" "$hdfs/in" "standalone cluster, store and inputs on HDFS"

# And on S3, as the README's s3a:// lines have it: an S3 server on 127.0.0.1 (S3Proxy, objects in
# memory) reached through Hadoop's S3A connector, which the cluster provides on the driver's and the
# executors' class paths (rollaudit does not bundle it). Store and inputs on s3a://; then the bundle
# written to s3a:// as well, verified there, and fetched back to compare with the local one.
say "starting an S3 server on 127.0.0.1"
curl --help all 2>/dev/null | grep -q -- --aws-sigv4 ||
  { say "this curl has no --aws-sigv4 (curl 7.75 or later is needed for the S3 round)"; exit 1; }
(cd "$home" && mvn -B -q -f .ci/s3/pom.xml dependency:build-classpath -DexcludeTransitive=true \
  -Dmdep.outputFile="$tmp/s3.classpath" >"$tmp/logs/s3-classpath.log" 2>&1)
s3a_jars=$(tr ":" "\n" <"$tmp/s3.classpath" | grep -v s3proxy | paste -s -d ":")
s3_key=rollaudit-ci
s3_secret=rollaudit-ci-secret
cat >"$tmp/s3proxy.properties" <<S3
s3proxy.endpoint=http://127.0.0.1:0
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$s3_key
s3proxy.credential=$s3_secret
jclouds.provider=transient
jclouds.identity=$s3_key
jclouds.credential=$s3_secret
S3
java -Xmx512m -jar "$(tr ":" "\n" <"$tmp/s3.classpath" | grep s3proxy)" \
  --properties "$tmp/s3proxy.properties" >"$tmp/logs/s3proxy.log" 2>&1 &
pids+=($!)
wait_for "$tmp/logs/s3proxy.log" "Started ServerConnector.*127\.0\.0\.1:[0-9]+" "the S3 server"
s3=$(grep -o -E 'Started ServerConnector.*\{127\.0\.0\.1:[0-9]+\}' "$tmp/logs/s3proxy.log" |
  grep -o -E '127\.0\.0\.1:[0-9]+' | head -n 1)
# s3curl METHOD PATH [curl args]: a signed request to the S3 server.
s3curl() {
  local method="$1" path="$2"; shift 2
  curl -s -f -X "$method" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$s3_key:$s3_secret" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@" "http://$s3/$path"
}
s3curl PUT rollaudit || { say "S3: creating the bucket failed; see $tmp/logs/s3proxy.log"; exit 1; }
for f in in/ncvoter_20240106.txt in/ncvoter_20240203.txt; do
  s3curl PUT "rollaudit/$f" -T "$f" || { say "S3: putting $f failed"; exit 1; }
done
say "S3 up at $s3, bucket rollaudit"
# What a user sets for an S3-compatible store: spark-submit's --conf, or -D for verify.
s3_settings=("spark.hadoop.fs.s3a.endpoint=http://$s3" spark.hadoop.fs.s3a.path.style.access=true
  spark.hadoop.fs.s3a.connection.ssl.enabled=false "spark.hadoop.fs.s3a.access.key=$s3_key"
  "spark.hadoop.fs.s3a.secret.key=$s3_secret")
s3_conf=()
s3_props=()
for kv in "${s3_settings[@]}"; do s3_conf+=(--conf "$kv"); s3_props+=("-D$kv"); done
spark_java=(java $opens -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties"
  -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*:$s3a_jars")
submit_conf=(--conf spark.cores.max=2 --conf "spark.executor.extraClassPath=$s3a_jars"
  "${s3_conf[@]}")
round s3 s3a://rollaudit/store s3a://rollaudit/in "standalone cluster, store and inputs on S3"
rc=$(submit s3-audit-out audit --store s3a://rollaudit/store --baseline 2024-01-06 \
  --current 2024-02-03 --out s3a://rollaudit/bundle)
[ "$rc" = "$local_rc" ] ||
  { say "S3: audit --out s3a:// exited $rc, the local audit $local_rc"; exit 1; }
# verify takes the same spark.hadoop.* settings, here as system properties.
java $opens "${s3_props[@]}" -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
  -cp "$jar:$SPARK_HOME/jars/*:$s3a_jars" org.rollaudit.cli.RollAudit \
  verify s3a://rollaudit/bundle \
  >"$tmp/logs/s3-verify.log" 2>&1 || { say "S3: verify s3a://rollaudit/bundle failed"; exit 1; }
# s3_same_as_local WHAT: the bundle's objects, fetched back one by one, are the local bundle's
# files byte for byte, with no other object.
(cd local-bundle && find . -type f | sed 's|^\./||' | sort) >"$tmp/local-files.txt"
s3_same_as_local() {
  s3curl GET "rollaudit?list-type=2&prefix=bundle%2F" >"$tmp/s3-list.xml" ||
    { say "S3: listing the bundle's objects failed"; exit 1; }
  { grep -o -E '<Key>[^<]*</Key>' "$tmp/s3-list.xml" || true; } |
    sed -E 's|<Key>bundle/(.*)</Key>|\1|' | sort >"$tmp/s3-files.txt"
  if ! diff "$tmp/local-files.txt" "$tmp/s3-files.txt" >"$tmp/logs/s3-files-diff.log"; then
    say "S3: $1: the bundle's files differ from the local bundle's:"
    head -n 20 "$tmp/logs/s3-files-diff.log" >&2
    exit 1
  fi
  while read -r f; do
    s3curl GET "rollaudit/bundle/$f" -o "$tmp/s3-object" ||
      { say "S3: fetching bundle/$f failed"; exit 1; }
    cmp -s "local-bundle/$f" "$tmp/s3-object" ||
      { say "S3: $1: bundle/$f differs from the local one"; exit 1; }
  done <"$tmp/local-files.txt"
}
s3_same_as_local "the upload"
# An upload that died part-way through its rename (S3A copies file by file) leaves part of the
# bundle and no SHA256SUMS, which is put last: the same audit again completes it.
for f in SHA256SUMS findings.json report.pdf; do
  s3curl DELETE "rollaudit/bundle/$f" || { say "S3: deleting bundle/$f failed"; exit 1; }
done
rc=$(submit s3-audit-again audit --store s3a://rollaudit/store --baseline 2024-01-06 \
  --current 2024-02-03 --out s3a://rollaudit/bundle)
[ "$rc" = "$local_rc" ] ||
  { say "S3: the audit completing a dead upload exited $rc, the local audit $local_rc"; exit 1; }
s3_same_as_local "a dead upload completed"
say "S3: the bundle written to s3a:// verifies and is byte-identical to the local one, also" \
  "when a second audit completes a dead upload"

# And on YARN, as the README's YARN line has it: a resource manager and a node manager on
# 127.0.0.1, executors in containers (JVMs of their own), store and inputs on the HDFS above.
say "starting a YARN resource manager and node manager on 127.0.0.1"
mkdir -p "$tmp/yarn"
(cd "$tmp/yarn" && exec java $opens -Xmx768m \
  -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties" \
  -cp "$SPARK_HOME/jars/*:$(cat "$tmp/hadoop.classpath")" "$home/.ci/hadoop/MiniYarn.java" \
  "$tmp/yarn-conf" >"$tmp/logs/yarn.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 360); do [ -f "$tmp/yarn-conf/yarn-site.xml" ] && break; sleep 0.5; done
[ -f "$tmp/yarn-conf/yarn-site.xml" ] ||
  { say "YARN did not start within 180 s; see $tmp/logs/yarn.log"; exit 1; }
say "YARN up"
# spark-submit finds YARN through HADOOP_CONF_DIR, read from the class path; the containers run
# the stand-in Spark home's jars in place and keep to the loopback address.
export HADOOP_CONF_DIR="$tmp/yarn-conf"
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
spark_java=(java $opens -Dlog4j.configurationFile="$SPARK_HOME/conf/log4j2.properties"
  -cp "$SPARK_HOME/conf:$HADOOP_CONF_DIR:$SPARK_HOME/jars/*")
submit_master=yarn
submit_conf=(--conf spark.executor.instances=2 --conf spark.executor.cores=1
  --conf "spark.yarn.jars=local:$SPARK_HOME/jars/*"
  --conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1
  --conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1)
round yarn "$hdfs/yarn-store" "$hdfs/in" "YARN, store and inputs on HDFS"
# The executors in YARN's containers ran tasks (their logs are under the node manager's folder).
if ! grep -r -q "Running task" --include=stderr "$tmp/yarn/target"; then
  say "no task ran in a YARN container"
  exit 1
fi
say "PASS: the bundles of the standalone cluster (store on local disk, on HDFS, on S3) and of" \
  "YARN (store on HDFS) are byte-identical to the local one ($(wc -l <local-bundle/SHA256SUMS) files," \
  "audit exit $local_rc)"
