package dev.baton.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.plan.Verb;
import dev.baton.topology.BadInputException;
import dev.baton.topology.InputError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PackLoaderTest {

  static final Path PACKS = Path.of("../packs");

  private static final String GOOD =
      """
      pack: demo
      vars:
        database: Registry
      kinds:
        web:
          services: [A, B]
          verbs:
            stop:
              source: seed 000
              run: Stop-Service -Name {services}
          probes:
            version:
              run: (Get-Item -LiteralPath 'x').VersionInfo.ProductVersion
              parse: '(\\d+(?:\\.\\d+)+)'
      """;

  @Test
  void everyPackInThePacksDirectoryLoads() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(PACKS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(
        List.of(
            "ccmp.yaml",
            "connected-backup.yaml",
            "copy-services-manager.yaml",
            "entsso.yaml",
            "xosoft-bes.yaml"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    for (Path f : files) {
      Pack p = PackLoader.load(f);
      assertEquals(f.getFileName().toString().replace(".yaml", ""), p.name(), f.toString());
      assertTrue(!p.kinds().isEmpty(), f + " declares component kinds");
    }
  }

  @Test
  void theKindsOthersWriteTopologiesForAreAllCovered() throws Exception {
    assertEquals(
        java.util.Set.of("data-center"),
        PackLoader.load(PACKS.resolve("connected-backup.yaml")).kinds().keySet());
    assertEquals(
        java.util.Set.of("csm-server"),
        PackLoader.load(PACKS.resolve("copy-services-manager.yaml")).kinds().keySet());
    assertEquals(
        java.util.Set.of("ccmp-portal-db", "ccmp-db-server", "ccmp-web"),
        PackLoader.load(PACKS.resolve("ccmp.yaml")).kinds().keySet());
    assertEquals(
        java.util.Set.of(
            "entsso-mss",
            "cluster-resource",
            "biztalk-host",
            "rule-engine",
            "sso-slave",
            "sql-agent-jobs",
            "sso-db",
            "biztalk-dbs"),
        PackLoader.load(PACKS.resolve("entsso.yaml")).kinds().keySet());
  }

  @Test
  void aGoodPackKeepsServicesInStartOrder() throws Exception {
    Pack p = PackLoader.parse(GOOD, "demo.yaml");
    assertEquals(List.of("A", "B"), p.kind("web").servicesFor(null).orElseThrow());
    assertEquals("seed 000", p.kind("web").verbs().get(Verb.STOP).source());
  }

  @Test
  void anUnknownKeyIsRefusedAtItsLineAndColumn() {
    InputError e =
        only(GOOD.replace("    services: [A, B]", "    services: [A, B]\n    colour: blue"));
    assertEquals(
        "demo.yaml:7:5: kinds.web: unknown key 'colour'; allowed keys: services, vars, verbs, probes",
        e.toString());
  }

  @Test
  void anUnknownVerbIsRefused() {
    InputError e = only(GOOD.replace("      stop:", "      halt:"));
    assertEquals(8, e.line());
    assertEquals(7, e.column());
    assertTrue(e.message().startsWith("unknown key 'halt' in the verbs of kind web;"), e.message());
  }

  @Test
  void aDeclaredVerbWithoutACommandIsRefused() {
    InputError e = only(GOOD.replace("        run: Stop-Service -Name {services}\n", ""));
    assertEquals(
        "demo.yaml:8:7: kinds.web.verbs.stop: required property 'run' is missing: one command, or a"
            + " list run in order",
        e.toString());
  }

  @Test
  void anUnknownPlaceholderIsRefusedWithWhatIsKnown() {
    InputError e = only(GOOD.replace("{services}", "{var:databse}"));
    assertEquals(10, e.line());
    assertEquals(14, e.column());
    assertTrue(
        e.message()
            .startsWith("verb stop: unknown placeholder {var:databse}; known here: {component}"),
        e.message());
    assertTrue(e.message().contains("{var:database}"), e.message());
  }

  @Test
  void aParameterOfAnotherVerbIsAnUnknownPlaceholder() {
    InputError e = only(GOOD.replace("{services}", "{param:label}"));
    assertTrue(e.message().contains("unknown placeholder {param:label}"), e.message());
  }

  @Test
  void anUndeclaredSqlStatementIsAnUnknownPlaceholder() {
    InputError e = only(GOOD.replace("{services}", "{sql:nothing}"));
    assertEquals(
        "demo.yaml:10:14: verb stop: unknown placeholder {sql:nothing}; the pack declares sql []",
        e.toString());
  }

  @Test
  void aDoubleQuoteInACommandIsRefused() {
    InputError e = only(GOOD.replace("Stop-Service -Name {services}", "Stop-Service -Name \"x\""));
    assertTrue(e.message().contains("may not contain a double quote"), e.message());
  }

  @Test
  void aRepeatedKeyIsRefusedAtTheSecondOne() {
    InputError e = only(GOOD.replace("pack: demo\n", "pack: demo\npack: again\n"));
    assertEquals(
        "demo.yaml:2:1: key 'pack' appears twice in the same mapping (first at 1:1)", e.toString());
  }

  @Test
  void aProbeWhosePatternCapturesNothingIsRefused() {
    InputError e = only(GOOD.replace("'(\\d+(?:\\.\\d+)+)'", "'\\d+'"));
    assertEquals(
        "demo.yaml:14:16: probe version parse must capture the value in a group ( )", e.toString());
  }

  @Test
  void aYamlSyntaxErrorIsPlaced() {
    InputError e = only("pack: demo\nkinds:\n  web: [a\n");
    assertEquals("demo.yaml", e.file());
    assertTrue(e.line() >= 3, e.toString());
    assertTrue(e.message().startsWith("YAML syntax error"), e.message());
  }

  @Test
  void everyProblemIsReportedAtOnceInFileOrder() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                PackLoader.parse(
                    GOOD.replace("{services}", "{nope}").replace("    services:", "    service:"),
                    "demo.yaml"));
    assertEquals(2, e.errors().size(), e.getMessage());
    assertTrue(e.errors().get(0).line() < e.errors().get(1).line());
  }

  @Test
  void aTimeoutThatIsNotAWholeNumberIsRefusedByTheSchemaAtItsValue() {
    InputError e =
        only(
            GOOD.replace(
                "        run: Stop-Service",
                "        timeoutSeconds: soon\n        run: Stop-Service"));
    assertEquals(
        "demo.yaml:10:25: kinds.web.verbs.stop.timeoutSeconds: expected a whole number, got 'soon'",
        e.toString());
  }

  @Test
  void aProbeWithoutAPatternIsRefusedAtItsKeyWithWhatToWrite() {
    InputError e = only(GOOD.replace("        parse: '(\\d+(?:\\.\\d+)+)'\n", ""));
    assertEquals(
        "demo.yaml:12:7: kinds.web.probes.version: required property 'parse' is missing: a pattern"
            + " for its output: group 1, or the named groups, hold the value",
        e.toString());
  }

  @Test
  void anAliasIsRefusedAsInATopology() {
    InputError e = only(GOOD.replace("database: Registry", "database: &db Registry\n  other: *db"));
    assertEquals(
        "demo.yaml:4:10: YAML aliases (*name) are not supported in a pack; write the value out",
        e.toString());
  }

  @Test
  void anUnknownTopLevelKeyNamesTheKeysAPackMayHave() {
    InputError e = only("pack: demo\nverbs: {}\n");
    assertEquals(
        "demo.yaml:2:1: unknown key 'verbs'; allowed keys: pack, product, seed, timeoutSeconds,"
            + " vars, sql, kinds, replication, redirect, nodes, terms, cluster",
        e.toString());
  }

  private static InputError only(String text) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> PackLoader.parse(text, "demo.yaml"));
    assertEquals(1, e.errors().size(), e.getMessage());
    return e.errors().get(0);
  }
}
