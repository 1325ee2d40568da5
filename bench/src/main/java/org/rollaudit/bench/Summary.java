package org.rollaudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns bench/run.sh's raw CSV into the Markdown tables of bench/RESULTS.md: per size and step the
 * median wall and CPU time over runs, the peak RSS, the load average, then the ratios of each
 * rollaudit step to its DuckDB peer and to the byte-scan floor, and the growth between sizes.
 *
 * <pre>Summary RAW.csv...</pre>
 *
 * (several files: e.g. a 3-run 1M file and a 1-run 5M file)
 */
public final class Summary {
  private Summary() {}

  /** One measured process, or the sum of the two ingests of a run. */
  record Row(long size, String step, int run, double wall, double cpu, double rssMb, double load) {}

  /** The composite steps: what each rollaudit measure is compared with. */
  static final String[][] RATIOS = {
    {"ingest (both)", "duck-parquet", "scan"},
    {"audit-store", "duck-audit-parquet", "scan"},
    {"audit-raw", "duck-audit-text", "scan"},
  };

  public static void main(String[] args) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String a : args) {
      rows.addAll(read(Path.of(a)));
    }
    Map<Long, Map<String, double[]>> med = medians(rows);
    StringBuilder out = new StringBuilder();
    out.append(
        "| voters | step | wall s (median) | CPU s user+sys (median) | peak RSS MiB (max) |"
            + " load avg (median) | runs |\n|---|---|---|---|---|---|---|\n");
    for (Map.Entry<Long, Map<String, double[]>> s : med.entrySet()) {
      for (Map.Entry<String, double[]> e : s.getValue().entrySet()) {
        double[] v = e.getValue();
        out.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %.1f | %.1f | %.0f | %.1f | %.0f |%n",
                s.getKey(),
                e.getKey(),
                v[0],
                v[1],
                v[2],
                v[3],
                v[4]));
      }
    }
    out.append(
        "\n| voters | rollaudit step | vs DuckDB (wall, CPU) | vs byte scan (wall, CPU) |"
            + " CPU µs per voter |\n|---|---|---|---|---|\n");
    for (Map.Entry<Long, Map<String, double[]>> s : med.entrySet()) {
      Map<String, double[]> m = s.getValue();
      for (String[] r : RATIOS) {
        double[] v = m.get(r[0]);
        double[] peer = m.get(r[1]);
        double[] floor = m.get(r[2]);
        if (v == null) {
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %s (%s) | %s | %.1f |%n",
                s.getKey(),
                r[0],
                ratios(v, peer),
                r[1],
                ratios(v, floor),
                v[1] * 1e6 / s.getKey()));
      }
    }
    if (med.size() > 1) {
      long small = Collections.min(med.keySet());
      long large = Collections.max(med.keySet());
      out.append(
          String.format(
              Locale.ROOT,
              "%nGrowth from %,d to %,d voters (%.1fx the voters; 1.0 per voter = linear):%n%n",
              small,
              large,
              (double) large / small));
      out.append("| step | wall growth | CPU growth | CPU growth per voter |\n|---|---|---|---|\n");
      for (String step : new TreeSet<>(med.get(large).keySet())) {
        double[] a = med.get(small).get(step);
        double[] b = med.get(large).get(step);
        if (a == null || a[1] <= 0) {
          continue;
        }
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2fx | %.2fx | %.2f |%n",
                step,
                b[0] / a[0],
                b[1] / a[1],
                (b[1] / a[1]) / ((double) large / small)));
      }
    }
    System.out.print(out);
  }

  static String ratios(double[] v, double[] ref) {
    if (ref == null || ref[0] <= 0 || ref[1] <= 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1fx, %.1fx", v[0] / ref[0], v[1] / ref[1]);
  }

  static List<Row> read(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    List<String> head = List.of(lines.get(0).split(","));
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (!f[head.indexOf("exit")].matches("[01]")) {
        continue; // failed runs are listed in the raw file, never averaged in
      }
      rows.add(
          new Row(
              Long.parseLong(f[head.indexOf("voters")]),
              f[head.indexOf("step")],
              Integer.parseInt(f[head.indexOf("run")]),
              Double.parseDouble(f[head.indexOf("wall_s")]),
              Double.parseDouble(f[head.indexOf("user_s")])
                  + Double.parseDouble(f[head.indexOf("sys_s")]),
              Double.parseDouble(f[head.indexOf("max_rss_kb")]) / 1024,
              Double.parseDouble(f[head.indexOf("load1")])));
    }
    return rows;
  }

  /** size -> step -> {wall, cpu, rss, load, runs}; the two ingests also summed per run. */
  static Map<Long, Map<String, double[]>> medians(List<Row> rows) {
    Map<Long, Map<String, List<Row>>> by = new TreeMap<>();
    Map<String, Row> ingest = new TreeMap<>();
    for (Row r : rows) {
      by.computeIfAbsent(r.size(), k -> new TreeMap<>())
          .computeIfAbsent(r.step(), k -> new ArrayList<>())
          .add(r);
      if (r.step().startsWith("ingest-")) {
        ingest.merge(
            r.size() + "/" + r.run(),
            new Row(r.size(), "ingest (both)", r.run(), r.wall(), r.cpu(), r.rssMb(), r.load()),
            (a, b) ->
                new Row(
                    a.size(),
                    a.step(),
                    a.run(),
                    a.wall() + b.wall(),
                    a.cpu() + b.cpu(),
                    Math.max(a.rssMb(), b.rssMb()),
                    (a.load() + b.load()) / 2));
      }
    }
    for (Row r : ingest.values()) {
      by.get(r.size()).computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r);
    }
    Map<Long, Map<String, double[]>> out = new TreeMap<>();
    by.forEach(
        (size, steps) -> {
          Map<String, double[]> m = new TreeMap<>();
          steps.forEach(
              (step, rs) ->
                  m.put(
                      step,
                      new double[] {
                        median(rs.stream().mapToDouble(Row::wall).toArray()),
                        median(rs.stream().mapToDouble(Row::cpu).toArray()),
                        rs.stream().mapToDouble(Row::rssMb).max().orElse(0),
                        median(rs.stream().mapToDouble(Row::load).toArray()),
                        rs.size()
                      }));
          out.put(size, m);
        });
    return out;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
