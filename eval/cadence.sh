#!/usr/bin/env bash
# False alarms at another cadence than the evaluation's 4 weeks: the clean-roll study of
# eval/run.sh (section 1 of eval/RESULTS.md) repeated through the command line with snapshots D
# days apart. Per seed: a clean roll (--plant none) of 3 snapshots from 1 Mar 2025 (outside every
# federal quiet window of rules/elections/nc.yaml, as in the evaluation), each ingested into a
# store, then 'rollaudit audit --store' of the last pair (the earlier snapshot is its history).
# Every finding of a clean roll is a false alarm; the table counts them by rule and severity.
#
#   eval/cadence.sh --interval-days 7 --seeds 20      about 21 min on 2 cores at 300,000 voters
#
# Keep 2 x D under 270 days: the last snapshot must stay before the quiet window of the March 2026
# primary, or the quiet-period rule reports removals that are reportable there.
#
# Options: --interval-days D (7), --seeds N (20, seeds 1..N), --voters V (300000),
# --work DIR (a temporary folder, deleted seed by seed), --out FILE (eval/cadence-Dd.md),
# --report-only (write FILE again from the findings a finished run left in the work folder).
# Writes the table and every finding's explanation to FILE; the raw findings.json of every seed
# stay in the work folder's findings/ until the next run.
set -euo pipefail

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
days=7
seeds=20
voters=300000
work="${TMPDIR:-/tmp}/rollaudit-cadence"
out=""
report_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --interval-days) days="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --voters) voters="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --report-only) report_only=1; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "cadence: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
out="${out:-$home/eval/cadence-${days}d.md}"
ra="$home/bin/rollaudit"
start=2025-03-01
dates=("$start" "$(date -u -d "$start + $days days" +%F)" "$(date -u -d "$start + $((2 * days)) days" +%F)")

if [ "$report_only" = 0 ]; then
  rm -rf "$work"
  mkdir -p "$work/findings"
  t0=$(date +%s)
  for s in $(seq 1 "$seeds"); do
    d="$work/seed-$s"
    "$ra" generate --voters "$voters" --snapshots 3 --interval-days "$days" --start "$start" \
      --plant none --seed "$s" --out "$d/raw" -q
    for a in "${dates[@]}"; do
      "$ra" ingest --layout nc-ncvoter --as-of "$a" --store "$d/store" --refusal-dir "$d" \
        "$d/raw/ncvoter_${a//-/}.txt" > "$d/ingest.log" 2>&1 ||
        { echo "cadence: ingest of seed $s, $a failed; see $d/ingest.log" >&2; exit 4; }
    done
    "$ra" audit --store "$d/store" --baseline "${dates[1]}" --current "${dates[2]}" \
      --out "$d/bundle" --fail-on never > "$d/audit.log" 2>&1 ||
      { echo "cadence: audit of seed $s failed; see $d/audit.log" >&2; exit 4; }
    cp "$d/bundle/findings.json" "$work/findings/seed-$s.json"
    rm -rf "$d"
    echo "cadence: seed $s of $seeds done ($(( $(date +%s) - t0 )) s)" >&2
  done
  echo $(( ($(date +%s) - t0) / 60 )) > "$work/findings/minutes"
fi
[ -f "$work/findings/minutes" ] || { echo "cadence: no finished run in $work" >&2; exit 2; }

# One line per finding: seed, rule, severity, explanation (tab-separated). findings.json writes
# "rule", "severity" and "explanation" on their own lines, in that order, one finding after another.
found="$(for f in "$work"/findings/seed-*.json; do
  awk -v seed="$(basename "$f" .json)" '
    /^      "rule": / { gsub(/[",]/, "", $2); rule = $2 }
    /^      "severity": / { gsub(/[",]/, "", $2); sev = $2 }
    /^      "explanation": / {
      sub(/^      "explanation": "/, ""); sub(/",?$/, "")
      print seed "\t" rule "\t" sev "\t" $0
    }' "$f"
done)"
count() { [ -z "$found" ] && echo 0 || echo "$found" | awk -F'\t' "$1" | wc -l; }
{
  echo "# False alarms of clean rolls, snapshots $days days apart"
  echo
  echo "Written by \`eval/cadence.sh --interval-days $days --seeds $seeds --voters $voters\`"
  echo "($(bash "$ra" --version 2>/dev/null | head -1), $(date -u +%F), $(cat "$work/findings/minutes") min"
  echo "on $(nproc) cores). Seeds 1-$seeds: clean rolls (\`--plant none\`) of $voters voters, 3"
  echo "snapshots ${dates[*]}; \`audit --store\` of the last pair with the first snapshot as history."
  echo "Every finding is a false alarm. Compare eval/RESULTS.md section 1 (28 days, 20 seeds)."
  echo
  echo "| rule | high | medium | low | audits with a medium or high |"
  echo "|---|---|---|---|---|"
  if [ -n "$found" ]; then
    echo "$found" | awk -F'\t' '
      { n[$2 " " $3]++; rules[$2] = 1; if ($3 != "low") hit[$2 " " $1] = 1 }
      END {
        for (r in rules) {
          a = 0; for (k in hit) { split(k, p, " "); if (p[1] == r) a++ }
          printf "| `%s` | %d | %d | %d | %d |\n", r, n[r " high"], n[r " medium"], n[r " low"], a
        }
      }' | sort
  fi
  echo "| all | $(count '$3 == "high"') | $(count '$3 == "medium"') | $(count '$3 == "low"') | $(
    [ -z "$found" ] && echo 0 || echo "$found" | awk -F'\t' '$3 != "low" { print $1 }' | sort -u | wc -l) |"
  echo
  echo "Audits: $seeds. The findings, by seed:"
  echo
  [ -z "$found" ] || echo "$found" | awk -F'\t' '{ print "- " $1 ", " $3 " `" $2 "`: " $4 }' | sort -V
} > "$out"
echo "cadence: wrote $out" >&2
