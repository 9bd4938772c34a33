package dev.baton.app;

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
 * Fault injection for crash tests: after the Nth record this process appends, it sends itself a
 * real SIGKILL, so the record is durable and nothing after it runs. Enabled only through the
 * {@code BATON_FAULT_CRASH_AFTER_RECORD} environment variable.
 */
final class CrashingJournal implements Journal {

  static final String ENV = "BATON_FAULT_CRASH_AFTER_RECORD";

  private final Journal inner;
  private final int crashAfter;
  private final AtomicInteger appended = new AtomicInteger();

  CrashingJournal(Journal inner, int crashAfter) {
    this.inner = inner;
    this.crashAfter = crashAfter;
  }

  /** Wraps {@code j} when the environment asks for a crash, else returns it unchanged. */
  static Journal wrapIfAsked(Journal j) {
    String n = System.getenv(ENV);
    if (n == null || n.isBlank()) {
      return j;
    }
    return new CrashingJournal(j, Integer.parseInt(n.trim()));
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    JournalEvent e = inner.append(event);
    if (appended.incrementAndGet() == crashAfter) {
      killSelf();
    }
    return e;
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
