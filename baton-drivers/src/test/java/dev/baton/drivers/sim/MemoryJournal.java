package dev.baton.drivers.sim;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A journal in memory for engine tests; leases are a map, and one can be pre-taken. */
final class MemoryJournal implements Journal {

  private final Map<String, RunRecord> runs = new HashMap<>();
  private final List<JournalEvent> events = new ArrayList<>();
  public final Map<String, String> leases = new HashMap<>();
  public boolean leaseRenewable = true;
  private int next = 1;

  @Override
  public synchronized RunRecord createRun(RunRecord t) {
    String id = "r-" + next++;
    RunRecord r =
        new RunRecord(
            id,
            t.system(),
            t.strategy(),
            t.targetVersion(),
            t.options(),
            t.topologySource(),
            t.topologyText(),
            t.planFingerprint(),
            RunStatus.RUNNING,
            Instant.EPOCH,
            Instant.EPOCH);
    runs.put(id, r);
    return r;
  }

  @Override
  public synchronized Optional<RunRecord> run(String id) {
    return Optional.ofNullable(runs.get(id));
  }

  @Override
  public synchronized List<RunRecord> runs(String system) {
    return runs.values().stream().filter(r -> system == null || r.system().equals(system)).toList();
  }

  @Override
  public synchronized void setStatus(String id, RunStatus s) {
    RunRecord r = runs.get(id);
    runs.put(
        id,
        new RunRecord(
            r.runId(),
            r.system(),
            r.strategy(),
            r.targetVersion(),
            r.options(),
            r.topologySource(),
            r.topologyText(),
            r.planFingerprint(),
            s,
            r.createdAt(),
            r.updatedAt()));
  }

  @Override
  public synchronized JournalEvent append(JournalEvent e) {
    JournalEvent stored =
        new JournalEvent(
            events.size() + 1,
            e.runId(),
            e.stepId(),
            e.type(),
            e.decision(),
            e.evidence(),
            e.at(),
            e.data());
    events.add(stored);
    return stored;
  }

  @Override
  public synchronized List<JournalEvent> events(String runId) {
    return events.stream().filter(e -> e.runId().equals(runId)).toList();
  }

  @Override
  public synchronized Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    String current = leases.get(system);
    if (current != null && !current.equals(holder)) {
      throw new LeaseRefusedException("system " + system + " is held by " + current);
    }
    leases.put(system, holder);
    return new Lease() {
      public String system() {
        return system;
      }

      public String holder() {
        return holder;
      }

      public boolean renew() {
        return leaseRenewable;
      }

      public void close() {
        synchronized (MemoryJournal.this) {
          leases.remove(system, holder);
        }
      }
    };
  }

  @Override
  public void close() {}
}
