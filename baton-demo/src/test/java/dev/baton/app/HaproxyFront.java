package dev.baton.app;

import dev.baton.testkit.haproxy.LocalHaproxy;
import dev.baton.testkit.pg.LocalPgPair;
import java.util.List;

/** HAProxy in front of a local pair: backend pg, server a for pg-a, b for pg-b, a ready first. */
final class HaproxyFront {
  private HaproxyFront() {}

  /** Starts HAProxy for {@code pair}; closes the pair if HAProxy cannot start. */
  static LocalHaproxy start(LocalPgPair pair) throws Exception {
    try {
      return LocalHaproxy.start(
          "pg",
          List.of(
              new LocalHaproxy.Server("a", "127.0.0.1", pair.pgA().port()),
              new LocalHaproxy.Server("b", "127.0.0.1", pair.pgB().port())));
    } catch (Exception e) {
      pair.close();
      throw e;
    }
  }

  /** The topology with its entry point moved by HAProxy instead of followed by clients. */
  static String topology(String topology, LocalHaproxy lb) {
    return topology.replace(
        "    redirection: none\n",
        "    redirection: load-balancer\n    properties:\n      socket: \""
            + lb.socket()
            + "\"\n"
            + "      backend: pg\n      server.pg-a: a\n      server.pg-b: b\n");
  }

  /** The URL of a client that reaches the database only through HAProxy. */
  static String clientUrl(LocalHaproxy lb) {
    return "jdbc:postgresql://127.0.0.1:"
        + lb.frontendPort()
        + "/postgres?user=postgres&connectTimeout=2&socketTimeout=5&loginTimeout=3";
  }
}
