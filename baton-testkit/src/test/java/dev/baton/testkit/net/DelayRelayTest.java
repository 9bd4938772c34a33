package dev.baton.testkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The delaying relay adds its delay each way and passes the bytes through unchanged. */
class DelayRelayTest {

  /** An echo server on loopback that serves one connection. */
  private static ServerSocket echo(ExecutorService pool) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    pool.execute(
        () -> {
          try (Socket s = server.accept()) {
            s.getInputStream().transferTo(s.getOutputStream());
          } catch (IOException e) {
            // the test closed it
          }
        });
    return server;
  }

  private static byte[] readN(InputStream in, int n) throws IOException {
    byte[] got = in.readNBytes(n);
    assertEquals(n, got.length, "the relay ended the stream early");
    return got;
  }

  @Test
  void aRoundTripTakesTwiceTheDelayAndKeepsTheBytes() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ServerSocket server = echo(pool);
        DelayRelay relay =
            DelayRelay.start(
                new InetSocketAddress("127.0.0.1", server.getLocalPort()), Duration.ofMillis(100));
        Socket client = new Socket("127.0.0.1", relay.port())) {
      client.setSoTimeout(10_000);
      byte[] sent = "hello through a slow link".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      long t0 = System.nanoTime();
      client.getOutputStream().write(sent);
      byte[] back = readN(client.getInputStream(), sent.length);
      long ms = (System.nanoTime() - t0) / 1_000_000;

      assertArrayEquals(sent, back);
      assertTrue(ms >= 200, "a round trip took " + ms + " ms, less than 2 x 100 ms");
      assertEquals(1, relay.served());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClosedRelayRefusesConnections() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (ServerSocket server = echo(pool)) {
      DelayRelay relay =
          DelayRelay.start(
              new InetSocketAddress("127.0.0.1", server.getLocalPort()), Duration.ofMillis(10));
      int port = relay.port();
      relay.close();
      assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
    } finally {
      pool.shutdownNow();
    }
  }
}
