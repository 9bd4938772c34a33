package dev.baton.app.watch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;

/** The active's database port accepts a TCP connection (the seed's ping, one layer up). */
public record TcpCheck(String component, String host, int port, Duration timeout)
    implements AliveCheck {

  @Override
  public String label() {
    return "tcp " + host + ":" + port + " of " + component;
  }

  @Override
  public Optional<String> failure(Sight sight) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(label() + ": " + String.valueOf(e.getMessage()));
    }
  }
}
