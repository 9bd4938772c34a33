package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pack is input like a topology: {@code validate} checks it and how it fits the topology, and
 * {@code plan} refuses a broken one, each at its file:line:column with exit 2. A pack name can
 * never reach outside the packs folder.
 */
class PackInputCliTest {

  @TempDir Path dir;
  private Path packs;
  private Path topology;

  @BeforeEach
  void copyPacksAndExample() throws Exception {
    packs = dir.resolve("packs");
    Files.createDirectories(packs);
    try (Stream<Path> files = Files.list(Path.of("..", "packs"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.copy(
            p, packs.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    topology = dir.resolve("csm-pair.yaml");
    Files.copy(
        Path.of("..", "examples", "csm-pair.yaml"),
        topology,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.setProperty("baton.packs", packs.toString());
  }

  @AfterEach
  void forgetPacks() {
    System.clearProperty("baton.packs");
  }

  private Cli.Result run(String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--home", dir.resolve("home").toString()))
            .toArray(String[]::new);
    return Cli.inProcess(all);
  }

  private void breakPack(String from, String to) throws Exception {
    Path file = packs.resolve("copy-services-manager.yaml");
    String text = Files.readString(file);
    assertTrue(text.contains(from), "the pack no longer contains: " + from);
    Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), to));
  }

  @Test
  void theShippedPackValidatesWithItsExample() {
    Cli.Result r = run("validate", topology.toString());
    assertEquals(0, r.code(), r.toString());
  }

  @Test
  void everyBrokenPackIsRefusedByValidateAndPlanAtItsPosition() throws Exception {
    Map<String, String[]> cases = new LinkedHashMap<>();
    cases.put("unknown secret", new String[] {"{secret:csm-admin-password}", "{secret:nope}"});
    cases.put("unclosed placeholder", new String[] {"-username {var:csmUser}", "-username {var"});
    cases.put("services not a list", new String[] {"services: [IBMCSM]", "services: 42"});
    cases.put("renamed kind", new String[] {"  csm-server:", "  csm-serv:"});
    cases.put("name differs from file", new String[] {"pack: copy-services-manager", "pack: csm"});
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      copyPacksAndExample();
      breakPack(c.getValue()[0], c.getValue()[1]);
      for (String command : new String[] {"validate", "plan"}) {
        Cli.Result r =
            command.equals("validate")
                ? run("validate", topology.toString())
                : run("plan", topology.toString(), "--strategy", "takeover", "--to", "6.3.1");
        assertEquals(2, r.code(), c.getKey() + ", " + command + ": " + r);
        assertTrue(
            r.err().lines().anyMatch(l -> l.matches(".*\\.yaml:\\d+:\\d+: .*")),
            c.getKey() + ", " + command + ": file:line:column expected: " + r);
        assertFalse(r.err().contains("Exception"), r.toString());
      }
    }
  }

  @Test
  void aPackNameThatWouldLeaveThePacksFolderIsRefused() throws Exception {
    for (String name : new String[] {"../../somewhere/x", "/etc/passwd", "a/b", ".."}) {
      String text = Files.readString(topology);
      Files.writeString(
          topology, text.replaceFirst("pack: copy-services-manager", "pack: '" + name + "'"));
      Cli.Result r = run("validate", topology.toString());
      assertEquals(2, r.code(), name + ": " + r);
      assertTrue(r.err().contains("csm-pair.yaml:9:7: pack: expected"), name + ": " + r);
      Files.copy(
          Path.of("..", "examples", "csm-pair.yaml"),
          topology,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
