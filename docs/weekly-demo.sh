#!/usr/bin/env bash
# The README's "Weekly schedule" walkthrough as a script: three generated weekly snapshots are
# dropped in an inbox one by one, with 'rollaudit run' after each, as cron would run it.
#
#   docs/weekly-demo.sh [WORK_DIR]      (default /tmp/rollaudit-weekly; removed and made anew)
#
# Needs only Java 17 and Maven (bin/rollaudit builds the jar on first use). About 3.4 CPU-minutes:
# a few minutes on an idle 2-core machine. Exit status: 0 when every step did what the walkthrough says, else 1.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rollaudit="$home/bin/rollaudit"
work="${1:-/tmp/rollaudit-weekly}"
rm -rf "$work"
mkdir -p "$work/inbox"
cd "$work"

step() { printf '\n=== %s\n' "$*"; }
# Runs the scheduled run and checks its exit status against the expected one.
run_expect() {
  local want="$1" got=0
  "$rollaudit" run --store store --inbox inbox --out bundles --layout nc-ncvoter || got=$?
  echo "exit $got (expected $want)"
  [ "$got" = "$want" ] || { echo "weekly-demo: unexpected exit status" >&2; exit 1; }
}

step "Generate three weekly snapshots (synthetic, no real person) in weeks/"
# Planted anomalies (mass deletion, skewed removals, ...) fall in the last week; so do voters
# removed for a move right after being put under notice in week 2 (notice-wait) and removed voters
# registering again under new ids (reregistration-churn).
"$rollaudit" generate --voters 50000 --snapshots 3 --interval-days 7 \
  --plant demo,notice-wait,reregistration-churn --out weeks
ls weeks

week=0
for f in weeks/ncvoter_*.txt; do
  week=$((week + 1))
  step "Week $week: $(basename "$f") arrives in the inbox"
  # Publish it the way a download should: write under a temporary name, then rename. A run that
  # starts meanwhile skips *.part files; files modified in the last 60 s (--min-age) wait too, so
  # the copy is dated back here instead of sleeping a minute.
  cp "$f" "inbox/$(basename "$f").part"
  touch -d '-2 minutes' "inbox/$(basename "$f").part"
  mv "inbox/$(basename "$f").part" "inbox/$(basename "$f")"
  case $week in
    1) run_expect 0 ;;  # the store's first snapshot: nothing to compare yet
    2) run_expect 1 ;;  # the notice-wait plant's first half: one county puts many voters under
                        # notice at once (A>I), which bulk-field-change reports as high
    3) run_expect 1 ;;  # the planted anomalies: high findings, exit 1 alerts the scheduler
  esac
done

step "A run with nothing new: exit 0"
run_expect 0

step "The whole history in one bundle: rollaudit timeline"
got=0
"$rollaudit" timeline --store store --out bundles/timeline || got=$?
echo "exit $got (expected 1: high findings)"
[ "$got" = "1" ] || { echo "weekly-demo: unexpected exit status" >&2; exit 1; }
for rule in notice-wait reregistration-churn; do
  if grep -q "\"rule\" *: *\"$rule\"" bundles/timeline/findings.json; then
    echo "timeline: $rule found (see bundles/timeline/report.html)"
  else
    echo "weekly-demo: the planted $rule case was not found" >&2
    exit 1
  fi
done

step "What the schedule left behind"
ls bundles
cat bundles/latest.json
for b in bundles/20*/ bundles/timeline/; do
  "$rollaudit" verify "$b" | tail -1
done
echo
echo "Reports: $work/bundles/<as-of>/report.html"
