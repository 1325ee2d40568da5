package org.rollaudit.layout;

import java.io.Serializable;
import java.util.List;

/**
 * The result of checking one file's header against a layout: which vintage it is, what was extra,
 * and where each mapped source column sits in this file. Indices are 0-based positions in the
 * header; -1 means not present (optional columns only).
 *
 * @param vintage the matched vintage name, or {@code "mapping"} for a layout without vintages
 * @param reordered the vintage's columns are all present but in another order
 * @param extras header names outside the vintage (or outside the mapping), in file order; ignored
 * @param names the header names in file order
 * @param keyIndex position of the key column
 * @param columnIndex per {@link Layout#columns()} entry with {@code from}: the position read
 * @param joinIndex per {@link Layout#columns()} entry with {@code join}: the positions joined
 * @param confidentialIndex position of the confidential flag, or -1
 * @param asOfIndex position of the as-of column, or -1
 * @param restricted positions of restricted (name, address) columns
 * @param neverExport positions of never-exported columns (SSN, licence, phone, full DOB)
 */
public record HeaderBinding(
    String vintage,
    boolean reordered,
    List<String> extras,
    List<String> names,
    int keyIndex,
    int[] columnIndex,
    int[][] joinIndex,
    int confidentialIndex,
    int asOfIndex,
    int[] restricted,
    int[] neverExport)
    implements Serializable {

  /** Number of fields every record must have. */
  public int width() {
    return names.size();
  }

  /** Header name at a 0-based position, or "" past the end. */
  public String name(int index) {
    return index >= 0 && index < names.size() ? names.get(index) : "";
  }

  /** "exact", "reordered", "extra-columns" or "reordered+extra-columns", for the receipt. */
  public String matchKind() {
    if (!reordered && extras.isEmpty()) {
      return "exact";
    }
    return (reordered ? "reordered" : "")
        + (reordered && !extras.isEmpty() ? "+" : "")
        + (extras.isEmpty() ? "" : "extra-columns");
  }
}
