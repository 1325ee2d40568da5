package org.rollaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rollaudit.audit.RollAuditException;

/** The store lock of {@code rollaudit run}: waits, gives up naming the holder, dies with it. */
class RunLockTest {
  @TempDir Path dir;

  static Progress quiet() {
    return new Progress(new PrintStream(new ByteArrayOutputStream(), true), true);
  }

  @Test
  void aSecondRunExitsAtOnceWithNoWaitNamingTheHolder() {
    Path file = dir.resolve("store/run.lock");
    try (RunLock first = RunLock.acquire(file, 0, quiet())) {
      RollAuditException e =
          assertThrows(RollAuditException.class, () -> RunLock.acquire(file, 0, quiet()));
      assertEquals(RollAuditException.USAGE, e.exitCode());
      String me = "pid " + ProcessHandle.current().pid() + " on ";
      assertTrue(e.getMessage().contains(me), e.getMessage());
      assertTrue(e.getMessage().contains(" since 20"), "start time: " + e.getMessage());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
    // Released: the next run takes it at once.
    RunLock.acquire(file, 0, quiet()).close();
  }

  @Test
  void aSecondRunWaitsForTheFirstAndGivesUpAfterItsWait() throws Exception {
    Path file = dir.resolve("run.lock");
    RunLock first = RunLock.acquire(file, 0, quiet());
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    CompletableFuture<RunLock> second =
        CompletableFuture.supplyAsync(
            () -> RunLock.acquire(file, 30, new Progress(new PrintStream(said, true), false)));
    Thread.sleep(700);
    assertTrue(!second.isDone(), "the second run waits while the first holds the lock");
    first.close();
    second.get(20, TimeUnit.SECONDS).close();
    assertTrue(said.toString(StandardCharsets.UTF_8).contains("waiting up to"), said.toString());

    try (RunLock again = RunLock.acquire(file, 0, quiet())) {
      long t0 = System.nanoTime();
      RollAuditException e =
          assertThrows(RollAuditException.class, () -> RunLock.acquire(file, 1, quiet()));
      double waited = (System.nanoTime() - t0) / 1e9;
      assertTrue(waited >= 0.9, "waited " + waited + " s");
      assertTrue(e.getMessage().contains("waited 1 s"), e.getMessage());
    }
  }

  @Test
  void theLockOfAKilledProcessIsFreeAtOnce() throws Exception {
    Path file = dir.resolve("store/run.lock");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path")),
                    LockHolderMain.class.getName(),
                    file.toString()))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", r.readLine());
      RollAuditException e =
          assertThrows(RollAuditException.class, () -> RunLock.acquire(file, 0, quiet()));
      assertTrue(e.getMessage().contains("pid " + p.pid() + " on "), e.getMessage());
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    // SIGKILL: no code of the holder ran, the OS dropped its lock; the stale text stays.
    assertTrue(Files.readString(file).contains("pid " + p.pid()));
    RunLock.acquire(file, 0, quiet()).close();
  }
}
