package dev.baton.app.wiring;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for crash and lease tests, enabled only through the environment. After the Nth
 * record this process appends, {@code BATON_FAULT_CRASH_AFTER_RECORD=N} sends the process a real
 * SIGKILL (the record is durable and nothing after it runs), and {@code
 * BATON_FAULT_HANG_AFTER_RECORD=N} makes it hang like a stuck step, holding its lease, until the
 * file {@code BATON_FAULT_RELEASE_FILE} appears or 120 s pass.
 */
public final class FaultJournal implements Journal {

  public static final String CRASH = "BATON_FAULT_CRASH_AFTER_RECORD";
  public static final String HANG = "BATON_FAULT_HANG_AFTER_RECORD";
  public static final String RELEASE = "BATON_FAULT_RELEASE_FILE";

  private final Journal inner;
  private final int crashAfter;
  private final int hangAfter;
  private final AtomicInteger appended;

  FaultJournal(Journal inner, int crashAfter, int hangAfter) {
    this(inner, crashAfter, hangAfter, new AtomicInteger());
  }

  private FaultJournal(Journal inner, int crashAfter, int hangAfter, AtomicInteger appended) {
    this.inner = inner;
    this.crashAfter = crashAfter;
    this.hangAfter = hangAfter;
    this.appended = appended;
  }

  /** The inner journal's fenced writes, still counted towards the fault: the engine's records. */
  @Override
  public Journal fencedBy(Lease lease) {
    return new FaultJournal(inner.fencedBy(lease), crashAfter, hangAfter, appended);
  }

  /** Wraps {@code j} when the environment asks for a fault, else returns it unchanged. */
  static Journal wrapIfAsked(Journal j) {
    int crash = number(CRASH);
    int hang = number(HANG);
    return crash > 0 || hang > 0 ? new FaultJournal(j, crash, hang) : j;
  }

  private static int number(String env) {
    String n = System.getenv(env);
    return n == null || n.isBlank() ? 0 : Integer.parseInt(n.trim());
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    JournalEvent e = inner.append(event);
    int n = appended.incrementAndGet();
    if (n == crashAfter) {
      killSelf();
    }
    if (n == hangAfter) {
      hang();
    }
    return e;
  }

  private static void hang() {
    String release = System.getenv(RELEASE);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline
        && (release == null || !java.nio.file.Files.exists(java.nio.file.Path.of(release)))) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void killSelf() {
    long pid = ProcessHandle.current().pid();
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      Runtime.getRuntime().halt(137);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // SIGKILL is asynchronous; never go on to act after the chosen record.
    Runtime.getRuntime().halt(137);
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    return inner.createRun(template);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return inner.run(runId);
  }

  @Override
  public List<RunRecord> runs(String system) {
    return inner.runs(system);
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    inner.setStatus(runId, status);
  }

  @Override
  public List<JournalEvent> events(String runId) {
    return inner.events(runId);
  }

  @Override
  public Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    return inner.acquireLease(system, holder, ttl);
  }

  @Override
  public void close() {
    inner.close();
  }
}
