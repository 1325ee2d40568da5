package org.rollaudit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plants of the rules over history, checked on the written files against plants.json. */
class HistoryPlantsTest {
  @TempDir Path tmp;

  private static Map<String, Map<String, String>> byId(NcvoterFile f) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (String[] r : f.rows) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < f.header.size(); i++) {
        m.put(f.header.get(i), r[i]);
      }
      out.put(m.get("ncid"), m);
    }
    return out;
  }

  @Test
  void churnAndDuplicatePlantsWriteWhatTheirTruthSays() throws IOException {
    GenerationResult g =
        SyntheticRoll.builder()
            .voters(8_000)
            .seed(77)
            .plants("reregistration-churn,duplicate-match-removal")
            .build()
            .generate(tmp);
    Map<String, Map<String, String>> before = byId(NcvoterFile.read(g.snapshots().get(0).path()));
    Map<String, Map<String, String>> after = byId(NcvoterFile.read(g.snapshots().get(1).path()));
    assertEquals(2, g.plants().size());

    PlantTruth churn = g.plants().get(0);
    assertEquals(Plant.REREGISTRATION_CHURN, churn.plant());
    @SuppressWarnings("unchecked")
    Map<String, String> pairs = (Map<String, String>) churn.details().get("pairs");
    assertEquals(churn.ncids().size(), pairs.size());
    assertTrue(pairs.size() >= 5, pairs.toString());
    int typos = 0;
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      Map<String, String> now = after.get(e.getKey());
      Map<String, String> old = before.get(e.getValue());
      assertTrue(!before.containsKey(e.getKey()), "a new ncid");
      assertEquals("R", old.get("status_cd"));
      assertNotEquals("RD", old.get("reason_cd"));
      assertEquals("A", now.get("status_cd"));
      assertEquals(old.get("county_id"), now.get("county_id"));
      assertEquals(Integer.toString(churn.countyId()), now.get("county_id"));
      assertEquals(old.get("birth_year"), now.get("birth_year"));
      boolean lastSame = old.get("last_name").equals(now.get("last_name"));
      boolean firstSame = old.get("first_name").equals(now.get("first_name"));
      assertTrue(lastSame || firstSame, "at most one name has a typo");
      typos += lastSame && firstSame ? 0 : 1;
    }
    assertEquals(((Number) churn.details().get("with_typo")).intValue(), typos);
    assertTrue(typos > 0);

    PlantTruth dup = g.plants().get(1);
    assertEquals(Plant.DUPLICATE_MATCH_REMOVAL, dup.plant());
    @SuppressWarnings("unchecked")
    Map<String, String> survivors = (Map<String, String>) dup.details().get("survivors");
    assertEquals(dup.ncids().size(), survivors.size());
    for (String removed : dup.ncids()) {
      Map<String, String> gone = after.get(removed);
      Map<String, String> kept = after.get(survivors.get(removed));
      assertEquals("R", gone.get("status_cd"));
      assertEquals("R2", gone.get("reason_cd"));
      assertEquals("A", kept.get("status_cd"));
      assertEquals(gone.get("last_name"), kept.get("last_name"));
      assertEquals(gone.get("first_name"), kept.get("first_name"));
      int gap =
          Math.abs(
              Integer.parseInt(gone.get("birth_year")) - Integer.parseInt(kept.get("birth_year")));
      assertTrue(gap >= 1 && gap <= 3, "birth years " + gap + " apart");
    }
  }
}
