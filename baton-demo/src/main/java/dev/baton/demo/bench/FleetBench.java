package dev.baton.demo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.fleet.Fleet;
import dev.baton.fleet.FleetLoader;
import dev.baton.journal.FleetJournal;
import dev.baton.journal.JournalLocation;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The fleet benchmark of TESTING.md: a fleet of generated simulator systems in waves (1, 10%, the
 * rest) run by worker processes on a PostgreSQL journal (a real local server), then the same fleet
 * by one worker on the SQLite journal. Reports systems finished per minute, journal records written
 * per second and each worker's peak heap. Prints figures; asserts nothing.
 */
public final class FleetBench {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FleetBench() {}

  /** What to run: how many systems, workers and slots per worker, and how long at most. */
  public record Settings(
      int systems, int workers, int slots, Duration timeout, String workerHeap, Path jar) {}

  public static Map<String, Object> run(Path workDir, Settings s) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "fleet");
    out.put("systems", s.systems());
    out.put("workers", s.workers());
    out.put("slotsPerWorker", s.slots());
    out.put("workerHeapLimit", s.workerHeap());
    out.put("waves", "1, 10%, rest");
    Path dir = Files.createDirectories(workDir);
    Path fleetFile = writeFleet(dir, s.systems());
    long t0 = System.nanoTime();
    Fleet fleet = FleetLoader.load(fleetFile);
    out.put("fleetLoadSeconds", seconds(System.nanoTime() - t0));
    out.put("postgresql", onPostgres(dir, fleet, s));
    out.put("sqliteOneProcess", onSqlite(dir, fleet, s));
    return out;
  }

  private static Map<String, Object> onPostgres(Path dir, Fleet fleet, Settings s)
      throws Exception {
    // Short, because the server's Unix socket lives under it.
    Path root = Files.createTempDirectory(Path.of("/tmp"), "bfb-");
    PgProcess.giveToPostgres(root);
    LocalPgCluster pg =
        LocalPgCluster.initPrimary(root, "journal", PgBinaries.debian(), Ports.free());
    try {
      pg.appendSettings("max_connections = 100\nshared_buffers = '128MB'\n");
      pg.start();
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE baton");
      }
      String url = "postgresql://postgres@%s:%d/baton".formatted(pg.host(), pg.port());
      Map<String, Object> r = runFleet(dir.resolve("pg"), url, fleet, s.workers(), s);
      r.put("journal", "postgresql (Debian " + PgBinaries.debian().version() + ", local)");
      return r;
    } finally {
      try {
        pg.close();
      } finally {
        Dirs.deleteTree(root);
      }
    }
  }

  private static Map<String, Object> onSqlite(Path dir, Fleet fleet, Settings s) throws Exception {
    Path home = Files.createDirectories(dir.resolve("sqlite"));
    Map<String, Object> r = runFleet(home, home.resolve("journal.db").toString(), fleet, 1, s);
    r.put("journal", "sqlite (one file, one worker process)");
    return r;
  }

  /** Defines the fleet, runs {@code workers} worker processes to the end, and measures. */
  private static Map<String, Object> runFleet(
      Path home, String journal, Fleet fleet, int workers, Settings s) throws Exception {
    Files.createDirectories(home);
    try (FleetJournal j = JournalLocation.parse(journal, null).open()) {
      j.fleets().define(fleet);
    }
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    long t0 = System.nanoTime();
    try {
      for (int i = 1; i <= workers; i++) {
        Path output = home.resolve("worker-" + i + ".jsonl");
        outputs.add(output);
        processes.add(worker(s, journal, home, "w" + i, output));
      }
      long deadline = System.nanoTime() + s.timeout().toNanos();
      for (Process p : processes) {
        long left = Math.max(1, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    } finally {
      // Every worker is stopped by its pid, also when the bound ran out.
      for (Process p : processes) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    double wall = seconds(System.nanoTime() - t0);
    Map<String, Object> r = measured(journal);
    r.put("wallSeconds", wall);
    r.put("completed", r.get("done").equals((long) fleet.members().size()));
    List<Object> perWorker = new ArrayList<>();
    for (Path o : outputs) {
      perWorker.add(summary(o));
    }
    r.put("workers", perWorker);
    return r;
  }

  private static Process worker(Settings s, String journal, Path home, String name, Path output)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + s.workerHeap(),
                "-jar",
                s.jar().toString(),
                "worker",
                "--journal",
                journal,
                "--home",
                home.toString(),
                "--name",
                name,
                "--slots",
                Integer.toString(s.slots()),
                "--poll-ms",
                "200",
                "--until-settled",
                "--output",
                "json"));
    return new ProcessBuilder(cmd)
        .redirectOutput(output.toFile())
        .redirectError(output.resolveSibling(name + ".err").toFile())
        .start();
  }

  /** The fleet's figures from the journal itself: the database's stamps and counts. */
  private static Map<String, Object> measured(String journal) throws SQLException {
    Map<String, Object> r = new LinkedHashMap<>();
    try (Connection c = connect(journal);
        Statement st = c.createStatement()) {
      long done = count(st, "SELECT COUNT(*) FROM fleet_systems WHERE state = 'DONE'");
      long records = count(st, "SELECT COUNT(*) FROM events");
      long runs = count(st, "SELECT COUNT(*) FROM runs");
      long first = count(st, "SELECT MIN(claimed_at) FROM fleet_systems");
      long last = count(st, "SELECT MAX(finished_at) FROM fleet_systems");
      double seconds = Math.max(0.001, (last - first) / 1000.0);
      r.put("done", done);
      r.put("takenOver", count(st, "SELECT COUNT(*) FROM fleet_systems WHERE epoch > 1"));
      r.put("runs", runs);
      r.put("journalRecords", records);
      r.put("fleetSeconds", round(seconds));
      r.put("systemsPerMinute", round(done / seconds * 60));
      r.put("secondsPerSystem", round(seconds / Math.max(1, done)));
      // Records, plus the run rows created: the journal's own writes, not the fleet's bookkeeping.
      r.put("journalWritesPerSecond", round((records + runs) / seconds));
    }
    return r;
  }

  private static Connection connect(String journal) throws SQLException {
    if (journal.startsWith("postgresql://")) {
      return DriverManager.getConnection(
          "jdbc:" + journal.replace("postgresql://postgres@", "postgresql://") + "?user=postgres");
    }
    return DriverManager.getConnection("jdbc:sqlite:" + journal);
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The worker's summary line (its counts and peak heap); for a worker stopped by the bound before
   * it wrote one, its systems counted from its lines and the peak heap its last line showed.
   */
  @SuppressWarnings("unchecked")
  private static Object summary(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output);
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("worker", output.getFileName().toString().replace(".jsonl", ""));
    partial.put("stoppedByTheBound", true);
    long systems = 0;
    long peak = 0;
    for (String line : lines) {
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException cut) {
        continue; // the last line of a worker stopped mid-write
      }
      if (n.has("done")) {
        return JSON.convertValue(n, Map.class);
      }
      if (n.has("system")) {
        systems++;
        peak = Math.max(peak, n.path("peakHeapMiB").asLong());
      }
    }
    partial.put("systemsEnded", systems);
    partial.put("peakHeapMiB", peak);
    return partial;
  }

  /** N stand-alone simulator systems and a fleet file for them. */
  private static Path writeFleet(Path dir, int n) throws IOException {
    Path systems = Files.createDirectories(dir.resolve("systems"));
    for (int i = 1; i <= n; i++) {
      String name = "sys-%05d".formatted(i);
      Files.writeString(
          systems.resolve(name + ".yaml"),
          """
          system: %s
          driver: sim
          roleModel: active-standby
          sides:
            - name: A
          nodes:
            - name: n1
              side: A
          components:
            - name: db
              node: n1
              kind: database
              version: "1.0"
              order: 1
          """
              .formatted(name));
    }
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        fleet: bench
        systems:
          - topology: systems/*.yaml
            strategy: full-stop
            to: "2.0"
        rollout:
          waves: [1, "10%", rest]
          yes: true
        """);
    return fleet;
  }

  private static double seconds(long nanos) {
    return round(nanos / 1e9);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
