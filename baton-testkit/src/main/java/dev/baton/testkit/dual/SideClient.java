package dev.baton.testkit.dual;

import dev.baton.testkit.dual.SideWrite.Op;
import dev.baton.testkit.dual.SideWrite.Outcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Security;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * One side's application, run as its own JVM by {@link DualSideLab}: it writes its own keys into
 * main.accounts and report.entries, alternately, through a pgjdbc multi-host URL that lists its own
 * side first, and logs every attempt as a {@link SideWrite} line. It reconnects after any error, so
 * a changed hosts file ({@code -Djdk.net.hosts.file}) takes effect at the next connect.
 *
 * <pre>
 * java -Djdk.net.hosts.file=ROOT/hosts-a -cp CP dev.baton.testkit.dual.SideClient --side A
 *   --hosts side-a:6432,side-b:6432 --out FILE --stop STOPFILE --max-seconds N [--pause-ms 10]
 * </pre>
 *
 * It stops when STOPFILE exists or after N seconds. Started again on the same output file, it goes
 * on after the last sequence number and key there, so no key is ever written twice.
 */
public final class SideClient {

  /** The tables the client writes, by database. */
  static final Map<String, String> TABLES = Map.of("main", "accounts", "report", "entries");

  private static final List<String> DATABASES = List.of("main", "report");
  private static final String SERVER = "host(inet_server_addr()) || ':' || inet_server_port()";
  private static final long BACKOFF_MIN_MS = 20;
  private static final long BACKOFF_MAX_MS = 200;

  /** What the command line says. */
  record Args(
      Side side, String hosts, Path out, Path stop, Duration maxRun, Duration pause, String user) {

    static Args parse(String[] argv) {
      HashMap<String, String> m = new HashMap<>();
      for (int i = 0; i < argv.length; i++) {
        if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
          throw new IllegalArgumentException("expected --name value pairs, got '" + argv[i] + "'");
        }
        m.put(argv[i].substring(2), argv[++i]);
      }
      for (String required : List.of("side", "hosts", "out", "stop", "max-seconds")) {
        if (!m.containsKey(required)) {
          throw new IllegalArgumentException("--" + required + " is required");
        }
      }
      return new Args(
          Side.of(m.get("side")),
          m.get("hosts"),
          Path.of(m.get("out")),
          Path.of(m.get("stop")),
          Duration.ofSeconds(Long.parseLong(m.get("max-seconds"))),
          Duration.ofMillis(Long.parseLong(m.getOrDefault("pause-ms", "10"))),
          m.getOrDefault("user", "postgres"));
    }
  }

  /** One database's connection and the keys the client knows exist there. */
  private final class Db {
    final String name;
    final String table;
    Connection connection;
    final List<Long> live = new ArrayList<>();

    Db(String name) {
      this.name = name;
      this.table = TABLES.get(name);
    }

    Connection connect() throws SQLException {
      if (connection == null) {
        Properties p = new Properties();
        p.setProperty("user", args.user());
        Connection c = DriverManager.getConnection(url(name), p);
        c.setAutoCommit(false);
        connection = c;
      }
      return connection;
    }

    void drop() {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          // It is being dropped because it failed; the next write connects afresh.
        }
        connection = null;
      }
    }
  }

  private final Args args;
  private final Random random = new Random();
  private final List<Db> dbs = DATABASES.stream().map(Db::new).toList();
  private long seq;
  private long nextKey;
  private long backoffMs;

  private SideClient(Args args, long firstSeq, long firstKey) {
    this.args = args;
    this.seq = firstSeq;
    this.nextKey = firstKey;
  }

  public static void main(String[] argv) {
    resolveNamesAfresh();
    Args args;
    try {
      args = Args.parse(argv);
    } catch (IllegalArgumentException e) {
      System.err.println("SideClient: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<SideWrite> earlier = SideWrites.read(args.out());
    long firstSeq = earlier.stream().mapToLong(SideWrite::seq).max().orElse(0) + 1;
    long firstKey =
        earlier.stream()
            .mapToLong(SideWrite::key)
            .map(k -> k + 2)
            .max()
            .orElse(args.side().firstKey());
    System.out.println(
        "SideClient " + args.side() + " starts at seq " + firstSeq + ", key " + firstKey);
    long done = new SideClient(args, firstSeq, firstKey).run();
    System.out.println("SideClient " + args.side() + " stops after " + done + " attempts");
    System.exit(0);
  }

  /**
   * Makes every name lookup read the hosts file again: the JDK otherwise keeps a name it found for
   * 30 s, and one it did not find for 10 s (java.security's networkaddress.cache.negative.ttl,
   * which -Dsun.net.inetaddr.negative.ttl cannot override). A file caught half-rewritten would then
   * keep failing for 10 s. Call it before the first lookup.
   */
  public static void resolveNamesAfresh() {
    Security.setProperty("networkaddress.cache.ttl", "0");
    Security.setProperty("networkaddress.cache.negative.ttl", "0");
  }

  private String url(String db) {
    return "jdbc:postgresql://"
        + args.hosts()
        + "/"
        + db
        + "?targetServerType=any&connectTimeout=2&socketTimeout=5&prepareThreshold=0";
  }

  private long run() {
    long deadline = System.nanoTime() + args.maxRun().toNanos();
    long attempts = 0;
    try (BufferedWriter out =
        Files.newBufferedWriter(
            args.out(),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      while (!stopped(deadline)) {
        Db db = dbs.get((int) (attempts % dbs.size()));
        SideWrite w = attempt(db);
        out.write(w.format());
        out.newLine();
        out.flush();
        attempts++;
        pause(w.acknowledged() ? args.pause().toMillis() : backoff(), deadline);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + args.out(), e);
    } finally {
      dbs.forEach(Db::drop);
    }
    return attempts;
  }

  private boolean stopped(long deadline) {
    return System.nanoTime() - deadline >= 0 || Files.exists(args.stop());
  }

  private long backoff() {
    backoffMs = backoffMs == 0 ? BACKOFF_MIN_MS : Math.min(backoffMs * 2, BACKOFF_MAX_MS);
    return backoffMs;
  }

  /** Sleeps {@code ms} in short steps, so that a stop file is seen soon. */
  private void pause(long ms, long deadline) {
    long until = System.nanoTime() + Duration.ofMillis(ms).toNanos();
    while (System.nanoTime() - until < 0 && !stopped(deadline)) {
      try {
        Thread.sleep(Math.min(ms, 20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Mostly inserts of new keys; sometimes an update or delete of a key known to exist. */
  private SideWrite attempt(Db db) {
    double r = random.nextDouble();
    Op op = db.live.isEmpty() || r < 0.6 ? Op.INSERT : r < 0.85 ? Op.UPDATE : Op.DELETE;
    long key;
    if (op == Op.INSERT) {
      key = nextKey;
      nextKey += 2;
    } else {
      key = db.live.get(random.nextInt(db.live.size()));
    }
    long s = seq++;
    long start = System.currentTimeMillis();
    Result result = execute(db, op, key, args.side().name() + "-" + s);
    SideWrite w =
        new SideWrite(
            args.side(),
            s,
            db.name,
            db.table,
            op,
            key,
            start,
            System.currentTimeMillis(),
            result.outcome,
            result.sqlState,
            result.server);
    remember(db, w);
    return w;
  }

  /** Keeps the keys whose row surely exists; one in doubt is never touched again. */
  private void remember(Db db, SideWrite w) {
    if (w.acknowledged()) {
      backoffMs = 0;
      if (w.op() == Op.INSERT) {
        db.live.add(w.key());
      } else if (w.op() == Op.DELETE) {
        db.live.remove(w.key());
      }
    } else if (w.inDoubt()) {
      db.live.remove(w.key());
    }
  }

  private record Result(Outcome outcome, String sqlState, String server) {}

  private Result execute(Db db, Op op, long key, String note) {
    Connection c;
    String server;
    try {
      c = db.connect();
      server = statement(c, db.table, op, key, note);
    } catch (SQLException e) {
      // Nothing was committed: the transaction never reached COMMIT.
      db.drop();
      return new Result(Outcome.ERROR, e.getSQLState(), null);
    }
    if (server == null) {
      // The row is not on this server (not yet replicated here, say): change nothing.
      rollback(db);
      return new Result(Outcome.ERROR, "02000", null);
    }
    try {
      c.commit();
      return new Result(Outcome.OK, null, server);
    } catch (SQLException e) {
      db.drop();
      return refusedCommit(e)
          ? new Result(Outcome.ERROR, e.getSQLState(), null)
          : new Result(Outcome.INDOUBT, null, null);
    }
  }

  /**
   * Whether the server answered COMMIT with a refusal (a serialization failure, a deferred
   * constraint): then nothing was committed. Any other failure, a lost connection above all, leaves
   * the commit's outcome unknown.
   */
  private static boolean refusedCommit(SQLException e) {
    String state = e.getSQLState();
    return state != null
        && (state.startsWith("40") || state.startsWith("23") || state.startsWith("25"));
  }

  private static void rollback(Db db) {
    try {
      db.connection.rollback();
    } catch (SQLException e) {
      db.drop();
    }
  }

  /** Runs the write and returns the server that ran it, or null when it touched no row. */
  private String statement(Connection c, String table, Op op, long key, String note)
      throws SQLException {
    String sql =
        switch (op) {
          case INSERT -> "INSERT INTO " + table + " (note, side, id) VALUES (?, ?, ?)";
          case UPDATE -> "UPDATE " + table + " SET note = ?, updated_at = now() WHERE id = ?";
          case DELETE -> "DELETE FROM " + table + " WHERE id = ?";
        };
    try (PreparedStatement ps = c.prepareStatement(sql + " RETURNING " + SERVER)) {
      int i = 1;
      if (op != Op.DELETE) {
        ps.setString(i++, note);
      }
      if (op == Op.INSERT) {
        ps.setString(i++, args.side().name());
      }
      ps.setLong(i, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
