package dev.baton.testkit.pg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

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
}
