package org.rollaudit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rollaudit.verify.VerificationReport.Check;

/**
 * Checks inputs.json (recomputes each file's ledger: records = accepted + rejected + header +
 * blank, and rejected = sum of the reasons), method.json, the disclosure rules (public bundles
 * carry no rejects/), the report files, and that every file names the same run id.
 */
final class ManifestCheck {

  private ManifestCheck() {}

  /** Returns the disclosure of method.json ("public", "restricted"), or null when unreadable. */
  static String run(Path bundle, String runId, List<Check> out) throws IOException {
    JsonNode inputs = read(bundle.resolve("inputs.json"));
    JsonNode method = read(bundle.resolve("method.json"));
    List<String> problems = new ArrayList<>();
    int files = 0;
    long records = 0;
    if (inputs == null) {
      problems.add("inputs.json missing or not well-formed JSON");
    } else {
      if (!"rollaudit/inputs/v1".equals(FindingsCheck.text(inputs, "schema"))) {
        problems.add("inputs.json schema is not rollaudit/inputs/v1");
      }
      JsonNode list = inputs.get("inputs");
      if (list == null || !list.isArray()) {
        problems.add("inputs.json has no inputs array");
      } else {
        for (JsonNode f : list) {
          files++;
          String name = FindingsCheck.text(f, "name");
          long r = f.path("records").asLong(-1);
          long sum =
              f.path("accepted").asLong(-1)
                  + f.path("rejected").asLong(-1)
                  + f.path("header").asLong(-1)
                  + f.path("blank").asLong(-1);
          if (r < 0 || r != sum) {
            problems.add(
                name + ": records " + r + " != accepted + rejected + header + blank (" + sum + ")");
          }
          records += Math.max(0, r);
          long reasons = 0;
          for (JsonNode n : f.path("rejected_by_reason")) {
            reasons += n.asLong();
          }
          if (reasons != f.path("rejected").asLong(-1)) {
            problems.add(
                name
                    + ": rejected "
                    + f.path("rejected").asLong(-1)
                    + " != sum of reasons "
                    + reasons);
          }
          String sha = FindingsCheck.text(f, "sha256");
          if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            problems.add(name + ": sha256 is not 64 lower-case hex digits");
          }
        }
      }
    }
    out.add(
        new Check(
            "inputs.ledger",
            problems.isEmpty(),
            problems.isEmpty()
                ? files + " input files, " + records + " records, every ledger balances"
                : SumsCheck.names(problems)));

    String disclosure = method == null ? null : FindingsCheck.text(method, "disclosure");
    List<String> mp = new ArrayList<>();
    if (method == null) {
      mp.add("method.json missing or not well-formed JSON");
    } else {
      if (!"rollaudit/method/v1".equals(FindingsCheck.text(method, "schema"))) {
        mp.add("method.json schema is not rollaudit/method/v1");
      }
      if (!"public".equals(disclosure) && !"restricted".equals(disclosure)) {
        mp.add("method.json disclosure is not public or restricted");
      }
    }
    out.add(
        new Check(
            "method",
            mp.isEmpty(),
            mp.isEmpty() ? "disclosure " + disclosure : SumsCheck.names(mp)));

    List<String> dp = new ArrayList<>();
    boolean hasRejects = Files.exists(bundle.resolve("rejects"), LinkOption.NOFOLLOW_LINKS);
    if ("public".equals(disclosure) && hasRejects) {
      dp.add("public bundle carries rejects/");
    }
    if ("restricted".equals(disclosure) && inputs != null) {
      for (JsonNode f : inputs.path("inputs")) {
        String rel = FindingsCheck.text(f, "rejects");
        if (rel == null
            || !rel.startsWith("rejects/")
            || !Files.isRegularFile(bundle.resolve(rel), LinkOption.NOFOLLOW_LINKS)) {
          dp.add(FindingsCheck.text(f, "name") + ": rejects file missing");
        }
      }
    }
    out.add(
        new Check(
            "disclosure",
            dp.isEmpty() && disclosure != null,
            dp.isEmpty()
                ? (disclosure == null
                    ? "unknown disclosure"
                    : disclosure + " bundle follows its rules")
                : SumsCheck.names(dp)));

    List<String> rp = new ArrayList<>();
    Path html = bundle.resolve("report.html");
    Path pdf = bundle.resolve("report.pdf");
    String htmlText =
        Files.isRegularFile(html, LinkOption.NOFOLLOW_LINKS)
            ? new String(Files.readAllBytes(html), StandardCharsets.UTF_8)
            : null;
    if (htmlText == null) {
      rp.add("report.html missing");
    } else if ("restricted".equals(disclosure) && !htmlText.contains("RESTRICTED")) {
      rp.add("restricted report.html is not marked RESTRICTED");
    }
    if (!Files.isRegularFile(pdf, LinkOption.NOFOLLOW_LINKS)) {
      rp.add("report.pdf missing");
    } else {
      byte[] head = new byte[5];
      try (var in = Files.newInputStream(pdf)) {
        if (in.readNBytes(head, 0, 5) != 5
            || !new String(head, StandardCharsets.US_ASCII).equals("%PDF-")) {
          rp.add("report.pdf does not start with %PDF-");
        }
      }
    }
    out.add(
        new Check(
            "report",
            rp.isEmpty(),
            rp.isEmpty() ? "report.html and report.pdf present" : SumsCheck.names(rp)));

    List<String> ip = new ArrayList<>();
    if (runId == null) {
      ip.add("findings.json has no run id");
    } else {
      if (inputs != null && !runId.equals(FindingsCheck.text(inputs, "run_id"))) {
        ip.add("inputs.json");
      }
      if (method != null && !runId.equals(FindingsCheck.text(method, "run_id"))) {
        ip.add("method.json");
      }
      if (htmlText != null && !htmlText.contains(runId)) {
        ip.add("report.html");
      }
    }
    out.add(
        new Check(
            "run-id",
            ip.isEmpty(),
            ip.isEmpty()
                ? runId + " in findings.json, inputs.json, method.json, report.html"
                : "differs from findings.json in: " + String.join(", ", ip)));
    return disclosure;
  }

  private static JsonNode read(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      return FindingsCheck.STRICT.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    }
  }
}
