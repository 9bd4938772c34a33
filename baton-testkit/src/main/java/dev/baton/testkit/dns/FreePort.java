package dev.baton.testkit.dns;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;

/** Picks a port on 127.0.0.1 that is free for both TCP and UDP, as a DNS server needs. */
final class FreePort {

  private static final int ATTEMPTS = 50;

  private FreePort() {}

  /** A port free a moment ago for TCP and UDP; another process may still take it first. */
  static int udpAndTcp() {
    try {
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      for (int i = 0; i < ATTEMPTS; i++) {
        try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
          if (udpFree(loopback, tcp.getLocalPort())) {
            return tcp.getLocalPort();
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot find a free port on 127.0.0.1", e);
    }
    throw new IllegalStateException("no port on 127.0.0.1 was free for both TCP and UDP");
  }

  private static boolean udpFree(InetAddress loopback, int port) {
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
      return true;
    } catch (SocketException e) {
      return false;
    }
  }
}
