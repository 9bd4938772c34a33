package dev.baton.journal;

import dev.baton.testkit.Dirs;
import dev.baton.testkit.pg.LocalPgCluster;
import dev.baton.testkit.pg.PgBinaries;
import dev.baton.testkit.pg.PgProcess;
import dev.baton.testkit.pg.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server (Debian's) for every PostgreSQL journal test of a test run, started by
 * the test kit on first use and stopped, by its pid, when the whole run ends; each test gets a
 * database of its own.
 */
final class PostgresServer implements BeforeAllCallback {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static volatile Running running;

  /** The server and its directory; JUnit closes it once, after the last test class. */
  private record Running(Path root, LocalPgCluster cluster)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      try {
        cluster.close();
      } finally {
        Dirs.deleteTree(root);
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(PostgresServer.class, k -> start(), Running.class);
  }

  private static synchronized Running start() {
    try {
      // Short, because the Unix socket lives under it.
      Path root = Files.createTempDirectory(Path.of("/tmp"), "bjpg-");
      PgProcess.giveToPostgres(root);
      LocalPgCluster cluster =
          LocalPgCluster.initPrimary(root, "journal", PgBinaries.debian(), Ports.free());
      cluster.appendSettings("max_connections = 200\n");
      cluster.start();
      running = new Running(root, cluster);
      return running;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Creates an empty database and returns its JDBC URL (user postgres, trusted). */
  static String newDatabase() {
    Running r = running;
    if (r == null) {
      throw new IllegalStateException("annotate the test with @ExtendWith(PostgresServer.class)");
    }
    String name = "j" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(r.cluster().jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return "jdbc:postgresql://%s:%d/%s".formatted(r.cluster().host(), r.cluster().port(), name);
  }
}
