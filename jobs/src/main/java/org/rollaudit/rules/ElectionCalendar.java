package org.rollaudit.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One state's federal elections ({@code rules/elections/<id>.yaml}), the dates the legal-timing
 * rules count from: nvra-quiet-period counts back from every election, notice-wait counts the
 * general elections after a notice. Read and validated with the rule files (schema {@code
 * rules/schema/elections.schema.json}); part of the rules digest.
 *
 * @param id the file name without {@code .yaml}, as rule entries name it ({@code calendar: nc})
 * @param state two-letter state code
 * @param elections sorted by date, then kind
 */
public record ElectionCalendar(String id, String state, List<Election> elections) {

  /** One election day. {@code district} is null for a statewide election. */
  public record Election(
      LocalDate date, String kind, String scope, String district, String status, String source) {

    public boolean statewide() {
      return "statewide".equals(scope);
    }

    /** "primary of 5 Mar 2024", "second primary (NC-13) of 14 May 2024". */
    public String describe() {
      return kind.replace('-', ' ')
          + (district == null ? "" : " (" + district + ")")
          + " of "
          + Plain.date(date)
          + ("scheduled".equals(status) ? " (scheduled)" : "");
    }
  }

  public ElectionCalendar {
    elections = List.copyOf(elections);
  }

  /**
   * The statewide general elections strictly after {@code day}, in date order. A notice mailed on
   * day d is followed by the generals after d (52 U.S.C. 20507(d)(1)(B)(ii)).
   */
  public List<LocalDate> generalsAfter(LocalDate day) {
    List<LocalDate> out = new ArrayList<>();
    for (Election e : elections) {
      if (e.statewide() && "general".equals(e.kind()) && e.date().isAfter(day)) {
        out.add(e.date());
      }
    }
    return out;
  }

  /** The last election day of the calendar: beyond it the calendar says nothing. */
  public LocalDate end() {
    return elections.get(elections.size() - 1).date();
  }
}
