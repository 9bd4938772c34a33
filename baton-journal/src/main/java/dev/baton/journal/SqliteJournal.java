package dev.baton.journal;

import dev.baton.engine.CorruptJournalException;
import dev.baton.engine.Journal;
import dev.baton.engine.JournalEvent;
import dev.baton.engine.Lease;
import dev.baton.engine.LeaseRefusedException;
import dev.baton.engine.RunRecord;
import dev.baton.engine.RunStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
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
import java.util.concurrent.ThreadLocalRandom;

/** The embedded journal: one SQLite file in WAL mode, every append synced before it returns. */
public final class SqliteJournal implements FleetJournal, Fenceable, LeaseKeeper {

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String SELECT_RUNS = "SELECT " + RunRows.SEALED_COLUMNS + " FROM runs";
  // rowid breaks ties between runs created within one clock tick.
  private static final String NEWEST_FIRST = " ORDER BY created_at DESC, rowid DESC";
  private static final String INSERT_EVENT =
      "INSERT INTO events (" + EventRow.COLUMNS + ") VALUES (" + EventRow.PARAMETERS + ")";
  private static final String LEASE_OWNER =
      " WHERE system = ? AND holder = ? AND pid = ? AND host = ? AND epoch = ?";

  private final SqliteFile file;
  private final AnchorFile anchor;
  private final Clock clock;
  private final String host = localHostName();
  private final long pid = ProcessHandle.current().pid();

  private SqliteJournal(SqliteFile file, AnchorFile anchor, Clock clock) {
    this.file = file;
    this.anchor = anchor;
    this.clock = clock;
  }

  /** Opens (creating if needed) the journal file with the system clock. */
  public static SqliteJournal open(Path file) {
    return open(file, Clock.systemUTC());
  }

  /**
   * Opens (creating if needed) the journal file, checks its integrity and brings its schema up to
   * date; {@code clock} stamps runs and leases.
   */
  public static SqliteJournal open(Path path, Clock clock) {
    SqliteFile file = SqliteFile.open(path);
    AnchorFile anchor = null;
    try {
      anchor = AnchorFile.of(file.path());
      AnchorFile kept = anchor;
      Anchor reached =
          file.write(
              () -> {
                Migrations.apply(file, clock);
                return checkAgainst(file, kept);
              });
      anchor.advance(reached);
      return new SqliteJournal(file, anchor, clock);
    } catch (RuntimeException e) {
      if (anchor != null) {
        anchor.close();
      }
      file.close();
      throw e;
    }
  }

  /**
   * Refuses a journal that went back in time: fewer records or runs than its anchor says were
   * committed, or another record where the anchor's was. Returns where the journal reaches now.
   */
  private static Anchor checkAgainst(SqliteFile file, AnchorFile anchorFile) throws SQLException {
    Anchor reached = reached(file);
    Optional<Anchor> kept = anchorFile.read();
    if (kept.isEmpty()) {
      return reached;
    }
    Anchor a = kept.get();
    String behind =
        " (anchor %s); its write-ahead log was probably lost, cut or damaged, or the file was"
                .formatted(anchorFile.path())
            + " replaced by an older copy"
            + SqliteFile.NO_ACTION;
    if (reached.seq() < a.seq()) {
      throw new CorruptJournalException(
          "journal file %s reaches record %d, but record %d was committed before%s"
              .formatted(file.path(), reached.seq(), a.seq(), behind));
    }
    if (reached.runs() < a.runs()) {
      throw new CorruptJournalException(
          "journal file %s holds %d runs, but %d were created before%s"
              .formatted(file.path(), reached.runs(), a.runs(), behind));
    }
    String hash = file.queryText("SELECT hash FROM events WHERE seq = ?", a.seq());
    if (hash != null && !hash.equals(a.hash())) {
      throw new CorruptJournalException(
          "journal record %d of file %s is not the record that was committed%s"
              .formatted(a.seq(), file.path(), behind));
    }
    return reached;
  }

  /** Where the journal in {@code file} reaches now. */
  private static Anchor reached(SqliteFile file) throws SQLException {
    String last = file.queryText("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
    long seq = last == null ? 0 : Long.parseLong(last);
    String hash = file.queryText("SELECT hash FROM events WHERE seq = ?", seq);
    long runs = Long.parseLong(file.queryText("SELECT COUNT(*) FROM runs"));
    return new Anchor(seq, hash == null ? "" : hash, runs);
  }

  @Override
  public RunRecord createRun(RunRecord template) {
    return createRun(template, null);
  }

  @Override
  public synchronized RunRecord createRun(RunRecord template, Fence fence) {
    Objects.requireNonNull(template.system(), "a run needs a system");
    Instant now = clock.instant();
    RunRecord created =
        file.write(
            () -> {
              checkFence(fence, template.system());
              RunRecord run =
                  new RunRecord(
                      unusedRunId(now),
                      template.system(),
                      template.strategy(),
                      template.targetVersion(),
                      template.options(),
                      template.topologySource(),
                      template.topologyText(),
                      template.planFingerprint(),
                      RunStatus.RUNNING,
                      now,
                      now);
              String[] values = RunRows.values(run);
              Object[] row = java.util.Arrays.copyOf((Object[]) values, values.length + 1);
              row[values.length] = RunRows.seal(values, 0, "");
              file.update(
                  "INSERT INTO runs ("
                      + RunRows.COLUMNS
                      + ", event_count, last_hash, seal)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)",
                  row);
              return run;
            });
    anchor.advance(new Anchor(0, "", runCount()));
    return created;
  }

  @Override
  public synchronized Optional<RunRecord> run(String runId) {
    return file.read(
        () ->
            queryRuns(SELECT_RUNS + " WHERE run_id = ?", runId).stream()
                .findFirst()
                .map(RunRows.Sealed::run));
  }

  @Override
  public synchronized List<RunRecord> runs(String system) {
    List<RunRows.Sealed> rows =
        file.read(
            () ->
                system == null
                    ? queryRuns(SELECT_RUNS + NEWEST_FIRST)
                    : queryRuns(SELECT_RUNS + " WHERE system = ?" + NEWEST_FIRST, system));
    return rows.stream().map(RunRows.Sealed::run).toList();
  }

  @Override
  public void setStatus(String runId, RunStatus status) {
    setStatus(runId, status, null);
  }

  @Override
  public synchronized void setStatus(String runId, RunStatus status, Fence fence) {
    Objects.requireNonNull(status, "status");
    file.write(
        () -> {
          RunRows.Sealed row = sealed(runId);
          RunRecord run = row.run();
          checkFence(fence, run.system());
          reseal(
              new RunRecord(
                  run.runId(),
                  run.system(),
                  run.strategy(),
                  run.targetVersion(),
                  run.options(),
                  run.topologySource(),
                  run.topologyText(),
                  run.planFingerprint(),
                  status,
                  run.createdAt(),
                  clock.instant()),
              row.head());
          return null;
        });
  }

  @Override
  public JournalEvent append(JournalEvent event) {
    return append(event, null);
  }

  @Override
  public synchronized JournalEvent append(JournalEvent event, Fence fence) {
    Objects.requireNonNull(event.type(), "an event needs a type");
    if (event.decision() != null) {
      Objects.requireNonNull(event.decision().kind(), "a decision needs a kind");
    }
    Instant at = event.at() != null ? event.at() : clock.instant();
    // One transaction: the record and the run's new head are durable together or not at all.
    EventRow appended =
        file.write(
            () -> {
              RunRows.Sealed run = sealed(event.runId());
              checkFence(fence, run.run().system());
              RunHead head = run.head();
              Long epoch = fence == null ? null : fence.epoch();
              EventRow row = EventRow.seal(event, nextSeq(), head.lastHash(), at, epoch);
              try (PreparedStatement insert = file.prepare(INSERT_EVENT)) {
                row.bind(insert);
                insert.executeUpdate();
              }
              reseal(
                  withUpdatedAt(run.run(), clock.instant()),
                  new RunHead(head.runId(), head.eventCount() + 1, row.hash()));
              return row;
            });
    // Only once the record is committed: an anchor ahead of the file would refuse a good journal.
    anchor.advance(new Anchor(appended.seq(), appended.hash(), 0));
    return appended.toEvent();
  }

  @Override
  public synchronized List<JournalEvent> events(String runId) {
    // One read transaction, so the header and the records are the same snapshot.
    return file.read(() -> ChainVerifier.verify(sealed(runId).head(), eventRows(runId)));
  }

  @Override
  public Journal fencedBy(Lease lease) {
    return new FencedJournal(this, lease);
  }

  @Override
  public String shown() {
    return file.path().toString();
  }

  @Override
  public Fleets fleets() {
    return new FleetTables(
        new FleetTables.Store() {
          @Override
          public <T> T write(FleetTables.Work<T> work) {
            synchronized (SqliteJournal.this) {
              return file.write(() -> work.run(file));
            }
          }

          @Override
          public <T> T read(FleetTables.Work<T> work) {
            synchronized (SqliteJournal.this) {
              return file.read(() -> work.run(file));
            }
          }

          @Override
          public LeaseRow.Grant grant(Sql tx, String system, String holder, Duration ttl)
              throws SQLException {
            return grantIn(system, holder, ttl, true);
          }

          @Override
          public Instant now(Sql tx) {
            return clock.instant();
          }

          @Override
          public LeaseKeeper keeper() {
            return SqliteJournal.this;
          }
        },
        FleetTables.Dialect.SQLITE);
  }

  @Override
  public synchronized Lease acquireLease(String system, String holder, Duration ttl)
      throws LeaseRefusedException {
    LeaseRow.Grant grant = file.write(() -> grantIn(system, holder, ttl, false));
    return new StoredLease(this, grant.orRefuse(), ttl);
  }

  /** Decides a lease request by this journal's clock and stores what it grants, in a write. */
  private LeaseRow.Grant grantIn(String system, String holder, Duration ttl, boolean fresh)
      throws SQLException {
    Instant now = clock.instant();
    LeaseRow asked = new LeaseRow(system, holder, pid, host, 1, now, now.plus(ttl));
    LeaseRow.Grant g = LeaseRow.grant(lease(system), asked, now, fresh);
    if (g.granted() != null) {
      upsertLease(g.granted());
    }
    return g;
  }

  @Override
  public synchronized void close() {
    anchor.close();
    file.close();
  }

  @Override
  public synchronized boolean renewLease(LeaseRow owner, Duration ttl) {
    String expiresAt = Timestamps.format(clock.instant().plus(ttl));
    try {
      String sql = "UPDATE leases SET expires_at = ?" + LEASE_OWNER;
      return file.update(sql, ownerKey(owner, expiresAt)) == 1;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Ends {@code owner}'s lease if it is still theirs; the row stays, so the epoch keeps growing.
   */
  @Override
  public synchronized void releaseLease(LeaseRow owner) {
    String now = Timestamps.format(clock.instant());
    try {
      file.update("UPDATE leases SET expires_at = ?" + LEASE_OWNER, ownerKey(owner, now));
    } catch (SQLException | RuntimeException e) {
      // Nothing to do: an unreleased lease runs out its ttl, or is taken over once we exit.
    }
  }

  private static Object[] ownerKey(LeaseRow owner, String expiresAt) {
    return new Object[] {
      expiresAt, owner.system(), owner.holder(), owner.pid(), owner.host(), owner.epoch()
    };
  }

  /** Refuses the write unless {@code fence} (if any) still holds the lease on its system. */
  private void checkFence(Fence fence, String runSystem) throws SQLException {
    if (fence != null) {
      fence.check(runSystem, lease(fence.system()));
    }
  }

  /** A pragma's value on this journal's own connection (some pragmas are per connection). */
  synchronized String pragma(String name) {
    return file.read(() -> file.queryText("PRAGMA " + name));
  }

  /** The host name leases record, to recognise this host's processes. */
  static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private IllegalArgumentException unknownRun(String runId) {
    return new IllegalArgumentException(
        "there is no run " + runId + " in journal file " + file.path());
  }

  private String unusedRunId(Instant now) throws SQLException {
    for (int attempt = 0; attempt < 100; attempt++) {
      short random = (short) ThreadLocalRandom.current().nextInt();
      String candidate = "r-" + RUN_ID_TIME.format(now) + "-" + HexFormat.of().toHexDigits(random);
      if (file.queryText("SELECT run_id FROM runs WHERE run_id = ?", candidate) == null) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find an unused run id in journal file " + file.path());
  }

  private List<RunRows.Sealed> queryRuns(String sql, Object... parameters) throws SQLException {
    try (PreparedStatement query = file.prepare(sql, parameters);
        ResultSet rs = query.executeQuery()) {
      List<RunRows.Sealed> runs = new ArrayList<>();
      while (rs.next()) {
        runs.add(RunRows.read(rs));
      }
      return runs;
    }
  }

  /** The run's row, its seal checked. */
  private RunRows.Sealed sealed(String runId) throws SQLException {
    return queryRuns(SELECT_RUNS + " WHERE run_id = ?", runId).stream()
        .findFirst()
        .orElseThrow(() -> unknownRun(runId));
  }

  /** Writes the changeable columns of a run's row and the seal over all of them. */
  private void reseal(RunRecord run, RunHead head) throws SQLException {
    String[] values = RunRows.values(run);
    file.update(
        "UPDATE runs SET status = ?, updated_at = ?, event_count = ?, last_hash = ?, seal = ?"
            + " WHERE run_id = ?",
        run.status().name(),
        Timestamps.format(run.updatedAt()),
        head.eventCount(),
        head.lastHash(),
        RunRows.seal(values, head.eventCount(), head.lastHash()),
        run.runId());
  }

  private static RunRecord withUpdatedAt(RunRecord r, Instant at) {
    return new RunRecord(
        r.runId(),
        r.system(),
        r.strategy(),
        r.targetVersion(),
        r.options(),
        r.topologySource(),
        r.topologyText(),
        r.planFingerprint(),
        r.status(),
        r.createdAt(),
        at);
  }

  private long runCount() {
    return file.read(() -> Long.parseLong(file.queryText("SELECT COUNT(*) FROM runs")));
  }

  /** The next seq, known before the insert because the record's hash covers it. */
  private long nextSeq() throws SQLException {
    // AUTOINCREMENT keeps its high-water mark here, so a seq is never reused, even after a cut.
    String last = file.queryText("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
    return last == null ? 1 : Long.parseLong(last) + 1;
  }

  private List<EventRow> eventRows(String runId) throws SQLException {
    String sql = "SELECT " + EventRow.COLUMNS + " FROM events WHERE run_id = ? ORDER BY seq";
    try (PreparedStatement query = file.prepare(sql, runId);
        ResultSet rs = query.executeQuery()) {
      List<EventRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(EventRow.read(rs));
      }
      return rows;
    }
  }

  private Optional<LeaseRow> lease(String system) throws SQLException {
    try (PreparedStatement query = file.prepare("SELECT * FROM leases WHERE system = ?", system);
        ResultSet rs = query.executeQuery()) {
      return rs.next() ? Optional.of(LeaseRow.read(rs)) : Optional.empty();
    }
  }

  private void upsertLease(LeaseRow lease) throws SQLException {
    file.update(
        "INSERT INTO leases (system, holder, pid, host, epoch, acquired_at, expires_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (system) DO UPDATE SET"
            + " holder = excluded.holder, pid = excluded.pid, host = excluded.host,"
            + " epoch = excluded.epoch, acquired_at = excluded.acquired_at,"
            + " expires_at = excluded.expires_at",
        lease.system(),
        lease.holder(),
        lease.pid(),
        lease.host(),
        lease.epoch(),
        Timestamps.format(lease.acquiredAt()),
        Timestamps.format(lease.expiresAt()));
  }
}
