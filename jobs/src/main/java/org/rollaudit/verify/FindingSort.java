package org.rollaudit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The contract order of findings (interface.md §3), re-implemented from the text: severity (high
 * first), rule, unit, group. Units and groups compare entry by entry in their written (sorted) key
 * order: key by characters, value with digit strings by numeric value ("2" before "10") and
 * everything else by characters; a map that runs out first sorts first ({} = jurisdiction first).
 * Ties are allowed (the audit breaks them with fields that are not in findings.json).
 */
final class FindingSort {

  private FindingSort() {}

  static int compare(FindingsCheck.Finding a, FindingsCheck.Finding b) {
    List<String> sev = FindingsCheck.SEVERITIES;
    int c = Integer.compare(sev.indexOf(a.severity()), sev.indexOf(b.severity()));
    if (c == 0) {
      c = a.rule().compareTo(b.rule());
    }
    if (c == 0) {
      c = maps(a.unit(), b.unit());
    }
    if (c == 0) {
      c = maps(a.group(), b.group());
    }
    return c;
  }

  static int maps(JsonNode x, JsonNode y) {
    Iterator<Map.Entry<String, JsonNode>> i = x.fields();
    Iterator<Map.Entry<String, JsonNode>> j = y.fields();
    while (i.hasNext() && j.hasNext()) {
      Map.Entry<String, JsonNode> a = i.next();
      Map.Entry<String, JsonNode> b = j.next();
      int c = a.getKey().compareTo(b.getKey());
      if (c == 0) {
        c = values(a.getValue().asText(), b.getValue().asText());
      }
      if (c != 0) {
        return c;
      }
    }
    return Boolean.compare(i.hasNext(), j.hasNext());
  }

  static int values(String x, String y) {
    boolean nx = digits(x);
    boolean ny = digits(y);
    if (nx && ny) {
      int c = new BigInteger(x).compareTo(new BigInteger(y));
      return c != 0 ? c : x.compareTo(y);
    }
    if (nx != ny) {
      return nx ? -1 : 1;
    }
    return x.compareTo(y);
  }

  /** 1 to 30 ASCII digits (longer digit strings compare as text, as the audit does). */
  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 30) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }
}
