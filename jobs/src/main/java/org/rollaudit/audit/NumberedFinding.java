package org.rollaudit.audit;

/** A finding with its bundle id (F-0001...) and its evidence rows; affected == rows. */
public record NumberedFinding(String id, Finding finding, EvidenceTable evidence) {
  /** Relative path of the evidence file inside the bundle. */
  public String evidencePath() {
    return "evidence/" + id + ".csv";
  }
}
