package dev.baton.testkit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.testkit.Poll;
import dev.baton.testkit.pg.LocalPgPair;
import dev.baton.testkit.pg.PgBinaries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A primary inside a network namespace, cut off by taking a link down while its process runs. */
class NetNamespaceTest {

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void cuttingTheClusterLinkIsolatesThePrimaryFromItsStandbyButNotFromItsOwnClients()
      throws Exception {
    try (NetNamespace ns = NetNamespace.create("nstest")) {
      NetNamespace.Link cluster = ns.link();
      NetNamespace.Link clients = ns.link();
      try (LocalPgPair pair =
          LocalPgPair.startWithPrimaryIn(
              PgBinaries.zonky158(), LocalPgPair.Options.defaults(), ns, cluster, clients)) {
        int port = pair.pgA().port();
        assertEquals(cluster.nsAddress(), pair.pgA().host());
        assertEquals("streaming", pair.pgB().sql("SELECT status FROM pg_stat_wal_receiver"));

        cluster.cut();
        assertFalse(reachable(cluster.nsAddress(), port), "the cut link still carries traffic");
        String url = "jdbc:postgresql://" + clients.nsAddress() + ":" + port + "/postgres";
        try (var c = DriverManager.getConnection(url, "postgres", "")) {
          assertTrue(c.createStatement().executeQuery("SELECT 1").next());
        }
        assertTrue(pair.pgA().isRunning(), "isolating must not touch the process");

        cluster.restore();
        Poll.until(
            Duration.ofSeconds(20),
            "pg-b streaming again after the link came back",
            () -> "streaming".equals(pair.pgB().sql("SELECT status FROM pg_stat_wal_receiver")));
        assertTrue(reachable(cluster.nsAddress(), port));
      }
    }
  }

  @Test
  void aPortLedBackThroughTheNamespaceCarriesConnectionsUntilItDropsEveryPacket() throws Exception {
    try (NetNamespace ns = NetNamespace.create("lossy");
        ServerSocket server = new ServerSocket()) {
      NetNamespace.Link link = ns.link();
      server.bind(new InetSocketAddress(link.hostAddress(), 0));
      int port = server.getLocalPort();

      link.leadBack(port, port);
      assertTrue(reachable(link.nsAddress(), port), "the server through the namespace");

      link.dropRandomly(100);
      assertFalse(reachable(link.nsAddress(), port), "a link that drops every packet");
    }
  }
}
