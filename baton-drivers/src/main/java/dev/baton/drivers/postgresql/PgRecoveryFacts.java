package dev.baton.drivers.postgresql;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.facts.Fact;
import dev.baton.facts.FactKind;
import dev.baton.facts.Property;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The facts that recovery operations read beside a server's role: whether it archives WAL (a rewind
 * needs the archive), and how new its data is (LSN, timeline, last checkpoint and replayed commit),
 * from SQL when it answers and from pg_controldata when it is stopped.
 */
final class PgRecoveryFacts {

  /** Asked in the same round trip as the server's state ({@link PgObserver#read}). */
  static final String SQL =
      "select current_setting('archive_mode') as archive_mode,"
          + " current_setting('archive_command') <> '' as archive_command,"
          + " current_setting('restore_command') <> '' as restore_command,"
          + " case when pg_is_in_recovery() then pg_last_wal_replay_lsn()::text"
          + " else pg_current_wal_lsn()::text end as lsn,"
          + " case when pg_is_in_recovery() then (select timeline_id from pg_control_checkpoint())"
          + " else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end"
          + " ::text as timeline,"
          + " (select checkpoint_time from pg_control_checkpoint())::text as checkpoint_time,"
          + " pg_last_xact_replay_timestamp()::text as replay_time,"
          + " pg_is_in_recovery() as recovery";

  private final Shutdowns shutdowns;

  PgRecoveryFacts(Shutdowns shutdowns) {
    this.shutdowns = shutdowns;
  }

  /** The facts of a server read with {@link #SQL} ({@code rows}, empty when it did not answer). */
  List<Fact> of(PgConfig c, Transport t, PgState s, List<Map<String, String>> rows, Instant at)
      throws DriverException {
    List<Fact> out = new ArrayList<>();
    if (s.status() == PgState.Status.RUNNING) {
      if (!rows.isEmpty()) {
        running(c, rows.get(0), out, at);
      }
    } else if (s.status() == PgState.Status.STOPPED) {
      stopped(c, t, out, at);
    }
    return out;
  }

  private static void running(PgConfig c, Map<String, String> row, List<Fact> out, Instant at) {
    boolean recovery = "t".equals(row.get("recovery"));
    String mode = row.get("archive_mode");
    boolean archives =
        ("on".equals(mode) || "always".equals(mode)) && "t".equals(row.get("archive_command"));
    add(out, c, Property.ARCHIVING, archives ? "on" : "off (archive_mode=" + mode + ")", at);
    add(
        out,
        c,
        Property.RESTORE_COMMAND_SET,
        Boolean.toString("t".equals(row.get("restore_command"))),
        at);
    add(out, c, Property.DATA_LSN, row.get("lsn"), at);
    add(out, c, Property.DATA_LSN_FROM, recovery ? "replay position" : "current WAL position", at);
    add(out, c, Property.DATA_TIMELINE, row.get("timeline"), at);
    add(out, c, Property.CHECKPOINT_TIME, row.get("checkpoint_time"), at);
    add(out, c, Property.LAST_REPLAY_TIME, row.get("replay_time"), at);
  }

  /**
   * A stopped server's data reaches at least its latest checkpoint, and a stopped standby at least
   * its minimum recovery point, whichever is later.
   */
  private void stopped(PgConfig c, Transport t, List<Fact> out, Instant at) throws DriverException {
    Map<String, String> control = controlData(c, t);
    if (control.isEmpty()) {
      return;
    }
    long checkpoint = Lsn.parse(control.get("Latest checkpoint location"));
    long minRecovery = Lsn.parse(control.get("Minimum recovery ending location"));
    long lsn = Math.max(checkpoint, minRecovery);
    if (lsn >= 0) {
      add(out, c, Property.DATA_LSN, Lsn.format(lsn), at);
      add(out, c, Property.DATA_LSN_FROM, "pg_controldata, stopped", at);
    }
    String tli =
        minRecovery > checkpoint
            ? control.get("Min recovery ending loc's timeline")
            : control.get("Latest checkpoint's TimeLineID");
    add(out, c, Property.DATA_TIMELINE, tli, at);
    add(out, c, Property.CHECKPOINT_TIME, control.get("Time of latest checkpoint"), at);
  }

  /** The control file this driver read at its own shutdown of the server, or read now. */
  private Map<String, String> controlData(PgConfig c, Transport t) throws DriverException {
    Optional<Shutdowns.Shutdown> own = shutdowns.recent(c.name());
    if (own.isPresent()) {
      return own.get().control();
    }
    CommandResult r =
        t.run(
            new Command(
                List.of(c.tool("pg_controldata"), "-D", c.dataDir()),
                c.osUser(),
                Duration.ofSeconds(15)));
    return r.ok() ? PgObserver.parseControlData(r.stdout()) : Map.of();
  }

  private static void add(List<Fact> out, PgConfig c, Property key, String value, Instant at) {
    if (value != null && !value.isBlank()) {
      out.add(new Fact(FactKind.PROPERTY, key.of(c.name()), value.strip(), "postgresql", at));
    }
  }
}
