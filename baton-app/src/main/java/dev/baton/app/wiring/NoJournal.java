package dev.baton.app.wiring;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The journal of a home that has none yet, as a command that only reads sees it: no runs, no
 * events. Reading must not create the journal file, so nothing can be written here either.
 */
final class NoJournal implements Journal {

  private final Home home;

  NoJournal(Home home) {
    this.home = home;
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    throw readOnly();
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return Optional.empty();
  }

  @Override
  public List<RunRecord> runs(String system) {
    return List.of();
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    throw readOnly();
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    throw readOnly();
  }

  @Override
  public List<JournalEvent> events(String runId) {
    return List.of();
  }

  @Override
  public Lease acquireLease(String system, String holder, Duration ttl) {
    throw readOnly();
  }

  @Override
  public void close() {}

  // A command that writes opens its home with HomeUse.CREATE; reaching this is a wiring mistake.
  private IllegalStateException readOnly() {
    return new IllegalStateException(home.journalFile() + " does not exist and is not created");
  }
}
