package org.rollaudit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;
import org.rollaudit.report.Bundles;
import org.rollaudit.report.Fixtures;
import picocli.CommandLine;

/** Exit codes of interface.md §1 for verify (0 intact, 1 altered, 2 usage) and keygen. */
class VerifyCommandTest {

  @TempDir Path tmp;

  @Test
  void exitCodesAndOutput() throws Exception {
    Path bundle =
        Bundles.write(Fixtures.sample("public"), tmp.resolve("b"), Optional.of(Bundles.key()));
    Path pub = Files.writeString(tmp.resolve("trusted.pub"), Bundles.key().publicKeyPem());
    StringWriter out = new StringWriter();
    assertEquals(
        0,
        cli(new VerifyCommand(), out).execute(bundle.toString(), "--public-key", pub.toString()));
    assertTrue(out.toString().contains("PASS  signature"), out.toString());
    assertTrue(out.toString().contains("Public key fingerprint: " + Bundles.key().fingerprint()));
    assertTrue(out.toString().endsWith("Bundle intact.\n"));

    Files.writeString(bundle.resolve("extra.txt"), "x");
    out = new StringWriter();
    assertEquals(1, cli(new VerifyCommand(), out).execute(bundle.toString()));
    assertTrue(
        out.toString()
            .contains("FAIL  sums.unlisted  not in SHA256SUMS (or not a regular file): extra.txt"),
        out.toString());

    assertEquals(
        2, cli(new VerifyCommand(), new StringWriter()).execute(tmp.resolve("nope").toString()));
    Path junk = Files.writeString(tmp.resolve("junk.pub"), "not a key");
    assertEquals(
        2,
        cli(new VerifyCommand(), new StringWriter())
            .execute(bundle.toString(), "--public-key", junk.toString()));
  }

  @Test
  void keygenWritesAPairAndRefusesToOverwrite() {
    String priv = tmp.resolve("k.pem").toString();
    String pub = tmp.resolve("k.pub").toString();
    StringWriter out = new StringWriter();
    assertEquals(
        0, cli(new KeygenCommand(), out).execute("--private-key", priv, "--public-key", pub));
    assertTrue(out.toString().contains("Public key fingerprint: sha256:"));
    assertEquals(
        2,
        cli(new KeygenCommand(), new StringWriter())
            .execute("--private-key", priv, "--public-key", pub));
  }

  static CommandLine cli(Object command, StringWriter out) {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    cl.setExecutionExceptionHandler(
        (e, c, p) -> e instanceof RollAuditException r ? r.exitCode() : 4);
    return cl;
  }
}
