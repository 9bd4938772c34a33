package dev.baton.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.app.Cli;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo jar's command line: the product's commands plus {@code demo} and {@code bench}. */
class DemoCliTest {

  @TempDir Path home;

  private static Cli.Result demoJar(String... args) {
    return Cli.inProcess(DemoMain.subcommands(), args);
  }

  private static boolean lists(String help, String command) {
    return Pattern.compile("(?m)^  " + Pattern.quote(command) + " ").matcher(help).find();
  }

  @Test
  void benchEnginePrintsItsFiguresAsJson() throws Exception {
    Cli.Result r =
        demoJar(
            "bench",
            "engine",
            "--steps",
            "5",
            "--nodes",
            "10",
            "--runs",
            "1",
            "--home",
            home.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(j.get("perStepMsMedian").asDouble() > 0, r.out());
    assertTrue(j.get("planValidateMsMedian").asDouble() > 0, r.out());
    assertEquals(10, j.get("topologyNodes").asInt());
  }

  @Test
  void demoAndBenchHaveAnExampleInTheirHelp() {
    for (String c : new String[] {"demo", "bench"}) {
      Cli.Result r = demoJar(c, "--help");
      assertEquals(0, r.code(), c + ": " + r);
      assertTrue(r.out().contains("Example"), c + " help has no example:\n" + r.out());
    }
  }

  @Test
  void theDemoJarListsDemoAndBenchBesideTheProductCommandsAndTheProductDoesNot() {
    Cli.Result demo = demoJar("--help");
    assertEquals(0, demo.code(), demo.toString());
    for (String c : new String[] {"validate", "apply", "watch", "demo", "bench"}) {
      assertTrue(lists(demo.out(), c), c + " missing from the demo jar's help:\n" + demo.out());
    }
    Cli.Result product = Cli.inProcess("--help");
    assertEquals(0, product.code(), product.toString());
    assertTrue(lists(product.out(), "apply"), product.out());
    assertFalse(lists(product.out(), "demo"), product.out());
    assertFalse(lists(product.out(), "bench"), product.out());
  }

  @Test
  void theDemoJarWithNoCommandPrintsTheUsageThatListsItsOwnCommands() {
    Cli.Result r = demoJar();
    assertEquals(0, r.code(), r.toString());
    assertTrue(lists(r.out(), "demo") && lists(r.out(), "bench"), r.out());
  }

  @Test
  void aBadBenchArgumentIsBadInputAsInTheProduct() {
    Cli.Result r = demoJar("bench", "engine", "--runs", "0", "--home", home.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().startsWith("baton: --steps and --runs must be at least 1"), r.err());
  }
}
