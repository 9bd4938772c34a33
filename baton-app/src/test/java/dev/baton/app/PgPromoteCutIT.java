package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.app.wiring.Drivers;
import dev.baton.app.wiring.Home;
import dev.baton.engine.ActionResult;
import dev.baton.engine.Driver;
import dev.baton.engine.OutcomeUnknownException;
import dev.baton.model.Topology;
import dev.baton.plan.Action;
import dev.baton.plan.Verb;
import dev.baton.testkit.net.CutRelay;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.topology.TopologyLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection to the standby that breaks as {@code pg_promote} is sent (a relay resets it on that
 * statement): the promote looks again on a new connection. Promoted, the action is done; not
 * promoted, its outcome is unknown, never a plain failure that a pooler's rollback would take for
 * "not promoted" while the standby may still be promoting.
 */
class PgPromoteCutIT {

  @TempDir Path home;
  private LocalPgPair pair;

  @BeforeEach
  void startPairAndStopThePrimary() {
    pair = LocalPgPair.start();
    pair.pgA().stop();
  }

  @AfterEach
  void stopPair() {
    pair.close();
  }

  @Test
  void aPromoteWhoseConnectionBreaksAfterTheServerGotItIsDone() throws Exception {
    try (CutRelay relay = relayToB(CutRelay.Cut.AFTER_PASSING_IT_ON);
        Driver d = driver(relay)) {
      ActionResult r = d.act(topology(relay), promoteB(), "cut/promote");

      assertTrue(relay.hasCut(), "the relay cut the connection that sent pg_promote");
      assertTrue(
          r.summary().startsWith("pg-b promoted to primary (the connection broke"), r.summary());
      assertEquals("f", pair.pgB().sql("select pg_is_in_recovery()"));
    }
  }

  @Test
  void aPromoteThatNeverReachedTheServerIsOfUnknownOutcome() throws Exception {
    try (CutRelay relay = relayToB(CutRelay.Cut.BEFORE_PASSING_IT_ON);
        Driver d = driver(relay)) {
      OutcomeUnknownException e =
          assertThrows(
              OutcomeUnknownException.class, () -> d.act(topology(relay), promoteB(), "cut/p"));

      assertTrue(relay.hasCut());
      assertTrue(
          e.getMessage().startsWith("lost the connection to pg-b while promoting it ("),
          e.getMessage());
      assertTrue(e.getMessage().endsWith("); it may have been promoted"), e.getMessage());
      assertEquals("t", pair.pgB().sql("select pg_is_in_recovery()"), "pg-b was not promoted");
    }
  }

  private static Action promoteB() {
    return Action.once(Verb.PROMOTE, "pg-b", Map.of());
  }

  private CutRelay relayToB(CutRelay.Cut cut) throws Exception {
    return CutRelay.start(
        new InetSocketAddress(pair.pgB().host(), pair.pgB().port()), "pg_promote", cut);
  }

  /** The pair's topology with pg-b reached through the relay. */
  private Topology topology(CutRelay relay) throws Exception {
    String yaml =
        pair.topologyYaml()
            .replace("port: \"" + pair.pgB().port() + "\"", "port: \"" + relay.port() + "\"");
    assertTrue(yaml.contains("port: \"" + relay.port() + "\""), yaml);
    return TopologyLoader.load(Files.writeString(home.resolve("cut.yaml"), yaml)).topology();
  }

  private Driver driver(CutRelay relay) throws Exception {
    return Drivers.forTopology(topology(relay), new Home(home));
  }
}
