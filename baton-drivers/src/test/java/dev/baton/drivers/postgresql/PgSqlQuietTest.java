package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.drivers.transport.LocalTransport;
import dev.baton.model.Component;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server that does not answer in time (here a socket that accepts and then says nothing, as a
 * frozen postmaster's does) is not asked again for a while, so that the next observations do not
 * each wait the whole timeout; a server that refuses at once is asked again every time.
 */
class PgSqlQuietTest {

  private static PgConfig at(int port) throws Exception {
    Component b = PgTopologies.pair("").requireComponent("pg-b");
    Map<String, String> p = new HashMap<>(b.properties());
    p.put("host", "127.0.0.1");
    p.put("port", Integer.toString(port));
    return PgConfig.of(
        new Component(
            b.name(), b.node(), b.kind(), b.version(), b.roleGroup(), b.declaredRole(), 0, p));
  }

  @Test
  void aServerThatDidNotAnswerInTimeIsNotAskedAgainAtOnce() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        PgSql sql = new PgSql()) {
      PgConfig c = at(silent.getLocalPort());
      LocalTransport t = new LocalTransport();
      long start = System.nanoTime();
      SQLException first = assertThrows(SQLException.class, () -> sql.probe(c, t, "select 1"));
      long firstMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(firstMs >= 900, "the first attempt waited for its timeout: " + firstMs + " ms");
      assertFalse(first.getMessage().contains("not asked again"), first.getMessage());
      long again = System.nanoTime();
      SQLException second = assertThrows(SQLException.class, () -> sql.probe(c, t, "select 1"));
      long secondMs = (System.nanoTime() - again) / 1_000_000;
      assertTrue(second.getMessage().contains("not asked again yet"), second.getMessage());
      assertTrue(
          second.getMessage().contains("no answer at 127.0.0.1:" + silent.getLocalPort()),
          second.getMessage());
      assertTrue(secondMs < 900, "the second did not wait: " + secondMs + " ms");
      // Another driver in this process (a watch's failover opens its own) knows it too.
      try (PgSql other = new PgSql()) {
        SQLException third = assertThrows(SQLException.class, () -> other.probe(c, t, "select 1"));
        assertTrue(third.getMessage().contains("not asked again yet"), third.getMessage());
      }
    }
  }

  @Test
  void aServerThatRefusesAtOnceIsAskedEveryTime() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (PgSql sql = new PgSql()) {
      PgConfig c = at(port);
      LocalTransport t = new LocalTransport();
      assertThrows(SQLException.class, () -> sql.probe(c, t, "select 1"));
      SQLException again = assertThrows(SQLException.class, () -> sql.probe(c, t, "select 1"));
      assertFalse(again.getMessage().contains("not asked again"), again.getMessage());
    }
  }
}
