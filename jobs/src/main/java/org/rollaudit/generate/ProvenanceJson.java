package org.rollaudit.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code plants.json} (ground truth) and {@code generator.json} (provenance). Keys are in a
 * fixed order, lines end with LF and nothing depends on the clock or the machine, so both files are
 * byte-reproducible.
 */
final class ProvenanceJson {
  private ProvenanceJson() {}

  static final String PLANTS_SCHEMA = "rollaudit/plants/v1";
  static final String GENERATOR_SCHEMA = "rollaudit/generator/v1";
  static final String NOTE =
      "Synthetic data made by rollaudit generate: every name, address, "
          + "phone number and id is made up from built-in lists and a random seed. No real person.";

  /** Two-space indent, LF, one array element per line, {@code "key": value}. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {
      DefaultIndenter lf = new DefaultIndenter("  ", "\n");
      indentObjectsWith(lf);
      indentArraysWith(lf);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer();
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    // Empty containers as {} and [] rather than Jackson's "{ }" and "[ ]".
    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      if (!_objectIndenter.isInline()) {
        --_nesting;
      }
      if (entries > 0) {
        _objectIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (!_arrayIndenter.isInline()) {
        --_nesting;
      }
      if (values > 0) {
        _arrayIndenter.writeIndentation(g, _nesting);
      }
      g.writeRaw(']');
    }
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static void write(Path path, Object value) throws IOException {
    String json = MAPPER.writer(new Printer()).writeValueAsString(value) + "\n";
    Files.write(path, json.getBytes(StandardCharsets.UTF_8));
  }

  static void writePlants(Path path, GeneratorSettings settings, List<PlantTruth> plants)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", PLANTS_SCHEMA);
    root.put("note", NOTE);
    root.put("settings", settings.toMap());
    List<Object> list = new ArrayList<>();
    for (PlantTruth t : plants) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.plant().id());
      m.put("description", t.plant().description());
      m.put("county_id", Integer.toString(t.countyId()));
      m.put("county_desc", t.countyDesc());
      m.put("group", new java.util.TreeMap<>(t.group()));
      Map<String, Object> interval = new LinkedHashMap<>();
      interval.put("baseline", t.baseline().toString());
      interval.put("current", t.current().toString());
      m.put("interval", interval);
      m.putAll(t.details()); // sorted by key
      m.put("ncids", t.ncids());
      if (!t.absentNcids().isEmpty()) {
        m.put("absent_ncids", t.absentNcids());
      }
      list.add(m);
    }
    root.put("plants", list);
    write(path, root);
  }

  static void writeGenerator(
      Path path, GeneratorSettings settings, List<SnapshotFile> files, RollModel model)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", GENERATOR_SCHEMA);
    root.put("note", NOTE);
    root.put("command", settings.commandLine());
    root.put("settings", settings.toMap());
    List<Object> snaps = new ArrayList<>();
    for (SnapshotFile f : files) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("as_of", f.asOf().toString());
      m.put("file", f.path().getFileName().toString());
      m.put("rows", f.rows());
      m.put("text_bytes", f.textBytes());
      m.put("bytes", f.fileBytes());
      m.put("sha256", f.sha256());
      snaps.add(m);
    }
    root.put("snapshots", snaps);
    root.put("plants_file", "plants.json");
    Map<String, Object> plantCounties = new LinkedHashMap<>();
    for (Plant p : Plant.values()) {
      if (!Plant.demo().contains(p) && !settings.plants().contains(p)) {
        continue; // later plants are listed only when enabled: older generator.json files stay
      }
      plantCounties.put(p.id(), Integer.toString(model.plantCounty(p) + 1));
    }
    // Fixed by the seed even for plants not enabled, so a run can be compared with one that has
    // them.
    root.put("plant_counties", plantCounties);
    List<Object> counties = new ArrayList<>();
    Geography g = model.geo;
    for (int c = 0; c < Geography.COUNTIES; c++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("county_id", Integer.toString(c + 1));
      m.put("county_desc", NcCounties.name(c + 1));
      m.put("records_first_snapshot", g.countySize[c]);
      m.put("precincts", g.precinctStart[c + 1] - g.precinctStart[c]);
      m.put("black_share", Math.round(g.blackShare[c] * 10_000) / 10_000.0);
      m.put("removal_multiplier", Math.round(g.removalMult[c] * 10_000) / 10_000.0);
      counties.add(m);
    }
    root.put("counties", counties);
    write(path, root);
  }
}
