#!/usr/bin/env bash
# CPU time of a rollaudit command by thread group: Spark's task threads, the JIT compilers (C2, C1),
# the collector, the main thread and the rest.
#
#   bench/thread-cpu.sh OUT_PREFIX bin/rollaudit audit --store ... --out ...
#
# Runs the command (which must start a JVM, directly or through bin/rollaudit's exec), reads every
# thread's user + system time from /proc/PID/task/*/stat every 0.2 s while it runs, and prints the
# totals by group. Why not -XX:+CITime or JFR's compilation events: those add up each compilation's
# elapsed time, which on 2 busy cores includes the time the compiler thread waited for a core, and
# overstate the compilers' CPU about twofold (docs/performance.md, "Compiler threads by their own
# CPU"). A thread that ends between two samples loses at most its last 0.2 s; the command's own
# stdout and stderr go to OUT_PREFIX.stdout and OUT_PREFIX.stderr, the samples to
# OUT_PREFIX.samples and the totals also to OUT_PREFIX.summary.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,14p' "$0"; exit 2; }
out=$1
shift
"$@" >"$out.stdout" 2>"$out.stderr" &
top=$!
# The JVM: the command itself (bin/rollaudit execs java) or a child of it (under /usr/bin/time).
pid=""
while [ -z "$pid" ] && kill -0 "$top" 2>/dev/null; do
  for p in "$top" $(pgrep -P "$top" || true); do
    if [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ]; then
      pid=$p
      break
    fi
  done
  sleep 0.05
done
: >"$out.samples"
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
  # Builtin reads, not cat: a sweep of a hundred threads would otherwise fork two hundred
  # processes on the cores being measured.
  for t in /proc/"$pid"/task/*; do
    { read -r name <"$t/comm" && read -r stat <"$t/stat"; } 2>/dev/null || continue
    # Fields after the ")" that closes the thread name: utime and stime are the 12th and 13th.
    read -r -a f <<<"${stat##*) }"
    echo "${t##*/}|$name|${f[11]}|${f[12]}" >>"$out.samples"
  done
  sleep 0.2
done
rc=0
wait "$top" || rc=$?
ticks=$(getconf CLK_TCK)
python3 - "$out.samples" "$ticks" <<'PY' | tee "$out.summary"
import collections, re, sys

last = {}
for line in open(sys.argv[1]):
    tid, name, user, system = line.rstrip("\n").split("|")
    v = int(user) + int(system)
    if tid not in last or v > last[tid][1]:
        last[tid] = (name, v)
groups = collections.Counter()
for name, v in last.values():
    if name.startswith("C2 Compiler"):
        g = "JIT C2 compiler"
    elif name.startswith("C1 Compiler"):
        g = "JIT C1 compiler"
    elif name.startswith("Executor task"):
        g = "Spark tasks"
    elif name.startswith("G1 ") or name.startswith("GC "):
        g = "garbage collector"
    elif name == "java":
        g = "main thread"
    elif name.startswith("rollaudit-prepa"):
        g = "pre-pass threads"  # rollaudit-prepass and rollaudit-prepass-half, cut at 15 characters
    elif name.startswith("rollaudit-rule"):
        g = "rule threads"
    else:
        g = re.sub(r"\d+", "N", name)
    groups[g] += v / float(sys.argv[2])
total = sum(groups.values())
print(f"total {total:.1f} s CPU")
for g, v in groups.most_common(12):
    print(f"{v:8.1f} s {100 * v / total:5.1f}%  {g}")
PY
exit "$rc"
