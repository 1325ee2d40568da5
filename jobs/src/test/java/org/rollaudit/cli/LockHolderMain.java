package org.rollaudit.cli;

/**
 * Test helper run in a child JVM: takes the run lock at {@code args[0]}, prints "locked" and sleeps
 * until it is killed, so that a test can check the OS releases the lock of a dead process.
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws InterruptedException {
    RunLock lock =
        RunLock.acquire(java.nio.file.Path.of(args[0]), 0, new Progress(System.err, true));
    System.out.println("locked");
    System.out.flush();
    Thread.sleep(600_000);
    lock.close();
  }
}
