#!/usr/bin/env bash
# CPU time of a rollaudit command by thread group: Spark's task threads, the JIT compilers (C2, C1),
# the collector, the main thread and the rest.
#
#   bench/thread-cpu.sh OUT_PREFIX bin/rollaudit audit --store ... --out ...
#
# Runs the command (which must start a JVM, directly or through bin/rollaudit's exec), reads every
# thread's user + system time from /proc/PID/task/*/stat every 0.2 s while it runs, and prints the
# totals by group, how busy the cores were over the run and in each 5 s of it (a phase well below
# 100% left a core idle, and only there can overlapping work shorten the run), and the CPU of each
# stage that rollaudit's stage lines on stderr mark ("[  12.3s] parse: ..."). The sampler's own CPU
# (printed last, about a tenth of a core) is taken from the same cores, so busy figures a few
# points under 100% mean the command kept the cores busy.
#
# Why not -XX:+CITime or JFR's compilation events: those add up each compilation's elapsed time,
# which on 2 busy cores includes the time the compiler thread waited for a core, and overstate the
# compilers' CPU about twofold (docs/performance.md, "Compiler threads by their own CPU"). A thread
# that ends between two samples loses at most its last 0.2 s of the totals (the timeline reads the
# whole process's CPU, ended threads included). Outputs: the command's stdout and stderr in
# OUT_PREFIX.stdout and OUT_PREFIX.stderr, the samples in OUT_PREFIX.samples, the sampler's CPU in
# OUT_PREFIX.sampler, the report also in OUT_PREFIX.summary.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,21p' "$0"; exit 2; }
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
# The fields of $stat after the ")" that closes the thread name, into f: split by the shell, with
# no here-string or fork per thread (no field is a pattern, and globbing is off while splitting).
stat_fields() {
  set -f
  f=(${stat##*) })
  set +f
}
while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
  # The whole process's CPU, which keeps the threads that have ended, for the timeline.
  { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || break
  stat_fields
  echo "#${EPOCHREALTIME}|$((f[11] + f[12]))" >>"$out.samples"
  # Builtin reads, not cat: a sweep of a hundred threads would otherwise fork two hundred
  # processes on the cores being measured.
  for t in /proc/"$pid"/task/*; do
    { read -r name <"$t/comm" && read -r stat <"$t/stat"; } 2>/dev/null || continue
    # Fields after the ")" that closes the thread name: utime and stime are the 12th and 13th.
    stat_fields
    echo "${t##*/}|$name|${f[11]}|${f[12]}"
  done >>"$out.samples"
  sleep 0.2
done
rc=0
wait "$top" || rc=$?
# This script's own CPU (the first line of the builtin's report; the second is the command's):
# time the sampler took from the cores it measures.
times >"$out.sampler"
ticks=$(getconf CLK_TCK)
python3 - "$out.samples" "$ticks" "$(nproc)" "$out.sampler" "$out.stderr" <<'PY' | tee "$out.summary"
import collections, re, sys

samples, hz, cores, sampler, stderr = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]


def group(name):
    if name.startswith("C2 Compiler"):
        return "JIT C2 compiler"
    if name.startswith("C1 Compiler"):
        return "JIT C1 compiler"
    if name.startswith("Executor task"):
        return "Spark tasks"
    if name.startswith("G1 ") or name.startswith("GC "):
        return "garbage collector"
    if name == "java":
        return "main thread"
    if name.startswith("rollaudit-prepa"):
        return "pre-pass threads"  # rollaudit-prepass and rollaudit-prepass-half, cut at 15 characters
    if name.startswith("rollaudit-rule"):
        return "rule threads"
    return re.sub(r"\d+", "N", name)


# rollaudit's stage lines ("[  12.3s] text"; not the progress ticks within a stage), on the
# command's clock, which starts within a second of the sampler's.
stages = []
for line in open(stderr, errors="replace"):
    m = re.match(r"\[\s*([\d.]+)s\] (.*)", line)
    if m and "so far" not in line and " MB, " not in line:
        stages.append((float(m.group(1)), m.group(2).strip()))

last = {}
sweeps = []  # (time, the whole process's CPU ticks so far)
by_stage = collections.defaultdict(collections.Counter)
k = -1  # the stage of the current sweep (-1: before the first stage line)
for line in open(samples):
    if line.startswith("#"):
        t, ticks = line[1:].split("|")
        sweeps.append((float(t), int(ticks)))
        at = sweeps[-1][0] - sweeps[0][0]
        k = sum(1 for s0, _ in stages if s0 <= at) - 1
        continue
    tid, name, user, system = line.rstrip("\n").split("|")
    v = int(user) + int(system)
    before = last.get(tid, (name, 0))[1]
    if v > before:
        last[tid] = (name, v)
        by_stage[k][group(name)] += (v - before) / hz
if not sweeps:
    print("no java process was seen: the command must start a JVM (bin/rollaudit does)")
groups = collections.Counter()
for name, v in last.values():
    groups[group(name)] += v / hz
total = sum(groups.values())
print(f"total {total:.1f} s CPU")
for g, v in groups.most_common(12):
    print(f"{v:8.1f} s {100 * v / total:5.1f}%  {g}")
busy = collections.defaultdict(lambda: [0.0, 0.0])
for (t0, c0), (t1, c1) in zip(sweeps, sweeps[1:]):
    b = busy[int((t0 - sweeps[0][0]) // 5)]
    b[0] += t1 - t0
    b[1] += (c1 - c0) / hz
if len(sweeps) > 1:
    wall = sweeps[-1][0] - sweeps[0][0]
    used = (sweeps[-1][1] - sweeps[0][1]) / hz
    print(f"cores busy over the run: {100 * used / wall / cores:.0f}% ({used:.1f} of {wall * cores:.1f} core-s)")
print(f"cores busy by 5 s ({cores} cores = 100%):")
line = []
for k in sorted(busy):
    line.append(f"{5 * k:4d}s {100 * busy[k][1] / busy[k][0] / cores:4.0f}%")
    if len(line) == 6:
        print("  " + "  ".join(line))
        line = []
if line:
    print("  " + "  ".join(line))
if stages:
    cols = ["Spark tasks", "JIT C2 compiler", "JIT C1 compiler", "main thread"]
    print("CPU s by stage (from the stage lines on stderr; other = every other thread):")
    print(f"{'at':>7} {'tasks':>6} {'C2':>5} {'C1':>5} {'main':>5} {'other':>5}  stage")
    for k in sorted(by_stage):
        c = by_stage[k]
        at, text = stages[k] if k >= 0 else (0.0, "(before the first stage line)")
        other = sum(c.values()) - sum(c[x] for x in cols)
        print(f"{at:6.1f}s " + " ".join(f"{c[x]:{6 if x == cols[0] else 5}.1f}" for x in cols) + f" {other:5.1f}  {text[:60]}")
own = re.findall(r"(\d+)m([\d.]+)s", open(sampler).readline())
print(f"the sampler itself: {sum(60 * int(m) + float(s) for m, s in own):.1f} s CPU")
PY
exit "$rc"
