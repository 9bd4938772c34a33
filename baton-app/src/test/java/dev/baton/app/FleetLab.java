package dev.baton.app;

import dev.baton.drivers.sim.SimAction;
import dev.baton.drivers.sim.SimDriver;
import dev.baton.fleet.FleetStatus;
import dev.baton.journal.FleetJournal;
import dev.baton.journal.JournalLocation;
import dev.baton.testkit.Dirs;
import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fleet lab for the fleet integration tests: a real PostgreSQL journal (Debian's, started by the
 * test kit), generated simulator systems, a fleet file, and worker processes (child JVMs running
 * the baton jar) that the lab stops by their pids when it closes.
 */
final class FleetLab implements AutoCloseable {

  /** One worker process: its name, its process and the directory holding its output. */
  record Worker(String name, Process process, Path dir) {
    long pid() {
      return process.pid();
    }

    String output() throws IOException {
      return Files.readString(dir.resolve("child.out"));
    }

    /** Sends a signal (STOP, CONT, KILL) to this worker's process, by its pid. */
    void signal(String name) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid() + " failed");
      }
    }
  }

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path root;
  private final LocalPgCluster pg;
  private final String url;
  private final Path dir;
  private final Path home;
  private final List<Worker> workers = new ArrayList<>();

  private FleetLab(Path root, LocalPgCluster pg, String url, Path dir) {
    this.root = root;
    this.pg = pg;
    this.url = url;
    this.dir = dir;
    this.home = dir.resolve("home");
  }

  /** A PostgreSQL server for the labs of one test class. */
  static LocalPgCluster server(Path root) {
    PgProcess.giveToPostgres(root);
    LocalPgCluster pg =
        LocalPgCluster.initPrimary(root, "journal", PgBinaries.debian(), Ports.free());
    try {
      pg.appendSettings("max_connections = 100\n");
      pg.start();
      return pg;
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** A lab on a new database of {@code pg}, in a new directory under {@code dir}. */
  static FleetLab on(LocalPgCluster pg, Path root, Path dir) throws Exception {
    String db = "fleet" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    Path labDir = Files.createDirectories(dir.resolve(db));
    Files.createDirectories(labDir.resolve("systems"));
    return new FleetLab(
        root, pg, "postgresql://postgres@%s:%d/%s".formatted(pg.host(), pg.port(), db), labDir);
  }

  String url() {
    return url;
  }

  Path home() {
    return home;
  }

  /**
   * Writes {@code n} stand-alone simulator systems {@code PREFIX-01}…; {@code failing} ones fail
   * their upgrade ({@code sim.failActions}).
   */
  void systems(String prefix, int n, List<Integer> failing) throws IOException {
    for (int i = 1; i <= n; i++) {
      String name = "%s-%02d".formatted(prefix, i);
      String fault = failing.contains(i) ? "sim:\n  failActions: [\"install db\"]\n" : "";
      Files.writeString(
          dir.resolve("systems").resolve(name + ".yaml"),
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
          %s"""
              .formatted(name, fault));
    }
  }

  /** Writes the fleet file and defines the fleet in the journal, as an operator would. */
  Cli.Result apply(String fleetYaml) throws IOException {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, fleetYaml);
    return Cli.inProcess(
        "fleet", "apply", file.toString(), "--journal", url, "--home", home.toString());
  }

  Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--journal", url, "--home", home.toString()));
    return Cli.inProcess(all.toArray(String[]::new));
  }

  /** Starts a worker process that stops once the fleet is settled. */
  Worker worker(String name, Duration leaseTtl) throws IOException {
    Path wd = Files.createDirectories(dir.resolve(name));
    Process p =
        Cli.start(
            wd,
            Map.of(),
            "worker",
            "--journal",
            url,
            "--home",
            home.toString(),
            "--name",
            name,
            "--lease-ttl",
            Long.toString(leaseTtl.toSeconds()),
            "--slots",
            "4",
            "--poll-ms",
            "100",
            "--until-settled");
    Worker w = new Worker(name, p, wd);
    workers.add(w);
    return w;
  }

  FleetStatus status(String fleet) {
    try (FleetJournal j = JournalLocation.parse(url, null).open()) {
      return j.fleets().status(fleet).orElseThrow();
    }
  }

  FleetJournal journal() {
    return JournalLocation.parse(url, null).open();
  }

  /** Waits, within a bound, until every worker process has ended. */
  void awaitWorkersEnd(Duration bound) {
    Poll.every(Duration.ofMillis(200))
        .until(
            bound,
            "every worker to end",
            () -> workers.stream().noneMatch(w -> w.process().isAlive()));
  }

  /** The simulator's action log of {@code system}. */
  List<SimAction> actions(String system) {
    return new SimDriver(SimDriver.stateFileFor(home, system)).actions();
  }

  /**
   * Stops every worker still running, by its pid, then drops nothing else: the server is shared.
   */
  @Override
  public void close() {
    for (Worker w : workers) {
      if (w.process().isAlive()) {
        try {
          w.signal("CONT"); // a frozen process cannot die until it runs again
        } catch (Exception e) {
          // it ended meanwhile
        }
        w.process().destroyForcibly();
        try {
          w.process().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Stops the server and deletes everything under {@code root}. */
  static void shutDown(LocalPgCluster pg, Path root) {
    try {
      if (pg != null) {
        pg.close();
      }
    } finally {
      Dirs.deleteTree(root);
    }
  }
}
