package dev.baton.journal;

import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared journal: one PostgreSQL database that any number of Batons on any number of hosts
 * write to. Records are hash-chained and run rows sealed exactly as in the SQLite file; leases
 * expire by the database's clock, and a write made under a lease is refused, in its own
 * transaction, once a newer epoch holds the system.
 */
public final class PostgresJournal implements FleetJournal, Fenceable, LeaseKeeper {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String SELECT_RUNS = "SELECT " + RunRows.SEALED_COLUMNS + " FROM runs";
  private static final String NEWEST_FIRST = " ORDER BY created_at DESC, run_id DESC";
  private static final String INSERT_EVENT =
      "INSERT INTO events (" + EventRow.COLUMNS + ") VALUES (" + EventRow.PARAMETERS + ")";
  private static final String LEASE_COLUMNS =
      "system, holder, pid, host, epoch, "
          + iso("acquired_at")
          + " AS acquired_at, "
          + iso("expires_at")
          + " AS expires_at";
  private static final String LEASE_OWNER =
      " WHERE system = ? AND holder = ? AND pid = ? AND host = ? AND epoch = ?";

  private final PgDatabase db;
  private final Clock clock;
  private final String host = SqliteJournal.localHostName();
  private final long pid = ProcessHandle.current().pid();

  private PostgresJournal(PgDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens the journal in the database at JDBC {@code url}, brings its schema up to date and checks
   * that no run went missing; {@code shown} names it in sentences (never with the password), and
   * {@code clock} stamps runs and records (leases use the database's clock).
   */
  public static PostgresJournal open(String url, Properties properties, String shown, Clock clock) {
    PgDatabase db = new PgDatabase(url, properties, shown);
    try {
      db.write(
          tx -> {
            PgMigrations.apply(tx, clock, shown);
            return null;
          });
      db.read(
          tx -> {
            PgHead.check(tx, shown);
            return null;
          });
      return new PostgresJournal(db, clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** How sentences name this journal: its URL without a password. */
  @Override
  public String shown() {
    return db.shown();
  }

  @Override
  public Fleets fleets() {
    return new FleetTables(
        new FleetTables.Store() {
          @Override
          public <T> T write(FleetTables.Work<T> work) {
            return db.write(work::run);
          }

          @Override
          public <T> T read(FleetTables.Work<T> work) {
            return db.read(work::run);
          }

          @Override
          public LeaseRow.Grant grant(Sql tx, String system, String holder, Duration ttl)
              throws SQLException {
            return grantIn(tx, system, holder, ttl, true);
          }

          @Override
          public Instant now(Sql tx) throws SQLException {
            return databaseNow(tx);
          }

          @Override
          public LeaseKeeper keeper() {
            return PostgresJournal.this;
          }
        },
        FleetTables.Dialect.POSTGRES);
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    return createRun(template, null);
  }

  @Override
  public RunRecord createRun(RunRecord template, Fence fence) {
    Objects.requireNonNull(template.system(), "a run needs a system");
    Instant now = clock.instant();
    return db.write(
        tx -> {
          checkFence(fence, template.system(), lockLease(tx, fence));
          long created = PgHead.runsCreated(tx, true, shown());
          RunRecord run = RunRows.started(template, unusedRunId(tx, now), now);
          String[] values = RunRows.values(run);
          Object[] row = java.util.Arrays.copyOf((Object[]) values, values.length + 1);
          row[values.length] = RunRows.seal(values, 0, "");
          tx.update(
              "INSERT INTO runs ("
                  + RunRows.COLUMNS
                  + ", event_count, last_hash, seal)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)",
              row);
          PgHead.count(tx, created + 1);
          return run;
        });
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return db.read(
        tx ->
            queryRuns(tx, SELECT_RUNS + " WHERE run_id = ?", runId).stream()
                .findFirst()
                .map(RunRows.Sealed::run));
  }

  @Override
  public List<RunRecord> runs(String system) {
    List<RunRows.Sealed> rows =
        db.read(
            tx -> {
              if (system == null) {
                PgHead.check(tx, shown());
                return queryRuns(tx, SELECT_RUNS + NEWEST_FIRST);
              }
              return queryRuns(tx, SELECT_RUNS + " WHERE system = ?" + NEWEST_FIRST, system);
            });
    return rows.stream().map(RunRows.Sealed::run).toList();
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    setStatus(runId, status, null);
  }

  @Override
  public void setStatus(String runId, RunStatus status, Fence fence) {
    Objects.requireNonNull(status, "status");
    db.write(
        tx -> {
          Optional<LeaseRow> held = lockLease(tx, fence);
          RunRows.Sealed row = sealed(tx, runId, true);
          checkFence(fence, row.run().system(), held);
          reseal(tx, RunRows.with(row.run(), status, clock.instant()), row.head());
          return null;
        });
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    return append(event, null);
  }

  @Override
  public JournalEvent append(JournalEvent event, Fence fence) {
    Objects.requireNonNull(event.type(), "an event needs a type");
    if (event.decision() != null) {
      Objects.requireNonNull(event.decision().kind(), "a decision needs a kind");
    }
    Instant at = event.at() != null ? event.at() : clock.instant();
    // One transaction: the lease still ours, the record, and the run's new head, or nothing.
    EventRow appended =
        db.write(
            tx -> {
              Optional<LeaseRow> held = lockLease(tx, fence);
              RunRows.Sealed run = sealed(tx, event.runId(), true);
              checkFence(fence, run.run().system(), held);
              RunHead head = run.head();
              long seq = Long.parseLong(tx.queryText("SELECT nextval('events_seq')"));
              Long epoch = fence == null ? null : fence.epoch();
              EventRow row = EventRow.seal(event, seq, head.lastHash(), at, epoch);
              try (PreparedStatement insert = tx.prepare(INSERT_EVENT)) {
                row.bind(insert);
                insert.executeUpdate();
              }
              reseal(
                  tx,
                  RunRows.with(run.run(), run.run().status(), clock.instant()),
                  new RunHead(head.runId(), head.eventCount() + 1, row.hash()));
              return row;
            });
    return appended.toEvent();
  }

  @Override
  public List<JournalEvent> events(String runId) {
    return db.read(
        tx -> ChainVerifier.verify(sealed(tx, runId, false).head(), eventRows(tx, runId)));
  }

  @Override
  public Journal fencedBy(Lease lease) {
    return new FencedJournal(this, lease);
  }

  @Override
  public Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    LeaseRow.Grant grant = db.write(tx -> grantIn(tx, system, holder, ttl, false));
    return new StoredLease(this, grant.orRefuse(), ttl);
  }

  /**
   * Decides a lease request by the database's clock and stores what it grants, inside {@code tx}.
   */
  private LeaseRow.Grant grantIn(Sql tx, String system, String holder, Duration ttl, boolean fresh)
      throws SQLException {
    // A placeholder row, so that two first requests lock one row instead of racing.
    tx.update(
        "INSERT INTO leases (system, holder, pid, host, epoch, acquired_at, expires_at)"
            + " VALUES (?, '', 0, '', 0, 'epoch', 'epoch') ON CONFLICT (system) DO NOTHING",
        system);
    LeaseRow current = lease(tx, system, " FOR UPDATE").orElseThrow();
    Instant now = databaseNow(tx);
    LeaseRow asked = new LeaseRow(system, holder, pid, host, 1, now, now.plus(ttl));
    LeaseRow.Grant g = LeaseRow.grant(Optional.of(current), asked, now, fresh);
    if (g.granted() != null) {
      store(tx, g.granted(), ttl);
    }
    return g;
  }

  @Override
  public boolean renewLease(LeaseRow owner, Duration ttl) {
    try {
      return db.write(
              tx ->
                  tx.update(
                      "UPDATE leases SET expires_at = clock_timestamp() + ?::interval"
                          + LEASE_OWNER,
                      interval(ttl),
                      owner.system(),
                      owner.holder(),
                      owner.pid(),
                      owner.host(),
                      owner.epoch()))
          == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void releaseLease(LeaseRow owner) {
    try {
      db.write(
          tx ->
              tx.update(
                  "UPDATE leases SET expires_at = clock_timestamp()" + LEASE_OWNER,
                  owner.system(),
                  owner.holder(),
                  owner.pid(),
                  owner.host(),
                  owner.epoch()));
    } catch (RuntimeException e) {
      // Nothing to do: an unreleased lease runs out its ttl.
    }
  }

  @Override
  public void close() {
    db.close();
  }

  PgDatabase database() {
    return db;
  }

  /** {@code expr}, a timestamptz, as the fixed-width UTC text {@link Timestamps} parses. */
  static String iso(String expr) {
    return "to_char(" + expr + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  }

  static String interval(Duration d) {
    return d.toMillis() + " milliseconds";
  }

  /** The database's clock: the one every Baton sharing this journal agrees on for expiry. */
  static Instant databaseNow(Sql tx) throws SQLException {
    return Timestamps.parse(tx.queryText("SELECT " + iso("clock_timestamp()")));
  }

  /** Stores {@code row} as the system's lease, expiring {@code ttl} from now by the database. */
  static void store(Sql tx, LeaseRow row, Duration ttl) throws SQLException {
    tx.update(
        "UPDATE leases SET holder = ?, pid = ?, host = ?, epoch = ?, acquired_at = clock_timestamp(),"
            + " expires_at = clock_timestamp() + ?::interval WHERE system = ?",
        row.holder(),
        row.pid(),
        row.host(),
        row.epoch(),
        interval(ttl),
        row.system());
  }

  static Optional<LeaseRow> lease(Sql tx, String system, String lock) throws SQLException {
    try (PreparedStatement query =
            tx.prepare("SELECT " + LEASE_COLUMNS + " FROM leases WHERE system = ?" + lock, system);
        ResultSet rs = query.executeQuery()) {
      return rs.next() ? Optional.of(LeaseRow.read(rs)) : Optional.empty();
    }
  }

  /**
   * Locks the fence's lease row for the rest of the transaction: a takeover (which updates that
   * row) waits for this write to commit, and this write waits for a takeover under way and then
   * sees its new epoch.
   */
  private static Optional<LeaseRow> lockLease(Sql tx, Fence fence) throws SQLException {
    return fence == null ? Optional.empty() : lease(tx, fence.system(), " FOR SHARE");
  }

  private static void checkFence(Fence fence, String runSystem, Optional<LeaseRow> held) {
    if (fence != null) {
      fence.check(runSystem, held);
    }
  }

  private String unusedRunId(Sql tx, Instant now) throws SQLException {
    for (int attempt = 0; attempt < 100; attempt++) {
      short random = (short) ThreadLocalRandom.current().nextInt();
      String candidate = "r-" + RUN_ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits(random);
      if (tx.queryText("SELECT run_id FROM runs WHERE run_id = ?", candidate) == null) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find an unused run id in journal " + shown());
  }

  private static List<RunRows.Sealed> queryRuns(Sql tx, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement query = tx.prepare(sql, parameters);
        ResultSet rs = query.executeQuery()) {
      List<RunRows.Sealed> runs = new ArrayList<>();
      while (rs.next()) {
        runs.add(RunRows.read(rs));
      }
      return runs;
    }
  }

  private RunRows.Sealed sealed(Sql tx, String runId, boolean lock) throws SQLException {
    String sql = SELECT_RUNS + " WHERE run_id = ?" + (lock ? " FOR UPDATE" : "");
    return queryRuns(tx, sql, runId).stream()
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "there is no run " + runId + " in journal " + shown()));
  }

  private static void reseal(Sql tx, RunRecord run, RunHead head) throws SQLException {
    String[] values = RunRows.values(run);
    tx.update(
        "UPDATE runs SET status = ?, updated_at = ?, event_count = ?, last_hash = ?, seal = ?"
            + " WHERE run_id = ?",
        run.status().name(),
        Timestamps.format(run.updatedAt()),
        head.eventCount(),
        head.lastHash(),
        RunRows.seal(values, head.eventCount(), head.lastHash()),
        run.runId());
  }

  private static List<EventRow> eventRows(Sql tx, String runId) throws SQLException {
    String sql = "SELECT " + EventRow.COLUMNS + " FROM events WHERE run_id = ? ORDER BY seq";
    try (PreparedStatement query = tx.prepare(sql, runId);
        ResultSet rs = query.executeQuery()) {
      List<EventRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(EventRow.read(rs));
      }
      return rows;
    }
  }
}
