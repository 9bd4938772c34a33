package dev.baton.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetLoaderTest {

  @TempDir Path dir;

  @BeforeEach
  void twelveSystems() throws Exception {
    Files.createDirectories(dir.resolve("systems"));
    for (int i = 1; i <= 12; i++) {
      Files.writeString(
          dir.resolve("systems/s%02d.yaml".formatted(i)), topology("s%02d".formatted(i)));
    }
    Files.writeString(dir.resolve("dr-a.yaml"), topology("dr-a"));
    Files.writeString(dir.resolve("dr-b.yaml"), topology("dr-b"));
  }

  static String topology(String system) {
    return """
        system: %s
        driver: sim
        roleModel: active-standby
        sides:
          - name: A
        nodes:
          - name: n1
            side: A
        components:
          - name: db
            node: n1
            kind: database
            version: "1.0"
            order: 1
        """
        .formatted(system);
  }

  @Test
  void aFleetOfAGlobAndTwoFilesGetsItsWavesWindowsAndLimits() throws Exception {
    Fleet fleet =
        load(
            """
            fleet: q3
            systems:
              - topology: systems/*.yaml
                strategy: full-stop
                to: "2.0"
                site: paris
                tags: [db]
              - topology: dr-a.yaml
                strategy: full-stop
                to: "2.0"
                window: nights
              - topology: dr-b.yaml
                strategy: full-stop
                to: "2.0"
                window: nights
            windows:
              nights: {days: [sat, sun], from: "22:00", to: "04:00", zone: Europe/Paris}
            rollout:
              waves: [1, "10%", rest]
              concurrency: 5
              perSite: 3
              failureBudget: 2
              yes: true
            limits:
              - {tag: db, max: 2}
              - {name: dr-pair, systems: [dr-a, dr-b], max: 1}
            """);

    assertEquals(14, fleet.members().size());
    assertEquals("s01", fleet.members().get(0).system());
    assertEquals(
        List.of(0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2),
        fleet.members().stream().map(FleetMember::wave).toList(),
        "a canary, then 10% of 14 rounded up, then the rest");
    assertEquals(3, fleet.waves());
    assertEquals(
        List.of("the fleet", "site paris", "tag db", "dr-pair"),
        fleet.limits().stream().map(Limit::name).toList());
    assertEquals(12, fleet.limits().get(2).systems().size());
    assertEquals(
        "nights (sat, sun 22:00-04:00 Europe/Paris)", fleet.members().get(12).window().describe());
    assertEquals(2, fleet.rollout().failureBudget());
  }

  @Test
  void everyMistakeIsReportedAtItsLineAndColumn() throws Exception {
    var e =
        assertThrows(
            BadInputException.class,
            () ->
                load(
                    """
                    fleet: q3
                    systems:
                      - topology: nowhere/*.yaml
                        strategy: full-stop
                      - topology: dr-a.yaml
                        strategy: teleport
                        window: weekends
                    rollout:
                      waves: [rest, 1]
                    limits:
                      - {tag: web, max: 2}
                    """));

    assertEquals(
        List.of(
            "3:15 'nowhere/*.yaml' matches no file: there is no folder " + dir.resolve("nowhere"),
            "6:15 unknown strategy 'teleport'; known:",
            "7:13 no window named 'weekends'; windows: none declared",
            "9:11 'rest' takes every system left, so it must be the last wave",
            "11:11 no system of the fleet has the tag 'web'"),
        e.errors().stream().map(FleetLoaderTest::brief).toList());
  }

  @Test
  void anUnknownKeyIsRefusedByTheSchema() throws Exception {
    var e =
        assertThrows(
            BadInputException.class,
            () ->
                load(
                    """
                    fleet: q3
                    systems:
                      - topology: dr-a.yaml
                        strategy: full-stop
                    rollout:
                      waves: [1]
                      maxFailures: 3
                    """));
    assertEquals(1, e.errors().size(), e.errors().toString());
    assertEquals(7, e.errors().get(0).line());
    assertEquals(3, e.errors().get(0).column());
  }

  @Test
  void anOptionTheStrategyDoesNotDeclareOrAValueItDoesNotTakeIsRefusedAsSetWouldBe()
      throws Exception {
    var e =
        assertThrows(
            BadInputException.class,
            () ->
                load(
                    """
                    fleet: q3
                    systems:
                      - topology: dr-a.yaml
                        strategy: full-stop
                        set: {nonsense: "1"}
                      - topology: dr-b.yaml
                        strategy: primary-first
                        set: {minSourceVersion: "not a version"}
                    rollout:
                      waves: [1, rest]
                    """));
    assertEquals(
        List.of(
            "5:21 strategy full-stop takes no options",
            "8:29 expected a version such as 15.8 (the lowest version a side may be upgraded"
                + " from)"),
        e.errors().stream().map(FleetLoaderTest::brief).toList());
  }

  @Test
  void aBrokenTopologyIsReportedInItsOwnFile() throws Exception {
    Files.writeString(dir.resolve("dr-a.yaml"), "system: dr-a\ndriver: sim\n");
    var e =
        assertThrows(
            BadInputException.class,
            () ->
                load(
                    """
                    fleet: q3
                    systems:
                      - topology: dr-a.yaml
                        strategy: full-stop
                    rollout:
                      waves: [1]
                    """));
    assertEquals(true, e.errors().get(0).file().endsWith("dr-a.yaml"), e.errors().toString());
  }

  private Fleet load(String text) throws Exception {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, text);
    return FleetLoader.load(file);
  }

  /** {@code line:column} and the message's first words, so a list of them reads as a diff. */
  private static String brief(InputError e) {
    String m = e.message();
    String head = m.startsWith("unknown strategy") ? m.substring(0, m.indexOf("known:") + 6) : m;
    return e.line() + ":" + e.column() + " " + head;
  }
}
