package dev.baton.demo.bench;

import dev.baton.drivers.ssh.SshSettings;
import dev.baton.testkit.ssh.LocalSshd;
import java.util.Locale;

/**
 * How Baton reaches the pair's nodes: as local processes, or over SSH to the test kit's sshd on
 * loopback (logging in as root, running PostgreSQL's tools as postgres), so that every command is a
 * remote round trip.
 */
public enum Reach {
  LOCAL,
  SSH;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Reach parse(String s) {
    for (Reach r : values()) {
      if (r.label().equals(s)) {
        return r;
      }
    }
    throw new IllegalArgumentException("--transport must be local or ssh, not " + s);
  }

  /** The topology with its nodes reached over {@code sshd}. */
  static String overSsh(String topology, LocalSshd sshd) {
    return topology.replace(
        "    transport: local\n",
        "    transport: ssh\n    host: 127.0.0.1\n    port: " + sshd.port() + "\n    user: root\n");
  }

  /** Opens the driver of a topology; {@code ssh} is null for local nodes. */
  public interface Drivers {
    dev.baton.engine.Driver open(dev.baton.model.Topology t, SshSettings ssh) throws Exception;
  }
}
