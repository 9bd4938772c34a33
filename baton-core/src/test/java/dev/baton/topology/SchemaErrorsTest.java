package dev.baton.topology;

import static dev.baton.topology.Fixtures.errors;
import static dev.baton.topology.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaErrorsTest {

  @Test
  void missingRequiredPropertyIsReportedAtTheObjectThatLacksIt() {
    assertEquals(
        List.of("t.yaml:10:5: nodes[1]: required property 'side' is missing"),
        errors(with("    side: B\n", "")));
  }

  @Test
  void onlyAPgbouncerOfAPostgresqlTopologyGoesWithoutAVersion() throws Exception {
    String noVersion = with("    version: \"15.20\"\n", "");
    assertEquals(
        List.of(
            "t.yaml:19:5: components[1] needs a version (only a pgbouncer of a postgresql"
                + " topology goes without one)"),
        errors(noVersion));
    String gate =
        noVersion
            .replace("driver: sim", "driver: postgresql")
            .replace(
                "    kind: database\n    roleGroup: pg\n    role: replica",
                "    kind: pgbouncer\n    roleGroup: pg\n    role: replica");
    assertEquals(
        null, TopologyLoader.parse(gate, "t.yaml").topology().components().get(1).version());
  }

  @Test
  void missingTopLevelPropertyIsReportedAtTheStart() {
    assertEquals(
        List.of("t.yaml:1:1: required property 'driver' is missing"),
        errors(with("driver: sim\n", "")));
  }

  @Test
  void wrongTypeSaysWhatWasExpectedAndWhatWasFound() {
    assertEquals(
        List.of("t.yaml:10:11: nodes[0].port: expected a whole number, got 'twenty'"),
        errors(with("    side: A\n", "    side: A\n    port: twenty\n")));
  }

  @Test
  void listGivenAsAScalar() {
    String text = with("  - name: A\n  - name: B\n", "").replace("sides:\n", "sides: A\n");
    assertEquals(List.of("t.yaml:4:8: sides: expected a list, got 'A'"), errors(text));
  }

  @Test
  void emptyValueWhereAStringBelongs() {
    assertEquals(
        List.of("t.yaml:10:10: nodes[0].host: expected a string, got nothing"),
        errors(with("    side: A\n", "    side: A\n    host:\n")));
  }

  @Test
  void unquotedBooleanWhereAStringBelongsAsksForQuotes() {
    assertEquals(
        List.of("t.yaml:6:11: sides[1].name: expected a string (quote it), got boolean no"),
        errors(with("  - name: B\n", "  - name: no\n")));
  }

  @Test
  void enumListsTheChoices() {
    assertEquals(
        List.of("t.yaml:10:16: nodes[0].transport: expected one of local, ssh, got 'sssh'"),
        errors(with("    side: A\n", "    side: A\n    transport: sssh\n")));
  }

  @Test
  void unknownKeyIsReportedAtTheKeyWithTheAllowedOnes() {
    assertEquals(
        List.of(
            "t.yaml:10:5: nodes[0]: unknown key 'hots'; allowed keys: name, side, transport, host,"
                + " port, user"),
        errors(with("    side: A\n", "    side: A\n    hots: 10.0.0.1\n")));
  }

  @Test
  void unknownTopLevelKey() {
    assertEquals(
        List.of(
            "t.yaml:37:1: unknown key 'extra'; allowed keys: system, driver, pack, roleModel,"
                + " sides, nodes, components, replication, entryPoints, secrets, sim"),
        errors(Fixtures.BASE + "extra: 1\n"));
  }

  @Test
  void versionGivenAsANumberIsQuotedBackAsWritten() {
    // YAML would read 15.10 as 15.1; the message must show what the operator wrote.
    assertEquals(
        List.of(
            "t.yaml:22:14: components[1].version: expected a string such as \"1.0\" (quote it),"
                + " got number 15.10"),
        errors(with("    version: \"15.20\"\n", "    version: 15.10\n")));
  }

  @Test
  void versionThatIsNotDigitsAndDots() {
    assertEquals(
        List.of(
            "t.yaml:16:14: components[0].version: expected digits separated by dots, e.g. \"1.0\","
                + " got '15.x'"),
        errors(with("    version: \"15.8\"\n", "    version: \"15.x\"\n")));
  }

  @Test
  void versionTheModelCannotHoldIsReportedAtTheVersion() {
    assertEquals(
        List.of(
            "t.yaml:16:14: components[0].version: '1234567890.1' is not a version (expected digits"
                + " separated by dots, e.g. 15.8)"),
        errors(with("    version: \"15.8\"\n", "    version: \"1234567890.1\"\n")));
  }

  @Test
  void systemNameMustBeLowerCase() {
    assertEquals(
        List.of(
            "t.yaml:1:9: system: expected lower-case letters, digits and dashes, e.g. csm-prod,"
                + " got 'Lab_1'"),
        errors(with("system: lab\n", "system: Lab_1\n")));
  }

  @Test
  void emptySideList() {
    String text = with("  - name: A\n  - name: B\n", "").replace("sides:\n", "sides: []\n");
    assertEquals(List.of("t.yaml:4:8: sides: expected at least 1 entry, got none"), errors(text));
  }

  @Test
  void propertiesMustBeQuotedStrings() {
    assertEquals(
        List.of(
            "t.yaml:19:24: components[0].properties.port: expected a string (quote it), got number"
                + " 8443"),
        errors(with("    role: primary\n", "    role: primary\n    properties: {port: 8443}\n")));
  }

  @Test
  void eachSimSectionHasItsShape() {
    assertEquals(
        List.of("t.yaml:38:12: sim.lagBytes: expected a mapping, got nothing"),
        errors(Fixtures.BASE + "sim:\n  lagBytes:\n"));
  }

  @Test
  void valuesUnderSecretsAreNeverQuoted() {
    assertEquals(
        List.of(
            "t.yaml:36:10: secrets[0].ref: expected a string (quote it), got a number (not shown:"
                + " this section names secrets)"),
        errors(with("    ref: env:PG_PASSWORD\n", "    ref: 123456\n")));
  }

  @Test
  void allSchemaErrorsAreReportedSortedByLine() {
    String text =
        with("    side: A\n", "    side: A\n    transport: sssh\n")
            .replace("system: lab\n", "system: Lab\n")
            .replace("    kind: streaming\n", "    kind: stream\n");
    assertEquals(
        List.of(
            "t.yaml:1:9: system: expected lower-case letters, digits and dashes, e.g. csm-prod,"
                + " got 'Lab'",
            "t.yaml:10:16: nodes[0].transport: expected one of local, ssh, got 'sssh'",
            "t.yaml:30:11: replication[0].kind: expected one of streaming, logical, merge, ha, got"
                + " 'stream'"),
        errors(text));
  }

  @Test
  void aMultiLineValueIsQuotedWithItsLineBreaksShownSoTheErrorStaysOneLine() {
    // Found by the CLI fuzzer (seed 20267757): a block scalar was quoted with its line breaks.
    List<String> errors =
        errors(with("roleModel: primary-replica\n", "roleModel: |\n  one\n  two\n"));
    assertEquals(1, errors.size(), errors.toString());
    assertFalse(errors.get(0).contains("\n"), errors.get(0));
    assertTrue(errors.get(0).contains("'one\\ntwo\\n'"), errors.get(0));
  }
}
