package org.rollaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build that keys what the store keeps: it must change with the code, and only with it. */
class VersionTest {
  @TempDir Path dir;

  @Test
  void theRunningBuildIsNamedByItsCode() {
    String build = Version.build();
    assertTrue(
        build.matches("rollaudit \\S+ build [0-9a-f]{16}"),
        "the test classes folder is readable, so the build has a digest: " + build);
    assertTrue(build.startsWith(Version.software() + " build "));
    assertEquals(build, Version.build());
  }

  @Test
  void aJarAndAFolderOfTheSameCodeGiveTheSameDigest() throws IOException {
    TreeMap<String, String> code = new TreeMap<>();
    code.put("org/rollaudit/A.class", "class A");
    code.put("org/rollaudit/rules/B.class", "class B");
    code.put("org/rollaudit/version.properties", "version=0.1.0");
    code.put("org/apache/Other.class", "a dependency");
    String folder = Version.codeDigest(folder("one", code));
    assertEquals(folder, Version.codeDigest(jar("one.jar", code)));

    code.put("org/apache/Other.class", "another dependency");
    assertEquals(folder, Version.codeDigest(folder("two", code)), "only the product's own files");
    code.put("org/rollaudit/rules/B.class", "class B, changed");
    String changed = Version.codeDigest(folder("three", code));
    assertNotEquals(folder, changed);
    assertEquals(changed, Version.codeDigest(jar("three.jar", code)));
    code.put("org/rollaudit/rules/B.class", "class B");
    code.put("org/rollaudit/rules/C.class", "");
    assertNotEquals(folder, Version.codeDigest(folder("four", code)), "an added empty file");
  }

  private Path folder(String name, Map<String, String> files) throws IOException {
    Path root = dir.resolve(name);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
    return root;
  }

  private Path jar(String name, TreeMap<String, String> files) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(p);
        JarOutputStream jar = new JarOutputStream(out)) {
      // reverse order: the digest must not depend on the order of the jar's entries
      for (String entry : files.descendingKeySet()) {
        jar.putNextEntry(new JarEntry(entry));
        jar.write(files.get(entry).getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    }
    return p;
  }
}
