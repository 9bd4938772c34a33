package dev.baton.demo.bench;

import dev.baton.testkit.haproxy.LocalHaproxy;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pgbouncer.LocalPgBouncer;
import java.util.List;
import java.util.Locale;

/**
 * How the workload client reaches a local pair, and so how its entry point moves in a switchover:
 * straight to whichever server is primary (pgjdbc's multi-host URL), through PgBouncer (held while
 * the role changes), or through HAProxy (its backend switched).
 */
public enum Via {
  DIRECT {
    @Override
    public Front start(LocalPgPair pair) {
      return new Front(pair.topologyYaml(), pair.multiHostUrl(), List.of());
    }
  },
  PGBOUNCER {
    @Override
    public Front start(LocalPgPair pair) {
      LocalPgBouncer b = LocalPgBouncer.start(pair);
      return new Front(b.topology(pair.topologyYaml(), "node-a"), b.clientUrl(), List.of(b));
    }
  },
  HAPROXY {
    @Override
    public Front start(LocalPgPair pair) throws Exception {
      LocalHaproxy lb =
          LocalHaproxy.start(
              "pg",
              List.of(
                  new LocalHaproxy.Server("a", "127.0.0.1", pair.pgA().port()),
                  new LocalHaproxy.Server("b", "127.0.0.1", pair.pgB().port())));
      String topology =
          pair.topologyYaml()
              .replace(
                  "    redirection: none\n",
                  "    redirection: load-balancer\n    properties:\n      socket: \""
                      + lb.socket()
                      + "\"\n      backend: pg\n      server.pg-a: a\n      server.pg-b: b\n");
      String url =
          "jdbc:postgresql://127.0.0.1:"
              + lb.frontendPort()
              + "/postgres?user=postgres&connectTimeout=2&socketTimeout=5&loginTimeout=3";
      return new Front(topology, url, List.of(lb));
    }
  };

  /** The topology with this entry point, the client's URL, and what to stop afterwards. */
  public record Front(String topology, String clientUrl, List<AutoCloseable> closers) {}

  /** Starts whatever stands between the client and {@code pair}. */
  public abstract Front start(LocalPgPair pair) throws Exception;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Via parse(String s) {
    for (Via v : values()) {
      if (v.label().equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("--via must be direct, pgbouncer or haproxy, not " + s);
  }
}
