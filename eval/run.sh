#!/usr/bin/env bash
# Detector evaluation (issue 5, "Evaluation, in the repo"): builds the jar and the test classes,
# then runs org.rollaudit.eval.DetectorEvaluation (jobs/src/test/java/org/rollaudit/eval/).
# It covers every shipped rule: per seed a clean roll of 3 snapshots dated outside every federal
# quiet window (false alarms; the rules over history read the earlier snapshots), the same roll
# with the demo, notice-wait, reregistration-churn and duplicate-match-removal plants, and a
# two-snapshot roll inside a quiet window with the nvra-quiet-period plant (see PipelineAudits).
#
#   eval/run.sh            full run, about an hour on an idle 2-core machine (estimated from
#                          one-seed runs: a planted seed ~3 min, a clean seed ~2 min, the
#                          simulations ~10 min): writes eval/RESULTS.md, eval/results.json and
#                          rules/error-rates.yaml (commit all three). --clean 12 --planted 8
#                          takes about 40 min (quoted in error-rates.yaml as measured with).
#   eval/run.sh --quick    smoke run at 100,000 voters, about 10 min: writes eval/quick/ only
#   eval/run.sh churn      false-match rate of the reregistration-churn matcher on the
#                          generator's names (ChurnMatchEvaluation; --voters N --seeds K):
#                          writes eval/churn-match.md (commit it; rules/churn.yaml quotes it)
#
# Other options (see DetectorEvaluation.Options): --clean N --planted N --voters N
# --null-sims N --mass-reps N --skew-reps N --no-pipeline --no-sims --out DIR --work DIR
# --error-rates FILE. Set EVAL_SKIP_BUILD=1 to reuse the classes already built.
# Heavy: one local[2] Spark session plus 300,000-voter files (about 2 GB in --work, deleted
# seed by seed). Do not run it next to another heavy job on a small machine.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$home"

if [ "${EVAL_SKIP_BUILD:-0}" != 1 ]; then
  echo "eval: building (mvn -B -q -DskipTests package) ..." >&2
  mvn -B -q -DskipTests package
fi

target="$home/jobs/target"
[ -d "$target/classes" ] && [ -d "$target/test-classes" ] && [ -d "$target/lib" ] || {
  echo "eval: $target is incomplete; run without EVAL_SKIP_BUILD=1" >&2
  exit 4
}

# The flags Spark 3.5 needs on Java 17 (the same list as bin/rollaudit).
opens=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
)

main=org.rollaudit.eval.DetectorEvaluation
if [ "${1:-}" = churn ]; then
  main=org.rollaudit.eval.ChurnMatchEvaluation
  shift
fi

log="${ROLLAUDIT_LOG:-$home/out/eval.log}"
mkdir -p "$(dirname "$log")"
start=$(date +%s)
# The test class path's log4j2-test.properties keeps Spark to errors on stderr.
java "${opens[@]}" -Xmx"${ROLLAUDIT_HEAP:-6g}" -Duser.timezone=UTC -Dfile.encoding=UTF-8 \
  -Drollaudit.home="$home" -Drollaudit.log="$log" \
  -Deval.command="eval/run.sh${*:+ $*}" \
  -cp "$target/classes:$target/test-classes:$target/lib/*" \
  "$main" "$@"
echo "eval: finished in $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s" >&2
