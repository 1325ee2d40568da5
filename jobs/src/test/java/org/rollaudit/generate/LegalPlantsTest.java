package org.rollaudit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The legal-timing plants: what plants.json says is what the files show. */
class LegalPlantsTest {
  @TempDir static Path tmp;

  private static JsonNode plant(GenerationResult r, String id) throws IOException {
    for (JsonNode p : new ObjectMapper().readTree(r.plantsJson().toFile()).get("plants")) {
      if (p.get("name").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError(id);
  }

  private static List<String> ids(JsonNode p) {
    List<String> out = new ArrayList<>();
    p.get("ncids").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void noticeWaitVotersAreActiveThenUnderNoticeThenRemovedAsRm() throws IOException {
    GenerationResult r =
        SyntheticRoll.builder()
            .voters(20_000)
            .seed(5)
            .snapshots(3)
            .plants("notice-wait,nvra-quiet-period")
            .build()
            .generate(tmp.resolve("three"));
    NcvoterFile s0 = NcvoterFile.read(r.snapshots().get(0).path());
    NcvoterFile s1 = NcvoterFile.read(r.snapshots().get(1).path());
    NcvoterFile s2 = NcvoterFile.read(r.snapshots().get(2).path());
    JsonNode nw = plant(r, "notice-wait");
    List<String> voters = ids(nw);
    assertTrue(voters.size() >= 25, voters::toString); // at least 30 put under notice, few lost
    Map<String, String[]> a = s0.byNcid();
    Map<String, String[]> b = s1.byNcid();
    Map<String, String[]> c = s2.byNcid();
    for (String id : voters) {
      assertEquals("A", a.get(id)[s0.col("status_cd")], id);
      assertEquals("I", b.get(id)[s1.col("status_cd")], id);
      assertEquals("IN", b.get(id)[s1.col("reason_cd")].trim(), id);
      assertEquals("R", c.get(id)[s2.col("status_cd")], id);
      assertEquals("RM", c.get(id)[s2.col("reason_cd")].trim(), id);
      assertEquals(nw.get("county_id").asText(), c.get(id)[s2.col("county_id")]);
    }
    JsonNode qp = plant(r, "nvra-quiet-period");
    for (String id : ids(qp)) {
      assertEquals("R2", c.get(id)[s2.col("reason_cd")].trim(), id);
      assertTrue(List.of("A", "I").contains(b.get(id)[s1.col("status_cd")]), id);
    }
    assertTrue(qp.get("affected").asInt() >= 30);
  }
}
