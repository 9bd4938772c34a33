package dev.baton.testkit.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Picks free TCP ports on the loopback address. */
public final class Ports {

  private Ports() {}

  /**
   * A port that was free a moment ago on 127.0.0.1. Another process may take it before the caller
   * binds it; the kernel hands out ephemeral ports in turn, so that is rare.
   */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /**
   * A port that was free a moment ago on every one of {@code addresses} (e.g. 127.0.10.1 and
   * 127.0.10.2), so that servers on each can share it and a name alone decides which one a client
   * reaches. Tries ports the kernel offers on the first address, a bounded number of times.
   */
  public static int freeOnAll(String... addresses) {
    for (int attempt = 0; attempt < 50; attempt++) {
      List<ServerSocket> held = new ArrayList<>();
      try {
        held.add(new ServerSocket(0, 1, InetAddress.getByName(addresses[0])));
        int port = held.get(0).getLocalPort();
        for (int i = 1; i < addresses.length; i++) {
          held.add(new ServerSocket(port, 1, InetAddress.getByName(addresses[i])));
        }
        return port;
      } catch (IOException e) {
        // Taken on a later address; try another port.
      } finally {
        held.forEach(Ports::closeQuietly);
      }
    }
    throw new IllegalStateException(
        "found no port free on all of " + String.join(", ", addresses) + " in 50 tries");
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing a listening socket that never accepted cannot lose anything.
    }
  }
}
