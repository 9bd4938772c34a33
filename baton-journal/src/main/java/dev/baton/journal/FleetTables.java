package dev.baton.journal;

import dev.baton.engine.FencedOffException;
import dev.baton.fleet.Fleet;
import dev.baton.fleet.FleetMember;
import dev.baton.fleet.FleetState;
import dev.baton.fleet.FleetStatus;
import dev.baton.fleet.Limit;
import dev.baton.fleet.SystemState;
import dev.baton.fleet.SystemStatus;
import dev.baton.fleet.Window;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Fleets} in a journal's own database, in SQL that SQLite and PostgreSQL share. Every claim
 * and every finish is one transaction: the wave, the limits' counters, the failure budget and the
 * system's lease move together or not at all.
 */
final class FleetTables implements Fleets {

  /** What the journal lends: its transactions, its clock, and its leases. */
  interface Store {
    <T> T write(Work<T> work);

    <T> T read(Work<T> work);

    /**
     * Decides and stores a lease request inside {@code tx}, as the journal's acquireLease does, but
     * always under a new epoch: a worker claiming a system it held before fences off its own
     * earlier run, which lost the lease.
     */
    LeaseRow.Grant grant(Sql tx, String system, String holder, Duration ttl) throws SQLException;

    /** The clock leases and windows are judged by: the database's, where it has one. */
    Instant now(Sql tx) throws SQLException;

    LeaseKeeper keeper();
  }

  /** Work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Sql tx) throws SQLException;
  }

  /** Where the two databases differ: row locks, and the time a row is stamped with. */
  enum Dialect {
    POSTGRES(
        " FOR UPDATE SKIP LOCKED",
        " FOR UPDATE",
        " FOR SHARE",
        "(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT"),
    // One writer at a time holds the whole file (BEGIN IMMEDIATE): no row needs locking.
    SQLITE("", "", "", "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)");

    final String skipLocked;
    final String forUpdate;
    final String forShare;
    final String nowMillis;

    Dialect(String skipLocked, String forUpdate, String forShare, String nowMillis) {
      this.skipLocked = skipLocked;
      this.forUpdate = forUpdate;
      this.forShare = forShare;
      this.nowMillis = nowMillis;
    }
  }

  /** The schema, as the last migration of each journal creates it. */
  static List<String> schema(String bigint) {
    return List.of(
        """
        CREATE TABLE fleets (
          name TEXT PRIMARY KEY,
          source TEXT NOT NULL,
          digest TEXT NOT NULL,
          definition TEXT NOT NULL,
          state TEXT NOT NULL,
          note TEXT,
          failure_budget INTEGER,
          yes INTEGER NOT NULL,
          waves INTEGER NOT NULL,
          failures INTEGER NOT NULL,
          created_at %s NOT NULL)"""
            .formatted(bigint),
        """
        CREATE TABLE fleet_systems (
          fleet TEXT NOT NULL REFERENCES fleets(name),
          system TEXT NOT NULL,
          position INTEGER NOT NULL,
          wave INTEGER NOT NULL,
          strategy TEXT NOT NULL,
          target_version TEXT NOT NULL,
          options TEXT NOT NULL,
          topology_source TEXT NOT NULL,
          topology_text TEXT NOT NULL,
          window_spec TEXT,
          state TEXT NOT NULL,
          worker TEXT,
          epoch %1$s NOT NULL,
          run_id TEXT,
          claimed_at %1$s,
          finished_at %1$s,
          sentence TEXT,
          PRIMARY KEY (fleet, system))"""
            .formatted(bigint),
        "CREATE INDEX fleet_systems_due ON fleet_systems(fleet, state, wave, position)",
        """
        CREATE TABLE fleet_limits (
          fleet TEXT NOT NULL REFERENCES fleets(name),
          name TEXT NOT NULL,
          max_running INTEGER NOT NULL,
          running INTEGER NOT NULL,
          PRIMARY KEY (fleet, name))""",
        """
        CREATE TABLE fleet_members (
          fleet TEXT NOT NULL,
          limit_name TEXT NOT NULL,
          system TEXT NOT NULL,
          PRIMARY KEY (fleet, system, limit_name))""");
  }

  private static final int CANDIDATES = 50;
  private static final String SYSTEM = " WHERE fleet = ? AND system = ?";
  private static final String LIMITS_OF =
      " WHERE fleet = ? AND name IN (SELECT limit_name FROM fleet_members"
          + " WHERE fleet = ? AND system = ?)";

  private final Store store;
  private final Dialect dialect;

  FleetTables(Store store, Dialect dialect) {
    this.store = store;
    this.dialect = dialect;
  }

  // ---- define ----

  @Override
  public Defined define(Fleet fleet) {
    String digest = digest(fleet);
    return store.write(
        tx -> {
          String existing = tx.queryText("SELECT digest FROM fleets WHERE name = ?", fleet.name());
          if (existing != null) {
            if (existing.equals(digest)) {
              return Defined.UNCHANGED;
            }
            throw new IllegalArgumentException(
                "fleet %s is already in the journal with another definition (from %s); give the new one another name"
                    .formatted(
                        fleet.name(),
                        tx.queryText("SELECT source FROM fleets WHERE name = ?", fleet.name())));
          }
          insert(tx, fleet, digest);
          return Defined.CREATED;
        });
  }

  private void insert(Sql tx, Fleet fleet, String digest) throws SQLException {
    tx.update(
        "INSERT INTO fleets (name, source, digest, definition, state, note, failure_budget, yes,"
            + " waves, failures, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, 0, "
            + dialect.nowMillis
            + ")",
        fleet.name(),
        fleet.source(),
        digest,
        fleet.text(),
        FleetState.ACTIVE.name(),
        fleet.rollout().failureBudget(),
        fleet.rollout().yes() ? 1 : 0,
        fleet.waves());
    try (PreparedStatement s =
        tx.prepare(
            "INSERT INTO fleet_systems (fleet, system, position, wave, strategy, target_version,"
                + " options, topology_source, topology_text, window_spec, state, epoch)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
      for (FleetMember m : fleet.members()) {
        Object[] row = {
          fleet.name(),
          m.system(),
          m.position(),
          m.wave(),
          m.strategy(),
          m.targetVersion(),
          Json.write(m.options()),
          m.topologySource(),
          m.topologyText(),
          m.window() == null ? null : windowSpec(m.window()),
          SystemState.PENDING.name()
        };
        for (int i = 0; i < row.length; i++) {
          s.setObject(i + 1, row[i]);
        }
        s.addBatch();
      }
      s.executeBatch();
    }
    for (Limit l : fleet.limits()) {
      tx.update(
          "INSERT INTO fleet_limits (fleet, name, max_running, running) VALUES (?, ?, ?, 0)",
          fleet.name(),
          l.name(),
          l.max());
      try (PreparedStatement s =
          tx.prepare("INSERT INTO fleet_members (fleet, limit_name, system) VALUES (?, ?, ?)")) {
        for (String system : l.systems()) {
          s.setString(1, fleet.name());
          s.setString(2, l.name());
          s.setString(3, system);
          s.addBatch();
        }
        s.executeBatch();
      }
    }
  }

  /** Covers the fleet file and every topology it loaded: a changed topology is a new definition. */
  private static String digest(Fleet fleet) {
    List<String> parts = new ArrayList<>();
    parts.add(fleet.text());
    fleet.members().forEach(m -> parts.add(m.topologyText()));
    return Digest.of(parts.toArray(String[]::new));
  }

  // ---- claim ----

  @Override
  public Optional<Claim> claim(String worker, String fleet, Duration ttl) {
    return store.write(
        tx -> {
          for (FleetRow f : fleets(tx, fleet)) {
            // The fleet's row first, for share: a finish locks it for update before a system's row.
            boolean budgetSpent = budgetSpent(tx, f.name());
            Optional<Claim> taken = takeOver(tx, f, worker, ttl);
            if (taken.isPresent()) {
              return taken;
            }
            if (f.state() == FleetState.ACTIVE && !budgetSpent) {
              Optional<Claim> started = start(tx, f, worker, ttl);
              if (started.isPresent()) {
                return started;
              }
            }
          }
          return Optional.empty();
        });
  }

  /** A fleet's row as a claim reads it. */
  private record FleetRow(String name, FleetState state, boolean yes) {}

  private static List<FleetRow> fleets(Sql tx, String only) throws SQLException {
    String sql =
        "SELECT name, state, yes FROM fleets"
            + (only == null ? "" : " WHERE name = ?")
            + " ORDER BY created_at, name";
    Object[] p = only == null ? new Object[] {} : new Object[] {only};
    try (PreparedStatement q = tx.prepare(sql, p);
        ResultSet rs = q.executeQuery()) {
      List<FleetRow> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new FleetRow(rs.getString(1), FleetState.valueOf(rs.getString(2)), rs.getInt(3) == 1));
      }
      return out;
    }
  }

  /**
   * A running system whose holder let its lease expire (it died, froze or lost the database): the
   * lease passes to {@code worker} under the next epoch, and the run continues from its journal.
   */
  private Optional<Claim> takeOver(Sql tx, FleetRow f, String worker, Duration ttl)
      throws SQLException {
    String sql =
        "SELECT fs.system FROM fleet_systems fs JOIN leases l ON l.system = fs.system"
            + " WHERE fs.fleet = ? AND fs.state = ? AND l.expires_at <= "
            + (dialect == Dialect.POSTGRES ? "clock_timestamp()" : "?")
            + " ORDER BY fs.position LIMIT "
            + CANDIDATES
            + (dialect == Dialect.POSTGRES ? " FOR UPDATE OF fs SKIP LOCKED" : "");
    List<Object> p = new ArrayList<>(List.of(f.name(), SystemState.RUNNING.name()));
    if (dialect == Dialect.SQLITE) {
      p.add(Timestamps.format(store.now(tx)));
    }
    for (String system : texts(tx, sql, p.toArray())) {
      LeaseRow.Grant grant = store.grant(tx, system, worker, ttl);
      if (grant.granted() == null) {
        continue; // renewed since the query read it
      }
      long epoch = grant.granted().epoch();
      tx.update(
          "UPDATE fleet_systems SET worker = ?, epoch = ?" + SYSTEM,
          worker,
          epoch,
          f.name(),
          system);
      return Optional.of(claimOf(tx, f, system, grant.granted(), ttl, true));
    }
    return Optional.empty();
  }

  /**
   * A pending system of the fleet's current wave that every limit, the budget and its window let
   * start.
   */
  private Optional<Claim> start(Sql tx, FleetRow f, String worker, Duration ttl)
      throws SQLException {
    String wave =
        tx.queryText(
            "SELECT MIN(wave) FROM fleet_systems WHERE fleet = ? AND state IN (?, ?)",
            f.name(),
            SystemState.PENDING.name(),
            SystemState.RUNNING.name());
    if (wave == null) {
      return Optional.empty();
    }
    Instant now = store.now(tx);
    for (String[] c : candidates(tx, f.name(), Integer.parseInt(wave))) {
      String system = c[0];
      if (c[1] != null && !window(c[1]).open(now)) {
        continue;
      }
      if (!placesFree(tx, f.name(), system)) {
        continue;
      }
      LeaseRow.Grant grant = store.grant(tx, system, worker, ttl);
      if (grant.granted() == null) {
        continue; // someone runs this system outside the fleet
      }
      tx.update(
          "UPDATE fleet_limits SET running = running + 1" + LIMITS_OF, f.name(), f.name(), system);
      tx.update(
          "UPDATE fleet_systems SET state = ?, worker = ?, epoch = ?, run_id = NULL,"
              + " claimed_at = "
              + dialect.nowMillis
              + SYSTEM,
          SystemState.RUNNING.name(),
          worker,
          grant.granted().epoch(),
          f.name(),
          system);
      return Optional.of(claimOf(tx, f, system, grant.granted(), ttl, false));
    }
    return Optional.empty();
  }

  /**
   * Whether the budget stops new starts. The fleet's row is locked for share, so a finish that
   * counts a failure (it updates the row) either commits before this claim reads it or waits for
   * this claim to commit.
   */
  private boolean budgetSpent(Sql tx, String fleet) throws SQLException {
    try (PreparedStatement q =
            tx.prepare(
                "SELECT failure_budget, failures FROM fleets WHERE name = ?" + dialect.forShare,
                fleet);
        ResultSet rs = q.executeQuery()) {
      rs.next();
      int budget = rs.getInt(1);
      return !rs.wasNull() && rs.getInt(2) >= budget;
    }
  }

  /** Pending systems of {@code wave} with a place under every limit, locked for this claim. */
  private List<String[]> candidates(Sql tx, String fleet, int wave) throws SQLException {
    String sql =
        "SELECT s.system, s.window_spec FROM fleet_systems s WHERE s.fleet = ? AND s.state = ?"
            + " AND s.wave = ? AND NOT EXISTS (SELECT 1 FROM fleet_members m JOIN fleet_limits g"
            + " ON g.fleet = m.fleet AND g.name = m.limit_name WHERE m.fleet = s.fleet"
            + " AND m.system = s.system AND g.running >= g.max_running)"
            + " ORDER BY s.position LIMIT "
            + CANDIDATES
            + dialect.skipLocked;
    try (PreparedStatement q = tx.prepare(sql, fleet, SystemState.PENDING.name(), wave);
        ResultSet rs = q.executeQuery()) {
      List<String[]> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new String[] {rs.getString(1), rs.getString(2)});
      }
      return out;
    }
  }

  /**
   * Locks the counters of every limit the system is in (in name order, as every claim does, so that
   * two claims never wait on each other) and says whether each has a place left.
   */
  private boolean placesFree(Sql tx, String fleet, String system) throws SQLException {
    String sql =
        "SELECT name, max_running, running FROM fleet_limits"
            + LIMITS_OF
            + " ORDER BY name"
            + dialect.forUpdate;
    try (PreparedStatement q = tx.prepare(sql, fleet, fleet, system);
        ResultSet rs = q.executeQuery()) {
      while (rs.next()) {
        if (rs.getInt(3) >= rs.getInt(2)) {
          return false;
        }
      }
      return true;
    }
  }

  private Claim claimOf(
      Sql tx, FleetRow f, String system, LeaseRow lease, Duration ttl, boolean takeover)
      throws SQLException {
    try (PreparedStatement q =
            tx.prepare(
                "SELECT wave, strategy, target_version, options, topology_source, topology_text,"
                    + " run_id FROM fleet_systems"
                    + SYSTEM,
                f.name(),
                system);
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return new Claim(
          f.name(),
          system,
          rs.getInt(1),
          rs.getString(2),
          rs.getString(3),
          Json.read(rs.getString(4)),
          rs.getString(5),
          rs.getString(6),
          f.yes(),
          takeover,
          rs.getString(7),
          new StoredLease(store.keeper(), lease, ttl));
    }
  }

  // ---- attach and finish ----

  @Override
  public void attach(Claim claim, String runId) {
    store.write(
        tx -> {
          holding(tx, claim);
          tx.update(
              "UPDATE fleet_systems SET run_id = ?" + SYSTEM, runId, claim.fleet(), claim.system());
          return null;
        });
  }

  @Override
  public void finish(Claim claim, SystemState state, String sentence) {
    if (!state.finished()) {
      throw new IllegalArgumentException(
          "a claim finishes as done, failed or halted, not " + state);
    }
    store.write(
        tx -> {
          // The fleet's row first, as every claim takes it: see budgetSpent.
          tx.queryText(
              "SELECT failures FROM fleets WHERE name = ?" + dialect.forUpdate, claim.fleet());
          holding(tx, claim);
          texts(
              tx,
              "SELECT name FROM fleet_limits" + LIMITS_OF + " ORDER BY name" + dialect.forUpdate,
              claim.fleet(),
              claim.fleet(),
              claim.system());
          tx.update(
              "UPDATE fleet_limits SET running = running - 1" + LIMITS_OF,
              claim.fleet(),
              claim.fleet(),
              claim.system());
          tx.update(
              "UPDATE fleet_systems SET state = ?, sentence = ?, finished_at = "
                  + dialect.nowMillis
                  + SYSTEM,
              state.name(),
              sentence,
              claim.fleet(),
              claim.system());
          if (state.failure()) {
            tx.update("UPDATE fleets SET failures = failures + 1 WHERE name = ?", claim.fleet());
          }
          return null;
        });
  }

  /** Refuses a write about a system that a newer claim (another epoch) holds now. */
  private void holding(Sql tx, Claim claim) throws SQLException {
    try (PreparedStatement q =
            tx.prepare(
                "SELECT epoch, worker, state FROM fleet_systems" + SYSTEM + dialect.forUpdate,
                claim.fleet(),
                claim.system());
        ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalArgumentException(
            "fleet " + claim.fleet() + " has no system " + claim.system());
      }
      long epoch = rs.getLong(1);
      if (epoch != claim.epoch() || !SystemState.RUNNING.name().equals(rs.getString(3))) {
        throw new FencedOffException(claim.system(), claim.epoch(), epoch, rs.getString(2));
      }
    }
  }

  // ---- status and changes ----

  @Override
  public Optional<FleetStatus> status(String fleet) {
    return store.read(tx -> statusIn(tx, fleet));
  }

  private Optional<FleetStatus> statusIn(Sql tx, String fleet) throws SQLException {
    try (PreparedStatement q =
            tx.prepare(
                "SELECT state, note, failure_budget, waves FROM fleets WHERE name = ?", fleet);
        ResultSet rs = q.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      FleetState state = FleetState.valueOf(rs.getString(1));
      String note = rs.getString(2);
      int budget = rs.getInt(3);
      Integer failureBudget = rs.wasNull() ? null : budget;
      int waves = rs.getInt(4);
      return Optional.of(
          new FleetStatus(fleet, state, note, failureBudget, waves, systems(tx, fleet)));
    }
  }

  private static List<SystemStatus> systems(Sql tx, String fleet) throws SQLException {
    try (PreparedStatement q =
            tx.prepare(
                "SELECT system, wave, state, worker, epoch, run_id, claimed_at, finished_at,"
                    + " sentence FROM fleet_systems WHERE fleet = ? ORDER BY position",
                fleet);
        ResultSet rs = q.executeQuery()) {
      List<SystemStatus> out = new ArrayList<>();
      while (rs.next()) {
        out.add(
            new SystemStatus(
                rs.getString(1),
                rs.getInt(2),
                SystemState.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getLong(5),
                rs.getString(6),
                millis(rs, 7),
                millis(rs, 8),
                rs.getString(9)));
      }
      return out;
    }
  }

  private static Instant millis(ResultSet rs, int column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  @Override
  public boolean settled(String fleet) {
    String sql =
        "SELECT COUNT(*) FROM fleet_systems s JOIN fleets f ON f.name = s.fleet"
            + " WHERE (s.state = ? OR (s.state = ? AND f.state <> ?"
            + " AND (f.failure_budget IS NULL OR f.failures < f.failure_budget)))"
            + (fleet == null ? "" : " AND s.fleet = ?");
    List<Object> p =
        new ArrayList<>(
            List.of(
                SystemState.RUNNING.name(), SystemState.PENDING.name(), FleetState.ABORTED.name()));
    if (fleet != null) {
      p.add(fleet);
    }
    return store.read(tx -> Long.parseLong(tx.queryText(sql, p.toArray())) == 0);
  }

  @Override
  public List<String> names() {
    return store.read(tx -> texts(tx, "SELECT name FROM fleets ORDER BY created_at, name"));
  }

  @Override
  public FleetStatus change(String fleet, FleetState state, String note) {
    return store.write(
        tx -> {
          String now =
              tx.queryText("SELECT state FROM fleets WHERE name = ?" + dialect.forUpdate, fleet);
          if (now == null) {
            throw new IllegalArgumentException("there is no fleet " + fleet + " in the journal");
          }
          if (FleetState.valueOf(now) == FleetState.ABORTED && state != FleetState.ABORTED) {
            throw new IllegalArgumentException(
                "fleet " + fleet + " was aborted and stays aborted; define a new fleet to go on");
          }
          tx.update(
              "UPDATE fleets SET state = ?, note = ? WHERE name = ?", state.name(), note, fleet);
          if (state == FleetState.ABORTED) {
            tx.update(
                "UPDATE fleet_systems SET state = ?, sentence = ? WHERE fleet = ? AND state = ?",
                SystemState.SKIPPED.name(),
                "skipped: the fleet was aborted",
                fleet,
                SystemState.PENDING.name());
          }
          return statusIn(tx, fleet).orElseThrow();
        });
  }

  // ---- helpers ----

  private static List<String> texts(Sql tx, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement q = tx.prepare(sql, parameters);
        ResultSet rs = q.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** A window as one line of text: {@code name|1,6,7|22:00|04:00|Europe/Paris}. */
  static String windowSpec(Window w) {
    String days =
        w.days().stream().map(d -> Integer.toString(d.getValue())).collect(Collectors.joining(","));
    return String.join(
        "|", w.name(), days, w.from().toString(), w.to().toString(), w.zone().getId());
  }

  static Window window(String spec) {
    String[] p = spec.split("\\|", -1);
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : p[1].split(",")) {
      days.add(DayOfWeek.of(Integer.parseInt(d)));
    }
    return new Window(p[0], days, LocalTime.parse(p[2]), LocalTime.parse(p[3]), ZoneId.of(p[4]));
  }
}
