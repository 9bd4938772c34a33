package dev.baton.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret's value written into fields that are not secret (a node name, a host, a property) never
 * comes out: validate warns where it is without showing it, plan prints it masked, ids and names
 * included, and apply refuses before anything is journaled.
 */
class SecretInFieldCliTest {

  private static final String VALUE = "Tr0ub4dor-and-3";

  @TempDir Path dir;

  private Path topology() throws Exception {
    Path secret = dir.resolve("csm-password");
    Files.writeString(secret, VALUE);
    String text = Files.readString(Path.of("..", "examples", "takeover-sim.yaml"));
    text =
        text.replace("ref: env:CSM_ADMIN_PASSWORD", "ref: file:" + secret)
            .replace("csm-b-server", VALUE)
            .replace(
                "    role: standby",
                "    role: standby\n    properties: {mediaDir: " + VALUE + "}");
    Path t = dir.resolve("t.yaml");
    Files.writeString(t, text);
    return t;
  }

  private Cli.Result run(String... args) {
    return Cli.inProcess(
        Stream.concat(Stream.of(args), Stream.of("--home", dir.resolve("home").toString()))
            .toArray(String[]::new));
  }

  @Test
  void theValueNeverLeavesItsBox() throws Exception {
    Path t = topology();

    Cli.Result validate = run("validate", t.toString());
    assertEquals(0, validate.code(), validate.toString());
    assertTrue(
        validate.err().contains("components[1].name holds the value of secret csm-admin-password"),
        validate.toString());
    assertTrue(validate.err().contains("components[1].properties.mediaDir holds the value"));

    Cli.Result plan = run("plan", t.toString(), "--strategy", "takeover", "--to", "2.0");
    assertEquals(0, plan.code(), plan.toString());
    assertTrue(plan.out().contains("***"), "the component's name is printed masked: " + plan);

    Cli.Result apply = run("apply", t.toString(), "--strategy", "takeover", "--to", "2.0", "--yes");
    assertEquals(2, apply.code(), apply.toString());
    assertTrue(apply.err().contains("refusing to run it"), apply.toString());

    for (Cli.Result r : new Cli.Result[] {validate, plan, apply}) {
      assertFalse((r.out() + r.err()).contains(VALUE), "the value was printed: " + r);
    }
    Path home = dir.resolve("home");
    if (Files.exists(home)) {
      try (Stream<Path> files = Files.walk(home)) {
        // home/sim holds the simulated system itself (what real hosts would hold), not Baton's own
        // records; everything else under the home is Baton's.
        for (Path f :
            files
                .filter(Files::isRegularFile)
                .filter(f -> !f.startsWith(home.resolve("sim")))
                .toList()) {
          String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
          assertFalse(bytes.contains(VALUE), "the value was stored in " + f);
        }
      }
    }
  }
}
