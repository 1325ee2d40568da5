package org.rollaudit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of {@link BundleVerifier#verify}: one {@link Check} per check, in the order run.
 *
 * @param checks every check, passed or failed
 * @param runId the run id of findings.json, or null when unreadable
 * @param fingerprint "sha256:..." of the public key the signature was checked with, or null
 */
public record VerificationReport(List<Check> checks, String runId, String fingerprint) {

  /**
   * One check.
   *
   * @param id stable check id, e.g. {@code sums.hashes}, {@code evidence.F-0001}
   * @param passed whether it passed
   * @param detail counts, or what failed, naming files
   */
  public record Check(String id, boolean passed, String detail) {
    /** {@code PASS sums.hashes 31 files match}. */
    public String line() {
      return (passed ? "PASS" : "FAIL") + "  " + id + "  " + detail;
    }
  }

  public VerificationReport {
    checks = List.copyOf(checks);
  }

  /** True when every check passed: the bundle is intact and complete. */
  public boolean intact() {
    return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
  }

  /** The failed checks as lines. */
  public List<String> failures() {
    List<String> out = new ArrayList<>();
    for (Check c : checks) {
      if (!c.passed()) {
        out.add(c.line());
      }
    }
    return out;
  }

  /** Every check as a line, in order. */
  public List<String> lines() {
    return checks.stream().map(Check::line).toList();
  }

  /** The check with this id, if run. */
  public java.util.Optional<Check> check(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
