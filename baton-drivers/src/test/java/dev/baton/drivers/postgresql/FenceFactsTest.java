package dev.baton.drivers.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.baton.drivers.transport.Command;
import dev.baton.drivers.transport.CommandResult;
import dev.baton.drivers.transport.Transport;
import dev.baton.engine.DriverException;
import dev.baton.facts.Facts;
import dev.baton.facts.Property;
import dev.baton.model.Topology;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server on a node Baton cannot reach is seen through its fence agent's {@code status}, asked at
 * most once per {@link PostgresDriver#FENCE_ANSWER_FOR} however often a watch observes.
 */
class FenceFactsTest {

  @TempDir Path dir;

  /** A node whose every request fails, as a cut link's would. */
  private static final Transport CUT =
      new Transport() {
        @Override
        public CommandResult run(Command command) throws DriverException {
          throw new DriverException("cannot connect to node node-b: Connection timed out", "");
        }

        @Override
        public Optional<String> readFile(String path) throws DriverException {
          throw new DriverException("cannot connect to node node-b: Connection timed out", "");
        }

        @Override
        public InetSocketAddress reach(String host, int port) throws DriverException {
          throw new DriverException("cannot connect to node node-b: Connection timed out", "");
        }
      };

  private Path agent(String answer) throws Exception {
    Path a = dir.resolve("fence_count");
    Files.writeString(
        a,
        "#!/bin/sh\ncat >/dev/null\necho x >> \""
            + dir.resolve("calls")
            + "\"\necho \"Status: "
            + answer
            + "\"\nexit "
            + ("OFF".equals(answer) ? 2 : 0)
            + "\n");
    Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwx------"));
    return a;
  }

  private long calls() throws Exception {
    Path c = dir.resolve("calls");
    return Files.exists(c) ? Files.readAllLines(c).size() : 0;
  }

  @Test
  void anUnreachableServerWithAnAgentIsAsOffAsItsAgentSaysAskedOncePerWindow() throws Exception {
    Topology t = PgTopologies.pair("fenceAgent: " + agent("OFF"));
    try (PostgresDriver d = new PostgresDriver(n -> CUT, Clock.systemUTC())) {
      Facts first = d.observe(t, List.of());
      Facts second = d.observe(t, List.of());

      assertEquals("off", first.property(Property.FENCE.of("pg-b")).orElseThrow());
      assertEquals("off", second.property(Property.FENCE.of("pg-b")).orElseThrow());
      assertEquals(1, calls(), "the second observation used the agent's answer");
      assertEquals(Optional.empty(), first.property(Property.FENCE.of("pg-a")), "no agent");
    }
  }

  @Test
  void withoutAnAgentNothingIsSaidAboutTheFence() throws Exception {
    Topology t = PgTopologies.pair("");
    try (PostgresDriver d = new PostgresDriver(n -> CUT, Clock.systemUTC())) {
      Facts f = d.observe(t, List.of());

      assertEquals(Optional.empty(), f.property(Property.FENCE.of("pg-b")));
      assertEquals(Optional.of(false), f.reachable("node-b"));
    }
  }
}
